"""Cross-language retrieval quality, printed as tables: the hand-judged query set, and
article titles of parallel acts that are not in the bundled corpus.

Usage: python bench/clir_eval.py [--queries bench/data/clir_queries.toml] [--split test|dev|all]
                                 [--no-titles]

Configurations: lexical search with concept expansion, without it, and — with the
``[semantic]`` extra installed — semantic and hybrid search.

1. The judged queries. Every query is run once per target language (``--lang``) over a
   fresh index of the bundled corpus. For a pair source→target:
   - recall@10 = relevant target-language passages in the top 10 / min(10, relevant ones),
     so a query with 40 relevant passages can reach 1.0 by filling its top 10 with them;
   - MRR = mean reciprocal rank of the first relevant passage (0 if none in the top 100).
   Queries with no relevant passage in the target language do not count for that pair.
   The "dev" half was used to tune the weights; "test" is the held-out result.
2. Article titles (held out, no judgement needed; needs ../shared/sources/extra). The
   Russian and Kazakh versions of four acts are added as separate works, so no alignment
   by key can help. Each article title of one version (its heading without "Статья N." or
   "N-бап.") is searched in the other language; it is found when a passage of the article
   with the same number (the heading or a part of it) is in the top 10 (recall@10); MRR
   as above.
"""
import argparse
import re
import statistics
import tempfile
import tomllib
from pathlib import Path

import indexer
from indexer import semantic
from indexer.analysis import LANGUAGES

DEFAULT_QUERIES = Path(__file__).parent / "data" / "clir_queries.toml"
EXTRA_ACTS = Path(__file__).resolve().parents[2] / "shared" / "sources" / "extra"
CUTOFF = 10
DEPTH = 100
ARTICLE_HEADING = re.compile(r"^\s*(?:Статья\s+(\d+)|(\d+)-бап)\.?\s*(.*)", re.DOTALL)
TITLE_PAIRS = (("ru", "kk"), ("kk", "ru"))


def configurations() -> dict[str, dict]:
    """Name → the search arguments of each configuration this installation can run."""
    chosen = {"lexical": {"mode": "lexical"}, "no expansion": {"mode": "lexical", "expand": False}}
    if semantic.available():
        chosen |= {"semantic": {"mode": "semantic"}, "hybrid": {"mode": "hybrid"}}
    return chosen


def load_queries(path: Path, split: str) -> list[dict]:
    queries = tomllib.loads(path.read_text(encoding="utf-8"))["query"]
    return [query for query in queries if split == "all" or query["split"] == split]


def ranked_ids(text: str, index_dir, target: str, arguments: dict) -> list[str]:
    try:
        return [hit.id for hit in indexer.search(text, index_dir=index_dir, langs=[target], limit=DEPTH,
                                                 **arguments).hits]
    except indexer.QueryError:  # a title of stopwords only
        return []


def scored(ranked: list[str], relevant) -> tuple[float, float]:
    """(recall@10, reciprocal rank) of a ranking; ``relevant`` is a set or a predicate."""
    is_relevant = relevant.__contains__ if isinstance(relevant, set) else relevant
    found = sum(1 for pid in ranked[:CUTOFF] if is_relevant(pid))
    first = next((rank for rank, pid in enumerate(ranked, 1) if is_relevant(pid)), None)
    wanted = min(CUTOFF, len(relevant)) if isinstance(relevant, set) else 1
    return min(1.0, found / wanted), 1 / first if first else 0.0


def evaluate(queries, index_dir, arguments: dict) -> dict[tuple[str, str], tuple[float, float, int]]:
    """(source, target) → (recall@10, MRR, number of queries) on the judged queries."""
    scores: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for query in queries:
        for target in LANGUAGES:
            relevant = {pid for pid in query["relevant"] if pid.split("/")[1] == target}
            if relevant:
                ranked = ranked_ids(query["text"], index_dir, target, arguments)
                scores.setdefault((query["lang"], target), []).append(scored(ranked, relevant))
    return _means_per_pair(scores)


def _means_per_pair(scores: dict) -> dict:
    return {pair: (statistics.mean(r for r, _ in values), statistics.mean(m for _, m in values), len(values))
            for pair, values in scores.items()}


# --- article titles of the parallel acts ----------------------------------------------------------

