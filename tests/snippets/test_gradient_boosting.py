"""Oracles: scikit-learn DecisionTreeRegressor / GradientBoostingRegressor with the same settings,
and the property that least-squares boosting never increases the training loss."""

import numpy as np
import pytest
from sklearn.ensemble import GradientBoostingRegressor as SkGBR
from sklearn.tree import DecisionTreeRegressor

import gradient_boosting as gb


def _data(seed=0, n=300):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-3, 3, size=(n, 3))
    y = np.sin(X[:, 0]) * 2 + 0.5 * X[:, 1] ** 2 + 0.3 * rng.normal(size=n)
    return X, y


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_tree_matches_sklearn(depth):
    X, y = _data()
    ours = gb.RegressionTree(max_depth=depth).fit(X, y)
    sk = DecisionTreeRegressor(max_depth=depth, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), sk.predict(X), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("lr,depth", [(0.1, 3), (0.3, 2)])
def test_training_loss_monotone_and_close_to_sklearn(lr, depth):
    X, y = _data(1)
    Xt, yt = _data(2)
    ours = gb.GradientBoostingRegressor(n_estimators=60, learning_rate=lr, max_depth=depth).fit(X, y)
    assert np.all(np.diff(ours.train_loss_) <= 1e-12)     # each tree can only reduce training SSE
    sk = SkGBR(n_estimators=60, learning_rate=lr, max_depth=depth,
               random_state=0).fit(X, y)
    mse_ours = np.mean((ours.predict(Xt) - yt) ** 2)
    mse_sk = np.mean((sk.predict(Xt) - yt) ** 2)
    assert mse_ours == pytest.approx(mse_sk, rel=0.05)   # test MSE within 5%
    train_ours = ours.train_loss_[-1]
    train_sk = np.mean((sk.predict(X) - y) ** 2)
    assert train_ours == pytest.approx(train_sk, rel=0.05)


def test_staged_predict_consistent():
    X, y = _data(3, n=150)
    m = gb.GradientBoostingRegressor(n_estimators=20).fit(X, y)
    stages = list(m.staged_predict(X))
    np.testing.assert_allclose(stages[-1], m.predict(X), rtol=1e-12)
    np.testing.assert_allclose([np.mean((s - y) ** 2) for s in stages], m.train_loss_[1:], rtol=1e-10)
