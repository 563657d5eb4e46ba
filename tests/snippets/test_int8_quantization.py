"""Property tests for snippets/int8_quantization.py: error bound scale/2, round trips, exact zero."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import int8_quantization as qz

MODES = [(True, None), (True, 0), (False, None), (False, 0)]
finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=40, deadline=None)
@given(w=arrays(np.float64, (5, 7), elements=finite))
@pytest.mark.parametrize("symmetric,axis", MODES)
def test_error_at_most_half_a_step(w, symmetric, axis):
    s, z = qz.quant_params(w, symmetric, axis)
    w_hat = qz.dequantize(qz.quantize(w, s, z), s, z)
    # every in-range value is within half a quantization step; 1e-9 relative slack for float rounding
    assert np.all(np.abs(w - w_hat) <= np.broadcast_to(s / 2, w.shape) * (1 + 1e-9) + 1e-12)


@settings(max_examples=40, deadline=None)
@given(w=arrays(np.float64, (4, 6), elements=finite))
@pytest.mark.parametrize("symmetric,axis", MODES)
def test_round_trip_of_codes_is_identity(w, symmetric, axis):
    s, z = qz.quant_params(w, symmetric, axis)
    q = qz.quantize(w, s, z)
    assert q.dtype == np.int8
    np.testing.assert_array_equal(qz.quantize(qz.dequantize(q, s, z), s, z), q)
    # with the same (scale, zero point), quantize-dequantize is a projection: applying it twice
    # changes nothing (tolerance 1e-9 of the range)
    w1 = qz.dequantize(q, s, z)
    w2 = qz.dequantize(qz.quantize(w1, s, z), s, z)
    np.testing.assert_allclose(w2, w1, rtol=0, atol=1e-9 * (1 + np.abs(w).max()))


@pytest.mark.parametrize("symmetric,axis", MODES)
def test_zero_is_exact_and_range_is_used(symmetric, axis):
    rng = np.random.default_rng(0)
    w = rng.uniform(0.5, 3.0, size=(3, 50))  # all positive: asymmetric must still contain 0
    w[:, 0] = 0.0
    s, z = qz.quant_params(w, symmetric, axis)
    q = qz.quantize(w, s, z)
    assert np.all(qz.dequantize(q, s, z)[:, 0] == 0.0)
    assert q.max() == 127
    if symmetric:
        assert np.all(z == 0) and q.min() >= -127
    else:
        assert q.min() == -128


def test_symmetric_scale_matches_hand_computation():
    w = np.array([[-2.54, 0.0, 1.27]])
    s, z = qz.quant_params(w, symmetric=True)
    assert s.item() == pytest.approx(2.54 / 127, rel=1e-15)
    np.testing.assert_array_equal(qz.quantize(w, s, z), [[-127, 0, 64]])  # 1.27/0.02 = 63.5 -> 64 (half to even)
    s, z = qz.quant_params(np.array([[-1.0, 3.0]]), symmetric=False)
    assert s.item() == pytest.approx(4.0 / 255, rel=1e-15)
    assert z.item() == -128 - round(-1.0 / (4.0 / 255))  # = -64


def test_per_channel_beats_per_tensor_on_rows_of_different_scale():
    rng = np.random.default_rng(1)
    w = rng.standard_normal((16, 64)) * np.logspace(-2, 1, 16)[:, None]
    wt, wc = qz.fake_quant(w, True, None), qz.fake_quant(w, True, 0)
    # the smallest-scale row is crushed by a per-tensor scale and kept by its own scale
    assert qz.sqnr_db(w[0], wc[0]) > qz.sqnr_db(w[0], wt[0]) + 20.0
    assert np.all(np.abs(w - wc).max(1) <= np.abs(w - wt).max() + 1e-12)


def test_int8_matmul_accumulates_codes_exactly_and_is_close_to_float():
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal((4, 32)), rng.standard_normal((8, 32))
    y_hat = qz.int8_matmul(x, w)
    sw, _ = qz.quant_params(w, True, 0)
    sx, _ = qz.quant_params(x, True, None)
    xq, wq = qz.fake_quant(x, True, None), qz.fake_quant(w, True, 0)
    # integer accumulation is exact: equals the float product of the dequantized operands (rtol 1e-12)
    np.testing.assert_allclose(y_hat, xq @ wq.T, rtol=1e-12, atol=1e-12)
    # first-order error bound: |dy| <= sum_k |x||dw| + |w||dx| + |dx||dw| with |dx| <= sx/2, |dw| <= sw/2
    bound = (np.abs(x) @ (np.ones_like(w) * sw / 2).T + (sx / 2) * np.abs(w).sum(1)[None, :]
             + 32 * (sx / 2) * (sw.T / 2))
    assert np.all(np.abs(y_hat - x @ w.T) <= bound * (1 + 1e-9))


@pytest.mark.parametrize("symmetric,axis", MODES)
@pytest.mark.parametrize("value", [0.0, 5e-324, 1e-310])
def test_zero_and_subnormal_slices(symmetric, axis, value):
    # a step that underflows to 0 would divide by zero; the values must still round-trip within s/2
    w = np.full((3, 4), value)
    s, z = qz.quant_params(w, symmetric, axis)
    assert np.all(s > 0)
    w_hat = qz.dequantize(qz.quantize(w, s, z), s, z)
    assert np.all(np.abs(w - w_hat) <= np.broadcast_to(s / 2, w.shape) * (1 + 1e-9) + 1e-300)
