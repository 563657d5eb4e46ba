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
# # Coding problem: data preprocessing with a fit/transform interface
# Mean imputation, standardisation and one-hot encoding that learn their statistics on the
# training split only. Used by the note "Coding - Implement Data Preprocessing".

# %%
# --8<-- [start:solution]
import numpy as np


class MeanImputer:
    """Replace NaN in each column by that column's training mean (NaNs ignored when fitting)."""

    def fit(self, X: np.ndarray) -> "MeanImputer":
        self.means_ = np.nanmean(X, axis=0)
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        X = np.array(X, dtype=float)
        rows, cols = np.nonzero(np.isnan(X))
        X[rows, cols] = self.means_[cols]
        return X


class StandardScaler:
    """z = (x - mean) / std, population std (ddof=0); a constant column is only centred."""

    def fit(self, X: np.ndarray) -> "StandardScaler":
        self.mean_ = X.mean(axis=0)
        # one-pass E[x^2] - E[x]^2 loses precision when |mean| >> std; use the two-pass form
        self.scale_ = np.sqrt(((X - self.mean_) ** 2).mean(axis=0))
        self.scale_[self.scale_ == 0] = 1.0
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        return (X - self.mean_) / self.scale_

    def inverse_transform(self, Z: np.ndarray) -> np.ndarray:
        return Z * self.scale_ + self.mean_


class OneHotEncoder:
    """One column per (feature, training category); an unseen category encodes as all zeros."""

    def fit(self, X: np.ndarray) -> "OneHotEncoder":
        self.categories_ = [np.unique(X[:, j]) for j in range(X.shape[1])]
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        blocks = []
        for j, cats in enumerate(self.categories_):
            pos = np.searchsorted(cats, X[:, j])
            pos = np.minimum(pos, cats.size - 1)
            hit = cats[pos] == X[:, j]  # False for a category never seen in training
            block = np.zeros((X.shape[0], cats.size))
            block[np.arange(X.shape[0])[hit], pos[hit]] = 1.0
            blocks.append(block)
        return np.hstack(blocks)
# --8<-- [end:solution]


# %%
if __name__ == "__main__":
    X_tr = np.array([[1.0, np.nan], [3.0, 4.0], [5.0, 8.0]])
    X_te = np.array([[np.nan, 2.0]])
    imp = MeanImputer().fit(X_tr)
    sc = StandardScaler().fit(imp.transform(X_tr))
    print("test row after impute + scale:", np.round(sc.transform(imp.transform(X_te)), 3))
    enc = OneHotEncoder().fit(np.array([["red"], ["blue"], ["red"]]))
    print(enc.categories_[0], enc.transform(np.array([["blue"], ["green"]])))
