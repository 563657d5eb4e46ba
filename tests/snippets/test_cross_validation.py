"""cross_validation.py against sklearn.model_selection: exact index agreement (integer equality)."""

import numpy as np
import pytest
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold, TimeSeriesSplit

import cross_validation as cv


def _assert_same_splits(ours, theirs):
    ours, theirs = list(ours), list(theirs)
    assert len(ours) == len(theirs)
    for (tr, te), (tr2, te2) in zip(ours, theirs):
        np.testing.assert_array_equal(tr, tr2)
        np.testing.assert_array_equal(te, te2)


@pytest.mark.parametrize("n,k", [(10, 2), (23, 5), (100, 10), (7, 7)])
def test_kfold_matches_sklearn(n, k):
    _assert_same_splits(cv.kfold_split(n, k), KFold(k).split(np.zeros(n)))


def test_kfold_shuffled_is_partition():
    n, k = 53, 4
    tests = [te for _, te in cv.kfold_split(n, k, shuffle=True, seed=3)]
    np.testing.assert_array_equal(np.sort(np.concatenate(tests)), np.arange(n))


@pytest.mark.parametrize("seed", [0, 1, 42])
@pytest.mark.parametrize("n,k", [(23, 5), (100, 10)])
def test_kfold_shuffled_matches_sklearn(n, k, seed):
    ref = KFold(k, shuffle=True, random_state=seed).split(np.zeros(n))
    _assert_same_splits(cv.kfold_split(n, k, shuffle=True, seed=seed), ref)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("k", [2, 3, 5])
def test_stratified_matches_sklearn(seed, k):
    rng = np.random.default_rng(seed)
    y = rng.choice(["b", "a", "c"], size=61, p=[0.6, 0.3, 0.1])
    y[:3] = ["c", "a", "b"]  # order of first appearance differs from sorted order
    y[3:3 + k] = "c"  # every class has at least k members
    ref = StratifiedKFold(k).split(np.zeros(y.size), y)
    _assert_same_splits(cv.stratified_kfold_split(y, k), ref)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("k", [2, 3, 5])
def test_stratified_shuffled_matches_sklearn(seed, k):
    rng = np.random.default_rng(seed + 100)
    y = rng.choice([0, 1, 2], size=97, p=[0.5, 0.35, 0.15])
    y[:3 * k] = np.repeat([0, 1, 2], k)  # every class has at least k members
    ref = StratifiedKFold(k, shuffle=True, random_state=seed).split(np.zeros(y.size), y)
    ours = list(cv.stratified_kfold_split(y, k, shuffle=True, seed=seed))
    _assert_same_splits(ours, ref)
    # shuffling moves rows between folds but keeps each fold's class counts
    plain = list(cv.stratified_kfold_split(y, k))
    for (_, te), (_, te0) in zip(ours, plain):
        np.testing.assert_array_equal(np.bincount(y[te], minlength=3), np.bincount(y[te0], minlength=3))
    assert any(not np.array_equal(te, te0) for (_, te), (_, te0) in zip(ours, plain))


@pytest.mark.parametrize("seed", range(5))
def test_group_kfold_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, 15, 120)
    ref = GroupKFold(4).split(np.zeros(120), groups=groups)
    _assert_same_splits(cv.group_kfold_split(groups, 4), ref)
    for tr, te in cv.group_kfold_split(groups, 4):  # no group on both sides
        assert not set(groups[tr]) & set(groups[te])


@pytest.mark.parametrize("n,s,test_size,gap,max_train", [
    (20, 3, None, 0, None), (50, 4, 5, 2, None), (50, 4, None, 1, 10), (13, 5, None, 0, None)])
def test_time_series_matches_sklearn(n, s, test_size, gap, max_train):
    splitter = TimeSeriesSplit(s, test_size=test_size, gap=gap, max_train_size=max_train)
    ref = splitter.split(np.zeros(n))
    _assert_same_splits(cv.time_series_split(n, s, test_size, gap, max_train), ref)
