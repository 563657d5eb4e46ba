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
# # Gaussian and multinomial naive Bayes
# From-scratch NumPy implementation used by the note "Naive Bayes".

# %%
# --8<-- [start:gaussian]
import numpy as np


def logsumexp(a: np.ndarray, axis: int = -1) -> np.ndarray:
    m = np.max(a, axis=axis, keepdims=True)
    return np.squeeze(m, axis) + np.log(np.sum(np.exp(a - m), axis=axis))


class GaussianNB:
    """p(y = c | x) proportional to pi_c prod_j N(x_j; mu_cj, sigma_cj^2).

    Maximum-likelihood fit: class frequencies, per-class feature means and variances.
    var_smoothing adds eps * max_j Var(x_j) to every variance (the scikit-learn convention)
    so a feature constant within a class does not give a zero variance.
    """

    def __init__(self, var_smoothing: float = 1e-9):
        self.var_smoothing = var_smoothing

    def fit(self, X: np.ndarray, y: np.ndarray) -> "GaussianNB":
        self.classes_ = np.unique(y)
        eps = self.var_smoothing * np.var(X, axis=0).max()
        self.log_prior_ = np.log(np.array([np.mean(y == c) for c in self.classes_]))
        self.mu_ = np.array([X[y == c].mean(0) for c in self.classes_])
        self.var_ = np.array([X[y == c].var(0) for c in self.classes_]) + eps
        return self

    def joint_log_likelihood(self, X: np.ndarray) -> np.ndarray:
        """log pi_c + sum_j log N(x_j; mu_cj, var_cj) for every row and class: shape (n, K)."""
        ll = -0.5 * (np.log(2 * np.pi * self.var_)[None] + (X[:, None, :] - self.mu_[None]) ** 2 / self.var_[None])
        return self.log_prior_[None] + ll.sum(-1)

    def predict_log_proba(self, X: np.ndarray) -> np.ndarray:
        jll = self.joint_log_likelihood(X)
        return jll - logsumexp(jll, axis=1)[:, None]

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.classes_[np.argmax(self.joint_log_likelihood(X), axis=1)]
# --8<-- [end:gaussian]


# %%
# --8<-- [start:multinomial]
class MultinomialNB:
    """Bag-of-words naive Bayes: log p(x | c) = sum_j x_j log theta_cj + const, with
    Laplace / Lidstone smoothing theta_cj = (N_cj + a) / (N_c + a V)."""

    def __init__(self, alpha: float = 1.0):
        self.alpha = alpha

    def fit(self, X: np.ndarray, y: np.ndarray) -> "MultinomialNB":
        self.classes_ = np.unique(y)
        counts = np.array([X[y == c].sum(0) for c in self.classes_]) + self.alpha
        self.log_theta_ = np.log(counts / counts.sum(1, keepdims=True))
        self.log_prior_ = np.log(np.array([np.mean(y == c) for c in self.classes_]))
        return self

    def predict_log_proba(self, X: np.ndarray) -> np.ndarray:
        jll = X @ self.log_theta_.T + self.log_prior_
        return jll - logsumexp(jll, axis=1)[:, None]

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_log_proba(X), axis=1)]
# --8<-- [end:multinomial]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal([0, 0], [1.0, 0.5], (150, 2)), rng.normal([2, 1], [0.7, 1.2], (150, 2))])
    y = np.r_[np.zeros(150, int), np.ones(150, int)]
    nb = GaussianNB().fit(X, y)
    print("class means:\n", np.round(nb.mu_, 3))
    print("training accuracy:", np.mean(nb.predict(X) == y))
    docs = rng.poisson(np.r_[[3, 1, 1, 0.2]] * np.ones((50, 1)))
    docs2 = rng.poisson(np.r_[[0.5, 1, 1, 3]] * np.ones((50, 1)))
    mnb = MultinomialNB().fit(np.vstack([docs, docs2]), np.r_[np.zeros(50, int), np.ones(50, int)])
    print("word probabilities per class:\n", np.round(np.exp(mnb.log_theta_), 3))
