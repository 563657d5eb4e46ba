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
# # Object detection pieces: anchors and box coding, GIoU, detection AP, Hungarian matching
# From-scratch NumPy code used by the note "Object Detection and Segmentation". IoU and NMS live in
# coding_iou_nms.py (note "Coding - Implement IoU and NMS"); the AP code takes the IoU function as an argument.

# %%
# --8<-- [start:anchors]
import numpy as np


def make_anchors(feat_h: int, feat_w: int, stride: int, sizes: list[float], ratios: list[float]) -> np.ndarray:
    """Anchor boxes (x1, y1, x2, y2) centred on every cell of a feat_h x feat_w feature map:
    len(sizes) * len(ratios) per cell, each of area size^2 and aspect ratio h / w = ratio."""
    base = []
    for s in sizes:
        for r in ratios:
            w, h = s / np.sqrt(r), s * np.sqrt(r)
            base.append([-w / 2, -h / 2, w / 2, h / 2])
    base = np.array(base)                                                     # (A, 4)
    cy, cx = np.meshgrid((np.arange(feat_h) + 0.5) * stride, (np.arange(feat_w) + 0.5) * stride, indexing="ij")
    shifts = np.stack([cx, cy, cx, cy], axis=-1).reshape(-1, 1, 4)            # (HW, 1, 4)
    return (shifts + base[None]).reshape(-1, 4)                               # cell-major, then anchor


