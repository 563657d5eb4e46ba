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
# # A linear autoencoder trained by gradient descent recovers the PCA subspace
# From-scratch NumPy implementation used by the note "Autoencoders": encoder E (k x d),
# decoder D (d x k), squared reconstruction loss, full-batch gradient descent, and the
# principal angles between the decoder's column space and the top-k principal subspace.

# %%
# --8<-- [start:train]
import numpy as np


def train_linear_autoencoder(X: np.ndarray, k: int, lr: float = 0.2, n_steps: int = 3000,
                             seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Minimise L(E, D) = (1/n) ||Xc - Xc E^T D^T||_F^2 by gradient descent.

    With R = Xc E^T D^T - Xc (the residual) and H = Xc E^T (the codes):
      dL/dD = (2/n) R^T H,    dL/dE = (2/n) D^T R^T Xc.
    Returns (E, D, loss trace).
    """
    rng = np.random.default_rng(seed)
    Xc = X - X.mean(0)
    n, d = Xc.shape
    E = 0.1 * rng.standard_normal((k, d))
    D = 0.1 * rng.standard_normal((d, k))
    losses = np.empty(n_steps)
    for t in range(n_steps):
        H = Xc @ E.T
        R = H @ D.T - Xc
        losses[t] = (R**2).sum() / n
        gD = 2.0 / n * R.T @ H
        gE = 2.0 / n * D.T @ R.T @ Xc
        D -= lr * gD
        E -= lr * gE
    return E, D, losses
# --8<-- [end:train]


# %%
# --8<-- [start:angles]
def principal_angles(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Principal angles (radians, ascending) between the column spaces of A and B.

    Orthonormalise both by QR; the cosines are the singular values of Qa^T Qb.
    """
    Qa, _ = np.linalg.qr(A)
    Qb, _ = np.linalg.qr(B)
    cos = np.clip(np.linalg.svd(Qa.T @ Qb, compute_uv=False), -1.0, 1.0)
    return np.sort(np.arccos(cos))


def pca_basis(X: np.ndarray, k: int) -> np.ndarray:
    """Top-k principal directions as columns (d, k), from the SVD of the centred data."""
    _, _, Vt = np.linalg.svd(X - X.mean(0), full_matrices=False)
    return Vt[:k].T
# --8<-- [end:angles]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    Q, _ = np.linalg.qr(rng.standard_normal((8, 8)))
    X = (rng.standard_normal((400, 8)) * 0.7 ** np.arange(8)) @ Q.T
    E, D, losses = train_linear_autoencoder(X, k=3)
    V = pca_basis(X, 3)
    print(f"loss: {losses[0]:.4f} -> {losses[-1]:.6f}")
    s = np.linalg.svd(X - X.mean(0), compute_uv=False)
    print(f"PCA optimum (discarded variance): {(s[3:]**2).sum() / len(X):.6f}")
    print("principal angles to PCA subspace (deg):", np.round(np.degrees(principal_angles(D, V)), 4))
    print("V^T D (a rotation, not the identity: the decoder basis is not the PCA basis):\n",
          np.round(V.T @ D, 3))
