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
# # Maximum likelihood fits and conjugate Bayesian updates
# From-scratch NumPy implementation used by the notes "Maximum Likelihood and MAP Estimation"
# and "Bayesian Inference".

# %%
# --8<-- [start:mle_closed_form]
import numpy as np


def bernoulli_mle(x: np.ndarray) -> float:
    """p_hat = k / n: the sample mean of 0/1 outcomes."""
    return float(np.mean(x))


def poisson_mle(x: np.ndarray) -> float:
    """lambda_hat = sample mean of the counts."""
    return float(np.mean(x))


def exponential_mle(x: np.ndarray) -> float:
    """Rate lambda_hat = 1 / sample mean."""
    return float(1.0 / np.mean(x))


def gaussian_mle(x: np.ndarray) -> tuple[float, float]:
    """(mu_hat, sigma_hat): sample mean and the biased (divide-by-n) standard deviation."""
    mu = float(np.mean(x))
    return mu, float(np.sqrt(np.mean((x - mu) ** 2)))


def mvn_mle(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean vector and covariance (divide by n) of a multivariate Gaussian, rows = samples."""
    mu = X.mean(axis=0)
    Xc = X - mu
    return mu, Xc.T @ Xc / X.shape[0]
# --8<-- [end:mle_closed_form]


# %%
# --8<-- [start:gamma_mle]
def digamma(x: float) -> float:
    """psi(x) = d/dx log Gamma(x) for x > 0: recurrence up to x >= 10, then asymptotic series."""
    result = 0.0
    while x < 10.0:
        result -= 1.0 / x
        x += 1.0
    f = 1.0 / (x * x)
    series = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))))
    return result + np.log(x) - 0.5 / x - series


def trigamma(x: float) -> float:
    """psi'(x) for x > 0, same scheme as digamma."""
    result = 0.0
    while x < 10.0:
        result += 1.0 / (x * x)
        x += 1.0
    f = 1.0 / (x * x)
    return result + 1 / x + f / 2 + f / x * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)))


def gamma_mle(x: np.ndarray, tol: float = 1e-12, max_iter: int = 100) -> tuple[float, float]:
    """(shape k, scale theta) of a Gamma distribution by Newton's method on k.

    Setting the score to zero gives theta = mean / k and
    log k - psi(k) = s := log(mean) - mean(log x) > 0, solved by Newton from the
    closed-form start k0 = (3 - s + sqrt((s - 3)^2 + 24 s)) / (12 s) (Minka, 2002).
    """
    mean = float(np.mean(x))
    s = np.log(mean) - float(np.mean(np.log(x)))
    k = (3 - s + np.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s)
    for _ in range(max_iter):
        g = np.log(k) - digamma(k) - s
        step = g / (1.0 / k - trigamma(k))
        k_new = k - step
        k = k_new if k_new > 0 else k / 2  # stay in the domain k > 0
        if abs(step) < tol * k:
            break
    return float(k), mean / float(k)
# --8<-- [end:gamma_mle]


# %%
# --8<-- [start:conjugate]
import numpy as np


def beta_binomial_update(a: float, b: float, successes: int, trials: int) -> tuple[float, float]:
    """Beta(a, b) prior, k successes in n Bernoulli trials -> Beta(a + k, b + n - k)."""
    return a + successes, b + trials - successes


def beta_summary(a: float, b: float) -> dict[str, float]:
    """Mean, variance and mode (the MAP estimate, defined for a, b > 1) of Beta(a, b)."""
    return {
        "mean": a / (a + b),
        "var": a * b / ((a + b) ** 2 * (a + b + 1)),
        "map": (a - 1) / (a + b - 2) if a > 1 and b > 1 else float("nan"),
    }


def normal_normal_update(
    mu0: float, tau0: float, sigma: float, x: np.ndarray
) -> tuple[float, float]:
    """Prior mu ~ N(mu0, tau0^2), data x_i ~ N(mu, sigma^2) with sigma known.

    Precisions add: 1/tau_n^2 = 1/tau0^2 + n/sigma^2, and the posterior mean is the
    precision-weighted average of mu0 and the sample mean. Returns (mu_n, tau_n).
    """
    n = len(x)
    prec = 1.0 / tau0**2 + n / sigma**2
    mu_n = (mu0 / tau0**2 + np.sum(x) / sigma**2) / prec
    return float(mu_n), float(np.sqrt(1.0 / prec))
# --8<-- [end:conjugate]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.gamma(shape=2.5, scale=1.5, size=2000)
    print("Gamma MLE (true k=2.5, theta=1.5):", np.round(gamma_mle(x), 4))
    print("Gaussian MLE on N(3, 2^2):", np.round(gaussian_mle(rng.normal(3, 2, 1000)), 4))
    a, b = beta_binomial_update(2, 2, successes=7, trials=10)
    summary = {k: round(v, 4) for k, v in beta_summary(a, b).items()}
    print(f"Beta(2,2) + 7/10 -> Beta({a},{b}):", summary)
    print("Normal-Normal posterior (mu_n, tau_n):",
          np.round(normal_normal_update(0.0, 1.0, 2.0, rng.normal(1.0, 2.0, 20)), 4))
