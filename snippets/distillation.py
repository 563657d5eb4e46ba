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
# # Knowledge distillation: the soft-target loss, its gradient and the T^2 factor
# Hinton-style distillation loss with temperature, its gradient with respect to the student's
# logits, forward and reverse KL between distributions, and a softmax-regression student
# trained on hard or soft targets. Used by the note "Knowledge Distillation".

# %%
# --8<-- [start:kd_loss]
import numpy as np


def log_softmax(z: np.ndarray) -> np.ndarray:
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


def kd_loss(student: np.ndarray, teacher: np.ndarray, labels: np.ndarray | None, T: float, alpha: float) -> tuple[float, np.ndarray]:
    """alpha * T^2 * KL(softmax(teacher/T) || softmax(student/T)) + (1 - alpha) * CE(student, labels),
    averaged over the batch, and its gradient with respect to the student's logits.

    d/dz_s of T^2 KL = T (q_s - q_t) with q = softmax(z / T); d/dz_s of CE = softmax(z_s) - onehot.
    """
    n = len(student)
    lq_s, lq_t = log_softmax(student / T), log_softmax(teacher / T)
    q_s, q_t = np.exp(lq_s), np.exp(lq_t)
    kl = float(np.sum(q_t * (lq_t - lq_s)) / n)
    loss = alpha * T ** 2 * kl
    grad = alpha * T * (q_s - q_t) / n
    if labels is not None and alpha < 1:
        lp = log_softmax(student)
        loss += (1 - alpha) * float(-lp[np.arange(n), labels].mean())
        onehot = np.eye(student.shape[1])[labels]
        grad = grad + (1 - alpha) * (np.exp(lp) - onehot) / n
    return loss, grad
# --8<-- [end:kd_loss]


# %%
# --8<-- [start:kl]
def forward_kl(p: np.ndarray, q: np.ndarray) -> float:
    """KL(p || q) = sum p log(p / q): large where p has mass and q does not (mode-covering q)."""
    m = p > 0
    return float(np.sum(p[m] * (np.log(p[m]) - np.log(q[m]))))


def reverse_kl(p: np.ndarray, q: np.ndarray) -> float:
    """KL(q || p): large where q has mass and p does not (mode-seeking q)."""
    return forward_kl(q, p)
# --8<-- [end:kl]


# %%
# --8<-- [start:student]
def train_softmax_student(X: np.ndarray, targets: np.ndarray, steps: int = 2000, lr: float = 0.5, l2: float = 1e-3) -> np.ndarray:
    """Multinomial logistic regression fitted by gradient descent to target distributions
    (one-hot rows for hard labels, teacher probabilities for soft ones). Returns W with a bias row."""
    Xb = np.hstack([X, np.ones((len(X), 1))])
    W = np.zeros((Xb.shape[1], targets.shape[1]))
    for _ in range(steps):
        P = np.exp(log_softmax(Xb @ W))
        W -= lr * (Xb.T @ (P - targets) / len(X) + l2 * W)
    return W


def predict_proba(W: np.ndarray, X: np.ndarray) -> np.ndarray:
    return np.exp(log_softmax(np.hstack([X, np.ones((len(X), 1))]) @ W))
# --8<-- [end:student]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    s, t = rng.normal(size=(4, 10)), rng.normal(size=(4, 10))
    for T in (1, 4, 16):
        _, g = kd_loss(s, t, None, T, 1.0)
        print(f"T = {T:2d}: gradient norm with the T^2 factor {np.linalg.norm(g):.4f}, without {np.linalg.norm(g) / T ** 2:.5f}")