def add_parallel_acts(index_dir) -> list[str]:
    """Add each language version of the extra acts as a work of its own; the act ids."""
    acts = sorted({path.name.split(".")[0] for path in EXTRA_ACTS.glob("*.ru.md")})
    for act in acts:
        for lang in ("ru", "kk"):
            indexer.add([EXTRA_ACTS / f"{act}.{lang}.md"], index_dir, work=_work(act, lang), lang=lang)
    return acts


def _work(act: str, lang: str) -> str:
    return f"act{act}-{lang}"


def article_titles(index_dir, work: str) -> dict[str, str]:
    """Article number → title, from the article headings of ``work``."""
    from whoosh import query as wq

    opened = indexer.open_index(index_dir)
    with opened.searcher() as searcher:
        headings = searcher.search(wq.And([wq.Term("work", work), wq.Term("kind", "heading")]), limit=None)
        matches = [ARTICLE_HEADING.match(hit["text"]) for hit in headings]
    return {(m.group(1) or m.group(2)): " ".join(m.group(3).split()) for m in matches if m and m.group(3).strip()}


def evaluate_titles(index_dir, acts, arguments: dict) -> dict[tuple[str, str], tuple[float, float, int]]:
    scores: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for source, target in TITLE_PAIRS:
        for act in acts:
            prefix = f"{_work(act, target)}/{target}/"
            for number, title in article_titles(index_dir, _work(act, source)).items():
                in_article = (lambda pid, article=prefix + number: pid == article or pid.startswith(article + "."))
                ranked = ranked_ids(title, index_dir, target, arguments)
                scores.setdefault((source, target), []).append(scored(ranked, in_article))
    return _means_per_pair(scores)


# --- output ----------------------------------------------------------------------------------

def table(results: dict[str, dict]) -> str:
    names = list(results)
    rows = [f"{'pair':<8} {'n':>3}  " + "  ".join(f"{name:>19}" for name in names),
            f"{'':<8} {'':>3}  " + "  ".join(f"{'R@10':>9} {'MRR':>9}" for _ in names)]
    first = results[names[0]]
    pairs = sorted(first, key=lambda pair: (LANGUAGES.index(pair[0]), LANGUAGES.index(pair[1])))
    for pair in pairs:
        cells = [results[name].get(pair, (0.0, 0.0, 0)) for name in names]
        rows.append(f"{pair[0]}→{pair[1]:<5} {first[pair][2]:>3}  "
                    + "  ".join(f"{recall:>9.3f} {mrr:>9.3f}" for recall, mrr, _ in cells))
    for label, cross in (("cross-language", True), ("same language", False)):
        chosen = [pair for pair in pairs if (pair[0] != pair[1]) == cross]
        if chosen:
            means = [_means(results[name], chosen) for name in names]
            rows.append(f"{label:<13} " + "  ".join(f"{recall:>9.3f} {mrr:>9.3f}" for recall, mrr in means)
                        + "  (mean over pairs)")
    return "\n".join(rows)


def _means(scores: dict, pairs) -> tuple[float, float]:
    return (statistics.mean(scores.get(pair, (0, 0))[0] for pair in pairs),
            statistics.mean(scores.get(pair, (0, 0))[1] for pair in pairs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test")
    parser.add_argument("--no-titles", action="store_true", help="Skip the article-title test.")
    args = parser.parse_args()
    queries = load_queries(args.queries, args.split)
    chosen = configurations()
    if not semantic.available():
        print("(the [semantic] extra is not installed: lexical configurations only)")
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        indexer.build(index_dir)
        results = {name: evaluate(queries, index_dir, arguments) for name, arguments in chosen.items()}
        print(f"{len(queries)} judged queries ({args.split} split{', held out' if args.split == 'test' else ''}); "
              f"recall@{CUTOFF} over min({CUTOFF}, relevant), MRR over the top {DEPTH}")
        print(table(results))
        if args.no_titles:
            return
        if not EXTRA_ACTS.is_dir():
            print(f"\narticle titles: skipped ({EXTRA_ACTS} is not here)")
            return
        acts = add_parallel_acts(index_dir)
        titles = {name: evaluate_titles(index_dir, acts, arguments) for name, arguments in chosen.items()}
        print(f"\narticle titles of {len(acts)} parallel acts (held out): the article of the same number "
              f"in the other language in the top {CUTOFF}")
        print(table(titles))


if __name__ == "__main__":
    main()
