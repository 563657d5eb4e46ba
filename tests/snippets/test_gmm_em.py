"""Oracle tests for snippets/gmm_em.py against sklearn.mixture.GaussianMixture and SciPy."""

import numpy as np
import pytest
from scipy.stats import multivariate_normal
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_limits

import gmm_em as g


def data(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    A = rng.multivariate_normal([0, 0, 0], [[2.0, 1.2, 0], [1.2, 2.0, 0], [0, 0, 1]], size=250)
    B = rng.multivariate_normal([5, -2, 1], np.eye(3) * 0.5, size=150)
    C = rng.multivariate_normal([0, 6, -1], [[1.0, -0.4, 0], [-0.4, 0.6, 0], [0, 0, 0.3]], size=100)
    return np.vstack([A, B, C])


def test_logpdf_matches_scipy():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3))
    cov = np.array([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 0.5]])
    mean = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(g.gaussian_logpdf(X, mean, cov),
                               multivariate_normal(mean, cov).logpdf(X), rtol=1e-10)


@pytest.mark.parametrize("seed", [0, 1])
def test_fitted_loglik_matches_sklearn(seed):
    X = data(seed)
    w, mu, S, trace = g.fit_gmm(X, k=3, seed=seed)
    with threadpool_limits(1):  # k-means initialisation threads only slow down on 2 shared cores
        ref = GaussianMixture(3, covariance_type="full", tol=1e-8, max_iter=500,
                              n_init=2, random_state=seed).fit(X)
    # same optimum reached: mean log-likelihood per sample within 1e-4 absolute
    np.testing.assert_allclose(trace[-1], ref.score(X), atol=1e-4)


def test_e_step_loglik_equals_sklearn_score_at_sklearn_params():
    X = data(3)
    with threadpool_limits(1):
        ref = GaussianMixture(3, covariance_type="full", random_state=0).fit(X)
    R, ll = g.e_step(X, ref.weights_, ref.means_, ref.covariances_)
    np.testing.assert_allclose(ll, ref.score(X), rtol=1e-10)
    np.testing.assert_allclose(R, ref.predict_proba(X), atol=1e-10)


def test_em_never_decreases_likelihood():
    X = data(4)
    *_, trace = g.fit_gmm(X, k=4, seed=0, tol=-np.inf, max_iter=60)
    assert np.all(np.diff(trace) >= -1e-10)
