"""Oracles: scipy.stats.zscore and median_abs_deviation for the univariate scores; exact harmonic
sums for c(n); scikit-learn's IsolationForest (rank correlation of scores, same score scale),
LocalOutlierFactor (exact), PCA (exact reconstruction); roc_auc_score and average_precision_score."""

import numpy as np
from scipy import stats
from sklearn.decomposition import PCA
from sklearn.ensemble import IsolationForest
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.neighbors import LocalOutlierFactor

import anomaly_detection as A


def _data(seed=0):
    rng = np.random.default_rng(seed)
    inliers = np.vstack([rng.normal(0, 1, size=(600, 3)), rng.normal(5, 0.3, size=(300, 3))])
    outliers = rng.uniform(-4, 8, size=(30, 3))
    return np.vstack([inliers, outliers]), np.r_[np.zeros(900), np.ones(30)].astype(int)


def test_univariate_scores_match_scipy():
    X, _ = _data()
    np.testing.assert_allclose(A.zscore(X, X), np.abs(stats.zscore(X, axis=0)), rtol=1e-12)
    mad = stats.median_abs_deviation(X, axis=0, scale="normal")
    np.testing.assert_allclose(A.mad_score(X, X), np.abs(X - np.median(X, 0)) / mad, rtol=1e-5)


def test_c_factor_against_harmonic_sums():
    assert A.c_factor(np.array([1]))[0] == 0.0 and A.c_factor(np.array([2]))[0] == 1.0
    for n in (50, 256, 4096):
        exact = 2 * np.sum(1.0 / np.arange(1, n)) - 2 * (n - 1) / n
        # H(m) = ln m + gamma + 1/(2m) - O(1/m^2), so the approximation sits 1/(n - 1) below the exact value
        np.testing.assert_allclose(A.c_factor(np.array([n]))[0] - exact, -1.0 / (n - 1), rtol=0.02)


def test_isolation_forest_agrees_with_sklearn():
    X, y = _data(1)
    ours = A.isolation_forest_scores(X, X, n_trees=200, psi=256, seed=0)
    ref = -IsolationForest(n_estimators=200, max_samples=256, random_state=0).fit(X).score_samples(X)
    assert stats.spearmanr(ours, ref).statistic > 0.95
    assert abs(np.mean(ours - ref)) < 0.02 and np.mean(np.abs(ours - ref)) < 0.03   # same score scale
    assert roc_auc_score(y, ours) > 0.95 and abs(roc_auc_score(y, ours) - roc_auc_score(y, ref)) < 0.02


def test_lof_matches_sklearn_exactly():
    X, _ = _data(2)
    for k in (5, 20):
        ref = -LocalOutlierFactor(n_neighbors=k).fit(X).negative_outlier_factor_
        np.testing.assert_allclose(A.local_outlier_factor(X, k), ref, rtol=1e-8)


def test_pca_reconstruction_error_matches_sklearn():
    X, _ = _data(3)
    rng = np.random.default_rng(3)
    X = X @ rng.normal(size=(3, 6))  # 6 features on a 3-dimensional subspace, plus noise
    X += 0.05 * rng.normal(size=X.shape)
    X_new = rng.normal(size=(50, 6))
    for q in (1, 3):
        pca = PCA(n_components=q).fit(X)
        ref = np.sum((X_new - pca.inverse_transform(pca.transform(X_new))) ** 2, axis=1)
        np.testing.assert_allclose(A.pca_reconstruction_error(X, X_new, q), ref, rtol=1e-8)


def test_rank_metrics_match_sklearn():
    rng = np.random.default_rng(4)
    y = (rng.random(2000) < 0.02).astype(int)
    s = rng.normal(size=2000) + 1.5 * y
    np.testing.assert_allclose(A.roc_auc(y, s), roc_auc_score(y, s), rtol=1e-12)
    np.testing.assert_allclose(A.average_precision(y, s), average_precision_score(y, s), rtol=1e-12)
    s_tied = np.round(s, 1)                                  # many ties: AUC counts them half
    np.testing.assert_allclose(A.roc_auc(y, s_tied), roc_auc_score(y, s_tied), rtol=1e-12)
    top = np.argsort(-s)[:50]
    assert A.precision_at_k(y, s, 50) == y[top].mean()
