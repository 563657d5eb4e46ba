"""Oracles for the marginal probability path of flow matching: the closed-form density against
scipy.stats; the closed-form velocity against the continuity equation (finite differences, 1-D and
2-D) and against a Monte Carlo estimate of E[x1 - x0 | x_t] from binned samples; the ODE it defines,
integrated with scipy's RK45, pushes N(0, 1) to p_t (Kolmogorov-Smirnov); the CFM regression
recovers the marginal velocity where the data put mass; and the training batch's algebra."""

import numpy as np
import pytest
from scipy import stats
from scipy.integrate import solve_ivp

import flow_matching as F

W1 = np.array([0.3, 0.7])
MU1 = np.array([[-2.0], [2.0]])
S1 = np.array([0.3, 0.5])


def _mixture_cdf(x, t):
    v = np.sqrt((1 - t) ** 2 + t ** 2 * S1 ** 2)
    return sum(w * stats.norm.cdf(x, t * m[0], s) for w, m, s in zip(W1, MU1, v))


def test_density_matches_scipy():
    x = np.linspace(-4, 4, 41)[:, None]
    for t in (0.0, 0.3, 0.9, 1.0):
        v = np.sqrt((1 - t) ** 2 + t ** 2 * S1 ** 2)
        ref = sum(w * stats.norm.pdf(x[:, 0], t * m[0], s) for w, m, s in zip(W1, MU1, v))
        np.testing.assert_allclose(F.gmm_marginal(x, t, W1, MU1, S1)[0], ref, rtol=1e-10, atol=1e-300)


def test_continuity_equation_1d_and_2d():
    h = 1e-5
    x = np.linspace(-3.5, 3.5, 57)[:, None]
    for t in (0.1, 0.5, 0.8):
        dp_dt = (F.gmm_marginal(x, t + h, W1, MU1, S1)[0] - F.gmm_marginal(x, t - h, W1, MU1, S1)[0]) / (2 * h)
        flux = lambda y: (
            F.gmm_marginal(y, t, W1, MU1, S1)[0] * F.gmm_marginal(y, t, W1, MU1, S1)[1][:, 0])
        div = (flux(x + h) - flux(x - h)) / (2 * h)
        assert np.max(np.abs(dp_dt + div)) < 1e-6 * max(1.0, np.max(np.abs(dp_dt))), t
    w, mu, s = np.array([0.2, 0.5, 0.3]), np.array([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]]), np.array([0.4, 0.3, 0.6])
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, size=(200, 2))
    for t in (0.3, 0.7):
        dp_dt = (F.gmm_marginal(x, t + h, w, mu, s)[0] - F.gmm_marginal(x, t - h, w, mu, s)[0]) / (2 * h)
        div = 0.0
        for j in range(2):
            e = np.zeros(2)
            e[j] = h
            pu = lambda y: F.gmm_marginal(y, t, w, mu, s)[0] * F.gmm_marginal(y, t, w, mu, s)[1][:, j]
            div = div + (pu(x + e) - pu(x - e)) / (2 * h)
        assert np.max(np.abs(dp_dt + div)) < 1e-6 * max(1.0, np.max(np.abs(dp_dt)))


def test_velocity_is_conditional_expectation_monte_carlo():
    rng = np.random.default_rng(1)
    n, t = 1_000_000, 0.4
    k = rng.choice(2, size=n, p=W1)
    x1 = MU1[k, 0] + S1[k] * rng.normal(size=n)
    x0 = rng.normal(size=n)
    xt = (1 - t) * x0 + t * x1
    edges = np.linspace(-2, 2, 21)
    idx = np.digitize(xt, edges)
    centres, means = [], []
    for i in range(1, len(edges)):
        sel = idx == i
        if sel.sum() > 10_000:
            centres.append(np.mean(xt[sel]))
            means.append(np.mean((x1 - x0)[sel]))
    u = F.gmm_marginal(np.array(centres)[:, None], t, W1, MU1, S1)[1][:, 0]
    assert len(centres) >= 12
    np.testing.assert_allclose(u, means, atol=0.04)        # bin width 0.2 and MC noise


@pytest.mark.parametrize("t_end", [0.5, 1.0])
def test_ode_pushes_noise_to_the_marginal_path(t_end):
    rng = np.random.default_rng(2)
    x0 = rng.normal(size=1500)
    sol = solve_ivp(lambda t, x: F.gmm_marginal(x[:, None], t, W1, MU1, S1)[1][:, 0], (0.0, t_end), x0,
                    rtol=1e-7, atol=1e-9)
    ks = stats.kstest(sol.y[:, -1], lambda x: _mixture_cdf(x, t_end))
    assert ks.pvalue > 0.01, ks


def test_cfm_regression_recovers_marginal_velocity_and_samples():
    rng = np.random.default_rng(3)
    comp = rng.choice(2, size=5000, p=W1)
    data = MU1[comp] + S1[comp, None] * rng.normal(size=(5000, 1))
    W, b, Theta = F.fit_cfm(data, 300, rng)
    x = np.linspace(-4, 4, 401)[:, None]
    for t in (0.25, 0.5, 0.75):
        p, u = F.gmm_marginal(x, t, W1, MU1, S1)
        learned = F.features(x, np.full(len(x), t), W, b) @ Theta
        err = np.sqrt(np.sum(p * (learned - u)[:, 0] ** 2) / np.sum(p * u[:, 0] ** 2))
        assert err < 0.2, (t, err)                          # density-weighted relative L2 error
    samples = F.euler_sample(lambda y, t: F.features(y, t, W, b) @ Theta, rng.normal(size=(2000, 1)), 40)
    assert abs(np.mean(samples[:, 0] > 0) - 0.7) < 0.04


def test_cfm_batch_algebra():
    rng = np.random.default_rng(4)
    x1 = rng.normal(size=(1000, 3))
    t, xt, target = F.cfm_batch(x1, np.random.default_rng(5))
    r = np.random.default_rng(5)
    t2 = r.uniform(size=1000)
    x0 = r.normal(size=x1.shape)
    np.testing.assert_allclose(t, t2)
    np.testing.assert_allclose(xt, x0 + t[:, None] * target, rtol=1e-12, atol=1e-12)   # x_t = x0 + t (x1 - x0)
    np.testing.assert_allclose(target, x1 - x0)
