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
# # Model interpretability: Shapley values, tree SHAP, PDP/ICE, LIME, integrated gradients
# Exact Shapley values by enumerating coalitions, with the interventional value function and
# the tree-path-dependent one that TreeSHAP computes; ICE curves and partial dependence; a
# LIME-style weighted local linear surrogate; integrated gradients for a small tanh network.
# Used by the note "Model Interpretability".

# %%
# --8<-- [start:shapley]
from itertools import combinations
from math import factorial

import numpy as np


def shapley_values(value, d: int) -> np.ndarray:
    """Exact Shapley values phi_i = sum over S not containing i of
    |S|! (d - |S| - 1)! / d! * (v(S + i) - v(S)), by enumerating all 2^d coalitions.
    `value` maps a tuple of feature indices (sorted) to v(S)."""
    v = {S: value(S) for k in range(d + 1) for S in combinations(range(d), k)}
    phi = np.zeros(d)
    for S, vS in v.items():
        w = factorial(len(S)) * factorial(d - len(S) - 1) / factorial(d) if len(S) < d else 0.0
        for i in set(range(d)) - set(S):
            phi[i] += w * (v[tuple(sorted(S + (i,)))] - vS)
    return phi


def interventional_value(f, x: np.ndarray, background: np.ndarray):
    """v(S) = mean over background rows b of f(x_S, b_notS): features outside S are replaced by
    background values independently of x_S (the 'interventional' or marginal expectation)."""
    def value(S):
        Z = background.copy()
        Z[:, list(S)] = x[list(S)]
        return float(np.mean(f(Z)))
    return value
# --8<-- [end:shapley]


# %%
# --8<-- [start:tree]
def tree_path_value(tree: dict, x: np.ndarray):
    """Path-dependent v(S) for one decision tree (Lundberg et al., 2020, Algorithm 1): at a split on
    a feature in S follow x; otherwise average both children weighted by their training cover.
    `tree` holds sklearn-style arrays: left, right (-1 at leaves), feature, threshold, value, cover."""
    def value(S):
        def rec(node):
            if tree["left"][node] == -1:
                return tree["value"][node]
            l, r = tree["left"][node], tree["right"][node]
            if tree["feature"][node] in S:
                return rec(l if x[tree["feature"][node]] <= tree["threshold"][node] else r)
            return (tree["cover"][l] * rec(l) + tree["cover"][r] * rec(r)) / tree["cover"][node]
        return float(rec(0))
    return value


def tree_predict(tree: dict, X: np.ndarray) -> np.ndarray:
    out = np.empty(len(X))
    for i, x in enumerate(X):
        node = 0
        while tree["left"][node] != -1:
            node = tree["left"][node] if x[tree["feature"][node]] <= tree["threshold"][node] else tree["right"][node]
        out[i] = tree["value"][node]
    return out
# --8<-- [end:tree]


# %%
# --8<-- [start:pdp]
def ice_curves(f, X: np.ndarray, j: int, grid: np.ndarray) -> np.ndarray:
    """Individual conditional expectation: row i, column g is f(X_i with feature j set to grid[g]).
    The partial dependence curve is the mean over rows."""
    curves = np.empty((len(X), len(grid)))
    for g, value in enumerate(grid):
        Z = X.copy()
        Z[:, j] = value
        curves[:, g] = f(Z)
    return curves


def lime_explain(f, x: np.ndarray, scale: np.ndarray, width: float, n: int = 2000, lam: float = 1e-3,
                 rng: np.random.Generator | None = None) -> np.ndarray:
    """LIME-style local surrogate (Ribeiro, Singh and Guestrin, 2016) for tabular data: perturb x
    with Gaussian noise of per-feature `scale`, weight samples by exp(-||z||^2 / width^2) in
    standardised units, and fit a weighted ridge regression. Returns (intercept, slopes)."""
    rng = rng or np.random.default_rng(0)
    Z = rng.normal(size=(n, len(x)))
    Xp = x + Z * scale
    w = np.exp(-np.sum(Z ** 2, axis=1) / width ** 2)
    A = np.column_stack([np.ones(n), Xp - x])
    coef = np.linalg.solve(A.T @ (w[:, None] * A) + lam * np.diag([0.0] + [1.0] * len(x)), A.T @ (w * f(Xp)))
    return coef
# --8<-- [end:pdp]


# %%
# --8<-- [start:ig]
def mlp(params: dict, X: np.ndarray) -> np.ndarray:
    """f(x) = w2 . tanh(W1 x + b1) + b2, a scalar output per row."""
    return np.tanh(X @ params["W1"].T + params["b1"]) @ params["w2"] + params["b2"]


def mlp_grad(params: dict, X: np.ndarray) -> np.ndarray:
    """df/dx = W1^T (w2 * (1 - tanh^2)), one row per input."""
    h = np.tanh(X @ params["W1"].T + params["b1"])
    return ((1 - h ** 2) * params["w2"]) @ params["W1"]


def integrated_gradients(grad, x: np.ndarray, baseline: np.ndarray, steps: int = 64) -> np.ndarray:
    """IG_i = (x_i - x'_i) * integral_0^1 df/dx_i(x' + a (x - x')) da (Sundararajan, Taly and Yan, 2017),
    by the trapezoid rule on `steps` intervals (error O(1/steps^2) for a smooth f)."""
    a = np.linspace(0.0, 1.0, steps + 1)
    G = grad(baseline + a[:, None] * (x - baseline))
    avg = (G[:-1] + G[1:]).sum(axis=0) / (2 * steps)
    return (x - baseline) * avg
# --8<-- [end:ig]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    background = rng.normal(size=(200, 3))
    f = lambda X: X[:, 0] * X[:, 1] + 2 * X[:, 2]
    x = np.array([1.0, 2.0, -1.0])
    phi = shapley_values(interventional_value(f, x, background), 3)
    print("Shapley values", phi.round(3), "sum", phi.sum().round(3), "= f(x) - E f", (f(x[None])[0] - f(background).mean()).round(3))
    params = {"W1": rng.normal(size=(8, 3)), "b1": rng.normal(size=8), "w2": rng.normal(size=8), "b2": 0.1}
    ig = integrated_gradients(lambda X: mlp_grad(params, X), x, np.zeros(3), steps=200)
    print("IG", ig.round(4), "sum", ig.sum().round(5), "= f(x) - f(0)", (mlp(params, x[None]) - mlp(params, np.zeros((1, 3))))[0].round(5))
