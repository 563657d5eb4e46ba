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
# # Gaussian mixture model fitted by EM
# From-scratch NumPy implementation used by the note "Gaussian Mixture Models": full covariances,
# log-space E-step, closed-form M-step, a covariance floor, and the log-likelihood trace.

# %%
# --8<-- [start:logpdf]
import numpy as np


def gaussian_logpdf(X: np.ndarray, mean: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """log N(x | mean, cov) for every row of X, via a Cholesky factor (no explicit inverse)."""
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)          # L z = (x - mu)  =>  ||z||^2 = Mahalanobis^2
    log_det = 2.0 * np.log(np.diag(L)).sum()
    return -0.5 * (d * np.log(2 * np.pi) + log_det + (z**2).sum(0))


def logsumexp(A: np.ndarray, axis: int) -> np.ndarray:
    """Stable log(sum(exp(A))) along an axis."""
    m = A.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(A - m).sum(axis=axis, keepdims=True))).squeeze(axis)
# --8<-- [end:logpdf]


# %%
# --8<-- [start:em]
def e_step(X, weights, means, covs) -> tuple[np.ndarray, float]:
    """Responsibilities r_ik = p(z=k | x_i) and the mean log-likelihood per sample."""
    log_joint = np.stack(
        [np.log(w) + gaussian_logpdf(X, m, c) for w, m, c in zip(weights, means, covs)], axis=1
    )
    log_px = logsumexp(log_joint, axis=1)
    return np.exp(log_joint - log_px[:, None]), float(log_px.mean())


def m_step(X, R, reg_covar: float = 1e-6):
    """Closed-form maximisers of the expected complete-data log-likelihood."""
    Nk = R.sum(0) + 10 * np.finfo(float).eps
    weights = Nk / len(X)
    means = (R.T @ X) / Nk[:, None]
    covs = []
    for k in range(R.shape[1]):
        diff = X - means[k]
        covs.append((R[:, k, None] * diff).T @ diff / Nk[k] + reg_covar * np.eye(X.shape[1]))
    return weights, means, np.array(covs)


def fit_gmm(X: np.ndarray, k: int, seed: int = 0, max_iter: int = 200, tol: float = 1e-8,
            reg_covar: float = 1e-6):
    """EM from a k-means++-style start. Returns (weights, means, covs, loglik trace)."""
    rng = np.random.default_rng(seed)
    centers = [X[rng.integers(len(X))]]
    for _ in range(1, k):  # D^2 seeding of the means
        d2 = np.min([((X - c) ** 2).sum(1) for c in centers], axis=0)
        centers.append(X[rng.choice(len(X), p=d2 / d2.sum())])
    hard = np.argmin([((X - c) ** 2).sum(1) for c in centers], axis=0)
    params = m_step(X, np.eye(k)[hard], reg_covar)  # start from the hard partition
    trace = []
    for _ in range(max_iter):
        R, ll = e_step(X, *params)
        trace.append(ll)
        if len(trace) > 1 and trace[-1] - trace[-2] < tol:
            break
        params = m_step(X, R, reg_covar)
    return (*params, np.array(trace))
# --8<-- [end:em]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    A = rng.multivariate_normal([0, 0], [[2.0, 1.5], [1.5, 2.0]], size=300)
    B = rng.multivariate_normal([4, -2], [[0.5, 0.0], [0.0, 0.5]], size=150)
    X = np.vstack([A, B])
    w, mu, S, trace = fit_gmm(X, k=2, seed=0)
    print("weights:", np.round(w, 3))
    print("means:\n", np.round(mu, 2))
    print(f"mean log-likelihood: {trace[0]:.4f} -> {trace[-1]:.4f} in {len(trace)} E-steps")
