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
# # Permutation test and bootstrap confidence intervals (percentile and BCa)
# From-scratch NumPy implementation used by the note "Bootstrap and Permutation Tests".

# %%
# --8<-- [start:permutation_test]
import math
from typing import Callable

import numpy as np


def diff_in_means(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """mean(x) - mean(y) along the last axis (vectorised over resamples)."""
    return x.mean(axis=-1) - y.mean(axis=-1)


def permutation_test(
    x: np.ndarray,
    y: np.ndarray,
    statistic: Callable[[np.ndarray, np.ndarray], np.ndarray] = diff_in_means,
    n_resamples: int = 9999,
    alternative: str = "two-sided",
    rng: np.random.Generator | None = None,
) -> tuple[float, float, np.ndarray]:
    """Two-sample randomised permutation test of "x and y come from one distribution".

    Pools the samples, reassigns group labels at random n_resamples times and compares
    the observed statistic with this null distribution. The p-value counts the observed
    labelling as one of the permutations, p = (1 + #{T* >= T}) / (1 + B), so it is never 0
    and the test is exact (valid at any level) despite the Monte-Carlo sampling.
    Returns (observed statistic, p-value, null distribution).
    """
    rng = np.random.default_rng(0) if rng is None else rng
    pooled = np.concatenate([x, y])
    n = len(x)
    observed = float(statistic(x, y))
    # one random permutation per row: argsort of uniform keys
    idx = np.argsort(rng.random((n_resamples, len(pooled))), axis=1)
    perm = pooled[idx]
    null = statistic(perm[:, :n], perm[:, n:])
    eps = 1e-14 * max(1.0, abs(observed))  # ties with the observed value count as extreme
    p_greater = (1 + np.sum(null >= observed - eps)) / (1 + n_resamples)
    p_less = (1 + np.sum(null <= observed + eps)) / (1 + n_resamples)
    if alternative == "greater":
        p = p_greater
    elif alternative == "less":
        p = p_less
    else:
        p = min(1.0, 2.0 * min(p_greater, p_less))
    return observed, float(p), null
# --8<-- [end:permutation_test]


# %%
# --8<-- [start:bootstrap]
def norm_cdf(z: float) -> float:
    """Standard normal CDF via the complementary error function."""
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def norm_ppf(p: float) -> float:
    """Inverse standard normal CDF by bisection (about 1e-12 accuracy, p in (0, 1))."""
    lo, hi = -40.0, 40.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if norm_cdf(mid) < p:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def bootstrap_ci(
    x: np.ndarray,
    statistic: Callable[[np.ndarray], np.ndarray] = lambda s: s.mean(axis=-1),
    n_resamples: int = 9999,
    confidence_level: float = 0.95,
    method: str = "bca",
    rng: np.random.Generator | None = None,
) -> tuple[float, float, np.ndarray]:
    """Nonparametric bootstrap confidence interval for statistic(x).

    statistic must be vectorised along the last axis. method "percentile" takes the
    alpha/2 and 1 - alpha/2 quantiles of the bootstrap replicates; "bca" shifts those
    quantile levels by a bias correction z0 (from the fraction of replicates below the
    estimate) and an acceleration a (from jackknife skewness) (Efron, 1987).
    Returns (low, high, bootstrap replicates).
    """
    rng = np.random.default_rng(0) if rng is None else rng
    n = len(x)
    theta_hat = float(statistic(x))
    boot = statistic(x[rng.integers(0, n, size=(n_resamples, n))])
    alpha = 1.0 - confidence_level
    levels = np.array([alpha / 2, 1 - alpha / 2])
    if method == "bca":
        z0 = norm_ppf(float(np.mean(boot < theta_hat)))
        jack = statistic(np.array([np.delete(x, i) for i in range(n)]))
        d = jack.mean() - jack
        a = float(np.sum(d**3) / (6.0 * np.sum(d**2) ** 1.5))
        z = np.array([norm_ppf(q) for q in levels])
        levels = np.array([norm_cdf(z0 + (z0 + zi) / (1 - a * (z0 + zi))) for zi in z])
    elif method != "percentile":
        raise ValueError(f"unknown method {method!r}")
    low, high = np.quantile(boot, levels)
    return float(low), float(high), boot
# --8<-- [end:bootstrap]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(1)
    control = rng.exponential(1.0, 40)
    treated = rng.exponential(1.5, 40)
    t, p, _ = permutation_test(treated, control, rng=rng)
    print(f"difference in means = {t:.3f}, permutation p-value = {p:.4f}")
    for m in ("percentile", "bca"):
        lo, hi, _ = bootstrap_ci(treated, method=m, rng=np.random.default_rng(2))
        print(f"95% {m:>10} CI for the treated mean: [{lo:.3f}, {hi:.3f}]")
