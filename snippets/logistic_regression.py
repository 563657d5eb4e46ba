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
# # Logistic regression: gradient descent and Newton / IRLS
# From-scratch NumPy implementation used by the note "Logistic Regression".
# Objective (intercept not penalised, matching scikit-learn with lam = 1 / (C n)):
#   J(w, b) = (1/n) sum_i [log(1 + exp(z_i)) - y_i z_i] + (lam / 2) ||w||^2,   z_i = x_i.w + b

# %%
# --8<-- [start:loss]
import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Numerically stable logistic function 1 / (1 + exp(-z))."""
    out = np.empty_like(z, dtype=float)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def add_intercept(X: np.ndarray) -> np.ndarray:
    """Append a column of ones; the last weight is the intercept."""
    return np.hstack([X, np.ones((X.shape[0], 1))])


def logistic_loss(theta: np.ndarray, Xb: np.ndarray, y: np.ndarray, lam: float = 0.0) -> float:
    """Mean negative log-likelihood plus (lam/2)||w||^2 (intercept theta[-1] unpenalised)."""
    z = Xb @ theta
    # log(1 + e^z) - y z, computed without overflow
    nll = np.mean(np.logaddexp(0.0, z) - y * z)
    return float(nll + 0.5 * lam * theta[:-1] @ theta[:-1])


def logistic_grad(theta: np.ndarray, Xb: np.ndarray, y: np.ndarray, lam: float = 0.0) -> np.ndarray:
    """Gradient X^T (sigma(X theta) - y) / n + lam * w."""
    n = Xb.shape[0]
    g = Xb.T @ (sigmoid(Xb @ theta) - y) / n
    g[:-1] += lam * theta[:-1]
    return g
# --8<-- [end:loss]


# %%
# --8<-- [start:gd]
def fit_logistic_gd(X: np.ndarray, y: np.ndarray, lam: float = 0.0, lr: float = 1.0,
                    n_iter: int = 5000, tol: float = 1e-10) -> tuple[np.ndarray, list[float]]:
    """Batch gradient descent. Returns theta = (w, b) and the loss history.

    The loss is L-smooth with L <= ||X||_2^2 / (4 n) + lam, so lr <= 1/L guarantees descent;
    lr is clipped to that bound.
    """
    Xb = add_intercept(X)
    n = Xb.shape[0]
    L = np.linalg.norm(Xb, 2) ** 2 / (4 * n) + lam
    lr = min(lr, 1.0 / L)
    theta = np.zeros(Xb.shape[1])
    history = [logistic_loss(theta, Xb, y, lam)]
    for _ in range(n_iter):
        g = logistic_grad(theta, Xb, y, lam)
        theta -= lr * g
        history.append(logistic_loss(theta, Xb, y, lam))
        if np.linalg.norm(g) < tol:
            break
    return theta, history
# --8<-- [end:gd]


# %%
# --8<-- [start:irls]
def fit_logistic_newton(X: np.ndarray, y: np.ndarray, lam: float = 0.0, n_iter: int = 50,
                        tol: float = 1e-10) -> tuple[np.ndarray, list[float]]:
    """Newton's method, equivalently iteratively reweighted least squares (IRLS).

    Each step solves (X^T S X / n + lam P) delta = grad with S = diag(p (1 - p)) and
    P = identity with a zero for the intercept. With a step-halving line search so the
    loss never increases (pure Newton can overshoot far from the optimum).
    """
    Xb = add_intercept(X)
    n, d = Xb.shape
    P = np.eye(d)
    P[-1, -1] = 0.0
    theta = np.zeros(d)
    history = [logistic_loss(theta, Xb, y, lam)]
    for _ in range(n_iter):
        p = sigmoid(Xb @ theta)
        g = logistic_grad(theta, Xb, y, lam)
        H = (Xb * (p * (1 - p))[:, None]).T @ Xb / n + lam * P
        step = np.linalg.solve(H + 1e-12 * np.eye(d), g)
        t, f0 = 1.0, history[-1]
        while logistic_loss(theta - t * step, Xb, y, lam) > f0 and t > 1e-8:
            t *= 0.5
        theta = theta - t * step
        history.append(logistic_loss(theta, Xb, y, lam))
        if np.linalg.norm(g) < tol:
            break
    return theta, history


def predict_proba(theta: np.ndarray, X: np.ndarray) -> np.ndarray:
    """P(y = 1 | x) under the fitted model."""
    return sigmoid(add_intercept(X) @ theta)
# --8<-- [end:irls]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n = 400
    X = rng.normal(size=(n, 3))
    true = np.array([1.5, -2.0, 0.5])
    y = (rng.random(n) < sigmoid(X @ true - 0.3)).astype(float)
    lam = 1.0 / (1.0 * n)  # C = 1
    th_gd, h_gd = fit_logistic_gd(X, y, lam=lam)
    th_nt, h_nt = fit_logistic_newton(X, y, lam=lam)
    print("GD     iterations:", len(h_gd) - 1, "loss:", round(h_gd[-1], 8), "theta:", np.round(th_gd, 4))
    print("Newton iterations:", len(h_nt) - 1, "loss:", round(h_nt[-1], 8), "theta:", np.round(th_nt, 4))
