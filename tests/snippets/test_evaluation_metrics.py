"""evaluation_metrics.py against sklearn.metrics (the oracle), rtol=1e-12 unless stated."""

import numpy as np
import pytest
from sklearn import metrics

import evaluation_metrics as em


def _data(seed: int, n: int = 400, prevalence: float = 0.2, ties: bool = False):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < prevalence).astype(int)
    y[:2] = [0, 1]  # both classes present
    s = rng.normal(size=n) + 1.2 * y
    if ties:
        s = np.round(s, 1)  # many tied scores
    return y, s


@pytest.mark.parametrize("seed", range(5))
def test_precision_recall_f1(seed):
    y, s = _data(seed)
    pred = (s > 0.5).astype(int)
    p, r, f = em.precision_recall_f1(y, pred)
    np.testing.assert_allclose(p, metrics.precision_score(y, pred), rtol=1e-12)
    np.testing.assert_allclose(r, metrics.recall_score(y, pred), rtol=1e-12)
    np.testing.assert_allclose(f, metrics.f1_score(y, pred), rtol=1e-12)
    f2 = em.precision_recall_f1(y, pred, beta=2.0)[2]
    np.testing.assert_allclose(f2, metrics.fbeta_score(y, pred, beta=2.0), rtol=1e-12)


def test_zero_division_is_zero():
    y = np.array([0, 1, 0, 1])
    pred = np.zeros(4, dtype=int)
    assert em.precision_recall_f1(y, pred) == (0.0, 0.0, 0.0)
    assert metrics.precision_score(y, pred, zero_division=0) == 0.0


@pytest.mark.parametrize("average", ["macro", "micro", "weighted"])
def test_f1_multiclass(average):
    rng = np.random.default_rng(1)
    y = rng.integers(0, 4, 300)
    pred = np.where(rng.random(300) < 0.6, y, rng.integers(0, 4, 300))
    ours = em.f1_multiclass(y, pred, average)
    np.testing.assert_allclose(ours, metrics.f1_score(y, pred, average=average), rtol=1e-12)


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_roc_auc(seed, ties):
    y, s = _data(seed, ties=ties)
    ref = metrics.roc_auc_score(y, s)
    np.testing.assert_allclose(em.roc_auc(y, s), ref, rtol=1e-12)
    np.testing.assert_allclose(em.roc_auc_rank(y, s), ref, rtol=1e-12)


def test_roc_curve_points():
    y, s = _data(3, ties=True)
    fpr, tpr, thr = em.roc_curve(y, s)
    f2, t2, _ = metrics.roc_curve(y, s, drop_intermediate=False)
    np.testing.assert_allclose(fpr, f2, rtol=0, atol=1e-12)
    np.testing.assert_allclose(tpr, t2, rtol=0, atol=1e-12)


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_average_precision(seed, ties):
    y, s = _data(seed, prevalence=0.05, ties=ties)
    ref = metrics.average_precision_score(y, s)
    np.testing.assert_allclose(em.average_precision(y, s), ref, rtol=1e-12)


def test_log_loss_binary_and_multiclass():
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, 200)
    p = rng.uniform(0.01, 0.99, 200)
    np.testing.assert_allclose(em.log_loss(y, p), metrics.log_loss(y, p), rtol=1e-12)
    logits = rng.normal(size=(200, 3))
    P = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    yk = rng.integers(0, 3, 200)
    ref = metrics.log_loss(yk, P, labels=[0, 1, 2])
    np.testing.assert_allclose(em.log_loss(yk, P), ref, rtol=1e-12)


def test_log_loss_clipping_finite():
    assert np.isfinite(em.log_loss(np.array([1, 0]), np.array([0.0, 1.0])))
