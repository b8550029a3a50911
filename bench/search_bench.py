"""Index build time, cold `zan search` wall time and peak memory, on the bundled corpus.

Usage: python bench/search_bench.py [--runs N]
Each measurement runs the installed `zan` command in a fresh process, as a user would.
It also times the floor under a cold search: Python starting, then importing the CLI,
then Whoosh's reading side as a search loads it.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from machine import speed_line

# Word forms that occur in the corpus (their lemmas are saved with the index) and forms
# that do not (the query has to load a lemmatiser).
CORPUS_FORMS = ["киберқылмыс", "offences", "неправомерный доступ", "мемлекеттердің",
                "illegal access", "информации", "құқығынан", "data", "преступлений"]
UNSEEN_FORMS = ["конвенциям", "мемлекеттерге", "criminalizing"]


def run_zan(args: list[str], index_dir: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `zan` process."""
    env = {**os.environ, "ZAN_INDEX": str(index_dir), "NO_COLOR": "1"}
    started = time.perf_counter()
    process = subprocess.Popen([shutil.which("zan"), *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: nothing found, as grep
        raise SystemExit(f"zan {' '.join(args)} failed: {process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


# What a cold search does before it searches, each step a fresh process.
FLOOR = [("Python starting", "pass"),
         ("Python and click", "import click"),
         ("Python and the CLI (click, search_cli, indexer)", "import search_cli.main"),
         ("Python, the CLI and Whoosh's reading side, as a search loads it",
          ("import search_cli.main; from indexer.index import load_whoosh; load_whoosh(); "
           "import whoosh.searching, whoosh.collectors, indexer.codec, indexer.query"))]


def median_ms(command: list[str], runs: int, folder: Path) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True, cwd=folder)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    if not shutil.which("zan"):
        raise SystemExit("install zan first: pip install .")
    print(speed_line())
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        build_seconds, build_mb = run_zan(["index", "--index", str(index_dir)], index_dir)
        print(f"index build (bundled corpus): {build_seconds:.2f} s, peak RSS {build_mb:.0f} MB")
        for label, queries in (("corpus word forms", CORPUS_FORMS), ("unseen word forms", UNSEEN_FORMS)):
            runs_of = [run_zan(["search", queries[run % len(queries)]], index_dir) for run in range(runs)]
            times = [seconds for seconds, _ in runs_of]
            print(f"cold `zan search`, {label}, {runs} runs: median {statistics.median(times) * 1000:.0f} ms, "
                  f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms; "
                  f"peak RSS {max(peak for _, peak in runs_of):.0f} MB")
    python = Path(shutil.which("zan")).read_text().splitlines()[0].removeprefix("#!")  # the one zan runs on
    with tempfile.TemporaryDirectory() as elsewhere:  # "-c" imports from the current folder first
        for label, code in FLOOR:
            print(f"floor: {label}: median {median_ms([python, '-c', code], runs, Path(elsewhere)):.0f} ms")


if __name__ == "__main__":
    main()
