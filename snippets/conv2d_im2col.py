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
# # 2-D convolution (im2col) and max-pooling, forward and backward
# From-scratch NumPy implementation used by the note "Convolutional Neural Networks".

# %%
# --8<-- [start:arithmetic]
import numpy as np


def conv_output_size(n: int, k: int, stride: int = 1, pad: int = 0, dilation: int = 1) -> int:
    """floor((n + 2p - d(k-1) - 1)/s) + 1, the spatial size after a convolution or pooling."""
    return (n + 2 * pad - dilation * (k - 1) - 1) // stride + 1


def receptive_field(layers: list[tuple[int, int]]) -> int:
    """Receptive field of a stack of (kernel, stride) layers: r += (k-1) * product of earlier strides."""
    r, jump = 1, 1
    for k, s in layers:
        r += (k - 1) * jump
        jump *= s
    return r
# --8<-- [end:arithmetic]


# %%
# --8<-- [start:im2col]
def im2col(x: np.ndarray, kh: int, kw: int, stride: int, pad: int) -> tuple[np.ndarray, int, int]:
    """(N, C, H, W) -> (N*OH*OW, C*kh*kw): one row per output position, one column per weight."""
    N, C, H, W = x.shape
    OH, OW = conv_output_size(H, kh, stride, pad), conv_output_size(W, kw, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    cols = np.empty((N, C, kh, kw, OH, OW), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = xp[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride]
    return cols.transpose(0, 4, 5, 1, 2, 3).reshape(N * OH * OW, -1), OH, OW


def col2im(cols: np.ndarray, x_shape: tuple, kh: int, kw: int, stride: int, pad: int) -> np.ndarray:
    """Adjoint of im2col: scatter-add each row back to the input positions it was read from."""
    N, C, H, W = x_shape
    OH, OW = conv_output_size(H, kh, stride, pad), conv_output_size(W, kw, stride, pad)
    cols = cols.reshape(N, OH, OW, C, kh, kw).transpose(0, 3, 4, 5, 1, 2)
    xp = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=cols.dtype)
    for i in range(kh):
        for j in range(kw):
            xp[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride] += cols[:, :, i, j]
    return xp[:, :, pad:pad + H, pad:pad + W]
# --8<-- [end:im2col]


# %%
# --8<-- [start:conv2d]
def conv2d_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0) -> tuple[np.ndarray, tuple]:
    """Cross-correlation y[n,f] = sum_c w[f,c] * x[n,c] + b[f] as one matrix product (N*OH*OW, CKK) @ (CKK, F)."""
    N = x.shape[0]
    F, C, kh, kw = w.shape
    cols, OH, OW = im2col(x, kh, kw, stride, pad)
    out = cols @ w.reshape(F, -1).T + b
    out = out.reshape(N, OH, OW, F).transpose(0, 3, 1, 2)
    return out, (x.shape, cols, w, stride, pad)


def conv2d_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients w.r.t. input, weights and bias; dx is col2im of dcols (the transposed convolution)."""
    x_shape, cols, w, stride, pad = cache
    F, C, kh, kw = w.shape
    d = dout.transpose(0, 2, 3, 1).reshape(-1, F)
    dw = (d.T @ cols).reshape(w.shape)
    db = d.sum(axis=0)
    dx = col2im(d @ w.reshape(F, -1), x_shape, kh, kw, stride, pad)
    return dx, dw, db
# --8<-- [end:conv2d]


# %%
# --8<-- [start:maxpool]
def maxpool_forward(x: np.ndarray, k: int = 2, stride: int = 2) -> tuple[np.ndarray, tuple]:
    """Max over each k x k window; remembers the argmax so the gradient can be routed back."""
    N, C, H, W = x.shape
    cols, OH, OW = im2col(x.reshape(N * C, 1, H, W), k, k, stride, 0)
    idx = cols.argmax(axis=1)
    out = cols[np.arange(len(idx)), idx].reshape(N, C, OH, OW)
    return out, (x.shape, idx, cols.shape, k, stride)


def maxpool_backward(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """The gradient flows only to the element that was the maximum of its window."""
    x_shape, idx, cols_shape, k, stride = cache
    N, C, H, W = x_shape
    dcols = np.zeros(cols_shape)
    dcols[np.arange(len(idx)), idx] = dout.ravel()
    return col2im(dcols, (N * C, 1, H, W), k, k, stride, 0).reshape(x_shape)
# --8<-- [end:maxpool]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 3, 8, 8))
    w = rng.normal(size=(4, 3, 3, 3))
    y, cache = conv2d_forward(x, w, np.zeros(4), stride=1, pad=1)
    dx, dw, db = conv2d_backward(np.ones_like(y), cache)
    p, pc = maxpool_forward(y)
    print(y.shape, p.shape, dx.shape, dw.shape)
    print("receptive field of VGG-style 3x3 stack:", receptive_field([(3, 1)] * 3))
