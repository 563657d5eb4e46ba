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
# # Exact t-SNE
# From-scratch NumPy implementation used by the note "t-SNE": per-point bandwidths found by
# bisection to hit a target perplexity, symmetric affinities, the Student-t output kernel,
# the KL gradient, and gradient descent with momentum, gains and early exaggeration.
# O(n^2) per iteration: fine for a few hundred points.

# %%
# --8<-- [start:perplexity]
import numpy as np


def sq_distances(X: np.ndarray) -> np.ndarray:
    sq = (X**2).sum(1)
    return np.maximum(sq[:, None] - 2.0 * X @ X.T + sq[None, :], 0.0)


def conditional_p(D2: np.ndarray, perplexity: float, tol: float = 1e-10,
                  max_iter: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Rows p_{j|i} = exp(-beta_i d_ij^2) / sum_k exp(-beta_i d_ik^2), p_{i|i} = 0.

    beta_i = 1 / (2 sigma_i^2) is set by bisection so that the Shannon entropy of row i
    equals log(perplexity) (in nats): perplexity = exp(H) is the effective number of
    neighbours. Returns (P_conditional, beta).
    """
    n = D2.shape[0]
    target = np.log(perplexity)
    P = np.zeros((n, n))
    beta = np.ones(n)
    for i in range(n):
        d = np.delete(D2[i], i)
        d = d - d.min()                           # shift for numerical stability
        lo, hi, b = 0.0, np.inf, 1.0 / np.median(d[d > 0])
        for _ in range(max_iter):
            w = np.exp(-b * d)
            p = w / w.sum()
            H = -(p * np.log(np.maximum(p, 1e-300))).sum()
            if abs(H - target) < tol:
                break
            if H > target:                        # too flat: narrow the kernel
                lo = b
                b = b * 2 if hi == np.inf else (b + hi) / 2
            else:
                hi = b
                b = (b + lo) / 2
        P[i, np.arange(n) != i] = p
        beta[i] = b
    return P, beta


def joint_p(X: np.ndarray, perplexity: float) -> np.ndarray:
    """Symmetrised affinities p_ij = (p_{j|i} + p_{i|j}) / 2n; they sum to 1."""
    Pc, _ = conditional_p(sq_distances(X), perplexity)
    P = (Pc + Pc.T) / (2 * len(X))
    return np.maximum(P, 1e-12)
# --8<-- [end:perplexity]


# %%
# --8<-- [start:objective]
def kl_and_grad(P: np.ndarray, Y: np.ndarray) -> tuple[float, np.ndarray]:
    """KL(P || Q) and its gradient 4 sum_j (p_ij - q_ij)(y_i - y_j) / (1 + ||y_i - y_j||^2)."""
    num = 1.0 / (1.0 + sq_distances(Y))           # Student-t (Cauchy) kernel
    np.fill_diagonal(num, 0.0)
    Q = np.maximum(num / num.sum(), 1e-12)
    off = ~np.eye(len(Y), dtype=bool)
    kl = float((P[off] * np.log(P[off] / Q[off])).sum())
    W = (P - Q) * num
    np.fill_diagonal(W, 0.0)
    grad = 4.0 * (W.sum(1)[:, None] * Y - W @ Y)
    return kl, grad
# --8<-- [end:objective]


# %%
# --8<-- [start:optimise]
def tsne(X: np.ndarray, perplexity: float = 30.0, n_iter: int = 750, exaggeration: float = 12.0,
         exaggeration_iters: int = 250, seed: int = 0) -> tuple[np.ndarray, list[float]]:
    """2-D exact t-SNE. Returns (Y, KL recorded every 10 iterations after exaggeration).

    Follows van der Maaten and Hinton (2008) with the now-standard choices: P multiplied by
    `exaggeration` for the first iterations, momentum 0.5 then 0.8, per-parameter gains,
    learning rate max(n / exaggeration / 4, 50) (scikit-learn's 'auto').
    """
    n = len(X)
    P = joint_p(X, perplexity)
    rng = np.random.default_rng(seed)
    Y = 1e-4 * rng.standard_normal((n, 2))
    velocity, gains = np.zeros_like(Y), np.ones_like(Y)
    lr = max(n / exaggeration / 4.0, 50.0)
    trace = []
    for it in range(n_iter):
        early = it < exaggeration_iters
        kl, grad = kl_and_grad(P * exaggeration if early else P, Y)
        momentum = 0.5 if early else 0.8
        same_sign = np.sign(grad) == np.sign(velocity)
        gains = np.clip(np.where(same_sign, gains * 0.8, gains + 0.2), 0.01, None)
        velocity = momentum * velocity - lr * gains * grad
        Y = Y + velocity
        if not early and (it - exaggeration_iters) % 10 == 0:
            trace.append(kl)
    return Y - Y.mean(0), trace
# --8<-- [end:optimise]


# %%
# --8<-- [start:data]
def gaussian_clusters(sizes: list[int], dim: int, spreads: list[float], centres: np.ndarray,
                      seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Isotropic Gaussian clusters in `dim` dimensions with chosen sizes, spreads, centres."""
    rng = np.random.default_rng(seed)
    X = np.vstack([c + s * rng.standard_normal((m, dim))
                   for m, s, c in zip(sizes, spreads, centres)])
    return X, np.repeat(np.arange(len(sizes)), sizes)
# --8<-- [end:data]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    centres = rng.normal(0, 5, size=(4, 10))
    X, y = gaussian_clusters([40, 40, 40, 40], 10, [1.0] * 4, centres, seed=0)
    Pc, beta = conditional_p(sq_distances(X), perplexity=20)
    H = -(Pc * np.log(np.where(Pc > 0, Pc, 1))).sum(1)
    print("achieved perplexity, min/max over points:", np.round(np.exp(H).min(), 6),
          np.round(np.exp(H).max(), 6))
    Y, trace = tsne(X, perplexity=20, n_iter=500)
    print("KL after exaggeration, every 50 iterations:", np.round(trace[::5], 4))
