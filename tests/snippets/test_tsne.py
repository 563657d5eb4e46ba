"""Oracle tests for snippets/tsne.py: perplexity calibration, gradient, descent, and
neighbourhood preservation compared with sklearn.manifold.TSNE via trustworthiness."""

import numpy as np
import pytest
from scipy.optimize import approx_fprime
from sklearn.manifold import TSNE, trustworthiness
from threadpoolctl import threadpool_limits

import tsne


def data(seed: int = 0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 4, size=(4, 10))
    return tsne.gaussian_clusters([30, 30, 30, 30], 10, [1.0, 1.0, 1.5, 0.7], centres, seed=seed)


@pytest.mark.parametrize("perplexity", [5.0, 15.0, 40.0])
def test_perplexity_calibration_hits_target(perplexity):
    X, _ = data()
    D2 = tsne.sq_distances(X)
    Pc, beta = tsne.conditional_p(D2, perplexity)
    np.testing.assert_allclose(Pc.sum(1), 1.0, rtol=1e-12)
    H = -(Pc * np.log(np.where(Pc > 0, Pc, 1.0))).sum(1)
    np.testing.assert_allclose(np.exp(H), perplexity, rtol=1e-6)
    # rows must be the Gaussian kernel with the returned precision (independent recomputation)
    W = np.exp(-beta[:, None] * (D2 - D2.min(1, keepdims=True)))
    np.fill_diagonal(W, 0.0)
    np.testing.assert_allclose(Pc, W / W.sum(1, keepdims=True), rtol=1e-9, atol=1e-15)


def test_gradient_matches_finite_differences():
    X, _ = data(1)
    P = tsne.joint_p(X[:25], 8.0)
    Y = np.random.default_rng(0).normal(size=(25, 2))
    _, grad = tsne.kl_and_grad(P, Y)
    f = lambda y: tsne.kl_and_grad(P, y.reshape(25, 2))[0]  # noqa: E731
    fd = approx_fprime(Y.ravel(), f, 1e-7).reshape(25, 2)
    np.testing.assert_allclose(grad, fd, rtol=1e-4, atol=1e-6)


def test_kl_decreases():
    X, _ = data(2)
    _, trace = tsne.tsne(X, perplexity=15, n_iter=450, exaggeration_iters=150)
    assert trace[-1] < 0.5 * trace[0]
    # once settled, steps keep decreasing the objective (up to momentum wiggle of 1e-3)
    assert np.all(np.diff(trace[len(trace) // 2:]) < 1e-3)


def test_trustworthiness_comparable_to_sklearn():
    X, _ = data(3)
    Y, _ = tsne.tsne(X, perplexity=15, n_iter=500, seed=0)
    with threadpool_limits(1):  # Barnes-Hut threads only slow down on a shared 2-core machine
        ref = TSNE(n_components=2, perplexity=15, init="random", random_state=0).fit_transform(X)
    ours_t = trustworthiness(X, Y, n_neighbors=5)
    ref_t = trustworthiness(X, ref, n_neighbors=5)
    # at least as good as scikit-learn's Barnes-Hut t-SNE up to 0.02, and far above random
    assert ours_t >= ref_t - 0.02
    rand_t = trustworthiness(X, np.random.default_rng(0).normal(size=(len(X), 2)), n_neighbors=5)
    assert ours_t > rand_t + 0.2
