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


def test_none_in_the_parent_runs_every_chunk_in_a_child(forking):
    items = list(range(500))
    results = parallel.map_forked(squares, items, in_parent=False)
    assert sorted(x for chunk in results for x, _, _ in chunk) == items
    assert [[(x, y) for x, y, _ in chunk] for chunk in results] == [[(x, x * x) for x in items[k::3]] for k in range(3)]
    assert {pid for chunk in results for _, _, pid in chunk} == set(FORKED) and len(FORKED) == 3
    assert os.getpid() not in {pid for chunk in results for _, _, pid in chunk}


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


# -- TwoEnded: this process goes forwards, a child backwards, each item done once ----------------


def tagged(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def slow_tagged(x: int) -> tuple[int, int]:
    import time

    time.sleep(0.004)
    return x * x, os.getpid()


def _take_all(job: parallel.TwoEnded, items, mine=lambda x: (x * x, os.getpid())) -> dict[int, tuple[int, int]]:
    """What a caller does: each item from the child, or made here when ``take`` says so."""
    out = {}
    for x in items:
        got = job.take(x)
        out[x] = mine(x) if got is parallel.TwoEnded.MISSING else got
    return out


def test_two_ended_items_are_done_once_each_by_one_side(forking):
    import time

    items = list(range(200))
    job = parallel.TwoEnded(items, slow_tagged)
    assert len(FORKED) == 1

    def mine(x):
        time.sleep(0.004)  # both sides go at about the same speed
        return x * x, os.getpid()

    out = _take_all(job, items, mine)
    job.close()
    assert {x: sq for x, (sq, _) in out.items()} == {x: x * x for x in items}
    by_child = [x for x, (_, pid) in out.items() if pid == FORKED[0]]
    assert by_child and len(by_child) < len(items)  # both sides did some
    assert by_child == items[items.index(by_child[0]):]  # the child's share is the tail, unbroken
    assert _no_children_left()


def test_two_ended_a_slow_side_leaves_the_rest_to_the_other(forking):
    import time

    items = list(range(60))
    job = parallel.TwoEnded(items, tagged)
    time.sleep(0.5)  # the child finishes everything before this process takes the first item
    out = _take_all(job, items)
    job.close()
    assert all(pid == FORKED[0] for _, pid in out.values())
    assert _no_children_left()


def fails_on_40(x: int) -> tuple[int, int]:
    if x == 40:
        raise ValueError("forty")
    return x * x, os.getpid()


def dies_on_40(x: int) -> tuple[int, int]:
    if x == 40:
        os._exit(3)
    return x * x, os.getpid()


@pytest.mark.parametrize("fn", [fails_on_40, dies_on_40])
def test_two_ended_an_item_the_child_cannot_do_is_done_here_with_the_rest(forking, fn):
    import time

    items = list(range(60))
    job = parallel.TwoEnded(items, fn)
    time.sleep(0.3)  # the child reaches 40 and stops there
    out = _take_all(job, items)
    job.close()
    assert {x: sq for x, (sq, _) in out.items()} == {x: x * x for x in items}
    assert [x for x, (_, pid) in out.items() if pid != os.getpid()] == list(range(41, 60))
    assert _no_children_left()


def test_two_ended_items_it_was_not_given_and_close_midway(forking):
    items = list(range(100_000))
    job = parallel.TwoEnded(items, slow_tagged)
    assert job.take("not an item") is parallel.TwoEnded.MISSING
    assert job.take(0) is parallel.TwoEnded.MISSING  # the first is this process's
    job.close()  # the child is still working: stopped and reaped
    assert _no_children_left()
    assert job.take(99_999) is parallel.TwoEnded.MISSING  # closed: everything is this process's


def test_two_ended_stays_here_when_other_threads_run(monkeypatch):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    job = parallel.TwoEnded(list(range(10)), tagged)
    assert all(job.take(x) is parallel.TwoEnded.MISSING for x in range(10))


def test_two_ended_a_lock_held_for_ever_stops_the_child_and_leaves_no_process(forking, monkeypatch):
    """The other process died holding the shared lock: the child gives up after LOCK_TIMEOUT and
    exits (no process left waiting), and this process does every item itself."""
    import time

    monkeypatch.setattr(parallel.TwoEnded, "LOCK_TIMEOUT", 0.3)
    items = list(range(20))
    job = parallel.TwoEnded.__new__(parallel.TwoEnded)
    import multiprocessing

    lock = multiprocessing.get_context("fork").Lock()
    lock.acquire()  # held "for ever" by this process, from before the fork
    real_lock = multiprocessing.context.ForkContext.Lock
    monkeypatch.setattr(multiprocessing.context.ForkContext, "Lock", lambda self: lock)
    job.__init__(items, tagged)
    monkeypatch.setattr(multiprocessing.context.ForkContext, "Lock", real_lock)
    time.sleep(1.0)  # the child has given up by now
    pid = FORKED[0]
    exited = os.waitpid(pid, os.WNOHANG)[0] == pid
    if not exited:  # still waiting on the lock: stop it, so the failing test leaves no process
        parallel._kill(pid)
    assert exited  # it exited on its own
    FORKED.clear()
    out = _take_all(job, items)  # this process's own lock acquire times out too: all done here
    assert all(p == os.getpid() for _, p in out.values())
    job.close()
