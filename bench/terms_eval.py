"""How well term equivalents mined from aligned passages match the thesaurus.

    python bench/terms_eval.py [--thesaurus PATH...] [--min-pairs N] [--max-n N]

The language versions of one passage (same work and key) are an aligned pair. For each
direction with aligned data (ru→kk, kk→ru, and ru/kk/en↔ each other on the few article
passages that have all three), the pairs are mined and every thesaurus term that occurs
in at least ``--min-pairs`` pairs is looked up. A candidate is correct when its lemma
n-gram is the lemma sequence of a term (preferred or admitted) of the same concept in
the target language. precision@1: the first candidate is correct; precision@5: one of
the first five is.

Mining never reads the thesaurus, so the thesaurus is only the answer key. It is split
once (fixed seed) into two halves of concepts: the tuning half, on which methods and
thresholds were chosen, and the held-out half, whose figures are the result.
"""
import argparse
import random
import sys
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import indexer  # noqa: E402
from indexer import catalogue, ingest, mining  # noqa: E402

SEED = 2024
LANGUAGES = ("ru", "kk", "en")
THRESHOLDS = (12.0, 13.0, 13.5, 14.0)

Lemmas = tuple[str, ...]
Pair = tuple[Lemmas, Lemmas]


@dataclass(frozen=True)
class Concept:
    id: str
    terms: dict[str, list[Lemmas]]  # language → lemma sequences of its terms


@dataclass
class Tally:
    evaluable: int = 0
    first: int = 0
    top5: int = 0

    def add(self, candidates: Sequence[Lemmas], answers: list[Lemmas]) -> None:
        self.evaluable += 1
        self.first += bool(candidates) and candidates[0] in answers
        self.top5 += any(candidate in answers for candidate in candidates[:5])

    def cells(self) -> str:
        return f"{percent(self.first, self.evaluable)}  {percent(self.top5, self.evaluable)}"


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}% ({part:3}/{whole:3})" if whole else f"{'n/a':>16}"


def lemmas(text: str, lang: str) -> Lemmas:
    return tuple(token.lemma for token in indexer.analyze(text, lang=lang) if not token.stop)


def passage_versions() -> dict[tuple[str, str], dict[str, Lemmas]]:
    """(work, key) → language → non-stop lemmas of that version of the passage."""
    versions: dict[tuple[str, str], dict[str, Lemmas]] = {}
    for document in ingest.documents(catalogue.load()):
        passage = document.passage
        versions.setdefault((passage.work, passage.key), {})[passage.lang] = lemmas(passage.text, passage.lang)
    return versions


def aligned_pairs(versions, source: str, target: str) -> list[Pair]:
    return [(langs[source], langs[target]) for langs in versions.values() if source in langs and target in langs]


def load_concepts(paths: Sequence[Path]) -> list[Concept]:
    concepts = []
    for path in paths:
        for table in tomllib.loads(path.read_text(encoding="utf-8")).get("concept", []):
            terms = {lang: [lemmas(entry["term"], lang) for entry in table.get(lang, [])] for lang in LANGUAGES}
            concepts.append(Concept(table["id"], {lang: [t for t in found if t] for lang, found in terms.items()}))
    return concepts


def split(concepts: list[Concept]) -> tuple[list[Concept], list[Concept]]:
    """(tuning half, held-out half), the same for the same concept ids."""
    ordered = sorted(concepts, key=lambda concept: concept.id)
    random.Random(SEED).shuffle(ordered)
    half = len(ordered) // 2
    return ordered[:half], ordered[half:]


def occurrences(term: Lemmas, sides: Sequence[Lemmas]) -> int:
    """In how many of ``sides`` the term occurs contiguously."""
    n = len(term)
    return sum(any(side[i:i + n] == term for i in range(len(side) - n + 1)) for side in sides)


def evaluate(propose: Callable[[Lemmas], list[Lemmas]], pairs: list[Pair], concepts: list[Concept],
             source: str, target: str, min_pairs: int) -> Tally:
    sources = [pair[0] for pair in pairs]
    tally = Tally()
    for concept in concepts:
        answers = concept.terms[target]
        for term in concept.terms[source] if answers else ():
            if occurrences(term, sources) >= min_pairs:
                tally.add(propose(term), answers)
    return tally


def log_dice(pairs: list[Pair], max_n: int, min_pairs: int) -> Callable[[Lemmas], list[Lemmas]]:
    associations = mining.Associations.mine(pairs, max_n, min_pairs)
    return lambda term: [candidate.target for candidate in associations.candidates(term)]


METHODS = {"logDice": log_dice}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thesaurus", type=Path, nargs="+", default=[REPO / "corpus" / "thesaurus.toml"])
    parser.add_argument("--min-pairs", type=int, default=2)
    parser.add_argument("--max-n", type=int, default=3)
    args = parser.parse_args()

    concepts = load_concepts(args.thesaurus)
    tuning, held_out = split(concepts)
    versions = passage_versions()
    print(f"{len(concepts)} concepts: {len(tuning)} tuning, {len(held_out)} held out (seed {SEED}); "
          f"terms found in ≥ {args.min_pairs} aligned pairs are evaluated; max_n {args.max_n}")
    print(f"{'pair':7} {'method':10} {'pairs':>5}  {'held-out P@1':>16}  {'held-out P@5':>16}"
          f"  {'tuning P@1':>16}  {'tuning P@5':>16}")
    for source in LANGUAGES:
        for target in LANGUAGES:
            pairs = aligned_pairs(versions, source, target) if source != target else []
            for name, method in METHODS.items() if pairs else ():
                propose = method(pairs, args.max_n, args.min_pairs)
                cells = [evaluate(propose, pairs, part, source, target, args.min_pairs).cells()
                         for part in (held_out, tuning)]
                print(f"{source}→{target:4} {name:10} {len(pairs):5}  {cells[0]}  {cells[1]}")


if __name__ == "__main__":
    main()
