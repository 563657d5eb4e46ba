"""snippets/trace_jit_vmap.py against oracles: the traced graph evaluated equals the function run
eagerly on arrays; vmap equals a Python loop over examples and torch.func.vmap; jit traces once per
input signature; tracing rejects data-dependent control flow."""

import numpy as np
import pytest
import torch

import trace_jit_vmap as tj

rng = np.random.default_rng(0)
W, c, M = rng.normal(size=(4, 3)), rng.normal(size=3), rng.normal(size=(3, 4))

FUNCS = {  # name: (f written for one example, per-example input shapes)
    "mlp": (lambda x: tj.total(tj.tanh(x @ W + c) * 2.0), [(4,)]),
    "matrix-vector": (lambda x: M @ x - 1.0, [(4,)]),
    "two inputs": (lambda x, y: tj.exp(x * y) + x @ np.ones((4, 2)) @ np.ones(2), [(4,), (4,)]),
    "matrix input, sum over axis": (lambda a: tj.total(a @ W, axis=0) * c, [(5, 4)]),
    "vector-matrix": (lambda x, a: x @ a, [(5,), (5, 4)]),
}


@pytest.mark.parametrize("name", FUNCS)
def test_vmap_equals_a_loop_over_examples(name):
    f, shapes = FUNCS[name]
    args = [rng.normal(size=(6,) + s) for s in shapes]
    loop = np.stack([f(*[a[i] for a in args]) for i in range(6)])
    np.testing.assert_allclose(tj.vmap(f)(*args), loop, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", FUNCS)
def test_evaluating_the_graph_equals_running_f(name):
    f, shapes = FUNCS[name]
    args = [rng.normal(size=s) for s in shapes]
    np.testing.assert_allclose(tj.evaluate(tj.make_graph(f, *shapes), *args), f(*args), rtol=1e-12)


def test_vmap_matches_torch_func_vmap():
    X = rng.normal(size=(7, 4))
    ours = tj.vmap(FUNCS["mlp"][0])(X)
    Wt, ct = torch.tensor(W), torch.tensor(c)
    theirs = torch.func.vmap(lambda x: (torch.tanh(x @ Wt + ct) * 2.0).sum())(torch.tensor(X))
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-12)


def test_jit_traces_once_per_signature_and_side_effects_run_at_trace_time():
    calls = []

    def f(x):
        calls.append(1)                     # a Python side effect: runs only while tracing
        return tj.tanh(x) * 3.0

    fast = tj.jit(f)
    for shape in [(3,), (3,), (4,), (3,), (2, 2), (4,)]:
        x = rng.normal(size=shape)
        np.testing.assert_allclose(fast(x), np.tanh(x) * 3.0, rtol=1e-12)
    assert fast.traces == 3 and len(calls) == 3
    fast(np.ones(3, dtype=np.float32))      # a new dtype is a new signature
    assert fast.traces == 4


def test_data_dependent_branch_fails_under_tracing():
    def f(x):
        return x * 2.0 if tj.total(x) else x
    with pytest.raises(TypeError):
        tj.make_graph(f, (3,))
