"""Oracle: PyTorch autograd on the CPU (float64) for the same computations as snippets/tape_autodiff.py."""

import numpy as np
import torch

import tape_autodiff as ad


def _mlp_loss_ours(X, Y, W1, b1, W2, b2):
    h = (ad.Tensor(X) @ W1 + b1).tanh()
    p = (h @ W2 + b2).sigmoid()
    return -(ad.Tensor(Y) * p.log() + (1 - ad.Tensor(Y)) * (1 - p).log()).mean()


def _mlp_loss_torch(X, Y, W1, b1, W2, b2):
    h = torch.tanh(X @ W1 + b1)
    p = torch.sigmoid(h @ W2 + b2)
    return -(Y * torch.log(p) + (1 - Y) * torch.log(1 - p)).mean()


def test_gradients_match_torch_autograd():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(16, 4)), rng.integers(0, 2, size=(16, 1)).astype(float)
    init = [rng.normal(size=s) * 0.5 for s in [(4, 5), (1, 5), (5, 1), (1, 1)]]   # biases broadcast over rows
    ours = [ad.Tensor(a, requires_grad=True) for a in init]
    loss = _mlp_loss_ours(X, Y, *ours)
    loss.backward()
    theirs = [torch.tensor(a, requires_grad=True) for a in init]
    tl = _mlp_loss_torch(torch.tensor(X), torch.tensor(Y), *theirs)
    tl.backward()
    np.testing.assert_allclose(loss.value, tl.item(), rtol=1e-12)
    for a, t in zip(ours, theirs):
        np.testing.assert_allclose(a.grad, t.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_reused_tensor_sums_its_paths_and_backward_accumulates_like_torch():
    x = ad.Tensor(np.array([1.5, -2.0]), requires_grad=True)
    (x * x + x).mean().backward()                    # x used three times: d/dx = (2x + 1) / 2
    np.testing.assert_allclose(x.grad, (2 * x.value + 1) / 2, rtol=1e-12)
    (x * x + x).mean().backward()                    # a second backward adds, hence zero_grad
    np.testing.assert_allclose(x.grad, 2 * (2 * x.value + 1) / 2, rtol=1e-12)


def test_no_grad_for_constants_and_graph_is_recorded():
    rng = np.random.default_rng(1)
    c = ad.Tensor(rng.normal(size=(3, 2)))
    w = ad.Tensor(rng.normal(size=(2, 1)), requires_grad=True)
    out = (c @ w).tanh().mean()
    out.backward()
    assert c.grad is None and w.grad is not None
    assert ad.graph_ops(out) == ["mean", "tanh", "matmul"]
