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
# # Inverted dropout
# From-scratch NumPy implementation used by the note "Dropout".

# %%
# --8<-- [start:dropout]
import numpy as np


def dropout_forward(x: np.ndarray, p: float, rng: np.random.Generator, train: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """Zero each unit with probability p and scale survivors by 1/(1-p), so E[output] = x.

    Scaling at training time ("inverted") makes inference the identity: no rescaling to remember at test time.
    """
    if not train or p == 0.0:
        return x, None
    if p >= 1.0:
        return np.zeros_like(x), np.zeros_like(x)
    mask = (rng.random(x.shape) >= p) / (1.0 - p)
    return x * mask, mask


def dropout_backward(dout: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """The same mask (with its 1/(1-p) scale) multiplies the gradient."""
    return dout if mask is None else dout * mask
# --8<-- [end:dropout]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = np.ones((1000, 100))
    y, mask = dropout_forward(x, 0.3, rng)
    print(f"fraction dropped {np.mean(y == 0):.4f}, mean of output {y.mean():.4f}, survivors equal {y.max():.4f}")
