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
# # State space models: ZOH discretisation, recurrence/convolution duality, selective scan, linear attention
# From-scratch NumPy code used by the note "State Space Models". Diagonal state matrices, as in S4D and Mamba.

# %%
# --8<-- [start:lti]
import numpy as np


def discretize_zoh(A: np.ndarray, B: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
    """Zero-order hold for a diagonal continuous system x' = diag(A) x + B u (A (N,), B (N,), real or
    complex, A != 0): A_bar = exp(dt A), B_bar = A^{-1} (exp(dt A) - 1) B, exact when u is constant
    over each step of length dt."""
    A_bar = np.exp(dt * A)
    return A_bar, (A_bar - 1.0) / A * B


def ssm_recurrent(A_bar: np.ndarray, B_bar: np.ndarray, C: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Run x_k = A_bar x_{k-1} + B_bar u_k, y_k = Re(C x_k) from x_{-1} = 0: O(L N) time, O(N) state."""
    x = np.zeros_like(A_bar)
    y = np.empty(len(u))
    for k, u_k in enumerate(u):
        x = A_bar * x + B_bar * u_k
        y[k] = np.real(C @ x)
    return y


def ssm_kernel(A_bar: np.ndarray, B_bar: np.ndarray, C: np.ndarray, L: int) -> np.ndarray:
    """Convolution kernel K_j = Re(C A_bar^j B_bar), j = 0..L-1 (a Vandermonde product, O(L N))."""
    powers = A_bar[None, :] ** np.arange(L)[:, None]                        # (L, N)
    return np.real(powers @ (C * B_bar))


def causal_conv_fft(K: np.ndarray, u: np.ndarray) -> np.ndarray:
    """y_k = sum_{j <= k} K_j u_{k-j} with FFTs of length 2L (zero padding avoids circular wrap): O(L log L)."""
    L = len(u)
    n = 2 * L
    return np.fft.irfft(np.fft.rfft(K, n) * np.fft.rfft(u, n), n)[:L]
# --8<-- [end:lti]


# %%
# --8<-- [start:selective]
def softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, x)


def selective_scan(u: np.ndarray, delta: np.ndarray, A: np.ndarray, B: np.ndarray, C: np.ndarray) -> np.ndarray:
    """Mamba's selective SSM (S6), sequential form. u, delta (L, D): input and per-step step sizes
    (already positive); A (D, N) negative reals; B, C (L, N): input-dependent, shared across the D
    channels. Per channel d and step t: A_bar = exp(delta A), B_bar u = delta B u (the simplified
    discretisation Mamba uses for B), h_t = A_bar h_{t-1} + B_bar u_t, y_t = C_t h_t."""
    L, D = u.shape
    h = np.zeros((D, A.shape[1]))
    y = np.empty((L, D))
    for t in range(L):
        h = np.exp(delta[t][:, None] * A) * h + (delta[t] * u[t])[:, None] * B[t][None, :]
        y[t] = h @ C[t]
    return y


def scan_combine(e1: tuple, e2: tuple) -> tuple:
    """The associative operator of the linear recurrence h_t = a_t h_{t-1} + b_t: applying
    (a1, b1) then (a2, b2) is h -> a2 (a1 h + b1) + b2 = (a1 a2) h + (a2 b1 + b2)."""
    a1, b1 = e1
    a2, b2 = e2
    return a1 * a2, a2 * b1 + b2


def parallel_scan(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """All prefixes h_t of h_t = a_t h_{t-1} + b_t (h_{-1} = 0) by a Hillis-Steele scan:
    log2(L) rounds, each combining element t with element t - 2^r (vectorised over t)."""
    a, b = a.copy(), b.copy()
    step = 1
    while step < len(a):
        a_new, b_new = scan_combine((a[:-step], b[:-step]), (a[step:], b[step:]))
        a[step:], b[step:] = a_new, b_new
        step *= 2
    return b
# --8<-- [end:selective]


# %%
# --8<-- [start:linear_attention]
def elu_feature(x: np.ndarray) -> np.ndarray:
    """phi(x) = elu(x) + 1 > 0, the feature map of Katharopoulos et al. (2020)."""
    return np.where(x > 0, x + 1.0, np.exp(np.minimum(x, 0.0)))


def linear_attention_parallel(Q: np.ndarray, K: np.ndarray, V: np.ndarray, gamma: float = 1.0,
                              normalize: bool = True) -> np.ndarray:
    """Causal linear attention in 'attention form': (phi(Q) phi(K)^T * M) V with M_ts = gamma^(t-s)
    for s <= t (gamma = 1: plain causal mask; gamma < 1: RetNet-style decay). O(L^2 d) like softmax
    attention, but the scores are not exponentiated."""
    L = len(Q)
    t = np.arange(L)
    M = np.where(t[:, None] >= t[None, :], gamma ** np.maximum(t[:, None] - t[None, :], 0), 0.0)
    S = (elu_feature(Q) @ elu_feature(K).T) * M
    out = S @ V
    return out / S.sum(1, keepdims=True) if normalize else out


def linear_attention_recurrent(Q: np.ndarray, K: np.ndarray, V: np.ndarray, gamma: float = 1.0,
                               normalize: bool = True) -> np.ndarray:
    """The same map as an RNN: state S_t = gamma S_{t-1} + phi(k_t) v_t^T (d_k x d_v) and normaliser
    z_t = gamma z_{t-1} + phi(k_t); y_t = phi(q_t)^T S_t / phi(q_t)^T z_t. O(L d_k d_v) time, O(d_k d_v) state."""
    S = np.zeros((K.shape[1], V.shape[1]))
    z = np.zeros(K.shape[1])
    out = np.empty((len(Q), V.shape[1]))
    for t in range(len(Q)):
        q, k = elu_feature(Q[t]), elu_feature(K[t])
        S = gamma * S + np.outer(k, V[t])
        z = gamma * z + k
        out[t] = q @ S / (q @ z) if normalize else q @ S
    return out
# --8<-- [end:linear_attention]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    N, L = 8, 64
    A = -0.5 + 1j * np.pi * np.arange(N)                        # S4D-Lin initialisation
    B, C = np.ones(N, complex), rng.normal(size=N) + 1j * rng.normal(size=N)
    A_bar, B_bar = discretize_zoh(A, B, dt=0.05)
    u = rng.normal(size=L)
    y_rec = ssm_recurrent(A_bar, B_bar, C, u)
    y_conv = causal_conv_fft(ssm_kernel(A_bar, B_bar, C, L), u)
    print("recurrence vs convolution, max |diff|:", np.abs(y_rec - y_conv).max())
    Q, K, V = rng.normal(size=(3, 16, 4))
    print("linear attention parallel vs recurrent:",
          np.abs(linear_attention_parallel(Q, K, V, 0.9) - linear_attention_recurrent(Q, K, V, 0.9)).max())
