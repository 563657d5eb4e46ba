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
# # Ranking metrics: DCG and NDCG at k
# From-scratch NumPy code shared by "Search Ranking Design" and "Evaluation Metrics".
# Input is the graded relevance of the results in the order the system ranked them.
# Gains are linear (rel), as in scikit-learn's ndcg_score; gain="exp" gives 2^rel - 1
# (Burges et al., 2005). The `ndcg` section is self-contained so it can be embedded alone.

# %%
# --8<-- [start:dcg]
import numpy as np


def dcg_at_k(relevance_in_ranked_order, k: int, gain: str = "linear") -> float:
    """Discounted cumulative gain of the top k: sum_{i=1..k} g(rel_i) / log2(i + 1).

    g(rel) = rel for gain="linear", 2**rel - 1 for gain="exp". Positions past the list end add 0.
    """
    rel = np.asarray(relevance_in_ranked_order, dtype=float)[:k]
    g = rel if gain == "linear" else np.exp2(rel) - 1.0
    discounts = np.log2(np.arange(2, rel.size + 2))
    return float(np.sum(g / discounts))
# --8<-- [end:dcg]


# %%
# --8<-- [start:ndcg]
import numpy as np


def ndcg_at_k(relevance_in_ranked_order, k: int, gain: str = "linear") -> float:
    """DCG@k of the ranking divided by DCG@k of the ideal ordering of the same results.

    The ideal ordering sorts the given relevances in decreasing order. A list with no relevant
    result has ideal DCG 0 and NDCG defined as 0 (scikit-learn's convention).
    """
    rel = np.asarray(relevance_in_ranked_order, dtype=float)

    def _dcg(r: np.ndarray) -> float:
        r = r[:k]
        g = r if gain == "linear" else np.exp2(r) - 1.0
        return float(np.sum(g / np.log2(np.arange(2, r.size + 2))))

    ideal = _dcg(np.sort(rel)[::-1])
    return 0.0 if ideal == 0.0 else _dcg(rel) / ideal
# --8<-- [end:ndcg]


# %%
if __name__ == "__main__":
    ranked = [3, 2, 3, 0, 1, 2]  # graded relevance of results 1..6 as the system ordered them
    for k in (1, 3, 6):
        print(f"k={k}: DCG = {dcg_at_k(ranked, k):.4f}  NDCG = {ndcg_at_k(ranked, k):.4f}"
              f"  NDCG(exp gain) = {ndcg_at_k(ranked, k, gain='exp'):.4f}")
