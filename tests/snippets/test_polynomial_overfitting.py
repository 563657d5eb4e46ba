"""Oracles: numpy.polyfit, scikit-learn Ridge on polynomial features, and properties of nested fits."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.linear_model import Ridge

import polynomial_overfitting as po


@pytest.mark.parametrize("degree", [1, 3, 6])
def test_matches_polyfit(degree):
    rng = np.random.default_rng(0)
    x, y = po.make_data(30, 0.2, rng)
    w = po.fit_poly(x, y, degree)
    np.testing.assert_allclose(w, np.polyfit(x, y, degree)[::-1], rtol=1e-7, atol=1e-9)


def test_ridge_matches_sklearn():
    rng = np.random.default_rng(1)
    x, y = po.make_data(25, 0.2, rng)
    w = po.fit_poly(x, y, 8, alpha=0.01)
    sk = Ridge(alpha=0.01, solver="svd").fit(po.poly_features(x, 8)[:, 1:], y)
    np.testing.assert_allclose(w, np.r_[sk.intercept_, sk.coef_], rtol=1e-6, atol=1e-8)


def test_overfitting_properties():
    rng = np.random.default_rng(0)
    x_tr, y_tr = po.make_data(15, 0.25, rng)
    x_va, y_va = po.make_data(500, 0.25, rng)
    degrees = np.arange(15)
    tr, va = po.error_curve(x_tr, y_tr, x_va, y_va, degrees)
    assert np.all(np.diff(tr) <= 1e-10)       # nested models: training error never rises
    assert tr[-1] < 1e-8                      # degree n - 1 interpolates n points
    best = int(np.argmin(va))
    assert 2 <= best <= 8 and va[-1] > 100 * va[best]   # validation error is U-shaped


def test_plots_return_labelled_figures():
    rng = np.random.default_rng(0)
    x, y = po.make_data(15, 0.25, rng)
    fig = po.plot_fits(x, y)
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    plt.close("all")
