"""Oracle: scikit-learn KNeighborsClassifier / KNeighborsRegressor (brute force, Euclidean)."""

import numpy as np
import pytest
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor, NearestNeighbors

import knn


def _data(seed=0, n=300):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    y = (X[:, 0] + X[:, 1] ** 2 + 0.5 * rng.normal(size=n) > 1).astype(int)
    return X, y


def test_neighbors_match_sklearn():
    X, _ = _data()
    Q, _ = _data(1, 50)
    idx, dist = knn.knn_neighbors(X, Q, 7)
    sk_dist, sk_idx = NearestNeighbors(n_neighbors=7, algorithm="brute").fit(X).kneighbors(Q)
    np.testing.assert_array_equal(idx, sk_idx)
    np.testing.assert_allclose(dist, sk_dist, rtol=1e-7, atol=1e-7)


@pytest.mark.parametrize("k,weights", [(1, "uniform"), (5, "uniform"), (15, "distance")])
def test_classifier_matches_sklearn(k, weights):
    X, y = _data()
    Q, _ = _data(2, 100)
    ours = knn.knn_predict_proba(X, y, Q, k, weights)
    sk = KNeighborsClassifier(n_neighbors=k, weights=weights, algorithm="brute").fit(X, y)
    np.testing.assert_allclose(ours, sk.predict_proba(Q), rtol=1e-7, atol=1e-9)


def test_regressor_matches_sklearn():
    X, _ = _data()
    t = X[:, 0] * 2 + np.sin(X[:, 1])
    Q, _ = _data(3, 40)
    sk = KNeighborsRegressor(n_neighbors=9, algorithm="brute").fit(X, t)
    np.testing.assert_allclose(knn.knn_regress(X, t, Q, 9), sk.predict(Q), rtol=1e-10)
