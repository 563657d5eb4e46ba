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
# # Clustering evaluation: silhouette and adjusted Rand index
# From-scratch NumPy implementation used by the note "Clustering Evaluation".

# %%
# --8<-- [start:silhouette]
import numpy as np


def silhouette_samples(X: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """s(i) = (b - a) / max(a, b); a = mean distance to own cluster, b = to nearest other.

    Points in singleton clusters get s = 0 (the convention of Rousseeuw and scikit-learn).
    O(n^2) time and memory for the distance matrix.
    """
    sq = (X**2).sum(1)
    D = np.sqrt(np.maximum(sq[:, None] - 2 * X @ X.T + sq[None, :], 0.0))
    ks, lab = np.unique(labels, return_inverse=True)
    onehot = np.eye(len(ks))[lab]                 # (n, K)
    sums = D @ onehot                             # total distance from i to each cluster
    counts = onehot.sum(0)
    own = counts[lab]
    a = sums[np.arange(len(X)), lab] / np.maximum(own - 1, 1)   # exclude the point itself
    mean_to = sums / counts
    mean_to[np.arange(len(X)), lab] = np.inf
    b = mean_to.min(1)
    s = (b - a) / np.maximum(a, b)
    return np.where(own > 1, s, 0.0)


def silhouette_score(X: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette over all points; defined for 2 <= number of clusters <= n - 1."""
    return float(silhouette_samples(X, labels).mean())
# --8<-- [end:silhouette]


# %%
# --8<-- [start:ari]
def comb2(x: np.ndarray) -> np.ndarray:
    """Number of unordered pairs, x choose 2."""
    return x * (x - 1) / 2.0


def adjusted_rand_index(a: np.ndarray, b: np.ndarray) -> float:
    """Hubert and Arabie (1985): (RI - E[RI]) / (max RI - E[RI]) from the contingency table."""
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    table = np.zeros((ia.max() + 1, ib.max() + 1))
    np.add.at(table, (ia, ib), 1)
    index = comb2(table).sum()                     # pairs together in both partitions
    sum_a = comb2(table.sum(1)).sum()
    sum_b = comb2(table.sum(0)).sum()
    expected = sum_a * sum_b / comb2(len(a))       # under the permutation model
    max_index = 0.5 * (sum_a + sum_b)
    if max_index == expected:                      # both partitions trivial
        return 1.0
    return float((index - expected) / (max_index - expected))
# --8<-- [end:ari]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(c, 0.5, size=(50, 2)) for c in ([0, 0], [3, 0], [0, 3])])
    y = np.repeat([0, 1, 2], 50)
    print("silhouette, true labels:", round(silhouette_score(X, y), 3))
    print("silhouette, random labels:", round(silhouette_score(X, rng.integers(3, size=150)), 3))
    print("ARI(true, relabelled):", adjusted_rand_index(y, (y + 1) % 3))
    print("ARI(true, random):", round(adjusted_rand_index(y, rng.integers(3, size=150)), 3))
