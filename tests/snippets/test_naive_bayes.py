"""Oracle: scikit-learn GaussianNB and MultinomialNB with the same smoothing."""

import numpy as np
from sklearn.naive_bayes import GaussianNB as SkGNB, MultinomialNB as SkMNB

import naive_bayes as nb


def test_gaussian_nb_matches_sklearn():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 5)) * rng.uniform(0.5, 2, 5)
    y = rng.integers(0, 3, 300)
    X[y == 1] += 0.8
    ours = nb.GaussianNB().fit(X, y)
    sk = SkGNB().fit(X, y)
    np.testing.assert_allclose(ours.mu_, sk.theta_, rtol=1e-10)
    np.testing.assert_allclose(ours.var_, sk.var_, rtol=1e-8)
    np.testing.assert_allclose(ours.predict_log_proba(X), sk.predict_log_proba(X), rtol=1e-7, atol=1e-9)
    np.testing.assert_array_equal(ours.predict(X), sk.predict(X))


def test_multinomial_nb_matches_sklearn():
    rng = np.random.default_rng(1)
    X = rng.poisson(1.5, size=(200, 12)).astype(float)
    y = rng.integers(0, 2, 200)
    X[y == 1, :3] += rng.poisson(2, size=(int((y == 1).sum()), 3))
    for alpha in (1.0, 0.1):
        ours = nb.MultinomialNB(alpha).fit(X, y)
        sk = SkMNB(alpha=alpha).fit(X, y)
        np.testing.assert_allclose(ours.log_theta_, sk.feature_log_prob_, rtol=1e-10)
        np.testing.assert_allclose(ours.predict_log_proba(X), sk.predict_log_proba(X), rtol=1e-8, atol=1e-10)
