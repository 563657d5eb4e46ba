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
# # Coding problem: L2-regularised logistic regression by gradient descent and Newton's method
# Interview-style solution used by the note "Coding - Implement Logistic Regression".

# %%
# --8<-- [start:loss_grad]
import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Numerically stable logistic function: never exponentiates a large positive number."""
    out = np.empty_like(z, dtype=float)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1 + ez)
    return out


def loss_and_grad(
    w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lam: float
) -> tuple[float, np.ndarray, float]:
    """J(w, b) = mean_i [log(1 + e^{z_i}) - y_i z_i] + lam/2 ||w||^2 with z = Xw + b.

    The bias b is not penalised.

    dJ/dw = X^T (sigmoid(z) - y) / n + lam w,   dJ/db = mean(sigmoid(z) - y).
    """
    z = X @ w + b
    # logaddexp(0, z) = log(1 + e^z) without overflow
    loss = np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * lam * w @ w
    r = sigmoid(z) - y
    return float(loss), X.T @ r / X.shape[0] + lam * w, float(r.mean())
# --8<-- [end:loss_grad]


# %%
# --8<-- [start:fit]
def fit_gd(
    X: np.ndarray,
    y: np.ndarray,
    lam: float = 1e-2,
    lr: float = 1.0,
    n_iter: int = 5000,
    tol: float = 1e-10,
) -> tuple[np.ndarray, float, list[float]]:
    """Full-batch gradient descent, stopped when the gradient norm is below tol.

    Returns (w, b, losses).
    """
    w, b, losses = np.zeros(X.shape[1]), 0.0, []
    for _ in range(n_iter):
        loss, gw, gb = loss_and_grad(w, b, X, y, lam)
        losses.append(loss)
        if np.sqrt(gw @ gw + gb * gb) < tol:
            break
        w, b = w - lr * gw, b - lr * gb
    return w, b, losses


def fit_newton(
    X: np.ndarray, y: np.ndarray, lam: float = 1e-2, n_iter: int = 50, tol: float = 1e-12
) -> tuple[np.ndarray, float, list[float]]:
    """Newton's method (IRLS) on theta = (w, b).

    H = A^T S A / n + lam * diag(1, ..., 1, 0) with A = [X, 1] and S = diag(p (1 - p)).
    """
    n, d = X.shape
    A = np.column_stack([X, np.ones(n)])
    theta, losses = np.zeros(d + 1), []
    reg = lam * np.r_[np.ones(d), 0.0]
    for _ in range(n_iter):
        loss, gw, gb = loss_and_grad(theta[:d], theta[d], X, y, lam)
        losses.append(loss)
        g = np.r_[gw, gb]
        if np.linalg.norm(g) < tol:
            break
        p = sigmoid(A @ theta)
        H = (A * (p * (1 - p))[:, None]).T @ A / n + np.diag(reg)
        theta = theta - np.linalg.solve(H, g)
    return theta[:d], float(theta[d]), losses


def predict_proba(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """P(y = 1 | x)."""
    return sigmoid(X @ w + b)
# --8<-- [end:fit]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X = rng.normal(size=(500, 3))
    y = (rng.random(500) < sigmoid(X @ np.array([2.0, -1.0, 0.5]) - 0.5)).astype(float)
    w_gd, b_gd, l_gd = fit_gd(X, y, lam=1e-2)
    w_nt, b_nt, l_nt = fit_newton(X, y, lam=1e-2)
    print("GD     ", np.round(w_gd, 4), round(b_gd, 4), len(l_gd), "iterations")
    print("Newton ", np.round(w_nt, 4), round(b_nt, 4), len(l_nt), "iterations")
