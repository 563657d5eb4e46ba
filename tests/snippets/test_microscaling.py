"""Oracle tests for snippets/microscaling.py: FP8 E4M3 rounding against PyTorch's float8_e4m3fn,
FP4 E2M1 rounding against a brute-force nearest-value search, and the block-scale rules of MXFP4
(power-of-two scale from frexp) and NVFP4 (scales exactly representable in E4M3)."""

import numpy as np
import pytest
import torch

import microscaling as mx

SIGNED = np.concatenate([-mx.E2M1[::-1], mx.E2M1])            # codes, with -0 and +0
EVEN = np.concatenate([np.arange(7, -1, -1), np.arange(8)]) % 2 == 0


def brute_e2m1(x):
    """Nearest signed E2M1 value by exhaustive search; ties go to the even code."""
    out = np.empty_like(x)
    for i, v in enumerate(np.clip(x, -6, 6)):
        d = np.abs(SIGNED - v)
        best = np.flatnonzero(d == d.min())
        pick = [j for j in best if EVEN[j]] or list(best)
        out[i] = SIGNED[pick[0]]
    return out


def test_e2m1_rounding_matches_exhaustive_search_including_ties():
    rng = np.random.default_rng(0)
    midpoints = (mx.E2M1[1:] + mx.E2M1[:-1]) / 2
    x = np.concatenate([rng.uniform(-8, 8, 2000), midpoints, -midpoints, mx.E2M1, [7.0, -9.0]])
    np.testing.assert_array_equal(np.abs(mx.round_e2m1(x)), np.abs(brute_e2m1(x)))
    np.testing.assert_array_equal(np.sign(mx.round_e2m1(x)) * (mx.round_e2m1(x) != 0),
                                  np.sign(brute_e2m1(x)) * (brute_e2m1(x) != 0))


def test_e4m3_rounding_matches_torch_float8():
    rng = np.random.default_rng(1)
    x = np.concatenate([rng.uniform(0, 448, 3000), 2.0 ** rng.uniform(-12, 8.7, 3000), [0.0, 448.0, 2**-9, 2**-6]])
    x = x[x <= 448]
    ours = mx.round_e4m3(x)
    theirs = torch.from_numpy(x).to(torch.float8_e4m3fn).to(torch.float64).numpy()
    np.testing.assert_array_equal(ours, theirs)   # exact: both are round-to-nearest-even on the same grid


def test_mxfp4_scale_is_the_frexp_power_of_two_and_values_match_the_oracle():
    rng = np.random.default_rng(2)
    x = rng.standard_normal(32 * 50) * rng.lognormal(0, 2, 32 * 50)
    x_hat, scale = mx.mxfp4(x)
    amax = np.abs(x.reshape(-1, 32)).max(axis=1)
    _, e = np.frexp(amax)                     # amax = m 2**e with m in [0.5, 1): floor(log2 amax) = e - 1
    np.testing.assert_array_equal(scale, 2.0 ** (e - 1 - 2))
    expected = (brute_e2m1((x.reshape(-1, 32) / scale[:, None]).ravel()).reshape(-1, 32) * scale[:, None]).ravel()
    np.testing.assert_allclose(x_hat, expected, rtol=0, atol=0)


def test_nvfp4_block_scales_are_fp8_values_and_error_is_bounded():
    rng = np.random.default_rng(3)
    x = rng.standard_normal(16 * 64) * rng.lognormal(0, 1.5, 16 * 64)
    x_hat, scale = mx.nvfp4(x)
    t = np.abs(x).max() / (6 * 448)
    sb = scale / t
    as_fp8 = torch.from_numpy(sb).to(torch.float8_e4m3fn).to(torch.float64).numpy()
    np.testing.assert_allclose(sb, as_fp8, rtol=1e-12)
    # inside a block the largest E2M1 gap is 2 (between 4 and 6): error <= 1 * scale unless saturated
    err = np.abs(x - x_hat).reshape(-1, 16)
    inside = (np.abs(x).reshape(-1, 16) / scale[:, None]) <= 6
    assert np.all(err[inside] <= 1.0 * np.broadcast_to(scale[:, None], err.shape)[inside] * (1 + 1e-12))


def test_block_scaling_beats_one_scale_on_rows_of_different_size():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((64, 128)) * rng.lognormal(0.0, 1.0, size=(64, 1))
    per_tensor = mx.sqnr_db(W, mx.fp4_per_tensor(W))
    assert mx.sqnr_db(W, mx.mxfp4(W)[0]) > per_tensor + 5
    assert mx.sqnr_db(W, mx.nvfp4(W)[0]) > mx.sqnr_db(W, mx.mxfp4(W)[0])


@pytest.mark.parametrize("fn", [mx.mxfp4, mx.nvfp4])
def test_representable_inputs_round_trip_exactly(fn):
    rng = np.random.default_rng(4)
    block = 32 if fn is mx.mxfp4 else 16
    codes = rng.choice(SIGNED, size=(20, block))
    codes[:, 0] = 6.0                          # each block's max is 6 * 2**k, so its scale is 2**k
    x = (codes * 2.0 ** rng.integers(-4, 5, size=(20, 1))).ravel()
    if fn is mx.nvfp4:
        x = codes.ravel() * 1.0                # NVFP4: one shared scale, so use a single power of two
    np.testing.assert_array_equal(fn(x)[0], x)
