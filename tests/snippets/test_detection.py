"""Oracles: Hungarian matching against scipy.optimize.linear_sum_assignment; detection AP against a
brute-force reference (pure-Python greedy matching on scalar IoUs from coding_iou_nms, and the
all-point interpolated precision integrated on a fine recall grid); the non-interpolated variant
against scikit-learn's average_precision_score; GIoU against its definition computed box by box;
anchors and box coding against their closed forms."""

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import average_precision_score

import coding_iou_nms as C
import detection as D


def _random_boxes(rng, n, lo=0.0, hi=100.0, min_wh=2.0, max_wh=40.0):
    xy = rng.uniform(lo, hi, size=(n, 2))
    wh = rng.uniform(min_wh, max_wh, size=(n, 2))
    return np.concatenate([xy, xy + wh], axis=1)


@pytest.mark.parametrize("shape", [(5, 5), (3, 7), (8, 4), (1, 6), (20, 20)])
def test_hungarian_matches_scipy(shape):
    rng = np.random.default_rng(sum(shape))
    for _ in range(10):
        cost = rng.normal(size=shape)
        rows, cols = D.hungarian(cost)
        r2, c2 = linear_sum_assignment(cost)
        np.testing.assert_array_equal(rows, r2)
        np.testing.assert_array_equal(cols, c2)


def test_hungarian_integer_costs_with_ties_reach_the_optimum():
    rng = np.random.default_rng(7)
    for _ in range(30):
        cost = rng.integers(0, 4, size=(6, 9)).astype(float)
        rows, cols = D.hungarian(cost)
        r2, c2 = linear_sum_assignment(cost)
        assert len(set(cols)) == len(cols) == 6
        assert cost[rows, cols].sum() == cost[r2, c2].sum()


def test_giou_against_definition():
    rng = np.random.default_rng(1)
    a, b = _random_boxes(rng, 15), _random_boxes(rng, 12)
    giou, iou = D.generalized_iou(a, b)
    np.testing.assert_allclose(iou, C.pairwise_iou(a, b), rtol=1e-12, atol=1e-14)
    for i in range(len(a)):
        for j in range(len(b)):
            cw = max(a[i, 2], b[j, 2]) - min(a[i, 0], b[j, 0])
            ch = max(a[i, 3], b[j, 3]) - min(a[i, 1], b[j, 1])
            inter = max(0, min(a[i, 2], b[j, 2]) - max(a[i, 0], b[j, 0])) * max(0, min(a[i, 3], b[j, 3]) - max(a[i, 1], b[j, 1]))
            union = (a[i, 2] - a[i, 0]) * (a[i, 3] - a[i, 1]) + (b[j, 2] - b[j, 0]) * (b[j, 3] - b[j, 1]) - inter
            assert abs(giou[i, j] - (inter / union - (cw * ch - union) / (cw * ch))) < 1e-12
    assert giou.min() >= -1 and giou.max() <= 1


