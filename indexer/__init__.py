"""Zan's library: build an index of the bundled corpus and of the files a librarian
adds; search it across languages; look up term equivalents, places and citations;
analyse text. ``Index`` is the index itself; the functions here open the right one.

Every function returns plain dataclasses (``indexer.model`` and the modules named in
each docstring) and reports problems the user can fix as ``ZanError`` subclasses with a
one-line message. ``index_dir`` defaults to ``$ZAN_INDEX`` or the per-user data
directory (see ``index.resolve_index_dir``).
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
from indexer.index import Index
from indexer.model import Hit, Match, Passage, SearchResult, Token

__all__ = [
    "build", "open_index", "ensure_index", "search", "analyze", "documents", "add", "reindex", "remove",
    "status", "kwic", "show", "cites", "terms", "suggest_terms", "export_thesaurus", "parallel", "Index",
    "BuildReport", "DocumentStatus", "Hit", "Match", "Passage", "SearchResult", "Token",
    "ZanError", "QueryError", "IndexMissingError", "IndexLockedError", "IndexDamagedError",
    "IngestError",
]


@dataclass(frozen=True)
class BuildReport:
    index_dir: Path
    passages: int
    built: bool  # False when the index was already up to date
    failed: tuple = ()  # added files that could not be read again (library.FileReport)


@dataclass(frozen=True)
class DocumentStatus:
    """A work — catalogued or added — and how much of it the index holds."""

    id: str
    type: str
    title: str
    date: str
    status: str  # "text in corpus", "metadata only" or "added"
    languages: tuple[str, ...]
    passages: dict[str, int]  # language → passages in the index


def build(index_dir=None, progress=None, rebuild: bool = True, processes: int = 1) -> BuildReport:
    """Index the bundled corpus and every file added to the index. With ``rebuild=False``
    an up-to-date index is kept as it is.

    ``progress(done, total, current)`` is called as added files are read again.
    """
    from indexer import index, library

    path, _ = index.resolve_index_dir(index_dir)
    if not rebuild and index.is_current(path):
        try:
            current = Index.open(path)
            current.check(full=True)  # "up to date" only if every file is what was written
            return BuildReport(path, current.manifest.passages, built=False)
        except IndexDamagedError:
            pass
    report = library.build(path, progress, processes)
    return BuildReport(path, report.passages, built=True, failed=tuple(report.failed))


def open_index(index_dir=None, progress=None) -> "Index":
    """The index, opened for reading; built or rebuilt first when needed.

    The default index builds itself, and rebuilds itself when damaged; any index built
    by other analysis code or data (an upgrade of Zan, a changed thesaurus) rebuilds
    itself. An explicitly named index (argument or ``ZAN_INDEX``) that does not exist is
    an error — most likely a mistyped path — and so is a damaged one (``zan index
    --rebuild`` repairs it).
    """
    from indexer import index

    path, is_default = index.resolve_index_dir(index_dir)
    state = index.state(path)
    if state == "stale" or (is_default and state in ("missing", "damaged")):
        build(path, progress)  # the default index is Zan's own derived data: it repairs itself
    opened = Index.open(path, is_default)
    opened.load_lemmas()
    return opened


def _index_to_write(index_dir, progress) -> "Index":
    """Like ``open_index``, but a named index that does not exist yet is created."""
    from indexer import index

    path, _ = index.resolve_index_dir(index_dir)
    if index.state(path) == "missing":
        build(path, progress)
    return open_index(path, progress)


def ensure_index(index_dir=None, progress=None) -> Path:
    """The index directory, built or rebuilt first when needed (see ``open_index``)."""
    return open_index(index_dir, progress).path


def search(query: str, index_dir=None, langs=None, limit: int = 10, progress=None,
           expand: bool = True, page: int = 1, sort: str = "relevance", mode: str | None = None) -> SearchResult:
    """Passages matching ``query``, best first (BM25F), with highlighted snippets.

    With ``expand`` (the default) concepts of the thesaurus named in the query are
    searched in all three languages; each hit says why it matched (``Hit.matched``).
    ``page`` counts pages of ``limit`` hits; ``sort`` is relevance, date or doc.
    ``mode``: lexical (words and concepts), semantic (passages close in meaning, with
    the ``[semantic]`` extra) or hybrid (both, fused); by default hybrid when the extra
    is installed, else lexical.
    """
    from indexer import semantic

    if limit < 1 or page < 1:
        raise QueryError("the limit and the page must be at least 1")
    mode = mode or semantic.default_mode()
    semantic.check_mode(mode)
    opened = open_index(index_dir, progress)
    if mode != "lexical":
        opened = _with_vectors(opened, progress)
    return opened.search(query, tuple(langs or ()), limit, expand, page, sort, mode)


def _with_vectors(opened: "Index", progress) -> "Index":
    """``opened``, or — if it has no passage vectors yet — the index after making them."""
    if opened.vectors is not None:
        return opened
    from indexer import library

    library.add_vectors(opened.path, progress)
    embedded = Index.open(opened.path, opened.is_default)
    embedded.load_lemmas()
    return embedded


def add(paths, index_dir=None, work: str = "", title: str = "", type: str = "", date: str = "",
        lang: str = "", version_of: str = "", dry_run: bool = False, progress=None, processes: int = 1):
    """Add files and folders to the index (``indexer.library.Report``). Metadata not given
    comes from a ``NAME.meta.toml`` sidecar, else from the text (title, language)."""
    from indexer.ingest import FileMeta

    meta = FileMeta(work=work, title=title, type=type, date=date, lang=lang, version_of=version_of)
    return _index_to_write(index_dir, progress).add(paths, meta, dry_run, progress, processes)


def reindex(index_dir=None, dry_run: bool = False, progress=None, processes: int = 1):
    """Re-read the added files whose content changed; drop those that are gone."""
    return open_index(index_dir, progress).update(dry_run, progress, processes)


def remove(work_or_file: str, index_dir=None, progress=None):
    """Remove an added work (all its files) or one added file from the index."""
    return open_index(index_dir, progress).delete(work_or_file)


def status(index_dir=None, progress=None, verify: bool = False):
    """The added files and their state: indexed, stale, missing, failed (``library.Status``);
    with ``verify``, every file of the index checked against its recorded hash."""
    from indexer import library

    return library.status(open_index(index_dir, progress), verify)


def kwic(query: str, index_dir=None, langs=None, context: int = 40, sort: str = "doc", limit: int = 100,
         expand: bool = True, progress=None):
    """Every occurrence of the query's matches with ``context`` characters either side
    (``concordance.ConcordanceLine``), in document order or sorted by the ``left`` or ``right``
    context."""
    from indexer import concordance

    opened = open_index(index_dir, progress)
    return concordance.lines(opened, query, tuple(langs or ()), context, sort, limit, expand)


def show(target: str, at: str = "", index_dir=None, langs=None, progress=None):
    """A passage (``work/lang/key``) or a work, whole or its place ``at`` (``205``,
    ``ст. 205``, ``Art. 24 para. 2``), with its metadata, language versions and citation
    links (``citations.WorkView``)."""
    from indexer import citations

    opened = open_index(index_dir, progress)
    with opened.reading():
        return citations.show(opened, target, at, tuple(langs or ()))


def cites(work: str, direction: str = "cites"):
    """The works ``work`` cites (``direction="cites"``) or that cite it (``"cited-by"``),
    with reference-list and footnote numbers (``citations.Link``)."""
    from indexer import citations

    return citations.links(work, direction)


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
    """Every catalogued work, then every added one, with the passages the index holds."""
    from indexer import catalogue

    opened = open_index(index_dir, progress)
    counts = opened.counts()
    catalogued = [
        DocumentStatus(id=work.id, type=work.type, title=work.title_in("en"), date=str(work.date or ""),
                       status=work.status, languages=tuple(work.languages), passages=counts.get(work.id, {}))
        for work in catalogue.load()
    ]
    added = [
        DocumentStatus(id=work.id, type=work.type, title=work.title, date=work.date, status="added",
                       languages=tuple(sorted(counts.get(work.id, {}))), passages=counts.get(work.id, {}))
        for work in opened.manifest.works
    ]
    return catalogued + added


def terms(term: str, index_dir=None, langs=None, examples: int = 3, progress=None):
    """The concepts ``term`` names, with their terms in every language (or ``langs``),
    their use in the corpus and up to ``examples`` aligned example passages
    (``indexer.terminology.TermsResult``; an unknown term gets the nearest known terms)."""
    from indexer import terminology

    opened = open_index(index_dir, progress)
    with opened.reading():
        return terminology.lookup(opened, term, tuple(langs or ()), examples)


def suggest_terms(term: str, index_dir=None, langs=None, limit: int = 5, progress=None):
    """Equivalents of ``term`` mined from the index's aligned passages, for a term the
    thesaurus lacks (``indexer.terminology.Suggestion``: score, pairs, examples)."""
    from indexer import terminology

    opened = open_index(index_dir, progress)
    with opened.reading():
        return terminology.suggest(opened, term, tuple(langs or ()), limit)


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
    from indexer import alignment

    opened = open_index(index_dir, progress)
    from whoosh import query as wq  # after the index: see index.load_whoosh

    with opened.reading(), opened.searcher() as searcher:
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
