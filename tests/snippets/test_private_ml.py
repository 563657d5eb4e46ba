"""Oracles: PyTorch autograd (per-example gradients), the privacy-loss integral by scipy.integrate.quad
(exact Gaussian-mechanism delta), scipy root finding (exact epsilon of composed Gaussians, which RDP must
upper-bound), the alpha = 2 closed form of the sampled Gaussian RDP, and properties: clipped norms <= C,
noise standard deviation as configured, DP-SGD without noise or clipping equals GD, FedAvg with one client
equals GD, secure aggregation returns the exact sum, SISA unlearning equals retraining without the point."""

import math

import numpy as np
import pytest
import torch
from scipy import integrate, optimize, stats

import private_ml as P


def data(n=400, d=4, seed=0):
    rng = np.random.default_rng(seed)
    X = np.c_[rng.normal(size=(n, d - 1)) * 2, np.ones(n)]
    y = (rng.random(n) < P.sigmoid(X @ rng.normal(size=d))).astype(float)
    return X, y


def test_per_example_grads_match_torch():
    X, y = data()
    w = np.random.default_rng(1).normal(size=X.shape[1])
    def loss(wt, x, t):
        return torch.nn.functional.binary_cross_entropy_with_logits(x @ wt, t)
    g = torch.func.vmap(torch.func.grad(loss), in_dims=(None, 0, 0))(
        torch.tensor(w), torch.tensor(X), torch.tensor(y))
    np.testing.assert_allclose(P.per_example_grads(w, X, y), g.numpy(), rtol=1e-10, atol=1e-12)


def test_clipping():
    G = np.random.default_rng(2).normal(size=(500, 6)) * np.random.default_rng(3).exponential(size=(500, 1))
    Gc = P.clip_rows(G, 1.5)
    norms = np.linalg.norm(G, axis=1)
    assert np.all(np.linalg.norm(Gc, axis=1) <= 1.5 + 1e-12)
    np.testing.assert_allclose(Gc[norms <= 1.5], G[norms <= 1.5], rtol=1e-15)          # small rows untouched
    big = norms > 1.5
    np.testing.assert_allclose(Gc[big] / np.linalg.norm(Gc[big], axis=1, keepdims=True),
                               G[big] / norms[big, None], rtol=1e-12)                   # direction kept


def test_dp_sgd_noise_std_and_noiseless_limit():
    n, d, lot, lr, C, sigma = 1000, 4000, 100, 0.3, 2.0, 1.7
    w = P.dp_sgd(np.zeros((n, d)), np.zeros(n), 1, lot, lr, C, sigma, np.random.default_rng(4))
    np.testing.assert_allclose(np.std(w), lr * sigma * C / lot, rtol=0.05)             # 4000 draws: ~1.1% s.e.
    X, y = data()
    ours = P.dp_sgd(X, y, 30, len(y), 0.5, 1e9, 0.0, np.random.default_rng(5))        # q = 1, no clip, no noise
    np.testing.assert_allclose(ours, P.local_gd(np.zeros(X.shape[1]), X, y, 30, 0.5), rtol=1e-12)


def exact_delta_quad(eps, mu):
    """delta(eps) = E[(1 - exp(eps - L))_+] with the privacy loss L ~ N(mu^2/2, mu^2)."""
    pdf = stats.norm(mu ** 2 / 2, mu).pdf
    return integrate.quad(lambda l: (1 - math.exp(eps - l)) * pdf(l), eps, eps + 40 * mu + mu ** 2)[0]


@pytest.mark.parametrize("eps,mu", [(0.5, 0.5), (1.0, 1.0), (3.0, 2.0)])
def test_gaussian_delta_matches_privacy_loss_integral(eps, mu):
    np.testing.assert_allclose(P.gaussian_delta(eps, mu), exact_delta_quad(eps, mu), rtol=1e-6, atol=1e-12)


def test_gaussian_sigmas():
    for eps in (0.1, 0.5, 0.9):
        s_classic, s_analytic = P.gaussian_sigma_classic(eps, 1e-5), P.gaussian_sigma_analytic(eps, 1e-5)
        assert P.gaussian_delta(eps, 1 / s_classic) <= 1e-5                            # the classic bound is valid
        assert s_analytic < s_classic                                                   # and loose
        np.testing.assert_allclose(exact_delta_quad(eps, 1 / s_analytic), 1e-5, rtol=1e-4)


def test_rdp_accountant():
    sigma, q = 1.3, 0.02
    np.testing.assert_allclose(P.sampled_gaussian_rdp(1.0, sigma, 7), 7 / (2 * sigma ** 2), rtol=1e-12)
    np.testing.assert_allclose(P.sampled_gaussian_rdp(q, sigma, 2), math.log1p(q * q * math.expm1(1 / sigma ** 2)), rtol=1e-10)
    assert P.sampled_gaussian_rdp(0.01, sigma, 8) < P.sampled_gaussian_rdp(0.1, sigma, 8)   # amplification by sampling
    # without subsampling, T steps compose exactly to one Gaussian with mu = sqrt(T) / sigma; RDP must upper-bound it
    T, sigma, delta = 50, 4.0, 1e-5
    mu = math.sqrt(T) / sigma
    exact = optimize.brentq(lambda e: exact_delta_quad(e, mu) - delta, 1e-3, 50)
    rdp = P.dp_sgd_epsilon(1.0, sigma, T, delta)
    assert exact <= rdp <= 1.3 * exact


def test_fedavg_properties():
    X, y = data(600)
    w0 = np.zeros(X.shape[1])
    np.testing.assert_allclose(P.fedavg([(X, y)], 20, 1, 0.5), P.local_gd(w0, X, y, 20, 0.5), rtol=1e-12)
    np.testing.assert_allclose(P.fedavg([(X, y)], 5, 4, 0.5), P.local_gd(w0, X, y, 20, 0.5), rtol=1e-12)
    parts = [(X[:100], y[:100]), (X[100:350], y[100:350]), (X[350:], y[350:])]
    np.testing.assert_allclose(P.fedavg(parts, 20, 1, 0.5), P.local_gd(w0, X, y, 20, 0.5), rtol=1e-10)  # FedSGD = GD


def test_secure_sum_exact_and_masked():
    rng = np.random.default_rng(6)
    U = rng.normal(size=(5, 1000))
    masked, total = P.secure_sum(U, rng)
    np.testing.assert_allclose(total, U.sum(axis=0), atol=5 * 0.5 / 2 ** 16)           # quantisation only
    u = masked[0] / 2 ** 32                                                             # looks uniform on [0, 1)
    assert stats.kstest(u, "uniform").pvalue > 0.01 and abs(np.corrcoef(u, U[0])[0, 1]) < 0.1


def test_sisa_unlearning_equals_retraining():
    X, y = data(300)
    models, shard_of = P.sisa_fit(X, y, 4, steps=50)
    new, keep = P.sisa_unlearn(models, shard_of, X, y, forget=17, steps=50)
    ref = [P.local_gd(np.zeros(X.shape[1]), X[keep & (shard_of == s)], y[keep & (shard_of == s)], 50, 0.5)
           for s in range(4)]
    for a, b in zip(new, ref):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert not np.allclose(new[shard_of[17]], models[shard_of[17]])
