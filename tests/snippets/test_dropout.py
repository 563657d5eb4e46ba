"""Oracle: statistical properties that must hold for inverted dropout (binomial drop count, unbiased mean),
plus the gradient uses the forward mask and evaluation is the identity."""

import numpy as np
import pytest

import dropout as D


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_drop_rate_and_unbiased_mean(p):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 250)) + 2.0
    n = x.size
    y, mask = D.dropout_forward(x, p, rng)
    dropped = np.sum(y == 0)
    # drop count ~ Binomial(n, p): within 5 standard deviations
    assert abs(dropped - n * p) < 5 * np.sqrt(n * p * (1 - p))
    # survivors are scaled by exactly 1/(1-p)
    np.testing.assert_allclose(y[y != 0], x[y != 0] / (1 - p), rtol=1e-12)
    # E[y] = x: the mean of y - x has standard error sqrt(p/(1-p)) * rms(x) / sqrt(n)
    se = np.sqrt(p / (1 - p)) * np.sqrt(np.mean(x ** 2)) / np.sqrt(n)
    assert abs(np.mean(y - x)) < 5 * se


def test_backward_uses_mask_and_eval_is_identity():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(50, 20))
    y, mask = D.dropout_forward(x, 0.3, rng)
    g = rng.normal(size=x.shape)
    np.testing.assert_allclose(D.dropout_backward(g, mask), g * (y != 0) / 0.7, rtol=1e-12)
    out, m = D.dropout_forward(x, 0.3, rng, train=False)
    assert m is None and out is x


def test_mask_is_reproducible_with_seed():
    a = D.dropout_forward(np.ones(100), 0.5, np.random.default_rng(7))[0]
    b = D.dropout_forward(np.ones(100), 0.5, np.random.default_rng(7))[0]
    np.testing.assert_array_equal(a, b)
