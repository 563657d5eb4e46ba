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
# # Power iteration, Rayleigh quotient and deflation
# From-scratch NumPy implementation used by the note "Eigendecomposition and Power Iteration".

# %%
# --8<-- [start:power_iteration]
import numpy as np


def power_iteration(
    A: np.ndarray,
    tol: float = 1e-10,
    max_iter: int = 10_000,
    rng: np.random.Generator | None = None,
) -> tuple[float, np.ndarray, int]:
    """Dominant eigenpair of a symmetric matrix A by power iteration.

    Repeats v <- A v / ||A v|| and returns (lambda, v, iterations), where lambda is the
    Rayleigh quotient v^T A v. "Dominant" means largest |lambda|. Stops when the
    residual ||A v - lambda v|| falls below tol * ||A||_F (a backward-error test).
    """
    rng = np.random.default_rng(0) if rng is None else rng
    v = rng.standard_normal(A.shape[0])
    v /= np.linalg.norm(v)
    scale = np.linalg.norm(A)  # Frobenius norm, a cheap upper bound on |lambda_max|
    lam = 0.0
    for it in range(1, max_iter + 1):
        w = A @ v
        lam = float(v @ w)  # Rayleigh quotient of the current iterate
        if np.linalg.norm(w - lam * v) <= tol * scale:
            return lam, v, it
        v = w / np.linalg.norm(w)
    return lam, v, max_iter
# --8<-- [end:power_iteration]


# %%
# --8<-- [start:deflation]
def top_k_eigenpairs(
    A: np.ndarray, k: int, tol: float = 1e-10, max_iter: int = 10_000, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The k eigenpairs of largest |lambda| of a symmetric A by Hotelling deflation.

    After finding (lambda_1, v_1), iterate on A - lambda_1 v_1 v_1^T, whose spectrum is
    A's with lambda_1 replaced by 0. Errors accumulate with k, so use this for small k only.
    Returns eigenvalues (k,) and eigenvectors as columns (n, k).
    """
    rng = np.random.default_rng(seed)
    B = np.array(A, dtype=float, copy=True)
    vals, vecs = [], []
    for _ in range(k):
        lam, v, _ = power_iteration(B, tol=tol, max_iter=max_iter, rng=rng)
        vals.append(lam)
        vecs.append(v)
        B -= lam * np.outer(v, v)
    return np.array(vals), np.column_stack(vecs)
# --8<-- [end:deflation]


# %%
# --8<-- [start:random_spd]
def random_symmetric(eigenvalues: np.ndarray, seed: int = 0) -> np.ndarray:
    """A symmetric matrix Q diag(eigenvalues) Q^T with a random orthogonal Q."""
    rng = np.random.default_rng(seed)
    n = len(eigenvalues)
    Q, R = np.linalg.qr(rng.standard_normal((n, n)))
    Q *= np.sign(np.diag(R))  # make Q Haar-distributed
    return (Q * eigenvalues) @ Q.T
# --8<-- [end:random_spd]


# %%
if __name__ == "__main__":
    for gap in [0.5, 0.9, 0.99]:
        A = random_symmetric(np.array([1.0, gap, 0.3, 0.2, 0.1]), seed=1)
        lam, v, it = power_iteration(A, tol=1e-8)
        print(f"lambda2/lambda1 = {gap:4.2f}: lambda = {lam:.8f}, iterations = {it}")
    vals, _ = top_k_eigenpairs(random_symmetric(np.array([5.0, -3.0, 2.0, 1.0])), k=3)
    print("top-3 by |lambda| with deflation:", np.round(vals, 6))
