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


def _predict_by_loops(X, y, Q, k):
    """Slow oracle: sort all distances, count votes, break ties by the nearest tied neighbour."""
    out = []
    for q in Q:
        order = np.argsort(((X - q) ** 2).sum(1), kind="stable")[:k]
        counts = np.bincount(y[order], minlength=y.max() + 1)
        tied = set(np.flatnonzero(counts == counts.max()))
        out.append(next(int(y[i]) for i in order if y[i] in tied))
    return np.array(out)


@pytest.mark.parametrize("k", [2, 4, 6])
def test_ties_go_to_the_nearest_tied_class(k):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(200, 2))
    y = rng.integers(0, 3, 200)                  # three classes and even k: many tied votes
    Q = rng.normal(size=(300, 2))
    ours = knn.knn_predict(X, y, Q, k)
    np.testing.assert_array_equal(ours, _predict_by_loops(X, y, Q, k))
    # where the vote is not tied, scikit-learn (lowest label on ties) must agree
    proba = knn.knn_predict_proba(X, y, Q, k)
    untied = (proba == proba.max(1, keepdims=True)).sum(1) == 1
    sk = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(X, y).predict(Q)
    np.testing.assert_array_equal(ours[untied], sk[untied])
    assert (~untied).sum() > 10 and np.any(ours[~untied] != sk[~untied])  # the rules differ on ties


def test_tie_example_by_hand():
    X = np.array([[0.0], [1.0], [-2.0], [3.0]])
    y = np.array([1, 0, 0, 1])
    # query 0.1: neighbours (k=2) are x=0 (class 1) and x=1 (class 0); tie -> nearest is class 1
    assert knn.knn_predict(X, y, np.array([[0.1]]), 2)[0] == 1
