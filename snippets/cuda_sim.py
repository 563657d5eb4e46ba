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
# # The CUDA execution model, simulated in NumPy
# Used by the note "CUDA Programming Model": a launcher that runs a kernel once per thread of a
# grid of blocks (vectorised over the threads of a block), global-memory coalescing measured as
# the 32-byte sectors a warp's loads touch, and a tiled matrix multiply that stages tiles through
# a simulated shared memory and counts its global-memory loads.

# %%
# --8<-- [start:launch]
from collections.abc import Callable

import numpy as np


def launch(kernel: Callable, grid: tuple[int, int], block: tuple[int, int], *args) -> None:
    """kernel<<<grid, block>>>(*args): call kernel(blockIdx, blockDim, threadIdx, *args) per block.

    Blocks run one after another in a shuffled order (CUDA promises no order); the threads of a
    block are simulated together: threadIdx = (x, y) arrays covering the block, x fastest."""
    ty, tx = np.meshgrid(np.arange(block[1]), np.arange(block[0]), indexing="ij")
    order = [(bx, by) for by in range(grid[1]) for bx in range(grid[0])]
    for k in np.random.default_rng(0).permutation(len(order)):
        kernel(order[k], block, (tx.ravel(), ty.ravel()), *args)


def saxpy_kernel(blockIdx, blockDim, threadIdx, a, x, y, out):
    """out[i] = a x[i] + y[i] with the global index i = blockIdx.x * blockDim.x + threadIdx.x."""
    i = blockIdx[0] * blockDim[0] + threadIdx[0]
    ok = i < len(x)                      # the bounds guard: the last block may run past n
    out[i[ok]] = a * x[i[ok]] + y[i[ok]]


def matmul_naive_kernel(blockIdx, blockDim, threadIdx, A, B, C):
    """Thread (row, col) computes C[row, col] = sum_k A[row, k] B[k, col] from global memory."""
    row = blockIdx[1] * blockDim[1] + threadIdx[1]
    col = blockIdx[0] * blockDim[0] + threadIdx[0]
    ok = (row < C.shape[0]) & (col < C.shape[1])
    row, col = row[ok], col[ok]
    acc = np.zeros(row.size)
    for k in range(A.shape[1]):          # 2 global loads per multiply-add
        acc += A[row, k] * B[k, col]
    C[row, col] = acc


def sectors_per_warp(byte_addresses: np.ndarray, sector: int = 32) -> int:
    """Number of distinct 32-byte sectors one warp's 32 loads touch (1 transaction each)."""
    return int(np.unique(np.asarray(byte_addresses) // sector).size)
# --8<-- [end:launch]


# %%
# --8<-- [start:tiled]
def matmul_tiled_sim(A: np.ndarray, B: np.ndarray, T: int) -> tuple[np.ndarray, int]:
    """C = A @ B the way the tiled CUDA kernel does it; returns C and the global loads made.

    Block (bx, by) owns the T x T tile of C; for each k-step it copies one T x T tile of A and
    one of B from global into shared memory (T^2 loads each), then every thread accumulates a
    length-T dot product from shared memory. Requires N % T == 0."""
    N = A.shape[0]
    assert A.shape == B.shape == (N, N) and N % T == 0
    C = np.zeros((N, N))
    loads = 0
    for by in range(N // T):
        for bx in range(N // T):
            acc = np.zeros((T, T))                       # one register accumulator per thread
            for t in range(N // T):
                As = A[by * T:(by + 1) * T, t * T:(t + 1) * T].copy()   # __shared__ tiles
                Bs = B[t * T:(t + 1) * T, bx * T:(bx + 1) * T].copy()
                loads += 2 * T * T
                acc += As @ Bs                           # T multiply-adds per thread from shared memory
            C[by * T:(by + 1) * T, bx * T:(bx + 1) * T] = acc
    return C, loads
# --8<-- [end:tiled]


# %%
if __name__ == "__main__":
    n = 1000
    x, y, out = np.arange(n, dtype=float), np.ones(n), np.zeros(n)
    launch(saxpy_kernel, (-(-n // 256), 1), (256, 1), 2.0, x, y, out)
    print("saxpy correct:", np.array_equal(out, 2 * x + y), "| blocks:", -(-n // 256), "threads:", 256 * -(-n // 256))
    lane = np.arange(32)
    for stride in (1, 2, 8, 32):
        print(f"float32 loads with stride {stride:2d}: {sectors_per_warp(4 * stride * lane):2d} sectors per warp")
    A, B = np.random.default_rng(0).normal(size=(2, 64, 64))
    C0 = np.zeros((64, 64))
    launch(matmul_naive_kernel, (64 // 32, 64 // 8), (32, 8), A, B, C0)
    print("naive 2-D kernel correct:", np.allclose(C0, A @ B))
    C, loads = matmul_tiled_sim(A, B, 16)
    print("tiled matmul correct:", np.allclose(C, A @ B), "| loads", loads, "vs naive", 2 * 64**3)
