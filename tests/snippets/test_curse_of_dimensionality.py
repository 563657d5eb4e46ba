"""Tests for snippets/curse_of_dimensionality.py against closed forms, SciPy and Monte Carlo."""

import math

import numpy as np
import pytest
from scipy.special import gamma

import curse_of_dimensionality as cod


@pytest.mark.parametrize("d", [2, 20, 200])
def test_cv_of_squared_distance_matches_theory(d):
    sq = cod.pairwise_sq_dists_uniform(40000, d, np.random.default_rng(d))
    # 20000 pairs: the sample CV is within 3% of sqrt(7/5)/sqrt(d)
    np.testing.assert_allclose(sq.std() / sq.mean(), cod.cv_theory(d), rtol=0.03)
    np.testing.assert_allclose(sq.mean(), d / 6, rtol=0.02)


def test_relative_contrast_shrinks_with_dimension():
    rng = np.random.default_rng(0)
    rc = [np.mean([cod.relative_contrast(200, d, rng) for _ in range(5)]) for d in [2, 20, 200, 2000]]
    assert all(a > b for a, b in zip(rc, rc[1:]))
    assert rc[-1] < 0.15


@pytest.mark.parametrize("d", [1, 2, 3, 7, 30])
def test_ball_volume_matches_scipy_gamma(d):
    ratio = math.pi ** (d / 2) / gamma(d / 2 + 1) / 2**d
    np.testing.assert_allclose(10 ** cod.log10_ball_to_cube_volume(d), ratio, rtol=1e-12)


def test_ball_volume_matches_monte_carlo():
    U = np.random.default_rng(1).uniform(-1, 1, size=(200000, 4))
    frac = ((U**2).sum(1) <= 1).mean()
    np.testing.assert_allclose(frac, 10 ** cod.log10_ball_to_cube_volume(4), rtol=0.02)


def test_shell_fraction():
    assert cod.shell_fraction(1, 0.1) == pytest.approx(0.1, rel=1e-12)
    assert cod.shell_fraction(100, 0.05) == pytest.approx(1 - 0.95**100, rel=1e-12)
