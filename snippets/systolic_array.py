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
# # A cycle-by-cycle weight-stationary systolic array
# From-scratch NumPy simulation used by the note "TPUs and Systolic Arrays": each cell holds one
# weight, activations move one cell right per cycle, partial sums move one cell down, and finished
# dot products leave the bottom row. Counts cycles and the fraction of cell-cycles doing useful work.

# %%
# --8<-- [start:simulate]
import numpy as np


def systolic_matmul(X: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, int, float]:
    """Compute Y = X @ W on a K x N weight-stationary array (cell (i, j) holds W[i, j]).

    Row i of the array receives activation X[m, i] at cycle m + i (the input skew); at cycle t
    cell (i, j) therefore works on row m = t - i - j. Returns (Y, cycles, utilisation) where
    cycles = M + K + N - 2 and utilisation = useful MACs / (K * N * cycles) = M / (M + K + N - 2).
    """
    M, K = X.shape
    K2, N = W.shape
    assert K == K2
    a = np.zeros((K, N))                   # activation register of each cell
    p = np.zeros((K, N))                   # partial-sum register of each cell
    valid = np.zeros((K, N), dtype=bool)   # does the cell hold a real activation this cycle?
    Y = np.zeros((M, N))
    cycles = M + K + N - 2
    useful = 0
    rows = np.arange(K)
    for t in range(cycles):
        # shift activations one cell to the right and feed the skewed inputs at the left edge
        a[:, 1:], valid[:, 1:] = a[:, :-1].copy(), valid[:, :-1].copy()
        m_in = t - rows
        ok = (m_in >= 0) & (m_in < M)
        a[:, 0] = np.where(ok, X[np.clip(m_in, 0, M - 1), rows], 0.0)
        valid[:, 0] = ok
        # each cell adds its product to the partial sum arriving from the cell above
        p_above = np.vstack([np.zeros((1, N)), p[:-1]])
        p = p_above + a * W
        useful += int(valid.sum())
        # column j's bottom cell finishes output row m = t - (K - 1) - j
        m_out = t - (K - 1) - np.arange(N)
        done = (m_out >= 0) & (m_out < M)
        Y[m_out[done], np.flatnonzero(done)] = p[K - 1, done]
    return Y, cycles, useful / (K * N * cycles)
# --8<-- [end:simulate]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X, W = rng.standard_normal((6, 4)), rng.standard_normal((4, 3))
    Y, cycles, util = systolic_matmul(X, W)
    print("max |Y - X W| =", np.abs(Y - X @ W).max(), "| cycles", cycles, "| utilisation", round(util, 3))
