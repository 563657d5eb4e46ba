"""Oracles: a dense torch formulation of the same MoE (torch.topk on the softmax, a dense
(n, E) gate matrix, every expert run on every token); capacity dropping checked against its
defining rule; the load-balancing loss and its gradient against torch autograd (with f held
constant) and central finite differences; the z-loss against torch.logsumexp."""

import numpy as np
import torch

import moe as M


def _setup(seed, n=40, d=8, h=16, E=5):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    Wr = rng.normal(size=(d, E))
    experts_W = [(rng.normal(0, 0.4, (d, h)), rng.normal(0, 0.4, (h, d))) for _ in range(E)]
    return x, Wr, experts_W


def _torch_dense_moe(x, Wr, experts_W, k):
    X = torch.tensor(x)
    probs = torch.softmax(X @ torch.tensor(Wr), dim=-1)
    val, idx = torch.topk(probs, k, dim=-1)
    G = torch.zeros_like(probs).scatter(1, idx, val / val.sum(-1, keepdim=True))
    outs = torch.stack([torch.relu(X @ torch.tensor(W1)) @ torch.tensor(W2) for W1, W2 in experts_W], dim=1)  # (n, E, d)
    return (G[..., None] * outs).sum(1).numpy()


def test_sparse_dispatch_equals_dense_mixture():
    for k in (1, 2, 3):
        x, Wr, experts_W = _setup(k)
        y, info = M.moe_forward(x, Wr, experts_W, k)
        np.testing.assert_allclose(y, _torch_dense_moe(x, Wr, experts_W, k), rtol=1e-10, atol=1e-12)
        assert info["dropped"] == 0.0
        np.testing.assert_allclose(info["load"].sum(), 1.0, rtol=1e-12)


def test_capacity_rule():
    rng = np.random.default_rng(7)
    E, k, n = 4, 2, 50
    experts = np.stack([rng.permutation(E)[:k] for _ in range(n)])
    experts[:30, 0] = 0  # overload expert 0 with first choices
    for cap in (5, 12, 25, 100):
        keep = M.apply_capacity(experts, E, cap)
        for e in range(E):
            assert keep[experts == e].sum() <= cap
        # a dropped assignment means its expert is already full with higher-priority ones
        for t, s in zip(*np.nonzero(~keep)):
            e = experts[t, s]
            higher = [(t2, s2) for t2, s2 in zip(*np.nonzero(keep & (experts == e))) if (s2, t2) < (s, t)]
            assert len(higher) == cap
        if cap >= n:
            assert keep.all()


def test_dropped_tokens_get_no_output_from_that_expert():
    x, Wr, experts_W = _setup(11, n=60)
    y_cap, info = M.moe_forward(x, Wr, experts_W, 1, capacity_factor=0.5)
    y_full, _ = M.moe_forward(x, Wr, experts_W, 1)
    dropped = ~info["keep"][:, 0]
    assert dropped.any()
    np.testing.assert_array_equal(y_cap[dropped], 0.0)
    np.testing.assert_allclose(y_cap[~dropped], y_full[~dropped], rtol=1e-12)


def test_load_balancing_loss_and_gradient():
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(32, 6)) + np.array([1.5, 0, 0, 0, 0, -1])
    for k in (1, 2):
        loss, grad = M.load_balancing_loss(logits, k)
        L = torch.tensor(logits, requires_grad=True)
        probs = torch.softmax(L, -1)
        top = torch.topk(probs.detach(), k, dim=-1).indices
        f = torch.bincount(top.flatten(), minlength=6).double() / (32 * k)
        theirs = 6 * (f * probs.mean(0)).sum()
        theirs.backward()
        np.testing.assert_allclose(loss, theirs.item(), rtol=1e-12)
        np.testing.assert_allclose(grad, L.grad.numpy(), rtol=1e-10, atol=1e-14)
        h = 1e-6  # no routing decision changes within h here, so f is locally constant
        for idx in [(0, 0), (5, 3), (31, 5)]:
            e = np.zeros_like(logits)
            e[idx] = h
            fd = (M.load_balancing_loss(logits + e, k)[0] - M.load_balancing_loss(logits - e, k)[0]) / (2 * h)
            np.testing.assert_allclose(grad[idx], fd, rtol=1e-5, atol=1e-10)
    # perfectly balanced assignments with uniform mean probability give exactly 1
    balanced = np.tile(np.eye(4) * 3.0, (5, 1))
    np.testing.assert_allclose(M.load_balancing_loss(balanced, 1)[0], 1.0, rtol=1e-12)
    # collapse onto one expert with confident probabilities approaches E
    collapsed = np.tile(np.array([20.0, 0, 0, 0]), (10, 1))
    assert M.load_balancing_loss(collapsed, 1)[0] > 3.99


def test_router_z_loss():
    z = np.random.default_rng(4).normal(0, 5, size=(9, 7))
    np.testing.assert_allclose(M.router_z_loss(z), (torch.logsumexp(torch.tensor(z), 1) ** 2).mean().item(), rtol=1e-12)
