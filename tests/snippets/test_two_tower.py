"""Tests for snippets/two_tower.py: top-k against a brute-force full sort, recall@k by hand,
the in-batch softmax gradient against central finite differences, and learning beats chance."""

import numpy as np
import pytest

import two_tower as tt


@pytest.mark.parametrize("seed", range(5))
def test_top_k_equals_brute_force_sort(seed):
    rng = np.random.default_rng(seed)
    U, V = rng.standard_normal((7, 5)), rng.standard_normal((60, 5))
    for k in (1, 5, 60):
        ours = tt.top_k(U, V, k)
        brute = np.argsort(-(U @ V.T), axis=1, kind="stable")[:, :k]  # full O(n log n) sort
        np.testing.assert_array_equal(ours, brute)


def test_top_k_respects_exclusions():
    rng = np.random.default_rng(0)
    U, V = rng.standard_normal((3, 4)), rng.standard_normal((20, 4))
    full = np.argsort(-(U @ V.T), axis=1)
    excl = [{int(full[u, 0]), int(full[u, 2])} for u in range(3)]
    ours = tt.top_k(U, V, 5, excl)
    for u in range(3):
        expected = [i for i in full[u] if i not in excl[u]][:5]
        assert ours[u].tolist() == expected


def test_recall_hand_computed():
    retrieved = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    relevant = [{1, 9}, {4, 5, 6, 10}, set()]  # 1/2 and 3/4; the user with nothing relevant is skipped
    assert tt.recall_at_k(retrieved, relevant) == pytest.approx((0.5 + 0.75) / 2, rel=1e-12)


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    Wu, Wi = rng.standard_normal((6, 4)) * 0.3, rng.standard_normal((6, 4)) * 0.3
    xu, xi = rng.standard_normal((8, 6)), rng.standard_normal((8, 6))
    _, gu, gi = tt.in_batch_softmax_loss(Wu, Wi, xu, xi, tau=0.5)
    h = 1e-6
    for W, g in ((Wu, gu), (Wi, gi)):
        num = np.zeros_like(W)
        for idx in np.ndindex(W.shape):
            old = W[idx]
            W[idx] = old + h
            lp = tt.in_batch_softmax_loss(Wu, Wi, xu, xi, 0.5)[0]
            W[idx] = old - h
            lm = tt.in_batch_softmax_loss(Wu, Wi, xu, xi, 0.5)[0]
            W[idx] = old
            num[idx] = (lp - lm) / (2 * h)
        np.testing.assert_allclose(g, num, rtol=1e-5, atol=1e-8)


def test_training_lowers_loss_and_beats_random_retrieval():
    Xu, Xi, train, test = tt.make_interactions(n_users=200, n_items=400, seed=3)
    Wu, Wi, hist = tt.train_two_tower(Xu, Xi, train, epochs=10, batch=128)
    assert hist[-1] < hist[0] - 0.3
    seen = [set() for _ in range(len(Xu))]
    for u, i in train:
        seen[u].add(int(i))
    r = tt.recall_at_k(tt.top_k(Xu @ Wu, Xi @ Wi, 20, seen), test)
    assert r > 5 * 20 / len(Xi)  # chance level is k / n_items = 0.05
