"""The translation lexicon an index mines from its own aligned passages.

The language versions of one passage (same work and key) are aligned pairs; for each
direction between two languages, ``indexer.mining`` associates the lemma n-grams of
one side with those of the other (``zan terms --suggest``). A query word that no
thesaurus concept covers is also searched as its best mined equivalent when that one
is confident enough: a logDice of at least ``MIN_SCORE`` over at least ``MIN_PAIRS``
shared pairs. Those translations are worked out once, when the index is built
(:meth:`Lexicon.translations`), so a query reads a small table.
"""
from itertools import permutations

from indexer.analysis import LANGUAGES
from indexer.mining import Associations, Candidate

MIN_SCORE = 13.0  # logDice, at most 14: the pairs of source and target nearly coincide
MIN_PAIRS = 3


class Lexicon:
    def __init__(self, directions: dict[tuple[str, str], Associations],
                 places: dict[tuple[str, str], list[tuple[str, str]]]):
        self.directions = directions
        self.places = places  # direction → the (work, key) of each mined pair, in order

    @classmethod
    def mine(cls, aligned: dict[str, dict[str, tuple[str, ...]]]) -> "Lexicon":
        """Mine every direction between languages from ``aligned``: ``"work#key"`` →
        language → the content lemmas of that version of the passage."""
        directions, places = {}, {}
        for source, target in permutations(LANGUAGES, 2):
            pairs = [(place, by_lang) for place, by_lang in aligned.items() if source in by_lang and target in by_lang]
            if pairs:
                directions[source, target] = Associations.mine([(by_lang[source], by_lang[target])
                                                                for _, by_lang in pairs])
                places[source, target] = [tuple(place.split("#", 1)) for place, _ in pairs]
        return cls(directions, places)

    def to_data(self) -> dict:
        return {f"{source}-{target}": {"associations": associations.to_dict(),
                                       "places": self.places[source, target]}
                for (source, target), associations in self.directions.items()}

    @classmethod
    def from_data(cls, data: dict) -> "Lexicon":
        saved = {tuple(name.split("-")): direction for name, direction in data.items()}
        return cls({pair: Associations.from_dict(direction["associations"]) for pair, direction in saved.items()},
                   {pair: [tuple(place) for place in direction["places"]] for pair, direction in saved.items()})

    def suggest(self, lemmas: tuple[str, ...], source: str, target: str, limit: int) -> list[Candidate]:
        """Up to ``limit`` mined equivalents of a source lemma sequence, however confident."""
        associations = self.directions.get((source, target))
        return associations.candidates(lemmas, limit=limit) if associations else []

    def translations(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Every confident single-word translation, as ``{"ru-kk": {lemma: target lemmas}}``:
        the small table a query reads, instead of the whole lexicon."""
        table = {}
        for (source, target), associations in self.directions.items():
            confident = {}
            for (lemma,) in associations.sources(length=1, min_pairs=MIN_PAIRS):
                best = associations.candidates((lemma,), limit=1)
                if best and best[0].score >= MIN_SCORE and best[0].pairs >= MIN_PAIRS:
                    confident[lemma] = best[0].target
            table[f"{source}-{target}"] = confident
        return table
