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
# # Learning to rank: pointwise regression vs pairwise RankNet, scored with NDCG@10
# From-scratch NumPy code used by the note "Search Ranking Design". Each query's documents share
# a query-level feature offset that does not change which document is better; pointwise
# regression is confused by it, pairwise training on within-query differences cancels it.

# %%
# --8<-- [start:data]
import numpy as np


def make_ltr_data(n_queries: int = 120, docs_per_query: int = 20, d: int = 10,
                  offset_std: float = 3.0, seed: int = 0):
    """Synthetic graded relevance. Doc features x = m_q + e, m_q = c_q u (query offset, c_q ~ N(0, offset_std^2)),
    e ~ N(0, I). Utility s = w.e + 0.3 noise depends only on e; grade = number of thresholds
    (0, 0.8, 1.4, 2.0) below s, so 0..4. Returns (X, rel, qid, w_true)."""
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(d)
    w /= np.linalg.norm(w)
    u = 0.6 * w + 0.8 * np.linalg.qr(np.column_stack([w, rng.standard_normal(d)]))[0][:, 1]
    X, rel, qid = [], [], []
    for q in range(n_queries):
        e = rng.standard_normal((docs_per_query, d))
        X.append(offset_std * rng.standard_normal() * u + e)
        s = e @ w + 0.3 * rng.standard_normal(docs_per_query)
        rel.append(np.searchsorted([0.0, 0.8, 1.4, 2.0], s))
        qid.append(np.full(docs_per_query, q))
    return np.vstack(X), np.concatenate(rel).astype(float), np.concatenate(qid), w
# --8<-- [end:data]


# %%
# --8<-- [start:models]
def fit_pointwise(X: np.ndarray, rel: np.ndarray, lam: float = 1e-3) -> np.ndarray:
    """Ridge regression of the grade on [x, 1]: beta = (A^T A + lam I)^-1 A^T rel."""
    A = np.column_stack([X, np.ones(len(X))])
    return np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ rel)[:-1]


def pair_differences(X: np.ndarray, rel: np.ndarray, qid: np.ndarray) -> np.ndarray:
    """Rows x_i - x_j for every within-query pair with rel_i > rel_j (i should rank above j)."""
    rows = []
    for q in np.unique(qid):
        idx = np.flatnonzero(qid == q)
        r = rel[idx]
        i, j = np.nonzero(r[:, None] > r[None, :])
        rows.append(X[idx[i]] - X[idx[j]])
    return np.vstack(rows)


def ranknet_loss(beta: np.ndarray, D: np.ndarray, lam: float) -> tuple[float, np.ndarray, np.ndarray]:
    """RankNet (Burges et al., 2005) with sigma = 1 and score f = x.beta:
    L = mean log(1 + exp(-D beta)) + lam/2 ||beta||^2. Returns (L, gradient, Hessian)."""
    z = D @ beta
    loss = float(np.mean(np.logaddexp(0.0, -z)) + 0.5 * lam * beta @ beta)
    p = 0.5 * (1.0 - np.tanh(0.5 * z))          # sigmoid(-z), computed stably
    grad = -D.T @ p / len(D) + lam * beta
    hess = (D * (p * (1 - p))[:, None]).T @ D / len(D) + lam * np.eye(len(beta))
    return loss, grad, hess


def fit_pairwise(X: np.ndarray, rel: np.ndarray, qid: np.ndarray, lam: float = 1e-3,
                 iters: int = 25) -> tuple[np.ndarray, list[float]]:
    """Minimise the RankNet loss by Newton's method (convex; d is small so the Hessian is cheap)."""
    D = pair_differences(X, rel, qid)
    beta = np.zeros(X.shape[1])
    hist = []
    for _ in range(iters):
        loss, g, H = ranknet_loss(beta, D, lam)
        hist.append(loss)
        beta -= np.linalg.solve(H, g)
    return beta, hist


def mean_ndcg_at_k(scores: np.ndarray, rel: np.ndarray, qid: np.ndarray, k: int = 10) -> float:
    """Mean over queries of NDCG@k (linear gain) of the ranking induced by the scores."""
    out = []
    for q in np.unique(qid):
        idx = np.flatnonzero(qid == q)
        ranked = rel[idx][np.argsort(-scores[idx], kind="stable")]
        ideal = np.sort(rel[idx])[::-1][:k]
        disc = 1.0 / np.log2(np.arange(2, k + 2))
        idcg = float(ideal @ disc[: ideal.size])
        out.append(0.0 if idcg == 0 else float(ranked[:k] @ disc[: min(k, ranked.size)]) / idcg)
    return float(np.mean(out))
# --8<-- [end:models]


# %%
if __name__ == "__main__":
    X, rel, qid, w = make_ltr_data()
    tr, te = qid < 80, qid >= 80
    b_point = fit_pointwise(X[tr], rel[tr])
    b_pair, hist = fit_pairwise(X[tr], rel[tr], qid[tr])
    rng = np.random.default_rng(1)
    for name, s in [("random", rng.standard_normal(te.sum())), ("pointwise", X[te] @ b_point),
                    ("pairwise", X[te] @ b_pair), ("true w (oracle)", X[te] @ w)]:
        print(f"{name:16s} test NDCG@10 = {mean_ndcg_at_k(s, rel[te], qid[te]):.3f}")
    cos = lambda a, b: a @ b / np.linalg.norm(a) / np.linalg.norm(b)
    print(f"cosine(beta, w): pointwise {cos(b_point, w):.3f}, pairwise {cos(b_pair, w):.3f}")
