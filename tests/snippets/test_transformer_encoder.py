"""Oracle: torch.nn.TransformerEncoderLayer (float64, dropout 0, eval), torch layer_norm, and the PE formula written out."""

import math

import numpy as np
import pytest
import torch

import transformer_encoder as T


def _copy_params(layer, E):
    g = lambda t: t.detach().numpy().copy()  # noqa: E731
    return {
        "W_qkv": g(layer.self_attn.in_proj_weight).T, "b_qkv": g(layer.self_attn.in_proj_bias),
        "W_o": g(layer.self_attn.out_proj.weight).T, "b_o": g(layer.self_attn.out_proj.bias),
        "W_1": g(layer.linear1.weight).T, "b_1": g(layer.linear1.bias),
        "W_2": g(layer.linear2.weight).T, "b_2": g(layer.linear2.bias),
        "g_1": g(layer.norm1.weight), "be_1": g(layer.norm1.bias),
        "g_2": g(layer.norm2.weight), "be_2": g(layer.norm2.bias),
    }


@pytest.mark.parametrize("norm_first", [False, True])
def test_encoder_block_matches_torch(norm_first):
    torch.manual_seed(0)
    E, h, d_ff = 16, 4, 32
    layer = torch.nn.TransformerEncoderLayer(E, h, d_ff, dropout=0.0, batch_first=True, norm_first=norm_first).double()
    with torch.no_grad():
        for prm in layer.parameters():
            prm.add_(0.1 * torch.randn_like(prm))  # non-trivial biases and norm parameters
    layer.train()  # avoid the fused inference fast path; dropout is 0 so train == eval
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 7, E))
    pad = np.zeros((3, 7), dtype=bool)
    pad[1, 5:] = True
    p = _copy_params(layer, E)
    for mask in (None, pad):
        ours = T.encoder_block(x, p, h, norm_first=norm_first, pad_mask=mask)
        theirs = layer(torch.tensor(x), src_key_padding_mask=None if mask is None else torch.tensor(mask))
        np.testing.assert_allclose(ours, theirs.detach().numpy(), rtol=1e-9, atol=1e-11)


def test_layer_norm_matches_torch():
    rng = np.random.default_rng(1)
    x, gmm, b = rng.normal(size=(4, 5, 8)), rng.normal(size=8), rng.normal(size=8)
    theirs = torch.nn.functional.layer_norm(torch.tensor(x), (8,), torch.tensor(gmm), torch.tensor(b), eps=1e-5)
    np.testing.assert_allclose(T.layer_norm(x, gmm, b), theirs.numpy(), rtol=1e-10, atol=1e-12)


def test_positional_encoding_formula_and_relative_shift():
    n, d = 20, 10
    pe = T.sinusoidal_positional_encoding(n, d)
    for pos in range(n):
        for i in range(d):
            ang = pos / 10000 ** (2 * (i // 2) / d)
            np.testing.assert_allclose(pe[pos, i], math.sin(ang) if i % 2 == 0 else math.cos(ang), rtol=0, atol=1e-12)
    # PE(p + k) is a fixed rotation of PE(p) within each (sin, cos) pair, independent of p
    k = 3
    for i in range(d // 2):
        w = 10000 ** (-2 * i / d)
        R = np.array([[np.cos(k * w), -np.sin(k * w)], [np.sin(k * w), np.cos(k * w)]])
        np.testing.assert_allclose(pe[:-k, 2 * i:2 * i + 2] @ R, pe[k:, 2 * i:2 * i + 2], atol=1e-12)
