"""The concept thesaurus: concepts with their terms in Russian, Kazakh and English.

The data is ``corpus/thesaurus.toml``; its format is described at the top of that
file. Terms are matched on lemma sequences (stopwords left out), so every inflected
form of a multi-word term is recognised. :class:`ConceptMatcher` is the compiled,
lemmatised form that the index stores and queries read.
"""
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import corpus
from indexer.errors import ZanError
from indexer.model import Token

LANGUAGES = ("ru", "kk", "en")
STATUSES = ("preferred", "admitted", "abbreviation")
TRANSLATORS_CHOICE = "translator's choice"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class ThesaurusError(ZanError):
    """The thesaurus is malformed; the message names the concept at fault."""


@dataclass(frozen=True)
class Term:
    text: str
    lang: str
    status: str
    source: str  # "work:key" of an attesting passage in ``lang``, or TRANSLATORS_CHOICE
    note: str = ""
    lemmas: tuple[str, ...] = ()  # content lemmas, set when the thesaurus is compiled

    @property
    def place(self) -> tuple[str, str] | None:
        """The attesting passage as ``(work, key)``; None for a translator's choice."""
        if self.source == TRANSLATORS_CHOICE:
            return None
        work, _, key = self.source.partition(":")
        return work, key


@dataclass(frozen=True)
class Concept:
    id: str
    terms: tuple[Term, ...]
    broader: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    note: str = ""

    def terms_in(self, lang: str) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.lang == lang)

    def preferred(self, lang: str) -> Term | None:
        return next((term for term in self.terms_in(lang) if term.status == "preferred"), None)


def load(path: Path | None = None) -> list[Concept]:
    """Read and check the structure of a thesaurus (default: the bundled one)."""
    import tomllib

    path = path or corpus.thesaurus_path()
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("concept", [])
    except (OSError, ValueError) as error:  # tomllib.TOMLDecodeError is a ValueError
        raise ThesaurusError(f"{path}: {error}") from None
    concepts = [_concept(entry, n) for n, entry in enumerate(entries, 1)]
    _check_links(concepts)
    return concepts


def _concept(entry: dict, n: int) -> Concept:
    concept_id = entry.get("id")
    if not isinstance(concept_id, str) or not _ID.fullmatch(concept_id):
        raise ThesaurusError(f"concept #{n}: id {concept_id!r} is not lowercase ASCII words joined by '-'")
    unknown = set(entry) - {"id", "broader", "related", "places", "note", *LANGUAGES}
    if unknown:
        raise ThesaurusError(f"concept {concept_id}: unknown key {sorted(unknown)[0]!r}")
    terms = tuple(term for lang in LANGUAGES
                  for term in _terms(concept_id, lang, entry.get(lang, [])))
    if not terms:
        raise ThesaurusError(f"concept {concept_id}: no terms")
    return Concept(concept_id, terms, tuple(entry.get("broader", ())), tuple(entry.get("related", ())),
                   tuple(entry.get("places", ())), entry.get("note", ""))


def _terms(concept_id: str, lang: str, entries: list[dict]) -> Iterable[Term]:
    for n, entry in enumerate(entries):
        where = f"concept {concept_id}, {lang} term {entry.get('term', n + 1)!r}"
        if not entry.get("term") or not entry.get("source"):
            raise ThesaurusError(f"{where}: 'term' and 'source' are required")
        status = entry.get("status", "preferred" if n == 0 else "admitted")
        if status not in STATUSES:
            raise ThesaurusError(f"{where}: unknown status {status!r}")
        if status == "preferred" and n > 0:
            raise ThesaurusError(f"{where}: only the first term of a language is preferred")
        source = entry["source"]
        if source != TRANSLATORS_CHOICE and not re.fullmatch(r"[a-z0-9-]+:\S+", source):
            raise ThesaurusError(f"{where}: source {source!r} is neither work:key nor {TRANSLATORS_CHOICE!r}")
        yield Term(entry["term"], lang, status, source, entry.get("note", ""))


def _check_links(concepts: list[Concept]) -> None:
    ids: set[str] = set()
    for concept in concepts:
        if concept.id in ids:
            raise ThesaurusError(f"concept {concept.id}: duplicate id")
        ids.add(concept.id)
    for concept in concepts:
        for target in concept.broader + concept.related:
            if target not in ids:
                raise ThesaurusError(f"concept {concept.id}: refers to unknown concept {target!r}")


