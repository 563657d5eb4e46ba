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
# # A scalar reverse-mode automatic differentiation engine
# From-scratch implementation used by the notes "Automatic Differentiation" and "Calculus for ML".
# Each Value records its parents and a closure that pushes its gradient to them; backward()
# runs those closures in reverse topological order (the chain rule, applied once per edge).

# %%
# --8<-- [start:value]
import math
from typing import Callable, Iterable

import numpy as np


class Value:
    """A scalar node of a computation graph with a gradient slot."""

    def __init__(self, data: float, parents: "tuple[Value, ...]" = (), op: str = ""):
        self.data = float(data)
        self.grad = 0.0
        self._parents = parents
        self._backward: Callable[[], None] = lambda: None
        self.op = op

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _lift(x: "Value | float") -> "Value":
        return x if isinstance(x, Value) else Value(x)

    def __add__(self, other: "Value | float") -> "Value":
        other = Value._lift(other)
        out = Value(self.data + other.data, (self, other), "+")

        def backward() -> None:  # d(a+b)/da = d(a+b)/db = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = backward
        return out

    def __mul__(self, other: "Value | float") -> "Value":
        other = Value._lift(other)
        out = Value(self.data * other.data, (self, other), "*")

        def backward() -> None:  # d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = backward
        return out

    def __pow__(self, k: float) -> "Value":
        out = Value(self.data**k, (self,), f"**{k}")

        def backward() -> None:
            self.grad += k * self.data ** (k - 1) * out.grad

        out._backward = backward
        return out

    def _unary(self, value: float, local_grad: float, op: str) -> "Value":
        out = Value(value, (self,), op)

        def backward() -> None:
            self.grad += local_grad * out.grad

        out._backward = backward
        return out

    def exp(self) -> "Value":
        e = math.exp(self.data)
        return self._unary(e, e, "exp")

    def log(self) -> "Value":
        return self._unary(math.log(self.data), 1.0 / self.data, "log")

    def tanh(self) -> "Value":
        t = math.tanh(self.data)
        return self._unary(t, 1.0 - t * t, "tanh")

    def sigmoid(self) -> "Value":
        s = 0.5 * (1.0 + math.tanh(0.5 * self.data))  # overflow-free logistic function
        return self._unary(s, s * (1.0 - s), "sigmoid")

    def relu(self) -> "Value":
        return self._unary(max(self.data, 0.0), float(self.data > 0), "relu")

    def __neg__(self) -> "Value":
        return self * -1.0

    def __sub__(self, other: "Value | float") -> "Value":
        return self + (-Value._lift(other))

    def __truediv__(self, other: "Value | float") -> "Value":
        return self * Value._lift(other) ** -1.0

    __radd__ = __add__
    __rmul__ = __mul__

    def __rsub__(self, other: float) -> "Value":
        return Value._lift(other) - self

    def __rtruediv__(self, other: float) -> "Value":
        return Value._lift(other) / self

    def backward(self) -> None:
        """Set d self / d node on every node reachable from self (reverse mode)."""
        order: "list[Value]" = []
        seen: set[int] = set()
        stack: "list[tuple[Value, bool]]" = [(self, False)]
        while stack:  # iterative post-order DFS: parents before children in `order`
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in node._parents)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
# --8<-- [end:value]


# %%
# --8<-- [start:helpers]
def grad(f: "Callable[..., Value]", xs: Iterable[float]) -> tuple[float, list[float]]:
    """Value and gradient of a scalar function of scalars, f(*Values) -> Value."""
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    out.backward()
    return out.data, [leaf.grad for leaf in leaves]


def finite_difference_grad(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6
) -> np.ndarray:
    """Central differences (f(x + h e_i) - f(x - h e_i)) / 2h, error O(h^2)."""
    g = np.zeros_like(x, dtype=float)
    for i in range(len(x)):
        e = np.zeros_like(x, dtype=float)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g
# --8<-- [end:helpers]


# %%
if __name__ == "__main__":
    # one logistic neuron with cross-entropy loss: dL/dw = (sigmoid(w.x + b) - y) x
    x, y = [0.5, -1.2, 2.0], 1.0

    def loss(w0: "Value", w1: "Value", w2: "Value", b: "Value") -> "Value":
        p = (w0 * x[0] + w1 * x[1] + w2 * x[2] + b).sigmoid()
        return -(y * p.log() + (1 - y) * (1 - p).log())

    w = [0.1, 0.2, -0.3, 0.05]
    L, g = grad(loss, w)
    z = sum(wi * xi for wi, xi in zip(w, x)) + w[3]
    p = 1 / (1 + math.exp(-z))
    print("loss:", round(L, 6))
    print("autograd gradient:", np.round(g, 6))
    print("closed form (p - y)[x, 1]:", np.round([(p - y) * xi for xi in x] + [p - y], 6))
