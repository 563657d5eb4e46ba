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
# # Class imbalance: weighted logistic regression, threshold moving, ranking metrics
# From-scratch NumPy implementation used by the note "Class Imbalance".

# %%
# --8<-- [start:weighted]
import numpy as np


def balanced_weights(y: np.ndarray) -> np.ndarray:
    """Per-sample weights n / (K n_c): every class gets the same total weight (scikit-learn 'balanced')."""
    classes, counts = np.unique(y, return_counts=True)
    per_class = len(y) / (len(classes) * counts)
    return per_class[np.searchsorted(classes, y)]


def fit_weighted_logistic(X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray, lam: float = 0.0,
                          n_iter: int = 50) -> np.ndarray:
    """Newton's method on sum_i s_i [log(1 + e^{z_i}) - y_i z_i] + (lam / 2) ||w||^2 (intercept last,
    unpenalised). Weighting class c by s_c is the same as replicating its rows s_c times."""
    Xb = np.hstack([X, np.ones((len(X), 1))])
    d = Xb.shape[1]
    P = np.eye(d)
    P[-1, -1] = 0.0
    th = np.zeros(d)
    for _ in range(n_iter):
        p = 1 / (1 + np.exp(-(Xb @ th)))
        g = Xb.T @ (sample_weight * (p - y)) + lam * P @ th
        H = (Xb * (sample_weight * p * (1 - p))[:, None]).T @ Xb + lam * P
        step = np.linalg.solve(H, g)
        th -= step
        if np.abs(step).max() < 1e-12:
            break
    return th
# --8<-- [end:weighted]


# %%
# --8<-- [start:metrics]
def roc_auc(y: np.ndarray, s: np.ndarray) -> float:
    """Probability that a random positive outscores a random negative (ties count 1/2),
    via the Mann-Whitney rank-sum statistic in O(n log n)."""
    _, inv, counts = np.unique(s, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    ranks = ((ends - counts + 1 + ends) / 2.0)[inv]   # mid-ranks: tied scores share their mean rank
    n1 = y.sum()
    n0 = len(y) - n1
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def average_precision(y: np.ndarray, s: np.ndarray) -> float:
    """Area under the precision-recall step curve: mean precision at the rank of each positive
    (no ties assumed). Its value for a random ranking is the positive rate, not 0.5."""
    order = np.argsort(-s, kind="mergesort")
    yo = y[order]
    tp = np.cumsum(yo)
    precision = tp / np.arange(1, len(y) + 1)
    return float(np.sum(precision * yo) / yo.sum())


def best_f1_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """Threshold on p maximising F1 = 2 TP / (2 TP + FP + FN) (choose it on validation data)."""
    order = np.argsort(-p, kind="mergesort")
    yo, po = y[order], p[order]
    tp = np.cumsum(yo)
    fp = np.cumsum(1 - yo)
    fn = yo.sum() - tp
    f1 = 2 * tp / (2 * tp + fp + fn)
    i = int(np.argmax(f1))
    return float(po[i]), float(f1[i])
# --8<-- [end:metrics]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n = 20_000
    y = (rng.random(n) < 0.02).astype(float)            # 2% positives
    X = rng.normal(size=(n, 2)) + 1.5 * y[:, None]
    tr, va = slice(0, 10_000), slice(10_000, None)
    for name, sw in [("unweighted", np.ones(10_000)), ("balanced", balanced_weights(y[tr]))]:
        th = fit_weighted_logistic(X[tr], y[tr], sw)
        p = 1 / (1 + np.exp(-(np.c_[X[va], np.ones(10_000)] @ th)))
        pred = p >= 0.5
        rec = pred[y[va] == 1].mean()
        prec = y[va][pred].mean() if pred.any() else float("nan")
        print(f"{name:10s}: at 0.5 recall {rec:.3f} precision {prec:.3f} | "
              f"ROC AUC {roc_auc(y[va], p):.3f}  AP {average_precision(y[va], p):.3f}  "
              f"mean p {p.mean():.3f}")
    t, f1 = best_f1_threshold(y[va], p)
    print(f"balanced model: best-F1 threshold {t:.3f} gives F1 {f1:.3f}")
