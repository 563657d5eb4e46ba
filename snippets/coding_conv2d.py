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
# # Coding problem: 2-D convolution with stride, padding and dilation
# The direct loops, a zero-copy strided view, im2col as one matrix product, the backward pass
# by col2im, and the input gradient written as a transposed convolution. Used by the note
# "Coding - Implement 2D Convolution".

# %%
# --8<-- [start:naive]
import numpy as np


def _pair(v: int | tuple[int, int]) -> tuple[int, int]:
    return (v, v) if isinstance(v, (int, np.integer)) else (int(v[0]), int(v[1]))


def out_size(n: int, k: int, s: int, p: int, d: int) -> int:
    """floor((n + 2p - d(k-1) - 1) / s) + 1: the positions where a dilated kernel fits."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def conv2d_naive(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None,
                 stride=1, padding=0, dilation=1) -> np.ndarray:
    """Cross-correlation by the definition, x (N, C, H, W), w (F, C, KH, KW) -> (N, F, OH, OW):
    y[n, f, i, j] = b[f] + sum_{c,u,v} w[f, c, u, v] * xpad[n, c, i*sh + u*dh, j*sw + v*dw]."""
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    N, C, H, W = x.shape
    F, _, KH, KW = w.shape
    OH, OW = out_size(H, KH, sh, ph, dh), out_size(W, KW, sw, pw, dw)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    y = np.zeros((N, F, OH, OW), dtype=np.result_type(x, w))
    for n in range(N):
        for f in range(F):
            for i in range(OH):
                for j in range(OW):
                    patch = xp[n, :, i * sh: i * sh + dh * (KH - 1) + 1: dh,
                                     j * sw: j * sw + dw * (KW - 1) + 1: dw]   # (C, KH, KW)
                    y[n, f, i, j] = np.sum(patch * w[f])
    return y if b is None else y + b[None, :, None, None]
# --8<-- [end:naive]


# %%
# --8<-- [start:strided]
def conv2d_strided(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None,
                   stride=1, padding=0, dilation=1) -> np.ndarray:
    """Same result from a zero-copy view of every (dilated) window, contracted with einsum."""
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    F, _, KH, KW = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    win = np.lib.stride_tricks.sliding_window_view(xp, (dh * (KH - 1) + 1, dw * (KW - 1) + 1), axis=(2, 3))
    win = win[:, :, ::sh, ::sw, ::dh, ::dw]                  # (N, C, OH, OW, KH, KW), still a view
    y = np.einsum("ncijuv,fcuv->nfij", win, w, optimize=True)
    return y if b is None else y + b[None, :, None, None]
# --8<-- [end:strided]


# %%
# --8<-- [start:im2col]
def im2col(x: np.ndarray, kh: int, kw: int, stride=1, padding=0, dilation=1) -> tuple[np.ndarray, int, int]:
    """(N, C, H, W) -> (N*OH*OW, C*kh*kw): one row per output position, one column per weight.
    Loops over the kh*kw kernel offsets only; each copies a strided slab of the padded input."""
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    N, C, H, W = x.shape
    OH, OW = out_size(H, kh, sh, ph, dh), out_size(W, kw, sw, pw, dw)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    cols = np.empty((N, C, kh, kw, OH, OW), dtype=x.dtype)
    for u in range(kh):
        for v in range(kw):
            cols[:, :, u, v] = xp[:, :, u * dh: u * dh + sh * (OH - 1) + 1: sh,
                                        v * dw: v * dw + sw * (OW - 1) + 1: sw]
    return cols.transpose(0, 4, 5, 1, 2, 3).reshape(N * OH * OW, C * kh * kw), OH, OW


def col2im(cols: np.ndarray, x_shape: tuple, kh: int, kw: int, stride=1, padding=0, dilation=1) -> np.ndarray:
    """The adjoint of im2col: scatter-ADD every row back to the input positions it was read from
    (overlapping windows add up), then drop the padding."""
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    N, C, H, W = x_shape
    OH, OW = out_size(H, kh, sh, ph, dh), out_size(W, kw, sw, pw, dw)
    cols = cols.reshape(N, OH, OW, C, kh, kw).transpose(0, 3, 4, 5, 1, 2)
    xp = np.zeros((N, C, H + 2 * ph, W + 2 * pw), dtype=cols.dtype)
    for u in range(kh):
        for v in range(kw):
            xp[:, :, u * dh: u * dh + sh * (OH - 1) + 1: sh,
                     v * dw: v * dw + sw * (OW - 1) + 1: sw] += cols[:, :, u, v]
    return xp[:, :, ph: ph + H, pw: pw + W]
# --8<-- [end:im2col]


# %%
# --8<-- [start:conv2d]
def conv2d_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride=1, padding=0,
                   dilation=1) -> tuple[np.ndarray, tuple]:
    """Y = cols @ W^T + b, with W reshaped to (F, C*KH*KW); returns (N, F, OH, OW) and a cache."""
    N = x.shape[0]
    F, C, KH, KW = w.shape
    cols, OH, OW = im2col(x, KH, KW, stride, padding, dilation)
    y = (cols @ w.reshape(F, -1).T + b).reshape(N, OH, OW, F).transpose(0, 3, 1, 2)
    return y, (x.shape, cols, w, stride, padding, dilation)


def conv2d_backward(dy: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A dense layer's backward on the matrix form: dW = D^T cols, db = column sums of D,
    dcols = D W, and dx = col2im(dcols). D is dy as (N*OH*OW, F)."""
    x_shape, cols, w, stride, padding, dilation = cache
    F, C, KH, KW = w.shape
    D = dy.transpose(0, 2, 3, 1).reshape(-1, F)
    dw = (D.T @ cols).reshape(w.shape)
    db = D.sum(axis=0)
    dx = col2im(D @ w.reshape(F, -1), x_shape, KH, KW, stride, padding, dilation)
    return dx, dw, db
