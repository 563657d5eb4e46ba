"""Oracle: scipy.special.logsumexp/softmax, torch.nn.functional losses and autograd, the torchvision focal-loss formula."""

import numpy as np
import pytest
import scipy.special as ss
import torch
import torch.nn.functional as F

import dl_losses as L


def test_logsumexp_softmax_match_scipy_including_huge_logits():
    rng = np.random.default_rng(0)
    for scale in (1.0, 1e3, 1e5):
        z = rng.normal(size=(5, 7)) * scale
        np.testing.assert_allclose(L.logsumexp(z), ss.logsumexp(z, axis=-1), rtol=1e-12)
        np.testing.assert_allclose(L.softmax(z), ss.softmax(z, axis=-1), rtol=1e-10, atol=1e-300)
        np.testing.assert_allclose(L.log_softmax(z), ss.log_softmax(z, axis=-1), rtol=1e-10, atol=1e-10)
        assert np.all(np.isfinite(L.log_softmax(z)))


@pytest.mark.parametrize("eps", [0.0, 0.1])
def test_cross_entropy_and_gradient_match_torch(eps):
    rng = np.random.default_rng(1)
    logits, y = rng.normal(size=(8, 5)) * 3, rng.integers(0, 5, 8)
    loss, grad = L.cross_entropy(logits, y, label_smoothing=eps)
    t = torch.tensor(logits, requires_grad=True)
    tl = F.cross_entropy(t, torch.tensor(y), label_smoothing=eps)
    tl.backward()
    np.testing.assert_allclose(loss, tl.item(), rtol=1e-12)
    np.testing.assert_allclose(grad, t.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_bce_with_logits_matches_torch_for_extreme_logits():
    z = np.array([-800.0, -30.0, -1.0, 0.0, 2.0, 40.0, 900.0])
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0])
    ours = L.binary_cross_entropy_with_logits(z, y)
    theirs = F.binary_cross_entropy_with_logits(torch.tensor(z), torch.tensor(y)).item()
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_multiclass_hinge_matches_torch():
    rng = np.random.default_rng(2)
    logits, y = rng.normal(size=(6, 4)), rng.integers(0, 4, 6)
    theirs = torch.nn.MultiMarginLoss(margin=1.0)(torch.tensor(logits), torch.tensor(y)).item()
    np.testing.assert_allclose(L.multiclass_hinge(logits, y), theirs, rtol=1e-12)


def test_focal_loss_matches_torchvision_formula():
    rng = np.random.default_rng(3)
    z, y = rng.normal(size=50) * 4, rng.integers(0, 2, 50).astype(float)
    tz, ty = torch.tensor(z), torch.tensor(y)
    p = torch.sigmoid(tz)
    ce = F.binary_cross_entropy_with_logits(tz, ty, reduction="none")
    p_t = p * ty + (1 - p) * (1 - ty)
    alpha_t = 0.25 * ty + 0.75 * (1 - ty)
    theirs = (alpha_t * ce * (1 - p_t) ** 2).mean().item()
    np.testing.assert_allclose(L.focal_loss(z, y, gamma=2.0, alpha=0.25), theirs, rtol=1e-10)
    # gamma = 0, alpha = 0.5 reduces to half the binary cross-entropy
    np.testing.assert_allclose(L.focal_loss(z, y, 0.0, 0.5), 0.5 * L.binary_cross_entropy_with_logits(z, y), rtol=1e-12)


def test_info_nce_matches_torch_cross_entropy():
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=(6, 8)), rng.normal(size=(6, 8))
    logits = F.normalize(torch.tensor(a), dim=1) @ F.normalize(torch.tensor(b), dim=1).T / 0.1
    theirs = F.cross_entropy(logits, torch.arange(6)).item()
    np.testing.assert_allclose(L.info_nce(a, b, 0.1), theirs, rtol=1e-12)
