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
# # Flow matching: the linear (rectified-flow) path, the exact marginal velocity for Gaussian-mixture data, CFM regression and Euler sampling
# From-scratch NumPy code used by the note "Flow Matching". Noise x0 ~ N(0, I), data x1 ~ q, path x_t = (1 - t) x0 + t x1.

# %%
# --8<-- [start:path]
import numpy as np


def cfm_batch(x1: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One conditional-flow-matching training batch: t ~ U(0, 1), x0 ~ N(0, I), the point
    x_t = (1 - t) x0 + t x1 on the straight line, and the regression target, the conditional
    velocity d x_t / dt = x1 - x0. Returns (t (n,), x_t (n, d), target (n, d))."""
    t = rng.uniform(size=len(x1))
    x0 = rng.normal(size=x1.shape)
    return t, (1 - t)[:, None] * x0 + t[:, None] * x1, x1 - x0


def gmm_marginal(x: np.ndarray, t: float, weights: np.ndarray, means: np.ndarray, stds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact marginal density p_t(x) and marginal velocity u_t(x) = E[x1 - x0 | x_t = x] when the data
    are a mixture of isotropic Gaussians N(m_k, s_k^2 I) in d dimensions. Given component k,
    x_t ~ N(t m_k, v_k I) with v_k = (1 - t)^2 + t^2 s_k^2, and (x1 - x0, x_t) are jointly Gaussian with
    Cov = (t s_k^2 - (1 - t)) I, so E[x1 - x0 | x_t = x, k] = m_k + (t s_k^2 - (1 - t)) / v_k (x - t m_k).
    The marginal velocity averages these with the posterior weights of the components at x.
    x (n, d), means (K, d), weights and stds (K,). Returns p (n,), u (n, d)."""
    d = x.shape[1]
    v = (1 - t) ** 2 + t ** 2 * stds ** 2                                        # (K,)
    diff = x[:, None, :] - t * means[None, :, :]                                 # (n, K, d)
    log_comp = np.log(weights) - 0.5 * d * np.log(2 * np.pi * v) - 0.5 * np.sum(diff ** 2, -1) / v
    m = log_comp.max(1, keepdims=True)
    p_comp = np.exp(log_comp - m)
    post = p_comp / p_comp.sum(1, keepdims=True)                                 # p(k | x_t = x)
    cond = means[None] + ((t * stds ** 2 - (1 - t)) / v)[None, :, None] * diff   # (n, K, d)
    return np.exp(m[:, 0]) * p_comp.sum(1), np.einsum("nk,nkd->nd", post, cond)
# --8<-- [end:path]


# %%
# --8<-- [start:train]
def features(x: np.ndarray, t: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Random Fourier features of the input (x, t): cos([x, t] W + b), plus a constant."""
    z = np.concatenate([x, t[:, None]], axis=1) @ W + b
    return np.concatenate([np.cos(z), np.ones((len(x), 1))], axis=1)


def fit_cfm(x1: np.ndarray, n_features: int, rng: np.random.Generator, n_draws: int = 8, ridge: float = 1e-3,
            scale: float = 2.0) -> tuple:
    """Minimise the conditional flow matching loss E ||v_theta(x_t, t) - (x1 - x0)||^2 over a
    velocity model linear in random features, v_theta = phi(x, t)^T Theta. The loss is quadratic in
    Theta, so the minimiser is a ridge regression, solved exactly: no network, no optimiser, which
    isolates what the objective itself learns. n_draws (t, x0) samples per data point."""
    d = x1.shape[1]
    W = rng.normal(0, scale, size=(d + 1, n_features))
    b = rng.uniform(0, 2 * np.pi, n_features)
    X1 = np.repeat(x1, n_draws, axis=0)
    t, xt, target = cfm_batch(X1, rng)
    Phi = features(xt, t, W, b)
    Theta = np.linalg.solve(Phi.T @ Phi + ridge * len(Phi) * np.eye(Phi.shape[1]), Phi.T @ target)
    return W, b, Theta


def euler_sample(velocity, x0: np.ndarray, n_steps: int) -> np.ndarray:
    """Integrate dx/dt = velocity(x, t) from t = 0 to 1 with n_steps explicit Euler steps."""
    x, h = x0.copy(), 1.0 / n_steps
    for i in range(n_steps):
        x = x + h * velocity(x, np.full(len(x), i * h))
    return x
# --8<-- [end:train]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    w, mu, s = np.array([0.3, 0.7]), np.array([[-2.0], [2.0]]), np.array([0.3, 0.5])
    comp = rng.choice(2, size=4000, p=w)
    data = mu[comp] + s[comp, None] * rng.normal(size=(4000, 1))
    W, b, Theta = fit_cfm(data, 300, rng)
    grid = np.linspace(-3, 3, 7)[:, None]
    print("learned u_0.5 :", (features(grid, np.full(7, 0.5), W, b) @ Theta)[:, 0].round(2))
    print("exact   u_0.5 :", gmm_marginal(grid, 0.5, w, mu, s)[1][:, 0].round(2))
    x = euler_sample(lambda x, t: gmm_marginal(x, t[0], w, mu, s)[1], rng.normal(size=(2000, 1)), 100)
    print("fraction of samples near +2 (target 0.7):", np.mean(x[:, 0] > 0).round(3))
