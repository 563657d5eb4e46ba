"""Oracle: PyTorch autograd on the same weights (gradients), finite differences, and a loss that must fall."""

import numpy as np
import torch

import mlp_backprop as m


def _torch_grads(params, X, y):
    tp = [(torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)) for W, b in params]
    h = torch.tensor(X)
    for i, (W, b) in enumerate(tp):
        h = h @ W + b
        if i < len(tp) - 1:
            h = torch.relu(h)
    loss = torch.nn.functional.cross_entropy(h, torch.tensor(y))
    loss.backward()
    return loss.item(), [(W.grad.numpy(), b.grad.numpy()) for W, b in tp]


def test_gradients_match_torch():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(32, 5))
    y = rng.integers(0, 4, 32)
    params = m.init_mlp([5, 16, 8, 4], rng)
    params = [(W, rng.normal(0, 0.1, b.shape)) for W, b in params]
    logits, cache = m.mlp_forward(params, X)
    loss, dlogits = m.softmax_cross_entropy(logits, y)
    grads = m.mlp_backward(params, cache, dlogits)
    t_loss, t_grads = _torch_grads(params, X, y)
    np.testing.assert_allclose(loss, t_loss, rtol=1e-10)
    for (dW, db), (tW, tb) in zip(grads, t_grads):
        np.testing.assert_allclose(dW, tW, rtol=1e-8, atol=1e-12)
        np.testing.assert_allclose(db, tb, rtol=1e-8, atol=1e-12)


def test_gradient_finite_difference():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(10, 3))
    y = rng.integers(0, 2, 10)
    params = m.init_mlp([3, 6, 2], rng)
    logits, cache = m.mlp_forward(params, X)
    _, dlogits = m.softmax_cross_entropy(logits, y)
    dW0 = m.mlp_backward(params, cache, dlogits)[0][0]
    eps = 1e-6
    for i, j in [(0, 0), (1, 3), (2, 5)]:
        plus = [(W.copy(), b.copy()) for W, b in params]
        minus = [(W.copy(), b.copy()) for W, b in params]
        plus[0][0][i, j] += eps
        minus[0][0][i, j] -= eps
        lp = m.softmax_cross_entropy(m.mlp_forward(plus, X)[0], y)[0]
        lm = m.softmax_cross_entropy(m.mlp_forward(minus, X)[0], y)[0]
        np.testing.assert_allclose(dW0[i, j], (lp - lm) / (2 * eps), rtol=1e-5, atol=1e-9)


def test_training_fits_spirals():
    X, y = m.make_spirals(60, 3)
    params, losses = m.train_mlp(X, y, [2, 32, 32, 3], lr=0.5, epochs=200)
    assert losses[-1] < 0.25 * losses[0]
    assert (m.mlp_forward(params, X)[0].argmax(1) == y).mean() > 0.9


def test_he_init_preserves_scale_small_init_vanishes():
    he = m.activation_stds("he")
    small = m.activation_stds("small")
    assert 0.3 < he[-1] < 3.0
    assert small[-1] < 1e-10
