"""power_iteration against numpy.linalg.eigh (the oracle) on random symmetric matrices."""

import numpy as np
import pytest

from power_iteration import power_iteration, random_symmetric, top_k_eigenpairs


@pytest.mark.parametrize("seed", range(5))
def test_dominant_eigenpair_matches_eigh(seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((40, 8))
    A = X.T @ X  # symmetric positive semidefinite
    lam, v, _ = power_iteration(A, tol=1e-12)
    w, V = np.linalg.eigh(A)
    np.testing.assert_allclose(lam, w[-1], rtol=1e-10)
    # eigenvectors are defined up to sign: compare |cosine| with 1
    np.testing.assert_allclose(abs(v @ V[:, -1]), 1.0, atol=1e-8)


def test_negative_dominant_eigenvalue():
    A = random_symmetric(np.array([-4.0, 3.0, 1.0, 0.5]), seed=3)
    lam, v, _ = power_iteration(A, tol=1e-12)
    np.testing.assert_allclose(lam, -4.0, rtol=1e-10)
    np.testing.assert_allclose(A @ v, lam * v, atol=1e-9)


def test_iterations_follow_eigenvalue_ratio():
    # the error contracts by |lambda2/lambda1| per step, so a smaller gap needs more steps
    its = [power_iteration(random_symmetric(np.array([1.0, r, 0.1]), seed=0), tol=1e-8)[2]
           for r in (0.3, 0.7, 0.95)]
    assert its[0] < its[1] < its[2]
    # residual ~ r^k: predicted k = log(tol)/log(r); allow a factor 2 for the start vector
    predicted = np.log(1e-8) / np.log(0.95)
    assert 0.5 * predicted < its[2] < 2.0 * predicted


def test_deflation_matches_eigh_top_k():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((60, 10))
    A = X.T @ X
    vals, vecs = top_k_eigenpairs(A, k=3, tol=1e-12)
    w, V = np.linalg.eigh(A)
    np.testing.assert_allclose(vals, w[::-1][:3], rtol=1e-8)
    np.testing.assert_allclose(np.abs(np.sum(vecs * V[:, ::-1][:, :3], axis=0)), 1.0, atol=1e-6)


def test_deflation_with_well_separated_spectrum():
    spectrum = np.array([10.0, -4.0, 3.0, 1.0, 0.5, 0.1])
    A = random_symmetric(spectrum, seed=11)
    vals, vecs = top_k_eigenpairs(A, k=4, tol=1e-12)
    w = np.linalg.eigh(A)[0]
    expected = w[np.argsort(-np.abs(w))][:4]
    np.testing.assert_allclose(vals, expected, rtol=1e-8)
    np.testing.assert_allclose(vecs.T @ vecs, np.eye(4), atol=1e-6)
