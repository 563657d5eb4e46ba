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
# # FP4 with block scales: MXFP4 and NVFP4
# From-scratch NumPy code used by the note "Quantization": the FP4 E2M1 grid, FP8 E4M3
# rounding (used for NVFP4's block scales), and block-scaled quantization as in the OCP
# Microscaling (MX) specification v1.0 (2023) and NVIDIA's NVFP4 (2025), against one
# FP4 scale for the whole tensor.

# %%
# --8<-- [start:formats]
import numpy as np

E2M1 = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0])  # the 8 magnitudes of FP4 E2M1
E2M1_EMAX = 2            # 6 = 1.5 * 2**2: exponent of the largest normal E2M1 value
E4M3_MAX = 448.0         # largest finite FP8 E4M3 value


def round_e2m1(x: np.ndarray) -> np.ndarray:
    """Round to the nearest signed E2M1 value, ties to the even code, saturating at +-6.

    Neighbouring magnitudes alternate mantissa bit 0 / 1, so "even code" is an even index
    into E2M1.
    """
    a = np.minimum(np.abs(x), E2M1[-1])
    hi = np.clip(np.searchsorted(E2M1, a), 1, len(E2M1) - 1)     # first grid point >= a
    lo = hi - 1
    d_lo, d_hi = a - E2M1[lo], E2M1[hi] - a
    pick_hi = (d_hi < d_lo) | ((d_hi == d_lo) & (hi % 2 == 0))
    return np.sign(x) * np.where(pick_hi, E2M1[hi], E2M1[lo])


def round_e4m3(x: np.ndarray) -> np.ndarray:
    """Round non-negative values to FP8 E4M3 (3 mantissa bits, min normal 2**-6), ties to even."""
    x = np.asarray(x, dtype=np.float64)
    e = np.floor(np.log2(np.maximum(x, 2.0**-6)))   # subnormals share the step of 2**-6
    step = 2.0 ** (e - 3)
    return np.minimum(np.round(x / step) * step, E4M3_MAX)   # np.round: half to even
# --8<-- [end:formats]


# %%
# --8<-- [start:block_quant]
def fp4_per_tensor(x: np.ndarray) -> np.ndarray:
    """One FP32 scale for the whole tensor: max |x| maps to 6."""
    s = np.abs(x).max() / E2M1[-1]
    return round_e2m1(x / s) * s


def mxfp4(x: np.ndarray, block: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """OCP MXFP4: each block of `block` values shares a power-of-two (E8M0) scale.

    Scale exponent = floor(log2(max|x|)) - E2M1_EMAX, so the block maximum lands in [4, 8)
    and anything above 6 saturates. Returns the dequantized values and the scales.
    """
    xb = x.reshape(-1, block)
    amax = np.abs(xb).max(axis=1, keepdims=True)
    scale = 2.0 ** (np.floor(np.log2(np.where(amax > 0, amax, 1.0))) - E2M1_EMAX)
    return (round_e2m1(xb / scale) * scale).reshape(x.shape), scale.ravel()


def nvfp4(x: np.ndarray, block: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """NVFP4: blocks of 16 share an FP8 E4M3 scale, times one FP32 scale per tensor.

    The tensor scale maps the global max to 6 * 448, so every block scale fits in E4M3.
    """
    xb = x.reshape(-1, block)
    t = np.abs(x).max() / (E2M1[-1] * E4M3_MAX)
    amax = np.abs(xb).max(axis=1, keepdims=True)
    sb = round_e4m3(amax / E2M1[-1] / t)            # block scale, stored in FP8
    scale = np.where(sb > 0, sb, 1.0) * t
    return (round_e2m1(xb / scale) * scale).reshape(x.shape), scale.ravel()


def sqnr_db(x: np.ndarray, x_hat: np.ndarray) -> float:
    """Signal-to-quantization-noise ratio in dB."""
    return float(10 * np.log10(np.sum(x**2) / np.sum((x - x_hat) ** 2)))
# --8<-- [end:block_quant]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    W = rng.standard_normal((256, 512)) * rng.lognormal(0.0, 1.0, size=(256, 1))  # rows of varied scale
    W[3, 7] = 60.0                                                                 # one outlier
    for name, W_hat, bits in [("FP4, one scale per tensor", fp4_per_tensor(W), 4.0),
                              ("MXFP4 (32-blocks, E8M0)", mxfp4(W)[0], 4 + 8 / 32),
                              ("NVFP4 (16-blocks, E4M3)", nvfp4(W)[0], 4 + 8 / 16)]:
        print(f"{name:27s} {bits:.2f} bits/value  SQNR {sqnr_db(W, W_hat):5.1f} dB")
