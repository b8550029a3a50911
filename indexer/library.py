"""The librarian's operations: build, add, reindex, remove, status.

Each operation is one batch (``indexer.writer``): it commits whole or not at all, so
the index and its registry of added files (the manifest) never disagree.
"""
import marshal
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer import index as layout
from indexer import ingest, lemmas, writer
from indexer.errors import IngestError, ZanError
from indexer.ingest import FileMeta
from indexer.manifest import Source, file_hash

Progress = Callable[[int, int, str], None]  # (files done, files in all, current file)


@dataclass(frozen=True)
class FileReport:
    path: str
    work: str = ""
    reason: str = ""  # why a file failed or was removed


@dataclass(frozen=True)
class Report:
    """What a batch did (or, with ``dry_run``, would do)."""

    index_dir: Path
    added: list[FileReport] = field(default_factory=list)
    updated: list[FileReport] = field(default_factory=list)
    unchanged: list[FileReport] = field(default_factory=list)
    removed: list[FileReport] = field(default_factory=list)
    failed: list[FileReport] = field(default_factory=list)
    passages: int = 0  # in the index after the batch
    dry_run: bool = False


@dataclass(frozen=True)
class _Job:
    path: Path
    meta: FileMeta


class _Reader:
    """A worker's task: read a file and analyse its passages (``indexer.indexing``) with
    the index's concepts; each word form's lemmas are passed on once per worker.

    ``lemma_file``: the lemma table of the generation the batch starts from; the worker
    reads it first, so the forms already indexed need no morphology dictionary and
    their lemmas, which the writer has, are not passed on."""

    def __init__(self, concepts, lemma_file: Path | None):
        self.concepts = concepts
        self.lemma_file = lemma_file
        self.reported: set[str] = set()

    def __call__(self, job: _Job):
        from indexer.indexing import analyse

        if self.lemma_file is not None:
            known = lemmas.SavedTable(marshal.loads(self.lemma_file.read_bytes())).whole()
            lemmas.remember(known)
            self.reported.update(*known.values())
            self.lemma_file = None
        work, documents, file_format = ingest.read_added(job.path, job.meta)
        return work, documents, file_format, analyse(documents, self.concepts, self.reported)


# --- build -------------------------------------------------------------------------------------

def build(path: Path, progress: Progress | None = None, processes: int = 1) -> Report:
    """A new index of the bundled corpus and every added file the current one registers."""
    from indexer import catalogue

    registered = _registered(path)
    with writer.batch(path, fresh=True, progress=progress) as batch:
        works = catalogue.load()
        files = sum(len(work.files) for work in works)
        for n, (source, documents) in enumerate(ingest.bundled_sources(works), 1):
            batch.add(source, documents)
            if progress:
                progress(n, files + len(registered), source.id)
        outcome = _index_files(batch, [(Path(s.id), meta) for s, meta in registered], progress, processes,
                               known={source.id: source for source, _ in registered}, reread=True)
        manifest = batch.commit(optimize=True)
    return replace(outcome, index_dir=path, passages=manifest.passages)


def _registered(path: Path) -> list[tuple[Source, FileMeta]]:
    """The added files of the index at ``path`` with their metadata, if it can be read."""
    try:
        if layout.current_generation(path) is None:
            return []
        opened = layout.Index.open(path)  # held open: it keeps the generation while its registry is read
        built = opened.manifest
        added = built.added()
    except ZanError:
        return []  # a damaged index: a rebuild keeps the bundled corpus
    return [(source, _meta_of(source, built)) for source in added]


def _meta_of(source: Source, built) -> FileMeta:
    work = built.work(source.work)
    return FileMeta(work=source.work, title=work.title if work else "", type=work.type if work else "",
                    date=work.date if work else "", lang=next(iter(source.passages), ""))


# --- add, reindex, remove -------------------------------------------------------------------------

def add(path: Path, targets: list[Path], meta: FileMeta, dry_run: bool = False,
        progress: Progress | None = None, processes: int = 1) -> Report:
    """Add files and folders (recursively); a file already indexed is updated if it changed."""
    ingest.check_meta(meta)
    files, refused = collect_files(targets)
    with writer.batch(path, progress=progress) as batch:
        known = {source.id: source for source in batch.sources.values()}
        jobs = [(file, meta.over(_sidecar_or_fail(file, refused))) for file in files]
        jobs = [(file, file_meta) for file, file_meta in jobs if file_meta is not None]
        report = _index_files(batch, jobs, progress, processes, known, dry_run=dry_run)
        report = replace(report, failed=refused + report.failed)
        if dry_run:
            return replace(report, index_dir=path, passages=sum(sum(s.passages.values()) for s in known.values()),
                           dry_run=True)
        manifest = batch.commit()
    return replace(report, index_dir=path, passages=manifest.passages)


