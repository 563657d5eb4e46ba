"""Oracles: IoU by counting pixels of rasterised integer boxes; greedy NMS by its defining
properties (which determine the kept set uniquely) and a pure-Python loop; class-aware NMS by
running NMS per class; soft-NMS by a pure-Python loop."""

import math

import numpy as np

import coding_iou_nms as C


def _random_int_boxes(rng, n, size=30):
    x1, y1 = rng.integers(0, size, n), rng.integers(0, size, n)
    w, h = rng.integers(0, 12, n), rng.integers(0, 12, n)  # width or height 0 gives empty boxes
    return np.stack([x1, y1, x1 + w, y1 + h], axis=1).astype(float)


def _raster(box, size=50):
    m = np.zeros((size, size), dtype=bool)
    x1, y1, x2, y2 = box.astype(int)
    m[y1:y2, x1:x2] = True
    return m


def test_iou_equals_pixel_count_ratio():
    rng = np.random.default_rng(0)
    a, b = _random_int_boxes(rng, 25), _random_int_boxes(rng, 30)
    ours = C.pairwise_iou(a, b)
    ref = np.zeros((25, 30))
    for i in range(25):
        for j in range(30):
            ma, mb = _raster(a[i]), _raster(b[j])
            union = (ma | mb).sum()
            ref[i, j] = (ma & mb).sum() / union if union else 0.0
    np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=1e-15)


def test_iou_properties():
    rng = np.random.default_rng(1)
    a = _random_int_boxes(rng, 40)
    a = a[C.box_area(a) > 0]
    M = C.pairwise_iou(a, a)
    np.testing.assert_allclose(M, M.T, rtol=0, atol=1e-15)
    np.testing.assert_allclose(np.diag(M), 1.0, rtol=1e-15)
    assert (M >= 0).all() and (M <= 1 + 1e-15).all()
    # invariant to translating and scaling both boxes together
    np.testing.assert_allclose(C.pairwise_iou(3.0 * a + 7.0, 3.0 * a + 7.0), M, rtol=1e-12, atol=1e-15)


def _nms_loop(boxes, scores, t):
    def iou(p, q):
        iw = max(0.0, min(p[2], q[2]) - max(p[0], q[0]))
        ih = max(0.0, min(p[3], q[3]) - max(p[1], q[1]))
        inter = iw * ih
        union = (p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - inter
        return inter / union if union > 0 else 0.0

    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    keep = []
    for i in order:
        if all(iou(boxes[i], boxes[k]) <= t for k in keep):
            keep.append(i)
    return keep


def _clustered(rng, n):
    centres = rng.uniform(0, 100, size=(5, 2))
    c = centres[rng.integers(0, 5, n)] + rng.normal(0, 4, size=(n, 2))
    wh = rng.uniform(10, 30, size=(n, 2))
    return np.concatenate([c - wh / 2, c + wh / 2], axis=1), rng.uniform(size=n)


def test_nms_matches_loop_and_defining_properties():
    rng = np.random.default_rng(2)
    for t in (0.3, 0.5, 0.7):
        boxes, scores = _clustered(rng, 200)
        keep = C.nms(boxes, scores, t)
        assert keep.tolist() == _nms_loop(boxes, scores, t)
        assert (np.diff(scores[keep]) <= 0).all()
        M = C.pairwise_iou(boxes, boxes)
        kept = np.zeros(len(boxes), dtype=bool)
        kept[keep] = True
        # (a) no two kept boxes overlap above t; (b) every dropped box overlaps a kept box
        # with a higher score above t. Over the score order these fix the kept set uniquely.
        sub = M[np.ix_(keep, keep)] - np.eye(len(keep))
        assert (sub <= t).all()
        for j in np.flatnonzero(~kept):
            assert ((M[j, keep] > t) & (scores[keep] > scores[j])).any()


def test_nms_ties_empty_and_identical_boxes():
    box = np.array([[0.0, 0.0, 10.0, 10.0]] * 3)
    assert C.nms(box, np.array([0.5, 0.5, 0.5]), 0.5).tolist() == [0]
    assert C.nms(np.zeros((0, 4)), np.zeros(0), 0.5).tolist() == []
    # threshold 1.0 suppresses nothing, even identical boxes (IoU = 1 is not > 1)
    assert C.nms(box, np.array([0.1, 0.3, 0.2]), 1.0).tolist() == [1, 2, 0]


def test_batched_nms_equals_per_class_nms():
    rng = np.random.default_rng(3)
    boxes, scores = _clustered(rng, 150)
    classes = rng.integers(0, 3, 150)
    ours = C.batched_nms(boxes, scores, classes, 0.5)
    ref = []
    for c in range(3):
        idx = np.flatnonzero(classes == c)
        ref.extend(idx[C.nms(boxes[idx], scores[idx], 0.5)].tolist())
    ref.sort(key=lambda i: (-scores[i], i))
    assert ours.tolist() == ref


def test_soft_nms_matches_loop():
    rng = np.random.default_rng(4)
    boxes, scores = _clustered(rng, 60)
    keep, kept_scores = C.soft_nms(boxes, scores, sigma=0.5, score_threshold=0.05)
    s = scores.tolist()
    alive = list(range(len(s)))
    ref_keep, ref_scores = [], []
    while alive:
        i = max(alive, key=lambda j: s[j])
        if s[i] < 0.05:
            break
        ref_keep.append(i)
        ref_scores.append(s[i])
        alive.remove(i)
        for j in alive:
            v = float(C.pairwise_iou(boxes[i:i + 1], boxes[j:j + 1])[0, 0])
            s[j] *= math.exp(-v * v / 0.5)
    assert keep.tolist() == ref_keep
    np.testing.assert_allclose(kept_scores, ref_scores, rtol=1e-12)
    assert len(keep) > len(C.nms(boxes, scores, 0.5))  # soft-NMS keeps more, with lower scores
