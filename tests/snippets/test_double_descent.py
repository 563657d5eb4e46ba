"""double_descent.py: the min-norm solver against numpy.linalg.pinv (rtol=1e-8), and the
shape of the curve (a property that must hold for this fixed seed: the peak is at the
interpolation threshold)."""

import numpy as np
import pytest

import double_descent as dd


@pytest.mark.parametrize("n,p", [(30, 10), (30, 30), (30, 90)])
def test_min_norm_matches_pinv(n, p):
    rng = np.random.default_rng(n + p)
    Phi, y = rng.normal(size=(n, p)), rng.normal(size=n)
    ref = np.linalg.pinv(Phi) @ y
    np.testing.assert_allclose(dd.min_norm_lstsq(Phi, y), ref, rtol=1e-8, atol=1e-10)


def test_min_norm_is_smallest_interpolant():
    rng = np.random.default_rng(0)
    Phi, y = rng.normal(size=(10, 40)), rng.normal(size=10)
    w = dd.min_norm_lstsq(Phi, y)
    null = np.linalg.svd(Phi)[2][10:].T @ rng.normal(size=30)  # in the null space of Phi
    np.testing.assert_allclose(Phi @ (w + null), y, rtol=1e-8, atol=1e-8)  # also interpolates
    assert np.linalg.norm(w) < np.linalg.norm(w + null)


def test_curve_peaks_at_interpolation_threshold():
    widths = np.array([10, 20, 40, 80, 400])
    p, train, test = dd.double_descent_curve(n_train=40, widths=widths, n_repeats=4, seed=1)
    assert widths[np.argmax(test)] == 40
    # interpolation once p >= n: training error zero up to round-off
    assert np.all(train[p >= 40] < 1e-12)
    assert test[-1] < test[2] / 10
