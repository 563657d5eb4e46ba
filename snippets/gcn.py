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
# # Graph convolutional network layer (Kipf and Welling, 2017)
# From-scratch NumPy implementation used by the note "Graph Neural Networks".

# %%
# --8<-- [start:gcn]
import numpy as np


def normalized_adjacency(A: np.ndarray) -> np.ndarray:
    """A_hat = D^{-1/2} (A + I) D^{-1/2}, with D the degree matrix of A + I (the renormalisation trick)."""
    A_tilde = A + np.eye(len(A))
    d_inv_sqrt = 1.0 / np.sqrt(A_tilde.sum(axis=1))
    return d_inv_sqrt[:, None] * A_tilde * d_inv_sqrt[None, :]


def gcn_layer_forward(A_hat: np.ndarray, H: np.ndarray, W: np.ndarray, b: np.ndarray, activation: bool = True) -> tuple[np.ndarray, tuple]:
    """H' = relu(A_hat H W + b): each node averages its neighbours' transformed features (one message-passing step)."""
    Z = A_hat @ (H @ W) + b
    out = np.maximum(Z, 0.0) if activation else Z
    return out, (A_hat, H, W, Z, activation)


def gcn_layer_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """dZ = dout * relu'(Z); dW = H^T A_hat^T dZ; db = sum dZ; dH = A_hat^T dZ W^T."""
    A_hat, H, W, Z, activation = cache
    dZ = dout * (Z > 0) if activation else dout
    M = A_hat.T @ dZ
    return M @ W.T, H.T @ M, dZ.sum(axis=0)
# --8<-- [end:gcn]


# %%
# --8<-- [start:train]
def planted_partition(n_per: int, k: int, p_in: float, p_out: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Stochastic block model: k communities, edge probability p_in inside and p_out across."""
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(k), n_per)
    P = np.where(y[:, None] == y[None, :], p_in, p_out)
    A = np.triu(rng.random(P.shape) < P, 1).astype(float)
    return A + A.T, y


def train_gcn(A: np.ndarray, X: np.ndarray, y: np.ndarray, train_idx: np.ndarray, hidden: int = 16,
              lr: float = 0.2, epochs: int = 200, seed: int = 0) -> np.ndarray:
    """Two-layer GCN, softmax cross-entropy on the labelled nodes only (semi-supervised); returns predictions."""
    rng = np.random.default_rng(seed)
    A_hat = normalized_adjacency(A)
    k = y.max() + 1
    W1, b1 = rng.normal(0, np.sqrt(2 / X.shape[1]), (X.shape[1], hidden)), np.zeros(hidden)
    W2, b2 = rng.normal(0, np.sqrt(1 / hidden), (hidden, k)), np.zeros(k)
    for _ in range(epochs):
        H1, c1 = gcn_layer_forward(A_hat, X, W1, b1)
        Z, c2 = gcn_layer_forward(A_hat, H1, W2, b2, activation=False)
        Zs = Z - Z.max(axis=1, keepdims=True)
        P = np.exp(Zs) / np.exp(Zs).sum(axis=1, keepdims=True)
        dZ = np.zeros_like(Z)
        dZ[train_idx] = P[train_idx]
        dZ[train_idx, y[train_idx]] -= 1.0
        dZ /= len(train_idx)
        dH1, dW2, db2 = gcn_layer_backward(dZ, c2)
        _, dW1, db1 = gcn_layer_backward(dH1, c1)
        W1, b1, W2, b2 = W1 - lr * dW1, b1 - lr * db1, W2 - lr * dW2, b2 - lr * db2
    return Z.argmax(axis=1)
# --8<-- [end:train]


# %%
if __name__ == "__main__":
    A, y = planted_partition(40, 3, 0.2, 0.01)
    X = np.random.default_rng(1).normal(size=(len(y), 8))  # features carry no label information
    train_idx = np.array([0, 1, 40, 41, 80, 81])
    pred = train_gcn(A, X, y, train_idx)
    test = np.setdiff1d(np.arange(len(y)), train_idx)
    print(f"{len(train_idx)} labelled nodes, test accuracy {(pred[test] == y[test]).mean():.3f}")
