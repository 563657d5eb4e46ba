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
# # Coding problem: a GPT decoder with a KV cache
# Pre-LayerNorm decoder blocks (causal multi-head attention and a GELU MLP), a tiny GPT with
# learned positions and tied embeddings, a preallocated KV cache, and greedy generation with
# and without the cache. Used by the note "Coding - Implement a GPT Block with KV Cache".

# %%
# --8<-- [start:block]
import numpy as np


def layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh approximation (as in GPT-2)."""
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x * x * x)))


def attention(x: np.ndarray, p: dict, n_heads: int, cache: dict | None = None) -> np.ndarray:
    """Causal multi-head self-attention for x (B, T, d) holding tokens at positions
    pos .. pos+T-1, where pos = cache["len"] (0 without a cache).

    With a cache, the new keys and values are written into preallocated arrays
    (B, H, max_len, d_h) and the queries attend over all cached positions 0 .. pos+T-1.
    """
    B, T, d = x.shape
    dh = d // n_heads
    qkv = x @ p["w_qkv"] + p["b_qkv"]                                   # (B, T, 3d)
    q, k, v = (qkv[..., i * d:(i + 1) * d].reshape(B, T, n_heads, dh).transpose(0, 2, 1, 3) for i in range(3))
    pos = 0
    if cache is not None:
        pos = cache["len"]
        cache["k"][:, :, pos:pos + T] = k
        cache["v"][:, :, pos:pos + T] = v
        cache["len"] = pos + T
        k, v = cache["k"][:, :, :pos + T], cache["v"][:, :, :pos + T]
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh)                  # (B, H, T, pos+T)
    allowed = np.arange(pos + T)[None, :] <= (pos + np.arange(T))[:, None]  # key j <= query position
    scores = np.where(allowed, scores, -np.inf)
    w = np.exp(scores - scores.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    out = (w @ v).transpose(0, 2, 1, 3).reshape(B, T, d)
    return out @ p["w_o"] + p["b_o"]


def block(x: np.ndarray, p: dict, n_heads: int, cache: dict | None = None) -> np.ndarray:
    """Pre-LN decoder block: x + Attn(LN(x)), then x + MLP(LN(x)) with a 4d GELU hidden layer."""
    x = x + attention(layer_norm(x, p["ln1_g"], p["ln1_b"]), p, n_heads, cache)
    h = gelu(layer_norm(x, p["ln2_g"], p["ln2_b"]) @ p["w_1"] + p["b_1"])
    return x + h @ p["w_2"] + p["b_2"]
# --8<-- [end:block]


# %%
# --8<-- [start:gpt]
def init_gpt(vocab: int, d: int, n_layers: int, max_len: int, rng: np.random.Generator) -> dict:
    """Random GPT-2-style parameters (std 0.02 weights, zero biases, unit LayerNorm gains)."""
    def layer() -> dict:
        return {"w_qkv": rng.normal(0, 0.02, (d, 3 * d)), "b_qkv": np.zeros(3 * d),
                "w_o": rng.normal(0, 0.02, (d, d)), "b_o": np.zeros(d),
                "w_1": rng.normal(0, 0.02, (d, 4 * d)), "b_1": np.zeros(4 * d),
                "w_2": rng.normal(0, 0.02, (4 * d, d)), "b_2": np.zeros(d),
                "ln1_g": np.ones(d), "ln1_b": np.zeros(d), "ln2_g": np.ones(d), "ln2_b": np.zeros(d)}
    return {"wte": rng.normal(0, 0.02, (vocab, d)), "wpe": rng.normal(0, 0.01, (max_len, d)),
            "layers": [layer() for _ in range(n_layers)], "lnf_g": np.ones(d), "lnf_b": np.zeros(d)}


def new_cache(params: dict, batch: int, n_heads: int, max_len: int) -> list[dict]:
    """One preallocated K and V buffer per layer: 2 x layers x B x H x max_len x d_h values."""
    d = params["wte"].shape[1]
    shape = (batch, n_heads, max_len, d // n_heads)
    return [{"k": np.zeros(shape), "v": np.zeros(shape), "len": 0} for _ in params["layers"]]


def gpt_forward(params: dict, ids: np.ndarray, n_heads: int, cache: list[dict] | None = None) -> np.ndarray:
    """Logits (B, T, vocab) for token ids (B, T) at positions pos .. pos+T-1 (pos from the cache).
    The output projection is tied to the token embedding."""
    pos = cache[0]["len"] if cache is not None else 0
    x = params["wte"][ids] + params["wpe"][pos:pos + ids.shape[1]]
    for i, p in enumerate(params["layers"]):
        x = block(x, p, n_heads, None if cache is None else cache[i])
    return layer_norm(x, params["lnf_g"], params["lnf_b"]) @ params["wte"].T
# --8<-- [end:gpt]


# %%
# --8<-- [start:generate]
def generate(params: dict, prompt: np.ndarray, n_new: int, n_heads: int, use_cache: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Greedy generation of n_new tokens after prompt (B, T0).

    Without the cache every step re-runs the whole sequence (O(t) tokens through the model at
    step t); with it, one prefill pass over the prompt, then one token per step.
    Returns the generated ids (B, n_new) and the logits that chose them (B, n_new, vocab).
    """
    B, T0 = prompt.shape
    seq = prompt.copy()
    out_ids, out_logits = [], []
    cache = new_cache(params, B, n_heads, T0 + n_new) if use_cache else None
    step_input = prompt
    for _ in range(n_new):
        if use_cache:
            logits = gpt_forward(params, step_input, n_heads, cache)[:, -1]   # prefill, then 1 token
        else:
            logits = gpt_forward(params, seq, n_heads)[:, -1]                 # recompute everything
        nxt = logits.argmax(-1)
        out_ids.append(nxt)
        out_logits.append(logits)
        seq = np.concatenate([seq, nxt[:, None]], axis=1)
        step_input = nxt[:, None]
    return np.stack(out_ids, 1), np.stack(out_logits, 1)
# --8<-- [end:generate]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    params = init_gpt(vocab=50, d=32, n_layers=2, max_len=64, rng=rng)
    prompt = rng.integers(0, 50, size=(2, 5))
    ids_c, lg_c = generate(params, prompt, 10, n_heads=4, use_cache=True)
    ids_u, lg_u = generate(params, prompt, 10, n_heads=4, use_cache=False)
    print("tokens equal:", np.array_equal(ids_c, ids_u), " max logit difference:", float(np.abs(lg_c - lg_u).max()))
