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
# # Dynamic batching in a model server, simulated
# From-scratch NumPy simulation used by the note "Model Serving": Poisson request
# arrivals, one model replica whose batch of b requests takes base + per_item * b
# milliseconds, and a dynamic batcher with a maximum batch size and a maximum wait.

# %%
# --8<-- [start:batching]
from bisect import bisect_right

import numpy as np


def poisson_arrivals(rate_per_ms: float, n: int, seed: int = 0) -> np.ndarray:
    """Arrival times (ms) of n requests from a Poisson process with the given rate."""
    rng = np.random.default_rng(seed)
    return np.cumsum(rng.exponential(1.0 / rate_per_ms, size=n))


def simulate_dynamic_batching(arrivals: np.ndarray, max_batch: int, max_wait_ms: float,
                              base_ms: float, per_item_ms: float) -> tuple[np.ndarray, np.ndarray]:
    """Latency of every request and the size of every batch.

    When the replica is free and a request is waiting, the batcher dispatches as
    soon as either max_batch requests are queued or the oldest has waited
    max_wait_ms (whichever is first; immediately if the replica was busy past that
    deadline), taking at most max_batch requests in arrival order. A batch of b
    requests occupies the replica for base_ms + per_item_ms * b.
    """
    arr = [float(t) for t in arrivals]  # plain floats: the loop is per batch, keep it cheap
    n = len(arr)
    done_at = np.empty(n)
    sizes = []
    i, t_free = 0, 0.0
    while i < n:
        ready = max(t_free, arr[i])
        deadline = arr[i] + max_wait_ms
        full = arr[i + max_batch - 1] if i + max_batch - 1 < n else float("inf")
        dispatch = max(ready, min(deadline, full))
        j = min(i + max_batch, bisect_right(arr, dispatch))
        done = dispatch + base_ms + per_item_ms * (j - i)
        done_at[i:j] = done
        sizes.append(j - i)
        t_free, i = done, j
    return done_at - np.asarray(arrivals, dtype=float), np.array(sizes)


def latency_summary(latency: np.ndarray) -> dict[str, float]:
    """Mean, p50, p99 and p99.9 latency in ms."""
    return {"mean": float(latency.mean()), "p50": float(np.percentile(latency, 50)),
            "p99": float(np.percentile(latency, 99)), "p999": float(np.percentile(latency, 99.9))}
# --8<-- [end:batching]


# %%
if __name__ == "__main__":
    arr = poisson_arrivals(rate_per_ms=0.5, n=20000, seed=0)  # 500 requests/s
    for mb, wait in [(1, 0.0), (8, 2.0), (32, 5.0)]:
        lat, sizes = simulate_dynamic_batching(arr, mb, wait, base_ms=5.0, per_item_ms=0.5)
        s = latency_summary(lat)
        print(f"max_batch={mb:2d} wait={wait} ms: mean batch {sizes.mean():5.2f}, "
              f"p50 {s['p50']:7.1f} ms, p99 {s['p99']:7.1f} ms")
