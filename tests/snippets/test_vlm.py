"""Oracles (PyTorch on the CPU): the SigLIP loss and its gradients against autograd through
F.logsigmoid; zero-shot classification against an explicit loop; the LLaVA projector against
nn.Sequential(Linear, GELU(tanh), Linear); cross-attention against nn.MultiheadAttention; the
gated cross-attention block and the Perceiver resampler against torch compositions of the same
modules; and the identity of the gated block at initialisation."""

import numpy as np
import torch
import torch.nn.functional as F

import vlm as V


def test_siglip_loss_and_gradients_against_autograd():
    rng = np.random.default_rng(0)
    za, zb = rng.normal(size=(6, 8)), rng.normal(size=(6, 8))
    za[:3] += 2 * zb[:3]
    loss, dza, dzb, dt, db = V.siglip_loss(za, zb, t=7.0, b=-3.0)
    A, B = torch.tensor(za, requires_grad=True), torch.tensor(zb, requires_grad=True)
    t, b = torch.tensor(7.0, dtype=torch.float64, requires_grad=True), torch.tensor(-3.0, dtype=torch.float64, requires_grad=True)
    cos = F.normalize(A, dim=1) @ F.normalize(B, dim=1).T
    y = 2 * torch.eye(6, dtype=torch.float64) - 1
    ref = -F.logsigmoid(y * (t * cos + b)).sum() / 6
    ref.backward()
    assert abs(loss - ref.item()) < 1e-12
    np.testing.assert_allclose(dza, A.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(dzb, B.grad.numpy(), rtol=1e-9, atol=1e-12)
    assert abs(dt - t.grad.item()) < 1e-10 and abs(db - b.grad.item()) < 1e-10


def test_zero_shot_against_loop():
    rng = np.random.default_rng(1)
    img, txt = rng.normal(size=(20, 8)), rng.normal(size=(5, 3, 8))
    ours = V.zero_shot_classify(img, txt)
    for i in range(20):
        scores = []
        for k in range(5):
            c = sum(t / np.linalg.norm(t) for t in txt[k])
            scores.append(img[i] @ c / (np.linalg.norm(img[i]) * np.linalg.norm(c)))
        assert ours[i] == int(np.argmax(scores))


def test_projector_against_torch():
    rng = np.random.default_rng(2)
    W1, b1, W2, b2 = rng.normal(size=(12, 6)), rng.normal(size=12), rng.normal(size=(10, 12)), rng.normal(size=10)
    x = rng.normal(size=(7, 6))
    net = torch.nn.Sequential(torch.nn.Linear(6, 12), torch.nn.GELU(approximate="tanh"), torch.nn.Linear(12, 10)).double()
    with torch.no_grad():
        for layer, W, b in ((net[0], W1, b1), (net[2], W2, b2)):
            layer.weight.copy_(torch.tensor(W))
            layer.bias.copy_(torch.tensor(b))
        ref = net(torch.tensor(x)).numpy()
    np.testing.assert_allclose(V.llava_projector(x, W1, b1, W2, b2), ref, rtol=1e-10, atol=1e-12)


def _params(rng, D, alpha=0.0, beta=0.0):
    return {"W_qkv": rng.normal(0, 0.3, (3 * D, D)), "b_qkv": rng.normal(0, 0.1, 3 * D), "W_o": rng.normal(0, 0.3, (D, D)),
            "b_o": rng.normal(0, 0.1, D), "W_1": rng.normal(0, 0.3, (4 * D, D)), "b_1": rng.normal(0, 0.1, 4 * D),
            "W_2": rng.normal(0, 0.15, (D, 4 * D)), "b_2": rng.normal(0, 0.1, D), "alpha": alpha, "beta": beta}


def _torch_mha(p, D, heads):
    m = torch.nn.MultiheadAttention(D, heads, batch_first=True).double()
    with torch.no_grad():
        m.in_proj_weight.copy_(torch.tensor(p["W_qkv"]))
        m.in_proj_bias.copy_(torch.tensor(p["b_qkv"]))
        m.out_proj.weight.copy_(torch.tensor(p["W_o"]))
        m.out_proj.bias.copy_(torch.tensor(p["b_o"]))
    return m


def _ffw(p, h):
    T = torch.tensor
    return F.gelu(h @ T(p["W_1"]).T + T(p["b_1"]), approximate="tanh") @ T(p["W_2"]).T + T(p["b_2"])


def test_cross_attention_and_gated_block_against_torch():
    rng = np.random.default_rng(3)
    D, heads = 16, 4
    x, vis = rng.normal(size=(5, D)), rng.normal(size=(30, D))
    p = _params(rng, D, alpha=0.7, beta=-0.4)
    mha = _torch_mha(p, D, heads)
    X, M = torch.tensor(x)[None], torch.tensor(vis)[None]
    with torch.no_grad():
        ref_attn = mha(X, M, M, need_weights=False)[0][0].numpy()
        ln = lambda t: F.layer_norm(t, (D,), eps=1e-5)
        h = X + np.tanh(0.7) * mha(ln(X), M, M, need_weights=False)[0]
        ref_block = (h + np.tanh(-0.4) * _ffw(p, ln(h)))[0].numpy()
    np.testing.assert_allclose(V.cross_attention(x, vis, p, heads), ref_attn, rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(V.gated_xattn_block(x, vis, p, heads), ref_block, rtol=1e-9, atol=1e-11)
    np.testing.assert_array_equal(V.gated_xattn_block(x, vis, _params(rng, D), heads), x)


def test_resampler_against_torch():
    rng = np.random.default_rng(4)
    D, heads, R = 8, 2, 4
    vis, lat = rng.normal(size=(50, D)), rng.normal(size=(R, D))
    layers = [_params(rng, D), _params(rng, D)]
    z = torch.tensor(lat)[None]
    with torch.no_grad():
        for p in layers:
            kv = torch.cat([torch.tensor(vis)[None], z], 1)
            z = z + _torch_mha(p, D, heads)(z, kv, kv, need_weights=False)[0]
            z = z + _ffw(p, z)
    out = V.perceiver_resampler(vis, lat, layers, heads)
    assert out.shape == (R, D)
    np.testing.assert_allclose(out, z[0].numpy(), rtol=1e-9, atol=1e-11)
