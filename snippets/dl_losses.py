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
# # Loss functions: stable softmax, log-sum-exp, cross-entropy, hinge, focal and InfoNCE
# From-scratch NumPy implementation used by the note "Loss Functions".

# %%
# --8<-- [start:stable_softmax]
import numpy as np


def logsumexp(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """log sum exp z = m + log sum exp(z - m), m = max z: no overflow, and the largest term is exp(0) = 1."""
    m = z.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(z - m).sum(axis=axis, keepdims=True))).squeeze(axis)


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    return z - np.expand_dims(logsumexp(z, axis), axis)


def naive_softmax(z: np.ndarray) -> np.ndarray:
    """The textbook formula: overflows to inf/inf = nan once a logit exceeds about 709 in float64."""
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
# --8<-- [end:stable_softmax]


# %%
# --8<-- [start:cross_entropy]
def cross_entropy(logits: np.ndarray, y: np.ndarray, label_smoothing: float = 0.0) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood of integer labels under softmax(logits); returns (loss, dloss/dlogits).

    With smoothing eps the target is q = (1 - eps) onehot + eps / K, and the gradient is (softmax - q) / N.
    """
    N, K = logits.shape
    q = np.full((N, K), label_smoothing / K)
    q[np.arange(N), y] += 1.0 - label_smoothing
    logp = log_softmax(logits)
    loss = -(q * logp).sum() / N
    return float(loss), (np.exp(logp) - q) / N


def binary_cross_entropy_with_logits(z: np.ndarray, y: np.ndarray) -> float:
    """-[y log s(z) + (1-y) log(1-s(z))] = max(z,0) - z y + log(1 + exp(-|z|)), stable for any z."""
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
# --8<-- [end:cross_entropy]


# %%
# --8<-- [start:other_losses]
def multiclass_hinge(logits: np.ndarray, y: np.ndarray, margin: float = 1.0) -> float:
    """Weston-Watkins multiclass hinge (as torch MultiMarginLoss): mean over samples of sum_{j != y} max(0, margin - s_y + s_j) / K."""
    N, K = logits.shape
    s_y = logits[np.arange(N), y][:, None]
    m = np.maximum(0.0, margin - s_y + logits)
    m[np.arange(N), y] = 0.0
    return float(m.sum() / (N * K))


def focal_loss(z: np.ndarray, y: np.ndarray, gamma: float = 2.0, alpha: float = 0.25) -> float:
    """Binary focal loss (Lin et al., 2017): -alpha_t (1 - p_t)^gamma log p_t; gamma = 0, alpha = 0.5 gives BCE / 2."""
    log_p = -np.logaddexp(0.0, -z)        # log sigmoid(z)
    log_1mp = -np.logaddexp(0.0, z)       # log (1 - sigmoid(z))
    log_pt = np.where(y == 1, log_p, log_1mp)
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return float(np.mean(-alpha_t * (1 - np.exp(log_pt)) ** gamma * log_pt))


def info_nce(za: np.ndarray, zb: np.ndarray, temperature: float = 0.1) -> float:
    """Contrastive InfoNCE (as in SimCLR/CLIP, one direction): row i of za must pick row i of zb among all rows."""
    za = za / np.linalg.norm(za, axis=1, keepdims=True)
    zb = zb / np.linalg.norm(zb, axis=1, keepdims=True)
    logits = za @ zb.T / temperature
    return float(-np.mean(np.diag(log_softmax(logits, axis=1))))
# --8<-- [end:other_losses]


# %%
if __name__ == "__main__":
    z = np.array([[1000.0, 999.0, 0.0]])
    with np.errstate(over="ignore", invalid="ignore"):
        print("naive :", naive_softmax(z))
    print("stable:", np.round(softmax(z), 6))
    rng = np.random.default_rng(0)
    logits, y = rng.normal(size=(4, 3)), np.array([0, 2, 1, 1])
    print("CE", round(cross_entropy(logits, y)[0], 4), "hinge", round(multiclass_hinge(logits, y), 4))
