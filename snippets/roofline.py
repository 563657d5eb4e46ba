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
# # Roofline model: arithmetic intensity of matmul, attention and convolution
# From-scratch NumPy code used by the note "Roofline Model": FLOP and minimum-byte counts of the
# three kernels that dominate deep learning, the attainable throughput min(peak, AI x bandwidth),
# and a log-log roofline figure. Counts assume every operand crosses DRAM exactly once
# (perfect on-chip reuse), which is the best case a kernel can reach.

# %%
# --8<-- [start:intensity]
import numpy as np


def matmul_cost(m: int, n: int, k: int, bytes_per_el: int = 2) -> tuple[float, float]:
    """FLOPs and minimum DRAM bytes of C[m,n] = A[m,k] @ B[k,n].

    FLOPs: m*n*k multiply-adds = 2mnk. Bytes: read A and B once, write C once.
    """
    flops = 2.0 * m * n * k
    nbytes = float(bytes_per_el) * (m * k + k * n + m * n)
    return flops, nbytes


def attention_cost(seq: int, d_head: int, batch_heads: int = 1, bytes_per_el: int = 2,
                   fused: bool = True) -> tuple[float, float]:
    """FLOPs and DRAM bytes of softmax(Q K^T) V for batch_heads independent (seq x d_head) heads.

    FLOPs count the two matmuls only: S = Q K^T (2 N^2 d) and O = P V (2 N^2 d); the softmax adds
    O(N^2) and is ignored. Fused (FlashAttention-style): Q, K, V read once, O written once = 4 N d
    elements. Unfused: additionally S written, S read and P written by the softmax, P read = 4 N^2.
    """
    n, d = seq, d_head
    flops = batch_heads * 4.0 * n * n * d
    elems = 4.0 * n * d + (0.0 if fused else 4.0 * n * n)
    return flops, batch_heads * bytes_per_el * elems


def conv2d_cost(batch: int, c_in: int, h: int, w: int, c_out: int, r: int, s: int,
                stride: int = 1, pad: int = 0, bytes_per_el: int = 2) -> tuple[float, float]:
    """FLOPs and minimum DRAM bytes of a direct 2-D convolution (NCHW input, KCRS filter).

    Output is batch x c_out x P x Q with P = (h + 2 pad - r) // stride + 1 (Q likewise);
    each output element needs c_in*r*s multiply-adds. Bytes: input + filter + output once.
    """
    p = (h + 2 * pad - r) // stride + 1
    q = (w + 2 * pad - s) // stride + 1
    flops = 2.0 * batch * c_out * p * q * c_in * r * s
    nbytes = float(bytes_per_el) * (batch * c_in * h * w + c_out * c_in * r * s + batch * c_out * p * q)
    return flops, nbytes


def intensity(cost: tuple[float, float]) -> float:
    """Arithmetic intensity in FLOP per byte of DRAM traffic."""
    flops, nbytes = cost
    return flops / nbytes


def attainable(ai: np.ndarray | float, peak_flops: float, bandwidth: float) -> np.ndarray:
    """Roofline bound: min(peak, AI * bandwidth), in FLOP/s (Williams, Waterman and Patterson, 2009)."""
    return np.minimum(peak_flops, np.asarray(ai, dtype=float) * bandwidth)


def ridge_point(peak_flops: float, bandwidth: float) -> float:
    """Intensity (FLOP/byte) at which a kernel stops being memory-bound."""
    return peak_flops / bandwidth
# --8<-- [end:intensity]


# %%
# --8<-- [start:plot]
import matplotlib.pyplot as plt


def plot_roofline(kernels: dict[str, float], peak_flops: float, bandwidth: float, label: str):
    """Log-log roofline with one marker per kernel placed at (AI, attainable FLOP/s)."""
    ai = np.logspace(-1, 4, 200)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.loglog(ai, attainable(ai, peak_flops, bandwidth) / 1e12, "k-", lw=2, label=label)
    ax.axvline(ridge_point(peak_flops, bandwidth), color="grey", ls=":", lw=1)
    for name, x in kernels.items():
        y = float(attainable(x, peak_flops, bandwidth)) / 1e12
        ax.plot(x, y, "o", label=f"{name} (I = {x:.3g})")
    ax.set_xlabel("arithmetic intensity (FLOP/byte)")
    ax.set_ylabel("attainable TFLOP/s")
    ax.set_title("Roofline: which kernels are memory-bound")
    ax.legend(loc="lower right", fontsize=6.5, framealpha=0.9)
    fig.tight_layout()
    return fig
# --8<-- [end:plot]


# %%
if __name__ == "__main__":
    # NVIDIA H100 SXM (2022 datasheet): 989 dense BF16 tensor TFLOP/s, 3.35 TB/s HBM3
    PEAK, BW = 989e12, 3.35e12
    ks = {
        "GEMM 4096^3": intensity(matmul_cost(4096, 4096, 4096)),
        "GEMV 4096 (decode)": intensity(matmul_cost(4096, 1, 4096)),
        "attn N=4096 fused": intensity(attention_cost(4096, 128)),
        "attn N=4096 unfused": intensity(attention_cost(4096, 128, fused=False)),
        "conv 3x3 56^2x64": intensity(conv2d_cost(32, 64, 56, 56, 64, 3, 3, pad=1)),
    }
    print(f"ridge point: {ridge_point(PEAK, BW):.0f} FLOP/byte")
    for name, x in ks.items():
        print(f"{name:22s} AI = {x:8.1f}  bound = {float(attainable(x, PEAK, BW)) / 1e12:6.1f} TFLOP/s")
