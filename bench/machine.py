"""How fast this machine runs Python today, printed with a benchmark's figures: the same
code measured on two days of this shared 2-core machine has taken up to 3× as long, so
figures of different days compare only through this line."""
import statistics
import time

ADDITIONS = 10_000_000


def _loop_seconds() -> float:
    started = time.perf_counter()
    total = 0
    for number in range(ADDITIONS):
        total += number
    return time.perf_counter() - started


def speed_line(runs: int = 3) -> str:
    seconds = statistics.median(_loop_seconds() for _ in range(runs))
    return f"machine: a Python loop of {ADDITIONS:,} additions takes {seconds:.2f} s (median of {runs})"
