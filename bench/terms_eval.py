"""How well term equivalents mined from aligned passages match the thesaurus.

    python bench/terms_eval.py [--thesaurus PATH...] [--min-pairs N] [--max-n N]

The language versions of one passage (same work and key) are an aligned pair. For each
direction with aligned data (ru→kk and kk→ru on the Criminal Code and the CIS agreement;
ru, kk and en on the few article passages that have all three) the pairs are mined, and
every thesaurus term that occurs in at least ``--min-pairs`` pairs is looked up. A
candidate is correct when its lemma n-gram is the lemma sequence of a term (preferred or
admitted) of the same concept in the target language. precision@1: the first candidate
is correct; precision@5: one of the first five is. Then: how precise the first candidate
of ``indexer.mining`` is when it is accepted only from a score and a number of shared
pairs up (as for translating query words), and how fast mining and look-ups are.

Mining never reads the thesaurus: it is only the answer key. Its concepts are split
(by a seeded hash of their ids, so a concept keeps its side as the thesaurus grows) into
a tuning half, on which the method and its constants are chosen, and a held-out half,
whose figures are the result.

Methods:

- ``logDice``: ``indexer.mining`` with its ties left in alphabetical order;
- ``mining.py``: ``indexer.mining`` as shipped (logDice and its tie-breaking rules);
- ``IBM-1``: word alignment by IBM model 1 (EM, pure Python), then the target span
  linked to the source term's occurrences, the most frequent span first;
- ``eflomal``: the same with eflomal's alignments (IBM-1+HMM+fertility, Gibbs
  sampling, so not quite the same from run to run), when ``eflomal-align`` is on PATH
  (``pip install eflomal``).
"""
import argparse
import hashlib
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import indexer  # noqa: E402
from indexer import catalogue, ingest, mining  # noqa: E402

SEED = 2024
LANGUAGES = ("ru", "kk", "en")
DIRECTIONS = [("ru", "kk"), ("kk", "ru"), ("ru", "en"), ("en", "ru"), ("kk", "en"), ("en", "kk")]
IBM1_ITERATIONS = 5
# Accepting the first candidate only from this score and this many shared pairs up.
THRESHOLDS = [(score, pairs) for score in (13.0, 13.5, 14.0) for pairs in (2, 3, 4)]
SPEED_PAIRS, SPEED_LEMMAS = 300, 40

Lemmas = tuple[str, ...]
Pair = tuple[Lemmas, Lemmas]
Propose = Callable[[Lemmas], list[Lemmas]]


@dataclass(frozen=True)
class Concept:
    id: str
    terms: dict[str, list[Lemmas]]  # language → lemma sequences of its terms


@dataclass(frozen=True)
class Item:
    """A thesaurus term to look up, with the lemma sequences that count as right."""

    term: Lemmas
    answers: list[Lemmas]


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
    """(tuning half, held-out half) by a seeded hash of each concept id.

    A concept stays on its side whatever other concepts the thesaurus gains or loses.
    """
    def held_out(concept: Concept) -> bool:
        return hashlib.sha256(f"{SEED}:{concept.id}".encode()).digest()[0] % 2 == 1

    return [c for c in concepts if not held_out(c)], [c for c in concepts if held_out(c)]


def starts(term: Lemmas, side: Sequence[str]) -> list[int]:
    """Where the term occurs in ``side``."""
    n = len(term)
    return [i for i in range(len(side) - n + 1) if tuple(side[i:i + n]) == term]


def items(concepts: list[Concept], pairs: list[Pair], source: str, target: str, min_pairs: int) -> list[Item]:
    """The source-language terms of ``concepts`` found in ``min_pairs`` pairs, whose concept has target terms."""
    return [
        Item(term, concept.terms[target])
        for concept in concepts if concept.terms[target]
        for term in dict.fromkeys(concept.terms[source])
        if sum(bool(starts(term, source_side)) for source_side, _ in pairs) >= min_pairs
    ]


def evaluate(propose: Propose, looked_up: list[Item]) -> Tally:
    tally = Tally()
    for item in looked_up:
        tally.add(propose(item.term), item.answers)
    return tally


class AlphabeticalTies(mining.Associations):
    """``indexer.mining`` scoring with none of its tie-breaking: equal scores alphabetically."""

    def _ranked(self, source, scores):
        return sorted(scores, key=lambda target: (-scores[target], target))


