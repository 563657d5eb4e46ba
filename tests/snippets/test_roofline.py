"""Tests for snippets/roofline.py against hand-computed FLOP and byte counts and brute-force counting."""

import itertools

import numpy as np
import pytest

import roofline as rl


def test_matmul_hand_counts():
    # C[2,3] = A[2,4] B[4,3]: 2*3*4 = 24 multiply-adds = 48 FLOPs; (8 + 12 + 6) elements * 2 bytes
    assert rl.matmul_cost(2, 3, 4) == (48.0, 52.0)
    # square n: AI = 2n^3 / (3 n^2 b) = 2n / (3b); n = 3000, fp16 -> 1000 FLOP/byte exactly
    assert rl.intensity(rl.matmul_cost(3000, 3000, 3000)) == pytest.approx(1000.0, rel=1e-12)
    # matrix-vector in fp16 tends to 1 FLOP/byte
    assert rl.intensity(rl.matmul_cost(8192, 1, 8192)) == pytest.approx(1.0, rel=1e-3)


def test_matmul_flops_equal_brute_force_multiply_adds():
    m, n, k = 3, 5, 4
    count = sum(1 for _i, _j, _p in itertools.product(range(m), range(n), range(k)))
    assert rl.matmul_cost(m, n, k)[0] == 2 * count


def test_attention_hand_counts():
    # N = 4, d = 2: two matmuls of 2*N*N*d = 64 FLOPs each
    f, b = rl.attention_cost(4, 2)
    assert f == 128.0
    assert b == 2 * 4 * 4 * 2  # Q, K, V, O: 4 * N * d elements, 2 bytes
    f, b = rl.attention_cost(4, 2, fused=False)
    assert b == 2 * (4 * 4 * 2 + 4 * 16)  # plus S write, S read, P write, P read
    # fused intensity is N / b, independent of d; batch*heads does not change it
    assert rl.intensity(rl.attention_cost(2048, 64, batch_heads=96)) == pytest.approx(1024.0, rel=1e-12)


def _conv_brute_force_macs(batch, c_in, h, w, c_out, r, s, stride, pad):
    """Count multiply-adds of a direct convolution by walking every output position."""
    x = np.zeros((batch, c_in, h + 2 * pad, w + 2 * pad))
    macs = 0
    out_h = out_w = 0
    for i in range(0, x.shape[2] - r + 1, stride):
        out_h += 1
    for j in range(0, x.shape[3] - s + 1, stride):
        out_w += 1
    macs = batch * c_out * out_h * out_w * c_in * r * s
    return macs, out_h, out_w


@pytest.mark.parametrize("shape", [(1, 3, 5, 5, 2, 3, 3, 1, 0), (2, 4, 7, 6, 3, 3, 3, 2, 1), (1, 1, 8, 8, 1, 1, 1, 1, 0)])
def test_conv_counts_match_brute_force(shape):
    batch, c_in, h, w, c_out, r, s, stride, pad = shape
    macs, p, q = _conv_brute_force_macs(*shape)
    f, b = rl.conv2d_cost(batch, c_in, h, w, c_out, r, s, stride=stride, pad=pad)
    assert f == 2 * macs
    assert b == 2 * (batch * c_in * h * w + c_out * c_in * r * s + batch * c_out * p * q)


def test_conv_hand_count():
    # 1x3x5x5 input, 2 filters 3x3, valid: 3x3 output, 27 MACs each -> 2*2*9*27 = 972 FLOPs
    assert rl.conv2d_cost(1, 3, 5, 5, 2, 3, 3) == (972.0, 2.0 * (75 + 54 + 18))


def test_roofline_bound_and_ridge():
    peak, bw = 989e12, 3.35e12
    ridge = rl.ridge_point(peak, bw)
    np.testing.assert_allclose(rl.attainable([1.0, ridge, 1e4], peak, bw), [bw, peak, peak], rtol=1e-12)


def test_plot_has_one_marker_per_kernel():
    fig = rl.plot_roofline({"a": 1.0, "b": 500.0}, 989e12, 3.35e12, "H100")
    assert len(fig.axes[0].lines) == 1 + 1 + 2  # roof, ridge line, two markers
