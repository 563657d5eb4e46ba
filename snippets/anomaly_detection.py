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
# # Anomaly detection
# Robust univariate scores (z-score, MAD modified z-score), isolation forest, local outlier
# factor, PCA (linear autoencoder) reconstruction error, and the rank metrics used to evaluate
# detectors with rare labels. Used by the note "Anomaly Detection".

# %%
# --8<-- [start:univariate]
import numpy as np


def zscore(x_ref: np.ndarray, x: np.ndarray) -> np.ndarray:
    """|x - mean| / std, with mean and (population) std of the reference sample."""
    return np.abs(x - x_ref.mean(axis=0)) / x_ref.std(axis=0)


def mad_score(x_ref: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Modified z-score |x - median| / (1.4826 MAD) (Iglewicz and Hoaglin, 1993): the MAD scaled
    to estimate the standard deviation of a Gaussian, so 3.5 is the usual cut-off."""
    med = np.median(x_ref, axis=0)
    mad = np.median(np.abs(x_ref - med), axis=0)
    return np.abs(x - med) / (1.4826 * mad)
# --8<-- [end:univariate]


# %%
# --8<-- [start:iforest]
EULER_GAMMA = 0.5772156649015329


def c_factor(n) -> np.ndarray:
    """Average path length of an unsuccessful search in a binary search tree of n points:
    c(n) = 2 H(n - 1) - 2 (n - 1) / n with H(i) ~ ln i + Euler's gamma; c(1) = 0, c(2) = 1."""
    n = np.asarray(n, dtype=float)
    out = np.zeros_like(n)
    big = n > 2
    out[big] = 2 * (np.log(n[big] - 1) + EULER_GAMMA) - 2 * (n[big] - 1) / n[big]
    out[n == 2] = 1.0
    return out


def _grow(X: np.ndarray, depth: int, max_depth: int, rng: np.random.Generator):
    if depth >= max_depth or len(X) <= 1:
        return ("leaf", len(X))
    lo, hi = X.min(axis=0), X.max(axis=0)
    usable = np.flatnonzero(hi > lo)
    if len(usable) == 0:
        return ("leaf", len(X))
    j = rng.choice(usable)
    t = rng.uniform(lo[j], hi[j])
    left = X[:, j] < t
    return ("split", j, t, _grow(X[left], depth + 1, max_depth, rng), _grow(X[~left], depth + 1, max_depth, rng))


def _path_lengths(node, X: np.ndarray, idx: np.ndarray, depth: int, out: np.ndarray) -> None:
    if node[0] == "leaf":
        out[idx] = depth + c_factor(node[1])          # an unsplit leaf of size m adds c(m)
        return
    _, j, t, left, right = node
    go_left = X[idx, j] < t
    _path_lengths(left, X, idx[go_left], depth + 1, out)
    _path_lengths(right, X, idx[~go_left], depth + 1, out)


def isolation_forest_scores(X_train: np.ndarray, X: np.ndarray, n_trees: int = 100,
                            psi: int = 256, seed: int = 0) -> np.ndarray:
    """Isolation forest (Liu, Ting and Zhou, 2008): n_trees random trees, each grown on a
    subsample of psi rows to depth ceil(log2 psi) with a random feature and a uniform random
    threshold. Score s = 2^(-E[h(x)] / c(psi)) in (0, 1); near 1 is anomalous, below 0.5 normal."""
    rng = np.random.default_rng(seed)
    psi = min(psi, len(X_train))
    max_depth = int(np.ceil(np.log2(psi)))
    total = np.zeros(len(X))
    h = np.empty(len(X))
    for _ in range(n_trees):
        tree = _grow(X_train[rng.choice(len(X_train), psi, replace=False)], 0, max_depth, rng)
        _path_lengths(tree, X, np.arange(len(X)), 0, h)
        total += h
    return 2.0 ** (-(total / n_trees) / c_factor(psi))
# --8<-- [end:iforest]


# %%
# --8<-- [start:lof]
def local_outlier_factor(X: np.ndarray, k: int = 20) -> np.ndarray:
    """LOF (Breunig, Kriegel, Ng and Sander, 2000) of every training row, brute force O(n^2 d):
    reach-dist_k(a, b) = max(k-distance(b), d(a, b)); lrd(a) = 1 / mean over b in N_k(a) of
    reach-dist_k(a, b); LOF(a) = mean over b in N_k(a) of lrd(b) / lrd(a). About 1 inside a
    cluster, much larger for a point less dense than its neighbours."""
    sq = np.sum(X ** 2, axis=1)
    D = np.sqrt(np.maximum(sq[:, None] + sq[None, :] - 2 * X @ X.T, 0.0))
    np.fill_diagonal(D, np.inf)                              # a point is not its own neighbour
    nbrs = np.argsort(D, axis=1)[:, :k]
    k_dist = D[np.arange(len(X)), nbrs[:, -1]]
    reach = np.maximum(k_dist[nbrs], np.take_along_axis(D, nbrs, axis=1))
    lrd = 1.0 / reach.mean(axis=1)
    return lrd[nbrs].mean(axis=1) / lrd
# --8<-- [end:lof]


# %%
# --8<-- [start:reconstruction]
def pca_reconstruction_error(X_train: np.ndarray, X: np.ndarray, n_components: int) -> np.ndarray:
    """Squared reconstruction error after projecting onto the top principal components of the
    training data: the score of an optimal linear autoencoder (Baldi and Hornik, 1989)."""
    mean = X_train.mean(axis=0)
    _, _, Vt = np.linalg.svd(X_train - mean, full_matrices=False)
    V = Vt[:n_components].T
    Z = (X - mean) @ V
    return np.sum((X - mean - Z @ V.T) ** 2, axis=1)
# --8<-- [end:reconstruction]


# %%
# --8<-- [start:metrics]
def roc_auc(y: np.ndarray, s: np.ndarray) -> float:
    """P(score of a random anomaly > score of a random normal point), ties counted half,
    by the rank-sum (Mann-Whitney) formula."""
    _, inverse, counts = np.unique(s, return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2)[inverse]   # 1-based ranks, ties get their average
    n1 = y.sum()
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * (len(y) - n1)))


def average_precision(y: np.ndarray, s: np.ndarray) -> float:
    """Mean of precision@k over the ranks k of the anomalies (scores assumed distinct)."""
    hits = y[np.argsort(-s, kind="mergesort")]
    precision_at_k = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float(precision_at_k[hits == 1].mean())


def precision_at_k(y: np.ndarray, s: np.ndarray, k: int) -> float:
    return float(y[np.argsort(-s, kind="mergesort")[:k]].mean())
# --8<-- [end:metrics]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(500, 2)), rng.uniform(-6, 6, size=(10, 2))])
    y = np.r_[np.zeros(500), np.ones(10)]
    for name, s in (("max |z|", zscore(X, X).max(1)), ("isolation forest", isolation_forest_scores(X, X)),
                    ("LOF", local_outlier_factor(X, 20)), ("PCA error", pca_reconstruction_error(X, X, 1))):
        print(f"{name:16s} ROC-AUC {roc_auc(y, s):.3f}  AP {average_precision(y, s):.3f}")