def log_dice(pairs: list[Pair], max_n: int, min_pairs: int) -> Propose:
    return proposer(AlphabeticalTies.mine(pairs, max_n, min_pairs))


def shipped(pairs: list[Pair], max_n: int, min_pairs: int) -> Propose:
    return proposer(mining.Associations.mine(pairs, max_n, min_pairs))


def proposer(associations: mining.Associations) -> Propose:
    return lambda term: [candidate.target for candidate in associations.candidates(term)]


def ibm1(pairs: list[Pair], max_n: int, min_pairs: int) -> Propose:
    return aligned_spans(pairs, ibm1_links(pairs), max_n)


def eflomal(pairs: list[Pair], max_n: int, min_pairs: int) -> Propose:
    return aligned_spans(pairs, eflomal_links(pairs), max_n)


def ibm1_links(pairs: list[Pair]) -> list[list[tuple[int, int]]]:
    """Per pair, (source position, target position) links: each target lemma to its likeliest source lemma."""
    translation: defaultdict = defaultdict(lambda: 1.0)  # (target lemma, source lemma or None) → t(f|e)
    for _ in range(IBM1_ITERATIONS):
        counts: defaultdict = defaultdict(float)
        totals: defaultdict = defaultdict(float)
        for source, target in pairs:
            words = (*source, None)  # None: the null word, for target lemmas without an equivalent
            for lemma in target:
                norm = sum(translation[lemma, word] for word in words)
                for word in words:
                    share = translation[lemma, word] / norm
                    counts[lemma, word] += share
                    totals[word] += share
        translation = defaultdict(float, {(f, e): count / totals[e] for (f, e), count in counts.items()})
    links = []
    for source, target in pairs:
        words = (*source, None)
        best = [max(range(len(words)), key=lambda i: translation[lemma, words[i]]) for lemma in target]
        links.append([(i, k) for k, i in enumerate(best) if i < len(source)])
    return links


def eflomal_links(pairs: list[Pair]) -> list[list[tuple[int, int]]]:
    with tempfile.TemporaryDirectory() as folder:
        files = {name: Path(folder) / name for name in ("source", "target", "links")}
        files["source"].write_text("".join(" ".join(source) + "\n" for source, _ in pairs), encoding="utf-8")
        files["target"].write_text("".join(" ".join(target) + "\n" for _, target in pairs), encoding="utf-8")
        subprocess.run(["eflomal-align", "-s", files["source"], "-t", files["target"], "-f", files["links"]],
                       check=True, capture_output=True)
        lines = files["links"].read_text(encoding="utf-8").splitlines()
    return [[tuple(map(int, link.split("-"))) for link in line.split()] for line in lines]


def aligned_spans(pairs: list[Pair], links: list[list[tuple[int, int]]], max_n: int) -> Propose:
    """Propose the target spans (up to ``max_n`` lemmas) linked to the term's occurrences, most frequent first."""
    def propose(term: Lemmas) -> list[Lemmas]:
        found: Counter = Counter()
        for (source, target), pair_links in zip(pairs, links):
            for start in starts(term, source):
                linked = [k for i, k in pair_links if start <= i < start + len(term)]
                if linked and max(linked) - min(linked) < max_n:
                    found[target[min(linked):max(linked) + 1]] += 1
        return [span for span, _ in sorted(found.items(), key=lambda item: (-item[1], item[0]))[:5]]

    return propose


METHODS = {"logDice": log_dice, "mining.py": shipped, "IBM-1": ibm1}
if shutil.which("eflomal-align"):
    METHODS["eflomal"] = eflomal


def report_precision(directions, tuning, held_out, args) -> None:
    print(f"{'pair':6} {'method':10} {'pairs':>5}  {'held-out P@1':>16}  {'held-out P@5':>16}"
          f"  {'tuning P@1':>16}  {'tuning P@5':>16}  seconds to mine and look up")
    for (source, target), pairs in directions.items():
        parts = [items(part, pairs, source, target, args.min_pairs) for part in (held_out, tuning)]
        for name, method in METHODS.items():
            start = time.perf_counter()
            propose = method(pairs, args.max_n, args.min_pairs)
            cells = "  ".join(evaluate(propose, part).cells() for part in parts)
            print(f"{source}→{target:3} {name:10} {len(pairs):5}  {cells}  {time.perf_counter() - start:7.2f}")
        beyond = sum(len(item.term) > args.max_n or min(map(len, item.answers)) > args.max_n
                     for part in parts for item in part)
        print(f"{'':17} of these terms, {beyond} (term or every answer) are longer than max_n")


