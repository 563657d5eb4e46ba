"""Oracle tests for snippets/linear_autoencoder.py: the learned subspace against the PCA
subspace from sklearn.decomposition.PCA, via scipy.linalg.subspace_angles."""

import numpy as np
import pytest
from scipy.linalg import subspace_angles
from sklearn.decomposition import PCA

import linear_autoencoder as lae


def data(seed: int, n: int = 400, d: int = 8) -> np.ndarray:
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    return (rng.standard_normal((n, d)) * 0.7 ** np.arange(d)) @ Q.T + rng.normal(size=d)


@pytest.mark.parametrize("seed,k", [(0, 2), (1, 3), (2, 4)])
def test_decoder_spans_pca_subspace(seed, k):
    X = data(seed)
    E, D, losses = lae.train_linear_autoencoder(X, k=k, seed=seed)
    V = PCA(n_components=k).fit(X).components_.T
    # all principal angles below 0.5 degrees
    assert np.degrees(subspace_angles(D, V)).max() < 0.5
    assert np.degrees(subspace_angles(E.T, V)).max() < 0.5
    # the loss reaches the Eckart-Young optimum: the discarded variance (biased, /n), rtol 1e-4
    s = np.linalg.svd(X - X.mean(0), compute_uv=False)
    np.testing.assert_allclose(losses[-1], (s[k:] ** 2).sum() / len(X), rtol=1e-4)


def test_gradient_descent_decreases_loss():
    _, _, losses = lae.train_linear_autoencoder(data(3), k=2, n_steps=500)
    assert np.all(np.diff(losses) <= 1e-12)


def test_principal_angles_match_scipy():
    rng = np.random.default_rng(4)
    A, B = rng.normal(size=(7, 3)), rng.normal(size=(7, 3))
    np.testing.assert_allclose(lae.principal_angles(A, B), np.sort(subspace_angles(A, B)),
                               atol=1e-7)
