"""Oracle: the learning rates torch.optim.lr_scheduler produces step by step (StepLR, ExponentialLR,
CosineAnnealingLR, LinearLR + CosineAnnealingLR in SequentialLR, OneCycleLR)."""

import warnings

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler as S

import lr_schedules as L

N = 120


def torch_lrs(make, base=0.1, n=N):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base)
    sched = make(opt)
    lrs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(n):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
    return np.array(lrs)


t = np.arange(N)


@pytest.mark.parametrize("ours,make", [
    (lambda: L.step_lr(t, 0.1, 30, 0.1), lambda o: S.StepLR(o, 30, 0.1)),
    (lambda: L.exponential_lr(t, 0.1, 0.97), lambda o: S.ExponentialLR(o, 0.97)),
    (lambda: L.cosine_lr(t, 0.1, N, 1e-4), lambda o: S.CosineAnnealingLR(o, T_max=N, eta_min=1e-4)),
    (lambda: L.warmup_cosine_lr(t, 0.1, 10, N, 0.01, 0.0), lambda o: S.SequentialLR(
        o, [S.LinearLR(o, start_factor=0.01, total_iters=10), S.CosineAnnealingLR(o, T_max=N - 10)], milestones=[10])),
    (lambda: L.one_cycle_lr(t, 0.1, N), lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=N)),
    (lambda: L.one_cycle_lr(t, 0.5, N, pct_start=0.25, div_factor=10, final_div_factor=100),
     lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=N, pct_start=0.25, div_factor=10, final_div_factor=100)),
])
def test_matches_torch_scheduler(ours, make):
    np.testing.assert_allclose(ours(), torch_lrs(make), rtol=1e-9, atol=1e-15)
