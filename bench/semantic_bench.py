"""What semantic search costs (needs the [semantic] extra): embedding speed at index time,
vector storage per passage, exact cosine search per 100,000 passages, cold `zan search`
per mode and warm latency per mode.

Usage: pip install '.[semantic]' && python bench/semantic_bench.py [--runs 10]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import indexer
from indexer import semantic

QUERIES = ["неправомерный доступ к компьютерной информации", "права и обязанности собственника",
           "электрондық ақпараттық ресурстар", "мемлекеттердің ынтымақтастығы", "extradition of nationals",
           "mutual legal assistance", "киберқылмыс", "персональные данные", "illegal interception",
           "қылмыстық жауаптылық"]


def embedding_speed(texts: list[str]) -> float:
    """Passages embedded per second (a batch of the bundled corpus's passages)."""
    semantic.model()  # loaded before the clock starts
    started = time.perf_counter()
    semantic.embed_passages(texts)
    return len(texts) / (time.perf_counter() - started)


def cosine_cost(rows: int = 100_000, runs: int = 5) -> tuple[float, float]:
    """ms of an exact search over ``rows`` random unit vectors: the first in a process
    (it makes the float32 copy) and the median of the next ``runs``."""
    rng = np.random.default_rng(0)
    matrix = rng.standard_normal((rows, semantic.DIMENSIONS), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    vectors = semantic.Vectors(matrix.astype(np.float16), np.arange(1, rows + 1, dtype=np.uint64))
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        vectors.nearest(matrix[0], None)
        times.append((time.perf_counter() - started) * 1000)
    return times[0], statistics.median(times[1:])


def cold_search(index_dir: Path, mode: str, runs: int) -> float:
    """Median wall ms of `zan search` in a fresh process."""
    env = {**os.environ, "ZAN_INDEX": str(index_dir)}
    times = []
    for n in range(runs):
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("zan")), "search", QUERIES[n % len(QUERIES)], "--mode", mode, "--limit", "10"],
                       env=env, stdout=subprocess.DEVNULL, check=False)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def warm_search(index_dir: Path, mode: str) -> tuple[float, float]:
    """(p50, p95) ms of searches in one process, after one search of each query."""
    opened = indexer.open_index(index_dir)
    for query in QUERIES:
        opened.search(query, mode=mode)
    times = []
    for _ in range(5):
        for query in QUERIES:
            started = time.perf_counter()
            opened.search(query, mode=mode)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    if not semantic.available():
        raise SystemExit("needs the [semantic] extra: pip install '.[semantic]'")
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        indexer.build(index_dir)
        opened = indexer.open_index(index_dir)
        with opened.searcher() as searcher:
            texts = [fields["text"] for _, fields in searcher.reader().iter_docs()][:200]
        stored = sum((opened.generation / name).stat().st_size for name in (semantic.VECTOR_FILE, semantic.DIGEST_FILE))
        passages = len(opened.vectors.digests)
        speed = embedding_speed(texts)
        mean_chars = sum(map(len, texts)) / len(texts)
        print(f"embedding: {speed:.1f} passages/s, {speed * mean_chars / 1000:.1f} K characters/s "
              f"({len(texts)} passages of the bundled corpus, {mean_chars:.0f} characters on average, "
              f"{os.cpu_count()} cores)")
        print(f"storage: {stored / passages:.0f} bytes per passage ({passages} passages, float16 + digest)")
        first, warm = cosine_cost()
        print(f"exact cosine search per 100,000 passages: {first:.1f} ms the first in a process, {warm:.1f} ms after")
        for mode in semantic.MODES:
            p50, p95 = warm_search(index_dir, mode)
            print(f"{mode:>8}: cold zan search {cold_search(index_dir, mode, args.runs):.0f} ms (median of "
                  f"{args.runs}); warm p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
