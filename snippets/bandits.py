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
# # Bandits and off-policy evaluation
# Vectorised simulation of epsilon-greedy, UCB1 and Thompson sampling on a Bernoulli bandit,
# disjoint LinUCB with Sherman-Morrison updates, and the direct-method, IPS, SNIPS and doubly
# robust estimators of a target policy's value from logged data. Used by the note
# "Bandits and Off-Policy Evaluation".

# %%
# --8<-- [start:mab]
import numpy as np


def simulate_mab(policy: str, means: np.ndarray, T: int, runs: int, seed: int = 0,
                 eps: float = 0.1, c: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """Run `runs` independent copies of a policy on a Bernoulli bandit with arm means `means`.

    policy: "eps-greedy" (explore uniformly with probability eps, else the best empirical mean),
    "ucb" (UCB1: empirical mean + sqrt(c ln t / N_a), t = pulls so far), or "thompson"
    (Beta(1 + successes, 1 + failures) posterior sample per arm, play the largest).
    eps-greedy and UCB pull each arm once first; ties go to the lowest index.
    Returns the arms pulled and the rewards, both of shape (runs, T).
    """
    rng = np.random.default_rng(seed)
    K = len(means)
    N = np.zeros((runs, K))                       # pulls per arm
    S = np.zeros((runs, K))                       # successes per arm
    arms = np.zeros((runs, T), dtype=int)
    rewards = np.zeros((runs, T))
    rows = np.arange(runs)
    for t in range(T):
        if policy != "thompson" and t < K:
            a = np.full(runs, t)
        elif policy == "eps-greedy":
            a = np.argmax(S / N, axis=1)
            explore = rng.random(runs) < eps
            a[explore] = rng.integers(0, K, explore.sum())
        elif policy == "ucb":
            a = np.argmax(S / N + np.sqrt(c * np.log(t) / N), axis=1)
        elif policy == "thompson":
            a = np.argmax(rng.beta(1 + S, 1 + N - S), axis=1)
        else:
            raise ValueError(policy)
        r = (rng.random(runs) < means[a]).astype(float)
        N[rows, a] += 1
        S[rows, a] += r
        arms[:, t], rewards[:, t] = a, r
    return arms, rewards


def pseudo_regret(arms: np.ndarray, means: np.ndarray) -> np.ndarray:
    """Cumulative pseudo-regret sum_t (mu* - mu_{a_t}), averaged over runs: shape (T,)."""
    return np.cumsum(means.max() - means[arms], axis=1).mean(axis=0)


def ucb1_bound(means: np.ndarray, T: int) -> float:
    """Auer, Cesa-Bianchi and Fischer (2002), Theorem 1: sum over suboptimal arms of
    8 ln T / gap + (1 + pi^2 / 3) gap."""
    gaps = means.max() - means
    gaps = gaps[gaps > 0]
    return float(np.sum(8 * np.log(T) / gaps + (1 + np.pi ** 2 / 3) * gaps))
# --8<-- [end:mab]


# %%
# --8<-- [start:linucb]
def linucb(contexts: np.ndarray, thetas: np.ndarray, alpha: float, lam: float = 1.0,
           noise: float = 0.1, seed: int = 0) -> dict:
    """Disjoint LinUCB (Li, Chu, Langford and Schapire, 2010) on a linear contextual bandit.

    contexts: (T, d) context per round; thetas: (K, d) true arm parameters, reward
    x . theta_a + N(0, noise^2). Each arm keeps A_a^{-1} = (lam I + sum x x^T)^{-1}, updated by
    Sherman-Morrison in O(d^2), and b_a = sum r x; it plays argmax x . theta_hat_a +
    alpha sqrt(x^T A_a^{-1} x). alpha = 0 is the greedy policy.
    """
    rng = np.random.default_rng(seed)
    T, d = contexts.shape
    K = len(thetas)
    A_inv = np.stack([np.eye(d) / lam] * K)
    b = np.zeros((K, d))
    arms, rewards, regret = np.zeros(T, dtype=int), np.zeros(T), np.zeros(T)
    for t, x in enumerate(contexts):
        theta_hat = np.einsum("kij,kj->ki", A_inv, b)
        width = np.sqrt(np.einsum("i,kij,j->k", x, A_inv, x))
        a = int(np.argmax(theta_hat @ x + alpha * width))
        r = x @ thetas[a] + noise * rng.normal()
        Ax = A_inv[a] @ x
        A_inv[a] -= np.outer(Ax, Ax) / (1.0 + x @ Ax)          # Sherman-Morrison
        b[a] += r * x
        arms[t], rewards[t] = a, r
        regret[t] = np.max(thetas @ x) - x @ thetas[a]
    theta_hat = np.einsum("kij,kj->ki", A_inv, b)
    return {"arms": arms, "rewards": rewards, "regret": np.cumsum(regret), "theta_hat": theta_hat, "A_inv": A_inv}
# --8<-- [end:linucb]


# %%
# --8<-- [start:ope]
def true_value(px: np.ndarray, q: np.ndarray, pi: np.ndarray) -> float:
    """V(pi) = sum_x p(x) sum_a pi(a|x) q(x, a) for discrete contexts and actions."""
    return float(px @ np.sum(pi * q, axis=1))


def log_data(px, q, mu, n: int, rng: np.random.Generator, reps: int = 1):
    """`reps` logged datasets of size n from the logging policy mu: contexts, actions and
    Bernoulli rewards with mean q(x, a), each of shape (reps, n)."""
    x = rng.choice(len(px), size=(reps, n), p=px)
    u = rng.random((reps, n, 1))
    a = (u > np.cumsum(mu[x], axis=-1)).sum(-1)             # inverse-CDF draw from mu(. | x)
    r = (rng.random((reps, n)) < q[x, a]).astype(float)
    return x, a, r


def ope_estimates(x, a, r, mu, pi, q_hat) -> dict:
    """Direct method, IPS, SNIPS and doubly robust estimates of V(pi) from logs (x, a, r)
    collected under mu with logged propensities mu(a|x); q_hat is a reward model. Works on the
    last axis, so a batch of datasets of shape (reps, n) gives `reps` estimates."""
    w = pi[x, a] / mu[x, a]                                 # importance weights
    dm_x = np.sum(pi[x] * q_hat[x], axis=-1)                # model's value of pi at each context
    return {
        "DM": dm_x.mean(-1),
        "IPS": (w * r).mean(-1),
        "SNIPS": np.divide((w * r).sum(-1), w.sum(-1), out=np.zeros(np.shape(w)[:-1]), where=w.sum(-1) > 0),
        "DR": (dm_x + w * (r - q_hat[x, a])).mean(-1),
    }
# --8<-- [end:ope]


# %%
if __name__ == "__main__":
    means = np.array([0.5, 0.45, 0.3])
    for policy in ("eps-greedy", "ucb", "thompson"):
        arms, _ = simulate_mab(policy, means, T=2000, runs=200, seed=1)
        print(f"{policy:10s} regret after 2000 rounds: {pseudo_regret(arms, means)[-1]:6.1f}")
    print(f"UCB1 bound: {ucb1_bound(means, 2000):.1f}")
    px, q = np.array([0.5, 0.5]), np.array([[0.2, 0.6], [0.7, 0.3]])
    mu, pi = np.array([[0.5, 0.5], [0.5, 0.5]]), np.array([[0.1, 0.9], [0.9, 0.1]])
    est = ope_estimates(*log_data(px, q, mu, 500, np.random.default_rng(0)), mu, pi, np.full((2, 2), 0.5))
    print(f"V(pi) = {true_value(px, q, pi):.3f}; estimates", {k: round(float(v[0]), 3) for k, v in est.items()})
