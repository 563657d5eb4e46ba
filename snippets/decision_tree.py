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
# # CART classification tree and random forest
# From-scratch NumPy implementation used by the notes "Decision Trees" and "Random Forests".

# %%
# --8<-- [start:impurity]
import numpy as np


def gini(counts: np.ndarray) -> np.ndarray:
    """Gini impurity 1 - sum_k p_k^2 of class-count rows (last axis = classes)."""
    n = counts.sum(axis=-1, keepdims=True)
    p = counts / np.maximum(n, 1)
    return 1.0 - np.sum(p * p, axis=-1)


def entropy(counts: np.ndarray) -> np.ndarray:
    """Shannon entropy -sum_k p_k log2 p_k (0 log 0 = 0) of class-count rows."""
    n = counts.sum(axis=-1, keepdims=True)
    p = counts / np.maximum(n, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(p > 0, p * np.log2(p), 0.0)
    return -np.sum(t, axis=-1)


IMPURITY = {"gini": gini, "entropy": entropy}
# --8<-- [end:impurity]


# %%
# --8<-- [start:cart]
def best_split(X: np.ndarray, y: np.ndarray, n_classes: int, criterion: str,
               features: np.ndarray) -> tuple[int, float, float]:
    """Exhaustive CART search over the given features.

    For each feature: sort once, take cumulative class counts, and score every threshold
    between two distinct consecutive values by the weighted child impurity
    (n_L I(L) + n_R I(R)) / n. Returns (feature, threshold, weighted child impurity);
    feature = -1 when no split exists. Cost O(|features| n log n) per node.
    """
    imp = IMPURITY[criterion]
    n = len(y)
    onehot = np.eye(n_classes)[y]
    best = (-1, 0.0, np.inf)
    for j in features:
        order = np.argsort(X[:, j], kind="stable")
        xs = X[order, j]
        left = np.cumsum(onehot[order], axis=0)[:-1]       # counts with i+1 samples on the left
        right = left[-1] + onehot[order[-1]] - left if n > 1 else left
        valid = xs[1:] > xs[:-1]                             # cannot split between equal values
        if not valid.any():
            continue
        nl = np.arange(1, n)
        score = (nl * imp(left) + (n - nl) * imp(right)) / n
        score = np.where(valid, score, np.inf)
        i = int(np.argmin(score))
        if score[i] < best[2]:
            best = (int(j), 0.5 * (xs[i] + xs[i + 1]), float(score[i]))
    return best


class CARTClassifier:
    """Binary-split classification tree grown greedily (Breiman et al., 1984).

    Knobs: criterion ('gini' or 'entropy'), max_depth, min_samples_split, min_samples_leaf,
    max_features (features examined per split; None = all, used by random forests).
    Nodes are stored in flat arrays; leaves have feature = -1.
    """

    def __init__(self, criterion: str = "gini", max_depth: int | None = None,
                 min_samples_split: int = 2, min_samples_leaf: int = 1,
                 max_features: int | None = None, seed: int | None = None):
        self.criterion, self.max_depth = criterion, max_depth
        self.min_samples_split, self.min_samples_leaf = min_samples_split, min_samples_leaf
        self.max_features, self.rng = max_features, np.random.default_rng(seed)

    def fit(self, X: np.ndarray, y: np.ndarray) -> "CARTClassifier":
        self.classes_, yi = np.unique(y, return_inverse=True)
        self.n_classes_ = len(self.classes_)
        self.feature, self.threshold, self.left, self.right, self.value = [], [], [], [], []
        self.n_node, self.impurity = [], []
        self._grow(X, yi, depth=0)
        self.n_node, self.impurity = np.array(self.n_node), np.array(self.impurity)
        self.feature = np.array(self.feature)
        self.threshold = np.array(self.threshold)
        self.left, self.right = np.array(self.left), np.array(self.right)
        self.value = np.array(self.value)
        return self

    def _grow(self, X: np.ndarray, y: np.ndarray, depth: int) -> int:
        node = len(self.feature)
        counts = np.bincount(y, minlength=self.n_classes_).astype(float)
        for lst, v in ((self.feature, -1), (self.threshold, 0.0), (self.left, -1), (self.right, -1)):
            lst.append(v)
        self.value.append(counts / counts.sum())
        self.n_node.append(len(y))
        self.impurity.append(float(IMPURITY[self.criterion](counts)))
        pure = counts.max() == counts.sum()
        if pure or len(y) < self.min_samples_split or (self.max_depth is not None and depth >= self.max_depth):
            return node
        d = X.shape[1]
        feats = np.arange(d) if self.max_features is None else self.rng.choice(d, self.max_features, replace=False)
        j, thr, _ = best_split(X, y, self.n_classes_, self.criterion, feats)
        if j < 0:
            return node
        mask = X[:, j] <= thr
        if min(mask.sum(), (~mask).sum()) < self.min_samples_leaf:
            return node
        self.feature[node], self.threshold[node] = j, thr
        self.left[node] = self._grow(X[mask], y[mask], depth + 1)
        self.right[node] = self._grow(X[~mask], y[~mask], depth + 1)
        return node

    def apply(self, X: np.ndarray) -> np.ndarray:
        """Leaf index of every row, all rows descending one level per iteration."""
        node = np.zeros(len(X), dtype=int)
        while True:
            internal = self.feature[node] >= 0
            if not internal.any():
                return node
            idx = np.where(internal)[0]
            f = self.feature[node[idx]]
            go_left = X[idx, f] <= self.threshold[node[idx]]
            node[idx] = np.where(go_left, self.left[node[idx]], self.right[node[idx]])

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return self.value[self.apply(X)]

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
# --8<-- [end:cart]


# %%
# --8<-- [start:prune]
def _subtree_costs(tree: CARTClassifier, left: np.ndarray, right: np.ndarray):
    """R(T_t) and |leaves(T_t)| for every node reachable in the (partly pruned) tree, where
    R(t) = impurity(t) * n_t / n is the node's share of the total leaf impurity."""
    R = tree.impurity * tree.n_node / tree.n_node[0]
    order, stack = [], [0]
    while stack:                                   # pre-order walk of the current tree
        t = stack.pop()
        order.append(t)
        if left[t] >= 0:
            stack += [right[t], left[t]]
    R_sub, leaves = R.copy(), np.ones(len(R), dtype=int)
    for t in reversed(order):                      # children before parents
        if left[t] >= 0:
            R_sub[t] = R_sub[left[t]] + R_sub[right[t]]
            leaves[t] = leaves[left[t]] + leaves[right[t]]
    internal = np.array([t for t in order if left[t] >= 0], dtype=int)
    return R, R_sub, leaves, internal


def cost_complexity_path(tree: CARTClassifier) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Weakest-link pruning (Breiman et al., 1984).

    Repeatedly collapse the internal node t with the smallest
    g(t) = (R(t) - R(T_t)) / (|leaves(T_t)| - 1) until only the root is left. Returns the
    breakpoints alpha_k, the total leaf impurity of each subtree, and the set of collapsed
    nodes after each step. Each step costs O(number of nodes), so O(nodes^2) in total.
    """
    left, right = tree.left.copy(), tree.right.copy()
    R, R_sub, _, _ = _subtree_costs(tree, left, right)
    alphas, totals, collapsed = [0.0], [R_sub[0]], [np.array([], dtype=int)]
    done: list[int] = []
    while left[0] >= 0:
        R, R_sub, leaves, internal = _subtree_costs(tree, left, right)
        g = (R[internal] - R_sub[internal]) / (leaves[internal] - 1)
        k = int(np.argmin(g))                      # ties: the first node in pre-order
        t = internal[k]
        left[t] = right[t] = -1
        done.append(int(t))
        alphas.append(float(g[k]))
        totals.append(float(R_sub[0] - R_sub[t] + R[t]))
        collapsed.append(np.array(done))
    return np.array(alphas), np.array(totals), collapsed


def prune(tree: CARTClassifier, ccp_alpha: float) -> CARTClassifier:
    """A copy of the tree pruned to the smallest subtree minimising R(T) + alpha |leaves(T)|."""
    alphas, _, collapsed = cost_complexity_path(tree)
    k = int(np.searchsorted(alphas, ccp_alpha, side="right")) - 1
    pruned = CARTClassifier.__new__(CARTClassifier)
    pruned.__dict__.update(tree.__dict__)
    pruned.feature = tree.feature.copy()
    pruned.feature[collapsed[k]] = -1              # a collapsed node becomes a leaf
    return pruned
# --8<-- [end:prune]


# %%
# --8<-- [start:forest]
class RandomForest:
    """Bagged CART trees with per-split feature subsampling (Breiman, 2001).

    Each tree sees a bootstrap sample (n draws with replacement) and examines max_features
    randomly chosen features at each split (default floor(sqrt(d))). Prediction averages the
    trees' class probabilities. oob_score_ is the accuracy on out-of-bag rows: each row is
    predicted only by the trees whose bootstrap sample missed it (about e^-1 = 36.8% of trees).
    """

    def __init__(self, n_trees: int = 100, max_features: int | None = None,
                 max_depth: int | None = None, min_samples_leaf: int = 1, seed: int = 0):
        self.n_trees, self.max_features = n_trees, max_features
        self.max_depth, self.min_samples_leaf, self.seed = max_depth, min_samples_leaf, seed

    def fit(self, X: np.ndarray, y: np.ndarray) -> "RandomForest":
        rng = np.random.default_rng(self.seed)
        n, d = X.shape
        self.classes_, yi = np.unique(y, return_inverse=True)
        k = len(self.classes_)
        m = self.max_features or max(1, int(np.sqrt(d)))
        self.trees = []
        oob_sum, oob_cnt = np.zeros((n, k)), np.zeros(n)
        for _ in range(self.n_trees):
            boot = rng.integers(0, n, n)
            tree = CARTClassifier(max_depth=self.max_depth, min_samples_leaf=self.min_samples_leaf,
                                  max_features=m, seed=int(rng.integers(2**31)))
            tree.fit(X[boot], yi[boot])
            # a bootstrap sample may miss a class: map the tree's classes back to 0..k-1
            proba = np.zeros((n, k))
            proba[:, tree.classes_] = tree.predict_proba(X)
            self.trees.append(tree)
            oob = np.ones(n, dtype=bool)
            oob[boot] = False
            oob_sum[oob] += proba[oob]
            oob_cnt[oob] += 1
        seen = oob_cnt > 0
        self.oob_score_ = float(np.mean(np.argmax(oob_sum[seen], 1) == yi[seen]))
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        k = len(self.classes_)
        total = np.zeros((len(X), k))
        for tree in self.trees:
            total[:, tree.classes_] += tree.predict_proba(X)
        return total / len(self.trees)

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
# --8<-- [end:forest]


# %%
if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n = 400
    X = rng.normal(size=(n, 6))
    logit = 2 * X[:, 0] - 1.5 * X[:, 1] + X[:, 2] * X[:, 3]
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)  # noisy labels
    Xtr, ytr, Xte, yte = X[:300], y[:300], X[300:], y[300:]
    for depth in (2, 4, None):
        t = CARTClassifier(max_depth=depth).fit(Xtr, ytr)
        print(f"tree depth={depth}: train acc {np.mean(t.predict(Xtr) == ytr):.3f}, "
              f"test acc {np.mean(t.predict(Xte) == yte):.3f}, nodes {len(t.feature)}")
    rf = RandomForest(n_trees=30, seed=0).fit(Xtr, ytr)
    print(f"forest of 30: OOB acc {rf.oob_score_:.3f}, test acc {np.mean(rf.predict(Xte) == yte):.3f}")
