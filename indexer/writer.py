"""Writing an index: one writer at a time, each batch committed as a new generation.

A batch starts from the current generation (its Whoosh files shared by hard links, as
Whoosh never rewrites a file it has written) or from nothing, adds and deletes the
passages of whole sources, and on ``commit`` writes the Whoosh commit, the manifest and
the tables, then switches ``CURRENT``. Until that rename nothing a reader or the next
writer sees has changed; a batch that fails or is killed leaves only a generation
directory that no ``CURRENT`` names, which the next writer deletes.
"""
import fcntl
import marshal
import os
import shutil
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from indexer import index as layout
from indexer import lemmas, semantic
from indexer import manifest as manifests
from indexer.errors import IndexLockedError, ZanError
from indexer.indexing import Analysed, analyse
from indexer.manifest import Manifest, Source, WorkInfo
from indexer.segments import SegmentWriter, rare_collections

DEFAULT_LOCK_TIMEOUT_SECONDS = 5.0  # how long a writer waits for another; ZAN_LOCK_TIMEOUT overrides
KEEP_GENERATIONS = 2  # the current one and the one before, which a reader may still be opening
# Zan's own files in a generation; everything else there is Whoosh's.
_OWN_FILES = {layout.READING_LOCK, manifests.MANIFEST_FILE, layout.LEMMA_FILE, layout.CONCEPT_FILE,
              layout.LEXICON_FILE, layout.TRANSLATION_FILE, layout.ALIGNED_FILE, semantic.VECTOR_FILE,
              semantic.DIGEST_FILE, "MAIN_WRITELOCK"}


def make_schema():
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, SpaceSeparatedTokenizer
    from whoosh.fields import STORED, Schema

    from indexer.analysis import LANGUAGES
    from indexer.filters import (
        BodyField,
        ColumnNumber,
        ConceptTokenizer,
        WholeValueID,
        body_analyzer,
        surface_analyzer,
    )

    plain = RegexTokenizer() | LowercaseFilter()
    bodies = {f"body_{lang}": BodyField(analyzer=body_analyzer(lang), phrase=True)
              for lang in LANGUAGES}
    return Schema(
        id=STORED(), work=WholeValueID(stored=True), key=WholeValueID(stored=True),
        place=WholeValueID(sortable=True),  # work#key: the same for every language version of a passage
        source=WholeValueID(),  # the file the passage comes from (manifest source id)
        lang=WholeValueID(stored=True), kind=WholeValueID(stored=True),
        type=WholeValueID(), date=WholeValueID(sortable=True),  # a hit reads neither
        title=BodyField(stored=True, analyzer=plain), location=BodyField(stored=True, analyzer=plain),
        order=ColumnNumber(stored=True, sortable=True), text=STORED(),
        concepts=BodyField(analyzer=ConceptTokenizer(), phrase=True),
        # words as written, for prefix*, =exact, fuzzy~1 and suggestions: single terms, no phrases, no positions
        surface=BodyField(analyzer=surface_analyzer(), phrase=False),
        context=BodyField(stored=True, analyzer=SpaceSeparatedTokenizer(), phrase=False), **bodies,
    )


def lock_timeout() -> float:
    value = os.environ.get("ZAN_LOCK_TIMEOUT", "")
    if not value:
        return DEFAULT_LOCK_TIMEOUT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ZanError(f"ZAN_LOCK_TIMEOUT must be a number of seconds, not {value!r}")
    return seconds


