"""Oracles: Shapley values by the permutation definition (average marginal contribution over
all d! orderings) with a value function built from scikit-learn models' predictions; the
closed form w_i (x_i - E x_i) for a linear model; for a scikit-learn decision tree, a leaf-path
product formula for the path-dependent expectation and sklearn's own predictions; sklearn's
partial_dependence (brute) for PDP and ICE; sklearn Ridge with sample weights for the LIME
surrogate; torch autograd for the network's gradient and a fine Riemann sum for integrated
gradients, plus the completeness axiom."""

from itertools import permutations

import numpy as np
import torch
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.inspection import partial_dependence
from sklearn.linear_model import Ridge
from sklearn.tree import DecisionTreeRegressor

import interpretability as I


def _shapley_by_permutations(value, d):
    cache = {}
    v = lambda S: cache.setdefault(frozenset(S), value(tuple(sorted(S))))
    phi = np.zeros(d)
    perms = list(permutations(range(d)))
    for order in perms:
        S = []
        for i in order:
            phi[i] += v(S + [i]) - v(S)
            S.append(i)
    return phi / len(perms)


def _data(seed=0, n=300, d=5):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    X[:, 1] += 0.8 * X[:, 0]                                   # correlated features
    y = np.sin(X[:, 0]) + X[:, 1] * X[:, 2] + 0.5 * X[:, 3] + 0.1 * rng.normal(size=n)
    return X, y


