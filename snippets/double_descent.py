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
# # Double descent with random ReLU features
# Minimum-norm least squares on p random features of n training points: the test error peaks at
# the interpolation threshold p = n and falls again as p grows. Used by "Generalization Theory".

# %%
# --8<-- [start:double_descent]
import numpy as np


def min_norm_lstsq(Phi: np.ndarray, y: np.ndarray, rcond: float = 1e-10) -> np.ndarray:
    """argmin ||w|| among the minimisers of ||Phi w - y||, via the SVD: w = V diag(1/s) U^T y."""
    U, s, Vt = np.linalg.svd(Phi, full_matrices=False)
    keep = s > rcond * s.max()
    return Vt[keep].T @ ((U[:, keep].T @ y) / s[keep])


def relu_features(X: np.ndarray, W: np.ndarray) -> np.ndarray:
    """phi(x) = max(0, W x) / sqrt(p): a one-hidden-layer network with a frozen random layer."""
    return np.maximum(X @ W.T, 0.0) / np.sqrt(W.shape[0])


def double_descent_curve(
    n_train: int = 40,
    d: int = 5,
    widths: np.ndarray | None = None,
    noise: float = 0.2,
    n_test: int = 200,
    n_repeats: int = 4,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean train and test MSE of the min-norm fit for each number of random features p."""
    if widths is None:
        widths = np.array([5, 10, 20, 30, 36, 40, 44, 50, 60, 80, 120, 200, 400])
    rng = np.random.default_rng(seed)
    train, test = np.zeros(widths.size), np.zeros(widths.size)
    for _ in range(n_repeats):
        beta = rng.normal(size=d) / np.sqrt(d)
        X, Xt = rng.normal(size=(n_train, d)), rng.normal(size=(n_test, d))
        y = np.tanh(X @ beta * 2) + noise * rng.normal(size=n_train)
        yt = np.tanh(Xt @ beta * 2)
        W_all = rng.normal(size=(widths.max(), d))
        for i, p in enumerate(widths):
            Phi, Phit = relu_features(X, W_all[:p]), relu_features(Xt, W_all[:p])
            w = min_norm_lstsq(Phi, y)
            train[i] += np.mean((Phi @ w - y) ** 2) / n_repeats
            test[i] += (np.mean((Phit @ w - yt) ** 2) + noise**2) / n_repeats
    return widths, train, test
# --8<-- [end:double_descent]


# %%
if __name__ == "__main__":
    p, tr, te = double_descent_curve()
    for row in zip(p, np.round(tr, 4), np.round(te, 3)):
        print(*row)
