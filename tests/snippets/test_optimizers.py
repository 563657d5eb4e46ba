"""Oracle: torch.optim (SGD, SGD+momentum, SGD+Nesterov, Adagrad, RMSprop, Adam, AdamW) iterate by iterate,
with gradients of the Rosenbrock function from torch autograd."""

import numpy as np
import pytest
import torch

import optimizers as O

CASES = [
    ("sgd", dict(lr=1e-3), lambda p: torch.optim.SGD(p, lr=1e-3)),
    ("sgd", dict(lr=1e-3, weight_decay=0.1), lambda p: torch.optim.SGD(p, lr=1e-3, weight_decay=0.1)),
    ("momentum", dict(lr=2e-4, momentum=0.9), lambda p: torch.optim.SGD(p, lr=2e-4, momentum=0.9)),
    ("nesterov", dict(lr=2e-4, momentum=0.9), lambda p: torch.optim.SGD(p, lr=2e-4, momentum=0.9, nesterov=True)),
    ("adagrad", dict(lr=0.5), lambda p: torch.optim.Adagrad(p, lr=0.5)),
    ("rmsprop", dict(lr=1e-2), lambda p: torch.optim.RMSprop(p, lr=1e-2)),
    ("adam", dict(lr=0.05), lambda p: torch.optim.Adam(p, lr=0.05)),
    ("adam", dict(lr=0.05, weight_decay=0.1), lambda p: torch.optim.Adam(p, lr=0.05, weight_decay=0.1)),
    ("adamw", dict(lr=0.05, weight_decay=0.1), lambda p: torch.optim.AdamW(p, lr=0.05, weight_decay=0.1)),
]


@pytest.mark.parametrize("kind,hp,make", CASES)
def test_iterates_match_torch_optim(kind, hp, make):
    x0 = np.array([-1.5, 2.0])
    ours = O.optimize_path(O.Optimizer(kind, **hp), O.rosenbrock_grad, x0, 100)
    p = torch.tensor(x0, requires_grad=True)
    opt = make([p])
    theirs = [x0.copy()]
    for _ in range(100):
        opt.zero_grad()
        x, y = p[0], p[1]
        ((1 - x) ** 2 + 100 * (y - x * x) ** 2).backward()
        opt.step()
        theirs.append(p.detach().numpy().copy())
    np.testing.assert_allclose(ours, np.array(theirs), rtol=1e-9, atol=1e-12)


def test_adamw_differs_from_adam_with_l2():
    x0 = np.array([-1.5, 2.0])
    a = O.optimize_path(O.Optimizer("adam", lr=0.05, weight_decay=0.1), O.rosenbrock_grad, x0, 50)
    w = O.optimize_path(O.Optimizer("adamw", lr=0.05, weight_decay=0.1), O.rosenbrock_grad, x0, 50)
    assert np.abs(a[-1] - w[-1]).max() > 1e-3


def test_adam_reaches_minimum_neighbourhood():
    path = O.optimize_path(O.Optimizer("adam", lr=0.1), O.rosenbrock_grad, np.array([-1.5, 2.0]), 2000)
    np.testing.assert_allclose(path[-1], [1.0, 1.0], atol=1e-2)
