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
# # A/B test sample size, power and the peeking problem
# From-scratch NumPy implementation used by the note "A-B Testing": the normal
# distribution (cdf and quantile), the two-proportion sample-size and power formulas,
# a Monte Carlo power check, and a simulation of repeated significance testing.

# %%
# --8<-- [start:normal]
import math

import numpy as np


def norm_cdf(z: float) -> float:
    """Standard normal CDF, Phi(z) = (1 + erf(z / sqrt 2)) / 2."""
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def norm_ppf(q: float) -> float:
    """Standard normal quantile Phi^{-1}(q) for 0 < q < 1.

    Acklam's rational approximation (relative error about 1e-9), then two Newton
    steps on Phi(z) - q, which bring it to machine precision.
    """
    if not 0.0 < q < 1.0:
        raise ValueError("q must lie strictly between 0 and 1")
    a = [-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02,
         1.383577518672690e02, -3.066479806614716e01, 2.506628277459239e00]
    b = [-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02,
         6.680131188771972e01, -1.328068155288572e01]
    c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00,
         -2.549732539343734e00, 4.374664141464968e00, 2.938163982698783e00]
    d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00,
         3.754408661907416e00]
    lo = 0.02425
    if q < lo:
        t = math.sqrt(-2.0 * math.log(q))
        z = (((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) / \
            ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1.0)
    elif q > 1.0 - lo:
        t = math.sqrt(-2.0 * math.log(1.0 - q))
        z = -(((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) / \
            ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1.0)
    else:
        r = q - 0.5
        s = r * r
        z = (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / \
            (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1.0)
    for _ in range(2):  # Newton: z <- z - (Phi(z) - q) / phi(z)
        pdf = math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
        z -= (norm_cdf(z) - q) / pdf
    return z
# --8<-- [end:normal]


# %%
# --8<-- [start:sample_size]
def sample_size_two_proportions(p1: float, p2: float, alpha: float = 0.05,
                                power: float = 0.8, two_sided: bool = True) -> int:
    """Users per arm for a two-proportion z-test to detect p1 vs p2.

    n = (z_a * sqrt(2 pbar qbar) + z_b * sqrt(p1 q1 + p2 q2))^2 / (p1 - p2)^2,
    with z_a the (1 - alpha/2) quantile (two-sided) and z_b the power quantile.
    The first term is the null standard deviation (pooled), the second the
    alternative's. Rounded up to an integer.
    """
    if p1 == p2:
        raise ValueError("p1 and p2 must differ")
    z_a = norm_ppf(1.0 - alpha / 2.0) if two_sided else norm_ppf(1.0 - alpha)
    z_b = norm_ppf(power)
    pbar = 0.5 * (p1 + p2)
    sd0 = math.sqrt(2.0 * pbar * (1.0 - pbar))
    sd1 = math.sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2))
    return math.ceil((z_a * sd0 + z_b * sd1) ** 2 / (p1 - p2) ** 2)


def power_two_proportions(p1: float, p2: float, n: int, alpha: float = 0.05,
                          two_sided: bool = True) -> float:
    """Power of the pooled two-proportion z-test with n users per arm.

    Inverts the sample-size formula: power = Phi((|p1 - p2| sqrt(n) - z_a sd0) / sd1).
    The far rejection tail (probability of rejecting in the wrong direction) is
    added for the two-sided test; it is negligible unless the effect is tiny.
    """
    z_a = norm_ppf(1.0 - alpha / 2.0) if two_sided else norm_ppf(1.0 - alpha)
    pbar = 0.5 * (p1 + p2)
    sd0 = math.sqrt(2.0 * pbar * (1.0 - pbar))
    sd1 = math.sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2))
    delta = abs(p1 - p2) * math.sqrt(n)
    pw = norm_cdf((delta - z_a * sd0) / sd1)
    if two_sided:
        pw += norm_cdf((-delta - z_a * sd0) / sd1)
    return pw


def minimum_detectable_effect(p1: float, n: int, alpha: float = 0.05,
                              power: float = 0.8) -> float:
    """Smallest absolute lift p2 - p1 > 0 detectable with n users per arm (bisection)."""
    lo, hi = 1e-9, 1.0 - p1 - 1e-9
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if power_two_proportions(p1, p1 + mid, n, alpha) < power:
            lo = mid
        else:
            hi = mid
    return hi
# --8<-- [end:sample_size]


# %%
# --8<-- [start:simulate]
def z_test_two_proportions(x1: np.ndarray, n1: int, x2: np.ndarray, n2: int) -> np.ndarray:
    """Pooled two-proportion z statistic (vectorised over experiments)."""
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    se = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, (p2 - p1) / se, 0.0)
    return z


def simulated_power(p1: float, p2: float, n: int, alpha: float = 0.05,
                    n_sims: int = 4000, seed: int = 0) -> float:
    """Fraction of simulated experiments (n users per arm) where the two-sided test rejects."""
    rng = np.random.default_rng(seed)
    x1 = rng.binomial(n, p1, size=n_sims)
    x2 = rng.binomial(n, p2, size=n_sims)
    z = z_test_two_proportions(x1, n, x2, n)
    return float(np.mean(np.abs(z) > norm_ppf(1.0 - alpha / 2.0)))


