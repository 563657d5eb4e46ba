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
# # Agglomerative clustering with the Lance-Williams update
# From-scratch NumPy implementation used by the note "Hierarchical Clustering":
# single, complete, average and Ward linkage, a SciPy-format linkage matrix,
# cutting the tree into k clusters, and a dendrogram drawn with matplotlib.

# %%
# --8<-- [start:linkage]
import numpy as np


def lance_williams(method: str, d_ik: np.ndarray, d_jk: np.ndarray, d_ij: float,
                   n_i: int, n_j: int, n_k: np.ndarray) -> np.ndarray:
    """Distance from the merged cluster (i u j) to every other cluster k."""
    if method == "single":
        return np.minimum(d_ik, d_jk)
    if method == "complete":
        return np.maximum(d_ik, d_jk)
    if method == "average":  # UPGMA: mean of all pairwise distances
        return (n_i * d_ik + n_j * d_jk) / (n_i + n_j)
    if method == "ward":  # on Euclidean distances, as SciPy reports them
        s = n_i + n_j + n_k
        sq = ((n_i + n_k) * d_ik**2 + (n_j + n_k) * d_jk**2 - n_k * d_ij**2) / s
        return np.sqrt(np.maximum(sq, 0.0))
    raise ValueError(f"unknown linkage {method!r}")


def linkage(X: np.ndarray, method: str = "single") -> np.ndarray:
    """Naive O(n^3) agglomerative clustering. Returns an (n-1, 4) SciPy-style matrix.

    Row t = [id_a, id_b, merge height, size of the new cluster]; original points have
    ids 0..n-1 and the cluster formed at step t gets id n + t.
    """
    n = X.shape[0]
    D = np.sqrt(np.maximum(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1), 0.0))
    np.fill_diagonal(D, np.inf)
    ids = np.arange(n)            # cluster id stored in each slot
    size = np.ones(n, dtype=int)  # cluster size in each slot
    active = np.ones(n, dtype=bool)
    Z = np.zeros((n - 1, 4))
    for t in range(n - 1):
        masked = np.where(active[:, None] & active[None, :], D, np.inf)
        i, j = np.unravel_index(np.argmin(masked), D.shape)
        i, j = min(i, j), max(i, j)
        h = D[i, j]
        Z[t] = [min(ids[i], ids[j]), max(ids[i], ids[j]), h, size[i] + size[j]]
        others = active.copy()
        others[[i, j]] = False
        new = lance_williams(method, D[i, others], D[j, others], h, size[i], size[j], size[others])
        D[i, others] = D[others, i] = new
        active[j] = False            # slot j is retired, slot i holds the merged cluster
        size[i] += size[j]
        ids[i] = n + t
    return Z
# --8<-- [end:linkage]


# %%
# --8<-- [start:cut]
def cut_tree(Z: np.ndarray, k: int) -> np.ndarray:
    """Flat labels 0..k-1 from undoing the last k-1 merges of the linkage matrix."""
    n = Z.shape[0] + 1
    parent = np.arange(2 * n - 1)
    for t in range(n - k):  # replay only the first n-k merges
        a, b = int(Z[t, 0]), int(Z[t, 1])
        parent[a] = parent[b] = n + t

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    roots = np.array([root(i) for i in range(n)])
    _, labels = np.unique(roots, return_inverse=True)
    return labels
# --8<-- [end:cut]


# %%
# --8<-- [start:dendrogram]
def leaf_order(Z: np.ndarray) -> list[int]:
    """Left-to-right order of the leaves so that no dendrogram branches cross."""
    n = Z.shape[0] + 1
    stack, order = [2 * n - 2], []
    while stack:
        c = stack.pop()
        if c < n:
            order.append(c)
        else:
            a, b = int(Z[c - n, 0]), int(Z[c - n, 1])
            stack += [b, a]
    return order


def plot_dendrogram(Z: np.ndarray, ax, color: str = "C0") -> None:
    """Draw the tree: each merge is a U whose crossbar sits at the merge height."""
    n = Z.shape[0] + 1
    x = {leaf: float(pos) for pos, leaf in enumerate(leaf_order(Z))}
    y = {leaf: 0.0 for leaf in range(n)}
    for t, (a, b, h, _) in enumerate(Z):
        a, b = int(a), int(b)
        ax.plot([x[a], x[a], x[b], x[b]], [y[a], h, h, y[b]], color=color, lw=1)
        x[n + t], y[n + t] = (x[a] + x[b]) / 2, h
    if n <= 30:  # leaf labels are unreadable beyond that
        ax.set_xticks(range(n))
        ax.set_xticklabels(leaf_order(Z), fontsize=6)
    else:
        ax.set_xticks([])
# --8<-- [end:dendrogram]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(c, 0.4, size=(5, 2)) for c in ([0, 0], [3, 0], [0, 3])])
    for method in ["single", "complete", "average", "ward"]:
        Z = linkage(X, method)
        print(f"{method:8s} last three merge heights: {np.round(Z[-3:, 2], 3)}",
              "labels at k=3:", cut_tree(Z, 3))
