"""A Zan index on disk and its reading side.

An index directory holds Zan's marker, a writer lock and numbered *generations*; the
file ``CURRENT`` names the generation readers use::

    index/ZAN-INDEX  writer.lock  CURRENT  gen-000007/ (Whoosh files, manifest, tables)

A writer builds the next generation beside the current one (sharing its unchanged
Whoosh files by hard links) and switches ``CURRENT`` with one atomic rename, so a
reader always sees a whole generation, a killed writer leaves the previous one in
place, and everything — the lock too — stays inside the directory the user chose.
A reader holds a shared lock on its generation; writers delete only old generations
nobody reads. Whoosh is an implementation detail of this module and ``indexer.writer``.
"""
import fcntl
import functools
import importlib
import marshal
import os
import sys
import types
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from indexer import manifest as manifests
from indexer.errors import IndexDamagedError, IndexMissingError, ZanError

MARKER_FILE = "ZAN-INDEX"
MARKER_TEXT = "This directory is a Zan search index; zan may replace what is inside it.\n"
CURRENT_FILE = "CURRENT"
LOCK_FILE = "writer.lock"
READING_LOCK = "reading.lock"
GENERATION_PREFIX = "gen-"
LEMMA_FILE = "lemmas.marshal"  # the lemma of every word form of the index, in every language
CONCEPT_FILE = "concepts.marshal"  # the compiled thesaurus the index was built with
LEXICON_FILE = "lexicon.marshal"  # associations mined from the index's aligned passages
TRANSLATION_FILE = "translations.marshal"  # their confident single-word translations, for queries
ALIGNED_FILE = "aligned.marshal"  # content lemmas of the passages that have language versions
OPEN_ATTEMPTS = 3
# Files of indexes of Zan 0.1 (one flat directory), which a rebuild may clear.
LEGACY_FILES = ("zan-index.json", "lemmas.marshal", "concepts.marshal", "lexicon.marshal",
                "translations.marshal")


def _deferred(module: str, name: str):
    """A function that imports ``module`` and calls its ``name``: the real one, when called."""
    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return call


# Modules Whoosh imports when it loads but that a search never uses, and what Whoosh
# takes from each: loading them costs a cold search ≈23 ms.
_WHOOSH_STAND_INS = {
    "urllib.request": {"urlretrieve": _deferred("urllib.request", "urlretrieve")},  # whoosh.compat; brings http, email, ssl
    "cached_property": {"cached_property": functools.cached_property},  # whoosh.reading; brings asyncio
    "whoosh.lang.morph_en": {"variations": _deferred("whoosh.lang.morph_en", "variations")},  # whoosh.query; 4 ms of regex
}


def load_whoosh() -> None:
    """Import Whoosh's reading side with light stand-ins for ``_WHOOSH_STAND_INS``.

    The stand-ins are in ``sys.modules`` only while Whoosh loads: any later import of
    those modules gets the real ones, and so do the deferred functions when called."""
    if "whoosh.reading" in sys.modules:
        return
    missing = {name: types.ModuleType(name) for name in _WHOOSH_STAND_INS if name not in sys.modules}
    for name, module in missing.items():
        vars(module).update(_WHOOSH_STAND_INS[name])
    sys.modules.update(missing)
    try:
        import whoosh.query  # noqa: F401 — loads whoosh.compat and whoosh.query.terms
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in missing.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


def default_index_dir() -> Path:
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "zan" / "index"


def resolve_index_dir(explicit: str | os.PathLike | None = None) -> tuple[Path, bool]:
    """The index directory to use and whether it is the default one.

    Order: the explicit argument (``--index``), then ``ZAN_INDEX``, then the per-user
    data directory.
    """
    chosen = explicit or os.environ.get("ZAN_INDEX")
    if chosen:
        return Path(chosen).expanduser().absolute(), False
    return default_index_dir(), True


def is_zan_directory(path: Path) -> bool:
    return (path / MARKER_FILE).is_file() or (path / LEGACY_FILES[0]).is_file()


def check_replaceable(path: Path) -> None:
    """Refuse to write into ``path`` unless it is missing, an empty directory or Zan's own."""
    if not path.exists():
        return
    if not path.is_dir():
        raise ZanError(f"{path} is a file, not an index directory; choose another --index")
    if is_zan_directory(path) or not any(path.iterdir()):
        return
    raise ZanError(f"{path} is not a Zan index and is not empty; refusing to write into it "
                   "(choose a new or empty directory)")