# --8<-- [end:conv2d]


# %%
# --8<-- [start:transposed]
def _pad_or_crop(a: np.ndarray, top: int, bottom: int, left: int, right: int) -> np.ndarray:
    """Zero-pad the last two axes; a negative amount crops instead."""
    a = np.pad(a, ((0, 0), (0, 0), (max(top, 0), max(bottom, 0)), (max(left, 0), max(right, 0))))
    H, W = a.shape[2:]
    return a[:, :, max(-top, 0): H - max(-bottom, 0), max(-left, 0): W - max(-right, 0)]


def input_grad_as_convolution(dy: np.ndarray, w: np.ndarray, x_shape: tuple, stride=1, padding=0,
                              dilation=1) -> np.ndarray:
    """dL/dx as an ordinary stride-1 convolution (a 'transposed convolution'): put s-1 zeros
    between the entries of dy, pad by d(k-1) - p (plus the r leftover rows the forward never
    reached), and correlate with the kernel flipped in space, in/out channels swapped, dilation d."""
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    N, F, OH, OW = dy.shape
    _, C, KH, KW = w.shape
    H, W = x_shape[2:]
    z = np.zeros((N, F, (OH - 1) * sh + 1, (OW - 1) * sw + 1), dtype=dy.dtype)
    z[:, :, ::sh, ::sw] = dy
    rh, rw = (H + 2 * ph - dh * (KH - 1) - 1) % sh, (W + 2 * pw - dw * (KW - 1) - 1) % sw
    top, left = dh * (KH - 1) - ph, dw * (KW - 1) - pw
    z = _pad_or_crop(z, top, top + rh, left, left + rw)
    w_t = w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)          # (C, F, KH, KW)
    return conv2d_forward(z, w_t, np.zeros(C), 1, 0, dilation)[0]
# --8<-- [end:transposed]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(2, 3, 9, 8)), rng.normal(size=(4, 3, 3, 2)), rng.normal(size=4)
    kw = dict(stride=(2, 1), padding=(1, 2), dilation=(2, 1))
    y, cache = conv2d_forward(x, w, b, **kw)
    print("output", y.shape, "| naive == im2col:", np.allclose(conv2d_naive(x, w, b, **kw), y),
          "| strided == im2col:", np.allclose(conv2d_strided(x, w, b, **kw), y))
    dy = rng.normal(size=y.shape)
    dx, dw, db = conv2d_backward(dy, cache)
    print("col2im dx == transposed-convolution dx:", np.allclose(dx, input_grad_as_convolution(dy, w, x.shape, **kw)))
