"""Gradient descent and Newton's method: convergence properties that theory guarantees, and
the optimum against numpy.linalg.solve (quadratic) and scikit-learn (logistic regression)."""

import numpy as np
import pytest
from scipy import optimize
from sklearn.linear_model import LogisticRegression

from gd_newton import gradient_descent, logistic_loss, newton, quadratic


def make_quadratic(kappa, d=8, seed=0):
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    A = (Q * np.linspace(1.0, kappa, d)) @ Q.T
    return A, rng.standard_normal(d)


@pytest.mark.parametrize("kappa", [5.0, 50.0])
def test_gd_linear_rate_on_strongly_convex_quadratic(kappa):
    A, b = make_quadratic(kappa)
    f, g, _ = quadratic(A, b)
    x_star = np.linalg.solve(A, b)
    _, _, xs = gradient_descent(f, g, np.zeros(len(b)), lr=2 / (1 + kappa), n_iter=200, tol=0)
    err = np.linalg.norm(xs - x_star, axis=1)
    rate = (kappa - 1) / (kappa + 1)
    # theorem: ||x_k - x*|| <= rate^k ||x_0 - x*|| for step 2/(mu + L)
    bound = rate ** np.arange(len(err)) * err[0]
    assert np.all(err <= bound * (1 + 1e-9) + 1e-14)


def test_gd_step_one_over_L_decreases_monotonically_and_meets_sublinear_bound():
    A, b = make_quadratic(100.0)
    f, g, _ = quadratic(A, b)
    x_star = np.linalg.solve(A, b)
    L = np.linalg.eigvalsh(A).max()
    _, fs, _ = gradient_descent(f, g, np.zeros(len(b)), lr=1 / L, n_iter=300, tol=0)
    assert np.all(np.diff(fs) <= 1e-12)
    k = np.arange(1, len(fs))
    gap = fs[1:] - f(x_star)
    assert np.all(gap <= L * np.linalg.norm(x_star) ** 2 / (2 * k) + 1e-12)


def test_gd_diverges_above_two_over_L():
    A, b = make_quadratic(10.0)
    f, g, _ = quadratic(A, b)
    L = np.linalg.eigvalsh(A).max()
    _, fs, _ = gradient_descent(f, g, np.zeros(len(b)), lr=2.1 / L, n_iter=300, tol=0)
    assert fs[-1] > 1e6 * abs(fs[0] - fs[1])


def test_newton_solves_quadratic_in_one_step():
    A, b = make_quadratic(1e4)
    f, g, h = quadratic(A, b)
    x, fs, _ = newton(f, g, h, np.ones(len(b)))
    np.testing.assert_allclose(x, np.linalg.solve(A, b), rtol=1e-9)
    assert len(fs) - 1 <= 2  # one step, plus at most one refinement due to round-off


def test_logistic_gradient_and_hessian_match_finite_differences():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((50, 4)), rng.integers(0, 2, 50).astype(float)
    f, g, h = logistic_loss(X, y, lam=0.1)
    w = rng.standard_normal(4)
    assert optimize.check_grad(f, g, w) < 1e-6
    H_fd = np.array([optimize.approx_fprime(w, lambda v: g(v)[i], 1e-7) for i in range(4)])
    np.testing.assert_allclose(h(w), H_fd, atol=1e-5)


def test_newton_logistic_matches_sklearn_and_converges_quadratically():
    rng = np.random.default_rng(2)
    n = 300
    X = rng.standard_normal((n, 3))
    y = (X @ np.array([1.5, -2.0, 0.5]) + rng.standard_normal(n) > 0).astype(float)
    lam = 0.01
    f, g, h = logistic_loss(X, y, lam=lam)
    w, fs, gs = newton(f, g, h, np.zeros(3), tol=1e-12)
    # sklearn minimises 1/2||w||^2 + C sum(loss): the same problem when C = 1 / (n lam)
    ref = LogisticRegression(C=1 / (n * lam), fit_intercept=False, tol=1e-12, max_iter=10_000)
    ref.fit(X, y)
    np.testing.assert_allclose(w, ref.coef_.ravel(), rtol=1e-5)
    assert len(gs) <= 15
    # quadratic convergence: in the last steps log||g|| at least ~doubles in magnitude
    tail = np.log10(gs[-3:])
    assert tail[2] < 1.5 * tail[1] or gs[-1] < 1e-13


def test_gd_reaches_newton_solution_on_logistic_loss():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((200, 3))
    y = (X[:, 0] + 0.5 * rng.standard_normal(200) > 0).astype(float)
    f, g, h = logistic_loss(X, y, lam=0.05)
    w_newton = newton(f, g, h, np.zeros(3), tol=1e-12)[0]
    L = 0.25 * np.linalg.eigvalsh(X.T @ X / 200).max() + 0.05  # Hessian bound: s(1-s) <= 1/4
    w_gd, fs, _ = gradient_descent(f, g, np.zeros(3), lr=1 / L, n_iter=5000, tol=1e-10)
    assert np.all(np.diff(fs) <= 1e-15)
    np.testing.assert_allclose(w_gd, w_newton, atol=1e-8)
