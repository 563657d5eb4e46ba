"""Scalar autograd against central finite differences and against PyTorch autograd (CPU)."""

import math

import numpy as np
import pytest
import torch

from scalar_autograd import Value, finite_difference_grad, grad


def expr(a, b, c, exp, log, tanh, sigmoid):
    """One expression written for both engines; exercises sharing (a used 4 times), division,
    powers and every unary op."""
    d = a * b + c / (1.0 + a * a)
    e = tanh(d) * sigmoid(b - c) + exp(0.3 * a) - log(1.0 + c * c)
    return e * e + (a - 2.0) ** 3 / (b * b + 1.0) + 1.0 / e


def expr_value(a, b, c):
    return expr(a, b, c, Value.exp, Value.log, Value.tanh, Value.sigmoid)


def expr_float(x):
    sig = lambda t: 1 / (1 + math.exp(-t))
    return expr(*x, math.exp, math.log, math.tanh, sig)


@pytest.mark.parametrize("seed", range(5))
def test_gradient_matches_finite_differences(seed):
    x = np.random.default_rng(seed).uniform(-1.5, 1.5, 3)
    val, g = grad(expr_value, x)
    np.testing.assert_allclose(val, expr_float(x), rtol=1e-12)
    # central differences with h = 1e-6 have error ~ h^2 f''' + eps/h ~ 1e-9 relative
    np.testing.assert_allclose(g, finite_difference_grad(expr_float, x), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("seed", range(3))
def test_gradient_matches_torch(seed):
    x = np.random.default_rng(seed).uniform(-1.5, 1.5, 3)
    _, g = grad(expr_value, x)
    t = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in x]
    out = expr(*t, torch.exp, torch.log, torch.tanh, torch.sigmoid)
    out.backward()
    np.testing.assert_allclose(g, [ti.grad.item() for ti in t], rtol=1e-12, atol=1e-12)


def test_two_layer_network_matches_torch():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(6, 3))
    y = rng.integers(0, 2, 6).astype(float)
    W1, b1, w2 = rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=4)

    # ours: every parameter a Value, ReLU hidden layer, logistic output, mean cross-entropy
    W1v = [[Value(W1[i, j]) for j in range(4)] for i in range(3)]
    b1v, w2v = [Value(v) for v in b1], [Value(v) for v in w2]
    loss = Value(0.0)
    for xi, yi in zip(X, y):
        h = [(sum((W1v[i][j] * xi[i] for i in range(3)), b1v[j])).relu() for j in range(4)]
        p = sum((w2v[j] * h[j] for j in range(4)), Value(0.0)).sigmoid()
        loss = loss - (yi * p.log() + (1 - yi) * (1 - p).log())
    loss = loss / len(y)
    loss.backward()

    Tw1 = torch.tensor(W1, requires_grad=True)
    Tb1 = torch.tensor(b1, requires_grad=True)
    Tw2 = torch.tensor(w2, requires_grad=True)
    p = torch.sigmoid(torch.relu(torch.tensor(X) @ Tw1 + Tb1) @ Tw2)
    tl = torch.nn.functional.binary_cross_entropy(p, torch.tensor(y))
    tl.backward()
    np.testing.assert_allclose(loss.data, tl.item(), rtol=1e-12)
    ours_W1 = [[v.grad for v in row] for row in W1v]
    np.testing.assert_allclose(ours_W1, Tw1.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose([v.grad for v in b1v], Tb1.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose([v.grad for v in w2v], Tw2.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_backward_twice_does_not_accumulate():
    a = Value(2.0)
    out = a * a * a
    out.backward()
    out.backward()
    np.testing.assert_allclose(a.grad, 12.0, rtol=1e-15)
