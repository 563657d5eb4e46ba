"""Tests for snippets/systolic_array.py: the simulated array must reproduce numpy's matmul, and its
cycle count and utilisation must equal the closed forms M + K + N - 2 and M / (M + K + N - 2)."""

import numpy as np
import pytest

import systolic_array as sa


@pytest.mark.parametrize("shape", [(1, 1, 1), (5, 3, 4), (7, 8, 2), (16, 8, 8), (3, 1, 9)])
def test_matches_numpy_matmul(shape):
    m, k, n = shape
    rng = np.random.default_rng(m * 100 + k * 10 + n)
    X, W = rng.standard_normal((m, k)), rng.standard_normal((k, n))
    Y, cycles, util = sa.systolic_matmul(X, W)
    np.testing.assert_allclose(Y, X @ W, rtol=1e-12, atol=1e-12)  # same sums, different order: 1e-12
    assert cycles == m + k + n - 2
    # each of the M*K*N multiply-adds happens in exactly one cell-cycle
    assert util == pytest.approx(m * k * n / (k * n * cycles), rel=1e-12)


def test_utilisation_grows_with_streamed_rows():
    W = np.ones((8, 8))
    utils = [sa.systolic_matmul(np.ones((m, 8)), W)[2] for m in (1, 8, 64)]
    assert utils[0] < utils[1] < utils[2]
    assert utils[2] == pytest.approx(64 / (64 + 14), rel=1e-12)
