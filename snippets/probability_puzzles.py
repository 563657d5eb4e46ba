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
# # Probability puzzles: exact answers and the simulations that check them
# Fixed points of a permutation, waiting times for coin patterns (solved with states),
# the coupon collector, the birthday problem, order statistics of uniforms, and the Bayes
# traps (base rates, Monty Hall, boy-girl). Used by the note "Probability Puzzles".

# %%
# --8<-- [start:fixed_points]
import math

import numpy as np


def simulate_fixed_points(n: int, trials: int, rng: np.random.Generator) -> np.ndarray:
    """Number of fixed points i with pi(i) = i of `trials` uniform random permutations of n items."""
    perms = rng.permuted(np.tile(np.arange(n), (trials, 1)), axis=1)
    return (perms == np.arange(n)).sum(axis=1)


def derangement_probability(n: int) -> float:
    """P(no fixed point) = sum_{k=0}^{n} (-1)^k / k!  (inclusion-exclusion), -> 1/e."""
    return sum((-1) ** k / math.factorial(k) for k in range(n + 1))
# --8<-- [end:fixed_points]


# %%
# --8<-- [start:waiting_time]
def pattern_automaton(pattern: str) -> list[dict[str, int]]:
    """delta[i][c]: the longest prefix of `pattern` that is a suffix of pattern[:i] + c."""
    m = len(pattern)
    delta = []
    for i in range(m):
        row = {}
        for c in "HT":
            s = pattern[:i] + c
            k = min(m, len(s))
            while k > 0 and s[-k:] != pattern[:k]:
                k -= 1
            row[c] = k
        delta.append(row)
    return delta


def expected_waiting_time(pattern: str, p_heads: float = 0.5) -> float:
    """E[flips until `pattern` first appears] from the first-step equations of the state chain:
    E_i = 1 + p E_{delta(i,H)} + (1 - p) E_{delta(i,T)},  E_m = 0."""
    m = len(pattern)
    delta = pattern_automaton(pattern)
    A, b = np.eye(m), np.ones(m)
    for i in range(m):
        for c, pc in (("H", p_heads), ("T", 1 - p_heads)):
            j = delta[i][c]
            if j < m:                                   # E_m = 0 drops out of the system
                A[i, j] -= pc
    return float(np.linalg.solve(A, b)[0])


def simulate_waiting_time(pattern: str, trials: int, rng: np.random.Generator,
                          p_heads: float = 0.5, horizon: int = 400) -> np.ndarray:
    """Flip `trials` sequences of length `horizon`; return the index (1-based) where the pattern ends."""
    flips = rng.random((trials, horizon)) < p_heads                     # True = H
    target = np.array([c == "H" for c in pattern])
    m = len(pattern)
    windows = np.lib.stride_tricks.sliding_window_view(flips, m, axis=1)  # (trials, horizon-m+1, m)
    hit = (windows == target).all(axis=2)
    assert hit.any(axis=1).all(), "horizon too short"
    return hit.argmax(axis=1) + m
# --8<-- [end:waiting_time]


# %%
# --8<-- [start:coupon]
def coupon_mean_var(n: int) -> tuple[float, float]:
    """T = sum of geometrics with success prob k/n, k = n..1:  E T = n H_n,
    Var T = sum (1 - k/n)/(k/n)^2 = n^2 sum 1/k^2 - n H_n."""
    k = np.arange(1, n + 1)
    h = np.sum(1.0 / k)
    return float(n * h), float(n * n * np.sum(1.0 / k ** 2) - n * h)


def simulate_coupon(n: int, trials: int, rng: np.random.Generator) -> np.ndarray:
    """Draw coupons uniformly until all n are seen; return the number of draws (all trials in parallel)."""
    seen = np.zeros((trials, n), bool)
    distinct = np.zeros(trials, int)
    draws = np.zeros(trials, int)
    rows = np.arange(trials)
    active = rows
    while active.size:
        c = rng.integers(n, size=active.size)
        distinct[active] += ~seen[active, c]
        seen[active, c] = True
        draws[active] += 1
        active = active[distinct[active] < n]
    return draws
# --8<-- [end:coupon]


# %%
# --8<-- [start:birthday]
def birthday_exact(k: int, days: int = 365) -> float:
    """P(some shared birthday among k people) = 1 - prod_{i<k} (1 - i/days)."""
    return 1.0 - float(np.prod(1.0 - np.arange(k) / days))


