"""Worker processes: every job gets one outcome, in the order of the jobs, whatever a
job does to the worker that reads it."""
import os
import time

import pytest

from indexer import workers
from indexer.errors import ZanError


def task(job):
    """A stand-in for a file reader, run in the worker: the job says what it does."""
    kind, value = job
    if kind == "sleep":
        time.sleep(value)
    elif kind == "die":
        os._exit(1)
    elif kind == "refuse":
        raise ZanError(value)
    return value * 2


def outcomes(jobs, processes=2):
    return [(outcome.result, outcome.failure) for outcome in workers.run(task, jobs, processes)]


def test_outcomes_come_in_the_order_of_the_jobs_however_long_each_takes():
    jobs = [("sleep", 0.3 if n % 5 == 0 else 0.0) if n % 2 else ("double", n) for n in range(30)]
    assert outcomes(jobs) == [(2 * value, "") for _, value in jobs]


def test_a_job_that_kills_its_worker_fails_and_the_jobs_queued_behind_it_are_still_read():
    jobs = [("double", 1), ("die", None), ("double", 2), ("double", 3), ("double", 4)]
    assert outcomes(jobs, processes=1) == [
        (2, ""), (None, "the reader died on it (out of memory, or a crash in a library)"), (4, ""), (6, ""), (8, "")]


def test_a_job_over_the_time_limit_fails_and_the_jobs_queued_behind_it_are_still_read(monkeypatch):
    monkeypatch.setenv("ZAN_FILE_SECONDS", "1")
    started = time.monotonic()
    found = outcomes([("sleep", 60), ("double", 1), ("double", 2)], processes=1)
    assert found == [(None, "reading it took longer than 1 s; skipped"), (2, ""), (4, "")]
    assert time.monotonic() - started < 30


def test_a_refused_job_fails_with_the_readers_message():
    assert outcomes([("refuse", "not a valid DOCX"), ("double", 5)]) == [(None, "not a valid DOCX"), (10, "")]


@pytest.mark.parametrize("processes", [1, 2, 8])
def test_no_jobs_no_outcomes_and_more_processes_than_jobs_is_fine(processes):
    assert outcomes([], processes) == []
    assert outcomes([("double", 3)], processes) == [(6, "")]
