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
# # Coding problem: SGD with momentum, Adam and AdamW, and a mini-batch training loop
# Interview-style solution used by the note "Coding - Implement SGD, Momentum and Adam".

# %%
# --8<-- [start:optimizers]
import numpy as np


class SGD:
    """SGD with optional momentum: v <- beta v + g, w <- w - lr v.

    Nesterov (as in PyTorch): w <- w - lr (g + beta v).
    """

    def __init__(
        self, lr: float, momentum: float = 0.0, nesterov: bool = False, weight_decay: float = 0.0
    ):
        self.lr, self.beta, self.nesterov, self.wd = lr, momentum, nesterov, weight_decay
        self.v: np.ndarray | None = None

    def step(self, w: np.ndarray, g: np.ndarray) -> np.ndarray:
        """Return the updated parameters (w is not modified in place)."""
        g = g + self.wd * w  # L2 penalty folded into the gradient (same as decay for plain SGD)
        self.v = g.copy() if self.v is None else self.beta * self.v + g
        direction = g + self.beta * self.v if self.nesterov else self.v
        return w - self.lr * direction


class Adam:
    """Adam (Kingma and Ba, 2015); decoupled=True gives AdamW (Loshchilov and Hutter, 2019).

    m <- b1 m + (1 - b1) g,  s <- b2 s + (1 - b2) g^2,
    m_hat = m / (1 - b1^t),  s_hat = s / (1 - b2^t),
    w <- w - lr (m_hat / (sqrt(s_hat) + eps) + wd w)   [AdamW],
    or g <- g + wd w before the moments                 [Adam + L2].
    """

    def __init__(
        self,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        decoupled: bool = True,
    ):
        self.lr, (self.b1, self.b2), self.eps = lr, betas, eps
        self.wd, self.decoupled = weight_decay, decoupled
        self.m: np.ndarray | None = None
        self.s: np.ndarray | None = None
        self.t = 0

    def step(self, w: np.ndarray, g: np.ndarray) -> np.ndarray:
        """Return the updated parameters (w is not modified in place)."""
        if self.wd and not self.decoupled:
            g = g + self.wd * w
        if self.m is None:
            self.m, self.s = np.zeros_like(w), np.zeros_like(w)
        self.t += 1
        self.m = self.b1 * self.m + (1 - self.b1) * g
        self.s = self.b2 * self.s + (1 - self.b2) * g * g
        m_hat = self.m / (1 - self.b1**self.t)
        s_hat = self.s / (1 - self.b2**self.t)
        update = m_hat / (np.sqrt(s_hat) + self.eps)
        if self.wd and self.decoupled:
            update = update + self.wd * w
        return w - self.lr * update
# --8<-- [end:optimizers]


# %%
# --8<-- [start:training_loop]
import numpy as np


def minibatch_train(
    X: np.ndarray,
    y: np.ndarray,
    grad_fn,
    opt,
    batch_size: int,
    epochs: int,
    rng: np.random.Generator,
    w0: np.ndarray | None = None,
    loss_fn=None,
) -> tuple[np.ndarray, list[float]]:
    """Shuffle every epoch, iterate over batches (the last one may be smaller), call opt.step.

    grad_fn(w, Xb, yb) returns the mean gradient over the batch; the optional loss_fn(w) is
    logged after every epoch.
    """
    w = np.zeros(X.shape[1]) if w0 is None else w0.astype(float).copy()
    history = []
    for _ in range(epochs):
        order = rng.permutation(X.shape[0])
        for start in range(0, X.shape[0], batch_size):
            idx = order[start : start + batch_size]
            w = opt.step(w, grad_fn(w, X[idx], y[idx]))
        if loss_fn is not None:
            history.append(float(loss_fn(w)))
    return w, history


def least_squares_grad(w: np.ndarray, Xb: np.ndarray, yb: np.ndarray) -> np.ndarray:
    """Gradient of mean 0.5 (x.w - y)^2 over the batch."""
    return Xb.T @ (Xb @ w - yb) / Xb.shape[0]
# --8<-- [end:training_loop]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X = rng.normal(size=(512, 5)) * np.array([1, 2, 4, 8, 16])
    w_true = rng.normal(size=5)
    y = X @ w_true + 0.1 * rng.normal(size=512)
    loss = lambda w: 0.5 * np.mean((X @ w - y) ** 2)  # noqa: E731
    for name, opt in [("SGD", SGD(1e-3)), ("momentum", SGD(1e-3, 0.9)), ("Adam", Adam(3e-2))]:
        rng_run = np.random.default_rng(1)
        w, hist = minibatch_train(X, y, least_squares_grad, opt, 32, 50, rng_run, loss_fn=loss)
        print(f"{name:9s} loss after 50 epochs: {hist[-1]:.5f}")
    print("least-squares optimum   :", round(loss(np.linalg.lstsq(X, y, rcond=None)[0]), 5))