def attestation_problems(concepts: list[Concept], passages) -> list[str]:
    """What the texts contradict: terms whose attesting passage lacks them, places that
    do not exist, terms of two concepts without a note. ``passages`` are ``Passage`` objects."""
    from indexer.analysis import content_lemmas

    texts = {(p.work, p.lang, p.key): p.text for p in passages}
    keys = {(p.work, p.key) for p in passages}
    problems, owners = [], {}
    for concept in concepts:
        for place in concept.places:
            if tuple(place.partition(":")[::2]) not in keys:
                problems.append(f"concept {concept.id}: no passage at place {place!r}")
        for term in concept.terms:
            lemmas = content_lemmas(term.text, term.lang)
            owners.setdefault(lemmas, set()).add(concept.id)
            if term.place is None:
                continue
            text = texts.get((term.place[0], term.lang, term.place[1]))
            if text is None:
                problems.append(f"concept {concept.id}: {term.text!r} cites no {term.lang} passage {term.source}")
            elif not _contains(content_lemmas(text, term.lang), lemmas):
                problems.append(f"concept {concept.id}: {term.source} ({term.lang}) does not contain "
                                f"{term.text!r} (lemmas {' '.join(lemmas)})")
    by_id = {concept.id: concept for concept in concepts}
    for lemmas, ids in owners.items():
        if len(ids) > 1 and not all(by_id[i].note for i in ids):
            problems.append(f"term {' '.join(lemmas)!r} belongs to {', '.join(sorted(ids))} without a note")
    return problems


def in_capitals(word: str) -> bool:
    """Written in capitals, as abbreviations are (``ООН``, ``ICT``; not ``Ст``)."""
    return len(word) > 1 and word.isupper()


def _contains(sequence: Sequence[str], part: Sequence[str]) -> bool:
    n = len(part)
    return n > 0 and any(tuple(sequence[i:i + n]) == tuple(part) for i in range(len(sequence) - n + 1))


@lru_cache(maxsize=1)
def bundled_matcher() -> "ConceptMatcher":
    """The matcher of the bundled thesaurus (for analysing text outside an index)."""
    return ConceptMatcher.from_concepts(load())


class Match(NamedTuple):
    """Concepts found at content positions ``start``..``end`` (exclusive) of a lemma sequence."""

    start: int
    end: int
    concepts: tuple[str, ...]


