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
# # Training-memory estimate for a decoder-only transformer
# From-scratch estimator used by the notes "Training Memory Estimation" and "ZeRO and FSDP":
# parameter count from the architecture, model states under mixed-precision Adam
# (16 bytes per parameter), their sharding under ZeRO stages 1-3, and activation
# memory (Korthikanti et al., 2022).

# %%
# --8<-- [start:params]
from dataclasses import dataclass


@dataclass(frozen=True)
class TransformerConfig:
    """Decoder-only transformer shape. ffn_matrices is 2 for a GELU MLP
    (up, down) and 3 for SwiGLU (gate, up, down)."""
    n_layers: int
    d_model: int
    n_heads: int
    vocab: int
    d_ff: int
    seq_len: int
    ffn_matrices: int = 2
    tied_embeddings: bool = True
    learned_positions: bool = False
    biases: bool = False


def param_count(c: TransformerConfig) -> int:
    """Exact parameter count: embeddings, per-layer attention (4 d^2), MLP
    (ffn_matrices * d * d_ff), two norms per layer plus a final norm (weight only,
    or weight and bias when `biases`), optional biases and learned positions."""
    d = c.d_model
    norm = 2 * d if c.biases else d  # LayerNorm has weight and bias, RMSNorm a weight
    attn = 4 * d * d + (4 * d if c.biases else 0)
    mlp = c.ffn_matrices * d * c.d_ff + ((c.d_ff + d) if c.biases else 0)
    per_layer = attn + mlp + 2 * norm
    emb = c.vocab * d * (1 if c.tied_embeddings else 2)
    pos = c.seq_len * d if c.learned_positions else 0
    return emb + pos + c.n_layers * per_layer + norm
# --8<-- [end:params]


# %%
# --8<-- [start:states]
def model_state_bytes(n_params: float, zero_stage: int = 0, n_gpus: int = 1,
                      weight_bytes: int = 2, grad_bytes: int = 2,
                      optimizer_bytes: int = 12) -> float:
    """Per-GPU bytes of weights, gradients and optimizer state.

    Mixed-precision Adam: fp16/bf16 weights (2) + gradients (2) + fp32 master
    weights, momentum and variance (4 + 4 + 4 = 12): 16 bytes per parameter.
    ZeRO (Rajbhandari et al., 2020) shards over n_gpus data-parallel ranks:
    stage 1 the optimizer state, stage 2 also the gradients, stage 3 also the weights.
    """
    w, g, o = weight_bytes * n_params, grad_bytes * n_params, optimizer_bytes * n_params
    if zero_stage >= 1:
        o /= n_gpus
    if zero_stage >= 2:
        g /= n_gpus
    if zero_stage >= 3:
        w /= n_gpus
    return w + g + o
# --8<-- [end:states]


# %%
# --8<-- [start:activations]
def activation_bytes(c: TransformerConfig, micro_batch: int, recompute: str = "none",
                     tensor_parallel: int = 1) -> float:
    """Activation memory kept for the backward pass, all layers, 16-bit activations.

    Per layer (Korthikanti et al., 2022, GPT block with a 4d GELU MLP, dropout):
    s b d (34 + 5 a s / d) bytes without recomputation; the 5 a s^2 b term is the
    attention scores, softmax output and its dropout mask. 'selective' recomputes
    attention (as FlashAttention does): 34 s b d. 'full' keeps only each layer's
    input: 2 s b d. Tensor parallelism of degree t divides these by t (without
    sequence parallelism the 10 s b d of norms and dropouts is not divided; ignored).
    """
    s, b, d, a = c.seq_len, micro_batch, c.d_model, c.n_heads
    if recompute == "none":
        per_layer = s * b * d * (34 + 5 * a * s / d)
    elif recompute == "selective":
        per_layer = 34 * s * b * d
    elif recompute == "full":
        per_layer = 2 * s * b * d
    else:
        raise ValueError(recompute)
    return c.n_layers * per_layer / tensor_parallel


def training_memory_gb(c: TransformerConfig, micro_batch: int, zero_stage: int = 0,
                       n_gpus: int = 1, recompute: str = "selective") -> dict[str, float]:
    """Per-GPU memory in GB (1e9 bytes): model states plus activations."""
    n = param_count(c)
    states = model_state_bytes(n, zero_stage, n_gpus)
    acts = activation_bytes(c, micro_batch, recompute)
    return {"params_billion": n / 1e9, "states_GB": states / 1e9,
            "activations_GB": acts / 1e9, "total_GB": (states + acts) / 1e9}


LLAMA_7B = TransformerConfig(n_layers=32, d_model=4096, n_heads=32, vocab=32000,
                             d_ff=11008, seq_len=4096, ffn_matrices=3,
                             tied_embeddings=False)
GPT3_175B = TransformerConfig(n_layers=96, d_model=12288, n_heads=96, vocab=50257,
                              d_ff=4 * 12288, seq_len=2048, ffn_matrices=2,
                              tied_embeddings=True, learned_positions=True, biases=True)
# --8<-- [end:activations]


# %%
if __name__ == "__main__":
    print(f"LLaMA-7B params: {param_count(LLAMA_7B):,}")
    print(f"GPT-3 params:    {param_count(GPT3_175B):,}")
    for stage in (0, 1, 2, 3):
        r = training_memory_gb(LLAMA_7B, micro_batch=1, zero_stage=stage, n_gpus=8)
        print(f"LLaMA-7B, ZeRO-{stage} on 8 GPUs, s=4096, b=1, selective recompute: "
              f"states {r['states_GB']:.1f} GB + activations {r['activations_GB']:.1f} GB")
