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
# # Drift detection: PSI, the two-sample KS test and embedding drift (MMD)
# From-scratch NumPy implementation used by the note "Data Drift Detection".

# %%
# --8<-- [start:psi]
import math

import numpy as np


def psi(reference: np.ndarray, current: np.ndarray, n_bins: int = 10,
        eps: float = 1e-4) -> float:
    """Population Stability Index of `current` against `reference`.

    Bins are the reference deciles (quantile bins, so each holds ~1/n_bins of the
    reference); the outer edges are open so no current value falls outside.
    PSI = sum_i (a_i - e_i) * ln(a_i / e_i), with e_i, a_i the reference and
    current bin fractions, floored at eps to keep empty bins finite.
    """
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.quantile(reference, np.linspace(0.0, 1.0, n_bins + 1))[1:-1]
    edges = np.unique(edges)  # ties in discrete features merge bins
    e = np.bincount(np.searchsorted(edges, reference, side="right"),
                    minlength=len(edges) + 1) / len(reference)
    a = np.bincount(np.searchsorted(edges, current, side="right"),
                    minlength=len(edges) + 1) / len(current)
    e = np.maximum(e, eps)
    a = np.maximum(a, eps)
    return float(np.sum((a - e) * np.log(a / e)))
# --8<-- [end:psi]


# %%
# --8<-- [start:ks]
def ks_statistic(x: np.ndarray, y: np.ndarray) -> float:
    """Two-sample Kolmogorov-Smirnov statistic D = sup_t |F_x(t) - F_y(t)|.

    Both empirical CDFs are evaluated at every pooled sample point (the supremum
    is attained at a jump), O((n + m) log(n + m)) via sorting.
    """
    x = np.sort(np.asarray(x, dtype=float))
    y = np.sort(np.asarray(y, dtype=float))
    grid = np.concatenate([x, y])
    fx = np.searchsorted(x, grid, side="right") / len(x)
    fy = np.searchsorted(y, grid, side="right") / len(y)
    return float(np.max(np.abs(fx - fy)))


def kolmogorov_sf(z: float, terms: int = 100) -> float:
    """P(K > z) for the Kolmogorov distribution: 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 z^2)."""
    if z <= 0.0:
        return 1.0
    if z < 0.3:  # the alternating series converges slowly here; use the theta-function dual
        s = sum(math.exp(-((2 * k - 1) ** 2) * math.pi ** 2 / (8 * z * z)) for k in range(1, 20))
        return 1.0 - math.sqrt(2.0 * math.pi) / z * s
    k = np.arange(1, terms + 1)
    return float(np.clip(2.0 * np.sum((-1.0) ** (k - 1) * np.exp(-2.0 * k ** 2 * z ** 2)), 0.0, 1.0))


def ks_2samp(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Two-sided two-sample KS test: (D, asymptotic p-value).

    Under H0 (same continuous distribution), sqrt(n m / (n + m)) D converges in
    distribution to the Kolmogorov distribution (Smirnov, 1939).
    """
    d = ks_statistic(x, y)
    n, m = len(x), len(y)
    en = n * m / (n + m)
    return d, kolmogorov_sf(math.sqrt(en) * d)
# --8<-- [end:ks]


# %%
# --8<-- [start:mmd]
def _rbf_kernel(z: np.ndarray, bandwidth: float | None) -> np.ndarray:
    """Gaussian kernel matrix exp(-|a - b|^2 / (2 s^2)); s defaults to the median heuristic
    (s^2 = half the median squared pairwise distance)."""
    sq = np.sum(z ** 2, axis=1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2.0 * z @ z.T, 0.0)
    if bandwidth is None:
        bandwidth = float(np.sqrt(np.median(d2[np.triu_indices_from(d2, k=1)]) / 2.0))
    return np.exp(-d2 / (2.0 * bandwidth ** 2))


def _mmd2_from_kernel(k: np.ndarray, n: int) -> float:
    """Unbiased MMD^2 when the first n rows/columns of k are sample x, the rest sample y."""
    m = k.shape[0] - n
    kxx, kyy, kxy = k[:n, :n], k[n:, n:], k[:n, n:]
    term_x = (kxx.sum() - np.trace(kxx)) / (n * (n - 1))
    term_y = (kyy.sum() - np.trace(kyy)) / (m * (m - 1))
    return float(term_x + term_y - 2.0 * kxy.mean())


def mmd2_rbf(x: np.ndarray, y: np.ndarray, bandwidth: float | None = None) -> float:
    """Unbiased estimate of the squared Maximum Mean Discrepancy with a Gaussian kernel.

    MMD^2 = E k(x, x') + E k(y, y') - 2 E k(x, y), k(a, b) = exp(-|a - b|^2 / (2 s^2)).
    The diagonal terms are dropped from the within-sample means (unbiased U-statistic).
    Cost O((n + m)^2 d) time and O((n + m)^2) memory.
    """
    z = np.vstack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    return _mmd2_from_kernel(_rbf_kernel(z, bandwidth), len(x))


def mmd_permutation_test(x: np.ndarray, y: np.ndarray, n_perm: int = 200,
                         seed: int = 0) -> tuple[float, float]:
    """MMD^2 and its permutation p-value. The kernel matrix is computed once; each
    permutation relabels its rows and columns, O((n + m)^2) per permutation."""
    rng = np.random.default_rng(seed)
    k = _rbf_kernel(np.vstack([x, y]).astype(float), None)
    n = len(x)
    observed = _mmd2_from_kernel(k, n)
    count = 0
    for _ in range(n_perm):
        idx = rng.permutation(k.shape[0])
        count += _mmd2_from_kernel(k[np.ix_(idx, idx)], n) >= observed
    return observed, (count + 1) / (n_perm + 1)
# --8<-- [end:mmd]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    ref = rng.normal(0.0, 1.0, 5000)
    for name, cur in [("no shift", rng.normal(0.0, 1.0, 5000)),
                      ("mean +0.1", rng.normal(0.1, 1.0, 5000)),
                      ("mean +0.5", rng.normal(0.5, 1.0, 5000)),
                      ("scale x1.5", rng.normal(0.0, 1.5, 5000))]:
        d, p = ks_2samp(ref, cur)
        print(f"{name:11s} PSI={psi(ref, cur):.4f}  KS D={d:.4f} p={p:.3g}")
    e_ref = rng.normal(size=(200, 16))
    e_cur = rng.normal(size=(200, 16)) + np.r_[0.5, np.zeros(15)]
    print("embedding MMD^2, p:", mmd_permutation_test(e_ref, e_cur, n_perm=100))
