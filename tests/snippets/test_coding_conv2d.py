"""Oracles: torch.nn.functional.conv2d for the forward pass, torch autograd for dx, dW and db,
and torch.nn.functional.conv_transpose2d for the input gradient written as a convolution."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import coding_conv2d as c

CASES = [  # (x shape, w shape, stride, padding, dilation)
    ((2, 3, 11, 9), (4, 3, 3, 3), 1, 0, 1),
    ((2, 3, 11, 9), (4, 3, 3, 3), 1, 1, 1),
    ((2, 3, 11, 9), (4, 3, 3, 3), 2, 1, 1),     # (11 + 2 - 3) % 2 == 0, (9 + 2 - 3) % 2 == 0
    ((2, 3, 10, 9), (4, 3, 3, 3), 2, 0, 1),     # leftover rows the forward never reads
    ((1, 2, 12, 13), (3, 2, 5, 5), 3, 2, 1),
    ((2, 3, 11, 9), (4, 3, 3, 3), 1, 2, 2),     # dilation 2, "same" padding
    ((2, 3, 14, 12), (5, 3, 3, 2), (2, 1), (1, 2), (2, 3)),   # everything asymmetric
    ((1, 1, 7, 7), (2, 1, 1, 1), 2, 0, 1),      # 1 x 1 kernel with stride
    ((2, 2, 6, 6), (1, 2, 2, 2), 1, 3, 1),      # padding larger than d(k-1): crop in the transposed form
]


def _torch(x, w, b, stride, padding, dilation, dy):
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    ty = F.conv2d(tx, tw, tb, stride=stride, padding=padding, dilation=dilation)
    ty.backward(torch.tensor(dy))
    return ty.detach().numpy(), tx.grad.numpy(), tw.grad.numpy(), tb.grad.numpy()


@pytest.mark.parametrize("xs,ws,stride,padding,dilation", CASES)
def test_forward_and_gradients_match_torch(xs, ws, stride, padding, dilation):
    rng = np.random.default_rng(sum(xs) + sum(ws))
    x, w, b = rng.normal(size=xs), rng.normal(size=ws), rng.normal(size=ws[0])
    y, cache = c.conv2d_forward(x, w, b, stride, padding, dilation)
    dy = rng.normal(size=y.shape)
    ty, tdx, tdw, tdb = _torch(x, w, b, stride, padding, dilation, dy)
    assert y.shape == ty.shape
    np.testing.assert_allclose(y, ty, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(c.conv2d_naive(x, w, b, stride, padding, dilation), ty, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(c.conv2d_strided(x, w, b, stride, padding, dilation), ty, rtol=1e-10, atol=1e-10)
    dx, dw, db = c.conv2d_backward(dy, cache)
    np.testing.assert_allclose(dx, tdx, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(dw, tdw, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(db, tdb, rtol=1e-10, atol=1e-10)
    dx_conv = c.input_grad_as_convolution(dy, w, x.shape, stride, padding, dilation)
    np.testing.assert_allclose(dx_conv, tdx, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("xs,ws,stride,padding,dilation", CASES)
def test_input_gradient_is_conv_transpose2d(xs, ws, stride, padding, dilation):
    rng = np.random.default_rng(7)
    x, w = rng.normal(size=xs), rng.normal(size=ws)
    s, p, d = c._pair(stride), c._pair(padding), c._pair(dilation)
    OH = c.out_size(xs[2], ws[2], s[0], p[0], d[0])
    OW = c.out_size(xs[3], ws[3], s[1], p[1], d[1])
    dy = rng.normal(size=(xs[0], ws[0], OH, OW))
    extra = tuple((n + 2 * pp - dd * (k - 1) - 1) % ss for n, k, ss, pp, dd in zip(xs[2:], ws[2:], s, p, d))
    ref = F.conv_transpose2d(torch.tensor(dy), torch.tensor(w), stride=s, padding=p, output_padding=extra, dilation=d)
    np.testing.assert_allclose(c.input_grad_as_convolution(dy, w, xs, stride, padding, dilation), ref.numpy(),
                               rtol=1e-10, atol=1e-10)


def test_im2col_and_col2im_are_adjoint():
    """<im2col(x), G> = <x, col2im(G)> for every x and G: col2im is the transpose of im2col."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 3, 9, 10))
    cols, _, _ = c.im2col(x, 3, 2, (2, 3), (1, 0), (1, 2))
    G = rng.normal(size=cols.shape)
    lhs = np.sum(cols * G)
    rhs = np.sum(x * c.col2im(G, x.shape, 3, 2, (2, 3), (1, 0), (1, 2)))
    np.testing.assert_allclose(lhs, rhs, rtol=1e-12)


def test_output_size_formula_matches_torch():
    for n, k, s, p, d in [(224, 7, 2, 3, 1), (227, 11, 4, 0, 1), (32, 3, 1, 2, 2), (10, 3, 3, 1, 1), (5, 3, 1, 0, 2)]:
        expected = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), stride=s, padding=p, dilation=d).shape[-1]
        assert c.out_size(n, k, s, p, d) == expected
