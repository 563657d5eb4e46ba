"""Oracles: torch F.kl_div / F.cross_entropy with autograd for the distillation loss and its
gradient; finite differences; the high-temperature limit (logit matching); scipy.stats.entropy
for the KL divergences; the student's soft-target fit against a closed-form property."""

import numpy as np
import torch
import torch.nn.functional as F
from scipy import stats

import distillation as K


def _torch_kd(s, t, y, T, alpha):
    S = torch.tensor(s, requires_grad=True)
    kl = F.kl_div(F.log_softmax(S / T, -1), F.log_softmax(torch.tensor(t) / T, -1), log_target=True, reduction="batchmean")
    loss = alpha * T ** 2 * kl
    if y is not None and alpha < 1:
        loss = loss + (1 - alpha) * F.cross_entropy(S, torch.tensor(y))
    loss.backward()
    return loss.item(), S.grad.numpy()


def test_kd_loss_and_gradient_match_torch():
    rng = np.random.default_rng(0)
    s, t, y = rng.normal(0, 3, size=(7, 9)), rng.normal(0, 3, size=(7, 9)), rng.integers(0, 9, size=7)
    for T, alpha in [(1.0, 1.0), (2.0, 0.5), (4.0, 0.9), (8.0, 1.0), (0.5, 0.3)]:
        loss, grad = K.kd_loss(s, t, y, T, alpha)
        ref_loss, ref_grad = _torch_kd(s, t, y, T, alpha)
        np.testing.assert_allclose(loss, ref_loss, rtol=1e-12)
        np.testing.assert_allclose(grad, ref_grad, rtol=1e-10, atol=1e-14)


def test_kd_gradient_finite_differences_and_fixed_point():
    rng = np.random.default_rng(1)
    s, t, y = rng.normal(size=(3, 5)), rng.normal(size=(3, 5)), rng.integers(0, 5, size=3)
    _, g = K.kd_loss(s, t, y, 3.0, 0.7)
    h = 1e-6
    for idx in np.ndindex(s.shape):
        e = np.zeros_like(s)
        e[idx] = h
        fd = (K.kd_loss(s + e, t, y, 3.0, 0.7)[0] - K.kd_loss(s - e, t, y, 3.0, 0.7)[0]) / (2 * h)
        np.testing.assert_allclose(g[idx], fd, rtol=1e-6, atol=1e-10)
    loss, g = K.kd_loss(t, t, None, 5.0, 1.0)  # student equals teacher: zero loss, zero gradient
    assert abs(loss) < 1e-12 and np.abs(g).max() < 1e-15


def test_high_temperature_limit_is_logit_matching():
    rng = np.random.default_rng(2)
    s, t = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    _, g = K.kd_loss(s, t, None, 1000.0, 1.0)
    centred = (s - s.mean(1, keepdims=True)) - (t - t.mean(1, keepdims=True))
    # T (q_s - q_t) / n -> (centred z_s - centred z_t) / (V n): logit matching, independent of T
    np.testing.assert_allclose(g, centred / (6 * 4), rtol=1e-2, atol=1e-6)
    # with the T^2 factor the gradient norm settles to a constant as T grows (without it, it falls like 1/T^2)
    norms = [np.linalg.norm(K.kd_loss(s, t, None, T, 1.0)[1]) for T in (50.0, 100.0, 200.0)]
    np.testing.assert_allclose(norms, np.linalg.norm(centred / 24), rtol=2e-2)


def test_kl_divergences_match_scipy():
    rng = np.random.default_rng(3)
    p, q = rng.dirichlet(np.ones(8)), rng.dirichlet(np.ones(8))
    np.testing.assert_allclose(K.forward_kl(p, q), stats.entropy(p, q), rtol=1e-12)
    np.testing.assert_allclose(K.reverse_kl(p, q), stats.entropy(q, p), rtol=1e-12)
    p[2] = 0
    p /= p.sum()
    np.testing.assert_allclose(K.forward_kl(p, q), stats.entropy(p, q), rtol=1e-12)


def test_student_reproduces_a_teacher_it_can_represent():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(200, 3))
    W_true = rng.normal(size=(4, 5))
    soft = K.predict_proba(W_true, X)  # a teacher that is itself a softmax-linear model
    W = K.train_softmax_student(X, soft, steps=4000, lr=1.0, l2=0.0)
    np.testing.assert_allclose(K.predict_proba(W, X), soft, atol=2e-3)