def birthday_approx(k: int, days: int = 365) -> float:
    """1 - exp(-k(k-1)/(2 days)), from log(1 - x) ~ -x summed over i < k."""
    return 1.0 - math.exp(-k * (k - 1) / (2 * days))


def simulate_birthday(k: int, trials: int, rng: np.random.Generator, days: int = 365) -> float:
    b = np.sort(rng.integers(days, size=(trials, k)), axis=1)
    return float((np.diff(b, axis=1) == 0).any(axis=1).mean())
# --8<-- [end:birthday]


# %%
# --8<-- [start:order_stats]
def uniform_order_stat_mean(k: int, n: int) -> float:
    """E[U_(k)] for n i.i.d. Uniform(0,1): U_(k) ~ Beta(k, n - k + 1), mean k / (n + 1)."""
    return k / (n + 1)


def simulate_order_stats(n: int, trials: int, rng: np.random.Generator) -> np.ndarray:
    """Sorted samples, shape (trials, n): column k-1 holds draws of U_(k)."""
    return np.sort(rng.random((trials, n)), axis=1)
# --8<-- [end:order_stats]


# %%
# --8<-- [start:bayes]
def posterior_positive(prevalence: float, sensitivity: float, false_positive_rate: float) -> float:
    """P(condition | positive test) by Bayes' rule."""
    tp = prevalence * sensitivity
    return tp / (tp + (1 - prevalence) * false_positive_rate)


def simulate_monty_hall(trials: int, rng: np.random.Generator, host_knows: bool = True) -> dict[str, float]:
    """Win rates of staying and switching. If the host opens a random other door (host_knows=False),
    games where he reveals the car are discarded, as the puzzle conditions on seeing a goat."""
    car = rng.integers(3, size=trials)
    pick = rng.integers(3, size=trials)
    r = rng.integers(2, size=trials)                     # which of the two other doors, when there is a choice
    others = np.array([[1, 2], [0, 2], [0, 1]])[pick]    # the two doors not picked
    if host_knows:
        forced = others[:, 0] == car                     # host cannot open the car door
        host = np.where(pick == car, others[np.arange(trials), r],
                        np.where(forced, others[:, 1], others[:, 0]))
        keep = np.ones(trials, bool)
    else:
        host = others[np.arange(trials), r]
        keep = host != car
    switch = 3 - pick - host                             # doors are 0, 1, 2
    return {"stay": float((pick == car)[keep].mean()), "switch": float((switch == car)[keep].mean()),
            "games kept": float(keep.mean())}


def simulate_boy_girl(trials: int, rng: np.random.Generator) -> dict[str, float]:
    """Two-child families, sex and weekday of birth uniform and independent (boy = 1, Tuesday = 1)."""
    boy = rng.integers(2, size=(trials, 2)) == 1
    tuesday = rng.integers(7, size=(trials, 2)) == 1
    both = boy.all(axis=1)
    at_least_one = boy.any(axis=1)
    tuesday_boy = (boy & tuesday).any(axis=1)
    return {"both | at least one boy": float(both[at_least_one].mean()),
            "both | older is a boy": float(both[boy[:, 0]].mean()),
            "both | a boy born on Tuesday": float(both[tuesday_boy].mean())}
# --8<-- [end:bayes]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    fp = simulate_fixed_points(10, 20_000, rng)
    print(f"fixed points of a random permutation of 10: mean {fp.mean():.3f} (exact 1), "
          f"P(none) {np.mean(fp == 0):.3f} (exact {derangement_probability(10):.4f})")
    for pat in ("HH", "HT", "HTH", "HHH"):
        print(f"{pat}: exact {expected_waiting_time(pat):.2f}, simulated "
              f"{simulate_waiting_time(pat, 20_000, rng).mean():.2f}")
    m, v = coupon_mean_var(10)
    t = simulate_coupon(10, 20_000, rng)
    print(f"coupon collector n = 10: mean {m:.2f} var {v:.1f}; simulated {t.mean():.2f} {t.var():.1f}")
    print(f"birthday k = 23: exact {birthday_exact(23):.4f} approx {birthday_approx(23):.4f} "
          f"simulated {simulate_birthday(23, 20_000, rng):.4f}")
    print("Monty Hall:", simulate_monty_hall(60_000, rng))
    print("boy-girl:", simulate_boy_girl(200_000, rng))
