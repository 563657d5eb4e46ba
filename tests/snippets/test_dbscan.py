"""Oracle tests for snippets/dbscan.py against sklearn.cluster.DBSCAN."""

import numpy as np
import pytest
from sklearn.cluster import DBSCAN

import dbscan as db


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """Identical labels up to a permutation of cluster ids, with noise (-1) fixed."""
    if not np.array_equal(a == -1, b == -1):
        return False
    pairs = set(zip(a[a != -1].tolist(), b[b != -1].tolist()))
    return len(pairs) == len({p[0] for p in pairs}) == len({p[1] for p in pairs})


def noisy_data(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    moons = db.make_moons(200, noise=0.08, seed=seed)
    blob = rng.normal([2.5, 1.5], 0.15, size=(40, 2))
    clutter = rng.uniform([-1.5, -1.0], [3.0, 2.0], size=(30, 2))
    return np.vstack([moons, blob, clutter])


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("eps,min_samples", [(0.1, 3), (0.15, 5), (0.25, 10), (0.05, 2)])
def test_labels_match_sklearn(seed, eps, min_samples):
    X = noisy_data(seed)
    ours, core = db.dbscan(X, eps, min_samples)
    ref = DBSCAN(eps=eps, min_samples=min_samples).fit(X)
    # exact equality of the partition (no tolerance: labels are discrete)
    assert same_partition(ours, ref.labels_)
    np.testing.assert_array_equal(np.flatnonzero(core), ref.core_sample_indices_)


def test_k_distance_is_sorted_and_matches_brute_force():
    X = noisy_data(3)
    kd = db.k_distance(X, 4)
    assert np.all(np.diff(kd) <= 0)
    brute = np.sort([np.sort(np.linalg.norm(X - x, axis=1))[4] for x in X])[::-1]
    np.testing.assert_allclose(kd, brute, atol=1e-7)
