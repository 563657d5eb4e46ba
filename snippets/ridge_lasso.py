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
# # Ridge (closed form and SVD) and lasso / elastic net (cyclic coordinate descent)
# From-scratch NumPy implementation used by the note "Ridge and Lasso Regression".
# Scalings follow scikit-learn so the results are directly comparable:
#   ridge:       ||y - Xw - b||^2 + alpha ||w||^2
#   elastic net: ||y - Xw - b||^2 / (2n) + alpha * l1_ratio * ||w||_1 + alpha * (1 - l1_ratio) / 2 * ||w||^2
# (lasso is l1_ratio = 1). The intercept b is never penalised: centre X and y, solve, recover b.

# %%
# --8<-- [start:ridge]
import numpy as np


def ridge_closed_form(X: np.ndarray, y: np.ndarray, alpha: float) -> tuple[np.ndarray, float]:
    """w = (Xc^T Xc + alpha I)^-1 Xc^T yc on centred data; b = mean(y) - mean(X) w."""
    xm, ym = X.mean(axis=0), y.mean()
    Xc, yc = X - xm, y - ym
    d = X.shape[1]
    w = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(d), Xc.T @ yc)
    return w, float(ym - xm @ w)


def ridge_svd(X: np.ndarray, y: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    """Ridge for many alphas from one SVD Xc = U S V^T: w(alpha) = V diag(s / (s^2 + alpha)) U^T yc.

    Each direction v_j is shrunk by s_j^2 / (s_j^2 + alpha): low-variance directions most.
    Returns an array (len(alphas), d)."""
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    Uty = U.T @ yc
    return np.array([Vt.T @ (s / (s**2 + a) * Uty) for a in alphas])
# --8<-- [end:ridge]


# %%
# --8<-- [start:lasso]
def soft_threshold(z: float, t: float) -> float:
    """S(z, t) = sign(z) max(|z| - t, 0), the proximal operator of t |.|."""
    return float(np.sign(z) * max(abs(z) - t, 0.0))


def elastic_net_cd(X: np.ndarray, y: np.ndarray, alpha: float, l1_ratio: float = 1.0,
                   max_iter: int = 10_000, tol: float = 1e-10,
                   w0: np.ndarray | None = None) -> tuple[np.ndarray, float, int]:
    """Cyclic coordinate descent for the elastic net (lasso when l1_ratio = 1).

    With the residual r = yc - Xc w kept up to date, the exact minimiser over w_j is
        rho_j = x_j^T r + ||x_j||^2 w_j
        w_j  <- S(rho_j, n alpha l1_ratio) / (||x_j||^2 + n alpha (1 - l1_ratio)).
    One sweep costs O(n d). Stops when no coordinate moves more than tol.
    Returns (w, b, sweeps).
    """
    xm, ym = X.mean(axis=0), y.mean()
    Xc, yc = X - xm, y - ym
    n, d = Xc.shape
    w = np.zeros(d) if w0 is None else w0.astype(float).copy()
    r = yc - Xc @ w
    sq = np.einsum("ij,ij->j", Xc, Xc)
    l1, l2 = n * alpha * l1_ratio, n * alpha * (1.0 - l1_ratio)
    for sweep in range(1, max_iter + 1):
        max_delta = 0.0
        for j in range(d):
            if sq[j] == 0.0:
                continue
            rho = Xc[:, j] @ r + sq[j] * w[j]
            w_new = soft_threshold(rho, l1) / (sq[j] + l2)
            delta = w_new - w[j]
            if delta != 0.0:
                r -= delta * Xc[:, j]
                w[j] = w_new
                max_delta = max(max_delta, abs(delta))
        if max_delta < tol:
            break
    return w, float(ym - xm @ w), sweep


def lasso_path(X: np.ndarray, y: np.ndarray, n_alphas: int = 30, eps: float = 1e-3) -> tuple[np.ndarray, np.ndarray]:
    """Lasso solutions on a log grid from alpha_max = max_j |x_j^T yc| / n (where w = 0)
    down to eps * alpha_max, each warm-started from the previous one."""
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    alpha_max = np.max(np.abs(Xc.T @ yc)) / len(y)
    alphas = alpha_max * np.logspace(0, np.log10(eps), n_alphas)
    w = np.zeros(X.shape[1])
    coefs = []
    for a in alphas:
        w, _, _ = elastic_net_cd(X, y, a, w0=w, tol=1e-8)
        coefs.append(w.copy())
    return alphas, np.array(coefs)
# --8<-- [end:lasso]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d = 100, 8
    X = rng.normal(size=(n, d))
    w_true = np.array([3.0, -2.0, 1.5, 0, 0, 0, 0, 0])
    y = X @ w_true + 1.0 + rng.normal(size=n)
    w_r, b_r = ridge_closed_form(X, y, alpha=10.0)
    w_l, b_l, sweeps = elastic_net_cd(X, y, alpha=0.1)
    print("ridge (alpha=10):", np.round(w_r, 3), "b =", round(b_r, 3))
    print("lasso (alpha=0.1):", np.round(w_l, 3), "b =", round(b_l, 3), f"({sweeps} sweeps)")
    print("exact zeros: ridge", int(np.sum(w_r == 0)), "| lasso", int(np.sum(w_l == 0)))
