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
# # k-nearest neighbours classification and regression
# From-scratch NumPy implementation used by the note "k-Nearest Neighbours".

# %%
# --8<-- [start:knn]
import numpy as np


def pairwise_sq_dists(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances ||a||^2 - 2 a.b + ||b||^2 as one matrix product, O(m n d)."""
    d2 = np.sum(A * A, 1)[:, None] - 2.0 * A @ B.T + np.sum(B * B, 1)[None, :]
    return np.maximum(d2, 0.0)   # round-off can make tiny negatives


def knn_neighbors(X_train: np.ndarray, X_query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and distances of the k nearest training rows for every query row.

    argpartition selects the k smallest in O(n) per query; only those k are sorted."""
    d2 = pairwise_sq_dists(X_query, X_train)
    idx = np.argpartition(d2, k - 1, axis=1)[:, :k]
    dk = np.take_along_axis(d2, idx, axis=1)
    order = np.argsort(dk, axis=1, kind="stable")
    idx = np.take_along_axis(idx, order, axis=1)
    return idx, np.sqrt(np.take_along_axis(dk, order, axis=1))


def knn_predict_proba(X_train, y_train, X_query, k: int = 5, weights: str = "uniform") -> np.ndarray:
    """Class probabilities as (optionally 1/distance-weighted) votes of the k neighbours.
    y_train holds integer labels 0..K-1."""
    return _votes(X_train, y_train, X_query, k, weights)[0]


def _votes(X_train, y_train, X_query, k: int, weights: str) -> tuple[np.ndarray, np.ndarray]:
    """Normalised votes (m, K) and the neighbour indices (m, k), nearest first."""
    idx, dist = knn_neighbors(X_train, X_query, k)
    K = int(y_train.max()) + 1
    if weights == "distance":
        with np.errstate(divide="ignore"):
            w = 1.0 / dist
        exact = np.isinf(w)
        w = np.where(exact.any(1, keepdims=True), exact.astype(float), w)  # exact match wins
    else:
        w = np.ones_like(dist)
    votes = np.zeros((len(X_query), K))
    np.add.at(votes, (np.arange(len(X_query))[:, None], y_train[idx]), w)
    return votes / votes.sum(1, keepdims=True), idx


def knn_predict(X_train, y_train, X_query, k: int = 5, weights: str = "uniform") -> np.ndarray:
    """Majority (or weighted) vote. A tie goes to the tied class whose nearest member is
    closest to the query (scikit-learn returns the lowest tied label instead)."""
    proba, idx = _votes(X_train, y_train, X_query, k, weights)
    rows = np.arange(len(X_query))[:, None]
    tied = proba >= proba.max(1, keepdims=True) - 1e-12      # classes sharing the top vote
    labels = y_train[idx]                                    # neighbour labels, nearest first
    first = np.argmax(tied[rows, labels], axis=1)            # nearest neighbour of a tied class
    return labels[rows[:, 0], first]


def knn_regress(X_train, y_train, X_query, k: int = 5) -> np.ndarray:
    """Mean target of the k nearest neighbours."""
    idx, _ = knn_neighbors(X_train, X_query, k)
    return y_train[idx].mean(axis=1)
# --8<-- [end:knn]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n = 600
    X = rng.normal(size=(n, 2))
    y = (X[:, 0] ** 2 + X[:, 1] ** 2 + 0.3 * rng.normal(size=n) > 1.4).astype(int)  # ring boundary
    Xtr, ytr, Xte, yte = X[:400], y[:400], X[400:], y[400:]
    for k in (1, 5, 15, 51, 201):
        tr = np.mean(knn_predict(Xtr, ytr, Xtr, k) == ytr)
        te = np.mean(knn_predict(Xtr, ytr, Xte, k) == yte)
        print(f"k={k:3d}: train acc {tr:.3f}  test acc {te:.3f}")
