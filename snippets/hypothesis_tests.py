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
# # Classical hypothesis tests from scratch: Welch's t-test, chi-squared test of independence,
# # Benjamini-Hochberg, and the sample size of a two-sample test
# From-scratch NumPy implementation used by the note "Hypothesis Testing".

# %%
# --8<-- [start:special]
import math

import numpy as np


def betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b) by its continued fraction (modified Lentz)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if x > (a + 1) / (a + b + 2):  # the fraction converges fast only below this point
        return 1.0 - betainc(b, a, 1.0 - x)
    log_front = a * math.log(x) + b * math.log1p(-x) - math.log(a) - (
        math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b))
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    f = d
    for m in range(1, 500):
        for num in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                    -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            f *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return math.exp(log_front) * f


def gammaincc(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x).

    Power series below x = a + 1, continued fraction (modified Lentz) above.
    """
    if x <= 0.0:
        return 1.0
    log_front = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        for n in range(1, 1000):
            term *= x / (a + n)
            total += term
            if term < total * 1e-16:
                break
        return 1.0 - math.exp(log_front) * total
    tiny = 1e-300
    b = x + 1 - a
    c, d = 1.0 / tiny, 1.0 / b
    f = d
    for n in range(1, 1000):
        an = -n * (n - a)
        b += 2
        d = an * d + b
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = b + an / c
        c = c if abs(c) > tiny else tiny
        f *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return math.exp(log_front) * f


def t_sf_two_sided(t: float, df: float) -> float:
    """P(|T| >= |t|) for Student's t with df degrees of freedom: I_{df/(df+t^2)}(df/2, 1/2)."""
    return betainc(df / 2, 0.5, df / (df + t * t))


def chi2_sf(x: float, df: float) -> float:
    """P(X >= x) for a chi-squared variable with df degrees of freedom."""
    return gammaincc(df / 2, x / 2)
# --8<-- [end:special]


# %%
# --8<-- [start:tests]
def welch_t_test(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Two-sided Welch t-test of equal means without assuming equal variances.

    t = (mean_x - mean_y) / sqrt(s_x^2/n_x + s_y^2/n_y), with the Welch-Satterthwaite
    degrees of freedom. Returns (t, df, p-value).
    """
    vx, vy = np.var(x, ddof=1) / len(x), np.var(y, ddof=1) / len(y)
    t = (np.mean(x) - np.mean(y)) / math.sqrt(vx + vy)
    df = (vx + vy) ** 2 / (vx**2 / (len(x) - 1) + vy**2 / (len(y) - 1))
    return float(t), float(df), t_sf_two_sided(float(t), float(df))


def chi2_independence(table: np.ndarray) -> tuple[float, int, float]:
    """Pearson chi-squared test of independence on an r x c contingency table (no continuity
    correction). Expected counts E_ij = row_i * col_j / N. Returns (statistic, df, p-value)."""
    table = np.asarray(table, dtype=float)
    expected = np.outer(table.sum(1), table.sum(0)) / table.sum()
    stat = float(np.sum((table - expected) ** 2 / expected))
    df = (table.shape[0] - 1) * (table.shape[1] - 1)
    return stat, df, chi2_sf(stat, df)


def benjamini_hochberg(pvalues: np.ndarray) -> np.ndarray:
    """BH-adjusted p-values: reject those <= q to control the false discovery rate at q.

    adjusted p_(i) = min over j >= i of m p_(j) / j, for p sorted ascending.
    """
    p = np.asarray(pvalues, dtype=float)
    m = len(p)
    order = np.argsort(p)
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out
# --8<-- [end:tests]


# %%
# --8<-- [start:power]
def norm_cdf(z: float) -> float:
    """Standard normal CDF."""
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def norm_ppf(p: float) -> float:
    """Inverse standard normal CDF by bisection."""
    lo, hi = -40.0, 40.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if norm_cdf(mid) < p else (lo, mid)
    return 0.5 * (lo + hi)


def z_test_power(effect: float, n_per_group: int, alpha: float = 0.05) -> float:
    """Power of a two-sided two-sample z-test for a standardised mean difference d
    (Cohen's d) with n per group:
    Phi(d sqrt(n/2) - z_{1-alpha/2}) + Phi(-d sqrt(n/2) - z_{1-alpha/2}).
    """
    z = norm_ppf(1 - alpha / 2)
    shift = effect * math.sqrt(n_per_group / 2)
    return norm_cdf(shift - z) + norm_cdf(-shift - z)


def sample_size_per_group(effect: float, alpha: float = 0.05, power: float = 0.8) -> int:
    """n per group = 2 (z_{1-alpha/2} + z_{power})^2 / d^2, rounded up."""
    n = 2 * (norm_ppf(1 - alpha / 2) + norm_ppf(power)) ** 2 / effect**2
    return math.ceil(n)
# --8<-- [end:power]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    a, b = rng.normal(0.0, 1.0, 25), rng.normal(0.6, 2.0, 40)
    print("Welch t-test: t = %.4f, df = %.2f, p = %.5f" % welch_t_test(a, b))
    print("chi-squared independence: stat = %.4f, df = %d, p = %.5f"
          % chi2_independence(np.array([[30, 10], [20, 25]])))
    pvals = np.array([0.001, 0.008, 0.039, 0.041, 0.2])
    print("BH-adjusted:", np.round(benjamini_hochberg(pvals), 4))
    print("n per group for d = 0.2, alpha = 0.05, power = 0.8:", sample_size_per_group(0.2))
