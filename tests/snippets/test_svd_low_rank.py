"""jacobi_svd, low_rank_approx and pinv against numpy.linalg (svd, pinv, lstsq)."""

import numpy as np
import pytest

from svd_low_rank import jacobi_svd, low_rank_approx, pinv


@pytest.mark.parametrize("shape", [(30, 12), (12, 30), (15, 15)])
def test_singular_values_and_reconstruction(shape):
    rng = np.random.default_rng(sum(shape))
    A = rng.standard_normal(shape)
    U, s, Vt = jacobi_svd(A)
    np.testing.assert_allclose(s, np.linalg.svd(A, compute_uv=False), rtol=1e-10)
    np.testing.assert_allclose((U * s) @ Vt, A, atol=1e-10)
    r = min(shape)
    np.testing.assert_allclose(U.T @ U, np.eye(r), atol=1e-10)
    np.testing.assert_allclose(Vt @ Vt.T, np.eye(r), atol=1e-10)


def test_low_rank_matches_numpy_truncation_and_eckart_young():
    rng = np.random.default_rng(1)
    A = rng.standard_normal((25, 18))
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    for k in (1, 4, 10):
        Ak = low_rank_approx(A, k)
        np.testing.assert_allclose(Ak, (U[:, :k] * s[:k]) @ Vt[:k], atol=1e-9)
        assert np.linalg.matrix_rank(Ak) == k
        # Eckart-Young: Frobenius error = sqrt(sum of discarded s^2), spectral error = s_{k+1}
        np.testing.assert_allclose(np.linalg.norm(A - Ak), np.sqrt(np.sum(s[k:] ** 2)), rtol=1e-10)
        np.testing.assert_allclose(np.linalg.norm(A - Ak, 2), s[k], rtol=1e-10)


def test_pinv_matches_numpy_on_rank_deficient_matrix():
    rng = np.random.default_rng(2)
    A = rng.standard_normal((20, 4)) @ rng.standard_normal((4, 9))  # rank 4, 20 x 9
    P = pinv(A, rcond=1e-10)
    np.testing.assert_allclose(P, np.linalg.pinv(A, rcond=1e-10), atol=1e-10)
    # the four Moore-Penrose conditions
    np.testing.assert_allclose(A @ P @ A, A, atol=1e-9)
    np.testing.assert_allclose(P @ A @ P, P, atol=1e-9)
    np.testing.assert_allclose((A @ P).T, A @ P, atol=1e-9)
    np.testing.assert_allclose((P @ A).T, P @ A, atol=1e-9)
    # minimum-norm least-squares solution, as lstsq returns
    b = rng.standard_normal(20)
    np.testing.assert_allclose(P @ b, np.linalg.lstsq(A, b, rcond=1e-10)[0], atol=1e-9)
