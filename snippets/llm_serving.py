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
# # LLM inference serving: capacity, latency and cost arithmetic, and speculative sampling
# Back-of-the-envelope model of prefill and decode on one accelerator, and speculative
# decoding's accept/reject rule with the distribution it produces. Used by the note
# "LLM Inference Serving".

# %%
# --8<-- [start:capacity]
import numpy as np


def kv_bytes_per_token(n_layers: int, n_kv_heads: int, head_dim: int, bytes_per_value: float = 2) -> float:
    """K and V for one token across all layers."""
    return 2 * n_layers * n_kv_heads * head_dim * bytes_per_value


def max_concurrent_sequences(hbm_bytes: float, weight_bytes: float, kv_per_token: float, tokens_per_seq: int, reserve: float = 0.1) -> int:
    """Sequences whose KV cache fits beside the weights, keeping a fraction `reserve` of memory
    for activations and fragmentation."""
    free = hbm_bytes * (1 - reserve) - weight_bytes
    return max(int(free // (kv_per_token * tokens_per_seq)), 0)


def decode_step_seconds(n_params: float, weight_bytes: float, batch: int, context: int, kv_per_token: float,
                        hbm_bw: float, peak_flops: float) -> float:
    """One decode step for `batch` sequences of `context` tokens: a roofline estimate, the larger
    of the time to read the weights and every sequence's KV cache and the time for 2 N FLOPs per
    sequence (attention FLOPs ignored). Real kernels reach 60-80% of either bound."""
    memory = (weight_bytes + batch * context * kv_per_token) / hbm_bw
    compute = 2 * n_params * batch / peak_flops
    return max(memory, compute)


def prefill_seconds(n_params: float, prompt_tokens: int, peak_flops: float, mfu: float = 0.5) -> float:
    """Prefill is compute-bound: 2 N FLOPs per prompt token at a model-FLOPs utilisation `mfu`."""
    return 2 * n_params * prompt_tokens / (peak_flops * mfu)


def cost_per_million_tokens(dollars_per_hour: float, tokens_per_second: float) -> float:
    return dollars_per_hour / 3600 / tokens_per_second * 1e6
# --8<-- [end:capacity]


# %%
# --8<-- [start:speculative]
def _sample(probs: np.ndarray, rng: np.random.Generator) -> int:
    return int(min(np.searchsorted(np.cumsum(probs), rng.random(), side="right"), len(probs) - 1))


def verify_draft(p: np.ndarray, q: np.ndarray, draft: list[int], rng: np.random.Generator) -> list[int]:
    """Speculative sampling's verification (Leviathan et al., 2023; Chen et al., 2023).

    p: (k+1, V) target probabilities at the k draft positions and one more; q: (k, V) draft
    probabilities; draft: the k tokens sampled from q. Accept token i with probability
    min(1, p_i(x) / q_i(x)); at the first rejection, sample from the residual
    (p_i - q_i)_+ normalised and stop. If all k are accepted, add a bonus token from p_k.
    Every emitted token is distributed exactly as the target model would sample it.
    """
    out = []
    for i, x in enumerate(draft):
        if rng.random() < min(1.0, p[i, x] / q[i, x]):
            out.append(x)
            continue
        residual = np.maximum(p[i] - q[i], 0.0)
        out.append(_sample(residual / residual.sum(), rng))
        return out
    out.append(_sample(p[len(draft)], rng))
    return out


def accepted_token_distribution(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Exact distribution of the token emitted at one position:
    P(x) = q(x) min(1, p(x)/q(x)) + P(reject) (p(x) - q(x))_+ / sum (p - q)_+ ."""
    accept = np.minimum(p, q)
    reject_mass = 1.0 - accept.sum()
    residual = np.maximum(p - q, 0.0)
    if residual.sum() == 0:
        return accept
    return accept + reject_mass * residual / residual.sum()


def speculative_generate(target, draft, prefix: tuple[int, ...], n_new: int, k: int, rng: np.random.Generator) -> tuple[tuple[int, ...], int]:
    """Generate n_new tokens; target and draft map a prefix to next-token probabilities.
    Returns the tokens and the number of target verification passes used."""
    seq, passes = tuple(prefix), 0
    while len(seq) - len(prefix) < n_new:
        ctx, proposal, q_rows = seq, [], []
        for _ in range(k):                       # draft model: k cheap sequential steps
            q_i = draft(ctx)
            x = _sample(q_i, rng)
            proposal.append(x)
            q_rows.append(q_i)
            ctx = ctx + (x,)
        # target model: one pass scores all k + 1 positions (here: k + 1 calls to the toy model)
        p_rows = np.array([target(seq + tuple(proposal[:i])) for i in range(k + 1)])
        seq = seq + tuple(verify_draft(p_rows, np.array(q_rows), proposal, rng))
        passes += 1
    return seq[: len(prefix) + n_new], passes


def expected_tokens_per_pass(alpha: float, k: int) -> float:
    """With a per-token acceptance probability alpha (independent across positions), the tokens
    emitted per target pass: 1 + alpha + ... + alpha^k = (1 - alpha^(k+1)) / (1 - alpha)."""
    return float(k + 1) if alpha == 1 else (1 - alpha ** (k + 1)) / (1 - alpha)
# --8<-- [end:speculative]


# %%
if __name__ == "__main__":
    kv = kv_bytes_per_token(32, 8, 128)
    print(f"Llama-3-8B KV cache: {kv / 1024:.0f} KiB/token; fits "
          f"{max_concurrent_sequences(80e9, 16e9, kv, 4096)} sequences of 4k tokens on 80 GB")
    t = decode_step_seconds(8e9, 16e9, 64, 2048, kv, 3.35e12, 989e12)
    print(f"decode step at batch 64, 2k context: {t * 1e3:.1f} ms -> {64 / t:,.0f} tokens/s")
    p, q = np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.2, 0.6])
    print("accepted distribution equals p:", np.allclose(accepted_token_distribution(p, q), p))
