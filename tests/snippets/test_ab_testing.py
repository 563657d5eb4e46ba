"""Oracle tests for snippets/ab_testing.py: scipy.stats.norm and Monte Carlo simulation."""

import math

import numpy as np
import pytest
from scipy import stats

import ab_testing as ab


@pytest.mark.parametrize("q", [1e-8, 0.001, 0.02, 0.025, 0.2, 0.5, 0.8, 0.975, 0.99, 1 - 1e-8])
def test_norm_ppf_matches_scipy(q):
    np.testing.assert_allclose(ab.norm_ppf(q), stats.norm.ppf(q), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("z", [-6.0, -1.96, 0.0, 0.5, 2.5])
def test_norm_cdf_matches_scipy(z):
    np.testing.assert_allclose(ab.norm_cdf(z), stats.norm.cdf(z), rtol=1e-12, atol=1e-15)


def _scipy_sample_size(p1, p2, alpha, power, two_sided=True):
    za = stats.norm.ppf(1 - alpha / 2) if two_sided else stats.norm.ppf(1 - alpha)
    zb = stats.norm.ppf(power)
    pbar = (p1 + p2) / 2
    num = (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2
    return math.ceil(num / (p1 - p2) ** 2)


@pytest.mark.parametrize("p1,p2,alpha,power,two_sided", [
    (0.10, 0.11, 0.05, 0.8, True),
    (0.05, 0.055, 0.05, 0.9, True),
    (0.30, 0.25, 0.01, 0.8, True),
    (0.02, 0.025, 0.05, 0.8, False),
])
def test_sample_size_matches_scipy_formula(p1, p2, alpha, power, two_sided):
    assert ab.sample_size_two_proportions(p1, p2, alpha, power, two_sided) == \
        _scipy_sample_size(p1, p2, alpha, power, two_sided)


def test_sample_size_known_value():
    # Published calculators (e.g. Evan Miller's) give about 14,750 per arm for 10% -> 11%.
    assert abs(ab.sample_size_two_proportions(0.10, 0.11) - 14750) <= 5


def test_power_inverts_sample_size():
    n = ab.sample_size_two_proportions(0.10, 0.12, power=0.9)
    np.testing.assert_allclose(ab.power_two_proportions(0.10, 0.12, n), 0.9, atol=2e-3)


def test_power_matches_scipy_power_formula():
    p1, p2, n, alpha = 0.2, 0.22, 5000, 0.05
    za = stats.norm.ppf(1 - alpha / 2)
    pbar = (p1 + p2) / 2
    sd0 = math.sqrt(2 * pbar * (1 - pbar))
    sd1 = math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    d = abs(p1 - p2) * math.sqrt(n)
    expected = stats.norm.cdf((d - za * sd0) / sd1) + stats.norm.cdf((-d - za * sd0) / sd1)
    np.testing.assert_allclose(ab.power_two_proportions(p1, p2, n), expected, rtol=1e-10)


def test_power_matches_simulation():
    n = ab.sample_size_two_proportions(0.10, 0.115)
    sim = ab.simulated_power(0.10, 0.115, n, n_sims=4000, seed=1)
    # 4000 Bernoulli(0.8) draws: standard error 0.0063; allow about 4 standard errors.
    assert abs(sim - 0.8) < 0.025


def test_null_rejection_rate_is_alpha():
    sim = ab.simulated_power(0.1, 0.1, 5000, n_sims=8000, seed=2)
    assert abs(sim - 0.05) < 0.01  # se 0.0024


def test_mde_round_trip():
    n = ab.sample_size_two_proportions(0.10, 0.11)
    np.testing.assert_allclose(ab.minimum_detectable_effect(0.10, n), 0.01, rtol=1e-3)


def test_peeking_inflates_type_one_error():
    one = ab.peeking_false_positive_rate(0.1, 10000, looks=1, n_sims=3000, seed=3)
    many = ab.peeking_false_positive_rate(0.1, 10000, looks=10, n_sims=3000, seed=3)
    assert abs(one - 0.05) < 0.015
    assert many > 0.12  # Armitage et al. (1969): about 0.19 for 10 looks


# --- interleaving -------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(20))
def test_team_draft_properties(seed):
    rng = np.random.default_rng(seed)
    a = list(rng.permutation(15))
    b = list(rng.permutation(15))
    shown, team = ab.team_draft_interleave(a, b, 10, rng)
    assert len(shown) == 10 and len(set(shown)) == 10
    # Teams alternate in rounds: after every prefix the pick counts differ by at most one.
    diffs = np.cumsum(np.where(np.array(team) == 1, 1, -1))
    assert np.all(np.abs(diffs) <= 1)
    # Each team's items appear in the order of its own ranking.
    for t, ranking in ((0, a), (1, b)):
        mine = [s for s, tt in zip(shown, team) if tt == t]
        assert mine == sorted(mine, key=ranking.index)
    # The first round contains both rankers' top items (when they differ).
    if a[0] != b[0]:
        assert {a[0], b[0]} <= set(shown[:2])


def test_identical_rankings_interleave_to_the_same_list():
    rng = np.random.default_rng(0)
    a = list(range(12))
    shown, _ = ab.team_draft_interleave(a, a, 8, rng)
    assert shown == a[:8]


def test_interleaving_credit_is_unbiased_under_the_null():
    sim = ab.simulate_users(2000, noise_a=0.3, noise_b=0.3, seed=5)
    c = sim["credit"]
    assert abs(c.mean()) < 4 * c.std(ddof=1) / np.sqrt(len(c))


def test_users_needed_matches_scipy_formula_and_interleaving_is_more_sensitive():
    sim = ab.simulate_users(2000, noise_a=0.5, noise_b=0.3, seed=6)
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    a, b, c = sim["clicks_a"], sim["clicks_b"], sim["credit"]
    expected_ab = 2 * z ** 2 * (np.var(a, ddof=1) + np.var(b, ddof=1)) / (b.mean() - a.mean()) ** 2
    expected_il = z ** 2 * np.var(c, ddof=1) / c.mean() ** 2
    got = ab.users_needed(sim)
    np.testing.assert_allclose(got["ab_total_users"], expected_ab, rtol=1e-9)
    np.testing.assert_allclose(got["interleaving_users"], expected_il, rtol=1e-9)
    # With heterogeneous users, interleaving needs several times fewer users (Chapelle et al., 2012).
    assert got["ab_total_users"] > 2 * got["interleaving_users"]
