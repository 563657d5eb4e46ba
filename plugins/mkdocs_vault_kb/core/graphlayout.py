"""Positions for the graph page, computed at build time so the browser starts from a settled layout.

A force layout in the manner of ForceAtlas2: every pair of notes repels with a force of
``(deg_a + 1)(deg_b + 1) / distance``, every link pulls its two ends together in proportion to
their distance, and a weak gravity keeps separate components near the centre. The all-pairs
repulsion is the costly part (O(n²)); here it is approximated on a grid (particle-mesh): the
notes' masses are spread over a square grid (cloud-in-cell), the grid is convolved with the
repulsion kernel by FFT, and each note reads the field back at its own position. One iteration
costs O(n + links + G² log G), the grid's side G growing with the notes up to 127; 10,000 notes and
100,000 links take a few seconds of CPU.

The result depends only on the graph's shape (its node ids and the unordered pairs they link)
and the seed, not on the order nodes and links are listed in; ``LayoutCache`` keeps recent
results by that shape, so an unchanged graph is not laid out again (``mkdocs serve`` rebuilds).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

Positions = dict[str, tuple[float, float]]
FloatArray = npt.NDArray[np.float64]

VERSION = "pm-fa2-3"  # part of the cache key: a change of the algorithm invalidates old layouts
SPACING = 30.0  # about this much room per node (graph units, as the browser draws them), on average
_MAX_GRID = 127  # cells per side at most; the padded FFT grid is twice this plus two (256)


def shape_key(ids: Iterable[str], edges: Iterable[tuple[str, str]], seed: int = 0) -> str:
    """A digest of the graph's shape: its sorted node ids and sorted unordered links between
    two different nodes of the graph (direction, duplicates and self-loops do not count)."""
    nodes, pairs = _shape(ids, edges)
    h = hashlib.sha256(f"{VERSION}\0{seed}\0{len(nodes)}\0".encode())
    for n in nodes:
        h.update(n.encode("utf-8", "surrogatepass") + b"\0")
    h.update(b"\1")
    for a, b in pairs:
        h.update(f"{a},{b};".encode())
    return h.hexdigest()


def _shape(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> tuple[list[str], list[tuple[int, int]]]:
    nodes = sorted(set(ids))
    pos = {n: i for i, n in enumerate(nodes)}
    pairs: set[tuple[int, int]] = set()
    for s, t in edges:
        a, b = pos.get(s), pos.get(t)
        if a is None or b is None or a == b:
            continue
        pairs.add((a, b) if a < b else (b, a))
    return nodes, sorted(pairs)


def layout(ids: Iterable[str], edges: Iterable[tuple[str, str]], *, seed: int = 0, iterations: int = 300) -> Positions:
    """Positions for every id in ``ids``, centred on 0, about ``SPACING`` apart."""
    nodes, pairs = _shape(ids, edges)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    arr = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    xy = force_layout(len(nodes), arr[:, 0], arr[:, 1], seed=seed, iterations=iterations)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy.tolist(), strict=True)}


def force_layout(
    n: int, src: npt.NDArray[np.int64], dst: npt.NDArray[np.int64], *, seed: int = 0, iterations: int = 300
) -> FloatArray:
    """An ``(n, 2)`` array of positions for ``n`` nodes linked by the pairs ``src[i], dst[i]``
    (no self-loops, no duplicates), centred on 0 and scaled to a disc of about ``SPACING``² per node."""
    rng = np.random.default_rng(seed)
    deg = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    mass = (deg + 1).astype(np.float64)
    # start: uniform in a square about as large as the settled layout
    pos = (rng.random((n, 2)) - 0.5) * 2.0 * np.sqrt(n)
    grid = _grid_size(n)
    kernel = _kernel_fft(grid)
    start, end = 0.1 * np.sqrt(n), 0.002 * np.sqrt(n)
    for it in range(iterations):
        force = _repulsion(pos, mass, grid, kernel)
        if len(src):
            delta = pos[dst] - pos[src]  # linear springs
            for d in (0, 1):
                force[:, d] += np.bincount(src, weights=delta[:, d], minlength=n)
                force[:, d] -= np.bincount(dst, weights=delta[:, d], minlength=n)
        centre = pos - pos.mean(axis=0)
        dist = np.sqrt((centre**2).sum(axis=1)) + 1e-9
        force -= (0.05 * mass / dist)[:, None] * centre  # gravity, constant in magnitude
        move = force / mass[:, None]
        length = np.sqrt((move**2).sum(axis=1)) + 1e-12
        temperature = start * (end / start) ** (it / max(1, iterations - 1))  # geometric cooling
        pos += move * (np.minimum(length, temperature) / length)[:, None]
    pos -= pos.mean(axis=0)
    rms = float(np.sqrt((pos**2).sum(axis=1).mean()))
    return pos * (SPACING * np.sqrt(n / np.pi) / max(rms, 1e-9))


def _grid_size(n: int) -> int:
    """Cells per side for ``n`` nodes: about two per node's share of a side, so a small graph does
    not pay for a big grid (whose FFTs cost the same for 20 nodes as for 10,000); one less than a
    power of two, so the padded grid's side is a power of two."""
    side = 16
    while side < 2 * np.sqrt(n) and side <= _MAX_GRID:
        side *= 2
    return min(side, _MAX_GRID + 1) - 1