def peeking_false_positive_rate(p: float, n: int, looks: int, alpha: float = 0.05,
                                n_sims: int = 2000, seed: int = 0) -> float:
    """Type I error of an A/A test checked at `looks` equally spaced interim analyses.

    The experimenter stops at the first look where |z| exceeds the fixed-horizon
    critical value. With one look this is alpha; with more it inflates.
    """
    rng = np.random.default_rng(seed)
    per_look = n // looks
    crit = norm_ppf(1.0 - alpha / 2.0)
    c1 = np.zeros(n_sims)
    c2 = np.zeros(n_sims)
    rejected = np.zeros(n_sims, dtype=bool)
    for k in range(1, looks + 1):
        c1 += rng.binomial(per_look, p, size=n_sims)
        c2 += rng.binomial(per_look, p, size=n_sims)
        z = z_test_two_proportions(c1, k * per_look, c2, k * per_look)
        rejected |= np.abs(z) > crit
    return float(rejected.mean())
# --8<-- [end:simulate]


# %%
# --8<-- [start:interleaving]
def team_draft_interleave(a: list[int], b: list[int], k: int,
                          rng: np.random.Generator) -> tuple[list[int], list[int]]:
    """Team-draft interleaving (Radlinski, Kurup and Joachims, 2008) of rankings a and b.

    Like captains picking teams: the team with fewer picks so far (a coin flip on a tie)
    adds its highest-ranked item not yet in the list. Returns the k shown items and,
    for each, the team that contributed it (0 for a, 1 for b).
    """
    shown: list[int] = []
    team: list[int] = []
    taken: set[int] = set()
    ia = ib = 0
    picks = [0, 0]
    while len(shown) < k:
        while ia < len(a) and a[ia] in taken:
            ia += 1
        while ib < len(b) and b[ib] in taken:
            ib += 1
        if ia >= len(a) and ib >= len(b):
            break
        a_turn = picks[0] < picks[1] or (picks[0] == picks[1] and rng.random() < 0.5)
        if (a_turn and ia < len(a)) or ib >= len(b):
            item, t = a[ia], 0
        else:
            item, t = b[ib], 1
        shown.append(item)
        team.append(t)
        taken.add(item)
        picks[t] += 1
    return shown, team


def simulate_users(n_users: int, noise_a: float, noise_b: float, n_items: int = 30, k: int = 10,
                   seed: int = 0) -> dict[str, np.ndarray]:
    """Per-user outcomes of an A/B test and of an interleaving test of two rankers.

    Each user's query has items with relevance r ~ U(0, 1)^q, q ~ U(1, 4) (queries differ
    in how many good results exist); ranker X orders items by r + N(0, noise_X^2). Users
    differ in activity g ~ LogNormal(0, 1): a user examines position i with probability
    min(1, g / (i + 1)) and clicks an examined item with probability r. This
    between-user variation is what interleaving cancels. Returns clicks per user under A, under B
    (as in an A/B test, where each user sees one ranker), and the interleaving credit
    (clicks on B's items minus clicks on A's items) for the same users.
    """
    rng = np.random.default_rng(seed)
    examine = 1.0 / (np.arange(k) + 1.0)
    clicks_a = np.empty(n_users)
    clicks_b = np.empty(n_users)
    credit = np.empty(n_users)
    for u in range(n_users):
        rel = rng.random(n_items) ** rng.uniform(1.0, 4.0)
        exam = np.minimum(1.0, rng.lognormal(0.0, 1.0) * examine)
        rank_a = list(np.argsort(-(rel + rng.normal(0, noise_a, n_items))))
        rank_b = list(np.argsort(-(rel + rng.normal(0, noise_b, n_items))))
        for name, ranking in (("a", rank_a), ("b", rank_b)):
            top = np.array(ranking[:k])
            c = np.sum(rng.random(k) < exam * rel[top])
            if name == "a":
                clicks_a[u] = c
            else:
                clicks_b[u] = c
        shown, team = team_draft_interleave(rank_a, rank_b, k, rng)
        clicked = rng.random(len(shown)) < exam[:len(shown)] * rel[np.array(shown)]
        team_arr = np.array(team)
        credit[u] = np.sum(clicked & (team_arr == 1)) - np.sum(clicked & (team_arr == 0))
    return {"clicks_a": clicks_a, "clicks_b": clicks_b, "credit": credit}


def users_needed(sim: dict[str, np.ndarray], alpha: float = 0.05, power: float = 0.8) -> dict[str, float]:
    """Total users each design needs to detect the difference, from per-user statistics.

    A/B: n per arm = (z_a + z_b)^2 (var_a + var_b) / (mean_b - mean_a)^2, two arms.
    Interleaving: one group; n = (z_a + z_b)^2 var(credit) / mean(credit)^2.
    """
    z = norm_ppf(1.0 - alpha / 2.0) + norm_ppf(power)
    a, b, c = sim["clicks_a"], sim["clicks_b"], sim["credit"]
    n_ab = 2.0 * z ** 2 * (a.var(ddof=1) + b.var(ddof=1)) / (b.mean() - a.mean()) ** 2
    n_il = z ** 2 * c.var(ddof=1) / c.mean() ** 2
    return {"ab_total_users": n_ab, "interleaving_users": n_il}
# --8<-- [end:interleaving]


# %%
if __name__ == "__main__":
    n = sample_size_two_proportions(0.10, 0.11)
    print("users per arm to detect 10% -> 11% (alpha 0.05, power 0.8):", n)
    print("analytic power at that n:", round(power_two_proportions(0.10, 0.11, n), 4))
    print("simulated power at that n:", simulated_power(0.10, 0.11, n, n_sims=2000))
    for looks in (1, 5, 20):
        fpr = peeking_false_positive_rate(0.10, 20000, looks, n_sims=1000)
        print(f"A/A false-positive rate with {looks:2d} looks: {fpr:.3f}")
    sim = simulate_users(3000, noise_a=0.4, noise_b=0.3, seed=0)
    print("users needed:", {k: round(v) for k, v in users_needed(sim).items()})
