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
# # A small UMAP
# From-scratch NumPy implementation used by the note "UMAP": the fuzzy k-nearest-neighbour graph
# (local connectivity rho_i, per-point scale sigma_i, fuzzy union), the a, b curve fitted to
# min_dist, a spectral initialisation, and the layout optimised by SGD with negative sampling.
# Exact kNN by a dense distance matrix, so O(n^2) memory: a few thousand points at most.

# %%
# --8<-- [start:graph]
import numpy as np


def knn(X: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and distances of the k nearest neighbours of every point (itself excluded)."""
    sq = (X**2).sum(1)
    D = np.sqrt(np.maximum(sq[:, None] - 2.0 * X @ X.T + sq[None, :], 0.0))
    np.fill_diagonal(D, np.inf)
    idx = np.argsort(D, axis=1)[:, :k]
    return idx, np.take_along_axis(D, idx, axis=1)


def smooth_knn(dists: np.ndarray, n_iter: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """rho_i = nearest-neighbour distance; sigma_i by bisection so that
    sum_j exp(-(d_ij - rho_i) / sigma_i) over the k neighbours equals log2(k)."""
    n, k = dists.shape
    target = np.log2(k)
    rho = dists[:, 0]
    sigma = np.empty(n)
    for i in range(n):
        lo, hi, s = 0.0, np.inf, 1.0
        excess = np.maximum(dists[i] - rho[i], 0.0)
        for _ in range(n_iter):
            if np.exp(-excess / s).sum() > target:
                hi = s
            else:
                lo = s
            s = s * 2 if hi == np.inf else (lo + hi) / 2
        sigma[i] = s
    return rho, sigma


def fuzzy_graph(X: np.ndarray, k: int = 15) -> np.ndarray:
    """Dense symmetric membership matrix w_ij = w_j|i + w_i|j - w_j|i w_i|j."""
    n = len(X)
    idx, d = knn(X, k)
    rho, sigma = smooth_knn(d)
    W = np.zeros((n, n))
    W[np.repeat(np.arange(n), k), idx.ravel()] = np.exp(
        -np.maximum(d - rho[:, None], 0.0) / sigma[:, None]).ravel()
    return W + W.T - W * W.T
# --8<-- [end:graph]


# %%
# --8<-- [start:curve]
def fit_ab(min_dist: float, spread: float = 1.0) -> tuple[float, float]:
    """Least-squares fit of 1 / (1 + a x^(2b)) to 1 for x < min_dist and
    exp(-(x - min_dist) / spread) beyond, on x in [0, 3 spread]: a coarse grid, then a fine one."""
    x = np.linspace(0, 3 * spread, 300)
    target = np.where(x < min_dist, 1.0, np.exp(-(x - min_dist) / spread))

    def best(a_grid, b_grid):
        a, b = a_grid[:, None, None], b_grid[None, :, None]
        err = ((1.0 / (1.0 + a * x ** (2 * b)) - target) ** 2).sum(-1)
        i, j = np.unravel_index(err.argmin(), err.shape)
        return a_grid[i], b_grid[j]

    a, b = best(np.linspace(0.01, 5, 100), np.linspace(0.3, 3, 100))
    a, b = best(np.linspace(a - 0.05, a + 0.05, 101), np.linspace(b - 0.02, b + 0.02, 101))
    return float(a), float(b)
# --8<-- [end:curve]


# %%
# --8<-- [start:layout]
def spectral_init(W: np.ndarray, dim: int = 2) -> np.ndarray:
    """Eigenvectors 2..dim+1 of the normalised Laplacian I - D^-1/2 W D^-1/2, scaled to [0, 10]."""
    d = W.sum(1)
    L = np.eye(len(W)) - W / np.sqrt(np.outer(d, d))
    _, vecs = np.linalg.eigh(L)
    Y = vecs[:, 1 : dim + 1]
    Y = (Y - Y.min(0)) / (Y.max(0) - Y.min(0))
    return 10.0 * Y


def cross_entropy(W: np.ndarray, Y: np.ndarray, a: float, b: float) -> float:
    """Fuzzy-set cross-entropy between the graph W and the embedding's weights v_ij."""
    d2 = ((Y[:, None, :] - Y[None, :, :]) ** 2).sum(-1)
    v = np.clip(1.0 / (1.0 + a * d2**b), 1e-12, 1 - 1e-12)
    off = ~np.eye(len(Y), dtype=bool)
    w = W[off]
    return float(-(w * np.log(v[off]) + (1 - w) * np.log(1 - v[off])).sum())


def optimise_layout(W: np.ndarray, Y: np.ndarray, a: float, b: float, n_epochs: int = 200,
                    negative_rate: int = 5, seed: int = 0) -> np.ndarray:
    """SGD on the cross-entropy. Each epoch, edge (i, j) is sampled with probability w_ij / max w;
    it pulls i and j together; each sample also pushes i away from `negative_rate` random points.
    The learning rate decays linearly from 1 to 0; gradient coordinates are clipped to [-4, 4]."""
    rng = np.random.default_rng(seed)
    Y = Y.copy()
    heads, tails = np.nonzero(np.triu(W, 1))
    weights = W[heads, tails] / W[heads, tails].max()
    n = len(Y)
    for epoch in range(n_epochs):
        lr = 1.0 - epoch / n_epochs
        keep = rng.random(len(heads)) < weights
        i, j = heads[keep], tails[keep]
        diff = Y[i] - Y[j]
        d2 = (diff**2).sum(1, keepdims=True)
        # attraction: -d/dy_i of log v_ij
        safe = np.where(d2 > 0, d2, 1.0)  # coincident points exert no force
        coef = np.where(d2 > 0, -2.0 * a * b * safe ** (b - 1.0) / (1.0 + a * safe**b), 0.0)
        g = np.clip(coef * diff, -4, 4)
        np.add.at(Y, i, lr * g)
        np.add.at(Y, j, -lr * g)
        # repulsion: -d/dy_i of log(1 - v_ik) for random k
        ii = np.repeat(i, negative_rate)
        kk = rng.integers(n, size=len(ii))
        diff = Y[ii] - Y[kk]
        d2 = (diff**2).sum(1, keepdims=True)
        coef = 2.0 * b / ((0.001 + d2) * (1.0 + a * d2**b))
        g = np.where(d2 > 0, np.clip(coef * diff, -4, 4), 0.0)
        np.add.at(Y, ii, lr * g)
    return Y


def umap(X: np.ndarray, n_neighbors: int = 15, min_dist: float = 0.1, n_epochs: int = 200,
         seed: int = 0) -> np.ndarray:
    """Graph, curve, spectral initialisation, layout: a 2-D embedding of X."""
    W = fuzzy_graph(X, n_neighbors)
    a, b = fit_ab(min_dist)
    return optimise_layout(W, spectral_init(W), a, b, n_epochs=n_epochs, seed=seed)
# --8<-- [end:layout]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    centres = rng.normal(0, 4, size=(4, 10))
    X = np.vstack([c + rng.standard_normal((50, 10)) for c in centres])
    W = fuzzy_graph(X, 15)
    print("graph symmetric:", np.allclose(W, W.T), "| edges:", int((W > 0).sum() // 2))
    a, b = fit_ab(0.1)
    print(f"a = {a:.4f}, b = {b:.4f} for min_dist = 0.1")
    Y0 = spectral_init(W)
    Y = optimise_layout(W, Y0, a, b)
    print(f"cross-entropy: spectral init {cross_entropy(W, Y0, a, b):.1f} -> after SGD {cross_entropy(W, Y, a, b):.1f}")
