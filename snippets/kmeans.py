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
# # k-means with k-means++ initialisation
# From-scratch NumPy implementation used by the note "K-Means Clustering":
# D^2 seeding, Lloyd iterations, restarts, and the inertia curve used to choose k.

# %%
# --8<-- [start:data]
import numpy as np


def make_blobs(n: int, centers: np.ndarray, std: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Draw n points from isotropic Gaussians around the given centres; return (X, true labels)."""
    rng = np.random.default_rng(seed)
    centers = np.asarray(centers, dtype=float)
    y = rng.integers(len(centers), size=n)
    X = centers[y] + std * rng.standard_normal((n, centers.shape[1]))
    return X, y
# --8<-- [end:data]


# %%
# --8<-- [start:kmeans_pp]
def sq_dists(X: np.ndarray, C: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances, shape (n, k), via ||x||^2 - 2 x.c + ||c||^2 (clipped at 0)."""
    d = (X**2).sum(1)[:, None] - 2.0 * X @ C.T + (C**2).sum(1)[None, :]
    return np.maximum(d, 0.0)


def kmeans_pp_init(X: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Pick k initial centres by D^2 sampling (Arthur and Vassilvitskii, 2007).

    The first centre is a uniformly random point; each next centre is point i with
    probability D(x_i)^2 / sum_j D(x_j)^2, D = distance to the nearest centre chosen so far.
    """
    n = X.shape[0]
    centers = np.empty((k, X.shape[1]))
    centers[0] = X[rng.integers(n)]
    d2 = sq_dists(X, centers[:1])[:, 0]
    for j in range(1, k):
        total = d2.sum()
        if total == 0.0:  # fewer distinct points than k: any point will do
            idx = rng.integers(n)
        else:
            idx = rng.choice(n, p=d2 / total)
        centers[j] = X[idx]
        d2 = np.minimum(d2, sq_dists(X, centers[j : j + 1])[:, 0])
    return centers
# --8<-- [end:kmeans_pp]


# %%
# --8<-- [start:lloyd]
def lloyd(
    X: np.ndarray, centers: np.ndarray, max_iter: int = 300, tol: float = 1e-10
) -> tuple[np.ndarray, np.ndarray, float, int]:
    """Lloyd's algorithm from the given centres. Returns (centers, labels, inertia, n_iter).

    Assignment step: each point goes to its nearest centre. Update step: each centre moves
    to the mean of its points. Both steps never increase the inertia (within-cluster SSE).
    """
    centers = centers.copy()
    for it in range(1, max_iter + 1):
        labels = sq_dists(X, centers).argmin(1)
        new = centers.copy()
        for j in range(len(centers)):
            members = X[labels == j]
            if len(members):  # an empty cluster keeps its old centre
                new[j] = members.mean(0)
        shift = ((new - centers) ** 2).sum()
        centers = new
        if shift <= tol:
            break
    d = sq_dists(X, centers)
    labels = d.argmin(1)
    inertia = float(d[np.arange(len(X)), labels].sum())
    return centers, labels, inertia, it


def kmeans(
    X: np.ndarray, k: int, n_init: int = 10, seed: int = 0, max_iter: int = 300
) -> tuple[np.ndarray, np.ndarray, float]:
    """k-means++ seeding + Lloyd, restarted n_init times; keep the lowest inertia."""
    rng = np.random.default_rng(seed)
    best = None
    for _ in range(n_init):
        c, lab, inertia, _ = lloyd(X, kmeans_pp_init(X, k, rng), max_iter=max_iter)
        if best is None or inertia < best[2]:
            best = (c, lab, inertia)
    return best
# --8<-- [end:lloyd]


# %%
# --8<-- [start:choose_k]
def inertia_curve(X: np.ndarray, ks: range, n_init: int = 5, seed: int = 0) -> np.ndarray:
    """Best inertia for each k in ks: the 'elbow' curve. It always decreases with k."""
    return np.array([kmeans(X, k, n_init=n_init, seed=seed)[2] for k in ks])
# --8<-- [end:choose_k]


# %%
if __name__ == "__main__":
    true_c = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]])
    X, y = make_blobs(300, true_c, std=0.8, seed=0)
    centers, labels, inertia = kmeans(X, k=3, seed=0)
    print("centres:\n", np.round(centers[np.argsort(centers[:, 0] + 10 * centers[:, 1])], 2))
    print("inertia:", round(inertia, 2))
    print("inertia for k=1..6:", np.round(inertia_curve(X, range(1, 7)), 1))
