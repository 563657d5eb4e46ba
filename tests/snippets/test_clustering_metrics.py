"""Oracle tests for snippets/clustering_metrics.py against sklearn.metrics."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics import silhouette_samples as sk_samples
from sklearn.metrics import silhouette_score as sk_score

import clustering_metrics as cm


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("k", [2, 3, 7])
def test_silhouette_matches_sklearn(seed, k):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(120, 4))
    labels = rng.integers(k, size=120)
    labels[:k] = np.arange(k)  # every cluster non-empty
    # distances via ||x||^2 - 2x.y + ||y||^2 lose ~1e-10 to cancellation: absolute tolerance 1e-8
    np.testing.assert_allclose(cm.silhouette_samples(X, labels), sk_samples(X, labels),
                               rtol=0, atol=1e-8)
    np.testing.assert_allclose(cm.silhouette_score(X, labels), sk_score(X, labels), rtol=0, atol=1e-8)


def test_silhouette_singleton_cluster_is_zero():
    X = np.array([[0.0, 0], [0.1, 0], [5, 5], [5.1, 5], [10, 0]])
    labels = np.array([0, 0, 1, 1, 2])
    np.testing.assert_allclose(cm.silhouette_samples(X, labels), sk_samples(X, labels), atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 5)), min_size=2, max_size=60))
def test_ari_matches_sklearn(pairs):
    a, b = map(np.array, zip(*pairs))
    np.testing.assert_allclose(cm.adjusted_rand_index(a, b), adjusted_rand_score(a, b),
                               rtol=1e-9, atol=1e-12)


def test_ari_is_permutation_invariant_and_one_on_identity():
    y = np.repeat([0, 1, 2], 10)
    assert cm.adjusted_rand_index(y, (y + 1) % 3) == pytest.approx(1.0, abs=1e-12)
