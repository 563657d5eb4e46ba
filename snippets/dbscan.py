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
# # DBSCAN
# From-scratch NumPy implementation used by the note "DBSCAN": core points, density-reachability
# by breadth-first search, noise label -1, and the k-distance curve used to choose eps.

# %%
# --8<-- [start:dbscan]
from collections import deque

import numpy as np


def pairwise_dist(X: np.ndarray) -> np.ndarray:
    """Dense Euclidean distance matrix, O(n^2) memory."""
    sq = (X**2).sum(1)
    return np.sqrt(np.maximum(sq[:, None] - 2.0 * X @ X.T + sq[None, :], 0.0))


def dbscan(X: np.ndarray, eps: float, min_samples: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (labels, is_core). Noise is -1; clusters are numbered in order of discovery.

    A point is a core point when its closed eps-ball holds at least min_samples points
    (itself included). Clusters are the connected components of core points under the
    eps-neighbour relation, plus the border points within eps of one of their cores;
    a border point within reach of two clusters joins the one found first.
    """
    D = pairwise_dist(X)
    neighbours = [np.flatnonzero(row <= eps) for row in D]
    is_core = np.array([len(nb) >= min_samples for nb in neighbours])
    labels = np.full(len(X), -1)
    cluster = 0
    for seed in range(len(X)):
        if labels[seed] != -1 or not is_core[seed]:
            continue
        labels[seed] = cluster
        queue = deque([seed])
        while queue:
            p = queue.popleft()
            if not is_core[p]:
                continue          # border points join but do not expand the cluster
            for q in neighbours[p]:
                if labels[q] == -1:
                    labels[q] = cluster
                    queue.append(q)
        cluster += 1
    return labels, is_core
# --8<-- [end:dbscan]


# %%
# --8<-- [start:k_distance]
def k_distance(X: np.ndarray, k: int) -> np.ndarray:
    """Distance from every point to its k-th nearest other point, sorted decreasingly.

    With k = min_samples - 1, the knee of this curve is the usual heuristic for eps.
    """
    D = pairwise_dist(X)
    return np.sort(np.sort(D, axis=1)[:, k])[::-1]
# --8<-- [end:k_distance]


# %%
# --8<-- [start:moons]
def make_moons(n: int, noise: float, seed: int = 0) -> np.ndarray:
    """Two interleaved half-circles with Gaussian noise (a k-means failure case)."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n)
    upper = rng.random(n) < 0.5
    X = np.where(upper[:, None], np.c_[np.cos(t), np.sin(t)], np.c_[1 - np.cos(t), 0.5 - np.sin(t)])
    return X + noise * rng.standard_normal((n, 2))
# --8<-- [end:moons]


# %%
if __name__ == "__main__":
    X = make_moons(300, noise=0.06, seed=0)
    labels, core = dbscan(X, eps=0.2, min_samples=5)
    print("clusters:", labels.max() + 1, "| noise points:", int((labels == -1).sum()),
          "| core points:", int(core.sum()))
    print("4-distance curve, top 5:", np.round(k_distance(X, 4)[:5], 3))
