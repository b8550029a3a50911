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

Pair counts cannot tell apart n-grams that always occur together, as in formulaic
passages («штрафом в размере … месячных расчетных показателей»), so equal scores are
common. Two rules, measured by ``bench/terms_eval.py`` against the thesaurus, settle them:

- A candidate that never occurs without a neighbouring lemma (extended by it, it is
  found in exactly the same pairs) gives way to that extension when the neighbour is a
  word of its own (found in more pairs than the candidate, so not just another word of
  the same formula) strongly tied to the source (logDice of at least 13.5 with one
  source lemma): ``жеткіз`` → ``қол жеткіз``, ``санкциясыз қол`` → ``санкциясыз қол жеткіз``.
- Then, among equal scores, candidates come first whose length is nearest the
  source's, then those whose lemmas are each best tied to some lemma of the source
  (the mean, over the candidate's lemmas, of the best logDice with one source lemma),
  then longer ones.

Candidates that overlap a better one (one holds the other, or one ends where the other
starts: ``қол``, ``сыйымсыз қол``, ``сыйымсыз қол жеткіз`` beside ``қол жеткіз``) are
parts of the same stretch of text, and only the best of them is proposed.
"""
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby

MAX_LOG_DICE = 14.0
EXAMPLES = 3
# How strongly a neighbouring lemma must be tied to the source for a candidate to be
# extended by it (see the module doc); measured on the tuning half of the thesaurus.
EXTENSION_SUPPORT = 13.5

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
    def mine(cls, pairs: Sequence[Pair], max_n: int = 4, min_pairs: int = 2) -> "Associations":
        """Count the n-grams of ``pairs`` (up to ``max_n`` lemmas) on each side.

        ``max_n`` 4 finds Kazakh terms such as ``құқық сыйымсыз қол жеткіз`` whole, and
        measured better than 3 for kk→ru (``bench/terms_eval.py``).
        """
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
        source = tuple(source)
        source_pairs = self._source.get(source, ())
        together = Counter(target for pair in source_pairs for target in self._targets_in_pair.get(pair, ()))
        scores = {
            target: log_dice(count, len(source_pairs), len(self._target[target]))
            for target, count in together.items() if count >= self.min_pairs
        }
        chosen: list[Candidate] = []
        for target in self._ranked(source, scores):
            if len(chosen) == limit:
                break
            if not any(_overlap(target, better.target) for better in chosen):
                examples = self._shared(source_pairs, target)
                chosen.append(Candidate(target, scores[target], len(examples), examples[:EXAMPLES]))
        return chosen

    def sources(self, length: int, min_pairs: int) -> list[NGram]:
        """The source n-grams of ``length`` lemmas found in at least ``min_pairs`` pairs."""
        return [ngram for ngram, pairs in self._source.items() if len(ngram) == length and len(pairs) >= min_pairs]

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

    def _ranked(self, source: NGram, scores: dict[NGram, float]) -> Iterator[NGram]:
        """The scored targets best first, without those that give way to an extension."""
        support = self._lemma_support(source, {lemma for target in scores for lemma in target})
        fragments = self._fragments(scores, support)

        def tie_break(target):
            return (abs(len(target) - len(source)), -sum(support[lemma] for lemma in target) / len(target),
                    -len(target), target)

        # Tie-broken group by group, so that a query stops paying once it has its candidates.
        kept = (target for target in scores if target not in fragments)
        for _, tied in groupby(sorted(kept, key=scores.__getitem__, reverse=True), key=scores.__getitem__):
            yield from sorted(tied, key=tie_break)

    def _fragments(self, scores: dict[NGram, float], support: dict[str, float]) -> set[NGram]:
        """Targets found only inside a target one lemma longer that adds a word of its own tied to the source."""
        fragments = set()
        for longer in scores:
            for shorter, added in ((longer[:-1], longer[-1]), (longer[1:], longer[0])):
                if (shorter in scores and self._target[shorter] == self._target[longer]
                        and len(self._target[(added,)]) > len(self._target[shorter])
                        and support[added] >= EXTENSION_SUPPORT):
                    fragments.add(shorter)
        return fragments

    def _lemma_support(self, source: NGram, target_lemmas: Iterable[str]) -> dict[str, float]:
        """Target lemma → its best logDice with one lemma of ``source``."""
        source_sides = [set(self._source.get((lemma,), ())) for lemma in set(source)]
        support = {}
        for lemma in target_lemmas:
            target_pairs = self._target.get((lemma,), ())
            support[lemma] = max(_set_log_dice(pairs, target_pairs) for pairs in source_sides)
        return support

    def _shared(self, source_pairs: Sequence[int], target: NGram) -> tuple[int, ...]:
        """The pairs, ascending, holding both the source and ``target``."""
        target_pairs = set(self._target[target])
        return tuple(pair for pair in source_pairs if pair in target_pairs)


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


def _set_log_dice(source_pairs: set[int], target_pairs: Sequence[int]) -> float:
    """logDice of two postings, 0 when they share no pair."""
    together = sum(pair in source_pairs for pair in target_pairs)
    return log_dice(together, len(source_pairs), len(target_pairs)) if together else 0.0


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


def _overlap(one: NGram, other: NGram) -> bool:
    """Whether the n-grams are parts of one stretch: one holds the other, or one ends where the other starts."""
    short, long = sorted((one, other), key=len)
    return (
        any(long[start:start + len(short)] == short for start in range(len(long) - len(short) + 1))
        or any(one[-k:] == other[:k] or other[-k:] == one[:k] for k in range(1, len(short)))
    )