def report_thresholds(directions, tuning, held_out, args) -> None:
    """Precision and coverage of the first candidate of ``mining.py`` accepted only above a threshold."""
    print("\nmining.py, first candidate accepted only when score ≥ S and shared pairs ≥ P "
          "(all directions together): precision, accepted/evaluable")
    print(f"{'S':>5} {'P':>2}  {'held-out':>22}  {'tuning':>22}")
    firsts = {part: [] for part in ("held-out", "tuning")}
    for (source, target), pairs in directions.items():
        associations = mining.Associations.mine(pairs, args.max_n, args.min_pairs)
        for name, part in (("held-out", held_out), ("tuning", tuning)):
            for item in items(part, pairs, source, target, args.min_pairs):
                found = associations.candidates(item.term, limit=1)
                firsts[name].append((found[0], found[0].target in item.answers) if found else (None, False))
    for score, shared in THRESHOLDS:
        cells = []
        for results in firsts.values():
            accepted = [right for best, right in results if best and best.score >= score and best.pairs >= shared]
            cells.append(f"{percent(sum(accepted), len(accepted))} {len(accepted):3}/{len(results):3}")
        print(f"{score:5.1f} {shared:2}  {'  '.join(cells)}")


def report_speed(pairs: list[Pair], args) -> None:
    rng = random.Random(SEED)
    vocabulary = [f"w{rank}" for rank in range(2000)]
    zipf = [1 / (rank + 1) for rank in range(len(vocabulary))]
    synthetic = [(rng.choices(vocabulary, zipf, k=SPEED_LEMMAS), rng.choices(vocabulary, zipf, k=SPEED_LEMMAS))
                 for _ in range(SPEED_PAIRS)]
    print(f"\nmining.py speed (max_n {args.max_n})")
    sets = {f"{len(pairs)} ru→kk pairs": pairs, f"{SPEED_PAIRS} random pairs of {SPEED_LEMMAS}": synthetic}
    for name, mined in sets.items():
        start = time.perf_counter()
        associations = mining.Associations.mine(mined, args.max_n, args.min_pairs)
        seconds = time.perf_counter() - start
        sources = sorted({ngram for source, _ in mined for ngram in mining.ngrams(source, args.max_n)})
        calls = []
        for source in sources:
            start = time.perf_counter()
            associations.candidates(source)
            calls.append(time.perf_counter() - start)
        calls.sort()
        print(f"  {name}: mine {seconds * 1e3:.0f} ms; candidates() over {len(calls)} source n-grams: "
              f"mean {statistics.mean(calls) * 1e3:.2f} ms, 99th percentile {calls[len(calls) * 99 // 100] * 1e3:.2f} ms, "
              f"max {calls[-1] * 1e3:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thesaurus", type=Path, nargs="+", default=[REPO / "corpus" / "thesaurus.toml"])
    parser.add_argument("--min-pairs", type=int, default=2)
    parser.add_argument("--max-n", type=int, default=4)
    args = parser.parse_args()

    concepts = load_concepts(args.thesaurus)
    tuning, held_out = split(concepts)
    versions = passage_versions()
    directions = {(source, target): aligned_pairs(versions, source, target) for source, target in DIRECTIONS}
    print(f"{len(concepts)} concepts, split (seed {SEED}) into {len(tuning)} for tuning and {len(held_out)} "
          f"held out: the held-out figures are the result, the tuning ones are what methods were chosen on.\n"
          f"Terms found in ≥ {args.min_pairs} aligned pairs are looked up; max_n {args.max_n}.")
    if "eflomal" not in METHODS:
        print("(eflomal-align is not on PATH: eflomal is left out)")
    report_precision(directions, tuning, held_out, args)
    report_thresholds(directions, tuning, held_out, args)
    report_speed(directions["ru", "kk"], args)


if __name__ == "__main__":
    main()
