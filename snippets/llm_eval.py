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
# # LLM evaluation statistics: pass@k, confidence intervals, paired comparisons, contamination
# The unbiased pass@k estimator of Chen et al. (2021) in its numerically stable form; Wilson and
# bootstrap intervals for an accuracy; clustered standard errors; paired comparison of two models
# on the same questions (standard error of the difference and the exact McNemar test); n-gram
# overlap contamination checks. Used by the note "LLM Evaluation".

# %%
# --8<-- [start:pass_at_k]
from math import lgamma

import numpy as np


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased estimate of pass@k from n samples of which c are correct (n >= k):
    1 - C(n - c, k) / C(n, k), computed as 1 - prod_{i = n - c + 1}^{n} (1 - k / i) to avoid
    huge binomial coefficients."""
    if n - c < k:
        return 1.0
    return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def naive_pass_at_k(n: int, c: int, k: int) -> float:
    """Plug-in estimate 1 - (1 - c/n)^k: biased downward for k > 1 (Jensen)."""
    return 1.0 - (1.0 - c / n) ** k
# --8<-- [end:pass_at_k]


# %%
# --8<-- [start:intervals]
def wilson_interval(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval: the set of p for which |p_hat - p| <= z sqrt(p(1-p)/n), solved as a
    quadratic in p. Unlike the Wald interval it stays inside [0, 1] and keeps its coverage near 0 and 1."""
    p = successes / n
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z / (1 + z ** 2 / n) * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2))
    return float(centre - half), float(centre + half)


def bootstrap_interval(scores: np.ndarray, rng: np.random.Generator, n_boot: int = 5000,
                       alpha: float = 0.05, clusters: np.ndarray | None = None) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean score. With clusters (e.g. several questions about
    one passage), whole clusters are resampled, which keeps their within-cluster correlation."""
    if clusters is None:
        idx = rng.integers(0, len(scores), size=(n_boot, len(scores)))
        means = scores[idx].mean(axis=1)
    else:
        ids = np.unique(clusters)
        sums = np.array([scores[clusters == g].sum() for g in ids])
        sizes = np.array([(clusters == g).sum() for g in ids])
        pick = rng.integers(0, len(ids), size=(n_boot, len(ids)))
        means = sums[pick].sum(axis=1) / sizes[pick].sum(axis=1)
    return float(np.quantile(means, alpha / 2)), float(np.quantile(means, 1 - alpha / 2))


def clustered_se(scores: np.ndarray, clusters: np.ndarray) -> float:
    """Cluster-robust standard error of the mean: sqrt(sum over clusters of (sum of residuals)^2) / n.
    With one question per cluster it is the plug-in standard error sqrt(sum (x - mean)^2) / n."""
    r = scores - scores.mean()
    ids, inv = np.unique(clusters, return_inverse=True)
    return float(np.sqrt((np.bincount(inv, weights=r) ** 2).sum()) / len(scores))
# --8<-- [end:intervals]


# %%
# --8<-- [start:paired]
def paired_comparison(a: np.ndarray, b: np.ndarray) -> dict:
    """Two models scored 0/1 on the same questions. The difference of means has standard error
    sd(a - b) / sqrt(n) when paired, against sqrt(var(a)/n + var(b)/n) if the pairing is ignored;
    positive correlation between the models makes the paired one smaller. The exact McNemar test
    uses only the discordant questions: under H0 each is won by a with probability 1/2."""
    n = len(a)
    d = a - b
    se_paired = d.std(ddof=1) / np.sqrt(n)
    se_unpaired = np.sqrt(a.var(ddof=1) / n + b.var(ddof=1) / n)
    n10, n01 = int(((a == 1) & (b == 0)).sum()), int(((a == 0) & (b == 1)).sum())
    m, lo = n10 + n01, min(n10, n01)
    log_pmf = [lgamma(m + 1) - lgamma(i + 1) - lgamma(m - i + 1) - m * np.log(2) for i in range(lo + 1)]
    p_value = min(1.0, 2 * float(np.exp(log_pmf).sum())) if m else 1.0
    return {"diff": float(d.mean()), "se_paired": float(se_paired), "se_unpaired": float(se_unpaired),
            "n10": n10, "n01": n01, "mcnemar_p": p_value}
# --8<-- [end:paired]


# %%
# --8<-- [start:contamination]
def ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def contamination_report(test_items: list[str], corpus_docs: list[str], n: int = 13) -> list[float]:
    """For each test item, the fraction of its word n-grams that also occur in the training corpus
    (an index of every corpus n-gram). GPT-3 flagged an item if it shared any 13-gram; Llama 2
    counted tokens covered by shared 10-grams. Lower-cased, whitespace tokens."""
    index: set[tuple[str, ...]] = set()
    for doc in corpus_docs:
        index |= ngrams(doc.lower().split(), n)
    out = []
    for item in test_items:
        g = ngrams(item.lower().split(), n)
        out.append(len(g & index) / len(g) if g else 0.0)
    return out
# --8<-- [end:contamination]


# %%
if __name__ == "__main__":
    print("pass@1, pass@10 from 200 samples with 12 correct:", round(pass_at_k(200, 12, 1), 4), round(pass_at_k(200, 12, 10), 4))
    print("Wilson 95% interval for 70/100:", np.round(wilson_interval(70, 100), 4))
    rng = np.random.default_rng(0)
    a = (rng.random(500) < 0.7).astype(float)
    b = np.where(rng.random(500) < 0.8, a, 1 - a)
    print({k: round(v, 4) for k, v in paired_comparison(a, b).items()})
