"""coding_preprocessing.py against sklearn.impute.SimpleImputer,
sklearn.preprocessing.StandardScaler and OneHotEncoder(handle_unknown="ignore");
rtol=1e-12 (exact for one-hot)."""

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import OneHotEncoder, StandardScaler

import coding_preprocessing as pp


def test_imputer_matches_sklearn():
    rng = np.random.default_rng(0)
    X_tr, X_te = rng.normal(size=(50, 4)), rng.normal(size=(20, 4))
    X_tr[rng.random(X_tr.shape) < 0.2] = np.nan
    X_te[rng.random(X_te.shape) < 0.2] = np.nan
    ours = pp.MeanImputer().fit(X_tr).transform(X_te)
    ref = SimpleImputer(strategy="mean").fit(X_tr).transform(X_te)
    np.testing.assert_allclose(ours, ref, rtol=1e-12)


def test_scaler_matches_sklearn_including_constant_column_and_large_offset():
    rng = np.random.default_rng(1)
    X_tr = np.column_stack([rng.normal(size=100), np.full(100, 3.0), 1e8 + rng.normal(size=100)])
    X_te = X_tr[:10] + 0.5
    ours = pp.StandardScaler().fit(X_tr)
    ref = StandardScaler().fit(X_tr)
    np.testing.assert_allclose(ours.transform(X_te), ref.transform(X_te), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(X_te)), X_te, rtol=1e-12)


def test_one_hot_matches_sklearn_with_unknown_categories():
    X_tr = np.array([["b", "x"], ["a", "y"], ["c", "x"], ["a", "x"]])
    X_te = np.array([["a", "z"], ["d", "y"], ["c", "x"]])
    ours = pp.OneHotEncoder().fit(X_tr).transform(X_te)
    ref = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(X_tr).transform(X_te)
    np.testing.assert_array_equal(ours, ref)
