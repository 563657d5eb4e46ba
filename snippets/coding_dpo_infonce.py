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
# # Coding problem: DPO and InfoNCE losses with their gradients
# Masked sequence log-probabilities, the direct preference optimisation loss (from sequence
# log-probabilities and from token logits), and the symmetric InfoNCE / CLIP loss through L2
# normalisation. Used by the note "Coding - Implement DPO and InfoNCE Losses".

# %%
# --8<-- [start:seq_logprobs]
import numpy as np


def log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    m = z.max(axis=axis, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=axis, keepdims=True))


def sequence_logprobs(logits: np.ndarray, targets: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Sum over t of mask[b, t] * log softmax(logits[b, t])[targets[b, t]]: (B,).

    logits (B, T, V) are already aligned so that position t predicts targets[:, t] (in a causal
    LM that is logits[:, :-1] against tokens[:, 1:]); mask is 1 on response tokens and 0 on the
    prompt and on padding, so only the response is scored.
    """
    lp = np.take_along_axis(log_softmax(logits), targets[..., None], axis=-1)[..., 0]
    return (lp * mask).sum(axis=-1)
# --8<-- [end:seq_logprobs]


# %%
# --8<-- [start:dpo]
def dpo_loss(pi_w: np.ndarray, pi_l: np.ndarray, ref_w: np.ndarray, ref_l: np.ndarray, beta: float,
             weights: np.ndarray | None = None) -> tuple[float, np.ndarray, np.ndarray, dict]:
    """DPO loss -log sigmoid(beta [(pi_w - ref_w) - (pi_l - ref_l)]) averaged over pairs
    (or weighted by `weights`, which sum to 1), from sequence log-probabilities.

    Returns the loss, its gradients with respect to pi_w and pi_l, and diagnostics.
    With margin m, dL/dm = -sigmoid(-m): pairs the policy already orders correctly get small
    weight, wrongly ordered pairs get weight near 1.
    """
    w = np.full(len(pi_w), 1.0 / len(pi_w)) if weights is None else weights
    r_w, r_l = beta * (pi_w - ref_w), beta * (pi_l - ref_l)        # implicit rewards
    m = r_w - r_l
    loss = float(np.sum(w * np.logaddexp(0.0, -m)))               # -log sigmoid(m), stably
    g = -w * np.exp(-np.logaddexp(0.0, m))                        # dL/dm = -sigmoid(-m) w, no overflow
    stats = {"reward_accuracy": float(np.mean(m > 0)), "margin": float(np.mean(m)),
             "chosen_reward": float(np.mean(r_w)), "rejected_reward": float(np.mean(r_l))}
    return loss, beta * g, -beta * g, stats


def dpo_loss_from_logits(logits_w: np.ndarray, tgt_w: np.ndarray, mask_w: np.ndarray,
                         logits_l: np.ndarray, tgt_l: np.ndarray, mask_l: np.ndarray,
                         ref_w: np.ndarray, ref_l: np.ndarray, beta: float) -> tuple[float, np.ndarray, np.ndarray]:
    """DPO loss and its gradients with respect to the policy's token logits.
    d log p(y_t) / d logits_t = onehot(y_t) - softmax(logits_t), masked and scaled per sequence."""
    pi_w, pi_l = sequence_logprobs(logits_w, tgt_w, mask_w), sequence_logprobs(logits_l, tgt_l, mask_l)
    loss, g_w, g_l, _ = dpo_loss(pi_w, pi_l, ref_w, ref_l, beta)

    def back(logits: np.ndarray, tgt: np.ndarray, mask: np.ndarray, g: np.ndarray) -> np.ndarray:
        d = -np.exp(log_softmax(logits))
        np.put_along_axis(d, tgt[..., None], np.take_along_axis(d, tgt[..., None], -1) + 1.0, -1)
        return d * (mask * g[:, None])[..., None]

    return loss, back(logits_w, tgt_w, mask_w, g_w), back(logits_l, tgt_l, mask_l, g_l)
# --8<-- [end:dpo]


# %%
# --8<-- [start:infonce]
def info_nce(za: np.ndarray, zb: np.ndarray, temperature: float) -> tuple[float, np.ndarray, np.ndarray]:
    """Symmetric InfoNCE (CLIP): row i of za and row i of zb are a positive pair, the other
    N - 1 rows of the batch are negatives. Embeddings are L2-normalised, similarities are
    cosines / temperature, and the loss is the mean of the a->b and b->a cross-entropies.

    Returns the loss and its gradients with respect to the raw (unnormalised) za and zb.
    """
    n = len(za)
    na, nb = np.linalg.norm(za, axis=1, keepdims=True), np.linalg.norm(zb, axis=1, keepdims=True)
    ua, ub = za / na, zb / nb
    S = ua @ ub.T / temperature                                      # (N, N) logits
    lp_ab, lp_ba = log_softmax(S, axis=1), log_softmax(S, axis=0)    # rows: a->b; columns: b->a
    loss = float(-(np.trace(lp_ab) + np.trace(lp_ba)) / (2 * n))
    I = np.eye(n)
    dS = ((np.exp(lp_ab) - I) + (np.exp(lp_ba) - I)) / (2 * n)      # softmax minus one-hot, both ways
    dua, dub = dS @ ub / temperature, dS.T @ ua / temperature
    # through u = z / |z|: du -> (du - u (u . du)) / |z|
    dza = (dua - ua * np.sum(ua * dua, axis=1, keepdims=True)) / na
    dzb = (dub - ub * np.sum(ub * dub, axis=1, keepdims=True)) / nb
    return loss, dza, dzb
# --8<-- [end:infonce]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    loss, *_ , stats = dpo_loss(np.array([-40.0, -12.0]), np.array([-42.0, -10.0]), np.array([-41.0, -12.5]), np.array([-41.0, -10.5]), beta=0.1)
    print(f"DPO loss {loss:.4f}, stats {stats}")
    za = rng.normal(size=(8, 16))
    print(f"InfoNCE, matched views: {info_nce(za, za + 0.1 * rng.normal(size=za.shape), 0.1)[0]:.4f}; "
          f"independent: {info_nce(za, rng.normal(size=za.shape), 0.1)[0]:.4f} (log 8 = {np.log(8):.4f})")
