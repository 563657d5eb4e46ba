"""Oracles: the exact binomial law (scipy.stats.binom) when there is a single wrong answer;
brute-force enumeration of every sequence of n answers for several wrong answers; the Monte Carlo
estimates against the exact values within 4 standard errors; best-of-n against numerical
integration (scipy.integrate.quad) of the order-statistics formula; the budget allocation against
exhaustive search over all allocations."""

import itertools

import numpy as np
from scipy import integrate, stats

import self_consistency as S


def test_two_answers_is_binomial():
    for p in (0.3, 0.5, 0.62, 0.9):
        for n in (1, 2, 7, 10, 31):
            X = stats.binom(n, p)
            exact = X.sf(n // 2) if n % 2 else X.sf(n // 2) + 0.5 * X.pmf(n // 2)
            np.testing.assert_allclose(S.majority_vote_accuracy(p, [1 - p], n), exact, rtol=1e-10)


def _brute_force(p, q, n):
    probs = np.r_[p, q]
    total = 0.0
    for seq in itertools.product(range(len(probs)), repeat=n):
        counts = np.bincount(seq, minlength=len(probs))
        top = counts == counts.max()
        if top[0]:
            total += np.prod(probs[list(seq)]) / top.sum()
    return total


def test_plurality_against_enumeration():
    for p, q in [(0.4, [0.3, 0.2, 0.1]), (0.25, [0.5, 0.25]), (0.3, [0.1] * 7), (0.5, [0.5, 0.0])]:
        for n in range(1, 7 if len(q) < 4 else 5):
            np.testing.assert_allclose(S.majority_vote_accuracy(p, q, n), _brute_force(p, q, n), rtol=1e-10, atol=1e-14)


def test_simulation_matches_exact():
    rng = np.random.default_rng(0)
    trials = 40_000
    for p, q, n in [(0.4, [0.3, 0.2, 0.1], 9), (0.3, [0.45, 0.25], 16), (0.2, [0.1] * 8, 20)]:
        exact = S.majority_vote_accuracy(p, q, n)
        sim = S.simulate_majority_vote(p, q, n, trials, rng)
        assert abs(sim - exact) < 4 * np.sqrt(exact * (1 - exact) / trials) + 1e-3, (sim, exact)


def _best_of_n_exact(p, n, d):
    total = 0.0
    for k in range(1, n + 1):  # k correct samples; the best correct score must beat every wrong score
        f = lambda x: k * stats.norm.pdf(x - d) * stats.norm.cdf(x - d) ** (k - 1) * stats.norm.cdf(x) ** (n - k)
        total += stats.binom.pmf(k, n, p) * integrate.quad(f, -12, 12 + d, epsabs=1e-12)[0]
    return total


def test_best_of_n_against_integration():
    rng = np.random.default_rng(1)
    trials = 40_000
    for p, n, d in [(0.3, 4, 1.0), (0.1, 16, 2.0), (0.5, 8, 0.0)]:
        exact = _best_of_n_exact(p, n, d)
        sim = S.best_of_n_accuracy(p, n, d, trials, rng)
        assert abs(sim - exact) < 4 * np.sqrt(exact * (1 - exact) / trials), (sim, exact)
    np.testing.assert_allclose(S.coverage(0.3, 5), 1 - stats.binom.pmf(0, 5, 0.3), rtol=1e-12)


def test_allocation_is_optimal():
    rng = np.random.default_rng(2)
    for trial in range(5):
        acc = np.sort(rng.random((3, 6)), axis=1)          # monotone accuracies, 3 bins, up to 6 samples
        acc[1] = rng.random(6)                               # and one non-monotone bin
        for budget in (3, 7, 12, 18):
            alloc, value = S.allocate_budget(acc, budget)
            best = max(sum(acc[b, n - 1] for b, n in enumerate(ns))
                       for ns in itertools.product(range(1, 7), repeat=3) if sum(ns) <= budget)
            np.testing.assert_allclose(value, best, rtol=1e-12)
            assert alloc.sum() <= budget and alloc.min() >= 1
            np.testing.assert_allclose(sum(acc[b, n - 1] for b, n in enumerate(alloc)), value, rtol=1e-12)
