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
# # int8 quantization of a weight matrix
# From-scratch NumPy code used by the note "Quantization": symmetric and asymmetric (affine)
# uniform quantization, per tensor and per output channel, the round trip
# float -> int8 -> float, and the error it leaves in the weights and in a matrix product.

# %%
# --8<-- [start:quantize]
import numpy as np

QMIN, QMAX = -128, 127


def quant_params(w: np.ndarray, symmetric: bool = True, axis: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Scale and zero point for int8, per tensor (axis=None) or per slice along `axis`.

    Symmetric: scale = max|w| / 127, zero point 0, codes in [-127, 127] (-128 unused, so the grid
    is symmetric about 0). Asymmetric: the range [min(w, 0), max(w, 0)] is mapped onto [-128, 127],
    scale = (max - min) / 255, zero point z = -128 - round(min / scale), so 0.0 is exactly a code.
    Returned arrays broadcast against w.
    """
    w = np.asarray(w, dtype=np.float64)
    red = None if axis is None else tuple(i for i in range(w.ndim) if i != axis)
    if symmetric:
        amax = np.max(np.abs(w), axis=red, keepdims=True)
        scale = amax / 127.0
        zero = np.zeros_like(scale)
    else:
        lo = np.minimum(np.min(w, axis=red, keepdims=True), 0.0)
        hi = np.maximum(np.max(w, axis=red, keepdims=True), 0.0)
        scale = (hi - lo) / (QMAX - QMIN)
    # an all-zero slice (or one so tiny that its step underflows to 0) gets scale 1 and maps to the zero point
    scale = np.where(scale > 0, scale, 1.0)
    if not symmetric:
        zero = QMIN - np.round(lo / scale)
    return scale, zero


def quantize(w: np.ndarray, scale: np.ndarray, zero: np.ndarray) -> np.ndarray:
    """q = clip(round(w / scale) + zero, -128, 127) as int8 (round half to even)."""
    q = np.round(np.asarray(w, dtype=np.float64) / scale) + zero
    return np.clip(q, QMIN, QMAX).astype(np.int8)


def dequantize(q: np.ndarray, scale: np.ndarray, zero: np.ndarray) -> np.ndarray:
    """w_hat = scale * (q - zero)."""
    return scale * (q.astype(np.float64) - zero)


def fake_quant(w: np.ndarray, symmetric: bool = True, axis: int | None = None) -> np.ndarray:
    """Quantize then dequantize: the weights the int8 model effectively uses."""
    s, z = quant_params(w, symmetric, axis)
    return dequantize(quantize(w, s, z), s, z)


def sqnr_db(x: np.ndarray, x_hat: np.ndarray) -> float:
    """Signal-to-quantization-noise ratio 10 log10(||x||^2 / ||x - x_hat||^2) in dB."""
    return float(10.0 * np.log10(np.sum(x**2) / np.sum((x - x_hat) ** 2)))
# --8<-- [end:quantize]


# %%
# --8<-- [start:int_matmul]
def int8_matmul(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """y = x @ w.T with w quantized symmetric per output channel (rows) and x symmetric per tensor.

    The product is accumulated in int32 exactly as an int8 tensor core does, then rescaled by
    s_x * s_w[j] per output column: y_ij ~ s_x s_wj sum_k qx_ik qw_jk.
    """
    sw, _ = quant_params(w, symmetric=True, axis=0)          # (out, 1)
    sx, _ = quant_params(x, symmetric=True, axis=None)       # (1, 1)
    qw = quantize(w, sw, 0.0).astype(np.int32)
    qx = quantize(x, sx, 0.0).astype(np.int32)
    acc = qx @ qw.T                                          # int32 accumulator
    return acc.astype(np.float64) * sx * sw.T
# --8<-- [end:int_matmul]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    # rows with very different ranges, as in real layers; one outlier weight
    W = rng.standard_normal((64, 256)) * rng.lognormal(0.0, 1.0, size=(64, 1))
    W[0, 0] = 40.0
    for sym in (True, False):
        for axis in (None, 0):
            err = np.abs(W - fake_quant(W, sym, axis)).max()
            print(f"symmetric={sym!s:5} per-{'tensor ' if axis is None else 'channel'}"
                  f"  max|err| = {err:.4f}  SQNR = {sqnr_db(W, fake_quant(W, sym, axis)):5.1f} dB")
    x = rng.standard_normal((8, 256))
    print("int8 matmul SQNR:", round(sqnr_db(x @ W.T, int8_matmul(x, W)), 1), "dB")
