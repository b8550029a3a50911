"""The Whoosh index on disk: where it lives, its schema, building it, opening it.

Writers take a lock file beside the index directory, so one writer works at a time.
A build writes a complete new index into a sibling directory and then swaps it in:
a failed or interrupted build leaves the previous index untouched.
"""
import json
import marshal
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from indexer import lemmas
from indexer.errors import (
    IndexDamagedError,
    IndexLockedError,
    IndexMissingError,
    ZanError,
)
from indexer.model import Document

# Bump when analysis or schema change: an index of another version is rebuilt, not read.
FORMAT_VERSION = 2
META_FILE = "zan-index.json"
# Zan's own mark on a directory it made: only a directory carrying it (or an empty one)
# is ever replaced or deleted. Indexes of format 1 carry only META_FILE.
MARKER_FILE = "ZAN-INDEX"
MARKER_TEXT = "This directory is a Zan search index; zan may replace it as a whole.\n"
LEMMA_FILE = "lemmas.marshal"
CONCEPT_FILE = "concepts.marshal"  # the compiled thesaurus the index was built with
LEXICON_FILE = "lexicon.marshal"  # the associations mined from the index's aligned passages
TRANSLATION_FILE = "translations.marshal"  # their confident single-word translations, for queries
DEFAULT_LOCK_TIMEOUT_SECONDS = 5.0  # how long a writer waits for another; ZAN_LOCK_TIMEOUT overrides

Progress = Callable[[int, int], None]


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


def make_schema():
    from whoosh.analysis import LowercaseFilter, RegexTokenizer
    from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

    from indexer.analysis import LANGUAGES
    from indexer.filters import ConceptTokenizer, body_analyzer

    plain = RegexTokenizer() | LowercaseFilter()
    bodies = {f"body_{lang}": TEXT(analyzer=body_analyzer(lang), phrase=True, chars=True)
              for lang in LANGUAGES}
    return Schema(
        id=ID(stored=True, unique=True), work=ID(stored=True), key=ID(stored=True),
        place=ID(sortable=True),  # work#key: the same for every language version of a passage
        lang=ID(stored=True),
        kind=ID(stored=True), type=ID(stored=True), date=ID(stored=True),
        title=TEXT(stored=True, analyzer=plain), location=TEXT(stored=True, analyzer=plain),
        order=NUMERIC(stored=True, sortable=True), text=STORED(),
        concepts=TEXT(analyzer=ConceptTokenizer(), phrase=True),
        context=KEYWORD(stored=True, scorable=True), **bodies,
    )


def is_zan_directory(path: Path) -> bool:
    return (path / MARKER_FILE).is_file() or (path / META_FILE).is_file()


def check_replaceable(path: Path) -> None:
    """Refuse to touch ``path`` unless it is missing, an empty directory or Zan's own."""
    if not path.exists():
        return
    if not path.is_dir():
        raise ZanError(f"{path} is a file, not an index directory; choose another --index")
    if is_zan_directory(path) or not any(path.iterdir()):
        return
    raise ZanError(f"{path} is not a Zan index and is not empty; refusing to overwrite it "
                   "(choose a new or empty directory)")


