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
# # Vision Transformer: patchify, patch embedding, position-embedding interpolation, a ViT block, FLOPs
# From-scratch NumPy pieces of a ViT (Dosovitskiy et al., 2021). Used by the note "Vision Transformers".

# %%
# --8<-- [start:patchify]
import numpy as np


def patchify(images: np.ndarray, P: int) -> np.ndarray:
    """(B, C, H, W) -> (B, N, C*P*P) with N = (H/P)(W/P) patches in row-major order, each patch
    flattened channel-first (C, P, P): the layout of torch.nn.functional.unfold(kernel=P, stride=P)."""
    B, C, H, W = images.shape
    assert H % P == 0 and W % P == 0, "image sides must be multiples of the patch size"
    x = images.reshape(B, C, H // P, P, W // P, P)                  # b c gh p gw q
    return x.transpose(0, 2, 4, 1, 3, 5).reshape(B, (H // P) * (W // P), C * P * P)


def patch_embed(images: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Linear projection of flattened patches, W (D, C, P, P), b (D,): identical to a convolution
    with kernel size P and stride P followed by flattening the spatial grid."""
    D, C, P, _ = W.shape
    return patchify(images, P) @ W.reshape(D, -1).T + b
# --8<-- [end:patchify]


# %%
# --8<-- [start:pos_interp]
def interpolate_pos_embed(pos: np.ndarray, new_grid: tuple[int, int]) -> np.ndarray:
    """Resize a (g_h*g_w, D) grid of learned position embeddings to a new grid by bilinear
    interpolation with half-pixel centres (align_corners=False), as done when fine-tuning a ViT at
    a higher resolution. The class token's embedding, if any, is kept aside by the caller."""
    g = int(round(np.sqrt(len(pos))))
    grid = pos.reshape(g, g, -1)

    def coords(n_out: int, n_in: int):
        src = np.maximum((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0.0)
        i0 = np.minimum(np.floor(src).astype(int), n_in - 1)
        i1 = np.minimum(i0 + 1, n_in - 1)
        return i0, i1, src - i0

    r0, r1, wr = coords(new_grid[0], g)
    c0, c1, wc = coords(new_grid[1], g)
    rows = grid[r0] * (1 - wr)[:, None, None] + grid[r1] * wr[:, None, None]          # (new_h, g, D)
    out = rows[:, c0] * (1 - wc)[None, :, None] + rows[:, c1] * wc[None, :, None]      # (new_h, new_w, D)
    return out.reshape(new_grid[0] * new_grid[1], -1)
# --8<-- [end:pos_interp]


# %%
# --8<-- [start:block]
def layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def gelu(x: np.ndarray) -> np.ndarray:
    """tanh approximation of GELU (Hendrycks and Gimpel, 2016)."""
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def vit_block(x: np.ndarray, p: dict, n_heads: int) -> np.ndarray:
    """Pre-norm Transformer encoder block on tokens x (B, N, D), no mask (every patch attends to
    every patch): x + MHSA(LN(x)), then + MLP(LN(.)). p holds W_qkv (3D, D), b_qkv, W_o (D, D), b_o,
    W_1 (4D, D), b_1, W_2 (D, 4D), b_2 and the two LayerNorms' g1, b1n, g2, b2n."""
    B, N, D = x.shape
    h = layer_norm(x, p["g1"], p["b1n"])
    q, k, v = np.split(h @ p["W_qkv"].T + p["b_qkv"], 3, axis=-1)
    split = lambda t: t.reshape(B, N, n_heads, D // n_heads).transpose(0, 2, 1, 3)   # (B, heads, N, d_h)
    q, k, v = split(q), split(k), split(v)
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(D // n_heads)
    a = np.exp(s - s.max(-1, keepdims=True))
    a /= a.sum(-1, keepdims=True)
    o = (a @ v).transpose(0, 2, 1, 3).reshape(B, N, D)
    x = x + o @ p["W_o"].T + p["b_o"]
    h = layer_norm(x, p["g2"], p["b2n"])
    return x + gelu(h @ p["W_1"].T + p["b_1"]) @ p["W_2"].T + p["b_2"]


def init_block(D: int, rng: np.random.Generator, mlp_ratio: int = 4) -> dict:
    s = 1 / np.sqrt(D)
    return {"W_qkv": rng.normal(0, s, (3 * D, D)), "b_qkv": rng.normal(0, 0.02, 3 * D),
            "W_o": rng.normal(0, s, (D, D)), "b_o": rng.normal(0, 0.02, D),
            "W_1": rng.normal(0, s, (mlp_ratio * D, D)), "b_1": rng.normal(0, 0.02, mlp_ratio * D),
            "W_2": rng.normal(0, s / np.sqrt(mlp_ratio), (D, mlp_ratio * D)), "b_2": rng.normal(0, 0.02, D),
            "g1": 1 + rng.normal(0, 0.1, D), "b1n": rng.normal(0, 0.1, D),
            "g2": 1 + rng.normal(0, 0.1, D), "b2n": rng.normal(0, 0.1, D)}


def vit_forward(images: np.ndarray, params: dict, n_heads: int, pool: str = "cls") -> np.ndarray:
    """Patch embedding, [CLS] token, learned position embeddings, blocks, final LayerNorm, then the
    [CLS] token's output or the mean of the patch tokens' outputs, and a linear head."""
    x = patch_embed(images, params["W_patch"], params["b_patch"])               # (B, N, D)
    cls = np.broadcast_to(params["cls"], (len(x), 1, x.shape[-1]))
    x = np.concatenate([cls, x], axis=1) + params["pos"]                         # (B, 1 + N, D)
    for blk in params["blocks"]:
        x = vit_block(x, blk, n_heads)
    x = layer_norm(x, params["g_f"], params["b_f"])
    z = x[:, 0] if pool == "cls" else x[:, 1:].mean(axis=1)
    return z @ params["W_head"].T + params["b_head"]
# --8<-- [end:block]


# %%
# --8<-- [start:flops]
def vit_flops(image: int, patch: int, D: int, depth: int, mlp_ratio: int = 4, cls_token: bool = True,
              in_ch: int = 3) -> dict:
    """Forward-pass FLOPs (2 per multiply-add) of a ViT encoder, counting matrix products only.
    Per block with N tokens: QKV 6ND^2, scores QK^T 2N^2 D, A V 2N^2 D, output projection 2ND^2,
    MLP 4 * mlp_ratio * N D^2; patch embedding 2 * N_patches * (C P^2) * D."""
    n_patch = (image // patch) ** 2
    N = n_patch + int(cls_token)
    linear = depth * (6 + 2 + 4 * mlp_ratio) * N * D ** 2
    attention = depth * 4 * N ** 2 * D
    embed = 2 * n_patch * in_ch * patch ** 2 * D
    return {"tokens": N, "linear": linear, "attention": attention, "embed": embed,
            "total": linear + attention + embed}
# --8<-- [end:flops]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    imgs = rng.normal(size=(2, 3, 32, 32))
    print("patches:", patchify(imgs, 8).shape)
    D, heads = 16, 4
    params = {"W_patch": rng.normal(0, 0.05, (D, 3, 8, 8)), "b_patch": np.zeros(D), "cls": rng.normal(0, 0.02, D),
              "pos": rng.normal(0, 0.02, (17, D)), "blocks": [init_block(D, rng) for _ in range(2)],
              "g_f": np.ones(D), "b_f": np.zeros(D), "W_head": rng.normal(0, 0.1, (10, D)), "b_head": np.zeros(10)}
    print("logits:", vit_forward(imgs, params, heads).shape)
    f = vit_flops(224, 16, 768, 12)
    print(f"ViT-B/16 at 224: {f['tokens']} tokens, {f['total'] / 1e9:.1f} GFLOPs ({f['total'] / 2e9:.1f} G multiply-adds)")
