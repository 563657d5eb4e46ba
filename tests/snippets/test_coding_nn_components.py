"""coding_nn_components.py against scipy.special (softmax), sklearn.metrics.log_loss, central finite
differences, and an explicit per-query, per-head loop for attention."""

import numpy as np
import pytest
from scipy.special import log_softmax, softmax
from sklearn.metrics import log_loss

import coding_nn_components as nn


def test_softmax_and_log_softmax_match_scipy():
    z = np.random.default_rng(0).normal(scale=50, size=(20, 7))
    np.testing.assert_allclose(nn.softmax(z), softmax(z, axis=-1), rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(nn.log_softmax(z), log_softmax(z, axis=-1), rtol=1e-10)


def test_extreme_logits_are_finite():
    loss, grad = nn.cross_entropy(np.array([[1e4, 0.0, -1e4]]), np.array([2]))
    np.testing.assert_allclose(loss, 2e4, rtol=1e-12)
    assert np.all(np.isfinite(grad))


def test_cross_entropy_matches_log_loss():
    rng = np.random.default_rng(1)
    z, y = rng.normal(size=(100, 4)), rng.integers(0, 4, 100)
    ref = log_loss(y, softmax(z, axis=1), labels=range(4))
    np.testing.assert_allclose(nn.cross_entropy(z, y)[0], ref, rtol=1e-10)


@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_cross_entropy_gradient_finite_differences(smoothing):
    rng = np.random.default_rng(2)
    z, y, h = rng.normal(size=(6, 5)), rng.integers(0, 5, 6), 1e-6
    _, g = nn.cross_entropy(z, y, smoothing)
    num = np.zeros_like(z)
    for idx in np.ndindex(*z.shape):
        e = np.zeros_like(z)
        e[idx] = h
        up = nn.cross_entropy(z + e, y, smoothing)[0]
        down = nn.cross_entropy(z - e, y, smoothing)[0]
        num[idx] = (up - down) / (2 * h)
    np.testing.assert_allclose(g, num, rtol=1e-6, atol=1e-9)


def _attention_loop(Q, K, V, mask=None):
    out = np.zeros((Q.shape[0], V.shape[1]))
    for i in range(Q.shape[0]):
        s = np.array([Q[i] @ K[j] / np.sqrt(Q.shape[1]) for j in range(K.shape[0])])
        allowed = np.ones(K.shape[0], bool) if mask is None else mask[i]
        w = np.zeros(K.shape[0])
        w[allowed] = softmax(s[allowed])
        out[i] = w @ V
    return out


@pytest.mark.parametrize("causal", [False, True])
def test_attention_matches_loop(causal):
    rng = np.random.default_rng(3)
    Q, K, V = rng.normal(size=(6, 4)), rng.normal(size=(6, 4)), rng.normal(size=(6, 3))
    mask = nn.causal_mask(6) if causal else None
    out, w = nn.scaled_dot_product_attention(Q, K, V, mask)
    np.testing.assert_allclose(out, _attention_loop(Q, K, V, mask), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(w.sum(-1), 1.0, rtol=1e-12)


def test_fully_masked_row_gives_zeros_not_nan():
    Q = K = V = np.ones((3, 2))
    mask = np.array([[False] * 3, [True] * 3, [True] * 3])
    out, _ = nn.scaled_dot_product_attention(Q, K, V, mask)
    assert np.all(np.isfinite(out)) and np.all(out[0] == 0)


def test_multi_head_matches_per_head_loop_and_is_causal():
    rng = np.random.default_rng(4)
    B, L, D, H = 2, 5, 8, 2
    x = rng.normal(size=(B, L, D))
    Wq, Wk, Wv, Wo = (rng.normal(size=(D, D)) / np.sqrt(D) for _ in range(4))
    ours = nn.multi_head_attention(x, Wq, Wk, Wv, Wo, H, nn.causal_mask(L))
    dh = D // H
    ref = np.zeros_like(ours)
    for b in range(B):
        heads = []
        for h in range(H):
            cols = slice(h * dh, (h + 1) * dh)
            q, k, v = x[b] @ Wq[:, cols], x[b] @ Wk[:, cols], x[b] @ Wv[:, cols]
            heads.append(_attention_loop(q, k, v, nn.causal_mask(L)))
        ref[b] = np.concatenate(heads, axis=1) @ Wo
    np.testing.assert_allclose(ours, ref, rtol=1e-10, atol=1e-12)
    x2 = x.copy()
    x2[:, -1] += 10.0  # changing the last token must not change earlier outputs under a causal mask
    out2 = nn.multi_head_attention(x2, Wq, Wk, Wv, Wo, H, nn.causal_mask(L))
    np.testing.assert_allclose(out2[:, :-1], ours[:, :-1], rtol=1e-12, atol=1e-12)
