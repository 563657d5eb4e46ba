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
# # Mixture-of-experts layer: top-k routing, capacity, load balancing
# A token-choice top-k router, dispatch to expert MLPs with a capacity limit, the Switch
# Transformer load-balancing loss with its gradient, and the router z-loss. Used by the note
# "Mixture of Experts".

# %%
# --8<-- [start:router]
import numpy as np


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def route_top_k(logits: np.ndarray, k: int, renormalise: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token-choice routing. logits (n, E) -> chosen experts (n, k) in decreasing gate order,
    their gate weights (n, k), and the full router probabilities (n, E).
    With renormalise, the k chosen probabilities are rescaled to sum to 1 (Mixtral);
    otherwise they are used as they are (Switch, GShard)."""
    probs = softmax(logits)
    experts = np.argsort(-probs, axis=1, kind="stable")[:, :k]
    gates = np.take_along_axis(probs, experts, axis=1)
    if renormalise:
        gates = gates / gates.sum(axis=1, keepdims=True)
    return experts, gates, probs


def apply_capacity(experts: np.ndarray, n_experts: int, capacity: int) -> np.ndarray:
    """Keep-mask (n, k): each expert accepts at most `capacity` (token, slot) assignments.
    Assignments are served in priority order: every token's first choice before any second
    choice, and within a choice level in token order. Over-capacity assignments are dropped
    (the token skips that expert; its residual connection carries it through)."""
    n, k = experts.shape
    keep = np.zeros((n, k), dtype=bool)
    load = np.zeros(n_experts, dtype=int)
    for slot in range(k):
        for t in range(n):
            e = experts[t, slot]
            if load[e] < capacity:
                keep[t, slot] = True
                load[e] += 1
    return keep
# --8<-- [end:router]


# %%
# --8<-- [start:moe_layer]
def expert_mlp(x: np.ndarray, W1: np.ndarray, W2: np.ndarray) -> np.ndarray:
    return np.maximum(x @ W1, 0.0) @ W2


def moe_forward(x: np.ndarray, W_router: np.ndarray, experts_W: list[tuple[np.ndarray, np.ndarray]], k: int,
                capacity_factor: float | None = None) -> tuple[np.ndarray, dict]:
    """Sparse MoE layer: y_t = sum over kept chosen experts e of gate_te * MLP_e(x_t).

    Each expert runs only on the tokens routed to it (gathered, computed, scattered back), so
    the FLOPs are those of k experts per token, not E. capacity = ceil(cf * n * k / E).
    """
    n, E = len(x), len(experts_W)
    experts, gates, probs = route_top_k(x @ W_router, k)
    keep = np.ones_like(experts, dtype=bool)
    if capacity_factor is not None:
        keep = apply_capacity(experts, E, int(np.ceil(capacity_factor * n * k / E)))
    y = np.zeros((n, experts_W[0][1].shape[1]))
    for e, (W1, W2) in enumerate(experts_W):
        tok, slot = np.nonzero((experts == e) & keep)
        if len(tok):
            y[tok] += gates[tok, slot, None] * expert_mlp(x[tok], W1, W2)
    load = np.bincount(experts[keep], minlength=E) / keep.sum()
    return y, {"probs": probs, "experts": experts, "keep": keep, "load": load, "dropped": float(1 - keep.mean())}
# --8<-- [end:moe_layer]


# %%
# --8<-- [start:aux_losses]
def load_balancing_loss(logits: np.ndarray, k: int = 1) -> tuple[float, np.ndarray]:
    """Switch Transformer auxiliary loss E * sum_i f_i P_i and its gradient w.r.t. the logits.

    f_i: fraction of the n*k routing assignments that go to expert i (not differentiable:
    treated as a constant); P_i: mean router probability of expert i. Equals 1 when both are
    uniform (1/E each) and grows when the router concentrates tokens on a few experts.
    """
    n, E = logits.shape
    probs = softmax(logits)
    top = np.argsort(-probs, axis=1, kind="stable")[:, :k]
    f = np.bincount(top.ravel(), minlength=E) / (n * k)
    P = probs.mean(axis=0)
    loss = E * float(f @ P)
    dP = E * f / n                                                # dL/dprobs[t, i], the same for every t
    grad = probs * (dP - (probs * dP).sum(axis=1, keepdims=True))  # back through the softmax
    return loss, grad


def router_z_loss(logits: np.ndarray) -> float:
    """ST-MoE z-loss: mean squared log-partition of the router logits, keeps them small."""
    m = logits.max(axis=1)
    lse = m + np.log(np.exp(logits - m[:, None]).sum(axis=1))
    return float(np.mean(lse ** 2))
# --8<-- [end:aux_losses]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d, h, E = 64, 16, 32, 4
    x = rng.normal(size=(n, d))
    experts_W = [(rng.normal(0, 0.3, (d, h)), rng.normal(0, 0.3, (h, d))) for _ in range(E)]
    y, info = moe_forward(x, rng.normal(size=(d, E)), experts_W, k=2, capacity_factor=1.0)
    print("expert load:", info["load"].round(3), " dropped assignments:", round(info["dropped"], 3))
    print("balance loss (uniform logits):", load_balancing_loss(np.zeros((8, 4)))[0])
