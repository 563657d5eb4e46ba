"""Oracle tests for snippets/ranking_metrics.py against sklearn.metrics.dcg_score / ndcg_score."""

import numpy as np
import pytest
from sklearn.metrics import dcg_score, ndcg_score

import ranking_metrics as rm


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("k", [1, 3, 5, 10, 50])
def test_matches_sklearn(seed, k):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 30))
    rel = rng.integers(0, 5, size=n).astype(float)
    # the list is already in ranked order: give sklearn strictly decreasing scores (no ties)
    scores = -np.arange(n, dtype=float)
    if n == 1:
        # sklearn refuses single-document queries; check the definition directly
        assert rm.ndcg_at_k(rel, k) == (1.0 if rel[0] > 0 else 0.0)
        return
    np.testing.assert_allclose(rm.dcg_at_k(rel, k), dcg_score([rel], [scores], k=k), rtol=1e-12)
    np.testing.assert_allclose(rm.ndcg_at_k(rel, k), ndcg_score([rel], [scores], k=k), rtol=1e-12)


def test_hand_computed_exp_gain():
    rel = [3, 2, 3, 0, 1, 2]
    dcg3 = (2**3 - 1) / 1 + (2**2 - 1) / np.log2(3) + (2**3 - 1) / 2
    idcg3 = 7 / 1 + 7 / np.log2(3) + 3 / 2
    assert rm.dcg_at_k(rel, 3, gain="exp") == pytest.approx(dcg3, rel=1e-12)
    assert rm.ndcg_at_k(rel, 3, gain="exp") == pytest.approx(dcg3 / idcg3, rel=1e-12)


def test_properties():
    assert rm.ndcg_at_k([0, 0, 0], 3) == 0.0
    assert rm.ndcg_at_k([3, 2, 1, 0], 4) == 1.0
    assert 0.0 <= rm.ndcg_at_k([0, 1, 2, 3], 4) < 1.0
    assert rm.dcg_at_k([1, 1], 10) == pytest.approx(1 + 1 / np.log2(3), rel=1e-12)  # k past the end
