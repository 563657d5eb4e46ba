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
# # The mechanisms behind a training loop's silent bugs, in NumPy
# Softmax regression with a hand-written gradient, used to show what forgetting to zero
# gradients, unscaled gradient accumulation, averaging batch means, a loss applied to
# probabilities and a copied random generator do. Used by the note
# "Coding - Write a PyTorch Training Loop".

# %%
# --8<-- [start:model]
import copy

import numpy as np


def log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def cross_entropy(logits: np.ndarray, y: np.ndarray) -> float:
    """Mean negative log-likelihood of integer labels y under softmax(logits), like F.cross_entropy."""
    return float(-log_softmax(logits)[np.arange(len(y)), y].mean())


def loss_and_grad(W: np.ndarray, X: np.ndarray, y: np.ndarray, probs_as_logits: bool = False) -> tuple[float, np.ndarray]:
    """Softmax regression, logits = X W, mean cross-entropy and its gradient (X^T (P - Y) / n).
    probs_as_logits=True reproduces the bug of feeding softmax outputs to a loss that applies
    softmax again: the loss sees s = softmax(XW) as logits."""
    n, K = len(y), W.shape[1]
    Y = np.eye(K)[y]
    Z = X @ W
    if not probs_as_logits:
        return cross_entropy(Z, y), X.T @ (np.exp(log_softmax(Z)) - Y) / n
    S = np.exp(log_softmax(Z))                      # what the model outputs: probabilities
    G = (np.exp(log_softmax(S)) - Y) / n            # dL/dS, the loss treating S as logits
    dZ = S * (G - (G * S).sum(axis=1, keepdims=True))   # back through the first softmax
    return cross_entropy(S, y), X.T @ dZ


def make_data(n: int = 600, d: int = 5, K: int = 4, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Linearly separable-ish classes: labels from a random linear teacher plus a little noise."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (X @ rng.normal(size=(d, K)) * 3 + rng.gumbel(size=(n, K))).argmax(axis=1)
    return X, y
# --8<-- [end:model]


# %%
# --8<-- [start:loop]
def train(X: np.ndarray, y: np.ndarray, K: int, lr: float, epochs: int, batch: int, zero_grad: bool = True,
          accum_steps: int = 1, scale_accum: bool = True, probs_as_logits: bool = False) -> tuple[np.ndarray, list[float]]:
    """Mini-batch SGD written like a framework loop: a .grad buffer that backward() ADDS into,
    an optimizer step every accum_steps micro-batches, and zero_grad after the step.
    Returns the final weights and the full-data loss after every epoch."""
    W = np.zeros((X.shape[1], K))
    grad = np.zeros_like(W)
    history = []
    for _ in range(epochs):
        for step, start in enumerate(range(0, len(y), batch)):
            _, g = loss_and_grad(W, X[start:start + batch], y[start:start + batch], probs_as_logits)
            grad += g / accum_steps if scale_accum else g          # loss.backward() accumulates
            if (step + 1) % accum_steps == 0:
                W -= lr * grad                                      # optimizer.step()
                if zero_grad:
                    grad[:] = 0.0                                   # optimizer.zero_grad()
        history.append(loss_and_grad(W, X, y)[0])
    return W, history
# --8<-- [end:loop]


# %%
# --8<-- [start:averaging]
def mean_of_batch_means(values: np.ndarray, batch: int) -> float:
    """What `sum(loss.item() for batches) / len(loader)` computes with a mean-reduced loss."""
    return float(np.mean([values[i:i + batch].mean() for i in range(0, len(values), batch)]))


def weighted_batch_means(values: np.ndarray, batch: int) -> float:
    """The exact per-example mean: sum(batch_mean * batch_size) / dataset_size."""
    return float(sum(values[i:i + batch].mean() * len(values[i:i + batch])
                     for i in range(0, len(values), batch)) / len(values))
# --8<-- [end:averaging]


# %%
# --8<-- [start:rng]
class AugmentingDataset:
    """A dataset that draws augmentation noise from its own Generator, as many real ones do."""

    def __init__(self, n: int, seed: int):
        self.n, self.rng = n, np.random.default_rng(seed)

    def __getitem__(self, i: int) -> float:
        return float(self.rng.normal())                 # the "random crop" of item i


def run_workers(dataset: AugmentingDataset, num_workers: int, epoch_seed: int | None) -> np.ndarray:
    """Items 0..n-1 served round-robin by workers that each receive a COPY of the dataset, as
    fork (or pickling under spawn) gives them. epoch_seed=None: no worker_init_fn; otherwise
    each worker reseeds its copy from (epoch_seed, worker_id), as a worker_init_fn should."""
    workers = [copy.deepcopy(dataset) for _ in range(num_workers)]
    if epoch_seed is not None:
        for wid, w in enumerate(workers):
            w.rng = np.random.default_rng([epoch_seed, wid])
    return np.array([workers[i % num_workers][i] for i in range(dataset.n)])
# --8<-- [end:rng]


# %%
if __name__ == "__main__":
    X, y = make_data()
    print("final loss, correct loop:     ", round(train(X, y, 4, 0.5, 5, 50)[1][-1], 4))
    print("final loss, no zero_grad:     ", round(train(X, y, 4, 0.5, 5, 50, zero_grad=False)[1][-1], 4))
    print("final loss, loss on softmax:  ", round(train(X, y, 4, 0.5, 5, 50, probs_as_logits=True)[1][-1], 4))
    v = np.arange(10.0)
    print("mean of batch means", mean_of_batch_means(v, 4), "vs exact", weighted_batch_means(v, 4), "=", v.mean())
    print("two workers, no reseeding:", np.round(run_workers(AugmentingDataset(6, 0), 2, None), 3))
