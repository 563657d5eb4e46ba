"""Oracle tests for snippets/ring_allreduce.py: numpy sum of the inputs and the
2 (p - 1) / p * N traffic bound."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import ring_allreduce as ra


@settings(max_examples=40, deadline=None)
@given(p=st.integers(1, 9), n=st.integers(1, 200), seed=st.integers(0, 10_000))
def test_every_worker_gets_the_sum(p, n, seed):
    rng = np.random.default_rng(seed)
    grads = [rng.normal(size=n) for _ in range(p)]
    out, _ = ra.ring_allreduce(grads)
    expected = np.sum(grads, axis=0)
    for o in out:
        np.testing.assert_allclose(o, expected, rtol=1e-12, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(p=st.integers(1, 9), k=st.integers(1, 50))
def test_traffic_is_2_p_minus_1_over_p_n_when_divisible(p, k):
    n = p * k
    grads = [np.ones(n) for _ in range(p)]
    _, sent = ra.ring_allreduce(grads)
    expected = 2 * (p - 1) / p * n * 8  # float64
    np.testing.assert_allclose(sent, expected, rtol=0)


@settings(max_examples=40, deadline=None)
@given(p=st.integers(2, 9), n=st.integers(2, 300))
def test_total_traffic_and_balance_for_any_n(p, n):
    grads = [np.zeros(n) for _ in range(p)]
    _, sent = ra.ring_allreduce(grads)
    # Each of the p chunks travels p - 1 hops in each phase: total 2 (p - 1) N elements.
    assert sent.sum() == 2 * (p - 1) * n * 8
    # Uneven chunks differ by at most one element, so per-worker traffic differs by at most
    # 2 (p - 1) elements from the mean.
    assert sent.max() - sent.min() <= 2 * (p - 1) * 8


def test_inputs_not_modified():
    grads = [np.arange(6.0), np.ones(6)]
    ra.ring_allreduce(grads)
    np.testing.assert_array_equal(grads[0], np.arange(6.0))


def test_alpha_beta_time():
    # 1 GB over 8 workers at 100 GB/s, 10 us latency: 14 * 1e-5 + 1.75e9 / 1e11.
    np.testing.assert_allclose(ra.allreduce_time(1e9, 8, 1e11, 1e-5), 14e-5 + 0.0175, rtol=1e-12)
