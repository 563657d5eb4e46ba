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
# # Coding problem: IoU and non-maximum suppression
# Pairwise intersection-over-union of axis-aligned boxes, greedy NMS, class-aware NMS and
# Gaussian soft-NMS, used by the note "Coding - Implement IoU and NMS".

# %%
# --8<-- [start:iou]
import numpy as np


def box_area(boxes: np.ndarray) -> np.ndarray:
    """Area of (n, 4) boxes in (x1, y1, x2, y2) corner format; degenerate boxes get area 0."""
    w = np.clip(boxes[:, 2] - boxes[:, 0], 0.0, None)
    h = np.clip(boxes[:, 3] - boxes[:, 1], 0.0, None)
    return w * h


def pairwise_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU matrix (n, m) between boxes a (n, 4) and b (m, 4), by broadcasting.

    The intersection is the box [max(x1), max(y1), min(x2), min(y2)], empty when a
    side is negative (hence the clip). Union = area_a + area_b - intersection; a pair
    whose union is 0 (two empty boxes) gets IoU 0 instead of 0/0.
    """
    lt = np.maximum(a[:, None, :2], b[None, :, :2])      # (n, m, 2) top-left of the overlap
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])      # (n, m, 2) bottom-right
    wh = np.clip(rb - lt, 0.0, None)
    inter = wh[..., 0] * wh[..., 1]
    union = box_area(a)[:, None] + box_area(b)[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
# --8<-- [end:iou]


# %%
# --8<-- [start:nms]
def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Greedy NMS: indices of kept boxes, in decreasing score order.

    Repeatedly keep the highest-scoring remaining box and drop every remaining box whose
    IoU with it exceeds the threshold. Each round computes one row of IoUs against the
    survivors, so the cost is O(n log n + n k) for k kept boxes and memory is O(n).
    Equal scores are broken by the lower index (a stable sort).
    """
    order = np.argsort(-scores, kind="stable")
    keep = []
    while order.size > 0:
        i = order[0]
        keep.append(i)
        rest = order[1:]
        ious = pairwise_iou(boxes[i:i + 1], boxes[rest])[0]
        order = rest[ious <= iou_threshold]
    return np.array(keep, dtype=np.int64)


def batched_nms(boxes: np.ndarray, scores: np.ndarray, classes: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Class-aware NMS in one call: shift each class's boxes by class * (span + 1) so boxes of
    different classes never overlap, then run plain NMS."""
    if boxes.size == 0:
        return np.zeros(0, dtype=np.int64)
    span = boxes.max() - boxes.min()
    shifted = boxes + (classes.astype(boxes.dtype) * (span + 1.0))[:, None]
    return nms(shifted, scores, iou_threshold)


def soft_nms(boxes: np.ndarray, scores: np.ndarray, sigma: float = 0.5, score_threshold: float = 1e-3) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian soft-NMS (Bodla et al., 2017): instead of deleting an overlapping box, multiply
    its score by exp(-IoU^2 / sigma). Returns kept indices in selection order and their
    decayed scores; boxes whose score falls below score_threshold are dropped."""
    s = scores.astype(float).copy()
    remaining = np.arange(len(s))
    keep, kept_scores = [], []
    while remaining.size > 0:
        j = np.argmax(s[remaining])
        i = remaining[j]
        if s[i] < score_threshold:
            break
        keep.append(i)
        kept_scores.append(s[i])
        remaining = np.delete(remaining, j)
        ious = pairwise_iou(boxes[i:i + 1], boxes[remaining])[0]
        s[remaining] *= np.exp(-ious ** 2 / sigma)
    return np.array(keep, dtype=np.int64), np.array(kept_scores)
# --8<-- [end:nms]


# %%
if __name__ == "__main__":
    a = np.array([[0.0, 0.0, 2.0, 2.0]])
    b = np.array([[1.0, 1.0, 3.0, 3.0], [2.0, 2.0, 4.0, 4.0], [0.0, 0.0, 2.0, 2.0]])
    print("IoU of [0,0,2,2] with three boxes:", pairwise_iou(a, b).round(4))
    boxes = np.array([[10, 10, 50, 50], [12, 12, 52, 52], [100, 100, 140, 140], [11, 9, 49, 51]], dtype=float)
    scores = np.array([0.9, 0.8, 0.7, 0.95])
    print("NMS at 0.5 keeps:", nms(boxes, scores, 0.5))
    print("class-aware, classes [0, 1, 0, 0]:", batched_nms(boxes, scores, np.array([0, 1, 0, 0]), 0.5))
