"""A source's passages analysed for the index, in the process that read the file.

Everything the writer needs from the analysis core — the postings of a passage's body,
surface, title, location and concept fields, its article context, and the lemmas of its
word forms — is worked out here, so that reading workers (``indexer.library``) do it in
parallel and the writer's process only writes.
"""
from dataclasses import dataclass
from functools import lru_cache

from indexer import lemmas
from indexer.analysis import index_words
from indexer.filters import Postings, body_postings, concept_stream, surface_postings
from indexer.thesaurus import in_capitals


@dataclass(frozen=True)
class Analysed:
    fields: list[dict]  # per passage: the values of its analysed fields, by field name
    forms: frozenset[str]  # the index forms of the source's words
    lemmas: dict[str, dict[str, str]]  # language → form → lemma, for the forms not ``reported`` before


def analyse(documents, concepts, reported: set[str]) -> Analysed:
    """Analyse the passages of one source (``Document`` objects) with the concept
    matcher ``concepts``; ``reported`` holds the forms whose lemmas were given before."""
    concepts_at: dict[str, tuple[str, ...]] = {}  # passage key → concepts it names
    forms: set[str] = set()
    fields = [_passage_fields(document, concepts, concepts_at, forms) for document in documents]
    table = lemmas.table(forms - reported)
    reported.update(forms)
    return Analysed(fields, frozenset(forms), table)


def _passage_fields(document, concepts, concepts_at: dict, forms: set[str]) -> dict:
    passage = document.passage
    words = index_words(passage.text, passage.lang)
    forms.update(word.form for word in words)
    content = [word for word in words if not word.stop]
    matches = concepts.occurrences([word.lemma for word in content], [in_capitals(word.surface) for word in content])
    concepts_at[passage.key] = tuple(dict.fromkeys(cid for match in matches for cid in match.concepts))
    enclosing = passage.key.split(".", 1)[0]
    context = " ".join(concepts_at.get(enclosing, ()) if enclosing != passage.key else ())
    return {"concepts": _by_analyzer("concepts", concept_stream(matches)),
            "context": _by_analyzer("context", context), "_stored_context": context,
            "title": _by_analyzer("title", document.title), "location": _by_analyzer("location", passage.location),
            "surface": surface_postings(words), f"body_{passage.lang}": body_postings(words)}


@lru_cache(maxsize=4096)  # a work's title is the title of every passage of it, locations repeat
def _by_analyzer(field: str, value: str) -> Postings:
    """The postings of ``value`` in a field of the schema, as its own analyzer makes them."""
    return Postings(_schema()[field].index(value))


@lru_cache(maxsize=1)
def _schema():
    from indexer.writer import make_schema  # the writer imports this module

    return make_schema()
