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
# # First-order optimizers: SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam, AdamW
# From-scratch NumPy implementation used by the note "Optimizers". Update rules follow torch.optim exactly.

# %%
# --8<-- [start:optimizers]
import numpy as np


class Optimizer:
    """One parameter array, its state, and step(p, g) -> new p. Hyperparameter defaults are PyTorch's."""

    def __init__(self, kind: str, lr: float, momentum: float = 0.9, betas: tuple[float, float] = (0.9, 0.999),
                 alpha: float = 0.99, eps: float | None = None, weight_decay: float = 0.0):
        self.kind, self.lr, self.mu, self.betas, self.alpha, self.wd = kind, lr, momentum, betas, alpha, weight_decay
        self.eps = eps if eps is not None else (1e-10 if kind == "adagrad" else 1e-8)
        self.t = 0
        self.buf = None   # momentum buffer / Adam first moment
        self.sq = None    # running sum or average of squared gradients / Adam second moment

    def step(self, p: np.ndarray, g: np.ndarray) -> np.ndarray:
        self.t += 1
        if self.kind == "adamw":
            p = p * (1.0 - self.lr * self.wd)       # decoupled weight decay: not rescaled by the adaptive denominator
        elif self.wd:
            g = g + self.wd * p                      # L2 penalty folded into the gradient ("coupled")
        if self.buf is None:
            self.buf, self.sq = np.zeros_like(p), np.zeros_like(p)
        if self.kind == "sgd":
            return p - self.lr * g
        if self.kind in ("momentum", "nesterov"):
            self.buf = self.mu * self.buf + g if self.t > 1 else g.copy()
            d = g + self.mu * self.buf if self.kind == "nesterov" else self.buf
            return p - self.lr * d
        if self.kind == "adagrad":
            self.sq = self.sq + g * g
            return p - self.lr * g / (np.sqrt(self.sq) + self.eps)
        if self.kind == "rmsprop":
            self.sq = self.alpha * self.sq + (1 - self.alpha) * g * g
            return p - self.lr * g / (np.sqrt(self.sq) + self.eps)
        if self.kind in ("adam", "adamw"):
            b1, b2 = self.betas
            self.buf = b1 * self.buf + (1 - b1) * g
            self.sq = b2 * self.sq + (1 - b2) * g * g
            m_hat = self.buf / (1 - b1 ** self.t)     # bias correction: the moments start at zero
            v_hat = self.sq / (1 - b2 ** self.t)
            return p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        raise ValueError(self.kind)
# --8<-- [end:optimizers]


# %%
# --8<-- [start:paths]
def rosenbrock(p: np.ndarray) -> float:
    x, y = p
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def rosenbrock_grad(p: np.ndarray) -> np.ndarray:
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


def optimize_path(opt: Optimizer, grad_fn, x0: np.ndarray, steps: int) -> np.ndarray:
    """The sequence of iterates, shape (steps + 1, dim)."""
    p = np.array(x0, dtype=float)
    path = [p.copy()]
    for _ in range(steps):
        p = opt.step(p, grad_fn(p))
        path.append(p.copy())
    return np.array(path)


SETTINGS = {  # one learning rate per method from a small grid, for the start (-1.2, 1) and 500 steps
    "sgd": dict(lr=1.5e-3), "momentum": dict(lr=4e-4, momentum=0.9), "nesterov": dict(lr=4e-4, momentum=0.9),
    "adagrad": dict(lr=0.5), "rmsprop": dict(lr=1e-2), "adam": dict(lr=0.1),
}
# --8<-- [end:paths]


# %%
if __name__ == "__main__":
    x0 = np.array([-1.2, 1.0])
    for name, hp in SETTINGS.items():
        path = optimize_path(Optimizer(name, **hp), rosenbrock_grad, x0, 500)
        print(f"{name:9s} f after 500 steps = {rosenbrock(path[-1]):.2e}  at {np.round(path[-1], 3)}")
