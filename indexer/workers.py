"""Reading files in worker processes, each file bounded in time and memory.

A broken or hostile file (a PDF whose object graph explodes, a zip bomb, a reader that
loops) must never hang or kill a batch: each file is read in a worker process under an
address-space limit, and a worker that overruns the time limit is killed and replaced;
the file is reported as failed and the batch goes on.
"""
import multiprocessing
import os
import resource
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

FILE_SECONDS = 120.0  # ZAN_FILE_SECONDS overrides
FILE_MEMORY_MB = 2048  # ZAN_FILE_MEMORY_MB overrides


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
    """
    seconds = _limit("ZAN_FILE_SECONDS", FILE_SECONDS)
    memory = int(_limit("ZAN_FILE_MEMORY_MB", FILE_MEMORY_MB) * 1024 * 1024)
    jobs = list(jobs)
    if not jobs:
        return
    workers = [_Worker(task, memory) for _ in range(max(1, min(processes, len(jobs))))]
    try:
        pending = iter(enumerate(jobs))
        running: dict[int, tuple[int, object]] = {}
        done: dict[int, Outcome] = {}
        emitted = 0
        for n, worker in enumerate(workers):
            _start_next(worker, n, pending, running)
        while running:
            for n, worker in enumerate(workers):
                if n not in running:
                    continue
                outcome = worker.outcome(running[n][1], timeout=0.05, limit=seconds)
                if outcome is None:
                    continue
                done[running.pop(n)[0]] = outcome
                _start_next(worker, n, pending, running)
            while emitted in done:
                yield done.pop(emitted)
                emitted += 1
    finally:
        for worker in workers:
            worker.stop()


def _start_next(worker, n: int, pending, running) -> None:
    item = next(pending, None)
    if item is not None:
        running[n] = item
        worker.send(item[1])


class _Worker:
    """One worker process and the job it is on."""

    def __init__(self, task: Callable, memory: int):
        self.task, self.memory = task, memory
        self._spawn()

    def _spawn(self) -> None:
        context = multiprocessing.get_context("spawn")  # a forked worker would share the writer lock
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, self.task, self.memory), daemon=True)
        self.process.start()
        child.close()
        self.started = None

    def send(self, job) -> None:
        import time

        self.connection.send(job)
        self.started = time.monotonic()

    def outcome(self, job, timeout: float, limit: float) -> Outcome | None:
        """The job's outcome if it is ready (or has failed), else None."""
        import time

        try:
            if self.connection.poll(timeout):
                kind, value = self.connection.recv()
                return Outcome(job, result=value) if kind == "ok" else Outcome(job, failure=value)
        except (EOFError, OSError):
            self._restart()
            return Outcome(job, failure="the reader died on it (out of memory, or a crash in a library)")
        if time.monotonic() - self.started > limit:
            self._restart()
            return Outcome(job, failure=f"reading it took longer than {limit:g} s; skipped")
        return None

    def _restart(self) -> None:
        self.stop()
        self._spawn()

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
