"""Oracle: torch.nn.functional.conv2d / max_pool2d forward values and autograd gradients."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import conv2d_im2col as c


@pytest.mark.parametrize("stride,pad,k", [(1, 0, 3), (1, 1, 3), (2, 1, 3), (2, 0, 2), (3, 2, 5)])
def test_conv2d_forward_backward_match_torch(stride, pad, k):
    rng = np.random.default_rng(stride * 10 + pad + k)
    x = rng.normal(size=(2, 3, 11, 9))
    w = rng.normal(size=(4, 3, k, k))
    b = rng.normal(size=4)
    y, cache = c.conv2d_forward(x, w, b, stride, pad)
    g = rng.normal(size=y.shape)
    dx, dw, db = c.conv2d_backward(g, cache)

    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    ty = F.conv2d(tx, tw, tb, stride=stride, padding=pad)
    ty.backward(torch.tensor(g))
    np.testing.assert_allclose(y, ty.detach().numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(dw, tw.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(db, tb.grad.numpy(), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("k,stride", [(2, 2), (3, 2), (3, 1)])
def test_maxpool_matches_torch(k, stride):
    rng = np.random.default_rng(k + stride)
    x = rng.normal(size=(2, 3, 9, 10))
    y, cache = c.maxpool_forward(x, k, stride)
    g = rng.normal(size=y.shape)
    dx = c.maxpool_backward(g, cache)
    tx = torch.tensor(x, requires_grad=True)
    ty = F.max_pool2d(tx, k, stride)
    ty.backward(torch.tensor(g))
    np.testing.assert_allclose(y, ty.detach().numpy(), rtol=0, atol=0)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_arithmetic():
    assert c.conv_output_size(224, 7, 2, 3) == 112  # ResNet stem
    assert c.conv_output_size(227, 11, 4, 0) == 55  # AlexNet conv1
    assert c.receptive_field([(3, 1)] * 2) == 5
    assert c.receptive_field([(7, 2), (3, 2), (3, 1)]) == 7 + 2 * 2 + 2 * 4
