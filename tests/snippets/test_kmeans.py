"""Oracle tests for snippets/kmeans.py against scikit-learn's KMeans."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import threadpool_limits

import kmeans as km

CENTERS = np.array([[0.0, 0.0], [6.0, 0.0], [0.0, 6.0], [6.0, 6.0]])


@pytest.mark.parametrize("seed", [0, 1])
def test_inertia_matches_sklearn(seed):
    X, _ = km.make_blobs(400, CENTERS, std=1.5, seed=seed)
    _, _, ours = km.kmeans(X, k=4, n_init=10, seed=seed)
    with threadpool_limits(1):  # OpenMP threads only slow down on a shared 2-core machine
        ref = KMeans(n_clusters=4, n_init=10, random_state=seed).fit(X)
    # both should reach the same (global) optimum; tolerance 1e-6 relative
    np.testing.assert_allclose(ours, ref.inertia_, rtol=1e-6)


def test_separated_blobs_recovered_exactly():
    X, y = km.make_blobs(300, CENTERS, std=0.5, seed=3)
    _, labels, _ = km.kmeans(X, k=4, seed=0)
    with threadpool_limits(1):
        ref = KMeans(n_clusters=4, n_init=10, random_state=0).fit(X)
    assert adjusted_rand_score(y, labels) == pytest.approx(1.0, abs=1e-12)
    assert adjusted_rand_score(ref.labels_, labels) == pytest.approx(1.0, abs=1e-12)


def test_lloyd_inertia_is_the_sse_of_its_labels():
    X, _ = km.make_blobs(200, CENTERS, std=1.0, seed=4)
    c, lab, inertia, _ = km.lloyd(X, km.kmeans_pp_init(X, 4, np.random.default_rng(0)))
    direct = sum(((X[lab == j] - X[lab == j].mean(0)) ** 2).sum() for j in range(4))
    np.testing.assert_allclose(inertia, direct, rtol=1e-9)


def test_kmeans_pp_picks_distinct_data_points():
    X, _ = km.make_blobs(100, CENTERS, std=1.0, seed=5)
    c = km.kmeans_pp_init(X, 4, np.random.default_rng(0))
    assert len({tuple(r) for r in c}) == 4
    assert all((np.abs(X - r).sum(1) == 0).any() for r in c)


def test_inertia_curve_decreases():
    X, _ = km.make_blobs(200, CENTERS, std=1.0, seed=6)
    curve = km.inertia_curve(X, range(1, 6), n_init=3)
    assert np.all(np.diff(curve) < 0)
