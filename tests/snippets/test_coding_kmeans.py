"""coding_kmeans.py against sklearn.cluster.KMeans (Lloyd) from the same centres; rtol=1e-8."""

import numpy as np
import pytest
from sklearn.cluster import KMeans

import coding_kmeans as km


@pytest.mark.parametrize("seed", range(5))
def test_matches_sklearn_from_same_init(seed):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(rng.uniform(-5, 5, 3), 1.0, (60, 3)) for _ in range(4)])
    init = km.kmeans_pp_init(X, 4, np.random.default_rng(seed))
    C, labels, inertia = km.kmeans(X, 4, init=init, tol=0.0)
    ref = KMeans(4, init=init, n_init=1, algorithm="lloyd", tol=0.0, max_iter=300).fit(X)
    np.testing.assert_allclose(C, ref.cluster_centers_, rtol=1e-8, atol=1e-10)
    np.testing.assert_array_equal(labels, ref.labels_)
    np.testing.assert_allclose(inertia, ref.inertia_, rtol=1e-8)


def test_distances_match_numpy():
    rng = np.random.default_rng(1)
    X, C = rng.normal(size=(30, 4)), rng.normal(size=(5, 4))
    ref = ((X[:, None, :] - C[None, :, :]) ** 2).sum(-1)
    np.testing.assert_allclose(km.pairwise_sq_dists(X, C), ref, rtol=1e-10, atol=1e-12)


def test_empty_cluster_and_duplicates():
    X = np.array([[0.0, 0.0]] * 5 + [[10.0, 10.0]] * 5)
    C, labels, inertia = km.kmeans(X, 2, init=np.array([[0.0, 0.0], [100.0, 100.0]]))
    assert inertia == pytest.approx(0.0, abs=1e-12)  # the empty cluster moves onto the far group
    assert len(set(labels)) == 2
