"""Tests for snippets/umap_lite.py: kNN against scikit-learn, the a, b fit against
scipy.optimize.curve_fit (what umap-learn uses), graph properties, and the layout's quality
measured by trustworthiness against PCA's."""

import numpy as np
import pytest
from scipy.optimize import curve_fit
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from sklearn.neighbors import NearestNeighbors

import umap_lite as u


def data(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 4, size=(4, 10))
    return np.vstack([c + s * rng.standard_normal((50, 10))
                      for c, s in zip(centres, [1.0, 1.0, 0.5, 2.0])])


def test_knn_matches_sklearn():
    X = data(0)
    idx, d = u.knn(X, 10)
    ref_d, ref_idx = NearestNeighbors(n_neighbors=11).fit(X).kneighbors(X)
    np.testing.assert_allclose(d, ref_d[:, 1:], rtol=1e-7, atol=1e-7)
    np.testing.assert_array_equal(np.sort(idx, 1), np.sort(ref_idx[:, 1:], 1))


@pytest.mark.parametrize("min_dist", [0.0, 0.1, 0.5])
def test_ab_fit_matches_curve_fit(min_dist):
    x = np.linspace(0, 3, 300)
    y = np.where(x < min_dist, 1.0, np.exp(-(x - min_dist)))
    (a_ref, b_ref), _ = curve_fit(lambda x, a, b: 1.0 / (1.0 + a * x ** (2 * b)), x, y)
    # a grid search with step 1e-3 in a and 4e-4 in b: agree to 1% relative
    np.testing.assert_allclose(u.fit_ab(min_dist), (a_ref, b_ref), rtol=1e-2)


def test_graph_calibration_and_symmetry():
    X = data(1)
    k = 15
    idx, d = u.knn(X, k)
    rho, sigma = u.smooth_knn(d)
    sums = np.exp(-np.maximum(d - rho[:, None], 0) / sigma[:, None]).sum(1)
    np.testing.assert_allclose(sums, np.log2(k), rtol=1e-8)
    W = u.fuzzy_graph(X, k)
    np.testing.assert_allclose(W, W.T, atol=0)
    assert W.min() >= 0 and W.max() <= 1
    np.testing.assert_allclose(W.max(1), 1.0, rtol=1e-12)  # local connectivity


@pytest.mark.parametrize("seed", [0, 1])
def test_layout_lowers_cross_entropy_and_preserves_neighbourhoods(seed):
    X = data(seed)
    W = u.fuzzy_graph(X, 15)
    a, b = u.fit_ab(0.1)
    Y0 = u.spectral_init(W)
    Y = u.optimise_layout(W, Y0, a, b, seed=seed)
    assert u.cross_entropy(W, Y, a, b) < 0.5 * u.cross_entropy(W, Y0, a, b)
    ours = trustworthiness(X, Y, n_neighbors=5)
    pca = trustworthiness(X, PCA(2).fit_transform(X), n_neighbors=5)
    # better than the linear projection, and high in absolute terms
    assert ours > pca
    assert ours > 0.9
