"""Oracle tests for snippets/pca.py against sklearn.decomposition.PCA and numpy.linalg.eigh."""

import numpy as np
import pytest
from sklearn.decomposition import PCA

import pca


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("k", [1, 3, 5])
def test_matches_sklearn(seed, k):
    X = pca.correlated_gaussian(300, 8, seed=seed)
    ours = pca.pca_fit(X, k)
    ref = PCA(n_components=k, svd_solver="full").fit(X)
    # same sign convention as scikit-learn >= 1.5 (largest |entry| of each component positive),
    # so components and scores agree exactly, with no sign alignment; tolerance 1e-8
    np.testing.assert_allclose(ours["components"], ref.components_, atol=1e-8)
    np.testing.assert_allclose(ours["explained_variance"], ref.explained_variance_, rtol=1e-10)
    np.testing.assert_allclose(ours["explained_variance_ratio"], ref.explained_variance_ratio_,
                               rtol=1e-10)
    np.testing.assert_allclose(pca.pca_transform(ours, X), ref.transform(X), atol=1e-8)


def test_variances_are_covariance_eigenvalues():
    X = pca.correlated_gaussian(200, 5, seed=2)
    evals = np.linalg.eigh(np.cov(X, rowvar=False))[0][::-1]
    np.testing.assert_allclose(pca.pca_fit(X, 5)["explained_variance"], evals, rtol=1e-10)


@pytest.mark.parametrize("k", [1, 2, 4])
def test_reconstruction_error_is_discarded_variance(k):
    X = pca.correlated_gaussian(250, 6, seed=3)
    m = pca.pca_fit(X, k)
    err = ((X - pca.pca_inverse(m, pca.pca_transform(m, X))) ** 2).sum() / (len(X) - 1)
    full = pca.pca_fit(X, 6)["explained_variance"]
    np.testing.assert_allclose(err, full[k:].sum(), rtol=1e-10)
