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
# # Classification metrics from scratch
# Precision, recall, F1, ROC-AUC, average precision (PR-AUC) and log loss in NumPy,
# used by the note "Evaluation Metrics".

# %%
# --8<-- [start:threshold_metrics]
import numpy as np


def confusion_counts(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[int, int, int, int]:
    """Return (TP, FP, FN, TN) for binary labels in {0, 1}."""
    y_true = np.asarray(y_true).astype(bool)
    y_pred = np.asarray(y_pred).astype(bool)
    tp = int(np.sum(y_true & y_pred))
    fp = int(np.sum(~y_true & y_pred))
    fn = int(np.sum(y_true & ~y_pred))
    tn = int(np.sum(~y_true & ~y_pred))
    return tp, fp, fn, tn


def precision_recall_f1(
    y_true: np.ndarray, y_pred: np.ndarray, beta: float = 1.0
) -> tuple[float, float, float]:
    """Binary precision, recall and F-beta; 0/0 is defined as 0 (sklearn's zero_division=0)."""
    tp, fp, fn, _ = confusion_counts(y_true, y_pred)
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    b2 = beta * beta
    denom = b2 * precision + recall
    f = (1 + b2) * precision * recall / denom if denom > 0 else 0.0
    return precision, recall, f


def f1_multiclass(y_true: np.ndarray, y_pred: np.ndarray, average: str = "macro") -> float:
    """Multiclass F1, 'macro', 'micro' or 'weighted' over the classes in y_true or y_pred."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    classes = np.union1d(y_true, y_pred)
    tp = np.array([np.sum((y_true == c) & (y_pred == c)) for c in classes], dtype=float)
    fp = np.array([np.sum((y_true != c) & (y_pred == c)) for c in classes], dtype=float)
    fn = np.array([np.sum((y_true == c) & (y_pred != c)) for c in classes], dtype=float)
    if average == "micro":  # pool the counts: equals accuracy for single-label problems
        return float(2 * tp.sum() / (2 * tp.sum() + fp.sum() + fn.sum()))
    denom = 2 * tp + fp + fn
    f1 = np.divide(2 * tp, denom, out=np.zeros_like(tp), where=denom > 0)
    if average == "macro":
        return float(f1.mean())
    if average == "weighted":
        support = tp + fn
        return float(np.sum(f1 * support) / support.sum())
    raise ValueError(f"unknown average {average!r}")
# --8<-- [end:threshold_metrics]


# %%
# --8<-- [start:ranking_curves]
import numpy as np


def _sorted_cumulative_counts(
    y_true: np.ndarray, scores: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort by score descending; return cumulative TP and FP at each distinct score, and the scores.

    Tied scores are one threshold: the curve jumps over the whole tie block at once.
    """
    y_true = np.asarray(y_true).astype(float)
    scores = np.asarray(scores, dtype=float)
    order = np.argsort(-scores, kind="mergesort")
    s, y = scores[order], y_true[order]
    # index of the last item of each block of tied scores
    last_of_block = np.r_[np.flatnonzero(np.diff(s)), y.size - 1]
    tps = np.cumsum(y)[last_of_block]
    fps = (last_of_block + 1) - tps
    return tps, fps, s[last_of_block]


def roc_curve(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """False-positive rate, true-positive rate and thresholds, from (0, 0) at threshold +inf."""
    tps, fps, thr = _sorted_cumulative_counts(y_true, scores)
    tps, fps = np.r_[0.0, tps], np.r_[0.0, fps]
    return fps / fps[-1], tps / tps[-1], np.r_[np.inf, thr]


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve by the trapezoidal rule (ties contribute 1/2)."""
    fpr, tpr, _ = roc_curve(y_true, scores)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def roc_auc_rank(y_true: np.ndarray, scores: np.ndarray) -> float:
    """ROC-AUC as the Mann-Whitney statistic P(s_pos > s_neg) + P(tie)/2, via average ranks."""
    y_true = np.asarray(y_true).astype(bool)
    scores = np.asarray(scores, dtype=float)
    order = np.argsort(scores, kind="mergesort")
    s = scores[order]
    ranks = np.empty(s.size)
    starts = np.r_[0, np.flatnonzero(np.diff(s)) + 1]
    ends = np.r_[starts[1:], s.size]
    for a, b in zip(starts, ends):  # tied block gets the mean of ranks a+1 .. b
        ranks[a:b] = (a + 1 + b) / 2
    r = np.empty(s.size)
    r[order] = ranks
    n_pos, n_neg = y_true.sum(), (~y_true).sum()
    return float((r[y_true].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def precision_recall_curve(
    y_true: np.ndarray, scores: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision and recall at each distinct score threshold, highest threshold first."""
    tps, fps, thr = _sorted_cumulative_counts(y_true, scores)
    precision = tps / (tps + fps)
    recall = tps / tps[-1]
    return precision, recall, thr


def average_precision(y_true: np.ndarray, scores: np.ndarray) -> float:
    """AP = sum_n (R_n - R_{n-1}) P_n: the step-wise (not trapezoidal) area under the PR curve."""
    precision, recall, _ = precision_recall_curve(y_true, scores)
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))
# --8<-- [end:ranking_curves]


# %%
# --8<-- [start:log_loss]
import numpy as np


def log_loss(y_true: np.ndarray, proba: np.ndarray, eps: float = 1e-15) -> float:
    """Mean negative log-likelihood.

    Binary: y_true in {0, 1}, proba = P(y=1) of shape (n,).
    Multiclass: y_true in {0..K-1}, proba of shape (n, K) with rows summing to 1.
    Probabilities are clipped to [eps, 1 - eps]: a confident mistake costs -log(eps), not infinity.
    """
    y_true = np.asarray(y_true)
    p = np.clip(np.asarray(proba, dtype=float), eps, 1 - eps)
    if p.ndim == 1:
        return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
    return float(-np.mean(np.log(p[np.arange(y_true.size), y_true])))
# --8<-- [end:log_loss]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    y = (rng.random(1000) < 0.1).astype(int)
    s = rng.normal(size=1000) + 1.5 * y
    p = 1 / (1 + np.exp(-(s - 2)))
    print("P, R, F1 at 0.5:", np.round(precision_recall_f1(y, p > 0.5), 3))
    print("ROC-AUC trapezoid / rank:", round(roc_auc(y, s), 4), round(roc_auc_rank(y, s), 4))
    print("average precision:", round(average_precision(y, s), 4), " prevalence:", y.mean())
    print("log loss:", round(log_loss(y, p), 4))
