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
# # Linear maps and determinants
# The determinant by Gaussian elimination with partial pivoting (and its logarithm), the area of a
# transformed polygon by the shoelace formula, change of basis, and orthogonal projection matrices.
# Used by the note "Linear Maps and Determinants".

# %%
# --8<-- [start:determinant]
import numpy as np


def lu_det(A: np.ndarray) -> tuple[float, float]:
    """Return (sign, log|det A|) by Gaussian elimination with partial pivoting, O(n^3).
    det = (-1)^(row swaps) * product of the pivots; summing logs avoids overflow and underflow."""
    U = np.array(A, dtype=float)
    n = U.shape[0]
    sign, logabs = 1.0, 0.0
    for k in range(n):
        p = k + int(np.argmax(np.abs(U[k:, k])))
        if U[p, k] == 0.0:
            return 0.0, -np.inf                       # no pivot: the columns are dependent
        if p != k:
            U[[k, p]] = U[[p, k]]
            sign = -sign                              # a row swap flips orientation
        sign *= np.sign(U[k, k])
        logabs += np.log(abs(U[k, k]))
        U[k + 1:, k:] -= np.outer(U[k + 1:, k] / U[k, k], U[k, k:])   # adding row multiples keeps det
    return sign, logabs


def det(A: np.ndarray) -> float:
    s, l = lu_det(A)
    return s * np.exp(l)


def polygon_area(P: np.ndarray) -> float:
    """Signed area of a polygon with vertices P (k, 2) in order (shoelace formula); > 0 if counter-clockwise."""
    x, y = P[:, 0], P[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))
# --8<-- [end:determinant]


# %%
# --8<-- [start:change_of_basis]
def to_basis(A: np.ndarray, P: np.ndarray) -> np.ndarray:
    """The matrix of the map x -> A x in the basis formed by the columns of P: P^{-1} A P."""
    return np.linalg.solve(P, A @ P)
# --8<-- [end:change_of_basis]


# %%
# --8<-- [start:projection]
def projection_matrix(X: np.ndarray) -> np.ndarray:
    """Orthogonal projection onto the column space of X (full column rank): X (X^T X)^{-1} X^T,
    computed from a thin QR (X = QR, P = Q Q^T) for numerical stability."""
    Q, _ = np.linalg.qr(X)
    return Q @ Q.T
# --8<-- [end:projection]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    A = rng.normal(size=(5, 5))
    print("det by elimination:", det(A), "numpy:", np.linalg.det(A))
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], float)
    M = np.array([[2.0, 1.0], [0.5, 1.5]])
    print("area of the image of the unit square:", polygon_area(square @ M.T), "det:", det(M))
    X = rng.normal(size=(6, 2))
    P = projection_matrix(X)
    print("P^2 = P:", np.allclose(P @ P, P), " trace = rank:", round(np.trace(P), 10))
