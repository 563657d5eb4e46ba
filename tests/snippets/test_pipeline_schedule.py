"""Oracle tests for snippets/pipeline_schedule.py: the closed forms
(p - 1) / (m + p - 1) for the bubble, (m + p - 1)(t_f + t_b) for the makespan, and
the activation stash of GPipe (m) versus 1F1B (min(p, m))."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline_schedule as ps


@settings(max_examples=60, deadline=None)
@given(p=st.integers(1, 8), m=st.integers(1, 24),
       t_f=st.floats(0.1, 3.0), ratio=st.floats(0.5, 3.0),
       schedule=st.sampled_from(["gpipe", "1f1b"]))
def test_bubble_matches_closed_form(p, m, t_f, ratio, schedule):
    t_b = ratio * t_f
    r = ps.simulate_pipeline(p, m, t_f, t_b, schedule)
    np.testing.assert_allclose(r["bubble"], (p - 1) / (m + p - 1), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(r["makespan"], (m + p - 1) * (t_f + t_b), rtol=1e-9)


@pytest.mark.parametrize("p,m", [(4, 1), (4, 8), (8, 32), (2, 5)])
def test_activation_stash(p, m):
    assert ps.simulate_pipeline(p, m, schedule="gpipe")["peak_stash"] == m
    assert ps.simulate_pipeline(p, m, schedule="1f1b")["peak_stash"] == min(p, m)


def test_closed_form_helper():
    assert ps.bubble_fraction(4, 16) == pytest.approx(3 / 19, rel=1e-12)
    assert ps.bubble_fraction(1, 7) == 0.0


def test_each_op_runs_once():
    for sched in ("gpipe", "1f1b"):
        orders = ps.stage_orders(5, 7, sched)
        for ops in orders:
            assert sorted(ops) == sorted([("F", j) for j in range(7)] + [("B", j) for j in range(7)])
