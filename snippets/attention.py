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
# # Scaled dot-product, multi-head and cross-attention, with a KV cache
# From-scratch NumPy implementation used by the notes "Attention Mechanisms" and "Transformers".

# %%
# --8<-- [start:sdpa]
import numpy as np


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def scaled_dot_product_attention(Q: np.ndarray, K: np.ndarray, V: np.ndarray, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """softmax(Q K^T / sqrt(d_k) + mask) V over the last two axes.

    Q: (..., n_q, d_k), K: (..., n_k, d_k), V: (..., n_k, d_v); mask is boolean, True = may attend.
    Returns the output (..., n_q, d_v) and the attention weights (..., n_q, n_k).
    """
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    A = softmax(scores, axis=-1)
    return A @ V, A


def causal_mask(n: int) -> np.ndarray:
    """Lower-triangular: position i may attend to positions j <= i."""
    return np.tril(np.ones((n, n), dtype=bool))
# --8<-- [end:sdpa]


# %%
# --8<-- [start:mha]
def multi_head_attention(xq: np.ndarray, xkv: np.ndarray, W: dict[str, np.ndarray], n_heads: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Multi-head attention; xq: (B, n_q, E), xkv: (B, n_k, E). Self-attention when xkv is xq, cross-attention otherwise.

    W holds Wq, Wk, Wv, Wo of shape (E, E) and biases bq, bk, bv, bo of shape (E,).
    Each head works in a d = E / n_heads subspace; the heads are concatenated and mixed by Wo.
    """
    B, n_q, E = xq.shape
    n_k = xkv.shape[1]
    d = E // n_heads

    def split(x: np.ndarray, n: int) -> np.ndarray:  # (B, n, E) -> (B, h, n, d)
        return x.reshape(B, n, n_heads, d).transpose(0, 2, 1, 3)

    Q = split(xq @ W["Wq"] + W["bq"], n_q)
    K = split(xkv @ W["Wk"] + W["bk"], n_k)
    V = split(xkv @ W["Wv"] + W["bv"], n_k)
    out, _ = scaled_dot_product_attention(Q, K, V, mask)
    out = out.transpose(0, 2, 1, 3).reshape(B, n_q, E)
    return out @ W["Wo"] + W["bo"]


def init_mha(E: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    s = 1.0 / np.sqrt(E)
    W = {k: rng.normal(0, s, (E, E)) for k in ("Wq", "Wk", "Wv", "Wo")}
    W.update({k: np.zeros(E) for k in ("bq", "bk", "bv", "bo")})
    return W
# --8<-- [end:mha]


# %%
# --8<-- [start:kv_cache]
def decode_with_kv_cache(x: np.ndarray, W: dict[str, np.ndarray], n_heads: int) -> np.ndarray:
    """Causal self-attention computed one token at a time, appending each token's K and V to a cache.

    Step t projects only token t (O(E^2)) and attends over t+1 cached keys (O(t E)), instead of
    recomputing all t+1 projections. Returns the same (B, n, E) output as the masked full pass.
    """
    B, n, E = x.shape
    d = E // n_heads
    K_cache = np.zeros((B, n_heads, 0, d))
    V_cache = np.zeros((B, n_heads, 0, d))
    outs = []
    for t in range(n):
        xt = x[:, t:t + 1]
        q = (xt @ W["Wq"] + W["bq"]).reshape(B, 1, n_heads, d).transpose(0, 2, 1, 3)
        k = (xt @ W["Wk"] + W["bk"]).reshape(B, 1, n_heads, d).transpose(0, 2, 1, 3)
        v = (xt @ W["Wv"] + W["bv"]).reshape(B, 1, n_heads, d).transpose(0, 2, 1, 3)
        K_cache = np.concatenate([K_cache, k], axis=2)
        V_cache = np.concatenate([V_cache, v], axis=2)
        o, _ = scaled_dot_product_attention(q, K_cache, V_cache)
        outs.append(o.transpose(0, 2, 1, 3).reshape(B, 1, E) @ W["Wo"] + W["bo"])
    return np.concatenate(outs, axis=1)


def kv_cache_bytes(n_layers: int, n_kv_heads: int, head_dim: int, seq_len: int, batch: int, bytes_per: int = 2) -> int:
    """Memory of the KV cache: 2 (K and V) x layers x KV heads x head_dim x tokens x batch x bytes."""
    return 2 * n_layers * n_kv_heads * head_dim * seq_len * batch * bytes_per
# --8<-- [end:kv_cache]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    B, n, E, h = 2, 6, 16, 4
    x = rng.normal(size=(B, n, E))
    W = init_mha(E, rng)
    full = multi_head_attention(x, x, W, h, mask=causal_mask(n))
    inc = decode_with_kv_cache(x, W, h)
    print("KV-cache decode equals masked full pass:", np.allclose(full, inc))
    gib = kv_cache_bytes(32, 8, 128, 8192, 1) / 2 ** 30
    print(f"KV cache, 32 layers, 8 KV heads x 128, 8192 tokens, fp16: {gib:.2f} GiB")
