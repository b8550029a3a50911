"""The translation lexicon an index mines from its own aligned passages.

The language versions of one passage (same work and key) are aligned pairs; for each
direction between two languages, ``indexer.mining`` associates the lemma n-grams of
one side with those of the other. A query word that no thesaurus concept covers is
also searched as its best mined equivalent when that one is confident enough:
a logDice of at least ``MIN_SCORE`` over at least ``MIN_PAIRS`` shared pairs.
"""
from collections.abc import Iterable
from itertools import permutations

from indexer.analysis import LANGUAGES, content_lemmas
from indexer.mining import Associations, Candidate

MIN_SCORE = 13.0  # logDice, at most 14: the pairs of source and target nearly coincide
MIN_PAIRS = 3


class Lexicon:
    def __init__(self, directions: dict[tuple[str, str], Associations]):
        self.directions = directions

    @classmethod
    def mine(cls, passages: Iterable) -> "Lexicon":
        """Mine every direction between languages that ``passages`` (``Passage``) align in."""
        versions: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}
        for passage in passages:
            versions.setdefault((passage.work, passage.key), {})[passage.lang] = (
                content_lemmas(passage.text, passage.lang))
        directions = {}
        for source, target in permutations(LANGUAGES, 2):
            pairs = [(by_lang[source], by_lang[target]) for by_lang in versions.values()
                     if source in by_lang and target in by_lang]
            if pairs:
                directions[source, target] = Associations.mine(pairs)
        return cls(directions)

    def to_data(self) -> dict:
        return {f"{source}-{target}": associations.to_dict()
                for (source, target), associations in self.directions.items()}

    @classmethod
    def from_data(cls, data: dict) -> "Lexicon":
        return cls({tuple(direction.split("-")): Associations.from_dict(saved) for direction, saved in data.items()})

    def translate(self, lemma: str, source: str, target: str) -> Candidate | None:
        """The confident equivalent in ``target`` of a ``source`` lemma, if there is one."""
        associations = self.directions.get((source, target))
        best = associations.candidates((lemma,), limit=1) if associations else []
        if best and best[0].score >= MIN_SCORE and best[0].pairs >= MIN_PAIRS:
            return best[0]
        return None
