"""Oracles: numpy.linalg.det / slogdet / eigvals / eigvalsh / lstsq / matrix_rank, np.cross for the
scalar triple product, and properties of projections (symmetric, idempotent, trace = rank)."""

import numpy as np
import pytest

import linear_maps as L


@pytest.mark.parametrize("n", [1, 2, 3, 6, 20])
def test_det_matches_numpy(n):
    rng = np.random.default_rng(n)
    for _ in range(5):
        A = rng.normal(size=(n, n))
        np.testing.assert_allclose(L.det(A), np.linalg.det(A), rtol=1e-9)
        s, l = L.lu_det(A)
        s_ref, l_ref = np.linalg.slogdet(A)
        assert s == s_ref
        np.testing.assert_allclose(l, l_ref, rtol=1e-10, atol=1e-10)


def test_det_special_cases():
    assert L.det(np.array([[1.0, 2.0], [2.0, 4.0]])) == 0.0                        # dependent columns
    perm = np.eye(4)[[1, 0, 3, 2]]                                                  # two swaps: +1
    assert L.det(perm) == pytest.approx(1.0) and L.det(np.eye(3)[[1, 0, 2]]) == pytest.approx(-1.0)
    s, l = L.lu_det(0.1 * np.eye(400))                                              # det underflows to 0
    assert np.linalg.det(0.1 * np.eye(400)) == 0.0
    np.testing.assert_allclose(l, np.linalg.slogdet(0.1 * np.eye(400))[1], rtol=1e-12)
    assert np.linalg.matrix_rank(0.1 * np.eye(400)) == 400                           # tiny det, perfectly conditioned


def test_area_and_volume_scaling():
    rng = np.random.default_rng(7)
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], float)
    poly = np.array([[0, 0], [2, 0], [3, 1], [1, 2], [-1, 1]], float)
    for _ in range(20):
        M = rng.normal(size=(2, 2))
        np.testing.assert_allclose(L.polygon_area(square @ M.T), np.linalg.det(M), rtol=1e-10)   # signed
        np.testing.assert_allclose(L.polygon_area(poly @ M.T), np.linalg.det(M) * L.polygon_area(poly), rtol=1e-10)
        a, b, c = rng.normal(size=(3, 3))
        np.testing.assert_allclose(L.det(np.column_stack([a, b, c])), np.dot(a, np.cross(b, c)), rtol=1e-9)
    A, B = rng.normal(size=(4, 4)), rng.normal(size=(4, 4))
    np.testing.assert_allclose(L.det(A @ B), L.det(A) * L.det(B), rtol=1e-9)


def test_change_of_basis():
    rng = np.random.default_rng(8)
    A, P = rng.normal(size=(4, 4)), rng.normal(size=(4, 4))
    B = L.to_basis(A, P)
    np.testing.assert_allclose(P @ B @ np.linalg.inv(P), A, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(np.linalg.det(B), np.linalg.det(A), rtol=1e-8)
    np.testing.assert_allclose(np.trace(B), np.trace(A), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(np.sort_complex(np.linalg.eigvals(B)), np.sort_complex(np.linalg.eigvals(A)), rtol=1e-7)
    S = A + A.T
    w, V = np.linalg.eigh(S)
    np.testing.assert_allclose(L.to_basis(S, V), np.diag(w), atol=1e-10)          # eigenbasis diagonalises


def test_projection():
    rng = np.random.default_rng(9)
    X, y = rng.normal(size=(30, 4)), rng.normal(size=30)
    P = L.projection_matrix(X)
    np.testing.assert_allclose(P @ y, X @ np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(P, P.T, atol=1e-14)
    np.testing.assert_allclose(P @ P, P, atol=1e-12)
    np.testing.assert_allclose(np.trace(P), 4, rtol=1e-12)
    np.testing.assert_allclose(np.linalg.eigvalsh(P), np.r_[np.zeros(26), np.ones(4)], atol=1e-12)
    np.testing.assert_allclose(X.T @ (y - P @ y), 0, atol=1e-10)                   # residual orthogonal to col(X)
