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
# # Sampling methods from uniform random numbers
# Inverse CDF, Box-Muller, Vose's alias method, rejection sampling, importance sampling,
# Gumbel-max, random-walk Metropolis-Hastings, and the chi-square and Kolmogorov-Smirnov
# statistics that test a sampler. Used by the note "Sampling Methods".

# %%
# --8<-- [start:inverse_cdf]
import math

import numpy as np


def sample_exponential(n: int, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Inverse CDF: F(x) = 1 - exp(-rate x), so F^{-1}(u) = -log(1 - u) / rate."""
    u = rng.random(n)
    return -np.log1p(-u) / rate


def sample_discrete_inverse(p: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Inverse CDF for a categorical: the first k with cumsum(p)[k] > u, by binary search."""
    cdf = np.cumsum(p)
    cdf[-1] = 1.0                                       # guard against rounding below 1
    return np.searchsorted(cdf, rng.random(n), side="right")
# --8<-- [end:inverse_cdf]


# %%
# --8<-- [start:box_muller]
def box_muller(n: int, rng: np.random.Generator) -> np.ndarray:
    """n standard normals from n/2 pairs of uniforms: R = sqrt(-2 log U1), Theta = 2 pi U2,
    (R cos Theta, R sin Theta) are independent N(0, 1)."""
    m = (n + 1) // 2
    u1, u2 = 1.0 - rng.random(m), rng.random(m)          # u1 in (0, 1]: log(0) avoided
    r, theta = np.sqrt(-2.0 * np.log(u1)), 2.0 * np.pi * u2
    return np.concatenate([r * np.cos(theta), r * np.sin(theta)])[:n]
# --8<-- [end:box_muller]


# %%
# --8<-- [start:alias]
def build_alias(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vose's alias table in O(K): column k keeps outcome k with probability prob[k] and
    otherwise returns alias[k]. Each column holds total mass 1/K."""
    K = len(p)
    scaled = np.asarray(p, dtype=float) * K / np.sum(p)
    prob, alias = np.ones(K), np.arange(K)
    small = [k for k in range(K) if scaled[k] < 1.0]
    large = [k for k in range(K) if scaled[k] >= 1.0]
    while small and large:
        s, l = small.pop(), large.pop()
        prob[s], alias[s] = scaled[s], l                # column s: s with scaled[s], the rest is l
        scaled[l] -= 1.0 - scaled[s]                    # l gave away 1 - scaled[s] of its mass
        (small if scaled[l] < 1.0 else large).append(l)
    return prob, alias                                   # leftovers (rounding) keep prob = 1


def sample_alias(prob: np.ndarray, alias: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """O(1) per draw: a uniform column, then one biased coin."""
    k = rng.integers(len(prob), size=n)
    return np.where(rng.random(n) < prob[k], k, alias[k])
# --8<-- [end:alias]


# %%
# --8<-- [start:rejection]
def beta_2_5_pdf(x: np.ndarray) -> np.ndarray:
    """Beta(2, 5) density, 30 x (1 - x)^4 on [0, 1]; its maximum is 30 (1/5)(4/5)^4 at x = 1/5."""
    return np.where((x >= 0) & (x <= 1), 30.0 * x * (1.0 - x) ** 4, 0.0)


def rejection_sample(target_pdf, proposal_sample, proposal_pdf, M: float, n: int,
                     rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """Accept a proposal x ~ g with probability f(x) / (M g(x)), which needs f <= M g everywhere.
    Accepted points are exact draws from f; the acceptance rate is 1/M. Returns (samples, rate)."""
    out, tried = [], 0
    while sum(len(o) for o in out) < n:
        m = 2 * int(M * (n - sum(len(o) for o in out))) + 16     # a batch sized by the expected rate
        x = proposal_sample(m, rng)
        ratio = target_pdf(x) / (M * proposal_pdf(x))
        assert np.all(ratio <= 1.0 + 1e-12), "envelope violated: f > M g somewhere"
        out.append(x[rng.random(m) < ratio])
        tried += m
    samples = np.concatenate(out)
    return samples[:n], len(samples) / tried
# --8<-- [end:rejection]


# %%
# --8<-- [start:importance]
def importance_estimate(h, target_logpdf, proposal_sample, proposal_logpdf, n: int,
                        rng: np.random.Generator, normalised: bool = True) -> tuple[float, float]:
    """Estimate E_p[h(X)] from X ~ q with weights w = p/q. normalised=True: the target density is
    known exactly and the estimate is the unbiased mean of w h. normalised=False: p is known only
    up to a constant and the self-normalised sum(w h) / sum(w) is used (consistent, biased O(1/n)).
    Returns (estimate, effective sample size (sum w)^2 / sum w^2)."""
    x = proposal_sample(n, rng)
    logw = target_logpdf(x) - proposal_logpdf(x)
    if normalised:
        w = np.exp(logw)
        est = float(np.mean(w * h(x)))
    else:
        w = np.exp(logw - logw.max())                    # the constant and the max cancel in the ratio
        est = float(np.sum(w * h(x)) / np.sum(w))
    return est, float(w.sum() ** 2 / np.sum(w ** 2))
# --8<-- [end:importance]


# %%
# --8<-- [start:gumbel]
def gumbel_max_sample(logits: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """argmax_k (logits_k + G_k) with G_k = -log(-log U_k) i.i.d. Gumbel(0, 1) is a draw from
    softmax(logits): no normalisation, no exponentials of the logits."""
    g = -np.log(-np.log(1.0 - rng.random((n, len(logits)))))
    return np.argmax(logits + g, axis=1)
# --8<-- [end:gumbel]


# %%
# --8<-- [start:mcmc]
def metropolis_hastings(log_target, x0: np.ndarray, n_steps: int, step: float,
                        rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """Random-walk Metropolis: propose x' = x + step * N(0, I) (symmetric, so the Hastings ratio
    is p(x')/p(x)) and accept with probability min(1, p(x')/p(x)). The target is needed only up to
    a constant. Returns the chain (n_steps, d) and the acceptance rate."""
    x = np.atleast_1d(np.asarray(x0, dtype=float))
    lp = log_target(x)
    chain, accepted = np.empty((n_steps, x.size)), 0
    noise = rng.normal(size=(n_steps, x.size)) * step
    logu = np.log(rng.random(n_steps))
    for t in range(n_steps):
        proposal = x + noise[t]
        lp_new = log_target(proposal)
        if logu[t] < lp_new - lp:                        # accept; on rejection the chain repeats x
            x, lp = proposal, lp_new
            accepted += 1
        chain[t] = x
    return chain, accepted / n_steps


def effective_sample_size(chain: np.ndarray, max_lag: int = 1000) -> float:
    """n / (1 + 2 sum of autocorrelations), summed until the first negative autocorrelation."""
    x = chain - chain.mean()
    n, var = len(x), np.dot(x, x) / len(x)
    s = 0.0
    for lag in range(1, min(max_lag, n - 1)):
        rho = np.dot(x[:-lag], x[lag:]) / (n * var)
        if rho < 0:
            break
        s += rho
    return n / (1.0 + 2.0 * s)
# --8<-- [end:mcmc]


# %%
# --8<-- [start:tests]
def chi_square_statistic(counts: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """Pearson's X^2 = sum (O - E)^2 / E with E = n p, and an approximate p-value from the
    Wilson-Hilferty cube-root normal approximation to chi-square with K - 1 degrees of freedom."""
    n, k = counts.sum(), len(p) - 1
    expected = n * np.asarray(p)
    x2 = float(np.sum((counts - expected) ** 2 / expected))
    z = ((x2 / k) ** (1 / 3) - (1 - 2 / (9 * k))) / math.sqrt(2 / (9 * k))
    return x2, 0.5 * math.erfc(z / math.sqrt(2))


def ks_statistic(samples: np.ndarray, cdf) -> tuple[float, float]:
    """Kolmogorov-Smirnov D = sup |F_n(x) - F(x)|, checked on both sides of every jump of F_n,
    with the asymptotic p-value Q(sqrt(n) D) = 2 sum (-1)^(j-1) exp(-2 j^2 n D^2)."""
    x = np.sort(samples)
    n = len(x)
    F = cdf(x)
    d = float(max(np.max(np.arange(1, n + 1) / n - F), np.max(F - np.arange(n) / n)))
    lam = (math.sqrt(n) + 0.12 + 0.11 / math.sqrt(n)) * d       # Stephens' small-n correction
    p = 2 * sum((-1) ** (j - 1) * math.exp(-2 * j * j * lam * lam) for j in range(1, 101))
    return d, float(min(max(p, 0.0), 1.0))


def normal_cdf(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.vectorize(math.erf)(np.asarray(x) / math.sqrt(2.0)))
# --8<-- [end:tests]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    print("exponential(2) mean:", sample_exponential(100_000, 2.0, rng).mean().round(4), "(0.5)")
    z = box_muller(20_000, rng)
    print("Box-Muller KS:", [round(v, 4) for v in ks_statistic(z, normal_cdf)])
    p = np.array([0.5, 0.2, 0.2, 0.05, 0.05])
    prob, alias = build_alias(p)
    counts = np.bincount(sample_alias(prob, alias, 100_000, rng), minlength=5)
    print("alias chi-square:", [round(v, 4) for v in chi_square_statistic(counts, p)])
    x, rate = rejection_sample(beta_2_5_pdf, lambda m, r: r.random(m), lambda x: np.ones_like(x), 2.4576, 10_000, rng)
    print(f"Beta(2,5) by rejection: mean {x.mean():.4f} (2/7 = {2 / 7:.4f}), acceptance {rate:.3f} (1/M = {1 / 2.4576:.3f})")
    chain, acc = metropolis_hastings(lambda v: -0.5 * float(v @ v), np.zeros(1), 20_000, 2.4, rng)
    print(f"MH on N(0,1): mean {chain.mean():.3f}, var {chain.var():.3f}, acceptance {acc:.2f}, ESS {effective_sample_size(chain[:, 0]):.0f}")
