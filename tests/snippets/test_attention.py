"""Oracle: torch.nn.functional.scaled_dot_product_attention and torch.nn.MultiheadAttention (float64)."""

import numpy as np
import torch
import torch.nn.functional as F

import attention as A


def test_sdpa_matches_torch_with_and_without_causal_mask():
    rng = np.random.default_rng(0)
    Q, K, V = rng.normal(size=(2, 3, 5, 8)), rng.normal(size=(2, 3, 5, 8)), rng.normal(size=(2, 3, 5, 6))
    for causal in (False, True):
        ours, weights = A.scaled_dot_product_attention(Q, K, V, A.causal_mask(5) if causal else None)
        theirs = F.scaled_dot_product_attention(*(torch.tensor(a) for a in (Q, K, V)), is_causal=causal)
        np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(weights.sum(-1), 1.0, rtol=1e-12)


def _torch_mha(E, h, rng):
    mha = torch.nn.MultiheadAttention(E, h, batch_first=True).double()
    with torch.no_grad():
        mha.in_proj_bias.copy_(torch.tensor(rng.normal(size=3 * E)))
        mha.out_proj.bias.copy_(torch.tensor(rng.normal(size=E)))
    Wi, bi = mha.in_proj_weight.detach().numpy(), mha.in_proj_bias.detach().numpy()
    W = {"Wq": Wi[:E].T, "Wk": Wi[E:2 * E].T, "Wv": Wi[2 * E:].T, "Wo": mha.out_proj.weight.detach().numpy().T,
         "bq": bi[:E], "bk": bi[E:2 * E], "bv": bi[2 * E:], "bo": mha.out_proj.bias.detach().numpy()}
    return mha, W


def test_mha_self_and_cross_attention_match_torch():
    rng = np.random.default_rng(1)
    E, h = 12, 3
    mha, W = _torch_mha(E, h, rng)
    xq, xkv = rng.normal(size=(2, 4, E)), rng.normal(size=(2, 7, E))
    for q, kv in ((xq, xq), (xq, xkv)):
        ours = A.multi_head_attention(q, kv, W, h)
        theirs, _ = mha(torch.tensor(q), torch.tensor(kv), torch.tensor(kv), need_weights=False)
        np.testing.assert_allclose(ours, theirs.detach().numpy(), rtol=1e-10, atol=1e-12)
    # causal self-attention: torch attn_mask uses True = masked out, ours True = may attend
    ours = A.multi_head_attention(xq, xq, W, h, mask=A.causal_mask(4))
    theirs, _ = mha(*(torch.tensor(xq),) * 3, attn_mask=torch.tensor(~A.causal_mask(4)), need_weights=False)
    np.testing.assert_allclose(ours, theirs.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_kv_cache_equals_full_causal_pass():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 9, 16))
    W = A.init_mha(16, rng)
    np.testing.assert_allclose(A.decode_with_kv_cache(x, W, 4), A.multi_head_attention(x, x, W, 4, A.causal_mask(9)), rtol=1e-10, atol=1e-12)


def test_kv_cache_bytes():
    assert A.kv_cache_bytes(32, 8, 128, 8192, 1) == 2 ** 30
