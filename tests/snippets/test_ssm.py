"""Oracles: ZOH discretisation against scipy.signal.cont2discrete and the matrix exponential of the
augmented system (scipy.linalg.expm); the recurrence and the FFT convolution against numpy.convolve
and each other; the selective scan and the parallel scan against the explicit unrolled sums; linear
attention (both forms) against a naive double loop, its feature map against torch's ELU."""

import numpy as np
import pytest
import torch
from scipy.linalg import expm
from scipy.signal import cont2discrete

import ssm as S


def test_zoh_matches_scipy_real_and_complex():
    rng = np.random.default_rng(0)
    A = -rng.uniform(0.1, 3.0, 6)
    B = rng.normal(size=6)
    for dt in (0.01, 0.3, 2.0):
        A_bar, B_bar = S.discretize_zoh(A, B, dt)
        Ad, Bd, *_ = cont2discrete((np.diag(A), B[:, None], np.eye(6), np.zeros((6, 1))), dt, method="zoh")
        np.testing.assert_allclose(np.diag(A_bar), Ad, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(B_bar, Bd[:, 0], rtol=1e-10)
    Ac = -0.5 + 1j * rng.normal(size=4) * 3
    Bc = rng.normal(size=4) + 1j * rng.normal(size=4)
    M = np.zeros((5, 5), complex)                     # expm([[A, B], [0, 0]] dt) = [[A_bar, B_bar], [0, 1]]
    M[:4, :4], M[:4, 4] = np.diag(Ac), Bc
    E = expm(0.2 * M)
    A_bar, B_bar = S.discretize_zoh(Ac, Bc, 0.2)
    np.testing.assert_allclose(A_bar, np.diag(E[:4, :4]), rtol=1e-12)
    np.testing.assert_allclose(B_bar, E[:4, 4], rtol=1e-10)


def test_recurrence_equals_convolution():
    rng = np.random.default_rng(1)
    N, L = 16, 300
    A = -rng.uniform(0.05, 1.0, N) + 1j * np.pi * np.arange(N)
    B, C = rng.normal(size=N) + 0j, rng.normal(size=N) + 1j * rng.normal(size=N)
    A_bar, B_bar = S.discretize_zoh(A, B, 0.02)
    u = rng.normal(size=L)
    K = S.ssm_kernel(A_bar, B_bar, C, L)
    K_loop = np.array([np.real(C @ (A_bar ** j * B_bar)) for j in range(L)])
    np.testing.assert_allclose(K, K_loop, rtol=1e-9, atol=1e-12)
    direct = np.convolve(K, u)[:L]
    np.testing.assert_allclose(S.causal_conv_fft(K, u), direct, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(S.ssm_recurrent(A_bar, B_bar, C, u), direct, rtol=1e-9, atol=1e-10)


def test_selective_scan_against_unrolled_sum():
    rng = np.random.default_rng(2)
    L, D, N = 12, 3, 4
    u = rng.normal(size=(L, D))
    delta = S.softplus(rng.normal(size=(L, D)))
    A = -np.exp(rng.normal(size=(D, N)))
    B, C = rng.normal(size=(L, N)), rng.normal(size=(L, N))
    ref = np.zeros((L, D))
    for t in range(L):
        for d in range(D):
            for s in range(t + 1):
                decay = np.exp(A[d] * delta[s + 1:t + 1, d].sum())
                ref[t, d] += np.sum(C[t] * decay * delta[s, d] * B[s] * u[s, d])
    np.testing.assert_allclose(S.selective_scan(u, delta, A, B, C), ref, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("L", [1, 2, 7, 64, 100])
def test_parallel_scan_matches_sequential(L):
    rng = np.random.default_rng(L)
    a, b = rng.uniform(0.5, 1.0, L), rng.normal(size=L)
    h, ref = 0.0, []
    for t in range(L):
        h = a[t] * h + b[t]
        ref.append(h)
    np.testing.assert_allclose(S.parallel_scan(a, b), ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("gamma", [1.0, 0.9])
@pytest.mark.parametrize("normalize", [True, False])
def test_linear_attention_forms_agree_with_naive_loop(gamma, normalize):
    rng = np.random.default_rng(3)
    L, dk, dv = 20, 5, 3
    Q, K, V = rng.normal(size=(L, dk)), rng.normal(size=(L, dk)), rng.normal(size=(L, dv))
    phi = lambda x: (torch.nn.functional.elu(torch.tensor(x)) + 1).numpy()
    np.testing.assert_allclose(S.elu_feature(Q), phi(Q), rtol=1e-12)
    ref = np.zeros((L, dv))
    for t in range(L):
        w = np.array([gamma ** (t - s) * phi(Q[t]) @ phi(K[s]) for s in range(t + 1)])
        ref[t] = w @ V[:t + 1] / (w.sum() if normalize else 1.0)
    np.testing.assert_allclose(S.linear_attention_parallel(Q, K, V, gamma, normalize), ref, rtol=1e-10)
    np.testing.assert_allclose(S.linear_attention_recurrent(Q, K, V, gamma, normalize), ref, rtol=1e-10)
