"""Oracle tests for snippets/learning_to_rank.py: pointwise vs numpy.linalg.lstsq, pairwise RankNet
optimum vs scikit-learn's LogisticRegression on pair differences, gradients vs finite differences,
NDCG vs sklearn.metrics.ndcg_score."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import ndcg_score

import learning_to_rank as ltr


@pytest.fixture(scope="module")
def data():
    return ltr.make_ltr_data(n_queries=60, docs_per_query=12, d=6, seed=2)


def test_pointwise_is_least_squares(data):
    X, rel, _, _ = data
    ours = ltr.fit_pointwise(X, rel, lam=0.0)
    ref = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), rel, rcond=None)[0][:-1]
    np.testing.assert_allclose(ours, ref, rtol=1e-8, atol=1e-10)


def test_pairwise_optimum_matches_sklearn_logistic_regression(data):
    X, rel, qid, _ = data
    lam = 1e-2
    beta, hist = ltr.fit_pairwise(X, rel, qid, lam=lam)
    D = ltr.pair_differences(X, rel, qid)
    # sklearn minimises 0.5||b||^2 + C sum log-loss over the symmetrised set {(D,+1), (-D,-1)};
    # ours is mean log-loss + lam/2 ||b||^2, identical when C = 1 / (2 lam n_pairs)
    clf = LogisticRegression(C=1.0 / (2 * lam * len(D)), fit_intercept=False, tol=1e-12, max_iter=10_000)
    clf.fit(np.vstack([D, -D]), np.r_[np.ones(len(D)), -np.ones(len(D))])
    np.testing.assert_allclose(beta, clf.coef_[0], rtol=1e-5, atol=1e-7)
    assert all(b <= a + 1e-12 for a, b in zip(hist, hist[1:]))  # Newton on a convex loss: monotone here


def test_ranknet_gradient_and_hessian_by_finite_differences():
    rng = np.random.default_rng(0)
    D, beta, h = rng.standard_normal((30, 4)), rng.standard_normal(4) * 0.5, 1e-6
    _, g, H = ltr.ranknet_loss(beta, D, 0.1)
    eye = np.eye(4)
    g_num = np.array([(ltr.ranknet_loss(beta + h * e, D, 0.1)[0] - ltr.ranknet_loss(beta - h * e, D, 0.1)[0]) / (2 * h) for e in eye])
    H_num = np.array([(ltr.ranknet_loss(beta + h * e, D, 0.1)[1] - ltr.ranknet_loss(beta - h * e, D, 0.1)[1]) / (2 * h) for e in eye])
    np.testing.assert_allclose(g, g_num, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(H, H_num, rtol=1e-5, atol=1e-7)


def test_pairwise_model_is_invariant_to_query_offsets(data):
    X, rel, qid, _ = data
    shift = np.random.default_rng(5).standard_normal((qid.max() + 1, X.shape[1])) * 10
    b1, _ = ltr.fit_pairwise(X, rel, qid)
    b2, _ = ltr.fit_pairwise(X + shift[qid], rel, qid)
    np.testing.assert_allclose(b1, b2, rtol=1e-9, atol=1e-12)


def test_mean_ndcg_matches_sklearn(data):
    X, rel, qid, _ = data
    s = X @ np.random.default_rng(3).standard_normal(X.shape[1])
    ref = np.mean([ndcg_score([rel[qid == q]], [s[qid == q]], k=10) for q in np.unique(qid)])
    np.testing.assert_allclose(ltr.mean_ndcg_at_k(s, rel, qid, k=10), ref, rtol=1e-10)


def test_pairwise_beats_pointwise_on_held_out_queries():
    X, rel, qid, w = ltr.make_ltr_data(seed=0)
    tr, te = qid < 80, qid >= 80
    s_point = X[te] @ ltr.fit_pointwise(X[tr], rel[tr])
    s_pair = X[te] @ ltr.fit_pairwise(X[tr], rel[tr], qid[tr])[0]
    assert ltr.mean_ndcg_at_k(s_pair, rel[te], qid[te]) > ltr.mean_ndcg_at_k(s_point, rel[te], qid[te]) + 0.05
