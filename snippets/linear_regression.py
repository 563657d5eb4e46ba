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
# # Ordinary least squares three ways, plus diagnostics
# From-scratch NumPy implementation used by the note "Linear Regression".
# Solves min_w ||X w - y||^2 by the normal equations, by Householder QR, and by gradient descent.

# %%
# --8<-- [start:normal]
import numpy as np


def ols_normal_equations(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Solve X^T X w = X^T y. Cost O(n d^2 + d^3); squares the condition number."""
    return np.linalg.solve(X.T @ X, X.T @ y)
# --8<-- [end:normal]


# %%
# --8<-- [start:qr]
def householder_qr(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Thin QR by Householder reflections: X = Q R, Q (n x d) orthonormal columns, R (d x d) upper.

    Reflection k maps column k below the diagonal onto a multiple of e_k:
    v = x + sign(x_0) ||x|| e_0, H = I - 2 v v^T / (v^T v). Cost O(n d^2) = 2 n d^2 - 2 d^3 / 3 flops.
    """
    R = np.array(X, dtype=float)
    n, d = R.shape
    vs = []
    for k in range(d):
        x = R[k:, k]
        v = x.copy()
        v[0] += np.copysign(np.linalg.norm(x), x[0] if x[0] != 0 else 1.0)
        vn = np.linalg.norm(v)
        v = v / vn if vn > 0 else v
        R[k:, k:] -= 2.0 * np.outer(v, v @ R[k:, k:])
        vs.append(v)
    # accumulate Q = H_0 H_1 ... H_{d-1} applied to the first d columns of the identity
    Q = np.eye(n, d)
    for k in reversed(range(d)):
        v = vs[k]
        Q[k:, :] -= 2.0 * np.outer(v, v @ Q[k:, :])
    return Q, np.triu(R[:d, :])


def back_substitution(R: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve the upper-triangular system R w = b in O(d^2)."""
    d = len(b)
    w = np.zeros(d)
    for i in reversed(range(d)):
        w[i] = (b[i] - R[i, i + 1:] @ w[i + 1:]) / R[i, i]
    return w


def ols_qr(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """OLS via QR: ||Xw - y|| is minimised by R w = Q^T y (condition number kappa(X), not kappa^2)."""
    Q, R = householder_qr(X)
    return back_substitution(R, Q.T @ y)
# --8<-- [end:qr]


# %%
# --8<-- [start:gd]
def ols_gradient_descent(X: np.ndarray, y: np.ndarray, n_iter: int = 10_000,
                         tol: float = 1e-12) -> tuple[np.ndarray, list[float]]:
    """Gradient descent on f(w) = ||Xw - y||^2 / (2n), gradient X^T (Xw - y) / n.

    Step 1/L with L = sigma_max(X)^2 / n, the largest eigenvalue of the Hessian X^T X / n;
    the error shrinks by a factor (1 - 1/kappa(X^T X)) per step, so scale the features first.
    """
    n = X.shape[0]
    L = np.linalg.norm(X, 2) ** 2 / n
    w = np.zeros(X.shape[1])
    losses = []
    for _ in range(n_iter):
        r = X @ w - y
        losses.append(float(r @ r / (2 * n)))
        g = X.T @ r / n
        if np.linalg.norm(g) < tol:
            break
        w -= g / L
    return w, losses
# --8<-- [end:gd]


# %%
# --8<-- [start:diagnostics]
def ols_diagnostics(X: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray | float]:
    """Residual diagnostics for a design X that already contains an intercept column.

    leverage h_i = ||Q_i||^2 (diagonal of the hat matrix X (X^T X)^-1 X^T = Q Q^T),
    sigma^2 = RSS / (n - d), standard errors sqrt(sigma^2 diag((X^T X)^-1)) = sqrt(sigma^2 diag(R^-1 R^-T)),
    Cook's distance D_i = e_i^2 h_i / (d sigma^2 (1 - h_i)^2).
    """
    n, d = X.shape
    Q, R = householder_qr(X)
    w = back_substitution(R, Q.T @ y)
    resid = y - X @ w
    h = np.sum(Q * Q, axis=1)
    sigma2 = float(resid @ resid / (n - d))
    Rinv = np.linalg.solve(R, np.eye(d))
    se = np.sqrt(sigma2 * np.sum(Rinv * Rinv, axis=1))
    r2 = 1.0 - resid @ resid / np.sum((y - y.mean()) ** 2)
    cooks = resid**2 * h / (d * sigma2 * (1 - h) ** 2)
    return {"coef": w, "se": se, "r2": float(r2), "sigma2": sigma2, "leverage": h, "cooks": cooks,
            "resid": resid}
# --8<-- [end:diagnostics]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n = 200
    X = np.hstack([np.ones((n, 1)), rng.normal(size=(n, 3))])
    y = X @ np.array([1.0, 2.0, -1.0, 0.5]) + 0.5 * rng.normal(size=n)
    w_ne = ols_normal_equations(X, y)
    w_qr = ols_qr(X, y)
    w_gd, losses = ols_gradient_descent(X, y)
    print("normal eq.:", np.round(w_ne, 6))
    print("QR        :", np.round(w_qr, 6))
    print("GD        :", np.round(w_gd, 6), f"({len(losses)} iterations)")
    diag = ols_diagnostics(X, y)
    print("std errors:", np.round(diag["se"], 4), "R^2 =", round(diag["r2"], 4))
