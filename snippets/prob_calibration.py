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
# # Probability calibration: reliability curve, ECE, Platt scaling, isotonic regression
# From-scratch NumPy implementation used by the note "Probability Calibration".

# %%
# --8<-- [start:reliability]
import numpy as np


def reliability_curve(y: np.ndarray, p: np.ndarray, n_bins: int = 10) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Equal-width bins on [0, 1]: mean predicted probability, observed frequency of y = 1, and
    count per non-empty bin. A calibrated model lies on the diagonal."""
    bins = np.minimum((p * n_bins).astype(int), n_bins - 1)
    cnt = np.bincount(bins, minlength=n_bins)
    conf = np.bincount(bins, weights=p, minlength=n_bins)
    freq = np.bincount(bins, weights=y, minlength=n_bins)
    keep = cnt > 0
    return conf[keep] / cnt[keep], freq[keep] / cnt[keep], cnt[keep]


def expected_calibration_error(y: np.ndarray, p: np.ndarray, n_bins: int = 10) -> float:
    """ECE = sum_b (n_b / n) |mean p in b - frequency of y = 1 in b| (binary, equal-width bins)."""
    conf, freq, cnt = reliability_curve(y, p, n_bins)
    return float(np.sum(cnt * np.abs(conf - freq)) / cnt.sum())


def brier_score(y: np.ndarray, p: np.ndarray) -> float:
    """Mean squared error of the probability: a proper scoring rule."""
    return float(np.mean((p - y) ** 2))
# --8<-- [end:reliability]


# %%
# --8<-- [start:platt]
def platt_fit(s: np.ndarray, y: np.ndarray, smooth_targets: bool = False, n_iter: int = 100) -> tuple[float, float]:
    """Platt scaling: p = sigmoid(a s + b), (a, b) by Newton's method on the log-loss.

    With smooth_targets, labels become (N+ + 1)/(N+ + 2) and 1/(N- + 2) as in Platt (1999),
    which keeps a and b finite when the scores separate the classes."""
    t = y.astype(float)
    if smooth_targets:
        npos, nneg = t.sum(), len(t) - t.sum()
        t = np.where(y == 1, (npos + 1) / (npos + 2), 1 / (nneg + 2))
    A = np.c_[s, np.ones_like(s)]
    theta = np.zeros(2)
    for _ in range(n_iter):
        p = 1 / (1 + np.exp(-(A @ theta)))
        g = A.T @ (p - t)
        H = (A * (p * (1 - p))[:, None]).T @ A + 1e-12 * np.eye(2)
        step = np.linalg.solve(H, g)
        theta -= step
        if np.abs(step).max() < 1e-12:
            break
    return float(theta[0]), float(theta[1])


def platt_predict(s: np.ndarray, a: float, b: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(a * s + b)))
# --8<-- [end:platt]


# %%
# --8<-- [start:isotonic]
def isotonic_fit(s: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pool-adjacent-violators: the non-decreasing step function of s closest to y in squared
    error. Returns (sorted scores, fitted values); O(n log n) for the sort, O(n) for PAV."""
    order = np.argsort(s, kind="mergesort")
    xs, ys = s[order], y[order].astype(float)
    # merge tied scores first, so equal scores get equal fitted values
    ux, start = np.unique(xs, return_index=True)
    sums = np.add.reduceat(ys, start)
    counts = np.diff(np.r_[start, len(xs)]).astype(float)
    vals, wts, sizes = [], [], []
    for v, w in zip(sums / counts, counts):
        vals.append(v); wts.append(w); sizes.append(1)
        while len(vals) > 1 and vals[-2] > vals[-1]:          # violation: pool the last two blocks
            w2 = wts[-2] + wts[-1]
            v2 = (vals[-2] * wts[-2] + vals[-1] * wts[-1]) / w2
            s2 = sizes[-2] + sizes[-1]
            vals[-2:], wts[-2:], sizes[-2:] = [v2], [w2], [s2]
    fitted = np.repeat(vals, sizes)
    return ux, fitted


def isotonic_predict(ux: np.ndarray, fitted: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Linear interpolation between fitted points, clipped at the ends."""
    return np.interp(s, ux, fitted)
# --8<-- [end:isotonic]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n = 4000
    z = rng.normal(size=n) * 2
    y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
    s = 3 * z                                # an over-confident score: logits three times too large
    p_raw = 1 / (1 + np.exp(-s))
    cal, test = slice(0, 2000), slice(2000, None)
    a, b = platt_fit(s[cal], y[cal])
    ux, fit = isotonic_fit(s[cal], y[cal])
    for name, p in [("raw", p_raw[test]), ("Platt", platt_predict(s[test], a, b)),
                    ("isotonic", isotonic_predict(ux, fit, s[test]))]:
        print(f"{name:9s} ECE {expected_calibration_error(y[test], p):.4f}  Brier {brier_score(y[test], p):.4f}")
    print(f"Platt slope a = {a:.3f} (ideal 1/3 = 0.333)")