def rebuild_hint(path: Path, is_default: bool) -> str:
    return "rebuild it with `zan index --rebuild" + ("" if is_default else f" --index {path}") + "`"


def current_generation(path: Path) -> Path | None:
    """The generation ``CURRENT`` names, or None if the index has none yet."""
    try:
        name = (path / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise IndexDamagedError(f"cannot read the index at {path}: {error.strerror}") from None
    if not name.startswith(GENERATION_PREFIX) or "/" in name:
        raise IndexDamagedError(f"the index at {path} names no valid generation in {CURRENT_FILE}")
    return path / name


def state(path: Path) -> str:
    """``missing`` (no index yet), ``damaged``, ``stale`` (built by other code or data
    than this) or ``current``."""
    try:
        generation = current_generation(path)
    except ZanError:
        return "damaged"
    if generation is None:
        return "damaged" if is_zan_directory(path) and (path / CURRENT_FILE).exists() else "missing"
    try:
        built = manifests.load(generation)
    except ZanError:
        return "damaged"
    if manifests.damaged_files(generation, built.files):
        return "damaged"
    if built.fingerprint == manifests.analysis_fingerprint() or built.analysis == manifests.analysis_version():
        return "current"
    return "stale"


def is_current(path: Path) -> bool:
    """Whether the index at ``path`` exists and was built by this code and data."""
    return state(path) == "current"


class Index:
    """One generation of an index, open for reading."""

    def __init__(self, path: Path, generation: Path, is_default: bool = False):
        self.path = path
        self.generation = generation
        self.is_default = is_default
        self._reading = _hold_shared_lock(generation / READING_LOCK)

    @classmethod
    def open(cls, path: Path, is_default: bool = False) -> "Index":
        if not path.is_dir():
            raise IndexMissingError(f"no index at {path}; build it with `zan index --index {path}`")
        load_whoosh()
        for _ in range(OPEN_ATTEMPTS):  # a writer may switch generations while we open one
            generation = current_generation(path)
            if generation is None:
                break
            index = cls(path, generation, is_default)
            if generation.is_dir():
                index.check()
                _ = index.whoosh  # opened now, to fail here with a clear message
                return index
        raise IndexDamagedError(f"the index at {path} is damaged or from another version of zan; "
                                + rebuild_hint(path, is_default))

    def check(self, full: bool = False) -> None:
        """Raise IndexDamagedError if a file of the generation is missing or not what the
        manifest recorded: its size (cheap, on every open), or with ``full`` its content."""
        damaged = manifests.damaged_files(self.generation, self.manifest.files, full)
        if damaged:
            differ = "1 file differs" if len(damaged) == 1 else f"{len(damaged)} files differ"
            raise IndexDamagedError(f"the index at {self.path} is damaged ({differ} from what was written, "
                                    f"e.g. {damaged[0]}); " + rebuild_hint(self.path, self.is_default))

    @cached_property
    def whoosh(self):
        from whoosh import index as whoosh_index

        try:
            return whoosh_index.open_dir(str(self.generation))
        except Exception as error:  # Whoosh reports unreadable files in many ways
            raise IndexDamagedError(f"cannot open the index at {self.path} ({type(error).__name__}); "
                                    + rebuild_hint(self.path, self.is_default)) from None

    @property
    def schema(self):
        return self.whoosh.schema

    @cached_property
    def reader(self):
        """The generation's Whoosh reader, opened once: its files never change. Like the
        Index, it serves one thread at a time."""
        return self.whoosh.reader()

    def searcher(self):
        from whoosh.searching import Searcher

        return Searcher(self.reader, closereader=False)

    @cached_property
    def manifest(self) -> manifests.Manifest:
        return manifests.load(self.generation)

    @cached_property
    def concepts(self):
        from indexer.thesaurus import ConceptMatcher

        return ConceptMatcher.from_data(self.table(CONCEPT_FILE, "concept table"))

    @cached_property
    def translations(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Confident single-word translations: ``{"ru-kk": {lemma: target lemmas}}``."""
        return self.table(TRANSLATION_FILE, "translation table")

    @cached_property
    def lexicon(self):
        """The mined associations (``indexer.lexicon.Lexicon``), for term suggestions."""
        from indexer.lexicon import Lexicon

        return Lexicon.from_data(self.table(LEXICON_FILE, "lexicon"))

    @cached_property
    def saved_lemmas(self):
        """The lemma of every word form of the index's texts (``indexer.lemmas.SavedTable``)."""
        from indexer.lemmas import SavedTable

        try:
            return SavedTable(self.table(LEMMA_FILE, "lemma table"))
        except ValueError:
            raise IndexDamagedError(f"the lemma table of the index at {self.path} is unreadable "
                                    "(not a table of lemmas); "
                                    + rebuild_hint(self.path, self.is_default)) from None

    @cached_property
    def lemma_table(self) -> dict[str, dict[str, str]]:
        """Language → word form of the index's texts → lemma."""
        return self.saved_lemmas.whole()

    @cached_property
    def spellings(self):
        """The Kazakh word forms of the index by keyboard key (``indexer.spelling``)."""
        from indexer.spelling import Spellings

        return Spellings(self.lemma_table.get("kk", {}))

    @cached_property
    def vectors(self):
        """The passage vectors (``indexer.semantic.Vectors``), or None if it has none."""
        from indexer.semantic import Vectors

        try:
            vectors = Vectors.load(self.generation)
        except IndexDamagedError as error:
            raise IndexDamagedError(f"{error}; " + rebuild_hint(self.path, self.is_default)) from None
        if vectors is not None and len(vectors.digests) != self.whoosh.doc_count_all():
            raise IndexDamagedError(f"the passage vectors of the index at {self.path} do not match its passages; "
                                    + rebuild_hint(self.path, self.is_default))
        return vectors

    def load_lemmas(self) -> None:
        """Have the lemmas of the index's words looked up in its lemma table, so queries
        of its words need no morphology dictionary."""
        from indexer import lemmas

        lemmas.consult(self.saved_lemmas)

    def counts(self) -> dict[str, dict[str, int]]:
        """Work → language → passages indexed."""
        return self.manifest.counts()

    # Writes make a new generation; this object goes on reading the one it opened.

    def add(self, paths, meta=None, dry_run: bool = False, progress=None, processes: int = 1):
        """Add files and folders (``indexer.library.add``)."""
        from indexer import library
        from indexer.ingest import FileMeta

        return library.add(self.path, [Path(p) for p in paths], meta or FileMeta(), dry_run, progress, processes)

    def update(self, dry_run: bool = False, progress=None, processes: int = 1):
        """Re-read the added files that changed (``indexer.library.reindex``)."""
        from indexer import library

        return library.reindex(self.path, dry_run, progress, processes)

    def delete(self, work_or_file: str):
        """Remove an added work or file (``indexer.library.remove``)."""
        from indexer import library

        return library.remove(self.path, work_or_file)

    def search(self, query: str, langs=(), limit: int = 10, expand: bool = True, page: int = 1,
               sort: str = "relevance", mode: str = "lexical"):
        """Passages matching ``query`` (``indexer.model.SearchResult``): page ``page`` of
        ``limit`` hits, sorted by ``relevance``, ``date`` (newest first) or ``doc`` order;
        ``mode`` is lexical, semantic or hybrid (``indexer.query.MODES``)."""
        from indexer import query as querying

        with self.reading():
            return querying.run(self, query, langs=tuple(langs), limit=limit, expand=expand, page=page, sort=sort,
                                mode=mode)

    @contextmanager
    def reading(self):
        """Report what Whoosh raises on reading a damaged file as a damaged index."""
        import pickle
        import struct
        import zlib

        from whoosh.filedb.filetables import FileFormatError
        from whoosh.index import IndexError as WhooshIndexError

        damage = (EOFError, OSError, ValueError, KeyError, IndexError, struct.error, zlib.error,
                  pickle.UnpicklingError, WhooshIndexError, FileFormatError)
        try:
            yield
        except ZanError:
            raise
        except damage as error:
            raise IndexDamagedError(f"the index at {self.path} is damaged ({type(error).__name__} reading it); "
                                    + rebuild_hint(self.path, self.is_default)) from None

    def table(self, name: str, what: str):
        """One of the generation's marshal tables (a damaged one is a clear error)."""
        try:
            return marshal.loads((self.generation / name).read_bytes())
        except (OSError, EOFError, ValueError, TypeError) as error:
            raise IndexDamagedError(f"the {what} of the index at {self.path} is unreadable "
                                    f"({type(error).__name__}); "
                                    + rebuild_hint(self.path, self.is_default)) from None


def _hold_shared_lock(path: Path):
    """A shared lock on ``path`` held while the returned file stays open (None if the
    generation is read-only for us: then no writer can delete it either)."""
    try:
        handle = open(path, "a+b")
    except OSError:
        return None
    fcntl.flock(handle, fcntl.LOCK_SH)
    return handle
