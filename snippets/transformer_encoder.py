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
# # Transformer encoder block with layer norm and sinusoidal positional encodings
# From-scratch NumPy implementation used by the note "Transformers" (self-contained: it carries its own attention).

# %%
# --8<-- [start:positional]
import numpy as np


def sinusoidal_positional_encoding(n_pos: int, d_model: int, base: float = 10000.0) -> np.ndarray:
    """PE[p, 2i] = sin(p / base^(2i/d)), PE[p, 2i+1] = cos(p / base^(2i/d))  (Vaswani et al., 2017)."""
    pos = np.arange(n_pos)[:, None]
    freq = base ** (-np.arange(0, d_model, 2) / d_model)
    pe = np.zeros((n_pos, d_model))
    pe[:, 0::2] = np.sin(pos * freq)
    pe[:, 1::2] = np.cos(pos * freq[: d_model // 2])
    return pe
# --8<-- [end:positional]


# %%
# --8<-- [start:layer_norm]
def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Normalise each token over its features (last axis), then scale and shift."""
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta
# --8<-- [end:layer_norm]


# %%
# --8<-- [start:encoder_block]
def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def self_attention(x: np.ndarray, p: dict[str, np.ndarray], n_heads: int, pad_mask: np.ndarray | None = None) -> np.ndarray:
    """Multi-head self-attention; pad_mask (B, n) is True at padding tokens, which no query may attend to."""
    B, n, E = x.shape
    d = E // n_heads
    qkv = x @ p["W_qkv"] + p["b_qkv"]                                # (B, n, 3E)
    q, k, v = (qkv[..., i * E:(i + 1) * E].reshape(B, n, n_heads, d).transpose(0, 2, 1, 3) for i in range(3))
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)               # (B, h, n, n)
    if pad_mask is not None:
        scores = np.where(pad_mask[:, None, None, :], -np.inf, scores)
    out = (_softmax(scores) @ v).transpose(0, 2, 1, 3).reshape(B, n, E)
    return out @ p["W_o"] + p["b_o"]


def encoder_block(x: np.ndarray, p: dict[str, np.ndarray], n_heads: int, norm_first: bool = False, pad_mask: np.ndarray | None = None) -> np.ndarray:
    """One encoder layer: attention and a ReLU feed-forward network, each wrapped in a residual and a layer norm.

    Post-LN (original paper): x = LN(x + Attn(x)); x = LN(x + FFN(x)).
    Pre-LN (GPT-2 and most modern models): x = x + Attn(LN(x)); x = x + FFN(LN(x)).
    """
    def ffn(h: np.ndarray) -> np.ndarray:
        return np.maximum(h @ p["W_1"] + p["b_1"], 0.0) @ p["W_2"] + p["b_2"]

    if norm_first:
        x = x + self_attention(layer_norm(x, p["g_1"], p["be_1"]), p, n_heads, pad_mask)
        return x + ffn(layer_norm(x, p["g_2"], p["be_2"]))
    x = layer_norm(x + self_attention(x, p, n_heads, pad_mask), p["g_1"], p["be_1"])
    return layer_norm(x + ffn(x), p["g_2"], p["be_2"])


def init_encoder_block(E: int, d_ff: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {
        "W_qkv": rng.normal(0, E ** -0.5, (E, 3 * E)), "b_qkv": np.zeros(3 * E),
        "W_o": rng.normal(0, E ** -0.5, (E, E)), "b_o": np.zeros(E),
        "W_1": rng.normal(0, E ** -0.5, (E, d_ff)), "b_1": np.zeros(d_ff),
        "W_2": rng.normal(0, d_ff ** -0.5, (d_ff, E)), "b_2": np.zeros(E),
        "g_1": np.ones(E), "be_1": np.zeros(E), "g_2": np.ones(E), "be_2": np.zeros(E),
    }


def encoder_flops_per_layer(n: int, E: int, d_ff: int) -> dict[str, int]:
    """Multiply-adds x 2 of one layer for a length-n sequence: projections O(n E^2), attention O(n^2 E)."""
    return {"qkv+out projections": 2 * n * 4 * E * E, "scores+weighted sum": 2 * 2 * n * n * E, "ffn": 2 * 2 * n * E * d_ff}
# --8<-- [end:encoder_block]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    B, n, E, h = 2, 10, 32, 4
    tokens = rng.normal(size=(B, n, E))
    x = tokens + sinusoidal_positional_encoding(n, E)
    p = init_encoder_block(E, 4 * E, rng)
    y = encoder_block(x, p, h)
    print(y.shape, "per-token mean/std after post-LN:", np.round(y[0, 0].mean(), 6), np.round(y[0, 0].std(), 4))
    for L in (512, 4096, 32768):
        f = encoder_flops_per_layer(L, 4096, 4 * 4096)
        print(L, {k: f"{v:.2e}" for k, v in f.items()})
