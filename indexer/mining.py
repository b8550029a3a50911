"""Term-equivalent candidates mined from aligned passage pairs.

A *pair* is two language versions of one passage, each given as its non-stop lemma
sequence: ``(source lemmas, target lemmas)``. A source lemma n-gram and a target lemma
n-gram (contiguous, 1 to ``max_n`` lemmas) are associated when they occur in the same
pairs. The score is logDice (Rychlý 2008) over pair counts, not occurrence counts::

    logDice = 14 + log2(2 · f(source, target) / (f(source) + f(target)))

where ``f`` is the number of pairs containing the n-gram (on its own side) or both.
It is at most 14, when source and target occur in exactly the same pairs; every point
less halves the Dice coefficient. A frequent target that occurs in most pairs scores
low against a rare source, however often they meet.

Of candidates that are sub- or super-grams of one another (``қол``, ``қол жеткіз``,
``сыйымсыз қол жеткіз``) only the best scoring is proposed; on a tie the longer one,
since the data cannot tell them apart and the longer is the whole term.
"""
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_LOG_DICE = 14.0
EXAMPLES = 3

NGram = tuple[str, ...]
Pair = tuple[Sequence[str], Sequence[str]]


@dataclass(frozen=True)
class Candidate:
    """A target-language n-gram proposed as the equivalent of a source n-gram."""

    target: NGram               # target-language lemma n-gram
    score: float                # logDice, at most 14
    pairs: int                  # aligned pairs in which source and target co-occur
    examples: tuple[int, ...]   # indices (into the mined pairs) of up to 3 of those pairs


class Associations:
    """Built once from aligned pairs; answers candidate queries fast.

    Only n-grams occurring in at least ``min_pairs`` pairs are kept, on either side,
    since no rarer one can co-occur often enough to be proposed.
    """

    def __init__(self, source: dict[NGram, tuple[int, ...]], target: dict[NGram, tuple[int, ...]],
                 max_n: int, min_pairs: int):
        self.max_n = max_n
        self.min_pairs = min_pairs
        self._source = source  # n-gram → indices of the pairs containing it, ascending
        self._target = target
        self._targets_in_pair = _invert(target)

    @classmethod
    def mine(cls, pairs: Sequence[Pair], max_n: int = 3, min_pairs: int = 2) -> "Associations":
        """Count the n-grams of ``pairs`` (up to ``max_n`` lemmas) on each side."""
        if max_n < 1 or min_pairs < 1:
            raise ValueError("max_n and min_pairs must be at least 1")
        source = _postings((source for source, _ in pairs), max_n, min_pairs)
        target = _postings((target for _, target in pairs), max_n, min_pairs)
        return cls(source, target, max_n, min_pairs)

    def candidates(self, source: Sequence[str], limit: int = 5) -> list[Candidate]:
        """The best target n-grams for the source lemma n-gram, best first.

        A source longer than ``max_n`` lemmas, or found in fewer than ``min_pairs``
        pairs, has no candidates.
        """
        source_pairs = self._source.get(tuple(source), ())
        together = Counter(target for pair in source_pairs for target in self._targets_in_pair.get(pair, ()))
        ranked = sorted(
            ((log_dice(count, len(source_pairs), len(self._target[target])), target, count)
             for target, count in together.items() if count >= self.min_pairs),
            key=lambda scored: (-scored[0], -len(scored[1]), -scored[2], scored[1]),
        )
        chosen: list[Candidate] = []
        for score, target, count in ranked:
            if len(chosen) == limit:
                break
            if not any(_nested(target, better.target) for better in chosen):
                chosen.append(Candidate(target, score, count, self._examples(source_pairs, target)))
        return chosen

    def to_dict(self) -> dict:
        """A plain form (lists, strings and ints) that ``marshal`` and JSON can store."""
        return {
            "max_n": self.max_n,
            "min_pairs": self.min_pairs,
            "source": [[list(ngram), list(pairs)] for ngram, pairs in self._source.items()],
            "target": [[list(ngram), list(pairs)] for ngram, pairs in self._target.items()],
        }

    @classmethod
    def from_dict(cls, saved: dict) -> "Associations":
        """The associations ``to_dict`` saved."""
        def side(entries):
            return {tuple(ngram): tuple(pairs) for ngram, pairs in entries}

        return cls(side(saved["source"]), side(saved["target"]), saved["max_n"], saved["min_pairs"])

    def _examples(self, source_pairs: Sequence[int], target: NGram) -> tuple[int, ...]:
        target_pairs = set(self._target[target])
        return tuple(pair for pair in source_pairs if pair in target_pairs)[:EXAMPLES]


def log_dice(together: int, source: int, target: int) -> float:
    """logDice of n-grams found in ``source`` and ``target`` pairs, ``together`` of them shared."""
    return MAX_LOG_DICE + math.log2(2 * together / (source + target))


def ngrams(lemmas: Sequence[str], max_n: int) -> set[NGram]:
    """Every contiguous n-gram of ``lemmas`` with 1 to ``max_n`` lemmas."""
    return {
        tuple(lemmas[start:start + n])
        for n in range(1, max_n + 1)
        for start in range(len(lemmas) - n + 1)
    }


def _postings(sides: Iterable[Sequence[str]], max_n: int, min_pairs: int) -> dict[NGram, tuple[int, ...]]:
    """N-gram → ascending indices of the sequences containing it, for n-grams in ``min_pairs`` or more."""
    found: dict[NGram, list[int]] = {}
    for index, lemmas in enumerate(sides):
        for ngram in ngrams(lemmas, max_n):
            found.setdefault(ngram, []).append(index)
    return {ngram: tuple(pairs) for ngram, pairs in found.items() if len(pairs) >= min_pairs}


def _invert(postings: dict[NGram, tuple[int, ...]]) -> dict[int, list[NGram]]:
    """Pair index → the n-grams it contains."""
    inverted: dict[int, list[NGram]] = {}
    for ngram, pairs in postings.items():
        for pair in pairs:
            inverted.setdefault(pair, []).append(ngram)
    return inverted


def _nested(one: NGram, other: NGram) -> bool:
    """Whether one n-gram is a contiguous part of the other."""
    short, long = sorted((one, other), key=len)
    return any(long[start:start + len(short)] == short for start in range(len(long) - len(short) + 1))
