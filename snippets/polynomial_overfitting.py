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
# # Polynomial regression and over-fitting
# From-scratch NumPy implementation used by the note "Polynomial Regression and Overfitting":
# least-squares polynomial fits of growing degree, their training and validation error, and figures.

# %%
# --8<-- [start:fit]
import numpy as np


def poly_features(x: np.ndarray, degree: int) -> np.ndarray:
    """Vandermonde design [1, x, x^2, ..., x^degree] (x should be scaled to [-1, 1])."""
    return np.vander(x, degree + 1, increasing=True)


def fit_poly(x: np.ndarray, y: np.ndarray, degree: int, alpha: float = 0.0) -> np.ndarray:
    """Least squares (alpha = 0) or ridge (alpha > 0, intercept unpenalised) polynomial fit.

    Solved through the augmented least-squares problem [Phi; sqrt(alpha) P] w = [y; 0],
    which avoids forming Phi^T Phi (whose condition number is the square of Phi's)."""
    Phi = poly_features(x, degree)
    if alpha > 0:
        P = np.sqrt(alpha) * np.eye(degree + 1)[1:]
        Phi = np.vstack([Phi, P])
        y = np.r_[y, np.zeros(degree)]
    return np.linalg.lstsq(Phi, y, rcond=None)[0]


def predict_poly(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return poly_features(x, len(w) - 1) @ w


def make_data(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """y = sin(pi x) + Gaussian noise, x uniform on [-1, 1]."""
    x = rng.uniform(-1, 1, n)
    return x, np.sin(np.pi * x) + noise * rng.normal(size=n)


def error_curve(x_tr, y_tr, x_va, y_va, degrees, alpha: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Training and validation MSE for each degree."""
    tr, va = [], []
    for d in degrees:
        w = fit_poly(x_tr, y_tr, d, alpha)
        tr.append(np.mean((predict_poly(w, x_tr) - y_tr) ** 2))
        va.append(np.mean((predict_poly(w, x_va) - y_va) ** 2))
    return np.array(tr), np.array(va)
# --8<-- [end:fit]


# %%
# --8<-- [start:plots]
import matplotlib.pyplot as plt


def plot_fits(x_tr, y_tr, degrees=(1, 3, 14), alpha: float = 0.0):
    """Training points, the true curve and the fitted polynomials of the given degrees."""
    grid = np.linspace(-1, 1, 400)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.scatter(x_tr, y_tr, s=18, color="k", label="training data", zorder=3)
    ax.plot(grid, np.sin(np.pi * grid), "k--", lw=1, label="true sin(pi x)")
    for d in degrees:
        ax.plot(grid, predict_poly(fit_poly(x_tr, y_tr, d, alpha), grid), label=f"degree {d}")
    ax.set_ylim(-2, 2)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(f"Polynomial fits to {len(x_tr)} points" + (f" (ridge alpha={alpha:g})" if alpha else ""))
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def plot_error_curve(degrees, tr, va):
    """Training and validation MSE against degree on a log scale (floored at 1e-4 so that an
    interpolating fit, whose training error is 0 up to round-off, stays on the plot)."""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.semilogy(degrees, np.maximum(tr, 1e-4), "o-", label="training MSE (floored at 1e-4)")
    ax.semilogy(degrees, va, "s-", label="validation MSE")
    best = degrees[int(np.argmin(va))]
    ax.axvline(best, color="gray", ls=":", label=f"best degree = {best}")
    ax.set_xlabel("polynomial degree")
    ax.set_ylabel("mean squared error")
    ax.set_title("Training error falls, validation error is U-shaped")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
# --8<-- [end:plots]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x_tr, y_tr = make_data(15, 0.25, rng)
    x_va, y_va = make_data(500, 0.25, rng)
    degrees = np.arange(0, 15)
    tr, va = error_curve(x_tr, y_tr, x_va, y_va, degrees)
    for d, a, b in zip(degrees, tr, va):
        print(f"degree {d:2d}: train MSE {a:.4f}  validation MSE {b:.4f}")
    plot_fits(x_tr, y_tr)
    plot_error_curve(degrees, tr, va)
