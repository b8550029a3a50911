"""Reading files in worker processes, each file bounded in time and memory.

A broken or hostile file (a PDF whose object graph explodes, a zip bomb, a reader that
loops) must never hang or kill a batch: each file is read in a worker process under an
address-space limit, and a worker that overruns the time limit is killed and replaced;
the file is reported as failed and the batch goes on.
"""
import multiprocessing
import os
import resource
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait

FILE_SECONDS = 120.0  # ZAN_FILE_SECONDS overrides
FILE_MEMORY_MB = 2048  # ZAN_FILE_MEMORY_MB overrides
QUEUED_JOBS = 2  # jobs sent ahead to a worker: the one it reads and the next
POLL_SECONDS = 0.05  # how often the time limit is checked while every worker is busy


@dataclass(frozen=True)
class Outcome:
    job: object
    result: object = None
    failure: str = ""  # why the file could not be read; empty when ``result`` is set


def _limit(name: str, default: float) -> float:
    from indexer.errors import ZanError

    value = os.environ.get(name, "")
    try:
        limit = float(value) if value else default
    except ValueError:
        limit = -1.0
    if not 0 < limit < float("inf"):
        raise ZanError(f"{name} must be a positive number, not {value!r}")
    return limit


def run(task: Callable, jobs: Iterable, processes: int = 1) -> Iterator[Outcome]:
    """``task(job)`` for every job, in worker processes; outcomes in the order of ``jobs``.

    ``task`` raises ``ZanError`` for a file it cannot read: its message is the failure.
    Each worker has ``QUEUED_JOBS`` jobs sent ahead, so it goes on reading while the
    caller is busy with an outcome.
    """
    seconds = _limit("ZAN_FILE_SECONDS", FILE_SECONDS)
    memory = int(_limit("ZAN_FILE_MEMORY_MB", FILE_MEMORY_MB) * 1024 * 1024)
    jobs = list(jobs)
    if not jobs:
        return
    pending = iter(enumerate(jobs))
    workers = [_Worker(task, memory) for _ in range(max(1, min(processes, len(jobs))))]
    try:
        done: dict[int, Outcome] = {}
        emitted = 0
        for worker in workers:
            worker.fill(pending)
        while busy := [worker for worker in workers if worker.queue]:
            ready = set(wait([worker.connection for worker in busy], timeout=POLL_SECONDS))
            for worker in busy:
                finished = worker.outcome(worker.connection in ready, limit=seconds)
                if finished is not None:
                    done[finished[0]] = finished[1]
                    worker.fill(pending)
            while emitted in done:
                yield done.pop(emitted)
                emitted += 1
    finally:
        for worker in workers:
            worker.stop()


class _Worker:
    """One worker process and the jobs sent to it, oldest (the one it is reading) first."""

    def __init__(self, task: Callable, memory: int):
        self.task, self.memory = task, memory
        self.queue: deque[tuple[int, object]] = deque()
        self._spawn()

    def _spawn(self) -> None:
        context = multiprocessing.get_context("spawn")  # a forked worker would share the writer lock
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, self.task, self.memory), daemon=True)
        self.process.start()
        child.close()
        self.started = time.monotonic()  # when the oldest job began, as far as we can tell

    def fill(self, pending) -> None:
        """Send jobs until ``QUEUED_JOBS`` are queued or none are left."""
        while len(self.queue) < QUEUED_JOBS and (item := next(pending, None)) is not None:
            if not self.queue:
                self.started = time.monotonic()
            self.queue.append(item)
            self._send(item[1])

    def _send(self, job) -> None:
        try:
            self.connection.send(job)
        except OSError:  # the worker died: ``outcome`` finds out and sends the job again
            pass

    def outcome(self, ready: bool, limit: float) -> tuple[int, Outcome] | None:
        """(number, outcome) of the oldest job if it is done (or has failed), else None."""
        number, job = self.queue[0]
        try:
            if ready:
                kind, value = self.connection.recv()
                self.queue.popleft()
                self.started = time.monotonic()  # the next job began at the latest now
                return number, Outcome(job, result=value) if kind == "ok" else Outcome(job, failure=value)
        except (EOFError, OSError):
            return number, self._give_up("the reader died on it (out of memory, or a crash in a library)")
        if time.monotonic() - self.started > limit:
            return number, self._give_up(f"reading it took longer than {limit:g} s; skipped")
        return None

    def _give_up(self, failure: str) -> Outcome:
        """Fail the oldest job and restart the worker with the jobs queued behind it."""
        _, job = self.queue.popleft()
        self.stop()
        self._spawn()
        for _, queued in self.queue:
            self._send(queued)
        return Outcome(job, failure=failure)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


def _serve(connection, task: Callable, memory: int) -> None:
    """The worker's loop: read jobs until the parent closes the pipe."""
    from indexer.errors import ZanError

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            reply = ("ok", task(job))
        except ZanError as error:
            reply = ("failed", str(error))
        except MemoryError:
            reply = ("failed", "reading it needed more memory than the per-file limit")
        except RecursionError:
            reply = ("failed", "its structure is nested too deeply to read")
        except Exception as error:  # a reader library's own bug: one line, never the batch
            last = traceback.extract_tb(error.__traceback__)[-1]
            reply = ("failed", f"the reader failed ({type(error).__name__}: {error}; at {last.name})")
        try:
            connection.send(reply)
        except Exception as error:  # an unpicklable result
            connection.send(("failed", f"the reader's result could not be passed on ({type(error).__name__})"))