def _sidecar_or_fail(file: Path, refused: list[FileReport]) -> FileMeta | None:
    try:
        return ingest.sidecar(file)
    except IngestError as error:
        refused.append(FileReport(str(file), reason=str(error)))
        return None


def reindex(path: Path, dry_run: bool = False, progress: Progress | None = None, processes: int = 1) -> Report:
    """Re-read the added files whose content changed; drop those that disappeared."""
    with writer.batch(path, progress=progress) as batch:
        built = batch.base.manifest if batch.base else None
        removed, changed, unchanged = [], [], []
        for source in (built.added() if built else []):
            if not source.path.is_file():
                removed.append(FileReport(source.id, source.work, "the file is gone"))
                if not dry_run:
                    batch.remove(source.id)
            elif _changed(source):
                changed.append((source.path, _meta_of(source, built)))
            else:
                unchanged.append(FileReport(source.id, source.work))
        known = {source.id: source for source in (built.sources if built else ())}
        report = _index_files(batch, changed, progress, processes, known, dry_run=dry_run)
        report = replace(report, removed=removed, unchanged=unchanged + report.unchanged)
        if dry_run:
            return replace(report, index_dir=path, passages=built.passages if built else 0, dry_run=True)
        manifest = batch.commit()
    return replace(report, index_dir=path, passages=manifest.passages)


def add_vectors(path: Path, progress: Progress | None = None) -> None:
    """A new generation of the index at ``path`` with the passage vectors it lacks
    (``indexer.semantic``): its passages as they are, every one embedded."""
    with writer.batch(path, progress=progress) as batch:
        batch.commit()


def remove(path: Path, work_or_file: str) -> Report:
    """Remove an added work (every file of it) or one added file."""
    with writer.batch(path) as batch:
        target = str(Path(work_or_file).expanduser().absolute())
        chosen = [s for s in batch.sources.values() if s.id == target or s.work == work_or_file]
        if not chosen:
            raise ZanError(f"no added work or file {work_or_file!r} in the index; `zan status` lists them")
        if any(source.bundled for source in chosen):
            raise ZanError(f"{work_or_file!r} is part of the bundled corpus and cannot be removed")
        for source in chosen:
            batch.remove(source.id)
        manifest = batch.commit()
    return Report(path, removed=[FileReport(s.id, s.work) for s in chosen], passages=manifest.passages)


def _changed(source: Source) -> bool:
    """Whether the file's content differs from what was indexed (or failed) last time."""
    status = source.path.stat()
    if (status.st_size, status.st_mtime_ns) == (source.size, source.mtime_ns):
        return False
    return file_hash(source.path) != source.hash


def _index_files(batch, jobs: list[tuple[Path, FileMeta]], progress, processes: int, known: dict,
                 dry_run: bool = False, reread: bool = False) -> Report:
    """Read ``jobs`` (file, metadata) in workers and put what they give into ``batch``.

    A file whose content is what ``known`` (source id → Source) says was indexed is left
    as it is, unless ``reread``; a known file that cannot be read stays registered, as
    failed, so that a file on a drive not mounted today is not forgotten."""
    from indexer import workers

    added, updated, unchanged, failed = [], [], [], []
    to_read = []
    for file, meta in jobs:
        source = _describe(file)
        old = known.get(str(file))
        if isinstance(source, FileReport):
            failed.append(source)
            if old is not None and not dry_run:
                batch.fail(old, source.reason)
        elif not reread and old is not None and old.hash == source.hash and old.status == "indexed":
            unchanged.append(FileReport(source.id, old.work))
        else:
            to_read.append((_Job(file, meta), replace(source, work=_work_or_blank(file, meta)), old))
    lemma_file = batch.base.generation / layout.LEMMA_FILE if batch.base is not None else None
    outcomes = workers.run(_Reader(batch.concepts, lemma_file), [job for job, _, _ in to_read], processes)
    for n, ((job, source, old), outcome) in enumerate(zip(to_read, outcomes), 1):
        if progress:
            progress(n, len(to_read), str(job.path))
        if outcome.failure:
            reason = _without_path(outcome.failure, source.id)
            failed.append(FileReport(source.id, reason=reason))
            if not dry_run:
                batch.fail(source, reason)
            continue
        work, documents, file_format, analysed = outcome.result
        lemmas.remember(analysed.lemmas)  # the lemma table's, given once whether this file is indexed or not
        clash = _language_clash(batch, source.id, work.id, documents)
        if clash:
            failed.append(FileReport(source.id, work.id, clash))
            continue
        (updated if old is not None else added).append(FileReport(source.id, work.id))
        if not dry_run:
            batch.add(replace(source, work=work.id, format=file_format), documents,
                      None if work.id in batch.works else work, analysed)
    return Report(Path(), added=added, updated=updated, unchanged=unchanged, failed=failed)


