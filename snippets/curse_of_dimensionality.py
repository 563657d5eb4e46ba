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
# # The curse of dimensionality: distance concentration and empty space
# NumPy experiments used by the note "Curse of Dimensionality".

# %%
# --8<-- [start:concentration]
import math

import numpy as np


def pairwise_sq_dists_uniform(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """Squared distances between n/2 disjoint pairs of points drawn uniformly from [0, 1]^d."""
    A = rng.random((n // 2, d))
    B = rng.random((n // 2, d))
    return ((A - B) ** 2).sum(1)


def relative_contrast(n: int, d: int, rng: np.random.Generator) -> float:
    """(D_max - D_min) / D_min for the distances from one random query to n uniform points.

    Beyer et al. (1999): for i.i.d. coordinates this tends to 0 as d grows, so the
    'nearest' neighbour is barely nearer than the farthest.
    """
    X = rng.random((n, d))
    q = rng.random(d)
    dist = np.sqrt(((X - q) ** 2).sum(1))
    return float((dist.max() - dist.min()) / dist.min())


def cv_theory(d: int) -> float:
    """Coefficient of variation of ||x - y||^2 for x, y uniform on [0, 1]^d: sqrt(7/5) / sqrt(d).

    Per coordinate (x_j - y_j)^2 has mean 1/6 and variance 1/15 - 1/36 = 7/180.
    """
    return math.sqrt(7 * d / 180) / (d / 6)
# --8<-- [end:concentration]


# %%
# --8<-- [start:volume]
def log10_ball_to_cube_volume(d: int) -> float:
    """log10 of (volume of the unit d-ball) / (volume of its bounding cube [-1, 1]^d),
    the ratio being pi^(d/2) / (Gamma(d/2 + 1) 2^d); in log space because it underflows."""
    ln = 0.5 * d * math.log(math.pi) - math.lgamma(d / 2 + 1) - d * math.log(2)
    return ln / math.log(10)


def shell_fraction(d: int, eps: float) -> float:
    """Fraction of a ball's volume within eps of its surface: 1 - (1 - eps)^d."""
    return 1.0 - (1.0 - eps) ** d
# --8<-- [end:volume]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    for d in [1, 10, 100, 1000]:
        sq = pairwise_sq_dists_uniform(2000, d, rng)
        print(f"d={d:5d}: CV of squared distance {sq.std() / sq.mean():.3f} "
              f"(theory {cv_theory(d):.3f}), relative contrast {relative_contrast(500, d, rng):8.3f}, "
              f"ball/cube volume 10^{log10_ball_to_cube_volume(d):.1f}")
