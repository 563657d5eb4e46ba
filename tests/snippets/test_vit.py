"""Oracles (PyTorch on the CPU): patchify against torch.nn.functional.unfold, patch embedding
against conv2d with stride P, position-embedding interpolation against F.interpolate (bilinear,
align_corners=False), the block against nn.TransformerEncoderLayer (norm_first, tanh GELU) with
the same weights, the pooled ViT against a torch re-implementation, and the FLOP formula against
torch.utils.flop_counter.FlopCounterMode (linear layers and the
convolution through nn modules, the attention products on explicit matmuls)."""

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode

import vit as V


def test_patchify_matches_unfold_and_conv():
    rng = np.random.default_rng(0)
    imgs = rng.normal(size=(2, 3, 24, 16))
    for P in (4, 8):
        ours = V.patchify(imgs, P)
        theirs = F.unfold(torch.tensor(imgs), kernel_size=P, stride=P).transpose(1, 2).numpy()
        np.testing.assert_array_equal(ours, theirs)
        W, b = rng.normal(size=(5, 3, P, P)), rng.normal(size=5)
        conv = F.conv2d(torch.tensor(imgs), torch.tensor(W), torch.tensor(b), stride=P)   # (B, D, gh, gw)
        np.testing.assert_allclose(V.patch_embed(imgs, W, b), conv.flatten(2).transpose(1, 2).numpy(), rtol=1e-10, atol=1e-12)


def test_position_embedding_interpolation():
    rng = np.random.default_rng(1)
    pos = rng.normal(size=(7 * 7, 6))
    for new in [(10, 10), (12, 9), (4, 4), (7, 7)]:
        ours = V.interpolate_pos_embed(pos, new)
        grid = torch.tensor(pos.reshape(7, 7, 6)).permute(2, 0, 1)[None]
        theirs = F.interpolate(grid, size=new, mode="bilinear", align_corners=False)[0].permute(1, 2, 0).reshape(-1, 6)
        np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-10, atol=1e-12)


def _torch_layer(p, D, heads):
    layer = torch.nn.TransformerEncoderLayer(D, heads, dim_feedforward=4 * D, dropout=0.0, batch_first=True,
                                             norm_first=True, layer_norm_eps=1e-6,
                                             activation=lambda t: F.gelu(t, approximate="tanh")).double().eval()
    with torch.no_grad():
        layer.self_attn.in_proj_weight.copy_(torch.tensor(p["W_qkv"]))
        layer.self_attn.in_proj_bias.copy_(torch.tensor(p["b_qkv"]))
        layer.self_attn.out_proj.weight.copy_(torch.tensor(p["W_o"]))
        layer.self_attn.out_proj.bias.copy_(torch.tensor(p["b_o"]))
        layer.linear1.weight.copy_(torch.tensor(p["W_1"]))
        layer.linear1.bias.copy_(torch.tensor(p["b_1"]))
        layer.linear2.weight.copy_(torch.tensor(p["W_2"]))
        layer.linear2.bias.copy_(torch.tensor(p["b_2"]))
        layer.norm1.weight.copy_(torch.tensor(p["g1"]))
        layer.norm1.bias.copy_(torch.tensor(p["b1n"]))
        layer.norm2.weight.copy_(torch.tensor(p["g2"]))
        layer.norm2.bias.copy_(torch.tensor(p["b2n"]))
    return layer


def test_block_matches_torch_encoder_layer():
    rng = np.random.default_rng(2)
    D, heads = 24, 4
    p = V.init_block(D, rng)
    x = rng.normal(size=(3, 17, D))
    with torch.no_grad():
        theirs = _torch_layer(p, D, heads)(torch.tensor(x)).numpy()
    np.testing.assert_allclose(V.vit_block(x, p, heads), theirs, rtol=1e-9, atol=1e-11)


def test_full_vit_and_pooling():
    rng = np.random.default_rng(3)
    D, heads, P = 16, 2, 4
    imgs = rng.normal(size=(2, 3, 16, 16))
    params = {"W_patch": rng.normal(0, 0.1, (D, 3, P, P)), "b_patch": rng.normal(0, 0.1, D), "cls": rng.normal(0, 0.1, D),
              "pos": rng.normal(0, 0.1, (17, D)), "blocks": [V.init_block(D, rng) for _ in range(2)],
              "g_f": 1 + rng.normal(0, 0.1, D), "b_f": rng.normal(0, 0.1, D), "W_head": rng.normal(0, 0.3, (5, D)),
              "b_head": rng.normal(0, 0.1, 5)}
    T = lambda a: torch.tensor(a)
    with torch.no_grad():
        x = F.conv2d(T(imgs), T(params["W_patch"]), T(params["b_patch"]), stride=P).flatten(2).transpose(1, 2)
        x = torch.cat([T(params["cls"]).expand(2, 1, D), x], 1) + T(params["pos"])
        for blk in params["blocks"]:
            x = _torch_layer(blk, D, heads)(x)
        x = F.layer_norm(x, (D,), T(params["g_f"]), T(params["b_f"]), eps=1e-6)
        for pool, z in (("cls", x[:, 0]), ("mean", x[:, 1:].mean(1))):
            np.testing.assert_allclose(V.vit_forward(imgs, params, heads, pool=pool),
                                       (z @ T(params["W_head"]).T + T(params["b_head"])).numpy(), rtol=1e-9, atol=1e-11)


def test_flop_formula_against_torch_counter():
    D, heads, depth, img, P = 32, 4, 2, 32, 8
    rng = np.random.default_rng(4)
    layers = [_torch_layer(V.init_block(D, rng), D, heads) for _ in range(depth)]
    patch = torch.nn.Conv2d(3, D, P, stride=P, bias=False).double()
    x_img = torch.zeros(1, 3, img, img, dtype=torch.float64)
    with FlopCounterMode(display=False) as counter:  # grad enabled: the layer takes its plain (countable) path
        x = patch(x_img).flatten(2).transpose(1, 2)
        x = torch.cat([torch.zeros(1, 1, D, dtype=torch.float64), x], 1)
        for layer in layers:
            x = layer(x)
    ours = V.vit_flops(img, P, D, depth)
    # the counter sees every linear layer and the convolution, but not torch's fused CPU attention kernel,
    # so the score and value products are counted on explicit matmuls of the same shapes
    assert counter.get_total_flops() == ours["linear"] + ours["embed"], (counter.get_total_flops(), ours)
    N, dh = ours["tokens"], D // heads
    q = torch.zeros(1, heads, N, dh, dtype=torch.float64)
    with FlopCounterMode(display=False) as attn_counter:
        for _ in range(depth):
            torch.softmax(q @ q.transpose(-1, -2), -1) @ q
    assert attn_counter.get_total_flops() == ours["attention"], (attn_counter.get_total_flops(), ours)
