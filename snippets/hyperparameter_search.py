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
# # Random search, successive halving and Bayesian optimisation
# Budget-aware hyperparameter search on a toy objective whose loss falls with the training budget,
# and a minimal Gaussian-process Bayesian optimisation with expected improvement.
# Used by the note "Hyperparameter Tuning".

# %%
# --8<-- [start:toy]
import numpy as np


def sample_configs(n: int, rng: np.random.Generator) -> np.ndarray:
    """n log-uniform configurations: log10 lr in [-5, 0], log10 weight decay in [-6, 0]."""
    return np.column_stack([rng.uniform(-5, 0, n), rng.uniform(-6, 0, n)])


def final_loss(cfg: np.ndarray) -> np.ndarray:
    """Loss a configuration reaches with unlimited budget; minimum 0.1 at lr = 1e-2.5, wd = 1e-3."""
    cfg = np.atleast_2d(cfg)
    return 0.1 + (cfg[:, 0] + 2.5) ** 2 / 4 + (cfg[:, 1] + 3) ** 2 / 20


def toy_loss(
    cfg: np.ndarray, budget: float, rng: np.random.Generator | None = None, noise: float = 0.0
) -> np.ndarray:
    """Validation loss after `budget` epochs: final loss + a learning-curve term + evaluation noise.

    Small learning rates converge slowly (their curve term is larger), so rankings at a small
    budget are a noisy, biased preview of the final ranking, which successive halving bets on.
    """
    cfg = np.atleast_2d(cfg)
    slowness = 10.0 ** (-(cfg[:, 0] + 2.5) / 2)  # lr 10x smaller -> about 3x slower
    loss = final_loss(cfg) + 0.5 * slowness / np.sqrt(budget)
    if noise > 0:
        loss = loss + noise * rng.normal(size=loss.size) / np.sqrt(budget)
    return loss
# --8<-- [end:toy]


# %%
# --8<-- [start:random_search]
import numpy as np


def random_search(
    objective, n_trials: int, budget: float, rng: np.random.Generator
) -> tuple[np.ndarray, float, float]:
    """Evaluate n_trials random configurations at full budget.

    Returns (best config, its loss, total budget spent).
    """
    cfgs = sample_configs(n_trials, rng)
    losses = objective(cfgs, budget)
    i = int(np.argmin(losses))
    return cfgs[i], float(losses[i]), float(n_trials * budget)
# --8<-- [end:random_search]


# %%
# --8<-- [start:successive_halving]
import numpy as np


def successive_halving(objective, cfgs: np.ndarray, min_budget: float, max_budget: float,
                       eta: int = 3) -> tuple[np.ndarray, float, float, list[tuple[int, float]]]:
    """Successive halving (Jamieson and Talwalkar, 2016).

    Rung i evaluates the surviving configurations at budget min_budget * eta^i and keeps the best
    1/eta of them, until one configuration is left or the budget reaches max_budget.
    Returns (best config, its loss at the last rung, total budget spent, [(n_i, r_i) per rung]).
    """
    alive = np.asarray(cfgs)
    r, spent, rungs = float(min_budget), 0.0, []
    while True:
        losses = objective(alive, r)
        spent += alive.shape[0] * r
        rungs.append((alive.shape[0], r))
        if alive.shape[0] == 1 or r >= max_budget:
            i = int(np.argmin(losses))
            return alive[i], float(losses[i]), spent, rungs
        keep = max(1, alive.shape[0] // eta)
        alive = alive[np.argsort(losses, kind="stable")[:keep]]
        r = min(r * eta, float(max_budget))
# --8<-- [end:successive_halving]


# %%
# --8<-- [start:bayes_opt]
from math import erf, sqrt

import numpy as np


def gp_posterior(
    X: np.ndarray,
    y: np.ndarray,
    Xs: np.ndarray,
    length_scale: float = 0.5,
    signal_var: float = 1.0,
    noise_var: float = 1e-6,
) -> tuple[np.ndarray, np.ndarray]:
    """GP posterior mean and standard deviation at Xs (1-D inputs, RBF kernel, zero prior mean).

    mu = k_*^T (K + s_n^2 I)^{-1} y,  var = k(x, x) - k_*^T (K + s_n^2 I)^{-1} k_*,
    both via one Cholesky factor of K + s_n^2 I.
    """
    def k(a, b):
        return signal_var * np.exp(-0.5 * (a[:, None] - b[None, :]) ** 2 / length_scale**2)

    L = np.linalg.cholesky(k(X, X) + noise_var * np.eye(X.size))
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    Ks = k(X, Xs)
    v = np.linalg.solve(L, Ks)
    var = np.maximum(signal_var - (v**2).sum(0), 1e-300)
    return Ks.T @ alpha, np.sqrt(var)


def expected_improvement(
    mu: np.ndarray, sd: np.ndarray, best: float, xi: float = 0.0
) -> np.ndarray:
    """E[max(0, best - xi - Y)] for Y ~ N(mu, sd^2), minimisation.

    Closed form: (best - xi - mu) Phi(z) + sd phi(z) with z = (best - xi - mu) / sd.
    """
    z = (best - xi - mu) / sd
    Phi = 0.5 * (1 + np.vectorize(erf)(z / sqrt(2)))
    phi = np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi)
    return (best - xi - mu) * Phi + sd * phi


def bayes_opt_1d(
    f,
    lo: float,
    hi: float,
    n_init: int,
    n_iter: int,
    rng: np.random.Generator,
    length_scale: float = 0.5,
) -> tuple[np.ndarray, np.ndarray]:
    """Minimise f on [lo, hi]: n_init random points, then n_iter points maximising EI.

    EI is maximised over a 1000-point grid.

    The observations are standardised before the GP fit; returns all evaluated (x, f(x)) in order.
    """
    X = rng.uniform(lo, hi, n_init)
    Y = np.array([f(x) for x in X])
    grid = np.linspace(lo, hi, 1000)
    for _ in range(n_iter):
        m, s = Y.mean(), Y.std() + 1e-12
        mu, sd = gp_posterior(X, (Y - m) / s, grid, length_scale)
        x_next = grid[np.argmax(expected_improvement(mu, sd, ((Y - m) / s).min()))]
        X, Y = np.r_[X, x_next], np.r_[Y, f(x_next)]
    return X, Y
# --8<-- [end:bayes_opt]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    obj = lambda c, b: toy_loss(c, b, rng, noise=0.05)  # noqa: E731
    cfg, loss, spent = random_search(obj, 12, 81, rng)
    print(f"random search      : final loss {final_loss(cfg)[0]:.4f}, budget {spent:.0f}")
    cfg, loss, spent, rungs = successive_halving(obj, sample_configs(81, rng), 1, 81, eta=3)
    print(f"successive halving : final loss {final_loss(cfg)[0]:.4f}, budget {spent:.0f}")
    print("rungs (configs, budget):", rungs)
    X, Y = bayes_opt_1d(lambda u: float(final_loss(np.array([u, -3.0]))[0]), -5, 0, 3, 7, rng)
    print(f"Bayesian optimisation, log10 lr: best {X[np.argmin(Y)]:.3f} after {X.size} evaluations")
