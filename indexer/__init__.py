"""Zan's library: build the index of the bundled corpus, search it, analyse text.

Every function returns plain dataclasses (``indexer.model``) and reports problems the
user can fix as ``ZanError`` subclasses with a one-line message. ``index_dir`` defaults
to ``$ZAN_INDEX`` or the per-user data directory (see ``store.resolve_index_dir``).
Heavy modules (Whoosh, morphology) are imported only when a function needs them.
"""
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import (
    IndexDamagedError,
    IndexLockedError,
    IndexMissingError,
    IngestError,
    QueryError,
    ZanError,
)
from indexer.model import Hit, Match, Passage, SearchResult, Token

__all__ = [
    "build", "ensure_index", "search", "analyze", "documents", "terms", "suggest_terms",
    "export_thesaurus", "parallel",
    "BuildReport", "DocumentStatus", "Hit", "Match", "Passage", "SearchResult", "Token",
    "ZanError", "QueryError", "IndexMissingError", "IndexLockedError", "IndexDamagedError",
    "IngestError",
]


@dataclass(frozen=True)
class BuildReport:
    index_dir: Path
    passages: int
    built: bool  # False when the index was already up to date


@dataclass(frozen=True)
class DocumentStatus:
    """A catalogued work and how much of it the index holds."""

    id: str
    type: str
    title: str
    date: str
    status: str
    languages: tuple[str, ...]
    passages: dict[str, int]  # language → passages in the index


def build(index_dir=None, progress=None, rebuild: bool = True) -> BuildReport:
    """Index the bundled corpus. With ``rebuild=False`` an up-to-date index is kept as it is.

    ``progress(done, total)`` is called as passages are written.
    """
    from indexer import catalogue, ingest, store, thesaurus

    path, _ = store.resolve_index_dir(index_dir)
    try:
        with store.writer_lock(path):
            if not rebuild and store.is_current(path):
                return BuildReport(path, store.read_meta(path)["passages"], built=False)
            documents = list(ingest.documents(catalogue.load()))
            concepts = thesaurus.ConceptMatcher.from_concepts(thesaurus.load())
            count = store.write_index(path, documents, len(documents), concepts, progress)
    except OSError as error:
        raise ZanError(f"cannot write the index at {path}: {error.strerror or error}") from None
    return BuildReport(path, count, built=True)


def ensure_index(index_dir=None, progress=None) -> Path:
    """The index directory, building the default index from the bundled corpus if needed.

    An explicitly named index (argument or ``ZAN_INDEX``) is never built implicitly: if
    it is missing, opening it is an error (most likely a mistyped path).
    """
    from indexer import store

    path, is_default = store.resolve_index_dir(index_dir)
    if is_default and not store.is_current(path):
        build(path, progress, rebuild=False)
    return path


def _open_index(index_dir, progress):
    from indexer import store

    return store.open_index(ensure_index(index_dir, progress))


def search(query: str, index_dir=None, langs=None, limit: int = 10, progress=None,
           expand: bool = True) -> SearchResult:
    """Passages matching ``query``, best first (BM25F), with highlighted snippets.

    With ``expand`` (the default) concepts of the thesaurus named in the query are
    searched in all three languages; each hit says why it matched (``Hit.matched``).
    """
    from indexer import query as querying

    if limit < 1:
        raise QueryError("the limit must be at least 1")
    return querying.run(_open_index(index_dir, progress), query, langs=tuple(langs or ()), limit=limit,
                        expand=expand)


def analyze(text: str, lang: str | None = None, concepts: bool = False) -> list[Token]:
    """The token stream of ``text`` as the index sees it (lemma, language, stop flag).

    ``lang`` is the language of the text (identified when not given). With ``concepts``
    each token also lists the thesaurus concepts it is part of.
    """
    from indexer import analysis, thesaurus

    if lang is not None and lang not in analysis.LANGUAGES:
        raise QueryError(f"unknown language {lang!r}; use one of {', '.join(analysis.LANGUAGES)}")
    return analysis.analyze(text, lang, thesaurus.bundled_matcher() if concepts else None)


def documents(index_dir=None, progress=None) -> list[DocumentStatus]:
    """Every catalogued work with its status and the passages the index holds for it."""
    from indexer import catalogue

    counts = _passage_counts(_open_index(index_dir, progress))
    return [
        DocumentStatus(
            id=work.id, type=work.type, title=work.title_in("en"), date=str(work.date or ""),
            status=work.status, languages=tuple(work.languages),
            passages=counts.get(work.id, {}),
        )
        for work in catalogue.load()
    ]


def _passage_counts(opened) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    with opened.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            per_language = counts.setdefault(fields["work"], {})
            per_language[fields["lang"]] = per_language.get(fields["lang"], 0) + 1
    return counts


def terms(term: str, index_dir=None, langs=None, examples: int = 3, progress=None):
    """The concepts ``term`` names, with their terms in every language (or ``langs``),
    their use in the corpus and up to ``examples`` aligned example passages
    (``indexer.terminology.TermsResult``; an unknown term gets the nearest known terms)."""
    from indexer import terminology

    return terminology.lookup(_open_index(index_dir, progress), term, tuple(langs or ()), examples)


def suggest_terms(term: str, index_dir=None, langs=None, limit: int = 5, progress=None):
    """Equivalents of ``term`` mined from the index's aligned passages, for a term the
    thesaurus lacks (``indexer.terminology.Suggestion``: score, pairs, examples)."""
    from indexer import terminology

    return terminology.suggest(_open_index(index_dir, progress), term, tuple(langs or ()), limit)


def export_thesaurus(format: str) -> str:
    """The bundled thesaurus as ``tbx`` (TBX-Basic) or ``csv``."""
    from indexer import export, thesaurus

    writers = {"tbx": export.to_tbx, "csv": export.to_csv}
    if format not in writers:
        raise QueryError(f"unknown export format {format!r}; use tbx or csv")
    return writers[format](thesaurus.load())


def parallel(work: str, key: str | None = None, index_dir=None, langs=None, progress=None):
    """The language versions of ``work`` (or of its place ``key`` and what it holds),
    aligned by key, in document order (``indexer.alignment.AlignedPassage``)."""
    from whoosh import query as wq

    from indexer import alignment

    opened = _open_index(index_dir, progress)
    with opened.searcher() as searcher:
        stored = [hit.fields() for hit in searcher.search(wq.Term("work", work), limit=None)]
    if not stored:
        raise QueryError(f"no work {work!r} in the index; `zan docs` lists the works")
    passages = [passage for passage in alignment.aligned(stored)
                if key is None or alignment.in_key(passage, key)]
    if not passages:
        raise QueryError(f"no place {key!r} in {work}")
    if langs:
        chosen = [alignment.AlignedPassage(p.work, p.key, {lang: version for lang, version in
                                                           p.versions.items() if lang in langs})
                  for p in passages]
        passages = [passage for passage in chosen if passage.versions]
    return passages
