"""Oracle tests for snippets/feature_hashing.py: scikit-learn's murmurhash3_32 and
FeatureHasher (exact equality), the birthday-problem collision rate, and the
unbiasedness of signed hashing for inner products."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction import FeatureHasher
from sklearn.utils import murmurhash3_32 as sk_murmur

import feature_hashing as fh


@settings(max_examples=100, deadline=None)
@given(key=st.text(max_size=30), seed=st.integers(0, 2 ** 31 - 1))
def test_murmur_matches_sklearn(key, seed):
    assert fh.murmurhash3_32(key.encode("utf-8"), seed) == sk_murmur(key.encode("utf-8"), seed=seed)


@pytest.mark.parametrize("alternate_sign", [True, False])
def test_string_input_matches_sklearn_featurehasher(alternate_sign):
    rng = np.random.default_rng(0)
    docs = [[f"tok{rng.integers(0, 300)}" for _ in range(rng.integers(1, 20))] for _ in range(40)]
    ours = fh.hash_features(docs, n_features=64, alternate_sign=alternate_sign)
    theirs = FeatureHasher(n_features=64, input_type="string",
                           alternate_sign=alternate_sign).transform(docs).toarray()
    np.testing.assert_array_equal(ours, theirs)  # exact: same hash, same arithmetic


def test_dict_input_matches_sklearn_featurehasher():
    docs = [{"country": "DE", "age": 31.0, "clicks": 4.0}, {"country": "FR", "age": 22.0}]
    ours = fh.hash_features(docs, n_features=32)
    theirs = FeatureHasher(n_features=32, input_type="dict").transform(docs).toarray()
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=0)


@pytest.mark.parametrize("m", [2 ** 10, 2 ** 13, 2 ** 16])
def test_collision_rate_matches_birthday_formula(m):
    names = [f"item_{i}" for i in range(3000)]
    observed = fh.collision_fraction(names, m)
    expected = fh.expected_collision_fraction(3000, m)
    # Binomial-like noise on 3000 items: allow 0.03 absolute (several standard errors).
    assert abs(observed - expected) < 0.03


def test_signed_hashing_is_unbiased_for_inner_products():
    rng = np.random.default_rng(1)
    vocab = [f"w{i}" for i in range(200)]
    x = {w: float(v) for w, v in zip(vocab, rng.normal(size=200))}
    y = {w: float(v) for w, v in zip(vocab, rng.normal(size=200))}
    true = sum(x[w] * y[w] for w in vocab)
    m = 32  # heavy collisions: each column holds about 6 features
    signed, unsigned = [], []
    for seed in range(120):
        hx, hy = fh.hash_features([x, y], m, alternate_sign=True, seed=seed)
        signed.append(hx @ hy)
        ux, uy = fh.hash_features([x, y], m, alternate_sign=False, seed=seed)
        unsigned.append(ux @ uy)
    signed = np.array(signed)
    # Weinberger et al. (2009): E[<phi(x), phi(y)>] = <x, y> with signed hashing.
    se = signed.std(ddof=1) / np.sqrt(len(signed))
    assert abs(signed.mean() - true) < 4 * se
    # Variance with sign hashing is finite; unsigned hashing adds sum_{i != j collide} x_i y_j,
    # whose mean is (sum x)(sum y) - <x, y> over m: check it is the biased one.
    bias_unsigned = (sum(x.values()) * sum(y.values()) - true) / m
    np.testing.assert_allclose(np.mean(unsigned) - true, bias_unsigned,
                               atol=4 * np.std(unsigned) / np.sqrt(120))