def test_anchors_and_box_coding():
    anchors = D.make_anchors(3, 4, 8, [16, 32], [0.5, 1.0, 2.0])
    assert anchors.shape == (3 * 4 * 6, 4)
    w, h = anchors[:, 2] - anchors[:, 0], anchors[:, 3] - anchors[:, 1]
    np.testing.assert_allclose(w * h, np.tile(np.repeat([16.0 ** 2, 32.0 ** 2], 3), 12), rtol=1e-12)
    np.testing.assert_allclose(h / w, np.tile([0.5, 1, 2], 24), rtol=1e-12)
    np.testing.assert_allclose((anchors[7, :2] + anchors[7, 2:]) / 2, [12.0, 4.0])   # cell (0, 1) centre
    rng = np.random.default_rng(2)
    gt = _random_boxes(rng, len(anchors))
    t = D.encode_boxes(anchors, gt)
    np.testing.assert_allclose(D.decode_boxes(anchors, t), gt, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(t[:, 2], np.log((gt[:, 2] - gt[:, 0]) / w), rtol=1e-12)


def _brute_force_ap(dets, gts, thr, grid=200_001):
    records = []                                                   # (score, image, det index)
    for im, (boxes, scores) in enumerate(dets):
        records += [(scores[k], im, k) for k in range(len(scores))]
    tp = {}
    for im, (boxes, scores) in enumerate(dets):
        used = set()
        for k in sorted(range(len(scores)), key=lambda k: (-scores[k], k)):
            best, best_g = -1.0, None
            for g in range(len(gts[im])):
                if g in used:
                    continue
                v = C.pairwise_iou(boxes[k:k + 1], gts[im][g:g + 1])[0, 0]
                if v > best:
                    best, best_g = v, g
            tp[(im, k)] = best >= thr
            if best >= thr:
                used.add(best_g)
    records.sort(key=lambda r: -r[0])
    n_gt = sum(len(g) for g in gts)
    P, R, hits = [], [], 0
    for n, (_, im, k) in enumerate(records, 1):
        hits += tp[(im, k)]
        P.append(hits / n)
        R.append(hits / n_gt)
    P, R = np.array(P), np.array(R)
    r = (np.arange(grid) + 0.5) / grid                             # midpoint rule on [0, 1]
    p_interp = np.array([P[R >= x].max() if np.any(R >= x) else 0.0 for x in r[::100]])
    return p_interp.mean(), tp, records


def _dataset(seed, n_images=6):
    rng = np.random.default_rng(seed)
    dets, gts = [], []
    for _ in range(n_images):
        g = _random_boxes(rng, rng.integers(1, 5), max_wh=30)
        k = rng.integers(0, 3, size=len(g))                        # 0-2 detections per object
        b = np.concatenate([np.repeat(g, k, axis=0) + rng.normal(0, 4, (k.sum(), 4)), _random_boxes(rng, 2)])
        b[:, 2:] = np.maximum(b[:, 2:], b[:, :2] + 1)
        dets.append((b, rng.uniform(size=len(b))))
        gts.append(g)
    return dets, gts


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("thr", [0.5, 0.75])
def test_detection_ap_against_brute_force(seed, thr):
    dets, gts = _dataset(seed)
    ours = D.detection_ap(dets, gts, thr, C.pairwise_iou)
    ref, _, _ = _brute_force_ap(dets, gts, thr)
    assert abs(ours - ref) < 2e-3, (ours, ref)                     # grid step 1/2001 on recall


def test_known_voc_style_example_and_sklearn_noninterpolated():
    # ranks: TP, FP, TP, FP, TP with 4 ground truths -> precision 1, 1/2, 2/3, 2/4, 3/5 at recall .25, .25, .5, .5, .75
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5])
    tp = np.array([1, 0, 1, 0, 1], dtype=bool)
    ap, recall, precision = D.average_precision(scores, tp, n_gt=4)
    assert ap == pytest.approx(0.25 * 1 + 0.25 * (2 / 3) + 0.25 * 0.6, abs=1e-12)
    # when every ground truth is found, the step sum without the envelope is scikit-learn's AP
    tp = np.array([1, 0, 1, 1, 0, 1], dtype=bool)
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    ordered = np.argsort(-scores)
    _, recall, precision = D.average_precision(scores, tp, n_gt=4)
    step_sum = np.sum(np.diff(np.concatenate([[0], recall])) * precision)
    assert step_sum == pytest.approx(average_precision_score(tp[ordered], scores[ordered]), abs=1e-12)


def test_detr_cost_prefers_the_right_query():
    gt_boxes = np.array([[0.1, 0.1, 0.4, 0.4], [0.5, 0.5, 0.9, 0.8]])
    gt_labels = np.array([2, 0])
    pred = np.array([[0.52, 0.5, 0.88, 0.8], [0.0, 0.0, 1.0, 1.0], [0.1, 0.12, 0.41, 0.4]])
    prob = np.full((3, 4), 0.1)
    prob[0, 0] = prob[2, 2] = 0.7
    rows, cols = D.hungarian(D.detr_matching_cost(prob, pred, gt_labels, gt_boxes))
    assert dict(zip(rows.tolist(), cols.tolist())) == {0: 1, 2: 0}
