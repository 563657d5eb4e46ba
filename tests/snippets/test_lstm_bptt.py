"""Oracle: torch.nn.LSTM / torch.nn.RNN (float64) forward values and autograd gradients through time."""

import numpy as np
import torch

import lstm_bptt as L


def test_lstm_matches_torch():
    rng = np.random.default_rng(0)
    T, N, D, H = 7, 3, 4, 5
    X = rng.normal(size=(T, N, D))
    h0, c0 = rng.normal(size=(N, H)), rng.normal(size=(N, H))
    lstm = torch.nn.LSTM(D, H).double()
    Wx = lstm.weight_ih_l0.detach().numpy().T.copy()
    Wh = lstm.weight_hh_l0.detach().numpy().T.copy()
    b = (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach().numpy()
    hs, cT, cache = L.lstm_forward(X, h0, c0, Wx, Wh, b)
    dhs = rng.normal(size=hs.shape)
    dcT = rng.normal(size=cT.shape)
    g = L.lstm_backward(dhs, cache, Wx, Wh, dc_last=dcT)

    tX = torch.tensor(X, requires_grad=True)
    th0 = torch.tensor(h0[None], requires_grad=True)
    tc0 = torch.tensor(c0[None], requires_grad=True)
    out, (_, tcT) = lstm(tX, (th0, tc0))
    ((out * torch.tensor(dhs)).sum() + (tcT[0] * torch.tensor(dcT)).sum()).backward()
    tol = dict(rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(hs, out.detach().numpy(), **tol)
    np.testing.assert_allclose(cT, tcT[0].detach().numpy(), **tol)
    np.testing.assert_allclose(g["X"], tX.grad.numpy(), **tol)
    np.testing.assert_allclose(g["h0"], th0.grad[0].numpy(), **tol)
    np.testing.assert_allclose(g["c0"], tc0.grad[0].numpy(), **tol)
    np.testing.assert_allclose(g["Wx"], lstm.weight_ih_l0.grad.numpy().T, **tol)
    np.testing.assert_allclose(g["Wh"], lstm.weight_hh_l0.grad.numpy().T, **tol)
    np.testing.assert_allclose(g["b"], lstm.bias_ih_l0.grad.numpy(), **tol)


def test_rnn_matches_torch():
    rng = np.random.default_rng(1)
    T, N, D, H = 6, 2, 3, 4
    X = rng.normal(size=(T, N, D))
    h0 = rng.normal(size=(N, H))
    rnn = torch.nn.RNN(D, H).double()
    Wx = rnn.weight_ih_l0.detach().numpy().T.copy()
    Wh = rnn.weight_hh_l0.detach().numpy().T.copy()
    b = (rnn.bias_ih_l0 + rnn.bias_hh_l0).detach().numpy()
    hs, cache = L.rnn_forward(X, h0, Wx, Wh, b)
    dhs = rng.normal(size=hs.shape)
    g = L.rnn_backward(dhs, cache, Wx, Wh)
    tX = torch.tensor(X, requires_grad=True)
    th0 = torch.tensor(h0[None], requires_grad=True)
    out, _ = rnn(tX, th0)
    (out * torch.tensor(dhs)).sum().backward()
    tol = dict(rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(hs, out.detach().numpy(), **tol)
    np.testing.assert_allclose(g["X"], tX.grad.numpy(), **tol)
    np.testing.assert_allclose(g["h0"], th0.grad[0].numpy(), **tol)
    np.testing.assert_allclose(g["Wh"], rnn.weight_hh_l0.grad.numpy().T, **tol)


def test_rnn_gradient_vanishes_faster_than_lstm():
    rnn = L.gradient_norm_by_step("rnn")
    lstm = L.gradient_norm_by_step("lstm")
    assert rnn[0] < 1e-6 * rnn[-1]
    assert lstm[0] / lstm[-1] > 1e3 * rnn[0] / rnn[-1]
