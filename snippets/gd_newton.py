# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Gradient descent and Newton's method on a convex quadratic and on logistic loss
# From-scratch NumPy implementation used by the notes "Gradient Descent", "Newton's Method"
# and "Convex Optimization".

# %%
# --8<-- [start:objectives]
import numpy as np


def quadratic(A: np.ndarray, b: np.ndarray):
    """f(x) = 1/2 x^T A x - b^T x with A symmetric positive definite.

    Gradient A x - b, Hessian A, minimiser x* = A^{-1} b. Returns (f, grad, hess).
    """
    f = lambda x: 0.5 * x @ A @ x - b @ x
    g = lambda x: A @ x - b
    h = lambda x: A
    return f, g, h


def logistic_loss(X: np.ndarray, y: np.ndarray, lam: float = 0.0):
    """Mean logistic loss with labels y in {0, 1} plus (lam/2)||w||^2.

    f(w) = mean(log(1 + exp(z)) - y z) + lam/2 ||w||^2, z = X w,
    grad = X^T (sigmoid(z) - y) / n + lam w,
    hess = X^T diag(s (1 - s)) X / n + lam I. Returns (f, grad, hess).
    """
    n, d = X.shape
    sig = lambda z: 0.5 * (1.0 + np.tanh(0.5 * z))

    def f(w):
        z = X @ w
        return float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * lam * w @ w)

    def g(w):
        return X.T @ (sig(X @ w) - y) / n + lam * w

    def h(w):
        s = sig(X @ w)
        return (X.T * (s * (1 - s))) @ X / n + lam * np.eye(d)

    return f, g, h
# --8<-- [end:objectives]


# %%
# --8<-- [start:gradient_descent]
def gradient_descent(f, grad, x0: np.ndarray, lr: float, n_iter: int = 1000, tol: float = 1e-10):
    """x <- x - lr * grad(x) until ||grad|| <= tol or n_iter steps.

    Returns (x, history of f values, history of iterates).
    """
    x = np.array(x0, dtype=float)
    fs, xs = [f(x)], [x.copy()]
    for _ in range(n_iter):
        g = grad(x)
        if np.linalg.norm(g) <= tol:
            break
        x = x - lr * g
        fs.append(f(x))
        xs.append(x.copy())
    return x, np.array(fs), np.array(xs)
# --8<-- [end:gradient_descent]


# %%
# --8<-- [start:newton]
def newton(f, grad, hess, x0: np.ndarray, tol: float = 1e-10, max_iter: int = 50,
           alpha: float = 0.25, beta: float = 0.5):
    """Damped Newton's method with Armijo backtracking (Boyd and Vandenberghe, 2004, 9.5).

    Step d = -H^{-1} g (one linear solve, O(d^3)); start at t = 1 and halve t until
    f(x + t d) <= f(x) + alpha t g^T d. Near the optimum t = 1 is accepted and convergence
    is quadratic. Returns (x, history of f values, history of ||grad||).
    """
    x = np.array(x0, dtype=float)
    fs, gs = [f(x)], [np.linalg.norm(grad(x))]
    for _ in range(max_iter):
        g = grad(x)
        if np.linalg.norm(g) <= tol:
            break
        d = -np.linalg.solve(hess(x), g)
        t, fx, slope = 1.0, f(x), g @ d
        while f(x + t * d) > fx + alpha * t * slope and t > 1e-12:
            t *= beta
        x = x + t * d
        fs.append(f(x))
        gs.append(np.linalg.norm(grad(x)))
    return x, np.array(fs), np.array(gs)
# --8<-- [end:newton]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    Q, _ = np.linalg.qr(rng.standard_normal((10, 10)))
    A = (Q * np.linspace(1.0, 50.0, 10)) @ Q.T  # mu = 1, L = 50, condition number 50
    b = rng.standard_normal(10)
    f, g, h = quadratic(A, b)
    x_star = np.linalg.solve(A, b)
    x, fs, _ = gradient_descent(f, g, np.zeros(10), lr=2 / (1 + 50), n_iter=2000, tol=1e-8)
    err = np.linalg.norm(x - x_star)
    print(f"GD on quadratic (kappa=50): {len(fs) - 1} steps, error {err:.2e}")
    x, fs, gs = newton(f, g, h, np.zeros(10))
    print(f"Newton on quadratic: {len(fs) - 1} step, error {np.linalg.norm(x - x_star):.2e}")
    X = np.c_[rng.standard_normal((200, 2)), np.ones(200)]
    y = (X[:, 0] - X[:, 1] + 0.5 * rng.standard_normal(200) > 0).astype(float)
    f, g, h = logistic_loss(X, y, lam=1e-3)
    w, fs, gs = newton(f, g, h, np.zeros(3))
    print("Newton on logistic loss, ||grad|| per step:", np.array2string(gs, precision=1))
