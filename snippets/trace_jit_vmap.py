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
# # Tracing, jit and vmap in miniature
# The mechanisms behind JAX's transformations (and graph capture in general), used by the notes
# "JAX" and "ML Frameworks": run the Python function once on tracers that record primitive
# operations into a graph (a "jaxpr"), cache that graph by input shapes (`jit`), and re-interpret
# it with a batching rule per primitive (`vmap`), so code written for one example runs on a batch.

# %%
# --8<-- [start:trace]
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

PRIMS: dict[str, Callable] = {"add": np.add, "mul": np.multiply, "sub": np.subtract,
                              "matmul": np.matmul, "tanh": np.tanh, "exp": np.exp}


@dataclass
class Graph:
    """A straight-line program: input variables, equations (prim, inputs, output, params), outputs."""
    invars: list[int]
    eqns: list[tuple[str, tuple, int, dict]] = field(default_factory=list)
    outvar: int = -1
    shapes: dict[int, tuple[int, ...]] = field(default_factory=dict)


class Tracer:
    """Stands in for an array during tracing: knows only its shape, records every operation."""

    def __init__(self, graph: Graph, var: int, shape: tuple[int, ...]):
        self.graph, self.var, self.shape = graph, var, shape

    def _emit(self, prim: str, args: tuple, params: dict | None = None) -> "Tracer":
        params = params or {}
        dummy = [np.zeros(a.shape) if isinstance(a, Tracer) else a for a in args]   # shape inference
        shape = np.shape(_apply(prim, dummy, params))
        var = len(self.graph.shapes)
        self.graph.shapes[var] = shape
        ins = tuple(("var", a.var) if isinstance(a, Tracer) else ("const", a) for a in args)
        self.graph.eqns.append((prim, ins, var, params))
        return Tracer(self.graph, var, shape)

    def __add__(self, o): return self._emit("add", (self, o))
    def __radd__(self, o): return self._emit("add", (o, self))
    def __mul__(self, o): return self._emit("mul", (self, o))
    def __rmul__(self, o): return self._emit("mul", (o, self))
    def __sub__(self, o): return self._emit("sub", (self, o))
    def __rsub__(self, o): return self._emit("sub", (o, self))
    def __matmul__(self, o): return self._emit("matmul", (self, o))
    def __rmatmul__(self, o): return self._emit("matmul", (o, self))
    __array_ufunc__ = None               # make NumPy arrays defer to the reflected methods above
    def __bool__(self):
        raise TypeError("data-dependent Python control flow on a traced value")


def tanh(x): return x._emit("tanh", (x,)) if isinstance(x, Tracer) else np.tanh(x)
def exp(x): return x._emit("exp", (x,)) if isinstance(x, Tracer) else np.exp(x)
def total(x, axis=None):
    return x._emit("sum", (x,), {"axis": axis}) if isinstance(x, Tracer) else np.sum(x, axis=axis)


def _apply(prim: str, args: list, params: dict):
    return np.sum(args[0], axis=params["axis"]) if prim == "sum" else PRIMS[prim](*args)


def make_graph(f: Callable, *shapes: tuple[int, ...]) -> Graph:
    """Trace f once with abstract inputs of the given shapes (no data) into a Graph."""
    g = Graph(invars=list(range(len(shapes))))
    tracers = []
    for i, s in enumerate(shapes):
        g.shapes[i] = tuple(s)
        tracers.append(Tracer(g, i, tuple(s)))
    g.outvar = f(*tracers).var
    return g


def evaluate(g: Graph, *args: np.ndarray) -> np.ndarray:
    """Run the recorded program on concrete arrays: no Python from f is executed again."""
    env = dict(zip(g.invars, args))
    for prim, ins, out, params in g.eqns:
        vals = [env[v] if kind == "var" else v for kind, v in ins]
        env[out] = _apply(prim, vals, params)
    return env[g.outvar]


def jit(f: Callable) -> Callable:
    """Trace on the first call for each input signature, then reuse the cached graph."""
    cache: dict = {}

    def wrapped(*args):
        key = tuple((np.shape(a), np.asarray(a).dtype.str) for a in args)
        if key not in cache:
            cache[key] = make_graph(f, *[np.shape(a) for a in args])
            wrapped.traces += 1
        return evaluate(cache[key], *args)

    wrapped.traces = 0
    return wrapped
# --8<-- [end:trace]


# %%
# --8<-- [start:vmap]
def _batched(x: np.ndarray, per_example_ndim: int, out_ndim: int) -> np.ndarray:
    """Batch axis first, then 1s so the per-example axes line up when broadcasting."""
    return x.reshape(x.shape[:1] + (1,) * (out_ndim - per_example_ndim) + x.shape[1:])


def vmap(f: Callable) -> Callable:
    """Map f over axis 0 of every argument by interpreting its graph with batching rules.

    Every value is either batched (leading batch axis) or not (a constant or closed-over array);
    each primitive has a rule that produces the batched result with one NumPy call."""
    def wrapped(*args):
        g = make_graph(f, *[np.shape(a)[1:] for a in args])      # trace per-example shapes
        env = {v: (a, True) for v, a in zip(g.invars, args)}    # value, is_batched
        for prim, ins, out, params in g.eqns:
            vals = [env[v] if kind == "var" else (v, False) for kind, v in ins]
            nd = [len(g.shapes[v]) if kind == "var" else np.ndim(v) for kind, v in ins]
            out_nd = len(g.shapes[out])
            if prim == "sum":                                  # shift the reduced axes past the batch axis
                x, b = vals[0]
                axis = params["axis"]
                if b:
                    axis = tuple(range(1, x.ndim)) if axis is None else axis + 1
                env[out] = (np.sum(x, axis=axis), b)
            elif prim == "matmul":                             # per-example (m,k)@(k,n), (k,)@(k,n), (m,k)@(k,)
                (a, ba), (c, bc) = vals
                sa = "ik"[2 - nd[0]:] if nd[0] else ""
                sc = "kj"[:nd[1]] if nd[1] == 2 else "k"
                so = ("i" if nd[0] == 2 else "") + ("j" if nd[1] == 2 else "")
                spec = f"{'b' * ba}{sa},{'b' * bc}{sc}->{'b' * (ba or bc)}{so}"
                env[out] = (np.einsum(spec, a, c), ba or bc)
            else:                                              # elementwise: align and broadcast
                aligned = [_batched(v, n, out_nd) if b else v for (v, b), n in zip(vals, nd)]
                env[out] = (PRIMS[prim](*aligned), any(b for _, b in vals))
        value, b = env[g.outvar]
        return value if b else np.broadcast_to(value, (len(args[0]),) + np.shape(value))
    return wrapped
# --8<-- [end:vmap]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    W, c = rng.normal(size=(4, 3)), rng.normal(size=3)

    def predict(x):                      # written for ONE example x of shape (4,)
        return total(tanh(x @ W + c) * 2.0)

    g = make_graph(predict, (4,))
    print("graph:", [(prim, out) for prim, _, out, _ in g.eqns])
    X = rng.normal(size=(5, 4))
    print("vmap(predict)(X):", np.round(vmap(predict)(X), 4))
    print("loop over rows  :", np.round([predict(x) for x in X], 4))
    fast = jit(predict)
    for x in (X[0], X[1], rng.normal(size=4)):
        fast(x)
    print("traces after 3 calls with one shape:", fast.traces)
