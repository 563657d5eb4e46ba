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
# # Coding problems: neural-network components
# Stable softmax cross-entropy with its gradient, and masked multi-head scaled dot-product
# attention, used by "Coding - Implement Softmax Cross-Entropy" and
# "Coding - Implement Scaled Dot-Product Attention".

# %%
# --8<-- [start:softmax_ce]
import numpy as np


def log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """z - logsumexp(z): subtracting the max first makes every exponent <= 0 (no overflow)."""
    m = z.max(axis=axis, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=axis, keepdims=True))


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Row-wise softmax, computed stably via the max shift."""
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def cross_entropy(
    logits: np.ndarray, y: np.ndarray, label_smoothing: float = 0.0
) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of integer labels y under softmax(logits), and d loss / d logits.

    With smoothing eps the target is (1 - eps) one_hot + eps / K.
    The gradient is (softmax - target) / n.
    """
    n, K = logits.shape
    target = np.full((n, K), label_smoothing / K)
    target[np.arange(n), y] += 1.0 - label_smoothing
    lsm = log_softmax(logits)
    loss = -np.sum(target * lsm) / n
    grad = (np.exp(lsm) - target) / n
    return float(loss), grad
# --8<-- [end:softmax_ce]


# %%
# --8<-- [start:attention]
import numpy as np


def scaled_dot_product_attention(Q: np.ndarray, K: np.ndarray, V: np.ndarray,
                                 mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """softmax(Q K^T / sqrt(d_k) + mask) V over the last two axes (any leading batch/head axes).

    mask is boolean, broadcastable to (..., L_q, L_k), True where attention is allowed.
    Returns (output (..., L_q, d_v), weights (..., L_q, L_k)).
    """
    d_k = Q.shape[-1]
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    m = scores.max(axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)  # a fully masked row would give -inf - -inf = nan
    e = np.exp(scores - m)
    s = e.sum(axis=-1, keepdims=True)
    weights = np.divide(e, s, out=np.zeros_like(e), where=s > 0)  # fully masked row -> zero output
    return weights @ V, weights


def causal_mask(L: int) -> np.ndarray:
    """Lower-triangular boolean mask: position i may attend to positions j <= i."""
    return np.tril(np.ones((L, L), dtype=bool))


def multi_head_attention(
    x: np.ndarray,
    Wq: np.ndarray,
    Wk: np.ndarray,
    Wv: np.ndarray,
    Wo: np.ndarray,
    n_heads: int,
    mask: np.ndarray | None = None,
) -> np.ndarray:
    """Self-attention on x of shape (B, L, d_model); W* are (d_model, d_model).

    Head h uses columns h * d_h .. (h + 1) * d_h of each projection, d_h = d_model / n_heads.
    """
    B, L, D = x.shape
    dh = D // n_heads

    def split(t: np.ndarray) -> np.ndarray:  # (B, L, D) -> (B, H, L, dh)
        return t.reshape(B, L, n_heads, dh).transpose(0, 2, 1, 3)

    out, _ = scaled_dot_product_attention(split(x @ Wq), split(x @ Wk), split(x @ Wv), mask)
    return out.transpose(0, 2, 1, 3).reshape(B, L, D) @ Wo
# --8<-- [end:attention]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    logits = np.array([[1000.0, 0.0, -1000.0], [2.0, 1.0, 0.1]])
    loss, grad = cross_entropy(logits, np.array([0, 2]))
    print("loss", round(loss, 4), "grad rows sum to", np.round(grad.sum(1), 12))
    x = rng.normal(size=(2, 5, 8))
    W = [rng.normal(size=(8, 8)) / np.sqrt(8) for _ in range(4)]
    print("MHA output shape", multi_head_attention(x, *W, n_heads=2, mask=causal_mask(5)).shape)
