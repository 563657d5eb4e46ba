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
# # Linear soft-margin SVM: dual coordinate descent and Pegasos subgradient
# From-scratch NumPy implementation used by the note "Support Vector Machines".
# Primal: min_w 0.5 ||w||^2 + C sum_i max(0, 1 - y_i w.x_i), labels y in {-1, +1}.
# The bias is handled by appending a constant feature (so it is regularised, as in LIBLINEAR).

# %%
# --8<-- [start:dcd]
import numpy as np


def hinge_objective(w: np.ndarray, X: np.ndarray, y: np.ndarray, C: float) -> float:
    """Primal soft-margin objective 0.5 ||w||^2 + C sum_i max(0, 1 - y_i w.x_i)."""
    return float(0.5 * w @ w + C * np.maximum(0.0, 1.0 - y * (X @ w)).sum())


def fit_svm_dual_cd(X: np.ndarray, y: np.ndarray, C: float = 1.0, bias: bool = True,
                    n_epochs: int = 1000, tol: float = 1e-8, seed: int = 0):
    """Dual coordinate descent for the hinge-loss SVM (Hsieh et al., 2008).

    Dual: min_a 0.5 a^T Q a - sum(a), 0 <= a_i <= C, Q_ij = y_i y_j x_i.x_j.
    Keeps w = sum_i a_i y_i x_i so that each coordinate update costs O(d):
        G = y_i w.x_i - 1,  a_i <- clip(a_i - G / Q_ii, 0, C),  w += (a_i' - a_i) y_i x_i.
    Stops when the largest projected-gradient violation in an epoch is below tol.
    Returns (w, b, alpha); support vectors are the rows with alpha > 0.
    """
    rng = np.random.default_rng(seed)
    Xa = np.hstack([X, np.ones((len(X), 1))]) if bias else X
    n, d = Xa.shape
    alpha = np.zeros(n)
    w = np.zeros(d)
    Qii = np.einsum("ij,ij->i", Xa, Xa)
    for _ in range(n_epochs):
        max_viol = 0.0
        for i in rng.permutation(n):
            G = y[i] * (w @ Xa[i]) - 1.0
            # projected gradient: zero if the box constraint blocks the descent direction
            PG = min(G, 0.0) if alpha[i] == 0 else (max(G, 0.0) if alpha[i] == C else G)
            max_viol = max(max_viol, abs(PG))
            if PG != 0.0 and Qii[i] > 0:
                a_new = min(max(alpha[i] - G / Qii[i], 0.0), C)
                w += (a_new - alpha[i]) * y[i] * Xa[i]
                alpha[i] = a_new
        if max_viol < tol:
            break
    if bias:
        return w[:-1], float(w[-1]), alpha
    return w, 0.0, alpha
# --8<-- [end:dcd]


# %%
# --8<-- [start:pegasos]
def fit_svm_pegasos(X: np.ndarray, y: np.ndarray, lam: float = 0.01, n_iter: int = 20000,
                    seed: int = 0) -> np.ndarray:
    """Pegasos stochastic subgradient descent (Shalev-Shwartz et al., 2007) on
    (lam / 2) ||w||^2 + (1/n) sum_i max(0, 1 - y_i w.x_i), which equals the C-form with
    C = 1 / (lam n). Step 1 / (lam t); returns the average of the last half of the iterates."""
    rng = np.random.default_rng(seed)
    n, d = X.shape
    w = np.zeros(d)
    w_avg, n_avg = np.zeros(d), 0
    for t in range(1, n_iter + 1):
        i = rng.integers(n)
        eta = 1.0 / (lam * t)
        active = y[i] * (w @ X[i]) < 1.0          # subgradient of the hinge is -y_i x_i here, 0 otherwise
        w *= 1.0 - eta * lam
        if active:
            w += eta * y[i] * X[i]
        if t > n_iter // 2:
            w_avg += w
            n_avg += 1
    return w_avg / n_avg
# --8<-- [end:pegasos]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n = 200
    X = np.vstack([rng.normal([2, 2], 1.0, (n // 2, 2)), rng.normal([-1, -1], 1.0, (n // 2, 2))])
    y = np.r_[np.ones(n // 2), -np.ones(n // 2)]
    w, b, alpha = fit_svm_dual_cd(X, y, C=1.0)
    margin = y * (X @ w + b)
    print("w =", np.round(w, 4), "b =", round(b, 4))
    print("support vectors:", int((alpha > 0).sum()), "of", n,
          "| at the bound C:", int(np.isclose(alpha, 1.0).sum()))
    print("training accuracy:", np.mean(margin > 0), "| geometric margin 1/||w|| =", round(1 / np.linalg.norm(w), 4))
