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
# # Robust regression: Huber and Tukey bisquare M-estimators by IRLS
# From-scratch NumPy implementation used by the note "Robust Regression".
# Minimise sum_i rho(r_i / s) with r = y - X w and a robust residual scale s (normalised MAD).

# %%
# --8<-- [start:losses]
import numpy as np


def huber_rho(u: np.ndarray, c: float = 1.345) -> np.ndarray:
    """Huber loss: u^2 / 2 for |u| <= c, c |u| - c^2 / 2 beyond (quadratic core, linear tails)."""
    a = np.abs(u)
    return np.where(a <= c, 0.5 * u * u, c * a - 0.5 * c * c)


def huber_weight(u: np.ndarray, c: float = 1.345) -> np.ndarray:
    """IRLS weight psi(u) / u = min(1, c / |u|)."""
    return np.minimum(1.0, c / np.maximum(np.abs(u), 1e-300))


def bisquare_weight(u: np.ndarray, c: float = 4.685) -> np.ndarray:
    """Tukey bisquare weight (1 - (u/c)^2)^2 for |u| < c, else 0: gross outliers get weight zero."""
    return np.where(np.abs(u) < c, (1 - (u / c) ** 2) ** 2, 0.0)


def mad_scale(r: np.ndarray) -> float:
    """Normalised median absolute deviation: consistent for sigma under Gaussian noise."""
    return float(np.median(np.abs(r - np.median(r))) / 0.6744897501960817)
# --8<-- [end:losses]


# %%
# --8<-- [start:irls]
def irls(X: np.ndarray, y: np.ndarray, weight_fn, scale: float | None = None, w0: np.ndarray | None = None,
         n_iter: int = 200, tol: float = 1e-10) -> tuple[np.ndarray, float, np.ndarray]:
    """Iteratively reweighted least squares for an M-estimator.

    Setting the gradient of sum rho(r_i / s) to zero gives X^T W r = 0 with W = diag(psi(u)/u):
    a weighted least-squares problem whose weights depend on the fit, so alternate
    (weights from residuals) -> (weighted LS). For convex rho (Huber) this converges to the global
    minimum; for redescending rho (bisquare) it finds a local one, so start from a robust fit.
    If scale is None it is the MAD of the starting residuals and then held fixed.
    Returns (w, scale, final weights).
    """
    w = np.linalg.lstsq(X, y, rcond=None)[0] if w0 is None else w0.copy()
    s = mad_scale(y - X @ w) if scale is None else scale
    for _ in range(n_iter):
        u = (y - X @ w) / s
        sw = np.sqrt(weight_fn(u))
        w_new = np.linalg.lstsq(X * sw[:, None], y * sw, rcond=None)[0]
        if np.max(np.abs(w_new - w)) < tol * (1 + np.max(np.abs(w))):
            w = w_new
            break
        w = w_new
    return w, s, weight_fn((y - X @ w) / s)
# --8<-- [end:irls]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n = 100
    x = rng.uniform(0, 10, n)
    X = np.c_[np.ones(n), x]
    y = 1.0 + 2.0 * x + rng.normal(size=n)
    bad = rng.choice(n, 20, replace=False)
    y[bad] = rng.uniform(-40, -20, 20)            # 20% gross outliers
    w_ols = np.linalg.lstsq(X, y, rcond=None)[0]
    w_hub, _, _ = irls(X, y, huber_weight)
    s = mad_scale(y - X @ w_hub)                 # scale from the robust fit, not from OLS
    w_bis, _, wts = irls(X, y, bisquare_weight, scale=s, w0=w_hub)
    print("true      [1, 2]")
    print("OLS      ", np.round(w_ols, 3))
    print("Huber    ", np.round(w_hub, 3))
    print("bisquare ", np.round(w_bis, 3), "| outliers given weight 0:", int(np.sum(wts[bad] == 0)), "of 20")
