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
# # Learning-rate schedules: step, exponential, cosine, linear warm-up + cosine, one-cycle
# From-scratch NumPy implementation used by the note "Learning Rate Schedules". Each function maps the
# step index t = 0, 1, ... (the number of scheduler steps taken) to a learning rate, as torch.optim.lr_scheduler does.

# %%
# --8<-- [start:schedules]
import numpy as np


def step_lr(t: np.ndarray, base: float, step_size: int, gamma: float = 0.1) -> np.ndarray:
    """Multiply by gamma every step_size steps."""
    return base * gamma ** (np.asarray(t) // step_size)


def exponential_lr(t: np.ndarray, base: float, gamma: float) -> np.ndarray:
    return base * gamma ** np.asarray(t, dtype=float)


def cosine_lr(t: np.ndarray, base: float, T_max: int, eta_min: float = 0.0) -> np.ndarray:
    """eta_min + (base - eta_min) (1 + cos(pi t / T_max)) / 2 (Loshchilov and Hutter, 2017, without restarts)."""
    t = np.asarray(t, dtype=float)
    return eta_min + (base - eta_min) * 0.5 * (1.0 + np.cos(np.pi * t / T_max))


def warmup_cosine_lr(t: np.ndarray, base: float, warmup: int, total: int, start_factor: float = 0.01, eta_min: float = 0.0) -> np.ndarray:
    """Linear ramp from start_factor * base to base over `warmup` steps, then cosine decay over the remaining steps."""
    t = np.asarray(t, dtype=float)
    ramp = base * (start_factor + (1.0 - start_factor) * np.minimum(t, warmup) / warmup)
    decay = cosine_lr(t - warmup, base, total - warmup, eta_min)
    return np.where(t < warmup, ramp, decay)


def one_cycle_lr(t: np.ndarray, max_lr: float, total: int, pct_start: float = 0.3, div_factor: float = 25.0,
                 final_div_factor: float = 1e4) -> np.ndarray:
    """Smith's one-cycle policy as in torch OneCycleLR (two phases, cosine annealing):
    cosine rise from max_lr/div_factor to max_lr, then cosine fall to max_lr/(div_factor*final_div_factor)."""
    t = np.asarray(t, dtype=float)
    initial = max_lr / div_factor
    final = initial / final_div_factor
    peak = pct_start * total - 1.0
    end = total - 1.0

    def cos_anneal(start: float, stop: float, frac: np.ndarray) -> np.ndarray:
        return stop + (start - stop) / 2.0 * (1.0 + np.cos(np.pi * frac))

    return np.where(t <= peak, cos_anneal(initial, max_lr, t / peak), cos_anneal(max_lr, final, (t - peak) / (end - peak)))
# --8<-- [end:schedules]


# %%
if __name__ == "__main__":
    t = np.arange(0, 100, 20)
    print("step  ", step_lr(t, 0.1, 30))
    print("cosine", np.round(cosine_lr(t, 0.1, 100), 4))
    print("warmup", np.round(warmup_cosine_lr(t, 0.1, 10, 100), 4))
    print("1cycle", np.round(one_cycle_lr(t, 0.1, 100), 4))
