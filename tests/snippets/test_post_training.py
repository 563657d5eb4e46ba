"""Oracles: GAE against its explicit sum of discounted TD errors and its lambda = 0 / 1 limits;
the PPO clipped loss and its gradient against torch autograd; GRPO advantages against
torch mean/std; the KL estimators' expectations against the exact KL of categorical
distributions (by enumeration), and k3 >= 0."""

import numpy as np
import torch

import post_training as P


def test_gae_matches_explicit_sum_and_limits():
    rng = np.random.default_rng(0)
    T = 9
    r, v = rng.normal(size=T), np.append(rng.normal(size=T), 0.0)
    for gamma, lam in [(1.0, 0.95), (0.99, 0.9), (0.9, 0.5)]:
        adv, ret = P.gae(r, v, gamma, lam)
        delta = r + gamma * v[1:] - v[:-1]
        ref = np.array([sum((gamma * lam) ** l * delta[t + l] for l in range(T - t)) for t in range(T)])
        np.testing.assert_allclose(adv, ref, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(ret, ref + v[:-1], rtol=1e-12, atol=1e-12)
    adv0, _ = P.gae(r, v, 0.99, 0.0)  # lambda = 0: one-step TD error
    np.testing.assert_allclose(adv0, r + 0.99 * v[1:] - v[:-1], rtol=1e-12)
    adv1, _ = P.gae(r, v, 0.99, 1.0)  # lambda = 1: Monte Carlo return minus the baseline
    mc = np.array([sum(0.99 ** l * r[t + l] for l in range(T - t)) for t in range(T)])
    np.testing.assert_allclose(adv1, mc - v[:-1], rtol=1e-10, atol=1e-12)


def test_kl_shaped_rewards_sum():
    rng = np.random.default_rng(1)
    lp, lr = rng.normal(-2, 1, 7), rng.normal(-2, 1, 7)
    r = P.kl_shaped_rewards(0.8, lp, lr, 0.1)
    np.testing.assert_allclose(r.sum(), 0.8 - 0.1 * (lp - lr).sum(), rtol=1e-12)


def test_ppo_clip_loss_and_gradient_match_torch():
    rng = np.random.default_rng(2)
    n = 200
    old = rng.normal(-2, 1, n)
    new = old + rng.normal(0, 0.3, n)  # ratios spread on both sides of the clip range
    adv = rng.normal(size=n)
    mask = (rng.random(n) > 0.2).astype(float)
    loss, grad, frac = P.ppo_clip_loss(new, old, adv, 0.2, mask)
    LN = torch.tensor(new, requires_grad=True)
    rho = torch.exp(LN - torch.tensor(old))
    A, M = torch.tensor(adv), torch.tensor(mask)
    obj = torch.minimum(rho * A, torch.clamp(rho, 0.8, 1.2) * A)
    theirs = -(obj * M).sum() / M.sum()
    theirs.backward()
    np.testing.assert_allclose(loss, theirs.item(), rtol=1e-12)
    np.testing.assert_allclose(grad, LN.grad.numpy(), rtol=1e-12, atol=1e-15)
    assert 0.05 < frac < 0.95
    # on-policy (rho = 1) the gradient is the policy gradient -A / n
    _, g1, f1 = P.ppo_clip_loss(old, old, adv, 0.2)
    np.testing.assert_allclose(g1, -adv / n, rtol=1e-12)
    assert f1 == 0.0


def test_grpo_advantages():
    r = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.5, 0.0])
    t = torch.tensor(r)
    np.testing.assert_allclose(P.grpo_advantages(r), ((t - t.mean()) / (t.std(unbiased=False) + 1e-6)).numpy(), rtol=1e-12)
    np.testing.assert_allclose(P.grpo_advantages(r, scale=False), r - r.mean(), rtol=1e-12)
    np.testing.assert_array_equal(P.grpo_advantages(np.ones(8)), 0.0)  # all equal: no signal


def test_kl_estimators_are_unbiased_where_claimed():
    rng = np.random.default_rng(3)
    for _ in range(20):
        pi, ref = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
        exact = float(np.sum(pi * np.log(pi / ref)))
        k = P.kl_estimators(np.log(pi), np.log(ref))  # each entry: the estimator at one token
        np.testing.assert_allclose(np.sum(pi * k["k1"]), exact, rtol=1e-10)  # expectation under pi
        np.testing.assert_allclose(np.sum(pi * k["k3"]), exact, rtol=1e-10)
        assert (k["k3"] >= 0).all()
        assert np.sum(pi * k["k2"]) != exact
