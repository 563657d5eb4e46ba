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
# # Coding problem: k-means (Lloyd's algorithm with k-means++ seeding)
# Interview-style solution used by the note "Coding - Implement K-Means".

# %%
# --8<-- [start:solution]
import numpy as np


def pairwise_sq_dists(X: np.ndarray, C: np.ndarray) -> np.ndarray:
    """||x_i - c_j||^2 for all i, j as ||x||^2 - 2 x.c + ||c||^2, clipped at 0 (round-off)."""
    d = (X**2).sum(1)[:, None] - 2 * X @ C.T + (C**2).sum(1)[None, :]
    return np.maximum(d, 0.0)


def kmeans_pp_init(X: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++: first centre uniform, each next one sampled with probability ~ D(x)^2."""
    centers = [X[rng.integers(X.shape[0])]]
    d2 = pairwise_sq_dists(X, centers[0][None, :])[:, 0]
    for _ in range(1, k):
        p = d2 / d2.sum() if d2.sum() > 0 else np.full(X.shape[0], 1 / X.shape[0])
        centers.append(X[rng.choice(X.shape[0], p=p)])
        d2 = np.minimum(d2, pairwise_sq_dists(X, centers[-1][None, :])[:, 0])
    return np.array(centers)


def kmeans(
    X: np.ndarray,
    k: int,
    init: np.ndarray | None = None,
    max_iter: int = 300,
    tol: float = 1e-10,
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Lloyd iterations from `init` (or k-means++). Returns (centers, labels, inertia).

    An empty cluster is re-seeded at the point farthest from its current centre.
    Stops when the total squared centre shift falls below tol.
    """
    X = np.asarray(X, dtype=float)
    if not 1 <= k <= X.shape[0]:
        raise ValueError("need 1 <= k <= n")
    if init is None:
        C = kmeans_pp_init(X, k, rng or np.random.default_rng(0))
    else:
        C = np.array(init, dtype=float)
    for _ in range(max_iter):
        D = pairwise_sq_dists(X, C)
        labels = D.argmin(1)
        newC = C.copy()
        for j in range(k):
            members = X[labels == j]
            if members.size:
                newC[j] = members.mean(0)
            else:  # empty cluster: move it to the worst-served point
                far = D[np.arange(X.shape[0]), labels].argmax()
                newC[j] = X[far]
        shift = ((newC - C) ** 2).sum()
        C = newC
        if shift <= tol:
            break
    D = pairwise_sq_dists(X, C)
    labels = D.argmin(1)
    return C, labels, float(D[np.arange(X.shape[0]), labels].sum())
# --8<-- [end:solution]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(m, 0.5, (100, 2)) for m in ([0, 0], [3, 3], [0, 4])])
    C, labels, inertia = kmeans(X, 3, rng=rng)
    print(np.round(C[np.argsort(C[:, 0] + C[:, 1])], 2), round(inertia, 2))
