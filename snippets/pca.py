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
# # Principal component analysis via the SVD
# From-scratch NumPy implementation used by the note "Principal Component Analysis":
# fit by a thin SVD of the centred data, project, reconstruct, and check both views
# (maximum variance, minimum reconstruction error).

# %%
# --8<-- [start:pca]
import numpy as np


def pca_fit(X: np.ndarray, k: int) -> dict:
    """Top-k principal components of X (n, d) from the thin SVD of the centred data.

    Xc = U S V^T; the rows of V^T are the principal directions, S^2 / (n - 1) the
    variances along them (eigenvalues of the sample covariance), U S the scores.
    Signs are fixed so that the largest-magnitude entry of each principal direction (row
    of V^T) is positive, the convention of scikit-learn's PCA since version 1.5, making
    the output deterministic.
    """
    mean = X.mean(0)
    U, S, Vt = np.linalg.svd(X - mean, full_matrices=False)
    flip = np.sign(Vt[np.arange(Vt.shape[0]), np.abs(Vt).argmax(1)])
    U, Vt = U * flip, Vt * flip[:, None]
    var = S**2 / (len(X) - 1)
    return {
        "mean": mean,
        "components": Vt[:k],                       # (k, d), orthonormal rows
        "explained_variance": var[:k],
        "explained_variance_ratio": var[:k] / var.sum(),
        "singular_values": S[:k],
    }


def pca_transform(model: dict, X: np.ndarray) -> np.ndarray:
    """Scores: coordinates of the centred points in the principal basis, (n, k)."""
    return (X - model["mean"]) @ model["components"].T


def pca_inverse(model: dict, Z: np.ndarray) -> np.ndarray:
    """Map scores back to the input space: the orthogonal projection onto the PCA subspace."""
    return Z @ model["components"] + model["mean"]
# --8<-- [end:pca]


# %%
# --8<-- [start:correlated_data]
def correlated_gaussian(n: int, d: int, decay: float = 0.6, seed: int = 0) -> np.ndarray:
    """Gaussian data with a random orientation and variances decay^0, decay^1, ... per axis."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    scales = decay ** np.arange(d)
    return (rng.standard_normal((n, d)) * scales) @ Q.T + rng.normal(size=d)
# --8<-- [end:correlated_data]


# %%
if __name__ == "__main__":
    X = correlated_gaussian(500, 6, seed=0)
    for k in range(1, 7):
        m = pca_fit(X, k)
        err = ((X - pca_inverse(m, pca_transform(m, X))) ** 2).sum() / (len(X) - 1)
        total = pca_fit(X, 6)["explained_variance"]
        print(f"k={k}: variance kept {m['explained_variance_ratio'].sum():.3f}, "
              f"reconstruction error/(n-1) {err:.4f}, discarded eigenvalues {total[k:].sum():.4f}")
