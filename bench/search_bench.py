"""Index build time, cold `zan search` wall time and peak memory, on the bundled corpus.

Usage: python bench/search_bench.py [--runs N]
Each measurement runs the installed `zan` command in a fresh process, as a user would.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

QUERIES = ["киберқылмыс", "конвенциям", "offences", "неправомерный доступ", "мемлекеттердің",
           "illegal access", "информации", "құқығынан", "data", "преступлений"]


def run_zan(args: list[str], index_dir: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `zan` process."""
    env = {**os.environ, "ZAN_INDEX": str(index_dir), "NO_COLOR": "1"}
    started = time.perf_counter()
    process = subprocess.Popen([shutil.which("zan"), *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"zan {' '.join(args)} failed: {process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    if not shutil.which("zan"):
        raise SystemExit("install zan first: pip install .")
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        build_seconds, build_mb = run_zan(["index", "--index", str(index_dir)], index_dir)
        print(f"index build (bundled corpus): {build_seconds:.2f} s, peak RSS {build_mb:.0f} MB")
        times, peaks = [], []
        for run in range(runs):
            seconds, peak = run_zan(["search", QUERIES[run % len(QUERIES)]], index_dir)
            times.append(seconds)
            peaks.append(peak)
        print(f"cold `zan search` over {runs} runs: median {statistics.median(times) * 1000:.0f} ms, "
              f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms; "
              f"peak RSS {max(peaks):.0f} MB")


if __name__ == "__main__":
    main()
