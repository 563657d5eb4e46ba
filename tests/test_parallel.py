"""``map_forked``: the serial answer, in order; a child's exception or death reaches the caller;
no child outlives the call."""

from __future__ import annotations

import os

import pytest

from mkdocs_vault_kb import parallel


FORKED: list[int] = []  # the children map_forked made in this test


@pytest.fixture
def forking(monkeypatch):
    """Fork even under the test runner's threads (the functions below take no locks), and note
    each child's pid."""
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            FORKED.append(pid)
        return pid

    FORKED.clear()
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    monkeypatch.setattr(parallel.os, "fork", fork)
    yield
    monkeypatch.undo()


def squares(chunk: list[int]) -> list[tuple[int, int, int]]:
    return [(x, x * x, os.getpid()) for x in chunk]


def fails_on_seven(chunk: list[int]) -> list[int]:
    if 7 in chunk:
        raise ValueError("seven")
    return chunk


def dies_on_seven(chunk: list[int]) -> list[int]:
    if 7 in chunk:
        os._exit(3)
    return chunk


class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("no")


def unpicklable_on_seven(chunk: list[int]) -> list[int]:
    if 7 in chunk:
        raise Unpicklable("lambda inside")
    return chunk


def _no_children_left() -> bool:
    """Every child map_forked made has been reaped (waiting for it again finds no such child);
    other children of the test process do not count."""
    for pid in FORKED:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return bool(FORKED)


def test_results_match_the_serial_run_in_order(forking):
    chunks = parallel.map_forked(squares, range(30), min_items=10)
    assert len(chunks) == 3
    assert sorted(x for chunk in chunks for x, _, _ in chunk) == list(range(30))
    assert [[x for x, _, _ in chunk] for chunk in chunks] == [list(range(30))[k::3] for k in range(3)]
    assert all(sq == x * x for chunk in chunks for x, sq, _ in chunk)
    pids = {pid for chunk in chunks for _, _, pid in chunk}
    assert len(pids) == 3 and os.getpid() in pids  # the parent does the first share itself
    assert _no_children_left()


def test_few_items_stay_in_this_process(forking):
    chunks = parallel.map_forked(squares, range(5), min_items=10)
    assert [pid for chunk in chunks for _, _, pid in chunk] == [os.getpid()] * 5


@pytest.mark.parametrize("fn, error", [(fails_on_seven, ValueError), (dies_on_seven, RuntimeError), (unpicklable_on_seven, RuntimeError)])
def test_a_failing_child_raises_here_and_leaves_no_process(forking, fn, error):
    with pytest.raises(error):
        parallel.map_forked(fn, range(30), min_items=10)
    assert _no_children_left()


def test_a_failing_parent_share_stops_the_children(forking):
    with pytest.raises(ValueError):
        parallel.map_forked(fails_on_seven, [7, *range(8, 30)], min_items=10)
    assert _no_children_left()


def test_background_work_runs_in_a_child_and_its_result_arrives_at_join(forking, tmp_path):
    out = tmp_path / "written"
    job = parallel.Background(lambda: (out.write_text(str(os.getpid())), os.getpid())[1])
    assert len(FORKED) == 1
    pid = job.join()
    assert pid == FORKED[0] != os.getpid() and out.read_text() == str(pid)  # the child wrote the file
    assert _no_children_left()


def test_background_work_raises_at_join_and_cancel_reaps_the_child(forking):
    with pytest.raises(ValueError):
        parallel.Background(lambda: fails_on_seven([7])).join()
    parallel.Background(lambda: os.pause()).cancel()  # a child that would never end
    assert len(FORKED) == 2 and _no_children_left()


def test_background_work_stays_here_when_other_threads_run(monkeypatch):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)  # mkdocs serve's server
    ran: list[int] = []
    job = parallel.Background(lambda: ran.append(os.getpid()) or 5)
    assert ran == []  # nothing runs before join ...
    assert job.join() == 5 and ran == [os.getpid()]  # ... then it runs here
