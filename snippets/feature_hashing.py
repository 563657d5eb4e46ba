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
# # Feature hashing (the hashing trick) with signed hashing
# From-scratch implementation used by the note "Feature Engineering": MurmurHash3
# (x86, 32-bit), a FeatureHasher-style encoder (index = |h| mod m, sign from the
# hash), and the collision rate it implies.

# %%
# --8<-- [start:murmur]
import numpy as np


def murmurhash3_32(key: bytes, seed: int = 0) -> int:
    """MurmurHash3 x86_32 (Appleby, 2011) of `key`, returned as a signed 32-bit int."""
    c1, c2, mask = 0xCC9E2D51, 0x1B873593, 0xFFFFFFFF
    h = seed & mask
    n_blocks = len(key) // 4
    for i in range(n_blocks):
        k = int.from_bytes(key[4 * i: 4 * i + 4], "little")
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        k = (k * c2) & mask
        h ^= k
        h = ((h << 13) | (h >> 19)) & mask
        h = (h * 5 + 0xE6546B64) & mask
    tail = key[4 * n_blocks:]
    k = 0
    for i, byte in enumerate(tail):
        k |= byte << (8 * i)
    if tail:
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        k = (k * c2) & mask
        h ^= k
    h ^= len(key)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & mask
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & mask
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h
# --8<-- [end:murmur]


# %%
# --8<-- [start:hasher]
def hash_features(docs: list[list[str]] | list[dict[str, float]], n_features: int = 2 ** 20,
                  alternate_sign: bool = True, seed: int = 0) -> np.ndarray:
    """Encode each document (a list of tokens, or a dict name -> value) as a dense
    vector of length n_features.

    For a feature name f with hash h = murmur(utf8(f), seed): column |h| mod n_features,
    value multiplied by sign(h) when alternate_sign (so colliding features cancel in
    expectation instead of piling up). A string value v of a dict becomes the token
    "name=v" with value 1. Dense output for clarity; real systems use sparse matrices.
    """
    out = np.zeros((len(docs), n_features))
    for row, doc in enumerate(docs):
        items = doc.items() if isinstance(doc, dict) else ((t, 1.0) for t in doc)
        for name, value in items:
            if isinstance(value, str):
                name, value = f"{name}={value}", 1.0
            h = murmurhash3_32(name.encode("utf-8"), seed)
            col = abs(h) % n_features
            sign = 1.0 if (h >= 0 or not alternate_sign) else -1.0
            out[row, col] += sign * float(value)
    return out


def expected_collision_fraction(n_distinct: int, n_features: int) -> float:
    """Expected fraction of n distinct features sharing their column with at least one
    other: 1 - (1 - 1/m)^(n - 1), assuming a uniform hash."""
    return 1.0 - (1.0 - 1.0 / n_features) ** (n_distinct - 1)


def collision_fraction(names: list[str], n_features: int, seed: int = 0) -> float:
    """Observed fraction of the distinct `names` whose column is shared."""
    cols = np.array([abs(murmurhash3_32(n.encode(), seed)) % n_features for n in set(names)])
    _, inverse, counts = np.unique(cols, return_inverse=True, return_counts=True)
    return float(np.mean(counts[inverse] > 1))
# --8<-- [end:hasher]


# %%
if __name__ == "__main__":
    docs = [["user=42", "country=DE", "device=ios"], ["user=7", "country=DE", "device=web"]]
    X = hash_features(docs, n_features=16)
    print(X)
    names = [f"user={i}" for i in range(5000)]
    for m in (2 ** 12, 2 ** 14, 2 ** 18):
        print(f"m={m:6d}: collided {collision_fraction(names, m):.3f}, "
              f"expected {expected_collision_fraction(5000, m):.3f}")
