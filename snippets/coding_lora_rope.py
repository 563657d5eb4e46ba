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
# # Coding problem: rotary position embeddings and LoRA
# RoPE in the half-split ("rotate half") layout used by LLaMA-family checkpoints, and a LoRA
# linear layer with its forward, manual backward, merge and unmerge. Used by the note
# "Coding - Implement LoRA and RoPE".

# %%
# --8<-- [start:rope]
import numpy as np


def rope_cos_sin(positions: np.ndarray, d_head: int, base: float = 10000.0) -> tuple[np.ndarray, np.ndarray]:
    """cos and sin of m * theta_i for each position m and pair i, theta_i = base^(-2i/d): (T, d/2)."""
    theta = base ** (-np.arange(0, d_head, 2) / d_head)
    angles = np.outer(positions, theta)
    return np.cos(angles), np.sin(angles)


def apply_rope(x: np.ndarray, positions: np.ndarray, base: float = 10000.0) -> np.ndarray:
    """Rotate x (..., T, d) position by position: dimension i is paired with i + d/2 and the
    pair is rotated by the angle m * theta_i (a 2-D rotation, so norms are preserved)."""
    d = x.shape[-1]
    cos, sin = rope_cos_sin(positions, d, base)
    x1, x2 = x[..., : d // 2], x[..., d // 2:]
    return np.concatenate([x1 * cos - x2 * sin, x1 * sin + x2 * cos], axis=-1)
# --8<-- [end:rope]


# %%
# --8<-- [start:lora]
class LoRALinear:
    """y = x W + b + (alpha / r) x A B, with W (d_in, d_out) frozen and only A (d_in, r) and
    B (r, d_out) trained. B starts at zero, so training starts from the pretrained layer.
    (Row-vector convention; PEFT stores the transposes, W x + B A x.)"""

    def __init__(self, W: np.ndarray, b: np.ndarray, r: int, alpha: float, rng: np.random.Generator):
        self.W, self.b, self.r, self.scale = W, b, r, alpha / r
        self.A = rng.normal(0.0, 1.0 / np.sqrt(W.shape[0]), size=(W.shape[0], r))
        self.B = np.zeros((r, W.shape[1]))
        self.merged = False

    def forward(self, x: np.ndarray) -> np.ndarray:
        if self.merged:
            return x @ self.W + self.b
        return x @ self.W + self.b + self.scale * (x @ self.A) @ self.B

    def backward(self, x: np.ndarray, dy: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Gradients (dA, dB, dx) of a loss with dL/dy = dy. With u = x A:
        dB = s u^T dy, dA = s x^T (dy B^T), dx = dy W^T + s (dy B^T) A^T."""
        u = x @ self.A
        dyBt = dy @ self.B.T
        dA = self.scale * x.T @ dyBt
        dB = self.scale * u.T @ dy
        dx = dy @ self.W.T + self.scale * dyBt @ self.A.T
        return dA, dB, dx

    def merge(self) -> None:
        """Fold the update into W for inference: no extra latency, one weight matrix."""
        if not self.merged:
            self.W = self.W + self.scale * self.A @ self.B
            self.merged = True

    def unmerge(self) -> None:
        if self.merged:
            self.W = self.W - self.scale * self.A @ self.B
            self.merged = False
# --8<-- [end:lora]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    q, k = rng.normal(size=64), rng.normal(size=64)
    s = [float((apply_rope(q[None], np.array([m])) @ apply_rope(k[None], np.array([n])).T)[0, 0]) for m, n in ((3, 1), (10, 8), (100, 98))]
    print("q.k after RoPE at (3,1), (10,8), (100,98):", np.round(s, 10))
    layer = LoRALinear(rng.normal(size=(32, 16)), np.zeros(16), r=4, alpha=8, rng=rng)
    layer.B = rng.normal(size=(4, 16))
    x = rng.normal(size=(5, 32))
    before = layer.forward(x)
    layer.merge()
    print("merged equals unmerged:", np.allclose(before, layer.forward(x)))
