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
# # The VAE loss: reparameterization trick, closed-form Gaussian KL, and its gradients
# From-scratch NumPy implementation used by the note "Variational Autoencoders".

# %%
# --8<-- [start:vae_loss]
import numpy as np


def gaussian_kl(mu: np.ndarray, logvar: np.ndarray) -> np.ndarray:
    """KL( N(mu, diag exp(logvar)) || N(0, I) ) = 1/2 sum_j (mu_j^2 + sigma_j^2 - log sigma_j^2 - 1), per sample."""
    return 0.5 * np.sum(mu ** 2 + np.exp(logvar) - logvar - 1.0, axis=-1)


def reparameterize(mu: np.ndarray, logvar: np.ndarray, eps: np.ndarray) -> np.ndarray:
    """z = mu + sigma * eps with eps ~ N(0, I): the randomness is an input, so z is differentiable in (mu, logvar)."""
    return mu + np.exp(0.5 * logvar) * eps


def vae_loss_and_grads(x: np.ndarray, mu: np.ndarray, logvar: np.ndarray, eps: np.ndarray, W: np.ndarray, b: np.ndarray,
                       beta: float = 1.0) -> tuple[float, dict[str, np.ndarray]]:
    """Negative ELBO per sample, averaged over the batch, for binary data x and a linear-logistic decoder
    p(x | z) = Bernoulli(sigmoid(z W + b)), with a single reparameterized sample z.

    loss = E_batch[ BCE(x, sigmoid(zW + b)) summed over pixels + beta * KL ].
    Gradients w.r.t. mu and logvar flow through both the KL term and, via z, the reconstruction term.
    """
    N = x.shape[0]
    sigma = np.exp(0.5 * logvar)
    z = mu + sigma * eps
    logits = z @ W + b
    rec = np.sum(np.maximum(logits, 0) - logits * x + np.log1p(np.exp(-np.abs(logits))), axis=1)
    kl = gaussian_kl(mu, logvar)
    loss = float(np.mean(rec + beta * kl))
    dlogits = (0.5 * (1.0 + np.tanh(0.5 * logits)) - x) / N          # sigmoid(logits) - x
    dz = dlogits @ W.T
    grads = {
        "W": z.T @ dlogits,
        "b": dlogits.sum(axis=0),
        "mu": dz + beta * mu / N,                                      # dz/dmu = 1;  dKL/dmu = mu
        "logvar": dz * eps * 0.5 * sigma + beta * 0.5 * (np.exp(logvar) - 1.0) / N,  # dz/dlogvar = eps sigma / 2
    }
    return loss, grads
# --8<-- [end:vae_loss]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    mu, logvar = np.array([[1.0, -0.5]]), np.array([[0.2, -1.0]])
    eps = rng.normal(size=(200_000, 2))
    z = reparameterize(mu, logvar, eps)
    # Monte Carlo KL: E_q[log q(z) - log p(z)]
    log_q = -0.5 * np.sum(eps ** 2 + logvar + np.log(2 * np.pi), axis=1)
    log_p = -0.5 * np.sum(z ** 2 + np.log(2 * np.pi), axis=1)
    print(f"closed-form KL {gaussian_kl(mu, logvar)[0]:.4f}, Monte Carlo {np.mean(log_q - log_p):.4f}")