def read_meta(index_dir: Path) -> dict | None:
    try:
        return json.loads((index_dir / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_current(index_dir: Path) -> bool:
    meta = read_meta(index_dir)
    return meta is not None and meta.get("format") == FORMAT_VERSION


class OpenIndex:
    """An opened index: the Whoosh index, the concept matcher it was built with, and
    (read on first use) the lexicon it mined."""

    def __init__(self, path: Path, whoosh_index, concepts):
        self.path = path
        self.whoosh = whoosh_index
        self.schema = whoosh_index.schema
        self.concepts = concepts
        self._lexicon = None
        self._translations = None

    def searcher(self):
        return self.whoosh.searcher()

    @property
    def lexicon(self):
        """The mined associations (``indexer.lexicon.Lexicon``), for term suggestions."""
        from indexer.lexicon import Lexicon

        if self._lexicon is None:
            self._lexicon = Lexicon.from_data(self._read(LEXICON_FILE, "lexicon"))
        return self._lexicon

    @property
    def translations(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Confident single-word translations: ``{"ru-kk": {lemma: target lemmas}}``."""
        if self._translations is None:
            self._translations = self._read(TRANSLATION_FILE, "translation table")
        return self._translations

    def _read(self, name: str, what: str):
        try:
            return marshal.loads((self.path / name).read_bytes())
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            raise IndexDamagedError(f"the {what} of the index at {self.path} is unreadable; "
                                    "rebuild it with `zan index --rebuild`") from None


def open_index(index_dir: Path) -> OpenIndex:
    """Open the index for reading; raise a ZanError saying what is wrong if it cannot be."""
    from whoosh import index

    from indexer.thesaurus import ConceptMatcher

    if not index_dir.is_dir():
        raise IndexMissingError(f"no index at {index_dir}; build it with `zan index --index {index_dir}`")
    if not is_current(index_dir):
        raise IndexDamagedError(
            f"the index at {index_dir} is damaged or from another version of zan; "
            "rebuild it with `zan index --rebuild`")
    try:
        opened = index.open_dir(str(index_dir))
    except Exception as error:  # Whoosh reports unreadable files in many ways
        raise IndexDamagedError(f"cannot open the index at {index_dir} ({error}); "
                                "rebuild it with `zan index --rebuild`") from None
    lemmas.load(index_dir / LEMMA_FILE)
    try:
        concepts = ConceptMatcher.from_data(marshal.loads((index_dir / CONCEPT_FILE).read_bytes()))
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        raise IndexDamagedError(f"the concept table of the index at {index_dir} is unreadable; "
                                "rebuild it with `zan index --rebuild`") from None
    return OpenIndex(index_dir, opened, concepts)


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    from whoosh.util.filelock import FileLock, try_for

    timeout = float(os.environ.get("ZAN_LOCK_TIMEOUT") or DEFAULT_LOCK_TIMEOUT_SECONDS)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir.parent / f"{index_dir.name}.lock"))
    if not try_for(lambda: lock.acquire(blocking=False), timeout, 0.1):
        raise IndexLockedError(f"the index at {index_dir} is locked by another writer; "
                               "try again when it has finished")
    try:
        yield
    finally:
        lock.release()


def write_index(index_dir: Path, documents: Iterable[Document], total: int, concepts,
                progress: Progress | None = None) -> int:
    """Build a new index of ``documents`` and put it in place of ``index_dir``.

    The caller holds :func:`writer_lock`. Returns the number of passages written.
    """
    from whoosh import index

    from indexer.lexicon import Lexicon

    documents = list(documents)
    staging = index_dir.with_name(f"{index_dir.name}.building")
    retired = index_dir.with_name(f"{index_dir.name}.old")
    for path in (index_dir, staging, retired):
        check_replaceable(path)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / MARKER_FILE).write_text(MARKER_TEXT, encoding="utf-8")
    try:
        count = _fill(index.create_in(str(staging), make_schema()), documents, total, concepts, progress)
        (staging / CONCEPT_FILE).write_bytes(marshal.dumps(concepts.to_data()))
        lexicon = Lexicon.mine(document.passage for document in documents)
        (staging / LEXICON_FILE).write_bytes(marshal.dumps(lexicon.to_data()))
        (staging / TRANSLATION_FILE).write_bytes(marshal.dumps(lexicon.translations()))
        lemmas.complete()
        lemmas.save(staging / LEMMA_FILE)
        meta = {"format": FORMAT_VERSION, "passages": count}
        (staging / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
        _swap_in(staging, index_dir, retired)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _fill(new_index, documents: Iterable[Document], total: int, concepts,
          progress: Progress | None) -> int:
    from indexer.analysis import content_words
    from indexer.filters import concept_stream
    from indexer.thesaurus import in_capitals

    writer = new_index.writer(limitmb=128, compound=False)
    seen_ids: set[str] = set()
    found: dict[str, tuple[str, ...]] = {}  # passage id → ids of the concepts it names
    try:
        for document in documents:
            passage = document.passage
            if passage.id in seen_ids:  # one document per id, as later updates by id assume
                continue
            seen_ids.add(passage.id)
            surfaces, lemmas = content_words(passage.text, passage.lang)
            matches = concepts.occurrences(lemmas, [in_capitals(surface) for surface in surfaces])
            found[passage.id] = tuple(dict.fromkeys(cid for match in matches for cid in match.concepts))
            writer.add_document(
                id=passage.id, work=passage.work, key=passage.key, place=f"{passage.work}#{passage.key}",
                lang=passage.lang,
                kind=passage.kind,
                type=document.type, date=document.date, title=document.title,
                location=passage.location, order=passage.order, text=passage.text,
                concepts=concept_stream(matches),
                context=" ".join(found.get(_enclosing_id(passage), ()) if "." in passage.key else ()),
                **{f"body_{passage.lang}": passage.text},
            )
            if progress:
                progress(len(seen_ids), total)
        writer.commit(optimize=True)
    except BaseException:
        writer.cancel()
        raise
    return len(seen_ids)


def _enclosing_id(passage) -> str:
    """The id of the passage that holds ``passage``: the article heading ``205`` of the
    part ``205.1``. Its concepts are the passage's context: "the same act" in a part
    is the offence the heading names."""
    return f"{passage.work}/{passage.lang}/{passage.key.split('.', 1)[0]}"


def _swap_in(staging: Path, index_dir: Path, retired: Path) -> None:
    shutil.rmtree(retired, ignore_errors=True)
    if index_dir.exists():
        index_dir.rename(retired)
    staging.rename(index_dir)
    shutil.rmtree(retired, ignore_errors=True)
