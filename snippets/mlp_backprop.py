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
# # Multi-layer perceptron with backpropagation
# From-scratch NumPy implementation used by the notes "Backpropagation" and "Feed-Forward Networks".

# %%
# --8<-- [start:mlp]
import numpy as np


def init_mlp(sizes: list[int], rng: np.random.Generator, scheme: str = "he") -> list[tuple[np.ndarray, np.ndarray]]:
    """Weights W (fan_in, fan_out) and zero biases for each layer.

    scheme "he": N(0, 2/fan_in) (ReLU); "xavier": N(0, 2/(fan_in+fan_out)) (tanh);
    "small": N(0, 0.01^2) (shows vanishing activations).
    """
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        if scheme == "he":
            std = np.sqrt(2.0 / fan_in)
        elif scheme == "xavier":
            std = np.sqrt(2.0 / (fan_in + fan_out))
        elif scheme == "small":
            std = 0.01
        else:
            raise ValueError(scheme)
        params.append((rng.normal(0.0, std, (fan_in, fan_out)), np.zeros(fan_out)))
    return params


def mlp_forward(params: list[tuple[np.ndarray, np.ndarray]], X: np.ndarray) -> tuple[np.ndarray, list]:
    """ReLU hidden layers, linear output. Returns logits and the cache needed by backward."""
    cache = []
    h = X
    for i, (W, b) in enumerate(params):
        z = h @ W + b
        cache.append((h, z))
        h = np.maximum(z, 0.0) if i < len(params) - 1 else z
    return h, cache


def softmax_cross_entropy(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of integer labels y and its gradient w.r.t. the logits."""
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    n = len(y)
    loss = -log_p[np.arange(n), y].mean()
    grad = np.exp(log_p)
    grad[np.arange(n), y] -= 1.0
    return float(loss), grad / n


def mlp_backward(params: list[tuple[np.ndarray, np.ndarray]], cache: list, dlogits: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Reverse-mode pass: for z = h W + b, dW = h^T dz, db = sum dz, dh = dz W^T; ReLU passes dz where z > 0."""
    grads = [None] * len(params)
    dz = dlogits
    for i in range(len(params) - 1, -1, -1):
        W, _ = params[i]
        h, _ = cache[i]
        grads[i] = (h.T @ dz, dz.sum(axis=0))
        if i > 0:
            dh = dz @ W.T
            dz = dh * (cache[i - 1][1] > 0)
    return grads


def train_mlp(X: np.ndarray, y: np.ndarray, sizes: list[int], lr: float = 0.5, epochs: int = 300, seed: int = 0) -> tuple[list, list[float]]:
    """Full-batch gradient descent; returns the parameters and the loss curve."""
    rng = np.random.default_rng(seed)
    params = init_mlp(sizes, rng)
    losses = []
    for _ in range(epochs):
        logits, cache = mlp_forward(params, X)
        loss, dlogits = softmax_cross_entropy(logits, y)
        losses.append(loss)
        grads = mlp_backward(params, cache, dlogits)
        params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]
    return params, losses
# --8<-- [end:mlp]


# %%
# --8<-- [start:data]
def make_spirals(n_per_class: int, n_classes: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved 2-D spirals: a problem no linear model can solve."""
    rng = np.random.default_rng(seed)
    X, y = [], []
    for c in range(n_classes):
        r = np.linspace(0.05, 1.0, n_per_class)
        t = np.linspace(c * 2 * np.pi / n_classes, c * 2 * np.pi / n_classes + 3.5, n_per_class)
        t = t + rng.normal(0, 0.15, n_per_class)
        X.append(np.c_[r * np.sin(t), r * np.cos(t)])
        y.append(np.full(n_per_class, c))
    return np.vstack(X), np.concatenate(y)
# --8<-- [end:data]


# %%
# --8<-- [start:init_depth]
def activation_stds(scheme: str, depth: int = 20, width: int = 256, seed: int = 0, act: str = "relu") -> np.ndarray:
    """Standard deviation of the activations after each of `depth` layers for unit-Gaussian inputs."""
    rng = np.random.default_rng(seed)
    params = init_mlp([width] * (depth + 1), rng, scheme)
    h = rng.normal(size=(512, width))
    stds = []
    for W, b in params:
        z = h @ W + b
        h = np.maximum(z, 0.0) if act == "relu" else np.tanh(z)
        stds.append(h.std())
    return np.array(stds)
# --8<-- [end:init_depth]


# %%
if __name__ == "__main__":
    X, y = make_spirals(100, 3)
    params, losses = train_mlp(X, y, [2, 64, 64, 3], lr=0.5, epochs=300)
    logits, _ = mlp_forward(params, X)
    print(f"loss {losses[0]:.3f} -> {losses[-1]:.3f}, train accuracy {(logits.argmax(1) == y).mean():.3f}")
    for s in ["small", "xavier", "he"]:
        print(s, np.round(activation_stds(s)[[0, 4, 9, 19]], 4))
