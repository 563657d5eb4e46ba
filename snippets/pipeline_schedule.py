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
# # Pipeline-parallel schedules and their bubble
# From-scratch NumPy simulation used by the note "Model Parallelism": p stages,
# m micro-batches, a forward and a backward pass per (stage, micro-batch); the
# GPipe and 1F1B schedules are simulated event by event, and the idle fraction
# (the bubble) is compared with (p - 1) / (m + p - 1).

# %%
# --8<-- [start:schedule]
import numpy as np


def stage_orders(p: int, m: int, schedule: str) -> list[list[tuple[str, int]]]:
    """The order in which each stage runs its ops ('F', j) and ('B', j).

    gpipe: all m forwards, then all m backwards (Huang et al., 2019).
    1f1b:  stage s runs min(p - s - 1, m) warm-up forwards, then alternates one
           forward and one backward, then drains the remaining backwards
           (PipeDream-Flush, Narayanan et al., 2021).
    """
    orders = []
    for s in range(p):
        if schedule == "gpipe":
            ops = [("F", j) for j in range(m)] + [("B", j) for j in range(m)]
        elif schedule == "1f1b":
            warm = min(p - s - 1, m)
            ops = [("F", j) for j in range(warm)]
            f, b = warm, 0
            while f < m:
                ops += [("F", f), ("B", b)]
                f += 1
                b += 1
            ops += [("B", j) for j in range(b, m)]
        else:
            raise ValueError(schedule)
        orders.append(ops)
    return orders


def simulate_pipeline(p: int, m: int, t_f: float = 1.0, t_b: float = 2.0,
                      schedule: str = "gpipe") -> dict[str, float]:
    """Event simulation of one training step of a p-stage pipeline.

    F(s, j) needs F(s - 1, j) finished (activations arrive from the previous stage);
    B(s, j) needs B(s + 1, j) (gradients arrive from the next stage) and F(s, j).
    Each stage runs its ops in the order of `stage_orders`, one at a time, as soon
    as the dependencies allow. Returns the makespan, the bubble (idle fraction of
    stage-time), and the peak number of micro-batches whose activations stage 0
    holds (forward done, backward not yet).
    """
    orders = stage_orders(p, m, schedule)
    end: dict[tuple[str, int, int], float] = {}
    pos = [0] * p
    free = [0.0] * p
    events: list[tuple[float, int]] = []  # (time, +1 or -1): stage-0 activation stash
    remaining = 2 * p * m
    while remaining:
        progressed = False
        for s in range(p):
            while pos[s] < len(orders[s]):
                kind, j = orders[s][pos[s]]
                if kind == "F":
                    deps = [("F", s - 1, j)] if s > 0 else []
                else:
                    deps = [("F", s, j)] + ([("B", s + 1, j)] if s < p - 1 else [])
                if any(d not in end for d in deps):
                    break
                start = max([free[s]] + [end[d] for d in deps])
                dur = t_f if kind == "F" else t_b
                end[(kind, s, j)] = start + dur
                free[s] = start + dur
                if s == 0:
                    events.append((start, +1) if kind == "F" else (start + dur, -1))
                pos[s] += 1
                remaining -= 1
                progressed = True
        if not progressed:
            raise RuntimeError("schedule deadlocked")
    makespan = max(end.values())
    busy = m * (t_f + t_b)
    stash, peak = 0, 0
    for _, delta in sorted(events, key=lambda e: (e[0], e[1])):
        stash += delta
        peak = max(peak, stash)
    return {"makespan": makespan, "bubble": 1.0 - busy / makespan, "peak_stash": peak}


def bubble_fraction(p: int, m: int) -> float:
    """Closed form for uniform stages: (p - 1) / (m + p - 1)."""
    return (p - 1) / (m + p - 1)
# --8<-- [end:schedule]


# %%
if __name__ == "__main__":
    for m in (1, 4, 16, 64):
        g = simulate_pipeline(4, m, schedule="gpipe")
        o = simulate_pipeline(4, m, schedule="1f1b")
        print(f"p=4 m={m:3d}  formula={bubble_fraction(4, m):.3f}  gpipe={g['bubble']:.3f} "
              f"(stash {g['peak_stash']})  1f1b={o['bubble']:.3f} (stash {o['peak_stash']})")
