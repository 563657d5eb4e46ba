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
# # Vision-language model pieces: SigLIP loss, zero-shot classification, a LLaVA projector, Flamingo's gated cross-attention and Perceiver resampler
# From-scratch NumPy code used by the note "Vision-Language Models". The CLIP (InfoNCE) loss itself is in
# coding_dpo_infonce.py (note "Coding - Implement DPO and InfoNCE Losses").

# %%
# --8<-- [start:siglip]
import numpy as np


def siglip_loss(za: np.ndarray, zb: np.ndarray, t: float, b: float) -> tuple[float, np.ndarray, np.ndarray, float, float]:
    """Sigmoid loss of SigLIP (Zhai et al., 2023) for a batch of N image/text embeddings:
    -(1/N) sum_ij log sigmoid(y_ij (t cos_ij + b)), y_ii = +1, y_ij = -1 otherwise. Every pair is an
    independent binary problem, so there is no softmax over the batch. Returns the loss and its
    gradients with respect to the raw za, zb, the scale t and the bias b."""
    n = len(za)
    na, nb = np.linalg.norm(za, axis=1, keepdims=True), np.linalg.norm(zb, axis=1, keepdims=True)
    ua, ub = za / na, zb / nb
    cos = ua @ ub.T
    y = 2 * np.eye(n) - 1
    m = y * (t * cos + b)
    loss = float(np.sum(np.logaddexp(0.0, -m)) / n)                      # -log sigmoid(m) = log(1 + e^-m)
    dlogit = -y / (1 + np.exp(m)) / n                                     # d loss / d (t cos + b)
    dcos = t * dlogit
    dua, dub = dcos @ ub, dcos.T @ ua
    dza = (dua - ua * np.sum(ua * dua, axis=1, keepdims=True)) / na
    dzb = (dub - ub * np.sum(ub * dub, axis=1, keepdims=True)) / nb
    return loss, dza, dzb, float(np.sum(dlogit * cos)), float(np.sum(dlogit))


def zero_shot_classify(image_emb: np.ndarray, class_text_emb: np.ndarray) -> np.ndarray:
    """CLIP zero-shot: class_text_emb (K, T, d) holds T prompt templates per class ("a photo of a
    {c}", ...). Normalise, average over templates, renormalise (prompt ensembling), and pick the
    class whose text embedding has the largest cosine with each image."""
    u = image_emb / np.linalg.norm(image_emb, axis=1, keepdims=True)
    c = class_text_emb / np.linalg.norm(class_text_emb, axis=-1, keepdims=True)
    c = c.mean(axis=1)
    c /= np.linalg.norm(c, axis=1, keepdims=True)
    return np.argmax(u @ c.T, axis=1)
# --8<-- [end:siglip]


# %%
# --8<-- [start:fusion]
def layer_norm(x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps)


def gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def llava_projector(vision_tokens: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray) -> np.ndarray:
    """LLaVA-1.5's connector: a two-layer MLP with GELU mapping each vision-encoder patch token
    (d_v) to the LLM's embedding width (d); the outputs are spliced into the text sequence."""
    return gelu(vision_tokens @ W1.T + b1) @ W2.T + b2


def cross_attention(x: np.ndarray, mem: np.ndarray, p: dict, n_heads: int) -> np.ndarray:
    """Multi-head attention with queries from x (Lq, D) and keys/values from mem (Lk, D), no mask.
    p: W_qkv (3D, D), b_qkv (3D,), W_o (D, D), b_o (D,) (the layout of torch.nn.MultiheadAttention)."""
    D = x.shape[-1]
    Wq, Wk, Wv = np.split(p["W_qkv"], 3)
    bq, bk, bv = np.split(p["b_qkv"], 3)
    heads = lambda t: t.reshape(len(t), n_heads, D // n_heads).transpose(1, 0, 2)
    q, k, v = heads(x @ Wq.T + bq), heads(mem @ Wk.T + bk), heads(mem @ Wv.T + bv)
    s = q @ k.transpose(0, 2, 1) / np.sqrt(D // n_heads)
    a = np.exp(s - s.max(-1, keepdims=True))
    a /= a.sum(-1, keepdims=True)
    return (a @ v).transpose(1, 0, 2).reshape(len(x), D) @ p["W_o"].T + p["b_o"]


def gated_xattn_block(x: np.ndarray, vis: np.ndarray, p: dict, n_heads: int) -> np.ndarray:
    """Flamingo's GATED XATTN-DENSE layer, inserted before a frozen LM layer:
    x + tanh(alpha) * XAttn(LN(x), vis), then + tanh(beta) * FFW(LN(.)). alpha = beta = 0 at
    initialisation, so the frozen LM's behaviour is exactly preserved at the start of training."""
    x = x + np.tanh(p["alpha"]) * cross_attention(layer_norm(x), vis, p, n_heads)
    h = gelu(layer_norm(x) @ p["W_1"].T + p["b_1"]) @ p["W_2"].T + p["b_2"]
    return x + np.tanh(p["beta"]) * h


def perceiver_resampler(vis: np.ndarray, latents: np.ndarray, layers: list, n_heads: int) -> np.ndarray:
    """Flamingo's Perceiver resampler: R learned latents attend to [vision features; latents] and
    pass through an MLP, layer after layer, so any number of visual tokens becomes R tokens
    (the layer norms of the original are left out)."""
    z = latents
    for p in layers:
        z = z + cross_attention(z, np.concatenate([vis, z]), p, n_heads)
        z = z + gelu(z @ p["W_1"].T + p["b_1"]) @ p["W_2"].T + p["b_2"]
    return z
# --8<-- [end:fusion]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    za = rng.normal(size=(8, 16))
    print("SigLIP loss, matched:", round(siglip_loss(za, za + 0.1 * rng.normal(size=za.shape), 10.0, -10.0)[0], 4),
          " independent:", round(siglip_loss(za, rng.normal(size=za.shape), 10.0, -10.0)[0], 4))
    D, heads = 16, 4
    mk = lambda: {"W_qkv": rng.normal(0, 0.25, (3 * D, D)), "b_qkv": np.zeros(3 * D), "W_o": rng.normal(0, 0.25, (D, D)),
                  "b_o": np.zeros(D), "W_1": rng.normal(0, 0.25, (4 * D, D)), "b_1": np.zeros(4 * D),
                  "W_2": rng.normal(0, 0.12, (D, 4 * D)), "b_2": np.zeros(D), "alpha": 0.0, "beta": 0.0}
    x, vis = rng.normal(size=(5, D)), rng.normal(size=(100, D))
    print("gated block at initialisation is the identity:", np.array_equal(gated_xattn_block(x, vis, mk(), heads), x))
    print("resampler: 100 visual tokens ->", perceiver_resampler(vis, rng.normal(size=(8, D)), [mk(), mk()], heads).shape)
