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
# # Define-by-run reverse-mode autodiff on NumPy arrays
# The mechanism behind PyTorch's autograd, used by the notes "PyTorch" and "ML Frameworks":
# every operation on a `Tensor` runs immediately (eager) and records a node holding its inputs
# and a vector-Jacobian product (VJP); `backward()` walks the recorded graph in reverse
# topological order and accumulates gradients into `.grad`.

# %%
# --8<-- [start:tape]
from collections.abc import Callable

import numpy as np


def _unbroadcast(g: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum a gradient over the axes that broadcasting added or stretched, back to `shape`."""
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


class Tensor:
    """An array that remembers how it was computed (its `grad_fn`), as in PyTorch."""

    def __init__(self, value, parents: tuple["Tensor", ...] = (), vjps: tuple[Callable, ...] = (),
                 op: str = "leaf", requires_grad: bool = False):
        self.value = np.asarray(value, dtype=np.float64)
        self.parents, self.vjps, self.op = parents, vjps, op
        self.requires_grad = requires_grad or any(p.requires_grad for p in parents)
        self.grad: np.ndarray | None = None

    # each operation: compute the value now, record parents and one VJP per parent
    def __add__(self, other):
        other = _as_tensor(other)
        return Tensor(self.value + other.value, (self, other),
                      (lambda g: _unbroadcast(g, self.value.shape), lambda g: _unbroadcast(g, other.value.shape)), "add")

    def __mul__(self, other):
        other = _as_tensor(other)
        return Tensor(self.value * other.value, (self, other),
                      (lambda g: _unbroadcast(g * other.value, self.value.shape),
                       lambda g: _unbroadcast(g * self.value, other.value.shape)), "mul")

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-_as_tensor(other))

    def __rsub__(self, other):
        return _as_tensor(other) - self

    __radd__, __rmul__ = __add__, __mul__

    def __matmul__(self, other):      # (n, k) @ (k, m): dX = G W^T, dW = X^T G
        return Tensor(self.value @ other.value, (self, other),
                      (lambda g: g @ other.value.T, lambda g: self.value.T @ g), "matmul")

    def tanh(self):
        t = np.tanh(self.value)
        return Tensor(t, (self,), (lambda g: g * (1 - t**2),), "tanh")

    def log(self):
        return Tensor(np.log(self.value), (self,), (lambda g: g / self.value,), "log")

    def sigmoid(self):
        s = 1 / (1 + np.exp(-self.value))
        return Tensor(s, (self,), (lambda g: g * s * (1 - s),), "sigmoid")

    def mean(self):
        n = self.value.size
        return Tensor(self.value.mean(), (self,), (lambda g: np.full(self.value.shape, g / n),), "mean")

    def backward(self) -> None:
        """Reverse sweep from a scalar: seed dL/dL = 1, then one VJP per recorded edge."""
        order, seen = [], set()

        def visit(t: "Tensor") -> None:              # depth-first topological sort of the graph
            if id(t) not in seen:
                seen.add(id(t))
                for p in t.parents:
                    visit(p)
                order.append(t)

        visit(self)
        upstream = {id(self): np.ones_like(self.value)}
        for t in reversed(order):                    # outputs before inputs
            g = upstream.pop(id(t), None)
            if g is None:
                continue
            if not t.parents:                        # a leaf: accumulate, as PyTorch does
                if t.requires_grad:
                    t.grad = g if t.grad is None else t.grad + g
                continue
            for p, vjp in zip(t.parents, t.vjps):
                if p.requires_grad:
                    upstream[id(p)] = upstream.get(id(p), 0) + vjp(g)


def _as_tensor(x) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def graph_ops(t: Tensor) -> list[str]:
    """The recorded operations, output first (what PyTorch exposes as grad_fn.next_functions)."""
    out, stack, seen = [], [t], set()
    while stack:
        node = stack.pop()
        if id(node) in seen or not node.parents:
            continue
        seen.add(id(node))
        out.append(node.op)
        stack.extend(node.parents)
    return out
# --8<-- [end:tape]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(32, 3)), rng.integers(0, 2, size=(32, 1)).astype(float)
    w, b = Tensor(rng.normal(size=(3, 1)), requires_grad=True), Tensor(np.zeros((1, 1)), requires_grad=True)
    p = (Tensor(X) @ w + b).sigmoid()
    loss = -(Tensor(y) * p.log() + (1 - Tensor(y)) * (1 - p).log()).mean()   # binary cross-entropy
    loss.backward()
    print("recorded ops:", graph_ops(loss))
    print("dL/dw from the tape:", np.round(w.grad.ravel(), 5))
    print("closed form X^T (p - y) / n:", np.round((X.T @ (p.value - y)).ravel() / len(X), 5))
