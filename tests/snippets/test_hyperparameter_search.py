"""hyperparameter_search.py against brute force (exact) and the binomial law of random search."""

import numpy as np
import pytest

import hyperparameter_search as hs


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("n,eta", [(81, 3), (64, 2), (50, 4)])
def test_successive_halving_finds_brute_force_argmin_when_ranking_is_stable(seed, n, eta):
    cfgs = hs.sample_configs(n, np.random.default_rng(seed))
    obj = lambda c, b: hs.final_loss(c) + 1.0 / b  # same ranking at every budget  # noqa: E731
    best, _, _, _ = hs.successive_halving(obj, cfgs, 1, 1000, eta)
    np.testing.assert_array_equal(best, cfgs[np.argmin(hs.final_loss(cfgs))])


def test_successive_halving_budget_accounting():
    cfgs = hs.sample_configs(81, np.random.default_rng(0))
    _, _, spent, rungs = hs.successive_halving(lambda c, b: hs.toy_loss(c, b), cfgs, 1, 81, 3)
    assert rungs == [(81, 1.0), (27, 3.0), (9, 9.0), (3, 27.0), (1, 81.0)]
    assert spent == sum(n * r for n, r in rungs) == 405.0  # (log_3 81 + 1) * 81, exact


def test_random_search_returns_best_evaluated():
    rng1, rng2 = np.random.default_rng(5), np.random.default_rng(5)
    best, loss, spent = hs.random_search(lambda c, b: hs.final_loss(c), 30, 10, rng1)
    cfgs = hs.sample_configs(30, rng2)
    np.testing.assert_allclose(loss, hs.final_loss(cfgs).min(), rtol=1e-12)
    assert spent == 300.0


def test_random_search_hit_probability_matches_binomial_law():
    # P(best of n draws lies in the top q of the search space) = 1 - (1 - q)^n
    rng = np.random.default_rng(0)
    threshold = np.quantile(hs.final_loss(hs.sample_configs(200_000, rng)), 0.05)
    n, reps = 20, 1000
    def best_loss():
        return hs.random_search(lambda c, b: hs.final_loss(c), n, 1, rng)[1]

    hits = np.mean([best_loss() <= threshold for _ in range(reps)])
    p = 1 - 0.95**n
    assert abs(hits - p) < 4 * np.sqrt(p * (1 - p) / reps) + 0.005  # 4 binomial standard errors


def test_gp_posterior_matches_sklearn():
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel

    rng = np.random.default_rng(0)
    X, Xs = rng.uniform(-2, 2, 8), np.linspace(-3, 3, 25)
    y = np.sin(2 * X)
    mu, sd = hs.gp_posterior(X, y, Xs, length_scale=0.7, signal_var=1.5, noise_var=1e-4)
    kernel = ConstantKernel(1.5, "fixed") * RBF(0.7, "fixed")
    gpr = GaussianProcessRegressor(kernel, alpha=1e-4, optimizer=None)
    mu_ref, sd_ref = gpr.fit(X[:, None], y).predict(Xs[:, None], return_std=True)
    np.testing.assert_allclose(mu, mu_ref, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(sd, sd_ref, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize(
    "mu,sd,best,xi", [(0.0, 1.0, 0.0, 0.0), (1.0, 0.5, 0.2, 0.0), (-0.3, 2.0, 0.1, 0.05)]
)
def test_expected_improvement_matches_numerical_integral(mu, sd, best, xi):
    from scipy import integrate, stats

    def integrand(v):
        return max(0.0, best - xi - v) * stats.norm.pdf(v, mu, sd)

    ref = integrate.quad(integrand, mu - 12 * sd, mu + 12 * sd, points=[best - xi], limit=200)[0]
    ours = hs.expected_improvement(np.array([mu]), np.array([sd]), best, xi)[0]
    np.testing.assert_allclose(ours, ref, rtol=1e-7)


def test_bayes_opt_finds_minimum_of_smooth_function():
    X, Y = hs.bayes_opt_1d(lambda u: (u - 0.3) ** 2, -2, 2, 3, 10, np.random.default_rng(0))
    # within 0.02 of the true minimiser after 13 evaluations
    assert abs(X[np.argmin(Y)] - 0.3) < 0.02
