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
# # SVD from scratch (one-sided Jacobi), low-rank approximation and pseudo-inverse
# From-scratch NumPy implementation used by the note "Singular Value Decomposition".

# %%
# --8<-- [start:jacobi_svd]
import numpy as np


def jacobi_svd(
    A: np.ndarray, tol: float = 1e-14, max_sweeps: int = 60
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Thin SVD A = U diag(s) Vt by one-sided Jacobi rotations (Hestenes, 1958).

    Orthogonalises the columns of A by plane rotations applied on the right,
    A V -> U diag(s). Each sweep visits every column pair once: O(m n^2) per sweep,
    usually 5-10 sweeps. Returns U (m, r), s (r,) descending, Vt (r, n), r = min(m, n).
    Columns of U for zero singular values are left as zero vectors.
    """
    A = np.asarray(A, dtype=float)
    transpose = A.shape[0] < A.shape[1]
    if transpose:  # work on the tall orientation, then swap U and V
        A = A.T
    m, n = A.shape
    W = A.copy()
    V = np.eye(n)
    for _ in range(max_sweeps):
        rotated = False
        for p in range(n - 1):
            for q in range(p + 1, n):
                alpha = W[:, p] @ W[:, p]
                beta = W[:, q] @ W[:, q]
                gamma = W[:, p] @ W[:, q]
                if abs(gamma) <= tol * np.sqrt(alpha * beta) or gamma == 0.0:
                    continue
                rotated = True
                zeta = (beta - alpha) / (2.0 * gamma)
                t = (1.0 if zeta >= 0 else -1.0) / (abs(zeta) + np.sqrt(1.0 + zeta * zeta))
                c = 1.0 / np.sqrt(1.0 + t * t)
                s = c * t
                for M in (W, V):  # rotate columns p and q of W and of V
                    mp = M[:, p].copy()
                    M[:, p] = c * mp - s * M[:, q]
                    M[:, q] = s * mp + c * M[:, q]
        if not rotated:
            break
    sing = np.linalg.norm(W, axis=0)
    order = np.argsort(-sing)
    sing, W, V = sing[order], W[:, order], V[:, order]
    U = np.divide(W, sing, out=np.zeros_like(W), where=sing > 0)
    if transpose:
        return V, sing, U.T
    return U, sing, V.T
# --8<-- [end:jacobi_svd]


# %%
# --8<-- [start:low_rank]
def low_rank_approx(A: np.ndarray, k: int) -> np.ndarray:
    """Best rank-k approximation of A in Frobenius and spectral norm (Eckart-Young).

    A_k = U_k diag(s_k) V_k^T keeps the k largest singular triplets.
    """
    U, s, Vt = jacobi_svd(A)
    return (U[:, :k] * s[:k]) @ Vt[:k]


def pinv(A: np.ndarray, rcond: float = 1e-15) -> np.ndarray:
    """Moore-Penrose pseudo-inverse V diag(1/s) U^T, dropping s <= rcond * s_max."""
    U, s, Vt = jacobi_svd(A)
    keep = s > rcond * s[0]
    return (Vt[keep].T / s[keep]) @ U[:, keep].T
# --8<-- [end:low_rank]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    # a 40 x 25 matrix: rank-3 signal plus small noise
    signal = rng.standard_normal((40, 3)) @ rng.standard_normal((3, 25))
    A = signal + 0.05 * rng.standard_normal((40, 25))
    U, s, Vt = jacobi_svd(A)
    print("top singular values:", np.round(s[:6], 3))
    for k in (1, 2, 3, 5):
        err = np.linalg.norm(A - low_rank_approx(A, k))
        tail = np.sqrt(np.sum(s[k:] ** 2))
        print(f"k={k}: ||A - A_k||_F = {err:.4f}, sqrt(sum of tail s^2) = {tail:.4f}")
    b = rng.standard_normal(40)
    x = pinv(A) @ b
    print("least-squares residual via pinv:", round(float(np.linalg.norm(A @ x - b)), 6))
