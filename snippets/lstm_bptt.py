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
# # LSTM cell and vanilla RNN with backpropagation through time
# From-scratch NumPy implementation used by the note "Recurrent Neural Networks and LSTMs".
# Gate order i, f, g, o and weight layout (D, 4H), (H, 4H) match torch.nn.LSTM transposed.

# %%
# --8<-- [start:lstm]
import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # overflow-free logistic


def lstm_forward(X: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, list]:
    """X: (T, N, D). Returns all hidden states (T, N, H), the last cell state, and the per-step cache.

    a = x Wx + h Wh + b;  i, f, o = sigmoid(.), g = tanh(.);  c' = f*c + i*g;  h' = o * tanh(c').
    """
    H = h0.shape[1]
    h, c = h0, c0
    hs, cache = [], []
    for x in X:
        a = x @ Wx + h @ Wh + b
        i, f, g, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), sigmoid(a[:, 3 * H:])
        c_new = f * c + i * g
        tc = np.tanh(c_new)
        h_new = o * tc
        cache.append((x, h, c, i, f, g, o, tc))
        h, c = h_new, c_new
        hs.append(h)
    return np.stack(hs), c, cache


def lstm_backward(dhs: np.ndarray, cache: list, Wx: np.ndarray, Wh: np.ndarray, dc_last: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """BPTT: walk the steps backwards, carrying dh and dc. dhs[t] is dLoss/dh_t from outside the recurrence."""
    T, N, H = dhs.shape
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(4 * H)
    dX = np.zeros((T, N, Wx.shape[0]))
    dh_next = np.zeros((N, H))
    dc_next = np.zeros((N, H)) if dc_last is None else dc_last
    for t in range(T - 1, -1, -1):
        x, h_prev, c_prev, i, f, g, o, tc = cache[t]
        dh = dhs[t] + dh_next
        do = dh * tc
        dc = dc_next + dh * o * (1.0 - tc ** 2)       # through h = o tanh(c)
        di, df, dg = dc * g, dc * c_prev, dc * i
        da = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)], axis=1)
        dWx += x.T @ da
        dWh += h_prev.T @ da
        db += da.sum(axis=0)
        dX[t] = da @ Wx.T
        dh_next = da @ Wh.T
        dc_next = dc * f                               # the additive cell path: only scaled by f
    return {"X": dX, "Wx": dWx, "Wh": dWh, "b": db, "h0": dh_next, "c0": dc_next}
# --8<-- [end:lstm]


# %%
# --8<-- [start:rnn]
def rnn_forward(X: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, list]:
    """Elman RNN: h_t = tanh(x_t Wx + h_{t-1} Wh + b)."""
    h, hs, cache = h0, [], []
    for x in X:
        h_new = np.tanh(x @ Wx + h @ Wh + b)
        cache.append((x, h, h_new))
        h = h_new
        hs.append(h)
    return np.stack(hs), cache


def rnn_backward(dhs: np.ndarray, cache: list, Wx: np.ndarray, Wh: np.ndarray) -> dict[str, np.ndarray]:
    """BPTT for the Elman RNN: dh_{t-1} = (dh_t * (1 - h_t^2)) Wh^T, a product of T Jacobians."""
    T, N, H = dhs.shape
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(H)
    dX = np.zeros((T, N, Wx.shape[0]))
    dh_next = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        x, h_prev, h = cache[t]
        da = (dhs[t] + dh_next) * (1.0 - h ** 2)
        dWx += x.T @ da
        dWh += h_prev.T @ da
        db += da.sum(axis=0)
        dX[t] = da @ Wx.T
        dh_next = da @ Wh.T
    return {"X": dX, "Wx": dWx, "Wh": dWh, "b": db, "h0": dh_next}
# --8<-- [end:rnn]


# %%
# --8<-- [start:grad_flow]
def gradient_norm_by_step(cell: str, T: int = 60, D: int = 8, H: int = 32, seed: int = 0, forget_bias: float = 1.0) -> np.ndarray:
    """||dL/dx_t|| when the loss only touches the last hidden state: how far back the signal reaches."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(T, 1, D))
    dhs = np.zeros((T, 1, H))
    dhs[-1] = 1.0
    s = 1.0 / np.sqrt(H)
    if cell == "rnn":
        Wx, Wh, b = rng.uniform(-s, s, (D, H)), rng.uniform(-s, s, (H, H)), np.zeros(H)
        _, cache = rnn_forward(X, np.zeros((1, H)), Wx, Wh, b)
        g = rnn_backward(dhs, cache, Wx, Wh)["X"]
    else:
        Wx, Wh, b = rng.uniform(-s, s, (D, 4 * H)), rng.uniform(-s, s, (H, 4 * H)), np.zeros(4 * H)
        b[H:2 * H] = forget_bias
        _, _, cache = lstm_forward(X, np.zeros((1, H)), np.zeros((1, H)), Wx, Wh, b)
        g = lstm_backward(dhs, cache, Wx, Wh)["X"]
    return np.linalg.norm(g[:, 0, :], axis=1)
# --8<-- [end:grad_flow]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    T, N, D, H = 5, 3, 4, 6
    X = rng.normal(size=(T, N, D))
    Wx, Wh, b = rng.normal(0, 0.3, (D, 4 * H)), rng.normal(0, 0.3, (H, 4 * H)), np.zeros(4 * H)
    hs, cT, cache = lstm_forward(X, np.zeros((N, H)), np.zeros((N, H)), Wx, Wh, b)
    grads = lstm_backward(np.ones_like(hs), cache, Wx, Wh)
    print(hs.shape, {k: v.shape for k, v in grads.items()})
    print("RNN  grad norm at t=0, 30, 59:", np.round(gradient_norm_by_step("rnn")[[0, 30, 59]], 6))
    print("LSTM grad norm at t=0, 30, 59:", np.round(gradient_norm_by_step("lstm")[[0, 30, 59]], 6))
