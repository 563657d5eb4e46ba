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
# # Batch normalization and layer normalization, forward and backward
# From-scratch NumPy implementation used by the note "Batch and Layer Normalization".

# %%
# --8<-- [start:batchnorm]
import numpy as np


class BatchNorm1d:
    """Batch normalization over axis 0 of (N, D) inputs (Ioffe and Szegedy, 2015), with PyTorch's conventions:
    biased batch variance to normalise, unbiased variance in the running estimate, running = (1-m) running + m batch."""

    def __init__(self, D: int, eps: float = 1e-5, momentum: float = 0.1):
        self.gamma, self.beta = np.ones(D), np.zeros(D)
        self.running_mean, self.running_var = np.zeros(D), np.ones(D)
        self.eps, self.momentum = eps, momentum
        self.cache = None

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        if not train:  # inference: fixed statistics, so each sample's output is independent of the batch
            return self.gamma * (x - self.running_mean) / np.sqrt(self.running_var + self.eps) + self.beta
        N = x.shape[0]
        mu, var = x.mean(axis=0), x.var(axis=0)
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mu) * inv_std
        self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mu
        self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * N / (N - 1)
        self.cache = (x_hat, inv_std)
        return self.gamma * x_hat + self.beta

    def backward(self, dout: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """dx = (inv_std / N) (N dx_hat - sum dx_hat - x_hat sum(dx_hat x_hat)), dx_hat = dout * gamma."""
        x_hat, inv_std = self.cache
        N = dout.shape[0]
        dgamma = (dout * x_hat).sum(axis=0)
        dbeta = dout.sum(axis=0)
        dxh = dout * self.gamma
        dx = inv_std / N * (N * dxh - dxh.sum(axis=0) - x_hat * (dxh * x_hat).sum(axis=0))
        return dx, dgamma, dbeta
# --8<-- [end:batchnorm]


# %%
# --8<-- [start:layernorm]
def layer_norm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5) -> tuple[np.ndarray, tuple]:
    """Normalise each row over its D features; identical in training and inference, independent of the batch."""
    mu = x.mean(axis=-1, keepdims=True)
    inv_std = 1.0 / np.sqrt(x.var(axis=-1, keepdims=True) + eps)
    x_hat = (x - mu) * inv_std
    return gamma * x_hat + beta, (x_hat, inv_std, gamma)


def layer_norm_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The batch-norm formula with the roles of the axes swapped: the sums run over features, not samples."""
    x_hat, inv_std, gamma = cache
    D = x_hat.shape[-1]
    dxh = dout * gamma
    dx = inv_std / D * (D * dxh - dxh.sum(axis=-1, keepdims=True) - x_hat * (dxh * x_hat).sum(axis=-1, keepdims=True))
    lead = tuple(range(dout.ndim - 1))
    return dx, (dout * x_hat).sum(axis=lead), dout.sum(axis=lead)
# --8<-- [end:layernorm]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    bn = BatchNorm1d(3)
    x = rng.normal(5.0, 3.0, size=(64, 3))
    y = bn.forward(x)
    print("train output mean", np.round(y.mean(0), 6), "std", np.round(y.std(0), 4))
    print("running mean after one step", np.round(bn.running_mean, 3))
