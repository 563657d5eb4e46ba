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
# # Two-tower retrieval toy with in-batch softmax and recall@k
# From-scratch NumPy code used by the note "Recommendation System Design": linear user and item
# towers trained with the in-batch sampled-softmax loss, top-k retrieval by inner product, and
# recall@k against held-out interactions.

# %%
# --8<-- [start:data]
import numpy as np


def make_interactions(n_users: int = 400, n_items: int = 800, d_feat: int = 24, d_true: int = 8,
                      per_user: int = 12, seed: int = 0):
    """Synthetic implicit feedback: features x_u, x_i and interactions drawn from a softmax over
    the true affinity <A x_u, B x_i>. Returns (Xu, Xi, train_pairs, test_items_per_user)."""
    rng = np.random.default_rng(seed)
    Xu = rng.standard_normal((n_users, d_feat))
    Xi = rng.standard_normal((n_items, d_feat))
    A = rng.standard_normal((d_feat, d_true)) / np.sqrt(d_feat)
    B = rng.standard_normal((d_feat, d_true)) / np.sqrt(d_feat)
    logits = 1.5 * (Xu @ A) @ (Xi @ B).T
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    train, test = [], []
    for u in range(n_users):
        items = rng.choice(n_items, size=per_user, replace=False, p=p[u])
        train += [(u, i) for i in items[: per_user // 2]]
        test.append(set(items[per_user // 2:].tolist()))
    return Xu, Xi, np.array(train), test
# --8<-- [end:data]


# %%
# --8<-- [start:model]
def in_batch_softmax_loss(Wu: np.ndarray, Wi: np.ndarray, xu: np.ndarray, xi: np.ndarray,
                          tau: float = 0.1) -> tuple[float, np.ndarray, np.ndarray]:
    """Loss and gradients of the in-batch softmax: row b's positive is item b, the other B-1
    items of the batch are its negatives. L = -(1/B) sum_b log softmax(U V^T / tau)_{bb}."""
    U, V = xu @ Wu, xi @ Wi
    S = U @ V.T / tau
    S -= S.max(1, keepdims=True)
    P = np.exp(S)
    P /= P.sum(1, keepdims=True)
    B = len(U)
    loss = float(-np.mean(np.log(np.diag(P) + 1e-300)))
    G = (P - np.eye(B)) / (B * tau)        # dL/dS * (1/tau)
    dU, dV = G @ V, G.T @ U
    return loss, xu.T @ dU, xi.T @ dV


def train_two_tower(Xu, Xi, pairs, d_emb: int = 16, epochs: int = 15, batch: int = 256,
                    lr: float = 0.05, tau: float = 0.1, seed: int = 0):
    """Plain mini-batch SGD on the in-batch softmax loss; returns (Wu, Wi, mean loss per epoch)."""
    rng = np.random.default_rng(seed)
    d = Xu.shape[1]
    Wu = 0.1 * rng.standard_normal((d, d_emb)) / np.sqrt(d)
    Wi = 0.1 * rng.standard_normal((d, d_emb)) / np.sqrt(d)
    history = []
    for _ in range(epochs):
        order = rng.permutation(len(pairs))
        losses = []
        for s in range(0, len(order) - batch + 1, batch):
            u, i = pairs[order[s:s + batch]].T
            loss, gu, gi = in_batch_softmax_loss(Wu, Wi, Xu[u], Xi[i], tau)
            Wu -= lr * gu
            Wi -= lr * gi
            losses.append(loss)
        history.append(float(np.mean(losses)))
    return Wu, Wi, history
# --8<-- [end:model]


# %%
# --8<-- [start:retrieval]
def top_k(user_emb: np.ndarray, item_emb: np.ndarray, k: int, exclude: list[set] | None = None) -> np.ndarray:
    """Indices of the k highest inner-product items per user, best first (exact MIPS).

    argpartition selects the top k in O(n_items) per user, then only those k are sorted.
    Items in exclude[u] (e.g. already seen) are never returned.
    """
    scores = user_emb @ item_emb.T
    if exclude is not None:
        for u, seen in enumerate(exclude):
            scores[u, list(seen)] = -np.inf
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, 1), axis=1, kind="stable")
    return np.take_along_axis(part, order, 1)


def recall_at_k(retrieved: np.ndarray, relevant: list[set]) -> float:
    """Mean over users with relevant items of |top-k  intersect  relevant| / |relevant|."""
    vals = [len(set(r.tolist()) & rel) / len(rel) for r, rel in zip(retrieved, relevant) if rel]
    return float(np.mean(vals))
# --8<-- [end:retrieval]


# %%
if __name__ == "__main__":
    Xu, Xi, train, test = make_interactions()
    Wu, Wi, hist = train_two_tower(Xu, Xi, train)
    seen = [set() for _ in range(len(Xu))]
    for u, i in train:
        seen[u].add(int(i))
    print("loss first/last epoch:", round(hist[0], 3), round(hist[-1], 3))
    for k in (10, 50):
        r = recall_at_k(top_k(Xu @ Wu, Xi @ Wi, k, seen), test)
        print(f"recall@{k}: two-tower {r:.3f}   random {k / len(Xi):.3f}")
