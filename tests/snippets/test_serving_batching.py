"""Oracle tests for snippets/serving_batching.py: the M/D/1 queue (Pollaczek-Khinchine
mean waiting time) when batching is off, and properties of the batcher."""

import numpy as np
import pytest

import serving_batching as sb


@pytest.mark.parametrize("rho", [0.3, 0.7])
def test_no_batching_is_md1_queue(rho):
    service = 2.0                                  # ms, deterministic
    lam = rho / service                            # requests per ms
    arr = sb.poisson_arrivals(lam, 100_000, seed=1)
    lat, sizes = sb.simulate_dynamic_batching(arr, 1, 0.0, base_ms=service, per_item_ms=0.0)
    assert np.all(sizes == 1)
    # Pollaczek-Khinchine for M/D/1: W = 1/mu + rho / (2 mu (1 - rho)), mu = 1/service.
    expected = service + rho * service / (2 * (1 - rho))
    np.testing.assert_allclose(lat.mean(), expected, rtol=0.03)


def test_latency_at_least_service_time_and_batches_bounded():
    arr = sb.poisson_arrivals(0.5, 5000, seed=2)
    lat, sizes = sb.simulate_dynamic_batching(arr, 8, 2.0, base_ms=5.0, per_item_ms=0.5)
    assert sizes.sum() == 5000
    assert sizes.max() <= 8 and sizes.min() >= 1
    assert lat.min() >= 5.0 + 0.5 - 1e-12


def test_max_wait_bounds_latency_at_low_load():
    # At very low load every batch is a single request that waited exactly max_wait.
    arr = np.arange(1, 51) * 1000.0
    lat, sizes = sb.simulate_dynamic_batching(arr, 16, 3.0, base_ms=5.0, per_item_ms=1.0)
    np.testing.assert_allclose(lat, 3.0 + 5.0 + 1.0, rtol=1e-12)
    assert np.all(sizes == 1)


def test_batching_stabilises_overload():
    # 500 req/s against a single-request capacity of 1 / 5.5 ms = 182 req/s.
    arr = sb.poisson_arrivals(0.5, 20000, seed=3)
    lat1, _ = sb.simulate_dynamic_batching(arr, 1, 0.0, 5.0, 0.5)
    lat8, _ = sb.simulate_dynamic_batching(arr, 8, 2.0, 5.0, 0.5)
    assert np.percentile(lat1, 99) > 1000.0      # queue grows without bound
    assert np.percentile(lat8, 99) < 50.0        # capacity 8 / 9 ms = 889 req/s


def test_littles_law():
    arr = sb.poisson_arrivals(0.3, 50_000, seed=4)
    lat, _ = sb.simulate_dynamic_batching(arr, 4, 1.0, 3.0, 0.5)
    # Time-average number in system equals throughput times mean latency (L = lambda W).
    t = np.linspace(arr[0], arr[-1], 20001)
    in_system = np.searchsorted(arr, t, side="right") - np.searchsorted(np.sort(arr + lat), t, side="right")
    lam = len(arr) / (arr[-1] - arr[0])
    np.testing.assert_allclose(in_system.mean(), lam * lat.mean(), rtol=0.05)


def test_full_batch_dispatches_before_the_timeout():
    # Eight requests arrive together; with max_batch 8 the batch is full at once, so nobody
    # waits for the 100 ms timeout: latency = 5 + 8 * 1 ms for all of them.
    arr = np.full(8, 10.0)
    lat, sizes = sb.simulate_dynamic_batching(arr, 8, 100.0, base_ms=5.0, per_item_ms=1.0)
    np.testing.assert_allclose(lat, 13.0, rtol=1e-12)
    assert sizes.tolist() == [8]
    # Twelve requests: the first 8 go at once, the other 4 wait for their timeout or the replica.
    arr = np.concatenate([np.full(8, 10.0), np.full(4, 11.0)])
    lat, sizes = sb.simulate_dynamic_batching(arr, 8, 100.0, base_ms=5.0, per_item_ms=1.0)
    assert sizes.tolist() == [8, 4]
    np.testing.assert_allclose(lat[8:], (11.0 + 100.0 + 5.0 + 4.0) - 11.0, rtol=1e-12)
