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
# # Adapting to distribution shift
# Covariate shift: density ratios from a domain classifier (L2-regularised logistic regression fitted by
# Newton's method) and importance-weighted least squares. Label shift: black-box shift estimation (BBSE)
# and the EM prior adjustment of Saerens et al. (2002). Concept drift: recency-weighted retraining.
# Used by the note "Distribution Shift Adaptation".

# %%
# --8<-- [start:domain_classifier]
import numpy as np


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50) -> tuple[np.ndarray, float]:
    """Minimise sum_i logloss(y_i, sigmoid(x_i w + b)) + l2/2 ||w||^2 (bias unpenalised) by Newton's method."""
    n, d = X.shape
    A = np.hstack([X, np.ones((n, 1))])
    theta = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-A @ theta))
        grad = A.T @ (p - y) + reg * theta
        H = (A * (p * (1 - p))[:, None]).T @ A + np.diag(reg) + 1e-12 * np.eye(d + 1)
        step = np.linalg.solve(H, grad)
        theta -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return theta[:-1], float(theta[-1])


def density_ratio_weights(F_source: np.ndarray, F_target: np.ndarray, l2: float = 1.0,
                          clip: float | None = None) -> np.ndarray:
    """w(x) ~ p_target(x) / p_source(x) on the source rows, from a source-vs-target classifier:
    p_t/p_s = (n_s/n_t) * P(target|x) / P(source|x) = (n_s/n_t) * exp(logit). Normalised to mean 1."""
    X = np.vstack([F_source, F_target])
    d = np.r_[np.zeros(len(F_source)), np.ones(len(F_target))]
    w_coef, b = fit_logistic(X, d, l2)
    w = len(F_source) / len(F_target) * np.exp(F_source @ w_coef + b)
    if clip is not None:
        w = np.minimum(w, clip)
    return w / w.mean()


def weighted_least_squares(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """argmin sum_i w_i (y_i - [x_i, 1] beta)^2; returns beta with the intercept last."""
    A = np.hstack([X, np.ones((len(X), 1))])
    sw = np.sqrt(w)
    return np.linalg.lstsq(A * sw[:, None], y * sw, rcond=None)[0]


def effective_sample_size(w: np.ndarray) -> float:
    """Kish's ESS = (sum w)^2 / sum w^2."""
    return float(w.sum() ** 2 / np.sum(w ** 2))
# --8<-- [end:domain_classifier]


# %%
# --8<-- [start:label_shift]
def fit_lda(X: np.ndarray, y: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gaussian class-conditionals with a shared covariance: class means, pooled covariance, class priors."""
    means = np.array([X[y == c].mean(axis=0) for c in range(k)])
    R = X - means[y]
    cov = R.T @ R / (len(X) - k)
    priors = np.bincount(y, minlength=k) / len(y)
    return means, cov, priors


def lda_proba(X: np.ndarray, means: np.ndarray, cov: np.ndarray, priors: np.ndarray) -> np.ndarray:
    """Posterior P(y | x) under the fitted model (calibrated when the model is right)."""
    P = np.linalg.inv(cov)
    logits = X @ P @ means.T - 0.5 * np.sum(means @ P * means, axis=1) + np.log(priors)
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


def bbse(pred_val: np.ndarray, y_val: np.ndarray, pred_target: np.ndarray, k: int
         ) -> tuple[np.ndarray, np.ndarray]:
    """Black-box shift estimation (Lipton et al., 2018). Under label shift P(yhat | y) is unchanged, so
    mu_t = C w with C[i, j] = P_s(yhat = i, y = j) and w_j = q_t(j) / p_s(j). Solve, clip at 0.
    Returns the class weights w and the target prior q_t = w * p_s (p_s = column sums of C)."""
    C = np.zeros((k, k))
    np.add.at(C, (pred_val, y_val), 1.0)
    C /= len(y_val)
    mu = np.bincount(pred_target, minlength=k) / len(pred_target)
    w = np.maximum(np.linalg.solve(C, mu), 0.0)
    q = w * C.sum(axis=0)
    return w, q / q.sum()


def em_prior_adjustment(proba_target: np.ndarray, source_priors: np.ndarray, iters: int = 1000,
                        tol: float = 1e-10) -> tuple[np.ndarray, np.ndarray]:
    """Saerens, Latinne and Decaestecker (2002). E-step: reweight each calibrated source posterior by
    pi_t / pi_s and renormalise; M-step: pi_t = mean adjusted posterior. Returns (pi_t, adjusted posteriors)."""
    pi = source_priors.copy()
    for _ in range(iters):
        adj = proba_target * (pi / source_priors)
        adj /= adj.sum(axis=1, keepdims=True)
        new = adj.mean(axis=0)
        if np.max(np.abs(new - pi)) < tol:
            pi = new
            break
        pi = new
    return pi, adj
# --8<-- [end:label_shift]


# %%
# --8<-- [start:recency]
def recency_weights(age: np.ndarray, half_life: float) -> np.ndarray:
    """w = 2^(-age / half_life): an example half_life periods old counts half as much as a fresh one."""
    return 0.5 ** (np.asarray(age, float) / half_life)


def drifting_stream(periods: int, n_per: int, rng: np.random.Generator, trend: float = 0.05,
                    drift: float = 0.1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """y = a_t x + noise, the slope a_t = 1 + trend t + a random walk (gradual concept drift)."""
    slopes = 1.0 + trend * np.arange(periods) + np.cumsum(rng.normal(0, drift, periods))
    t = np.repeat(np.arange(periods), n_per)
    x = rng.normal(size=periods * n_per)
    y = slopes[t] * x + rng.normal(0, 0.5, size=x.size)
    return x[:, None], y, t
# --8<-- [end:recency]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    # covariate shift: source N(0.5, 0.5^2), target N(0, 0.3^2), y = x^3 - x + noise (Shimodaira, 2000)
    f = lambda x: x ** 3 - x
    xs, xt = rng.normal(0.5, 0.5, 2000), rng.normal(0.0, 0.3, 2000)
    ys, yt = f(xs) + rng.normal(0, 0.3, xs.size), f(xt) + rng.normal(0, 0.3, xt.size)
    phi = lambda x: np.c_[x, x ** 2]
    w = density_ratio_weights(phi(xs), phi(xt))
    for name, ww in (("unweighted", np.ones_like(xs)), ("importance-weighted", w)):
        beta = weighted_least_squares(xs[:, None], ys, ww)
        mse = np.mean((yt - (beta[0] * xt + beta[1])) ** 2)
        print(f"{name:>20}: slope {beta[0]:+.3f}, target MSE {mse:.4f}")
    print(f"ESS of the weights: {effective_sample_size(w):.0f} of {len(w)}")
