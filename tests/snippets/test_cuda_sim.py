"""snippets/cuda_sim.py against oracles: kernels against NumPy (A @ B, a x + y), the launch covering
every index exactly once, sector counts against the closed form ceil(span / 32), and the tiled
kernel's global loads against 2 N^3 / T."""

import numpy as np
import pytest

import cuda_sim as cs


@pytest.mark.parametrize("n,block", [(1000, 256), (1024, 128), (7, 32), (1, 64)])
def test_saxpy_matches_numpy_for_any_n(n, block):
    rng = np.random.default_rng(n)
    x, y, out = rng.normal(size=n), rng.normal(size=n), np.full(n, np.nan)
    cs.launch(cs.saxpy_kernel, (-(-n // block), 1), (block, 1), 3.0, x, y, out)
    np.testing.assert_allclose(out, 3.0 * x + y, rtol=1e-15)   # NaN left anywhere = an index missed


def test_every_thread_index_is_visited_exactly_once():
    hits = np.zeros((20, 37), dtype=int)

    def count(blockIdx, blockDim, threadIdx, hits):
        row = blockIdx[1] * blockDim[1] + threadIdx[1]
        col = blockIdx[0] * blockDim[0] + threadIdx[0]
        ok = (row < hits.shape[0]) & (col < hits.shape[1])
        np.add.at(hits, (row[ok], col[ok]), 1)

    cs.launch(count, (-(-37 // 16), -(-20 // 8)), (16, 8), hits)
    assert np.all(hits == 1)


@pytest.mark.parametrize("shape,block", [((64, 48), (32, 8)), ((33, 70), (16, 16))])
def test_naive_matmul_kernel_matches_numpy(shape, block):
    rng = np.random.default_rng(1)
    A, B = rng.normal(size=(shape[0], 20)), rng.normal(size=(20, shape[1]))
    C = np.zeros(shape)
    grid = (-(-shape[1] // block[0]), -(-shape[0] // block[1]))
    cs.launch(cs.matmul_naive_kernel, grid, block, A, B, C)
    np.testing.assert_allclose(C, A @ B, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("stride", [1, 2, 3, 4, 8, 16, 32, 100])
@pytest.mark.parametrize("itemsize", [2, 4, 8])
def test_sector_count_of_strided_warp_loads(stride, itemsize):
    lane = np.arange(32)
    addr = 4096 + itemsize * stride * lane                  # 32-byte-aligned base address
    step = itemsize * stride
    # closed form: if step >= 32 every lane hits its own sector; else the warp spans 32 * step bytes
    expected = 32 if step >= 32 else -(-(32 * step) // 32)
    assert cs.sectors_per_warp(addr) == expected


def test_broadcast_load_is_one_sector():
    assert cs.sectors_per_warp(np.full(32, 128)) == 1      # all lanes read A[row, k]: one sector


@pytest.mark.parametrize("N,T", [(32, 8), (48, 16), (64, 32)])
def test_tiled_matmul_result_and_load_count(N, T):
    rng = np.random.default_rng(N)
    A, B = rng.normal(size=(N, N)), rng.normal(size=(N, N))
    C, loads = cs.matmul_tiled_sim(A, B, T)
    np.testing.assert_allclose(C, A @ B, rtol=1e-12, atol=1e-12)
    assert loads == 2 * N**3 // T                          # T times fewer than the naive 2 N^3
