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
# # Gradient boosting for regression on small regression trees
# From-scratch NumPy implementation used by the note "Gradient Boosting".
# F_0 = mean(y); F_m = F_{m-1} + nu * h_m, where h_m is a depth-limited least-squares tree
# fitted to the negative gradient of the loss (for squared error: the residuals y - F_{m-1}).

# %%
# --8<-- [start:tree]
import numpy as np


class RegressionTree:
    """Least-squares CART regression tree with max_depth and min_samples_leaf.

    Split search per node and feature: sort once, prefix sums of y give every split's
    SSE_L + SSE_R = sum y^2 - S_L^2 / n_L - S_R^2 / n_R in O(n) after the O(n log n) sort.
    """

    def __init__(self, max_depth: int = 3, min_samples_leaf: int = 1):
        self.max_depth, self.min_samples_leaf = max_depth, min_samples_leaf

    def fit(self, X: np.ndarray, y: np.ndarray) -> "RegressionTree":
        self.feature, self.threshold, self.left, self.right, self.value = [], [], [], [], []
        self._grow(X, y, 0)
        self.feature, self.threshold = np.array(self.feature), np.array(self.threshold)
        self.left, self.right, self.value = np.array(self.left), np.array(self.right), np.array(self.value)
        return self

    def _grow(self, X: np.ndarray, y: np.ndarray, depth: int) -> int:
        node = len(self.feature)
        self.feature.append(-1); self.threshold.append(0.0)
        self.left.append(-1); self.right.append(-1); self.value.append(float(y.mean()))
        n, m = len(y), self.min_samples_leaf
        if depth >= self.max_depth or n < 2 * m:
            return node
        best_gain, best = 1e-12 * max(1.0, float(y @ y)), None
        base = y.sum() ** 2 / n
        for j in range(X.shape[1]):
            order = np.argsort(X[:, j], kind="stable")
            xs, ys = X[order, j], y[order]
            S = np.cumsum(ys)[:-1]
            nl = np.arange(1, n)
            gain = S**2 / nl + (ys.sum() - S) ** 2 / (n - nl) - base   # SSE reduction
            ok = (xs[1:] > xs[:-1]) & (nl >= m) & (n - nl >= m)
            if not ok.any():
                continue
            gain = np.where(ok, gain, -np.inf)
            i = int(np.argmax(gain))
            if gain[i] > best_gain:
                best_gain, best = gain[i], (j, 0.5 * (xs[i] + xs[i + 1]))
        if best is None:
            return node
        j, thr = best
        mask = X[:, j] <= thr
        self.feature[node], self.threshold[node] = j, thr
        self.left[node] = self._grow(X[mask], y[mask], depth + 1)
        self.right[node] = self._grow(X[~mask], y[~mask], depth + 1)
        return node

    def predict(self, X: np.ndarray) -> np.ndarray:
        node = np.zeros(len(X), dtype=int)
        for _ in range(self.max_depth):
            f = self.feature[node]
            internal = f >= 0
            if not internal.any():
                break
            go_left = X[np.arange(len(X)), np.maximum(f, 0)] <= self.threshold[node]
            node = np.where(internal, np.where(go_left, self.left[node], self.right[node]), node)
        return self.value[node]
# --8<-- [end:tree]


# %%
# --8<-- [start:boosting]
class GradientBoostingRegressor:
    """Least-squares gradient boosting (Friedman, 2001).

    Knobs: n_estimators M, learning_rate nu (shrinkage), max_depth of each tree,
    subsample < 1 for stochastic gradient boosting (each tree sees a random fraction of rows).
    For squared error the leaf means of the residuals are already the optimal leaf values,
    so no separate line search is needed. train_loss_[m] is the training MSE after m trees.
    """

    def __init__(self, n_estimators: int = 100, learning_rate: float = 0.1, max_depth: int = 3,
                 min_samples_leaf: int = 1, subsample: float = 1.0, seed: int = 0):
        self.n_estimators, self.learning_rate, self.max_depth = n_estimators, learning_rate, max_depth
        self.min_samples_leaf, self.subsample, self.seed = min_samples_leaf, subsample, seed

    def fit(self, X: np.ndarray, y: np.ndarray) -> "GradientBoostingRegressor":
        rng = np.random.default_rng(self.seed)
        n = len(y)
        self.init_ = float(y.mean())
        F = np.full(n, self.init_)
        self.trees, self.train_loss_ = [], [float(np.mean((y - F) ** 2))]
        for _ in range(self.n_estimators):
            residual = y - F                       # negative gradient of (1/2)(y - F)^2
            rows = np.arange(n) if self.subsample >= 1 else rng.choice(n, int(self.subsample * n), replace=False)
            tree = RegressionTree(self.max_depth, self.min_samples_leaf).fit(X[rows], residual[rows])
            F = F + self.learning_rate * tree.predict(X)
            self.trees.append(tree)
            self.train_loss_.append(float(np.mean((y - F) ** 2)))
        return self

    def staged_predict(self, X: np.ndarray):
        """Yield the prediction after each tree (for choosing M on a validation set)."""
        F = np.full(len(X), self.init_)
        for tree in self.trees:
            F = F + self.learning_rate * tree.predict(X)
            yield F

    def predict(self, X: np.ndarray) -> np.ndarray:
        F = np.full(len(X), self.init_)
        for tree in self.trees:
            F += self.learning_rate * tree.predict(X)
        return F
# --8<-- [end:boosting]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n = 400
    X = rng.uniform(-3, 3, size=(n, 2))
    y = np.sin(X[:, 0]) * 2 + 0.5 * X[:, 1] ** 2 + 0.3 * rng.normal(size=n)
    Xtr, ytr, Xte, yte = X[:300], y[:300], X[300:], y[300:]
    gb = GradientBoostingRegressor(n_estimators=100, learning_rate=0.1, max_depth=3).fit(Xtr, ytr)
    test_mse = [float(np.mean((yte - F) ** 2)) for F in gb.staged_predict(Xte)]
    for m in (0, 10, 50, 100):
        te = float(np.mean((yte - gb.init_) ** 2)) if m == 0 else test_mse[m - 1]
        print(f"M={m:3d}: train MSE {gb.train_loss_[m]:.4f}  test MSE {te:.4f}")