def _kernel_fft(g: int) -> tuple[npt.NDArray[np.complex128], npt.NDArray[np.complex128]]:
    """FFTs of the repulsion kernel c / |c|² over cell offsets c, on the (2g+2)² padded grid
    (zero padding: a linear, not circular, convolution)."""
    m = 2 * (g + 1)
    off = np.fft.fftfreq(m, 1.0 / m)  # 0, 1, ..., -1
    dx, dy = np.meshgrid(off, off, indexing="ij")
    r2 = dx * dx + dy * dy
    r2[0, 0] = 1.0
    kx, ky = dx / r2, dy / r2
    kx[0, 0] = ky[0, 0] = 0.0
    return np.fft.rfft2(kx), np.fft.rfft2(ky)


def _repulsion(pos: FloatArray, mass: FloatArray, g: int, kernel: tuple[npt.NDArray[np.complex128], ...]) -> FloatArray:
    """The repulsion on every node from all the others, approximated on a grid of ``g`` cells a side."""
    m = 2 * (g + 1)
    lo = pos.min(axis=0)
    span = float((pos.max(axis=0) - lo).max()) or 1.0
    h = span / (g - 1e-6)
    u = (pos - lo) / h  # in [0, g]
    i0 = np.minimum(np.floor(u).astype(np.int64), g - 1)
    f = u - i0
    w = [(1 - f[:, 0]) * (1 - f[:, 1]), f[:, 0] * (1 - f[:, 1]), (1 - f[:, 0]) * f[:, 1], f[:, 0] * f[:, 1]]
    corners = [(0, 0), (1, 0), (0, 1), (1, 1)]
    flat = [(i0[:, 0] + a) * m + (i0[:, 1] + b) for a, b in corners]
    rho = np.zeros(m * m)
    for idx, wk in zip(flat, w, strict=True):
        rho += np.bincount(idx, weights=wk * mass, minlength=m * m)
    rho_f = np.fft.rfft2(rho.reshape(m, m))
    out = np.empty_like(pos)
    for d, k in enumerate(kernel):
        field = np.fft.irfft2(rho_f * k, s=(m, m)).ravel()
        out[:, d] = sum(field[idx] * wk for idx, wk in zip(flat, w, strict=True)) * mass / h
    return out


class LayoutCache:
    """Layouts of the last few graph shapes (``shape_key``), most recently used kept."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self.computed = 0  # layouts computed (misses), for tests and logs
        self._items: OrderedDict[str, Positions] = OrderedDict()

    def layout(self, ids: Sequence[str], edges: Sequence[tuple[str, str]], *, seed: int = 0) -> Positions:
        key = shape_key(ids, edges, seed)
        hit = self._items.get(key)
        if hit is not None:
            self._items.move_to_end(key)
            return hit
        result = layout(ids, edges, seed=seed)
        self.computed += 1
        self._items[key] = result
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return result


# One per process, so that ``mkdocs serve``, which makes a new plugin for each rebuild, reuses
# the layout of an unchanged graph; the adapter passes it to ``graph.with_layout`` explicitly.
SHARED_CACHE = LayoutCache()
