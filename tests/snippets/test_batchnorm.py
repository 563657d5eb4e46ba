"""Oracle: torch.nn.BatchNorm1d (train and eval, running statistics) and torch layer_norm, values and autograd gradients."""

import numpy as np
import torch

import batchnorm as B


def test_batchnorm_train_eval_and_gradients_match_torch():
    rng = np.random.default_rng(0)
    N, Dm = 16, 5
    ours = B.BatchNorm1d(Dm)
    ours.gamma, ours.beta = rng.normal(size=Dm), rng.normal(size=Dm)
    theirs = torch.nn.BatchNorm1d(Dm).double()
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(ours.gamma))
        theirs.bias.copy_(torch.tensor(ours.beta))
    theirs.train()
    for step in range(3):
        x = rng.normal(2.0, 3.0, size=(N, Dm))
        g = rng.normal(size=(N, Dm))
        y = ours.forward(x)
        dx, dgamma, dbeta = ours.backward(g)
        tx = torch.tensor(x, requires_grad=True)
        theirs.zero_grad()
        ty = theirs(tx)
        ty.backward(torch.tensor(g))
        tol = dict(rtol=1e-9, atol=1e-11)
        np.testing.assert_allclose(y, ty.detach().numpy(), **tol)
        np.testing.assert_allclose(dx, tx.grad.numpy(), **tol)
        np.testing.assert_allclose(dgamma, theirs.weight.grad.numpy(), **tol)
        np.testing.assert_allclose(dbeta, theirs.bias.grad.numpy(), **tol)
        np.testing.assert_allclose(ours.running_mean, theirs.running_mean.numpy(), **tol)
        np.testing.assert_allclose(ours.running_var, theirs.running_var.numpy(), **tol)
    theirs.eval()
    x = rng.normal(size=(4, Dm))
    np.testing.assert_allclose(ours.forward(x, train=False), theirs(torch.tensor(x)).detach().numpy(), rtol=1e-9, atol=1e-11)


def test_layernorm_forward_backward_match_torch():
    rng = np.random.default_rng(1)
    x, gamma, beta = rng.normal(size=(3, 4, 6)), rng.normal(size=6), rng.normal(size=6)
    y, cache = B.layer_norm_forward(x, gamma, beta)
    g = rng.normal(size=x.shape)
    dx, dgamma, dbeta = B.layer_norm_backward(g, cache)
    tx, tg, tb = (torch.tensor(a, requires_grad=True) for a in (x, gamma, beta))
    ty = torch.nn.functional.layer_norm(tx, (6,), tg, tb, eps=1e-5)
    ty.backward(torch.tensor(g))
    tol = dict(rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(y, ty.detach().numpy(), **tol)
    np.testing.assert_allclose(dx, tx.grad.numpy(), **tol)
    np.testing.assert_allclose(dgamma, tg.grad.numpy(), **tol)
    np.testing.assert_allclose(dbeta, tb.grad.numpy(), **tol)