def _without_path(message: str, path: str) -> str:
    """A reader's message less the file's path it starts with (the report names the file)."""
    for prefix in (f"{path}: ", f"{path} "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def _work_or_blank(file: Path, meta: FileMeta) -> str:
    try:
        return ingest.work_id(file, meta)
    except IngestError:
        return ""


def _language_clash(batch, source_id: str, work: str, documents) -> str:
    """Why the file cannot join ``work`` (another file already gives its language), or ''.

    A registered file that is gone from disk gives way: the new one is where it moved."""
    langs = {document.passage.lang for document in documents}
    for other in batch.sources_of(work):
        if other.id == source_id or not langs & set(other.passages):
            continue
        if not other.bundled and not other.path.exists():
            batch.remove(other.id)
        else:
            lang = sorted(langs & set(other.passages))[0]
            return (f"work {work!r} already has a {lang} version from {other.id}; give this file its own "
                    "work (--work) or remove the other")
    return ""


def _describe(file: Path) -> Source | FileReport:
    """The file as a source to index (hash, size, time), or why it cannot be one."""
    try:
        status = file.stat()
        digest = file_hash(file)
    except OSError as error:
        return FileReport(str(file), reason=f"cannot read it: {error.strerror}")
    return Source(id=str(file), work="", hash=digest, size=status.st_size, mtime_ns=status.st_mtime_ns)


def collect_files(targets: list[Path]) -> tuple[list[Path], list[FileReport]]:
    """The regular files named or inside the folders named (recursively, in name order),
    and what was skipped: missing paths, special files, links out of the folder, loops."""
    files, skipped = [], []
    for target in targets:
        target = target.expanduser().absolute()
        if not target.exists():
            skipped.append(FileReport(str(target), reason="no such file or folder"))
        elif target.is_dir():
            _walk(target, target.resolve(), files, skipped, set())
        elif target.is_file():
            files.append(target)
        else:
            skipped.append(FileReport(str(target), reason="not a regular file"))
    return list(dict.fromkeys(files)), skipped


def _walk(folder: Path, root: Path, files: list, skipped: list, seen: set) -> None:
    real = folder.resolve()
    if layout.is_zan_directory(folder):
        skipped.append(FileReport(str(folder), reason="a Zan index; not indexed"))
        return
    if real in seen:
        skipped.append(FileReport(str(folder), reason="a link loop; not followed"))
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        skipped.append(FileReport(str(folder), reason=f"cannot list it: {error.strerror}"))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.endswith(ingest.SIDECAR_SUFFIX) or entry.name.startswith("."):
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError as error:
            skipped.append(FileReport(str(path), reason=f"cannot read it: {error.strerror}"))
            continue
        if entry.is_symlink() and not path.resolve().is_relative_to(root):
            skipped.append(FileReport(str(path), reason="a link out of the folder; not followed"))
        elif stat.S_ISDIR(mode):
            _walk(path, root, files, skipped, seen)
        elif stat.S_ISREG(mode):
            files.append(path)
        else:
            skipped.append(FileReport(str(path), reason="not a regular file (a pipe, socket or device)"))


# --- status ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SourceStatus:
    path: str
    work: str
    state: str  # indexed | stale | missing | failed
    reason: str = ""
    passages: int = 0


@dataclass(frozen=True)
class Status:
    index_dir: Path
    up_to_date: bool  # built by this version of the analysis code and data
    passages: int
    bundled_files: int
    files: list[SourceStatus] = field(default_factory=list)  # the added files

    def count(self, state: str) -> int:
        return sum(1 for file in self.files if file.state == state)


def status(index: "layout.Index", verify: bool = False) -> Status:
    """The index's state and its added files'; with ``verify``, every file of the index is
    checked against its recorded hash first (a damaged index raises IndexDamagedError)."""
    if verify:
        index.check(full=True)
    built = index.manifest
    files = [_source_status(source) for source in built.added()]
    return Status(index.path, layout.is_current(index.path), built.passages,
                  sum(1 for source in built.sources if source.bundled), files)


def _source_status(source: Source) -> SourceStatus:
    passages = sum(source.passages.values())
    if not source.path.is_file():
        return SourceStatus(source.id, source.work, "missing", "the file is gone", passages)
    if source.status == "failed":
        return SourceStatus(source.id, source.work, "failed", source.reason)
    try:
        stale = _changed(source)
    except OSError as error:
        return SourceStatus(source.id, source.work, "missing", f"cannot read it: {error.strerror}", passages)
    return SourceStatus(source.id, source.work, "stale" if stale else "indexed",
                        "changed since it was indexed" if stale else "", passages)
