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
# # Test-time compute: self-consistency, best-of-n with a verifier, budget allocation
# Under an independence model (each sampled answer is drawn independently from a fixed answer
# distribution), the exact accuracy of plurality voting over n samples, a Monte Carlo simulation of
# the same, best-of-n selection by a noisy verifier, and the compute-optimal allocation of a sample
# budget across problems of different difficulty. Used by the note "Reasoning Models and Test-Time Compute".

# %%
# --8<-- [start:majority]
from math import lgamma

import numpy as np


def majority_vote_accuracy(p: float, q_wrong: list[float], n: int) -> float:
    """Exact probability that plurality voting over n independent samples returns the correct answer.

    Each sample is the correct answer with probability p, or wrong answer i with probability
    q_wrong[i] (p + sum(q_wrong) = 1). Ties for the top count are broken uniformly at random.
    For each count c of correct samples, a dynamic programme over the wrong answers sums the
    multinomial terms prod q_i^k_i / k_i! with every k_i <= c, tracking how many wrong answers
    tie at c; the correct answer then wins with probability 1 / (1 + ties).
    O(m n^3) for m wrong answers."""
    q = np.asarray(q_wrong, dtype=float)
    assert abs(p + q.sum() - 1) < 1e-9
    log_fact = np.array([lgamma(k + 1) for k in range(n + 1)])
    total = 0.0
    for c in range(n + 1):
        if c == 0 and n > 0:
            continue                                           # zero correct votes never wins
        # f[s, t]: sum over wrong-answer counts using s samples, t of them tied at c (log-free, scaled)
        f = np.zeros((n - c + 1, len(q) + 1))
        f[0, 0] = 1.0
        for qi in q:
            g = np.zeros_like(f)
            for k in range(0, min(c, n - c) + 1):
                w = np.exp(k * np.log(qi) - log_fact[k]) if qi > 0 else float(k == 0)
                if w == 0.0:
                    continue
                if k < c:
                    g[k:, :] += w * f[: n - c + 1 - k, :]
                else:                                          # k == c: one more tie
                    g[k:, 1:] += w * f[: n - c + 1 - k, :-1]
            f = g
        ties = np.arange(len(q) + 1)
        pc = np.exp(c * np.log(p) - log_fact[c] + log_fact[n]) if p > 0 else 0.0
        total += pc * float((f[n - c] / (1 + ties)).sum())
    return total


def simulate_majority_vote(p: float, q_wrong: list[float], n: int, trials: int,
                           rng: np.random.Generator) -> float:
    """Monte Carlo estimate of the same quantity: answer 0 is correct, 1..m are wrong."""
    probs = np.r_[p, q_wrong]
    counts = rng.multinomial(n, probs, size=trials)                     # (trials, 1 + m)
    top = counts.max(axis=1, keepdims=True)
    tied = counts == top
    return float(np.mean(tied[:, 0] / tied.sum(axis=1)))
# --8<-- [end:majority]


# %%
# --8<-- [start:best_of_n]
def best_of_n_accuracy(p: float, n: int, separation: float, trials: int, rng: np.random.Generator) -> float:
    """Best-of-n with an imperfect verifier, by simulation: each of n samples is correct with
    probability p; the verifier scores a correct sample N(separation, 1) and a wrong one N(0, 1);
    the answer with the highest score is returned. separation is the verifier's d' (its ROC-AUC on
    a single pair is Phi(separation / sqrt 2))."""
    correct = rng.random((trials, n)) < p
    scores = rng.normal(size=(trials, n)) + separation * correct
    return float(np.mean(correct[np.arange(trials), scores.argmax(axis=1)]))


def coverage(p: float, n: int) -> float:
    """pass@n: probability that at least one of n samples is correct (the ceiling of any selector)."""
    return 1 - (1 - p) ** n
# --8<-- [end:best_of_n]


# %%
# --8<-- [start:allocate]
def allocate_budget(acc: np.ndarray, budget: int) -> tuple[np.ndarray, float]:
    """Compute-optimal allocation: acc[b, n - 1] is the accuracy on difficulty bin b (one problem
    per bin, or equal-sized bins) with n samples. Choose n_b >= 1 with sum n_b <= budget to
    maximise sum_b acc[b, n_b - 1], by dynamic programming over bins (exact, O(B * budget * n_max))."""
    B, n_max = acc.shape
    best = np.full(budget + 1, -np.inf)
    best[0] = 0.0
    choice = np.zeros((B, budget + 1), dtype=int)
    for b in range(B):
        new = np.full(budget + 1, -np.inf)
        for spent in range(budget + 1):
            for n in range(1, min(n_max, spent) + 1):
                v = best[spent - n] + acc[b, n - 1]
                if v > new[spent]:
                    new[spent], choice[b, spent] = v, n
        best = new
    spent = int(np.argmax(best))
    value = float(best[spent])
    alloc = np.zeros(B, dtype=int)
    for b in range(B - 1, -1, -1):
        alloc[b] = choice[b, spent]
        spent -= alloc[b]
    return alloc, value
# --8<-- [end:allocate]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    for n in (1, 5, 25):
        print(f"n = {n:2d}: exact {majority_vote_accuracy(0.4, [0.3, 0.2, 0.1], n):.4f}, "
              f"simulated {simulate_majority_vote(0.4, [0.3, 0.2, 0.1], n, 20_000, rng):.4f}, "
              f"best-of-n (d' = 1) {best_of_n_accuracy(0.4, n, 1.0, 20_000, rng):.4f}, coverage {coverage(0.4, n):.4f}")