def encode_boxes(anchors: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Regression targets of Faster R-CNN: centre offsets in units of the anchor's size and log
    size ratios, t = ((x - x_a) / w_a, (y - y_a) / h_a, log(w / w_a), log(h / h_a))."""
    aw, ah = anchors[:, 2] - anchors[:, 0], anchors[:, 3] - anchors[:, 1]
    ax, ay = anchors[:, 0] + aw / 2, anchors[:, 1] + ah / 2
    w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    x, y = boxes[:, 0] + w / 2, boxes[:, 1] + h / 2
    return np.stack([(x - ax) / aw, (y - ay) / ah, np.log(w / aw), np.log(h / ah)], axis=1)


def decode_boxes(anchors: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Inverse of encode_boxes: predicted offsets -> (x1, y1, x2, y2)."""
    aw, ah = anchors[:, 2] - anchors[:, 0], anchors[:, 3] - anchors[:, 1]
    ax, ay = anchors[:, 0] + aw / 2, anchors[:, 1] + ah / 2
    x, y = ax + t[:, 0] * aw, ay + t[:, 1] * ah
    w, h = aw * np.exp(t[:, 2]), ah * np.exp(t[:, 3])
    return np.stack([x - w / 2, y - h / 2, x + w / 2, y + h / 2], axis=1)
# --8<-- [end:anchors]


# %%
# --8<-- [start:giou]
def generalized_iou(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(GIoU, IoU) matrices (n, m) for corner-format boxes (Rezatofighi et al., 2019):
    GIoU = IoU - |C minus (a union b)| / |C|, C the smallest box enclosing both; in [-1, 1]."""
    area = lambda x: (x[:, 2] - x[:, 0]) * (x[:, 3] - x[:, 1])
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = np.prod(np.clip(rb - lt, 0, None), axis=-1)
    union = area(a)[:, None] + area(b)[None, :] - inter
    iou = inter / union
    c_wh = np.maximum(a[:, None, 2:], b[None, :, 2:]) - np.minimum(a[:, None, :2], b[None, :, :2])
    c_area = c_wh[..., 0] * c_wh[..., 1]
    return iou - (c_area - union) / c_area, iou
# --8<-- [end:giou]


# %%
# --8<-- [start:ap]
def match_detections(iou: np.ndarray, scores: np.ndarray, iou_thr: float) -> np.ndarray:
    """Greedy matching of one image's detections (rows of iou) to its ground truths (columns), in
    decreasing score order: a detection is a true positive if its best-IoU *unmatched* ground truth
    has IoU >= iou_thr (COCO rule); that ground truth is then used up. Returns a bool per detection."""
    tp = np.zeros(len(scores), dtype=bool)
    taken = np.zeros(iou.shape[1], dtype=bool)
    for d in np.argsort(-scores, kind="stable"):
        if iou.shape[1] == 0:
            break
        cand = np.where(taken, -1.0, iou[d])
        g = int(np.argmax(cand))
        if cand[g] >= iou_thr:
            tp[d], taken[g] = True, True
    return tp


def average_precision(scores: np.ndarray, tp: np.ndarray, n_gt: int) -> tuple[float, np.ndarray, np.ndarray]:
    """All-point interpolated AP (Pascal VOC 2010+): rank detections by score, precision and recall
    at every rank, make precision non-increasing from the right (p_interp(r) = max_{r' >= r} p(r')),
    and sum p_interp over the recall steps. Missed ground truths count through n_gt."""
    order = np.argsort(-scores, kind="stable")
    hits = tp[order].astype(float)
    ctp, cfp = np.cumsum(hits), np.cumsum(1 - hits)
    recall = ctp / max(n_gt, 1)
    precision = ctp / np.maximum(ctp + cfp, 1e-12)
    r = np.concatenate([[0.0], recall, [recall[-1] if len(recall) else 0.0]])
    p = np.concatenate([[1.0], precision, [0.0]])
    p = np.maximum.accumulate(p[::-1])[::-1]                         # envelope from the right
    steps = np.where(r[1:] != r[:-1])[0]
    return float(np.sum((r[steps + 1] - r[steps]) * p[steps + 1])), recall, precision


def detection_ap(dets: list, gts: list, iou_thr: float, iou_fn) -> float:
    """AP of one class over a dataset: dets[i] = (boxes, scores), gts[i] = boxes for image i.
    Matching is per image; ranking is over all detections of all images together."""
    all_scores, all_tp = [], []
    for (boxes, scores), g in zip(dets, gts):
        iou = iou_fn(boxes, g) if len(boxes) and len(g) else np.zeros((len(boxes), len(g)))
        all_tp.append(match_detections(iou, scores, iou_thr))
        all_scores.append(scores)
    n_gt = sum(len(g) for g in gts)
    return average_precision(np.concatenate(all_scores), np.concatenate(all_tp), n_gt)[0]
# --8<-- [end:ap]


# %%
# --8<-- [start:hungarian]
def hungarian(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Minimum-cost one-to-one assignment for a rectangular cost matrix (Kuhn-Munkres with
    potentials and shortest augmenting paths, O(n^2 m)). Returns (rows, cols) sorted by row,
    min(n, m) pairs, like scipy.optimize.linear_sum_assignment."""
    C = np.asarray(cost, dtype=float)
    transposed = C.shape[0] > C.shape[1]
    if transposed:
        C = C.T
    n, m = C.shape
    u, v = np.zeros(n + 1), np.zeros(m + 1)          # dual potentials; reduced cost C - u - v >= 0
    p = np.zeros(m + 1, dtype=int)                    # p[j] = row (1-based) assigned to column j
    way = np.zeros(m + 1, dtype=int)
    for i in range(1, n + 1):                         # add row i, then augment along a shortest path
        p[0], j0 = i, 0
        minv, used = np.full(m + 1, np.inf), np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = p[j0]
            cur = C[i0 - 1] - u[i0] - v[1:]
            upd = ~used[1:] & (cur < minv[1:])
            minv[1:][upd], way[1:][upd] = cur[upd], j0
            cand = np.where(used[1:], np.inf, minv[1:])
            j1 = int(np.argmin(cand)) + 1
            delta = cand[j1 - 1]
            u[p[used]] += delta
            v[used] -= delta
            minv[~used] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:                                     # flip the augmenting path
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    cols = np.nonzero(p[1:])[0]
    rows = p[1:][cols] - 1
    if transposed:
        rows, cols = cols, rows
    order = np.argsort(rows)
    return rows[order], cols[order]


def detr_matching_cost(prob: np.ndarray, pred_boxes: np.ndarray, gt_labels: np.ndarray, gt_boxes: np.ndarray,
                       w_class: float = 1.0, w_l1: float = 5.0, w_giou: float = 2.0) -> np.ndarray:
    """DETR's matching cost (queries x objects): -p(class of the object) + 5 L1 + 2 (-GIoU),
    boxes normalised to [0, 1] (Carion et al., 2020, weights as in the paper)."""
    l1 = np.abs(pred_boxes[:, None, :] - gt_boxes[None, :, :]).sum(-1)
    giou, _ = generalized_iou(pred_boxes, gt_boxes)
    return -w_class * prob[:, gt_labels] + w_l1 * l1 - w_giou * giou
# --8<-- [end:hungarian]


# %%
if __name__ == "__main__":
    anchors = make_anchors(2, 2, 16, [32, 64], [0.5, 1.0, 2.0])
    print("anchors on a 2x2 map, 2 sizes x 3 ratios:", anchors.shape)
    gt = np.array([[10.0, 12.0, 50.0, 40.0]])
    t = encode_boxes(anchors[:1], gt)
    print("targets:", t.round(3), "decoded back:", decode_boxes(anchors[:1], t).round(6))
    iou_fn = lambda a, b: generalized_iou(a, b)[1]
    dets = [(np.array([[10, 10, 50, 50], [12, 12, 50, 50], [60, 60, 90, 90]], float), np.array([0.9, 0.8, 0.3]))]
    gts = [np.array([[11, 11, 50, 50], [60, 62, 92, 90]], float)]
    print("AP@0.5:", round(detection_ap(dets, gts, 0.5, iou_fn), 4))
    cost = np.array([[4.0, 1.0, 3.0], [2.0, 0.0, 5.0], [3.0, 2.0, 2.0], [1.0, 6.0, 2.0]])
    print("Hungarian on a 4x3 cost:", hungarian(cost))