@contextmanager
def writer_lock(path: Path):
    """Hold the index's writer lock; wait up to ``lock_timeout()`` for another writer.

    The lock is an advisory lock on a file inside the index, which the kernel releases
    when its holder dies: a killed writer never leaves the index locked."""
    timeout = lock_timeout()
    layout.check_replaceable(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        if not (path / layout.MARKER_FILE).exists():
            (path / layout.MARKER_FILE).write_text(layout.MARKER_TEXT, encoding="utf-8")
        handle = open(path / layout.LOCK_FILE, "a+b")
    except OSError as error:
        raise ZanError(f"cannot write the index at {path}: {error.strerror or error}") from None
    with handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexLockedError(f"the index at {path} is busy: another writer is working on it; "
                                           "try again when it has finished") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Batch:
    """The next generation of an index, being written."""

    def __init__(self, path: Path, base: "layout.Index | None", concepts, progress=None):
        from whoosh import index as whoosh_index

        self.path = path
        self.base = base
        self.concepts = concepts
        self.progress = progress  # (done, total, what) as passages are embedded
        self.directory = path / f"{layout.GENERATION_PREFIX}{_next_number(path):06d}"
        self.directory.mkdir()
        (self.directory / layout.READING_LOCK).touch()
        self.linked: set[str] = set()  # the base's Whoosh files, hard-linked: already on disk for good
        if base is None:
            self.whoosh = whoosh_index.create_in(str(self.directory), make_schema())
            self.sources: dict[str, Source] = {}
            self.works: dict[str, WorkInfo] = {}
            self.lemma_table: dict[str, dict[str, str]] = {}
            self.aligned: dict[str, dict[str, tuple[str, ...]]] = {}
        else:
            self.linked = _link_whoosh_files(base.generation, self.directory)
            self.whoosh = whoosh_index.open_dir(str(self.directory))
            self.sources = {source.id: source for source in base.manifest.sources}
            self.works = {work.id: work for work in base.manifest.works}
            self.lemma_table = {lang: dict(table) for lang, table in base.lemma_table.items()}
            lemmas.remember(self.lemma_table)  # the forms already indexed need no morphology dictionary
            self.aligned = base.table(layout.ALIGNED_FILE, "aligned passages")
        self.writer = SegmentWriter(self.whoosh, compound=False)
        self.forms: set[str] = set()
        self.touched_works: set[str] = set()
        self._sources_by_work: dict[str, set[str]] = defaultdict(set)
        for source in self.sources.values():
            self._sources_by_work[source.work].add(source.id)

    def remove(self, source_id: str) -> None:
        """Delete the passages of a source and forget it."""
        old = self.sources.pop(source_id, None)
        if old is not None:
            self._sources_by_work[old.work].discard(source_id)
            self.writer.delete_by_term("source", source_id)
            self.touched_works.add(old.work)

    def add(self, source: Source, documents, work: WorkInfo | None = None, analysed: Analysed | None = None) -> Source:
        """Index the passages of ``source`` (``Document`` objects), in place of any it had;
        ``analysed``: their analysis (``indexer.indexing.analyse``) if a reader made it."""
        self.remove(source.id)
        analysed = analysed or analyse(documents, self.concepts, reported=self.forms)  # their lemmas are in the memo
        per_language: dict[str, int] = {}
        for document, fields in zip(documents, analysed.fields):
            passage = document.passage
            self._add_passage(source.id, document, fields)
            per_language[passage.lang] = per_language.get(passage.lang, 0) + 1
        self.forms.update(analysed.forms)
        indexed = replace(source, status="indexed", reason="", passages=per_language)
        self._remember(indexed)
        if work is not None:
            self.works[work.id] = work
        self.touched_works.add(source.work)
        return indexed

    def fail(self, source: Source, reason: str) -> Source:
        """Record that ``source`` could not be indexed (its old passages go)."""
        self.remove(source.id)
        failed = replace(source, status="failed", reason=reason, passages={})
        self._remember(failed)
        return failed

    def sources_of(self, work: str) -> list[Source]:
        """The sources whose passages belong to ``work``."""
        return [self.sources[source_id] for source_id in sorted(self._sources_by_work.get(work, ()))]

    def _remember(self, source: Source) -> None:
        self.sources[source.id] = source
        self._sources_by_work[source.work].add(source.id)

    def _add_passage(self, source_id: str, document, fields: dict) -> None:
        passage = document.passage
        self.writer.add_document(
            id=passage.id, work=passage.work, key=passage.key, place=f"{passage.work}#{passage.key}",
            source=source_id, lang=passage.lang, kind=passage.kind, type=document.type, date=document.date,
            order=passage.order, text=passage.text, _stored_title=document.title, _stored_location=passage.location,
            **fields)

    def commit(self, optimize: bool = False) -> Manifest:
        """Make the batch the index's current generation; returns its manifest."""
        from indexer.lexicon import Lexicon

        self.writer.commit(optimize=optimize)
        if semantic.available():
            self._write_vectors()
        for lang, table in lemmas.table(self.forms).items():
            self.lemma_table.setdefault(lang, {}).update(table)
        tables = {layout.LEMMA_FILE: lemmas.SavedTable.to_data(self.lemma_table),
                  layout.CONCEPT_FILE: self.concepts.to_data(), layout.ALIGNED_FILE: self.aligned}
        if self._update_aligned() or self.base is None:
            lexicon = Lexicon.mine(self.aligned)
            tables.update({layout.LEXICON_FILE: lexicon.to_data(), layout.TRANSLATION_FILE: lexicon.translations()})
        else:  # the same aligned passages mine the same lexicon
            for name in (layout.LEXICON_FILE, layout.TRANSLATION_FILE):
                shutil.copyfile(self.base.generation / name, self.directory / name)
        built = Manifest(analysis=manifests.analysis_version(), fingerprint=manifests.analysis_fingerprint())
        built = built.with_sources(self.sources.values(), self.works.values())
        for name, table in tables.items():
            (self.directory / name).write_bytes(marshal.dumps(table))
        built = replace(built, files=self._checksums())
        manifests.save(built, self.directory)
        _sync_directory(self.directory, already=self.linked)
        _switch_current(self.path, self.directory)
        _delete_old_generations(self.path, keep=self.directory)
        return built

    def _checksums(self) -> dict[str, tuple[int, str]]:
        """Size and hash of every file of the generation; a file shared with the base
        generation (Whoosh never rewrites one) keeps the hash the base recorded."""
        known = self.base.manifest.files if self.base is not None else {}
        sums = {}
        for entry in sorted(self.directory.iterdir()):
            if entry.name in (layout.READING_LOCK, "MAIN_WRITELOCK", manifests.MANIFEST_FILE):
                continue
            size = entry.stat().st_size
            shared = entry.name in known and entry.name not in _OWN_FILES and known[entry.name][0] == size
            sums[entry.name] = known[entry.name] if shared else (size, manifests.file_hash(entry))
        return sums

    def cancel(self) -> None:
        """Discard the generation. Whoosh's own cancel may fail again for the reason the
        batch failed (a full disk): the whole directory goes anyway."""
        try:
            self.writer.cancel()
        except Exception:  # noqa: BLE001 — see above
            pass
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    def _write_vectors(self) -> None:
        """The passage vectors of the new generation (``indexer.semantic``)."""
        known = semantic.bundled()
        if self.base is not None and self.base.vectors is not None:
            known.update(self.base.vectors.known())
        with self.whoosh.reader() as reader:
            semantic.write(self.directory, reader, known, self.progress)

    def _update_aligned(self) -> bool:
        """Re-read the content lemmas of the touched works' passages that have versions
        in more than one language (the lexicon is mined from them); whether they changed."""
        from whoosh import query as wq

        from indexer.analysis import content_lemmas

        before = {place: self.aligned.pop(place) for place in list(self.aligned)
                  if place.split("#", 1)[0] in self.touched_works}
        after = {}
        languages: dict[str, set[str]] = {}  # work → the languages its files give
        for source in self.sources.values():
            languages.setdefault(source.work, set()).update(source.passages)
        with self.whoosh.searcher() as searcher:
            for work in self.touched_works:
                if len(languages.get(work, ())) < 2:
                    continue  # a work in one language has no passage with another version
                texts: dict[str, dict[str, str]] = {}
                for hit in searcher.search(wq.Term("work", work), limit=None):
                    texts.setdefault(f"{work}#{hit['key']}", {})[hit["lang"]] = hit["text"]
                after.update((place, {lang: content_lemmas(text, lang) for lang, text in by_lang.items()})
                             for place, by_lang in texts.items() if len(by_lang) > 1)
        self.aligned.update(after)
        return after != before


@contextmanager
def batch(path: Path, fresh: bool = False, progress=None):
    """A ``Batch`` on the index at ``path`` under the writer lock; cancelled unless committed.

    ``fresh``: start from an empty index instead of the current generation;
    ``progress(done, total, what)`` is told how the embedding of passages goes."""
    from indexer.thesaurus import bundled_matcher

    with writer_lock(path):
        _clear_legacy_files(path)
        readable = _readable_current(path)
        if readable:
            _delete_old_generations(path, keep=None)
        base = None if fresh or not readable or layout.current_generation(path) is None else layout.Index.open(path)
        concepts = base.concepts if base is not None else bundled_matcher()
        try:
            writing = Batch(path, base, concepts, progress)
        except OSError as error:
            raise ZanError(f"cannot write the index at {path}: {error.strerror or error}") from None
        committed = False
        try:
            with rare_collections():
                yield writing
            committed = writing.directory.name == _current_name(path)
        except OSError as error:
            raise ZanError(f"cannot write the index at {path}: {error.strerror or error}") from None
        finally:
            if not committed:
                writing.cancel()


def _readable_current(path: Path) -> bool:
    """Whether ``CURRENT`` can be read (a rebuild repairs one that cannot; until then no
    generation may be deleted, since which one is current is unknown)."""
    try:
        layout.current_generation(path)
        return True
    except ZanError:
        return False


def _current_name(path: Path) -> str | None:
    current = layout.current_generation(path)
    return current.name if current else None


def _next_number(path: Path) -> int:
    numbers = [int(entry.name[len(layout.GENERATION_PREFIX):]) for entry in path.iterdir()
               if entry.name.startswith(layout.GENERATION_PREFIX) and entry.name[len(layout.GENERATION_PREFIX):].isdigit()]
    return max(numbers, default=0) + 1


def _link_whoosh_files(source: Path, target: Path) -> set[str]:
    """Hard-link the Whoosh files of ``source`` into ``target``; the names of those linked."""
    linked = set()
    for entry in source.iterdir():
        if entry.name not in _OWN_FILES:
            try:
                os.link(entry, target / entry.name)
                linked.add(entry.name)
            except OSError:  # a file system without hard links
                shutil.copy2(entry, target / entry.name)
    return linked


def _sync_directory(directory: Path, already: set[str]) -> None:
    """Flush the generation's files to disk, but those ``already`` there (hard links to
    files an earlier generation flushed), then the directory itself."""
    for entry in directory.iterdir():
        if entry.is_file() and entry.name != layout.READING_LOCK and entry.name not in already:
            with open(entry, "rb") as stream:
                os.fsync(stream.fileno())
    _fsync_dir(directory)


def _fsync_dir(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _switch_current(path: Path, generation: Path) -> None:
    pending = path / f"{layout.CURRENT_FILE}.next"
    pending.write_text(generation.name + "\n", encoding="utf-8")
    with open(pending, "rb") as stream:
        os.fsync(stream.fileno())
    os.replace(pending, path / layout.CURRENT_FILE)
    _fsync_dir(path)


def _delete_old_generations(path: Path, keep: Path | None) -> None:
    """Delete the generations before the last ``KEEP_GENERATIONS`` that no reader holds,
    and those of batches that never committed."""
    current = layout.current_generation(path)
    generations = sorted(entry for entry in path.iterdir() if entry.name.startswith(layout.GENERATION_PREFIX))
    if current is None:
        kept = set()
    else:
        committed = [generation for generation in generations if generation.name <= current.name]
        kept = set(committed[-KEEP_GENERATIONS:])
    for generation in generations:
        if generation in kept or generation == keep:
            continue
        if _nobody_reads(generation):
            shutil.rmtree(generation, ignore_errors=True)


def _nobody_reads(generation: Path) -> bool:
    try:
        with open(generation / layout.READING_LOCK, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
    except BlockingIOError:
        return False
    except OSError:
        return True  # no lock file: an unfinished generation


def _clear_legacy_files(path: Path) -> None:
    """Delete the files of a Zan 0.1 index (one flat directory) before the first generation."""
    if (path / layout.CURRENT_FILE).exists():
        return
    for entry in path.iterdir():
        if entry.is_file() and (entry.name in layout.LEGACY_FILES or entry.name.startswith(("MAIN_", "_MAIN_"))):
            entry.unlink()
