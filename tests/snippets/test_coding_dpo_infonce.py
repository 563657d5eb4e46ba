"""Oracles: torch autograd through F.log_softmax/gather and F.logsigmoid for DPO, through
F.normalize and F.cross_entropy (both directions) for InfoNCE; central finite differences of
the NumPy losses; and the loss values the definitions fix (log 2 at the reference, log N for
uninformative embeddings)."""

import numpy as np
import torch
import torch.nn.functional as F

import coding_dpo_infonce as C


def _batch(rng, B=3, T=6, V=11):
    logits = rng.normal(0, 2, size=(B, T, V))
    tgt = rng.integers(0, V, size=(B, T))
    mask = (np.arange(T)[None, :] >= rng.integers(1, 3, size=(B, 1))) & (np.arange(T)[None, :] < rng.integers(4, T + 1, size=(B, 1)))
    return logits, tgt, mask.astype(float)


def test_sequence_logprobs_match_torch():
    logits, tgt, mask = _batch(np.random.default_rng(0))
    lp = torch.log_softmax(torch.tensor(logits), -1).gather(-1, torch.tensor(tgt)[..., None])[..., 0]
    np.testing.assert_allclose(C.sequence_logprobs(logits, tgt, mask), (lp * torch.tensor(mask)).sum(-1).numpy(), rtol=1e-12)


def test_dpo_loss_and_logit_gradients_match_torch():
    rng = np.random.default_rng(1)
    (lw, tw, mw), (ll, tl, ml) = _batch(rng), _batch(rng)
    ref_w, ref_l = rng.normal(-20, 3, size=3), rng.normal(-20, 3, size=3)
    beta = 0.3
    loss, gw, gl = C.dpo_loss_from_logits(lw, tw, mw, ll, tl, ml, ref_w, ref_l, beta)
    Lw, Ll = torch.tensor(lw, requires_grad=True), torch.tensor(ll, requires_grad=True)
    seq = lambda L, t, m: (torch.log_softmax(L, -1).gather(-1, torch.tensor(t)[..., None])[..., 0] * torch.tensor(m)).sum(-1)
    margin = beta * ((seq(Lw, tw, mw) - torch.tensor(ref_w)) - (seq(Ll, tl, ml) - torch.tensor(ref_l)))
    theirs = -F.logsigmoid(margin).mean()
    theirs.backward()
    np.testing.assert_allclose(loss, theirs.item(), rtol=1e-12)
    np.testing.assert_allclose(gw, Lw.grad.numpy(), rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(gl, Ll.grad.numpy(), rtol=1e-10, atol=1e-13)
    assert np.all(gw[mw == 0] == 0) and np.all(gl[ml == 0] == 0)  # prompt and padding get no gradient


def test_dpo_gradient_by_finite_differences_and_fixed_points():
    rng = np.random.default_rng(2)
    pw, pl, rw, rl = (rng.normal(-30, 5, size=5) for _ in range(4))
    wts = rng.dirichlet(np.ones(5))
    _, gw, gl, _ = C.dpo_loss(pw, pl, rw, rl, 0.1, wts)
    h = 1e-5
    for i in range(5):
        e = np.eye(5)[i] * h
        fd_w = (C.dpo_loss(pw + e, pl, rw, rl, 0.1, wts)[0] - C.dpo_loss(pw - e, pl, rw, rl, 0.1, wts)[0]) / (2 * h)
        fd_l = (C.dpo_loss(pw, pl + e, rw, rl, 0.1, wts)[0] - C.dpo_loss(pw, pl - e, rw, rl, 0.1, wts)[0]) / (2 * h)
        np.testing.assert_allclose([gw[i], gl[i]], [fd_w, fd_l], rtol=1e-6, atol=1e-10)
    # policy equal to the reference: every margin is 0 and the loss is log 2
    np.testing.assert_allclose(C.dpo_loss(rw, rl, rw, rl, 0.5)[0], np.log(2), rtol=1e-14)
    # huge margins must not overflow
    loss, *_ = C.dpo_loss(np.array([0.0]), np.array([-1e5]), np.array([0.0]), np.array([0.0]), 1.0)
    assert loss == 0.0
    loss, *_ = C.dpo_loss(np.array([-1e5]), np.array([0.0]), np.array([0.0]), np.array([0.0]), 1.0)
    np.testing.assert_allclose(loss, 1e5, rtol=1e-12)


def test_info_nce_matches_torch_cross_entropy():
    rng = np.random.default_rng(3)
    za, zb = rng.normal(size=(9, 7)) * rng.uniform(0.5, 3, size=(9, 1)), rng.normal(size=(9, 7))
    tau = 0.2
    loss, dza, dzb = C.info_nce(za, zb, tau)
    A, B = torch.tensor(za, requires_grad=True), torch.tensor(zb, requires_grad=True)
    S = F.normalize(A, dim=1) @ F.normalize(B, dim=1).T / tau
    labels = torch.arange(9)
    theirs = (F.cross_entropy(S, labels) + F.cross_entropy(S.T, labels)) / 2
    theirs.backward()
    np.testing.assert_allclose(loss, theirs.item(), rtol=1e-12)
    np.testing.assert_allclose(dza, A.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(dzb, B.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_info_nce_finite_differences_and_limits():
    rng = np.random.default_rng(4)
    za, zb = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    _, dza, _ = C.info_nce(za, zb, 0.5)
    h = 1e-6
    fd = np.zeros_like(za)
    for idx in np.ndindex(za.shape):
        e = np.zeros_like(za)
        e[idx] = h
        fd[idx] = (C.info_nce(za + e, zb, 0.5)[0] - C.info_nce(za - e, zb, 0.5)[0]) / (2 * h)
    np.testing.assert_allclose(dza, fd, rtol=1e-6, atol=1e-9)
    # identical embeddings in every row: all logits equal, the loss is exactly log N
    same = np.ones((6, 3))
    np.testing.assert_allclose(C.info_nce(same, same, 0.1)[0], np.log(6), rtol=1e-12)
    # rescaling an embedding changes nothing (normalisation), so the gradient is orthogonal to it
    np.testing.assert_allclose(np.sum(dza * za, axis=1), 0.0, atol=1e-12)
