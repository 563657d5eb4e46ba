"""Oracles: brute-force enumeration (permutations, Monty Hall, boy-girl with weekdays), Conway's
correlation formula for pattern waiting times, the inclusion-exclusion distribution of the coupon
collector, the exact falling-factorial birthday probability, and scipy.stats.beta for order statistics.
Simulations are checked against the exact values within five standard errors."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats

import probability_puzzles as P


def test_fixed_points_against_enumeration():
    n = 6
    counts = [sum(p[i] == i for i in range(n)) for p in itertools.permutations(range(n))]
    assert np.mean(counts) == pytest.approx(1.0, abs=1e-12)            # linearity: n * (1/n)
    assert np.var(counts) == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(P.derangement_probability(n), np.mean(np.array(counts) == 0), rtol=1e-12)
    x = P.simulate_fixed_points(8, 40_000, np.random.default_rng(0))
    assert abs(x.mean() - 1.0) < 5 * 1.0 / math.sqrt(len(x))


def conway(pattern: str, p: float) -> float:
    """Sum over k where the length-k prefix equals the length-k suffix of 1 / P(prefix)."""
    total = 0.0
    for k in range(1, len(pattern) + 1):
        if pattern[:k] == pattern[-k:]:
            total += 1.0 / math.prod(p if c == "H" else 1 - p for c in pattern[:k])
    return total


@pytest.mark.parametrize("pattern", ["H", "HH", "HT", "HTH", "HHH", "HTHT", "HHTH", "THTTH"])
@pytest.mark.parametrize("p", [0.5, 0.3])
def test_waiting_time_matches_conway(pattern, p):
    np.testing.assert_allclose(P.expected_waiting_time(pattern, p), conway(pattern, p), rtol=1e-10)


def test_waiting_time_simulation():
    rng = np.random.default_rng(1)
    for pattern, exact in (("HH", 6.0), ("HT", 4.0)):
        t = P.simulate_waiting_time(pattern, 40_000, rng)
        assert abs(t.mean() - exact) < 5 * t.std() / math.sqrt(len(t))


def test_coupon_against_inclusion_exclusion():
    n = 12
    t = np.arange(0, 2000)
    # P(T <= t) = sum_j (-1)^j C(n, j) (1 - j/n)^t
    cdf = sum((-1) ** j * math.comb(n, j) * (1 - j / n) ** t for j in range(n + 1))
    pmf = np.diff(cdf, prepend=0.0)
    mean = np.sum(t * pmf)
    var = np.sum(t ** 2 * pmf) - mean ** 2
    m, v = P.coupon_mean_var(n)
    np.testing.assert_allclose([m, v], [mean, var], rtol=1e-9)
    sim = P.simulate_coupon(n, 20_000, np.random.default_rng(2))
    assert abs(sim.mean() - m) < 5 * math.sqrt(v / len(sim))


def test_birthday():
    for k in (2, 10, 23, 50, 70):
        exact = 1 - Fraction(math.perm(365, k), 365 ** k)
        np.testing.assert_allclose(P.birthday_exact(k), float(exact), rtol=1e-12)
        assert abs(P.birthday_approx(k) - float(exact)) < 0.01          # the exp approximation
    assert min(k for k in range(1, 100) if P.birthday_exact(k) >= 0.5) == 23
    p = P.birthday_exact(23)
    sim = P.simulate_birthday(23, 40_000, np.random.default_rng(3))
    assert abs(sim - p) < 5 * math.sqrt(p * (1 - p) / 40_000)


def test_order_statistics_against_beta():
    n = 5
    s = P.simulate_order_stats(n, 20_000, np.random.default_rng(4))
    for k in range(1, n + 1):
        beta = stats.beta(k, n - k + 1)
        np.testing.assert_allclose(P.uniform_order_stat_mean(k, n), beta.mean(), rtol=1e-12)
        assert stats.kstest(s[:, k - 1], beta.cdf).pvalue > 0.001


def test_monty_hall_against_enumeration():
    win_switch = Fraction(0)
    for car, pick in itertools.product(range(3), range(3)):
        hosts = [d for d in range(3) if d not in (pick, car)]
        for h in hosts:
            switch = 3 - pick - h
            win_switch += Fraction(1, 9) * Fraction(1, len(hosts)) * (switch == car)
    assert win_switch == Fraction(2, 3)
    r = P.simulate_monty_hall(60_000, np.random.default_rng(5))
    assert abs(r["switch"] - 2 / 3) < 5 * math.sqrt(2 / 9 / 60_000)
    r = P.simulate_monty_hall(60_000, np.random.default_rng(6), host_knows=False)
    assert abs(r["switch"] - 0.5) < 0.01 and abs(r["games kept"] - 2 / 3) < 0.01


def test_boy_girl_against_enumeration():
    kids = list(itertools.product([0, 1], range(7)))                   # (boy?, weekday)
    fam = list(itertools.product(kids, kids))
    def cond(event, given):
        g = [f for f in fam if given(f)]
        return Fraction(sum(event(f) for f in g), len(g))
    both = lambda f: f[0][0] == 1 and f[1][0] == 1
    assert cond(both, lambda f: f[0][0] or f[1][0]) == Fraction(1, 3)
    assert cond(both, lambda f: f[0][0] == 1) == Fraction(1, 2)
    tues = cond(both, lambda f: (f[0][0] and f[0][1] == 1) or (f[1][0] and f[1][1] == 1))
    assert tues == Fraction(13, 27)
    r = P.simulate_boy_girl(200_000, np.random.default_rng(7))
    assert abs(r["both | at least one boy"] - 1 / 3) < 0.006
    assert abs(r["both | a boy born on Tuesday"] - 13 / 27) < 0.015


def test_base_rate():
    # 1% prevalence, 90% sensitivity, 9% false positives: 0.009 / (0.009 + 0.0891)
    np.testing.assert_allclose(P.posterior_positive(0.01, 0.9, 0.09), 0.009 / 0.0981, rtol=1e-12)