def test_exact_shapley_matches_permutation_definition_on_a_boosted_model():
    X, y = _data()
    model = GradientBoostingRegressor(n_estimators=50, max_depth=3, random_state=0).fit(X, y)
    background, x = X[:40], X[100]

    def oracle_value(S):  # independent construction of the interventional expectation
        rows = np.array([[x[j] if j in S else b[j] for j in range(5)] for b in background])
        return model.predict(rows).mean()

    phi = I.shapley_values(I.interventional_value(model.predict, x, background), 5)
    np.testing.assert_allclose(phi, _shapley_by_permutations(oracle_value, 5), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(phi.sum(), model.predict(x[None])[0] - model.predict(background).mean(), rtol=1e-9)


def test_linear_model_shapley_closed_form():
    rng = np.random.default_rng(1)
    w, background, x = rng.normal(size=4), rng.normal(size=(30, 4)), rng.normal(size=4)
    phi = I.shapley_values(I.interventional_value(lambda Z: Z @ w + 3.0, x, background), 4)
    np.testing.assert_allclose(phi, w * (x - background.mean(0)), rtol=1e-10, atol=1e-12)


def _sk_tree(X, y):
    t = DecisionTreeRegressor(max_depth=4, random_state=0).fit(X, y)
    s = t.tree_
    tree = {"left": s.children_left, "right": s.children_right, "feature": s.feature,
            "threshold": s.threshold, "value": s.value[:, 0, 0], "cover": s.weighted_n_node_samples}
    return t, tree


def test_tree_path_dependent_shapley_against_leaf_path_products():
    X, y = _data(2)
    model, tree = _sk_tree(X, y)
    np.testing.assert_allclose(I.tree_predict(tree, X), model.predict(X), rtol=1e-12)
    s = model.tree_
    parent = {c: (p, side) for p in range(s.node_count) for side, c in ((0, s.children_left[p]), (1, s.children_right[p])) if c != -1}
    leaves = np.where(s.children_left == -1)[0]

    def oracle_value(x, S):  # sum over leaves of value * prod over the path of (indicator or cover fraction)
        total = 0.0
        for leaf in leaves:
            p, node = 1.0, leaf
            while node in parent:
                par, side = parent[node]
                if s.feature[par] in S:
                    p *= float((x[s.feature[par]] > s.threshold[par]) == side)
                else:
                    p *= s.weighted_n_node_samples[node] / s.weighted_n_node_samples[par]
                node = par
            total += p * s.value[leaf, 0, 0]
        return total

    for x in X[:5]:
        value = I.tree_path_value(tree, x)
        np.testing.assert_allclose(value(()), s.value[0, 0, 0], rtol=1e-12)             # E f over training data
        np.testing.assert_allclose(value(tuple(range(5))), model.predict(x[None])[0], rtol=1e-12)
        phi = I.shapley_values(value, 5)
        np.testing.assert_allclose(phi, _shapley_by_permutations(lambda S: oracle_value(x, set(S)), 5), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(phi.sum(), model.predict(x[None])[0] - s.value[0, 0, 0], rtol=1e-9, atol=1e-12)


def test_ice_and_pdp_match_sklearn_partial_dependence():
    X, y = _data(3)
    model = GradientBoostingRegressor(n_estimators=30, random_state=0).fit(X, y)
    grid = np.linspace(-2, 2, 9)
    ref = partial_dependence(model, X[:100], [2], custom_values={2: grid}, method="brute", kind="both")
    ice = I.ice_curves(model.predict, X[:100], 2, grid)
    np.testing.assert_allclose(ice, ref["individual"][0], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ice.mean(0), ref["average"][0], rtol=1e-10, atol=1e-12)


def test_lime_is_a_weighted_ridge_and_exact_for_linear_models():
    rng = np.random.default_rng(4)
    w, x, scale = rng.normal(size=3), rng.normal(size=3), np.array([1.0, 0.5, 2.0])
    coef = I.lime_explain(lambda Z: Z @ w + 1.0, x, scale, width=1.0, rng=np.random.default_rng(5))
    np.testing.assert_allclose(coef[1:], w, rtol=1e-4)
    f = lambda Z: np.sin(Z[:, 0]) * Z[:, 1] + Z[:, 2] ** 2
    coef = I.lime_explain(f, x, scale, width=0.8, n=500, lam=0.3, rng=np.random.default_rng(6))
    Z = np.random.default_rng(6).normal(size=(500, 3))           # the same perturbations
    Xp = x + Z * scale
    ref = Ridge(alpha=0.3).fit(Xp - x, f(Xp), sample_weight=np.exp(-np.sum(Z ** 2, 1) / 0.8 ** 2))
    np.testing.assert_allclose(coef[1:], ref.coef_, rtol=1e-8)
    np.testing.assert_allclose(coef[0], ref.intercept_, rtol=1e-8)


def test_integrated_gradients_against_torch_and_completeness():
    rng = np.random.default_rng(7)
    params = {"W1": rng.normal(size=(16, 4)), "b1": rng.normal(size=16), "w2": rng.normal(size=16), "b2": 0.3}
    x, base = rng.normal(size=4) * 2, np.zeros(4)
    W1, b1, w2 = (torch.tensor(params[k]) for k in ("W1", "b1", "w2"))
    torch_f = lambda Z: torch.tanh(Z @ W1.T + b1) @ w2 + 0.3
    Z = torch.tensor(rng.normal(size=(10, 4)), requires_grad=True)
    torch_f(Z).sum().backward()
    np.testing.assert_allclose(I.mlp_grad(params, Z.detach().numpy()), Z.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(I.mlp(params, Z.detach().numpy()), torch_f(Z).detach().numpy(), rtol=1e-12)
    m = 20_000  # fine midpoint Riemann sum with torch autograd as the reference integral
    path = torch.tensor(base + ((np.arange(m) + 0.5) / m)[:, None] * (x - base), requires_grad=True)
    torch_f(path).sum().backward()
    ref = (x - base) * path.grad.numpy().mean(0)
    grad = lambda P: I.mlp_grad(params, P)
    np.testing.assert_allclose(I.integrated_gradients(grad, x, base, steps=2000), ref, rtol=1e-5, atol=1e-7)
    gap = (I.mlp(params, x[None]) - I.mlp(params, base[None]))[0]
    errors = [abs(I.integrated_gradients(grad, x, base, steps=s).sum() - gap) for s in (20, 40, 80)]
    assert errors[2] < 1e-2 * abs(gap) + 1e-6
    np.testing.assert_allclose(errors[0] / errors[1], 4.0, rtol=0.15)   # trapezoid: error O(1/steps^2)
