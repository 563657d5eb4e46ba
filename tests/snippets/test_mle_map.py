"""MLE fits against scipy.stats .fit / numerical optimisation, conjugate updates against
posteriors computed by brute-force numerical integration of scipy.stats densities."""

import numpy as np
import pytest
from scipy import integrate, optimize, special, stats

from mle_map import (
    bernoulli_mle,
    beta_binomial_update,
    beta_summary,
    digamma,
    exponential_mle,
    gamma_mle,
    gaussian_mle,
    mvn_mle,
    normal_normal_update,
    poisson_mle,
    trigamma,
)

rng = np.random.default_rng(0)


def test_gaussian_and_exponential_match_scipy_fit():
    x = rng.normal(1.5, 0.7, 500)
    np.testing.assert_allclose(gaussian_mle(x), stats.norm.fit(x), rtol=1e-10)
    y = rng.exponential(2.0, 500)
    loc, scale = stats.expon.fit(y, floc=0)
    np.testing.assert_allclose(exponential_mle(y), 1.0 / scale, rtol=1e-10)


def test_bernoulli_and_poisson_maximise_the_likelihood():
    x = rng.binomial(1, 0.3, 400)
    res = optimize.minimize_scalar(lambda p: -stats.bernoulli.logpmf(x, p).sum(),
                                   bounds=(1e-6, 1 - 1e-6), method="bounded",
                                   options={"xatol": 1e-10})
    np.testing.assert_allclose(bernoulli_mle(x), res.x, atol=1e-6)
    c = rng.poisson(4.2, 400)
    res = optimize.minimize_scalar(lambda lam: -stats.poisson.logpmf(c, lam).sum(),
                                   bounds=(1e-3, 50), method="bounded", options={"xatol": 1e-10})
    np.testing.assert_allclose(poisson_mle(c), res.x, atol=1e-6)


def test_mvn_matches_numpy_cov_bias():
    X = rng.multivariate_normal([0, 1, 2], [[2, 0.5, 0], [0.5, 1, 0.3], [0, 0.3, 0.5]], 300)
    mu, S = mvn_mle(X)
    np.testing.assert_allclose(mu, X.mean(0), rtol=1e-12)
    np.testing.assert_allclose(S, np.cov(X.T, bias=True), rtol=1e-10)


@pytest.mark.parametrize("x", [0.05, 0.7, 1.0, 3.3, 12.0, 250.0])
def test_digamma_trigamma_match_scipy(x):
    np.testing.assert_allclose(digamma(x), special.digamma(x), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(trigamma(x), special.polygamma(1, x), rtol=1e-10)


@pytest.mark.parametrize("shape", [0.4, 2.5, 9.0])
def test_gamma_mle_matches_scipy_fit(shape):
    x = rng.gamma(shape, 1.7, 1000)
    k_ref, _, theta_ref = stats.gamma.fit(x, floc=0)
    k, theta = gamma_mle(x)
    np.testing.assert_allclose([k, theta], [k_ref, theta_ref], rtol=1e-4)
    # our estimate is a stationary point: its log-likelihood is at least scipy's
    ours = stats.gamma.logpdf(x, k, scale=theta).sum()
    assert ours >= stats.gamma.logpdf(x, k_ref, scale=theta_ref).sum() - 1e-8


def test_beta_binomial_posterior_matches_numerical_integration():
    a0, b0, k, n = 2.0, 3.0, 13, 20
    a, b = beta_binomial_update(a0, b0, k, n)
    unnorm = lambda p: stats.beta.pdf(p, a0, b0) * stats.binom.pmf(k, n, p)
    Z = integrate.quad(unnorm, 0, 1, epsabs=1e-13)[0]
    mean = integrate.quad(lambda p: p * unnorm(p), 0, 1, epsabs=1e-13)[0] / Z
    second = integrate.quad(lambda p: p * p * unnorm(p), 0, 1, epsabs=1e-13)[0] / Z
    summary = beta_summary(a, b)
    np.testing.assert_allclose(summary["mean"], mean, rtol=1e-8)
    np.testing.assert_allclose(summary["var"], second - mean**2, rtol=1e-6)
    np.testing.assert_allclose(summary["mean"], stats.beta(a, b).mean(), rtol=1e-12)
    mode = optimize.minimize_scalar(lambda p: -unnorm(p), bounds=(0, 1), method="bounded",
                                    options={"xatol": 1e-10}).x
    np.testing.assert_allclose(summary["map"], mode, atol=1e-6)


def test_normal_normal_posterior_matches_numerical_integration():
    x = rng.normal(0.8, 1.5, 12)
    mu0, tau0, sigma = -1.0, 0.5, 1.5
    mu_n, tau_n = normal_normal_update(mu0, tau0, sigma, x)
    log_unnorm = lambda m: stats.norm.logpdf(m, mu0, tau0) + stats.norm.logpdf(x, m, sigma).sum()
    c = log_unnorm(mu_n)
    unnorm = lambda m: np.exp(log_unnorm(m) - c)
    Z = integrate.quad(unnorm, -10, 10, epsabs=1e-12)[0]
    mean = integrate.quad(lambda m: m * unnorm(m), -10, 10, epsabs=1e-12)[0] / Z
    var = integrate.quad(lambda m: (m - mean) ** 2 * unnorm(m), -10, 10, epsabs=1e-12)[0] / Z
    np.testing.assert_allclose([mu_n, tau_n], [mean, np.sqrt(var)], rtol=1e-7)
