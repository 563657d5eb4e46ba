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
# # Ring all-reduce, simulated with its traffic counted
# From-scratch NumPy simulation used by the note "Data Parallelism and All-Reduce":
# p workers on a ring, each holding a gradient vector of N elements; reduce-scatter
# then all-gather, each in p - 1 steps; every send is logged in bytes.

# %%
# --8<-- [start:ring]
import numpy as np


def ring_allreduce(grads: list[np.ndarray]) -> tuple[list[np.ndarray], np.ndarray]:
    """Sum `grads` (one equal-length vector per worker) with the ring algorithm.

    The vector is split into p chunks. In reduce-scatter step s (s = 0..p-2),
    worker r sends chunk (r - s) mod p to worker r + 1, which adds it to its own
    copy; after p - 1 steps worker r holds the full sum of chunk (r + 1) mod p.
    In all-gather step s, worker r forwards the finished chunk (r + 1 - s) mod p,
    and the receiver overwrites its copy. All sends of a step happen at once
    (each link carries one chunk per step).

    Returns the p result vectors and the bytes sent by each worker.
    """
    p = len(grads)
    buf = [np.array(g, dtype=np.float64, copy=True) for g in grads]
    chunks = np.array_split(np.arange(buf[0].size), p)  # index sets, sizes differ by <= 1
    sent = np.zeros(p, dtype=np.int64)
    itemsize = buf[0].itemsize

    for s in range(p - 1):  # reduce-scatter
        msgs = [(r, (r - s) % p, buf[r][chunks[(r - s) % p]].copy()) for r in range(p)]
        for r, c, payload in msgs:
            buf[(r + 1) % p][chunks[c]] += payload
            sent[r] += payload.size * itemsize
    for s in range(p - 1):  # all-gather
        msgs = [(r, (r + 1 - s) % p, buf[r][chunks[(r + 1 - s) % p]].copy()) for r in range(p)]
        for r, c, payload in msgs:
            buf[(r + 1) % p][chunks[c]] = payload
            sent[r] += payload.size * itemsize
    return buf, sent


def naive_allreduce_traffic(p: int, n: int, itemsize: int = 8) -> dict[str, float]:
    """Bytes sent by the busiest node for two simpler schemes, for comparison.

    Reduce-to-one-then-broadcast: the root receives (p - 1) N and sends (p - 1) N.
    One parameter server with p workers: each worker sends N and receives N, so the
    server receives p N and sends p N, whatever the number of workers' links.
    """
    return {
        "ring (per worker, sent)": 2 * (p - 1) / p * n * itemsize,
        "reduce+broadcast (root, sent)": (p - 1) * n * itemsize,
        "parameter server (server, sent)": p * n * itemsize,
    }


def allreduce_time(n_bytes: float, p: int, bandwidth: float, latency: float) -> float:
    """Alpha-beta cost of ring all-reduce: 2 (p - 1) steps of latency plus 2 (p-1)/p N / B."""
    return 2 * (p - 1) * latency + 2 * (p - 1) / p * n_bytes / bandwidth
# --8<-- [end:ring]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    p, n = 4, 1_000_000
    grads = [rng.normal(size=n) for _ in range(p)]
    out, sent = ring_allreduce(grads)
    print("max |result - sum| over workers:", max(np.max(np.abs(o - sum(grads))) for o in out))
    print("bytes sent per worker:", sent, " 2(p-1)/p*N*8 =", 2 * (p - 1) / p * n * 8)
