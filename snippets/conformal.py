# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Conformal prediction
# The finite-sample conformal quantile, split conformal regression intervals, conformalised
# quantile regression (CQR) with a linear quantile model fitted by subgradient descent on the
# pinball loss, and classification sets with the LAC (1 - p_y) and APS (cumulative mass) scores.
# Used by the note "Conformal Prediction".

# %%
# --8<-- [start:quantile]
import numpy as np


def conformal_quantile(scores: np.ndarray, alpha: float) -> float:
    """The ceil((n + 1)(1 - alpha))-th smallest of n calibration scores (infinity if that rank
    exceeds n). A new exchangeable score falls at or below it with probability >= 1 - alpha."""
    n = len(scores)
    k = int(np.ceil((n + 1) * (1 - alpha)))
    return float(np.inf) if k > n else float(np.partition(scores, k - 1)[k - 1])
# --8<-- [end:quantile]


# %%
# --8<-- [start:regression]
def split_conformal_interval(pred_cal, y_cal, pred_test, alpha: float):
    """Split conformal with the absolute-residual score: prediction +- the conformal quantile."""
    q = conformal_quantile(np.abs(y_cal - pred_cal), alpha)
    return pred_test - q, pred_test + q


def fit_linear_quantile(F: np.ndarray, y: np.ndarray, tau: float, steps: int = 3000, lr: float = 0.5) -> np.ndarray:
    """Linear quantile regression: minimise the mean pinball loss rho_tau(y - F w) by
    subgradient descent with a 1/sqrt(t) step and iterate averaging (the loss is convex)."""
    w = np.zeros(F.shape[1])
    w_avg = np.zeros_like(w)
    for t in range(1, steps + 1):
        u = y - F @ w
        g = -F.T @ (tau - (u < 0)) / len(y)          # subgradient of mean rho_tau(u)
        w -= lr / np.sqrt(t) * g
        w_avg += (w - w_avg) / t
    return w_avg


def pinball_loss(y: np.ndarray, pred: np.ndarray, tau: float) -> float:
    u = y - pred
    return float(np.mean(u * (tau - (u < 0))))


def cqr_interval(lo_cal, hi_cal, y_cal, lo_test, hi_test, alpha: float):
    """Conformalised quantile regression (Romano, Patterson and Candes, 2019): score
    max(lo - y, y - hi) measures how far y falls outside the quantile band (negative inside);
    the band is widened (or narrowed) by the conformal quantile of the scores."""
    q = conformal_quantile(np.maximum(lo_cal - y_cal, y_cal - hi_cal), alpha)
    return lo_test - q, hi_test + q
# --8<-- [end:regression]


# %%
# --8<-- [start:classification]
def lac_scores(probs: np.ndarray, y: np.ndarray) -> np.ndarray:
    """LAC score 1 - p_y (Sadinle, Lei and Wasserman, 2019): smallest average sets."""
    return 1.0 - probs[np.arange(len(y)), y]


def lac_sets(probs: np.ndarray, q: float) -> np.ndarray:
    """Boolean (n, K) membership: every label with 1 - p_k <= q."""
    return 1.0 - probs <= q


def aps_scores(probs: np.ndarray, y: np.ndarray, u: np.ndarray | None = None) -> np.ndarray:
    """APS score (Romano, Sesia and Candes, 2020): the total probability of the labels ranked at
    or above y; randomised by subtracting u * p_y with u ~ U(0, 1) when u is given."""
    p_y = probs[np.arange(len(y)), y]
    above = np.sum(probs * (probs > p_y[:, None]), axis=1)   # mass of labels ranked strictly above y
    return above + p_y * (1.0 if u is None else 1.0 - u)


def aps_sets(probs: np.ndarray, q: float, u: np.ndarray | None = None) -> np.ndarray:
    """Boolean (n, K) membership: every label whose APS score (same u for all labels of a row)
    is at most q. Without u these are the most probable labels whose cumulative mass, counting
    themselves, stays at or below q, so y is in its set exactly when its score is at most q."""
    n, K = probs.shape
    return np.stack([aps_scores(probs, np.full(n, k), u) <= q for k in range(K)], axis=1)
# --8<-- [end:classification]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, 2000)
    y = np.sin(x) + rng.normal(0, 0.1 + 0.3 * np.abs(x))
    lo, hi = split_conformal_interval(np.sin(x[:1000]), y[:1000], np.sin(x[1000:]), alpha=0.1)
    print(f"split conformal: coverage {np.mean((y[1000:] >= lo) & (y[1000:] <= hi)):.3f}, width {np.mean(hi - lo):.2f}")
    probs = rng.dirichlet(np.ones(5), size=1000)
    labels = np.array([rng.choice(5, p=p) for p in probs])
    q = conformal_quantile(aps_scores(probs[:500], labels[:500], rng.random(500)), 0.1)
    sets = aps_sets(probs[500:], q, rng.random(500))
    print(f"APS: coverage {sets[np.arange(500), labels[500:]].mean():.3f}, mean set size {sets.sum(1).mean():.2f}")
