"""Oracles: RoPE as complex multiplication z_i * exp(i m theta_i) in torch (torch.polar), with
dimension i paired with i + d/2; RoPE's relative-position and norm properties; LoRA gradients
from torch autograd; merge/unmerge against the unmerged forward."""

import numpy as np
import torch

import coding_lora_rope as R


def _torch_rope_complex(x, positions, base=10000.0):
    x = torch.tensor(x)
    d = x.shape[-1]
    theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = torch.outer(torch.tensor(positions, dtype=torch.float64), theta)
    z = torch.complex(x[..., : d // 2], x[..., d // 2:]) * torch.polar(torch.ones_like(angles), angles)
    return torch.cat([z.real, z.imag], dim=-1).numpy()


def test_rope_matches_complex_rotation():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 3, 11, 16))
    pos = np.arange(5, 16)
    for base in (10000.0, 500000.0):
        np.testing.assert_allclose(R.apply_rope(x, pos, base), _torch_rope_complex(x, pos, base), rtol=1e-12, atol=1e-12)


def test_rope_scores_depend_only_on_relative_position():
    rng = np.random.default_rng(1)
    q, k = rng.normal(size=(1, 32)), rng.normal(size=(1, 32))
    score = lambda m, n: float((R.apply_rope(q, np.array([m])) @ R.apply_rope(k, np.array([n])).T)[0, 0])
    for m, n in [(0, 0), (5, 2), (2, 5), (37, 0)]:
        for shift in (1, 13, 1000):
            np.testing.assert_allclose(score(m + shift, n + shift), score(m, n), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(R.apply_rope(q, np.array([0])), q, rtol=0, atol=0)  # position 0: identity
    x = rng.normal(size=(7, 32))
    np.testing.assert_allclose(np.linalg.norm(R.apply_rope(x, np.arange(7) * 100), axis=-1), np.linalg.norm(x, axis=-1), rtol=1e-12)
    assert abs(score(5, 2) - score(2, 5)) > 1e-3  # depends on the signed offset, not just its size


def _layer(rng, d_in=12, d_out=9, r=3, alpha=6.0):
    layer = R.LoRALinear(rng.normal(size=(d_in, d_out)), rng.normal(size=d_out), r, alpha, rng)
    layer.B = rng.normal(size=(r, d_out))  # non-zero so every gradient term is exercised
    return layer


def test_lora_gradients_match_autograd():
    rng = np.random.default_rng(2)
    layer = _layer(rng)
    x, target = rng.normal(size=(8, 12)), rng.normal(size=(8, 9))
    dy = 2 * (layer.forward(x) - target) / x.shape[0]  # d/dy of mean squared error summed over outputs
    dA, dB, dx = layer.backward(x, dy)
    t = lambda a, g=True: torch.tensor(a, requires_grad=g)
    W, b, A, B, X = t(layer.W, False), t(layer.b, False), t(layer.A), t(layer.B), t(x)
    Y = X @ W + b + layer.scale * (X @ A) @ B
    (((Y - torch.tensor(target)) ** 2).sum(1).mean()).backward()
    for ours, theirs in ((dA, A.grad), (dB, B.grad), (dx, X.grad)):
        np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-10, atol=1e-12)


def test_lora_merge_unmerge_and_init():
    rng = np.random.default_rng(3)
    W0 = rng.normal(size=(12, 9))
    fresh = R.LoRALinear(W0.copy(), np.zeros(9), 4, 8.0, rng)
    x = rng.normal(size=(5, 12))
    np.testing.assert_array_equal(fresh.forward(x), x @ W0)  # B = 0: starts as the pretrained layer
    layer = _layer(rng)
    W = layer.W.copy()
    x = rng.normal(size=(6, 12))
    unmerged = layer.forward(x)
    layer.merge()
    np.testing.assert_allclose(layer.forward(x), unmerged, rtol=1e-12, atol=1e-12)
    assert np.linalg.matrix_rank(layer.W - W) == 3  # the update has rank r
    layer.unmerge()
    np.testing.assert_allclose(layer.W, W, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.forward(x), unmerged, rtol=1e-12, atol=1e-12)
