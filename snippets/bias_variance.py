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
# # Bias-variance decomposition by simulation
# Fit polynomial (optionally ridge) regressions to many independent training sets drawn from
# y = f(x) + noise, and measure bias^2, variance and noise at test points. Used by the note
# "Bias-Variance Tradeoff".

# %%
# --8<-- [start:simulate]
import numpy as np


def true_f(x: np.ndarray) -> np.ndarray:
    """The regression function E[y | x] of the simulation."""
    return np.sin(np.pi * x)


def poly_features(x: np.ndarray, degree: int) -> np.ndarray:
    """Columns 1, x, ..., x^degree (x in [-1, 1] keeps this well conditioned for small degrees)."""
    return np.vander(x, degree + 1, increasing=True)


def fit_predict(
    x_tr: np.ndarray, y_tr: np.ndarray, x_te: np.ndarray, degree: int, lam: float = 0.0
) -> np.ndarray:
    """Least squares (lam = 0, minimum-norm) or ridge on polynomial features; predict at x_te."""
    P = poly_features(x_tr, degree)
    if lam > 0:
        w = np.linalg.solve(P.T @ P + lam * np.eye(degree + 1), P.T @ y_tr)
    else:
        w = np.linalg.lstsq(P, y_tr, rcond=None)[0]
    return poly_features(x_te, degree) @ w


def bias_variance(
    degree: int,
    n_train: int = 20,
    sigma: float = 0.3,
    n_sets: int = 500,
    lam: float = 0.0,
    x_test: np.ndarray | None = None,
    fixed_design: bool = False,
    rng: np.random.Generator | None = None,
) -> dict:
    """Monte-Carlo estimate of the decomposition, averaged over the test points.

    bias2    = mean_x (E_D[f_D(x)] - f(x))^2
    variance = mean_x Var_D[f_D(x)]
    noise    = sigma^2
    test_mse = mean over D, x of (f_D(x) - y)^2 with a fresh noisy label y for every D,
               an estimate of the expected test error that does not use the decomposition;
               test_mse_se is its Monte-Carlo standard error.
    Also returned: x_fixed (the fixed design) and preds (n_sets x n_test predictions).
    fixed_design=True keeps x_train fixed and redraws only the noise.
    """
    rng = rng or np.random.default_rng(0)
    x_test = np.linspace(-1, 1, 50) if x_test is None else x_test
    x_fixed = rng.uniform(-1, 1, n_train)
    preds = np.empty((n_sets, x_test.size))
    sq_err = np.empty(n_sets)
    for s in range(n_sets):
        x_tr = x_fixed if fixed_design else rng.uniform(-1, 1, n_train)
        y_tr = true_f(x_tr) + sigma * rng.normal(size=n_train)
        preds[s] = fit_predict(x_tr, y_tr, x_test, degree, lam)
        y_te = true_f(x_test) + sigma * rng.normal(size=x_test.size)
        sq_err[s] = np.mean((preds[s] - y_te) ** 2)
    mean_pred = preds.mean(axis=0)
    return {
        "bias2": float(np.mean((mean_pred - true_f(x_test)) ** 2)),
        "variance": float(np.mean(preds.var(axis=0))),
        "noise": sigma**2,
        "test_mse": float(sq_err.mean()),
        "test_mse_se": float(sq_err.std(ddof=1) / np.sqrt(n_sets)),
        "x_fixed": x_fixed,
        "preds": preds,
    }
# --8<-- [end:simulate]


# %%
if __name__ == "__main__":
    print("deg   bias2     var      noise    sum      test_mse")
    for d in [1, 3, 5, 9]:
        r = bias_variance(d, rng=np.random.default_rng(d))
        total = r["bias2"] + r["variance"] + r["noise"]
        print(
            f"{d:3d}  {r['bias2']:.4f}  {r['variance']:.4f}  {r['noise']:.4f}  "
            f"{total:.4f}  {r['test_mse']:.4f}"
        )
