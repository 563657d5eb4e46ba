"""Oracle: torch.distributions KL divergence, torch autograd through the reparameterized sample, and a Monte Carlo KL."""

import numpy as np
import torch
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence

import vae_loss as V


def test_closed_form_kl_matches_torch_distributions():
    rng = np.random.default_rng(0)
    mu, logvar = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    theirs = kl_divergence(Normal(torch.tensor(mu), torch.tensor(np.exp(0.5 * logvar))), Normal(0.0, 1.0)).sum(-1)
    np.testing.assert_allclose(V.gaussian_kl(mu, logvar), theirs.numpy(), rtol=1e-12)


def test_kl_matches_monte_carlo_estimate():
    rng = np.random.default_rng(1)
    mu, logvar = np.array([0.7, -1.2, 0.1]), np.array([-0.5, 0.3, 0.0])
    eps = rng.normal(size=(400_000, 3))
    z = V.reparameterize(mu, logvar, eps)
    samples = -0.5 * np.sum(eps ** 2 + logvar, axis=1) + 0.5 * np.sum(z ** 2, axis=1)
    se = samples.std() / np.sqrt(len(samples))
    assert abs(samples.mean() - V.gaussian_kl(mu, logvar)) < 5 * se


def test_loss_and_gradients_match_torch_autograd():
    rng = np.random.default_rng(2)
    N, Dz, Dx = 6, 3, 10
    x = (rng.random((N, Dx)) < 0.4).astype(float)
    mu, logvar, eps = rng.normal(size=(N, Dz)), rng.normal(0, 0.5, (N, Dz)), rng.normal(size=(N, Dz))
    W, b = rng.normal(size=(Dz, Dx)), rng.normal(size=Dx)
    for beta in (1.0, 4.0):
        loss, g = V.vae_loss_and_grads(x, mu, logvar, eps, W, b, beta)
        t = {k: torch.tensor(v, requires_grad=True) for k, v in dict(mu=mu, logvar=logvar, W=W, b=b).items()}
        z = t["mu"] + torch.exp(0.5 * t["logvar"]) * torch.tensor(eps)
        rec = F.binary_cross_entropy_with_logits(z @ t["W"] + t["b"], torch.tensor(x), reduction="none").sum(1)
        kl = -0.5 * torch.sum(1 + t["logvar"] - t["mu"] ** 2 - t["logvar"].exp(), dim=1)
        tl = (rec + beta * kl).mean()
        tl.backward()
        np.testing.assert_allclose(loss, tl.item(), rtol=1e-12)
        for k in t:
            np.testing.assert_allclose(g[k], t[k].grad.numpy(), rtol=1e-9, atol=1e-12)
