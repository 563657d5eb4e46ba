"""Oracle tests for snippets/hierarchical_clustering.py against scipy.cluster.hierarchy."""

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage as scipy_linkage
from sklearn.metrics import adjusted_rand_score

import hierarchical_clustering as hc

METHODS = ["single", "complete", "average", "ward"]


def data(seed: int, n: int = 40, d: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centers = rng.normal(0, 4, size=(4, d))
    return centers[rng.integers(4, size=n)] + rng.normal(size=(n, d))


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("seed", [0, 1])
def test_merge_heights_match_scipy(method, seed):
    X = data(seed)
    ours = hc.linkage(X, method)
    ref = scipy_linkage(X, method=method)
    # the four linkages are monotone, so heights come out sorted in both; tolerance 1e-9
    np.testing.assert_allclose(ours[:, 2], ref[:, 2], rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(ours[:, 3], ref[:, 3])


@pytest.mark.parametrize("method", METHODS)
def test_flat_clusters_match_scipy(method):
    X = data(2)
    for k in [2, 3, 5]:
        ours = hc.cut_tree(hc.linkage(X, method), k)
        ref = fcluster(scipy_linkage(X, method=method), t=k, criterion="maxclust")
        assert len(np.unique(ours)) == k
        assert adjusted_rand_score(ref, ours) == pytest.approx(1.0, abs=1e-12)


def test_leaf_order_is_a_permutation():
    Z = hc.linkage(data(3, n=15), "average")
    assert sorted(hc.leaf_order(Z)) == list(range(15))
