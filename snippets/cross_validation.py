# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Cross-validation splitters from scratch
# k-fold, stratified k-fold, grouped k-fold and time-series (expanding window) splits in NumPy,
# used by the note "Cross-Validation". Each yields (train_indices, test_indices).

# %%
# --8<-- [start:kfold]
from collections.abc import Iterator

import numpy as np


def kfold_split(
    n: int, k: int, shuffle: bool = False, seed: int | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """k contiguous folds; the first n % k folds get one extra sample (as sklearn's KFold).

    shuffle=True permutes the rows first with np.random.RandomState(seed), the generator
    scikit-learn builds from random_state=seed, so the folds equal
    KFold(k, shuffle=True, random_state=seed) index for index (seed=None: fresh randomness).
    """
    if not 2 <= k <= n:
        raise ValueError("need 2 <= k <= n")
    idx = np.arange(n)
    if shuffle:
        idx = np.random.RandomState(seed).permutation(n)
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    start = 0
    for size in sizes:
        test = idx[start : start + size]
        train = np.r_[idx[:start], idx[start + size :]]
        yield np.sort(train), np.sort(test)
        start += size
# --8<-- [end:kfold]


# %%
# --8<-- [start:stratified]
from collections.abc import Iterator

import numpy as np


def stratified_kfold_split(
    y: np.ndarray, k: int, shuffle: bool = False, seed: int | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Stratified k-fold, reproducing sklearn's StratifiedKFold allocation.

    Deal the class-sorted labels round-robin into k piles to decide how many samples of each
    class each fold receives, then hand out each class's samples to folds in contiguous blocks
    (in data order), so every fold's class proportions match the whole set to within one sample.
    shuffle=True permutes the fold labels within each class instead of using blocks, with one
    np.random.RandomState(seed) drawn class by class, exactly as StratifiedKFold(k,
    shuffle=True, random_state=seed) does; the per-class counts per fold do not change.
    """
    y = np.asarray(y)
    _, first_idx, inv = np.unique(y, return_index=True, return_inverse=True)
    class_rank = np.argsort(np.argsort(first_idx))  # classes numbered by order of first appearance
    y_enc = class_rank[inv]
    n_classes = first_idx.size
    if np.all(k > np.bincount(y_enc)):
        raise ValueError("k is larger than every class count")
    y_sorted = np.sort(y_enc)
    # allocation[f, c] = number of samples of class c in test fold f, shape (k, C)
    allocation = np.array([np.bincount(y_sorted[i::k], minlength=n_classes) for i in range(k)])
    rng = np.random.RandomState(seed) if shuffle else None
    test_fold = np.empty(y.size, dtype=int)
    for c in range(n_classes):
        folds_for_class = np.repeat(np.arange(k), allocation[:, c])
        if shuffle:
            rng.shuffle(folds_for_class)
        test_fold[y_enc == c] = folds_for_class
    for f in range(k):
        yield np.flatnonzero(test_fold != f), np.flatnonzero(test_fold == f)
# --8<-- [end:stratified]


# %%
# --8<-- [start:grouped]
from collections.abc import Iterator

import numpy as np


def group_kfold_split(groups: np.ndarray, k: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Grouped k-fold: every group lies entirely in one test fold.

    Greedy balancing (sklearn's GroupKFold without shuffle): place groups from largest to
    smallest, each into the fold that currently holds the fewest samples.
    """
    uniq, g_idx = np.unique(groups, return_inverse=True)
    if k > uniq.size:
        raise ValueError("k is larger than the number of groups")
    sizes = np.bincount(g_idx)
    order = np.argsort(sizes, kind="stable")[::-1]
    load = np.zeros(k)
    group_fold = np.zeros(uniq.size, dtype=int)
    for g in order:
        f = int(np.argmin(load))
        load[f] += sizes[g]
        group_fold[g] = f
    fold = group_fold[g_idx]
    for f in range(k):
        yield np.flatnonzero(fold != f), np.flatnonzero(fold == f)
# --8<-- [end:grouped]


# %%
# --8<-- [start:time_series]
from collections.abc import Iterator

import numpy as np


def time_series_split(n: int, n_splits: int, test_size: int | None = None, gap: int = 0,
                      max_train_size: int | None = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Expanding-window (or, with max_train_size, sliding-window) forward-chaining splits.

    The last n_splits blocks of test_size samples are the test sets; each trains on everything
    before its block minus a gap (as sklearn's TimeSeriesSplit). Rows must be in time order.
    """
    test_size = n // (n_splits + 1) if test_size is None else test_size
    if n - gap - n_splits * test_size <= 0:
        raise ValueError("too many splits for n, test_size and gap")
    for test_start in range(n - n_splits * test_size, n, test_size):
        train_end = test_start - gap
        train_start = max(0, train_end - max_train_size) if max_train_size else 0
        yield np.arange(train_start, train_end), np.arange(test_start, test_start + test_size)
# --8<-- [end:time_series]


# %%
if __name__ == "__main__":
    y = np.array([0] * 8 + [1] * 4)
    for tr, te in stratified_kfold_split(y, 4):
        print("test", te, "labels", y[te])
    for tr, te in time_series_split(12, 3, gap=1):
        print("train", tr.min(), "..", tr.max(), " test", te)
