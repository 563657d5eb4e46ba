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
# # Privacy-preserving learning in NumPy
# The Gaussian mechanism's noise scale and a Renyi-DP accountant for the sampled Gaussian mechanism;
# DP-SGD for logistic regression (per-example clipping, Gaussian noise, Poisson sampling);
# federated averaging; pairwise-mask secure aggregation; SISA sharded training for exact unlearning.
# Used by the note "Privacy-Preserving ML".

# %%
# --8<-- [start:accounting]
import math

import numpy as np


def gaussian_sigma_classic(eps: float, delta: float, sensitivity: float = 1.0) -> float:
    """Dwork and Roth (2014), Thm A.1: sigma = Delta sqrt(2 ln(1.25/delta)) / eps gives (eps, delta)-DP for eps < 1."""
    return sensitivity * math.sqrt(2 * math.log(1.25 / delta)) / eps


def _phi(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


def gaussian_delta(eps: float, mu: float) -> float:
    """Exact delta(eps) of a Gaussian mechanism with sensitivity / sigma = mu (Balle and Wang, 2018):
    Phi(-eps/mu + mu/2) - e^eps Phi(-eps/mu - mu/2)."""
    return _phi(-eps / mu + mu / 2) - math.exp(eps) * _phi(-eps / mu - mu / 2)


def gaussian_sigma_analytic(eps: float, delta: float, sensitivity: float = 1.0) -> float:
    """Smallest sigma with gaussian_delta(eps, sensitivity / sigma) <= delta, by bisection (delta falls as sigma grows)."""
    lo, hi = 1e-3, 1e3
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if gaussian_delta(eps, sensitivity / mid) > delta:
            lo = mid
        else:
            hi = mid
    return hi


def sampled_gaussian_rdp(q: float, noise_multiplier: float, alpha: int) -> float:
    """RDP of order alpha (integer >= 2) of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar and
    Zhang, 2019): log(sum_k C(alpha,k) (1-q)^(alpha-k) q^k exp((k^2 - k) / (2 sigma^2))) / (alpha - 1)."""
    if q >= 1.0:                                               # no subsampling: alpha / (2 sigma^2)
        return alpha / (2 * noise_multiplier ** 2)
    k = np.arange(alpha + 1)
    log_binom = np.array([math.lgamma(alpha + 1) - math.lgamma(i + 1) - math.lgamma(alpha - i + 1) for i in k])
    log_terms = log_binom + (alpha - k) * math.log1p(-q) + k * math.log(q) + (k * k - k) / (2 * noise_multiplier ** 2)
    m = log_terms.max()
    return float((m + math.log(np.exp(log_terms - m).sum())) / (alpha - 1))


def dp_sgd_epsilon(q: float, noise_multiplier: float, steps: int, delta: float,
                   alphas: range = range(2, 257)) -> float:
    """Compose RDP over steps (it adds) and convert: eps = min_alpha steps * rdp(alpha) + log(1/delta) / (alpha - 1)."""
    return min(steps * sampled_gaussian_rdp(q, noise_multiplier, a) + math.log(1 / delta) / (a - 1) for a in alphas)
# --8<-- [end:accounting]


# %%
# --8<-- [start:dp_sgd]
def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def per_example_grads(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of the logistic loss of each example, shape (n, d): (sigmoid(x.w) - y) x."""
    return (sigmoid(X @ w) - y)[:, None] * X


def clip_rows(G: np.ndarray, C: float) -> np.ndarray:
    """Scale each row to norm at most C: g * min(1, C / ||g||)."""
    norms = np.linalg.norm(G, axis=1, keepdims=True)
    return G * np.minimum(1.0, C / np.maximum(norms, 1e-12))


def dp_sgd(X: np.ndarray, y: np.ndarray, steps: int, lot_size: int, lr: float, C: float,
           noise_multiplier: float, rng: np.random.Generator) -> np.ndarray:
    """DP-SGD (Abadi et al., 2016): each step samples every example independently with probability
    q = lot_size / n (Poisson sampling), clips per-example gradients to norm C, adds N(0, (sigma C)^2 I)
    to their sum, and divides by the expected lot size."""
    n, d = X.shape
    q = lot_size / n
    w = np.zeros(d)
    for _ in range(steps):
        batch = rng.random(n) < q
        g = clip_rows(per_example_grads(w, X[batch], y[batch]), C).sum(axis=0)
        g += rng.normal(0.0, noise_multiplier * C, size=d)
        w -= lr * g / lot_size
    return w
def local_gd(w: np.ndarray, X: np.ndarray, y: np.ndarray, steps: int, lr: float) -> np.ndarray:
    """Full-batch gradient descent on the mean logistic loss of one client's data."""
    for _ in range(steps):
        w = w - lr * per_example_grads(w, X, y).mean(axis=0)
    return w
# --8<-- [end:dp_sgd]


# %%
# --8<-- [start:fedavg]
def fedavg(clients: list[tuple[np.ndarray, np.ndarray]], rounds: int, local_steps: int, lr: float) -> np.ndarray:
    """Federated averaging (McMahan et al., 2017), all clients every round: each starts from the global model,
    runs local_steps of GD, and the server averages the results weighted by client size."""
    sizes = np.array([len(y) for _, y in clients], float)
    w = np.zeros(clients[0][0].shape[1])
    for _ in range(rounds):
        local = [local_gd(w, X, y, local_steps, lr) for X, y in clients]
        w = np.average(local, axis=0, weights=sizes)
    return w


def secure_sum(updates: np.ndarray, rng: np.random.Generator, scale: float = 2.0 ** 16) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise-mask secure aggregation (Bonawitz et al., 2017), without dropouts: updates are quantised to
    integers mod 2^32; clients i < j share a random mask m_ij that i adds and j subtracts, so every masked
    vector is uniformly random but the masks cancel in the sum. Returns (masked vectors, decoded sum)."""
    mod = 2 ** 32
    k, d = updates.shape
    enc = np.round(updates * scale).astype(np.int64) % mod
    masked = enc.copy()
    for i in range(k):
        for j in range(i + 1, k):
            m = rng.integers(0, mod, size=d, dtype=np.int64)      # in practice derived from a shared key
            masked[i] = (masked[i] + m) % mod
            masked[j] = (masked[j] - m) % mod
    total = masked.sum(axis=0) % mod
    total = np.where(total >= mod // 2, total - mod, total)          # back to signed
    return masked, total / scale
# --8<-- [end:fedavg]


# %%
# --8<-- [start:sisa]
def sisa_fit(X: np.ndarray, y: np.ndarray, shards: int, steps: int = 200, lr: float = 0.5
             ) -> tuple[list[np.ndarray], np.ndarray]:
    """SISA (Bourtoule et al., 2021) without slicing: split the data into disjoint shards and train one
    model per shard (deterministic GD). Returns the models and each example's shard."""
    shard_of = np.arange(len(y)) % shards
    models = [local_gd(np.zeros(X.shape[1]), X[shard_of == s], y[shard_of == s], steps, lr) for s in range(shards)]
    return models, shard_of


def sisa_predict(models: list[np.ndarray], X: np.ndarray) -> np.ndarray:
    """Aggregate by averaging the shard models' probabilities."""
    return np.mean([sigmoid(X @ w) for w in models], axis=0)


def sisa_unlearn(models: list[np.ndarray], shard_of: np.ndarray, X: np.ndarray, y: np.ndarray,
                 forget: int, steps: int = 200, lr: float = 0.5) -> tuple[list[np.ndarray], np.ndarray]:
    """Delete example `forget`: retrain only its shard from scratch on the remaining rows of that shard."""
    keep = np.ones(len(y), bool)
    keep[forget] = False
    s = shard_of[forget]
    rows = keep & (shard_of == s)
    models = list(models)
    models[s] = local_gd(np.zeros(X.shape[1]), X[rows], y[rows], steps, lr)
    return models, keep
# --8<-- [end:sisa]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d = 5000, 5
    X = np.c_[rng.normal(size=(n, d - 1)), np.ones(n)]
    y = (rng.random(n) < sigmoid(X @ np.array([1.5, -1.0, 0.5, 0.0, 0.2]))).astype(float)
    w = dp_sgd(X, y, steps=500, lot_size=250, lr=0.5, C=1.0, noise_multiplier=1.1, rng=rng)
    print("DP-SGD accuracy:", np.mean((X @ w > 0) == y), " epsilon at delta = 1e-5:",
          round(dp_sgd_epsilon(250 / n, 1.1, 500, 1e-5), 3))
    print("Gaussian mechanism sigma for (1, 1e-5): classic", round(gaussian_sigma_classic(1, 1e-5), 3),
          "analytic", round(gaussian_sigma_analytic(1, 1e-5), 3))
    _, s = secure_sum(rng.normal(size=(4, 3)), rng)
    print("secure sum:", s)
