"""Oracles: scikit-learn DecisionTreeClassifier (same criterion and depth) and RandomForestClassifier."""

import numpy as np
import pytest
from sklearn.datasets import load_iris, load_breast_cancer
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier

import decision_tree as dt


def _continuous(seed=0, n=200, d=5):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = ((X[:, 0] + 0.5 * X[:, 1] ** 2 + 0.3 * rng.normal(size=n)) > 0.5).astype(int)
    return X, y


def test_impurities():
    c = np.array([[5.0, 5.0], [10.0, 0.0], [2.0, 6.0]])
    np.testing.assert_allclose(dt.gini(c), [0.5, 0.0, 1 - (0.25**2 + 0.75**2)], rtol=1e-12)
    from scipy.stats import entropy as sp_entropy
    np.testing.assert_allclose(dt.entropy(c), sp_entropy(c.T, base=2), rtol=1e-12)


@pytest.mark.parametrize("criterion", ["gini", "entropy"])
@pytest.mark.parametrize("depth", [1, 3, None])
def test_same_tree_as_sklearn_on_continuous_data(criterion, depth):
    # continuous features: the best split is unique almost surely, so the trees must coincide
    X, y = _continuous()
    ours = dt.CARTClassifier(criterion=criterion, max_depth=depth).fit(X, y)
    sk = DecisionTreeClassifier(criterion=criterion, max_depth=depth, random_state=0).fit(X, y)
    assert len(ours.feature) == sk.tree_.node_count
    assert ours.feature[0] == sk.tree_.feature[0]
    np.testing.assert_allclose(ours.threshold[0], sk.tree_.threshold[0], rtol=1e-6)
    # identical predictions on training rows (exact agreement)
    np.testing.assert_array_equal(ours.predict(X), sk.predict(X))
    if depth is not None:
        # shallow nodes hold many rows, so split scores do not tie and the trees coincide;
        # deep nodes of a fully grown tree hold 2-5 rows whose candidate splits often tie
        Xn, _ = _continuous(seed=1)
        np.testing.assert_array_equal(ours.predict(Xn), sk.predict(Xn))


@pytest.mark.parametrize("criterion", ["gini", "entropy"])
@pytest.mark.parametrize("depth", [2, 3])
def test_same_training_accuracy_on_iris(criterion, depth):
    # iris has tied split scores, so tie-breaking may pick different features; accuracy agrees
    X, y = load_iris(return_X_y=True)
    ours = dt.CARTClassifier(criterion=criterion, max_depth=depth).fit(X, y)
    sk = DecisionTreeClassifier(criterion=criterion, max_depth=depth, random_state=0).fit(X, y)
    assert np.mean(ours.predict(X) == y) == pytest.approx(sk.score(X, y), abs=1e-12)


def test_forest_accuracy_comparable_to_sklearn():
    X, y = load_breast_cancer(return_X_y=True)
    rng = np.random.default_rng(0)
    idx = rng.permutation(len(y))
    tr, te = idx[:400], idx[400:]
    ours = dt.RandomForest(n_trees=30, seed=0).fit(X[tr], y[tr])
    sk = RandomForestClassifier(n_estimators=30, max_features="sqrt", oob_score=True, random_state=0).fit(X[tr], y[tr])
    acc_ours = np.mean(ours.predict(X[te]) == y[te])
    acc_sk = sk.score(X[te], y[te])
    assert abs(acc_ours - acc_sk) <= 0.04          # comparable test accuracy (169 rows)
    assert abs(ours.oob_score_ - sk.oob_score_) <= 0.04
    assert acc_ours >= 0.9


def test_forest_beats_single_tree_on_noisy_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 8))
    logit = 2 * X[:, 0] - 1.5 * X[:, 1] + X[:, 2] * X[:, 3]
    y = (rng.random(600) < 1 / (1 + np.exp(-logit))).astype(int)  # label noise: deep trees overfit
    tr, te = slice(0, 400), slice(400, None)
    tree = dt.CARTClassifier().fit(X[tr], y[tr])
    rf = dt.RandomForest(n_trees=20, seed=0).fit(X[tr], y[tr])
    assert np.mean(rf.predict(X[te]) == y[te]) >= np.mean(tree.predict(X[te]) == y[te]) + 0.05


@pytest.mark.parametrize("criterion", ["gini", "entropy"])
def test_cost_complexity_path_matches_sklearn(criterion):
    # depth 5 on 400 rows: no tied split scores, so both libraries grow the same tree
    X, y = _continuous(seed=5, n=400)
    tree = dt.CARTClassifier(criterion=criterion, max_depth=5).fit(X, y)
    alphas, totals, _ = dt.cost_complexity_path(tree)
    sk = DecisionTreeClassifier(criterion=criterion, max_depth=5, random_state=0).fit(X, y)
    np.testing.assert_allclose(tree.impurity, sk.tree_.impurity, rtol=1e-10)      # same tree
    path = sk.cost_complexity_pruning_path(X, y)
    np.testing.assert_allclose(alphas, path.ccp_alphas, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(totals, path.impurities, rtol=1e-10, atol=1e-12)
    # pruning at the midpoints between breakpoints: same number of leaves and training predictions
    for a in np.r_[(alphas[:-1] + alphas[1:]) / 2, 2 * alphas[-1]]:
        ours = dt.prune(tree, a)
        skp = DecisionTreeClassifier(criterion=criterion, max_depth=5, random_state=0, ccp_alpha=a).fit(X, y)
        assert len(np.unique(ours.apply(X))) == skp.get_n_leaves()
        np.testing.assert_array_equal(ours.predict(X), skp.predict(X))
