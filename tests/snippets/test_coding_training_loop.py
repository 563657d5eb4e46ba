"""Two parts.
1. The NumPy snippet: its softmax-regression gradients (correct and softmax-applied-twice) against
   torch autograd, the batch-mean averages against the direct mean, and the copied-generator demo.
2. The PyTorch loop shown on the page: the single ```python fence of the note is executed with
   torch, then each silent bug the note lists is introduced by editing that exact code, and the
   test checks that the result changes the way the note says."""

import math
import re
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import torch.nn as nn  # noqa: E402
from torch.utils.data import TensorDataset  # noqa: E402

import coding_training_loop as T  # noqa: E402

NOTE = Path(__file__).resolve().parents[2] / "vault" / "Interview Preparation" / "Coding - Write a PyTorch Training Loop.md"


# ---------------------------------------------------------------- 1. the NumPy snippet

@pytest.mark.parametrize("probs_as_logits", [False, True])
def test_numpy_loss_and_gradient_match_autograd(probs_as_logits):
    X, y = T.make_data(n=40, d=5, K=4, seed=1)
    W = np.random.default_rng(2).normal(size=(5, 4))
    loss, g = T.loss_and_grad(W, X, y, probs_as_logits)
    tW = torch.tensor(W, requires_grad=True)
    out = torch.tensor(X) @ tW
    if probs_as_logits:
        out = out.softmax(dim=1)
    tl = torch.nn.functional.cross_entropy(out, torch.tensor(y))
    tl.backward()
    np.testing.assert_allclose(loss, tl.item(), rtol=1e-12)
    np.testing.assert_allclose(g, tW.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_double_softmax_loss_is_bounded_below():
    K = 4
    floor = math.log(1 + (K - 1) / math.e)
    perfect = np.full((3, K), -50.0)
    perfect[np.arange(3), [0, 1, 2]] = 50.0
    s = np.exp(T.log_softmax(perfect))
    assert T.cross_entropy(s, np.array([0, 1, 2])) == pytest.approx(floor, rel=1e-9)


def test_batch_mean_averaging():
    v = np.random.default_rng(0).exponential(size=103)
    np.testing.assert_allclose(T.weighted_batch_means(v, 10), v.mean(), rtol=1e-12)
    assert abs(T.mean_of_batch_means(v, 10) - v.mean()) > 1e-3
    np.testing.assert_allclose(T.mean_of_batch_means(v[:100], 10), v[:100].mean(), rtol=1e-12)  # equal batches


def test_numpy_loop_zero_grad_and_accumulation():
    X, y = T.make_data(n=120, seed=3)
    # 4 micro-batches of 30 with 1/4 scaling == full batch of 120, step for step
    W4, h4 = T.train(X, y, 4, 0.3, 3, 30, accum_steps=4)
    W1, h1 = T.train(X, y, 4, 0.3, 3, 120)
    np.testing.assert_allclose(W4, W1, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(h4, h1, rtol=1e-10)
    # without the 1/4 the first step is exactly 4 times the full-batch step
    np.testing.assert_allclose(T.train(X, y, 4, 0.3, 1, 30, accum_steps=4, scale_accum=False)[0],
                               4 * T.train(X, y, 4, 0.3, 1, 120)[0], rtol=1e-10)
    # without zero_grad the second step uses g1 + g2 (gradients from torch autograd)
    lr, Xt, yt = 0.5, torch.tensor(X), torch.tensor(y)

    def g(W, sl):
        tW = torch.tensor(W, requires_grad=True)
        torch.nn.functional.cross_entropy(Xt[sl] @ tW, yt[sl]).backward()
        return tW.grad.numpy()

    W0 = np.zeros((5, 4))
    g1 = g(W0, slice(0, 60))
    g2 = g(W0 - lr * g1, slice(60, 120))
    W_bug = T.train(X, y, 4, lr, 1, 60, zero_grad=False)[0]
    np.testing.assert_allclose(W_bug, W0 - lr * g1 - lr * (g1 + g2), rtol=1e-10, atol=1e-12)


def test_copied_generator_repeats_itself():
    ds = T.AugmentingDataset(8, seed=0)
    shared = T.run_workers(ds, 2, None)
    np.testing.assert_array_equal(shared[0::2], shared[1::2])          # both workers draw the same stream
    np.testing.assert_array_equal(T.run_workers(ds, 2, None), shared)  # and again next epoch
    fixed = T.run_workers(ds, 2, epoch_seed=1)
    assert not np.allclose(fixed[0::2], fixed[1::2])
    assert not np.allclose(T.run_workers(ds, 2, epoch_seed=2), fixed)


# ---------------------------------------------------------------- 2. the page's torch loop

def page_code() -> str:
    fences = re.findall(r"^```python\n(.*?)^```$", NOTE.read_text(encoding="utf-8"), flags=re.S | re.M)
    assert len(fences) == 1, "the note shows the loop in exactly one plain python fence"
    return fences[0]


def load(*edits: tuple[str, str]) -> dict:
    """Execute the page's code, optionally with bugs introduced by exact, unique text edits."""
    code = page_code()
    for old, new in edits:
        assert code.count(old) == 1, old
        code = code.replace(old, new)
    ns: dict = {"__name__": "page"}
    exec(compile(code, str(NOTE), "exec"), ns)
    return ns


def data(n=64, d=5, K=4, seed=0):
    X, y = T.make_data(n=n, d=d, K=K, seed=seed)
    return TensorDataset(torch.tensor(X), torch.tensor(y))   # float64 features, as from NumPy


def mlp(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(5, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 4))


def linear(seed=0):
    torch.manual_seed(seed)
    return nn.Linear(5, 4)


CPU = torch.device("cpu")
torch.set_num_threads(1)   # tiny models: threads only add overhead on a shared machine


def test_correct_loop_learns_and_evaluates_exactly():
    P = load()
    ds = data(n=256)
    model = mlp()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    first = P["evaluate"](model, P["make_loader"](ds, 32, False, 0), CPU)[0]
    for epoch in range(8):
        P["train_one_epoch"](model, P["make_loader"](ds, 32, True, epoch), opt, CPU)
    loss, acc = P["evaluate"](model, P["make_loader"](ds, 32, False, 0), CPU)
    assert loss < 0.5 * first and acc > 0.85


def test_forgetting_model_train_freezes_batch_norm_and_disables_dropout():
    ds = data()
    for edits, expect_update in (((), True), ((("    model.train()  ", "    pass  "),), False)):
        P = load(*edits)
        model = mlp()
        P["evaluate"](model, P["make_loader"](ds, 16, False, 0), CPU)      # leaves the model in eval mode
        before = model[1].running_mean.clone()
        P["train_one_epoch"](model, P["make_loader"](ds, 16, True, 0), torch.optim.SGD(model.parameters(), lr=0.1), CPU)
        assert (not torch.equal(before, model[1].running_mean)) == expect_update
        assert model.training == expect_update


def test_forgetting_model_eval_makes_evaluation_random_and_moves_batch_norm():
    ds = data()
    for edits, buggy in (((), False), ((("    model.eval()  ", "    pass  "),), True)):
        P = load(*edits)
        model = mlp()
        model.train()
        before = model[1].running_mean.clone()
        r1 = P["evaluate"](model, P["make_loader"](ds, 16, False, 0), CPU)
        r2 = P["evaluate"](model, P["make_loader"](ds, 16, False, 0), CPU)
        assert (r1 != r2) == buggy                                        # dropout on: a different answer each call
        assert (not torch.equal(before, model[1].running_mean)) == buggy  # no_grad does not stop the BN update


def test_forgetting_no_grad_changes_memory_not_numbers():
    ds = data()
    results, grads = [], []
    for edits in ((), (("@torch.no_grad()", ""),)):
        P = load(*edits)
        model = mlp()
        seen = []
        model.register_forward_hook(lambda m, i, o: seen.append(o.requires_grad))
        results.append(P["evaluate"](model, P["make_loader"](ds, 16, False, 0), CPU))
        grads.append(all(seen))
    assert results[0] == results[1]
    assert grads == [False, True]                                          # the buggy version builds a graph per batch


def test_forgetting_zero_grad_steps_with_the_sum_of_all_gradients():
    ds = data(n=32)
    P = load(("            optimizer.zero_grad(set_to_none=True)\n", ""))
    model = linear()
    w0 = [p.detach().clone() for p in model.parameters()]
    P["train_one_epoch"](model, P["make_loader"](ds, 16, False, 0), torch.optim.SGD(model.parameters(), lr=0.5), CPU)

    ref = linear()                                                          # the same two steps by hand
    X, y = ds.tensors[0].float(), ds.tensors[1]

    def grads(m, sl):
        m.zero_grad()
        torch.nn.functional.cross_entropy(m(X[sl]), y[sl]).backward()
        return [p.grad.clone() for p in m.parameters()]

    g1 = grads(ref, slice(0, 16))
    with torch.no_grad():
        for p, g in zip(ref.parameters(), g1):
            p -= 0.5 * g
    g2 = grads(ref, slice(16, 32))
    for p0, p, a, b in zip(w0, model.parameters(), g1, g2):
        np.testing.assert_allclose(p.detach().numpy(), (p0 - 0.5 * a - 0.5 * (a + b)).numpy(), rtol=1e-5, atol=1e-6)


def test_loss_on_probabilities_cannot_fall_below_its_floor():
    ds = data(n=256)
    K = 4
    floor = math.log(1 + (K - 1) / math.e)
    out = {}
    for name, edits in (("logits", ()), ("probs", (("        logits = model(x)                      #", "        logits = model(x).softmax(dim=1)  #"),))):
        P = load(*edits)
        model = linear()
        opt = torch.optim.Adam(model.parameters(), lr=1e-1)
        out[name] = [P["train_one_epoch"](model, P["make_loader"](ds, 32, True, e), opt, CPU) for e in range(12)]
    assert min(out["probs"]) >= floor - 1e-6
    assert out["logits"][-1] < floor - 0.3                   # the correct loop goes well below it


def test_float64_batches_raise_without_the_dtype_cast():
    ds = data()
    P = load(("        x = x.to(device, dtype=torch.float32, non_blocking=True)\n        y = y.to(device, non_blocking=True)    #",
              "        x = x.to(device, non_blocking=True)\n        y = y.to(device, non_blocking=True)    #"))
    with pytest.raises(RuntimeError):
        P["train_one_epoch"](linear(), P["make_loader"](ds, 16, True, 0), torch.optim.SGD(linear().parameters(), lr=0.1), CPU)


def _one_step_delta(P, batch, accum, opt_cls, lr):
    model = linear()
    w0 = model.weight.detach().clone()
    P["train_one_epoch"](model, P["make_loader"](data(n=32), batch, False, 0), opt_cls(model.parameters(), lr=lr), CPU, accum_steps=accum)
    return (model.weight.detach() - w0).numpy()


def test_gradient_accumulation_scaling():
    P, bug = load(), load(("(loss / group).backward()", "loss.backward()"))
    big = _one_step_delta(P, 32, 1, torch.optim.SGD, 0.1)
    np.testing.assert_allclose(_one_step_delta(P, 8, 4, torch.optim.SGD, 0.1), big, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(_one_step_delta(bug, 8, 4, torch.optim.SGD, 0.1), 4 * big, rtol=1e-5, atol=1e-7)
    # Adam divides by the gradient's own scale: the same bug nearly vanishes
    np.testing.assert_allclose(_one_step_delta(bug, 8, 4, torch.optim.Adam, 0.01),
                               _one_step_delta(P, 8, 4, torch.optim.Adam, 0.01), rtol=1e-4, atol=1e-7)


def test_evaluation_averages_over_examples_not_batches():
    ds = data(n=10)
    model = mlp()
    P = load()
    bug = load(('total += F.cross_entropy(logits, y, reduction="sum").item()', "total += F.cross_entropy(logits, y).item()"),
               ("return total / n, correct / n", "return total / len(loader), correct / n"))
    exact = P["evaluate"](model, P["make_loader"](ds, 10, False, 0), CPU)[0]       # one batch: nothing to average
    np.testing.assert_allclose(P["evaluate"](model, P["make_loader"](ds, 4, False, 0), CPU)[0], exact, rtol=1e-6)
    assert abs(bug["evaluate"](model, bug["make_loader"](ds, 4, False, 0), CPU)[0] - exact) > 1e-3   # batches 4, 4, 2


class Augmenting(torch.utils.data.Dataset):
    def __init__(self, n):
        self.n, self.rng = n, np.random.default_rng(0)

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return torch.tensor(self.rng.normal())


def _draws(P, seed, epochs=2):
    loader = P["make_loader"](Augmenting(8), 1, False, seed, num_workers=2)
    return [torch.cat(list(loader)).numpy() for _ in range(epochs)]


def test_worker_seeding():
    e1, e2 = _draws(load(("worker_init_fn=seed_worker, ", "")), seed=0)
    np.testing.assert_array_equal(e1[0::2], e1[1::2])     # worker 0 and worker 1 draw identical "augmentations"
    np.testing.assert_array_equal(e1, e2)                 # and every epoch repeats the first
    P = load()
    e1, e2 = _draws(P, seed=0)
    assert not np.allclose(e1[0::2], e1[1::2]) and not np.allclose(e1, e2)
    np.testing.assert_array_equal(_draws(P, seed=0)[0], e1)   # reproducible from the loader's seed


def test_accumulating_the_loss_tensor_keeps_the_graph():
    ds = data()
    for edits, leaks in (((), False), ((("total += loss.item() * len(y)", "total += loss * len(y)"),), True)):
        P = load(*edits)
        model = linear()
        r = P["train_one_epoch"](model, P["make_loader"](ds, 16, True, 0), torch.optim.SGD(model.parameters(), lr=0.1), CPU)
        assert (getattr(r, "grad_fn", None) is not None) == leaks


def test_last_incomplete_accumulation_group_is_a_full_mean():
    """40 examples in micro-batches of 8 with accum_steps=4: a step on the mean of the first 32, then
    a step on the mean of the last 8 (not a quarter of it)."""
    ds = data(n=40)
    P = load()
    model = linear()
    P["train_one_epoch"](model, P["make_loader"](ds, 8, False, 0), torch.optim.SGD(model.parameters(), lr=0.5), CPU, accum_steps=4)
    ref = linear()
    X, y = ds.tensors[0].float(), ds.tensors[1]
    opt = torch.optim.SGD(ref.parameters(), lr=0.5)
    for sl in (slice(0, 32), slice(32, 40)):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(ref(X[sl]), y[sl]).backward()
        opt.step()
    for a, b in zip(model.parameters(), ref.parameters()):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-5, atol=1e-6)