class ConceptMatcher:
    """Finds concepts in lemma sequences by longest match, and holds the concepts.

    Built from the thesaurus once per index (it lemmatises every term) and saved in the
    index as plain data, so a query never reads the TOML nor lemmatises the terms again;
    a concept is rebuilt from that data only when a query needs it.
    """

    def __init__(self, by_lemmas: dict[tuple[str, ...], tuple[str, ...]], saved: dict[str, dict],
                 abbreviations: set[tuple[str, ...]]):
        self.by_lemmas = by_lemmas  # lemma sequence of a term → ids of the concepts it names
        # Lemma sequences only abbreviations have: they count only written in capitals
        # (АКТ, ICT — not the word «акт»).
        self.abbreviations = abbreviations
        self.longest = max(map(len, by_lemmas), default=0)
        self._saved = saved  # concept id → the concept as plain data
        self._concepts: dict[str, Concept] = {}
        self._terms_with: dict[str, list[tuple[str, ...]]] | None = None  # lemma → terms holding it
        # Every beginning of a term's lemma sequence: a run of lemmas not among them
        # begins no term, so a search for terms there stops.
        self._term_beginnings = {term[:n] for term in by_lemmas for n in range(1, len(term) + 1)}

    @classmethod
    def from_concepts(cls, concepts: list[Concept]) -> "ConceptMatcher":
        """Lemmatise the terms of ``concepts`` (as the index analyses its texts)."""
        from indexer.analysis import content_lemmas

        by_lemmas: dict[tuple[str, ...], tuple[str, ...]] = {}
        saved, abbreviations, words = {}, set(), set()
        for concept in concepts:
            terms = tuple(replace(term, lemmas=content_lemmas(term.text, term.lang)) for term in concept.terms)
            for term in terms:
                owners = by_lemmas.get(term.lemmas, ())
                if term.lemmas and concept.id not in owners:
                    by_lemmas[term.lemmas] = owners + (concept.id,)
                (abbreviations if term.status == "abbreviation" else words).add(term.lemmas)
            saved[concept.id] = asdict(replace(concept, terms=terms))
        return cls(by_lemmas, saved, abbreviations - words)

    def to_data(self) -> dict:
        return {"by_lemmas": self.by_lemmas, "concepts": self._saved, "abbreviations": list(self.abbreviations)}

    @classmethod
    def from_data(cls, data: dict) -> "ConceptMatcher":
        return cls(data["by_lemmas"], data["concepts"], {tuple(lemmas) for lemmas in data["abbreviations"]})

    def lookup(self, lemmas: Sequence[str], capitals: Sequence[bool] | None = None) -> tuple[str, ...]:
        """Ids of the concepts a term with exactly these lemmas names. ``capitals`` says
        which words are written in capitals; without it, abbreviations match however written."""
        lemmas = tuple(lemmas)
        if capitals is not None and lemmas in self.abbreviations and not all(capitals):
            return ()
        return self.by_lemmas.get(lemmas, ())

    def concept(self, concept_id: str) -> Concept:
        if concept_id not in self._concepts:
            entry = self._saved[concept_id]
            terms = tuple(Term(**{**term, "lemmas": tuple(term["lemmas"])}) for term in entry["terms"])
            self._concepts[concept_id] = Concept(**{
                **entry, "terms": terms, **{key: tuple(entry[key]) for key in ("broader", "related", "places")}})
        return self._concepts[concept_id]

    def all(self) -> list[Concept]:
        return [self.concept(concept_id) for concept_id in self._saved]

    def occurrences(self, lemmas: Sequence[str], capitals: Sequence[bool] | None = None) -> list[Match]:
        """Every occurrence of every term in ``lemmas``, nested and overlapping ones too
        (``неправомерный доступ`` inside the longer title of ст. 205): what the index
        records, so that each concept named in a passage can be searched by its id."""
        lemmas = tuple(lemmas)
        found = []
        for start in range(len(lemmas)):
            end = start + 1
            while end <= len(lemmas) and lemmas[start:end] in self._term_beginnings:
                if ids := self.lookup(lemmas[start:end], capitals and capitals[start:end]):
                    found.append(Match(start, end, ids))
                end += 1
        return found

    def find(self, lemmas: Sequence[str], capitals: Sequence[bool] | None = None) -> list[Match]:
        """Non-overlapping concept matches, longest first, left to right."""
        matches, i = [], 0
        while i < len(lemmas):
            for n in range(min(self.longest, len(lemmas) - i), 0, -1):
                ids = self.lookup(lemmas[i:i + n], capitals and capitals[i:i + n])
                if ids:
                    matches.append(Match(i, i + n, ids))
                    i += n
                    break
            else:
                i += 1
        return matches

    def containing(self, lemmas: Sequence[str], capitals: Sequence[bool] | None = None) -> tuple[str, ...]:
        """Ids of the concepts one of whose terms holds ``lemmas`` inside it
        (``interception`` is inside "illegal interception")."""
        if self._terms_with is None:
            self._terms_with = {}
            for term_lemmas in self.by_lemmas:
                for lemma in set(term_lemmas):
                    self._terms_with.setdefault(lemma, []).append(term_lemmas)
        found: dict[str, None] = {}
        for term_lemmas in self._terms_with.get(lemmas[0], ()) if lemmas else ():
            if len(term_lemmas) > len(lemmas) and _contains(term_lemmas, lemmas):
                found.update(dict.fromkeys(self.by_lemmas[term_lemmas]))
        return tuple(found)

    def annotate(self, tokens: list[Token]) -> list[Token]:
        """``tokens`` with the concepts each content token is part of."""
        content = [n for n, token in enumerate(tokens) if not token.stop]
        annotated = list(tokens)
        for match in self.find([tokens[n].lemma for n in content], [in_capitals(tokens[n].text) for n in content]):
            for n in content[match.start:match.end]:
                annotated[n] = replace(annotated[n], concepts=annotated[n].concepts + match.concepts)
        return annotated
