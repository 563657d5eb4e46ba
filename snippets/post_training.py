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
# # LLM post-training: the pieces of PPO-based RLHF and GRPO
# Per-token KL-shaped rewards, generalised advantage estimation, the PPO clipped surrogate
# with its gradient, GRPO's group-normalised advantages, and the k1/k2/k3 estimators of the
# KL to the reference policy. Used by the note "LLM Post-Training".

# %%
# --8<-- [start:rewards_gae]
import numpy as np


def kl_shaped_rewards(score: float, logp_policy: np.ndarray, logp_ref: np.ndarray, beta: float) -> np.ndarray:
    """Per-token rewards for one response of T tokens (InstructGPT-style):
    r_t = -beta (log pi(y_t) - log pi_ref(y_t)), plus the reward model's score on the last token.
    Their sum is score - beta * (a one-sample estimate of KL(pi || pi_ref) for the sequence)."""
    r = -beta * (logp_policy - logp_ref)
    r[-1] += score
    return r


def gae(rewards: np.ndarray, values: np.ndarray, gamma: float = 1.0, lam: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Generalised advantage estimation for one episode of T steps.

    values has T + 1 entries (the last is the value after the final token: 0 at termination).
    delta_t = r_t + gamma V_{t+1} - V_t;  A_t = delta_t + gamma lam A_{t+1}  (= sum_l (gamma lam)^l delta_{t+l}).
    Returns advantages and the value targets A_t + V_t.
    """
    T = len(rewards)
    adv = np.zeros(T)
    running = 0.0
    for t in reversed(range(T)):
        delta = rewards[t] + gamma * values[t + 1] - values[t]
        running = delta + gamma * lam * running
        adv[t] = running
    return adv, adv + values[:T]
# --8<-- [end:rewards_gae]


# %%
# --8<-- [start:ppo]
def ppo_clip_loss(logp_new: np.ndarray, logp_old: np.ndarray, adv: np.ndarray, eps: float = 0.2,
                  mask: np.ndarray | None = None) -> tuple[float, np.ndarray, float]:
    """PPO clipped surrogate, as a loss to minimise, averaged over unmasked tokens:
    -mean( min(rho A, clip(rho, 1 - eps, 1 + eps) A) ),  rho = exp(logp_new - logp_old).

    Returns the loss, its gradient with respect to logp_new, and the fraction of clipped tokens.
    Where the clipped term is the smaller one, the gradient is zero: no incentive to move rho
    beyond 1 + eps when A > 0, or below 1 - eps when A < 0.
    """
    m = np.ones_like(adv) if mask is None else mask
    n = m.sum()
    rho = np.exp(logp_new - logp_old)
    unclipped, clipped = rho * adv, np.clip(rho, 1 - eps, 1 + eps) * adv
    use_unclipped = unclipped <= clipped
    loss = -float(np.sum(m * np.minimum(unclipped, clipped)) / n)
    grad = -(m * use_unclipped * rho * adv) / n            # d(rho)/d(logp_new) = rho
    clip_frac = float(np.sum(m * ~use_unclipped) / n)
    return loss, grad, clip_frac
# --8<-- [end:ppo]


# %%
# --8<-- [start:grpo_kl]
def grpo_advantages(rewards: np.ndarray, scale: bool = True, eps: float = 1e-6) -> np.ndarray:
    """GRPO: G responses to the same prompt, rewards (G,). Advantage = (r - mean) / std over
    the group, given to every token of the response. A group where all rewards are equal
    gives zero advantages (no learning signal). scale=False drops the division by the std
    (as Dr. GRPO recommends, since it up-weights prompts that are nearly always or never solved)."""
    a = rewards - rewards.mean()
    return a / (rewards.std() + eps) if scale else a


def kl_estimators(logp_policy: np.ndarray, logp_ref: np.ndarray) -> dict[str, np.ndarray]:
    """Per-sample estimators of KL(pi || pi_ref) from tokens sampled from pi, with
    log r = log pi_ref - log pi:  k1 = -log r (unbiased, can be negative),
    k2 = (log r)^2 / 2 (biased, low variance), k3 = (r - 1) - log r (unbiased and >= 0)."""
    log_r = logp_ref - logp_policy
    return {"k1": -log_r, "k2": 0.5 * log_r ** 2, "k3": np.expm1(log_r) - log_r}
# --8<-- [end:grpo_kl]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    lp, lr = rng.normal(-2, 0.5, 6), rng.normal(-2, 0.5, 6)
    r = kl_shaped_rewards(1.0, lp, lr, beta=0.05)
    adv, ret = gae(r, np.append(rng.normal(0, 0.1, 6), 0.0))
    print("per-token rewards:", r.round(3))
    print("GAE advantages:   ", adv.round(3))
    print("GRPO advantages for rewards [1, 0, 0, 1, 1, 0, 0, 0]:", grpo_advantages(np.array([1.0, 0, 0, 1, 1, 0, 0, 0])).round(3))
