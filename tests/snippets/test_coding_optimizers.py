"""coding_optimizers.py against closed forms: the linear recurrence of (Nesterov) momentum on
a quadratic (numpy.linalg.matrix_power), Adam's exact step under a constant gradient, AdamW's
exact decay, and the least-squares solution (numpy.linalg.lstsq)."""

import numpy as np
import pytest

import coding_optimizers as co


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_matches_linear_recurrence(nesterov):
    lams = np.array([0.5, 3.0, 10.0])  # diagonal Hessian of f(w) = 0.5 sum lam w^2
    eta, beta, T = 0.05, 0.8, 40
    w = np.array([1.0, -2.0, 0.5])
    opt = co.SGD(eta, beta, nesterov)
    for _ in range(T):
        w = opt.step(w, lams * w)
    for i, lam in enumerate(lams):  # state (w, v) evolves by a 2x2 matrix per coordinate
        if nesterov:
            M = np.array([[1 - eta * lam * (1 + beta), -eta * beta**2], [lam, beta]])
        else:
            M = np.array([[1 - eta * lam, -eta * beta], [lam, beta]])
        w_ref = (np.linalg.matrix_power(M, T) @ np.array([[1.0, -2.0, 0.5][i], 0.0]))[0]
        np.testing.assert_allclose(w[i], w_ref, rtol=1e-10, atol=1e-14)


def test_adam_constant_gradient_step_is_exact():
    g = np.array([3.0, -0.01, 1e-4])
    opt = co.Adam(lr=0.1, eps=1e-8)
    w = np.zeros(3)
    for t in range(1, 30):
        w_new = opt.step(w, g)
        # bias correction makes m_hat = g and s_hat = g^2 exactly in exact arithmetic
        np.testing.assert_allclose(w_new - w, -0.1 * g / (np.abs(g) + 1e-8), rtol=1e-10)
        w = w_new


def test_adamw_decays_exactly_and_coupled_l2_does_not():
    w0 = np.array([2.0, -1.0])
    opt = co.Adam(lr=0.01, weight_decay=0.1, decoupled=True)
    w = w0.copy()
    for _ in range(25):
        w = opt.step(w, np.zeros(2))
    np.testing.assert_allclose(w, w0 * (1 - 0.01 * 0.1) ** 25, rtol=1e-12)
    coupled = co.Adam(lr=0.01, weight_decay=0.1, decoupled=False)
    step = coupled.step(w0, np.zeros(2)) - w0  # L2 gradient normalised away: about lr * sign(w)
    np.testing.assert_allclose(step, -0.01 * np.sign(w0), rtol=1e-6)


def test_full_batch_and_minibatch_converge_to_least_squares():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4))
    y = X @ np.array([1.0, -2.0, 0.5, 3.0]) + 0.1 * rng.normal(size=200)
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    w_gd, _ = co.minibatch_train(X, y, co.least_squares_grad, co.SGD(0.3, 0.5), 200, 300, rng)
    np.testing.assert_allclose(w_gd, w_ls, rtol=1e-8, atol=1e-10)
    opt = co.Adam(0.01)
    w_adam, _ = co.minibatch_train(X, y, co.least_squares_grad, opt, 20, 200, rng)
    # stochastic: within 0.02 of the optimum
    np.testing.assert_allclose(w_adam, w_ls, rtol=0, atol=2e-2)


def test_each_epoch_visits_every_row_once():
    X = np.arange(23, dtype=float)[:, None]
    seen = []

    def grad(w, Xb, yb):
        seen.extend(Xb[:, 0].tolist())
        return np.zeros(1)

    co.minibatch_train(X, np.zeros(23), grad, co.SGD(0.1), 5, 2, np.random.default_rng(0))
    assert sorted(seen[:23]) == list(range(23)) and sorted(seen[23:]) == list(range(23))
