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
# # LLMOps arithmetic and mechanisms
# Content-addressed prompt versions, a paired regression gate for evals in CI (bootstrap interval and
# exact McNemar test), a semantic cache with its hit rate, false-hit rate and cost, a confidence-based
# model cascade, and latency/cost SLO arithmetic. Used by the note "LLMOps".

# %%
# --8<-- [start:versioning]
import hashlib
import json
import math

import numpy as np


def prompt_version_id(template: str, model: str, params: dict) -> str:
    """Content address of everything that determines the model's behaviour for a request type."""
    blob = json.dumps({"template": template, "model": model, "params": params}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:12]
# --8<-- [end:versioning]


# %%
# --8<-- [start:eval_gate]
def paired_bootstrap_ci(new: np.ndarray, old: np.ndarray, rng: np.random.Generator,
                        n_boot: int = 2000, level: float = 0.95) -> tuple[float, float, float]:
    """Mean of (new - old) per-example scores and a percentile bootstrap interval, resampling examples
    (pairs stay together, which removes the between-example variance both versions share)."""
    d = np.asarray(new, float) - np.asarray(old, float)
    idx = rng.integers(0, len(d), size=(n_boot, len(d)))
    means = d[idx].mean(axis=1)
    a = (1 - level) / 2
    return float(d.mean()), float(np.quantile(means, a)), float(np.quantile(means, 1 - a))


def mcnemar_exact_p(new: np.ndarray, old: np.ndarray) -> float:
    """Two-sided exact McNemar test for paired pass/fail results: under H0 the discordant pairs split
    Binomial(b + c, 1/2)."""
    new, old = np.asarray(new, bool), np.asarray(old, bool)
    b, c = int(np.sum(new & ~old)), int(np.sum(~new & old))
    n, k = b + c, min(b, c)
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def regression_gate(new: np.ndarray, old: np.ndarray, margin: float, rng: np.random.Generator) -> bool:
    """Ship only if the lower end of the 95% interval of (new - old) is above -margin (non-inferiority)."""
    return paired_bootstrap_ci(new, old, rng)[1] > -margin
# --8<-- [end:eval_gate]


# %%
# --8<-- [start:semantic_cache]
def simulate_semantic_cache(emb: np.ndarray, intent: np.ndarray, threshold: float
                            ) -> tuple[np.ndarray, np.ndarray]:
    """Serve a stream of queries (unit-norm embeddings, in arrival order) through a cache: a query whose
    cosine similarity to its nearest cached query is >= threshold is a hit and gets that query's answer;
    otherwise it is sent to the model and cached. Returns (hit, correct-hit) flags; a hit is correct
    when the cached query had the same intent."""
    n = len(emb)
    cached = np.zeros(n, bool)
    hit, good = np.zeros(n, bool), np.zeros(n, bool)
    for i in range(n):
        idx = np.flatnonzero(cached)
        if idx.size:
            sims = emb[idx] @ emb[i]
            j = idx[np.argmax(sims)]
            if sims.max() >= threshold:
                hit[i], good[i] = True, intent[j] == intent[i]
                continue
        cached[i] = True
    return hit, good


def cost_per_request(hit_rate: float, llm_cost: float, lookup_cost: float) -> float:
    """Every request pays the embedding + lookup; misses also pay the model call."""
    return lookup_cost + (1 - hit_rate) * llm_cost
# --8<-- [end:semantic_cache]


# %%
# --8<-- [start:routing]
def cascade(conf_small: np.ndarray, ok_small: np.ndarray, ok_large: np.ndarray, threshold: float,
            cost_small: float, cost_large: float) -> tuple[float, float, float]:
    """Answer with the small model when its confidence >= threshold, else escalate to the large model
    (having paid for the small call). Returns (quality, mean cost per request, escalation rate)."""
    esc = conf_small < threshold
    quality = np.where(esc, ok_large, ok_small).mean()
    return float(quality), float(cost_small + esc.mean() * cost_large), float(esc.mean())
# --8<-- [end:routing]


# %%
# --8<-- [start:slo]
def latency_ms(prompt_tokens: np.ndarray, output_tokens: np.ndarray, queue_ms: np.ndarray,
               prefill_tok_per_s: float, tpot_ms: float) -> tuple[np.ndarray, np.ndarray]:
    """Time to first token = queueing + prefill; end-to-end = TTFT + (output_tokens - 1) * TPOT."""
    ttft = queue_ms + 1000.0 * prompt_tokens / prefill_tok_per_s
    return ttft, ttft + (output_tokens - 1) * tpot_ms


def error_budget_minutes(slo: float, days: float = 30.0) -> float:
    """Minutes of SLO violation allowed in the window: (1 - slo) * window."""
    return (1 - slo) * days * 24 * 60
# --8<-- [end:slo]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    print("version:", prompt_version_id("Answer briefly: {q}", "model-a-2026-01", {"temperature": 0.0}))
    old = rng.random(500) < 0.80
    new = np.where(rng.random(500) < 0.9, old, rng.random(500) < 0.85)
    print("paired diff and 95% CI:", paired_bootstrap_ci(new, old, rng), "McNemar p:", round(mcnemar_exact_p(new, old), 4))
    centres = rng.normal(size=(50, 32))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    intent = rng.choice(50, size=1000, p=(1 / np.arange(1, 51)) / np.sum(1 / np.arange(1, 51)))
    emb = centres[intent] + 0.15 * rng.normal(size=(1000, 32))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    hit, good = simulate_semantic_cache(emb, intent, 0.8)
    print(f"hit rate {hit.mean():.3f}, wrong answers served {np.mean(hit & ~good):.4f}")
    print("error budget at 99.9% over 30 days:", error_budget_minutes(0.999), "minutes")
