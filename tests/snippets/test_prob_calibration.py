"""Oracles: scikit-learn calibration_curve, IsotonicRegression, LogisticRegression (unpenalised,
for Platt scaling) and brier_score_loss."""

import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss

import prob_calibration as pc


def _scores(seed=0, n=1500):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=n) * 1.5
    y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
    return 2.5 * z + 0.5, y


def test_reliability_curve_matches_sklearn():
    s, y = _scores()
    p = 1 / (1 + np.exp(-s))
    conf, freq, _ = pc.reliability_curve(y, p, 10)
    sk_freq, sk_conf = calibration_curve(y, p, n_bins=10, strategy="uniform")
    np.testing.assert_allclose(conf, sk_conf, rtol=1e-10)
    np.testing.assert_allclose(freq, sk_freq, rtol=1e-10)
    assert pc.brier_score(y, p) == pytest.approx(brier_score_loss(y, p), rel=1e-12)


def test_platt_matches_unpenalised_logistic_regression():
    s, y = _scores(1)
    a, b = pc.platt_fit(s, y)
    sk = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(s[:, None], y)
    np.testing.assert_allclose([a, b], [sk.coef_[0, 0], sk.intercept_[0]], rtol=1e-5)
    assert a == pytest.approx(1 / 2.5, rel=0.1)  # undoes the factor 2.5 in the score


def test_isotonic_matches_sklearn():
    s, y = _scores(2, 500)
    s = np.round(s, 1)                 # create ties
    ux, fit = pc.isotonic_fit(s, y)
    sk = IsotonicRegression(out_of_bounds="clip").fit(s, y)
    q = np.linspace(s.min() - 1, s.max() + 1, 300)
    np.testing.assert_allclose(pc.isotonic_predict(ux, fit, q), sk.predict(q), rtol=1e-10, atol=1e-12)
    assert np.all(np.diff(fit) >= 0)


def test_calibration_reduces_ece():
    s, y = _scores(3, 4000)
    p = 1 / (1 + np.exp(-s))
    a, b = pc.platt_fit(s[:2000], y[:2000])
    ece_raw = pc.expected_calibration_error(y[2000:], p[2000:])
    ece_platt = pc.expected_calibration_error(y[2000:], pc.platt_predict(s[2000:], a, b))
    assert ece_platt < 0.5 * ece_raw
