"""Cross-language retrieval quality on the hand-judged query set, printed as a table.

Usage: python bench/clir_eval.py [--queries bench/data/clir_queries.toml] [--split test|dev|all]

Every query is run once per target language (``--lang``), with and without concept
expansion, over a fresh index of the bundled corpus. For a pair source→target:
- recall@10 = relevant target-language passages in the top 10 / min(10, relevant ones),
  so a query with 40 relevant passages can reach 1.0 by filling its top 10 with them;
- MRR = mean reciprocal rank of the first relevant passage (0 if none in the top 100).
Queries with no relevant passage in the target language do not count for that pair.
The "dev" half was used to tune the expansion weights; "test" is the held-out result.
"""
import argparse
import statistics
import tempfile
import tomllib
from pathlib import Path

import indexer
from indexer.analysis import LANGUAGES

DEFAULT_QUERIES = Path(__file__).parent / "data" / "clir_queries.toml"
CUTOFF = 10
DEPTH = 100


def load_queries(path: Path, split: str) -> list[dict]:
    queries = tomllib.loads(path.read_text(encoding="utf-8"))["query"]
    return [query for query in queries if split == "all" or query["split"] == split]


def evaluate(queries, index_dir, expand: bool) -> dict[tuple[str, str], tuple[float, float, int]]:
    """(source, target) → (recall@10, MRR, number of queries)."""
    scores: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for query in queries:
        for target in LANGUAGES:
            relevant = {pid for pid in query["relevant"] if pid.split("/")[1] == target}
            if not relevant:
                continue
            ranked = [hit.id for hit in indexer.search(query["text"], index_dir=index_dir, langs=[target],
                                                       limit=DEPTH, expand=expand).hits]
            recall = len(relevant & set(ranked[:CUTOFF])) / min(CUTOFF, len(relevant))
            first = next((rank for rank, pid in enumerate(ranked, 1) if pid in relevant), None)
            scores.setdefault((query["lang"], target), []).append((recall, 1 / first if first else 0.0))
    return {pair: (statistics.mean(r for r, _ in values), statistics.mean(m for _, m in values), len(values))
            for pair, values in scores.items()}


def table(results: dict[bool, dict]) -> str:
    rows = [f"{'pair':<8} {'n':>3}  {'R@10 exp':>9} {'MRR exp':>8}  {'R@10 no':>8} {'MRR no':>7}"]
    pairs = sorted(results[True], key=lambda pair: (LANGUAGES.index(pair[0]), LANGUAGES.index(pair[1])))
    for pair in pairs:
        (r_exp, m_exp, n), (r_no, m_no, _) = results[True][pair], results[False].get(pair, (0, 0, 0))
        rows.append(f"{pair[0]}→{pair[1]:<5} {n:>3}  {r_exp:>9.3f} {m_exp:>8.3f}  {r_no:>8.3f} {m_no:>7.3f}")
    for label, cross in (("cross-language", True), ("same language", False)):
        chosen = [pair for pair in pairs if (pair[0] != pair[1]) == cross]
        if chosen:
            (r_exp, m_exp), (r_no, m_no) = (_means(results[expand], chosen) for expand in (True, False))
            rows.append(f"{label:<14}  R@10 {r_exp:.3f} / MRR {m_exp:.3f} with expansion; "
                        f"R@10 {r_no:.3f} / MRR {m_no:.3f} without (mean over pairs)")
    return "\n".join(rows)


def _means(scores: dict, pairs) -> tuple[float, float]:
    return (statistics.mean(scores.get(pair, (0, 0))[0] for pair in pairs),
            statistics.mean(scores.get(pair, (0, 0))[1] for pair in pairs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test")
    args = parser.parse_args()
    queries = load_queries(args.queries, args.split)
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        indexer.build(index_dir)
        results = {expand: evaluate(queries, index_dir, expand) for expand in (True, False)}
    print(f"{len(queries)} queries ({args.split} split{', held out' if args.split == 'test' else ''}); "
          f"recall@{CUTOFF} over min({CUTOFF}, relevant), MRR over the top {DEPTH}")
    print(table(results))


if __name__ == "__main__":
    main()
