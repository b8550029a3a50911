"""What an index was built from: its sources, their content hashes, the analysis version.

Every generation of an index carries its manifest (``manifest.json``). The added works
and files — the librarian's registry — are part of it, so the registry and the index
can never disagree: both change in the same atomic switch of generations.
"""
import json
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache, partial
from pathlib import Path

from indexer.errors import IndexDamagedError

MANIFEST_FILE = "manifest.json"
BUNDLED = "bundled:"  # source ids of the bundled corpus: bundled:<path inside corpus/texts>
_HASH_CHUNK = 1 << 20
DISTRIBUTION = "zan"  # the installed distribution (its RECORD: see analysis_fingerprint)


@dataclass(frozen=True)
class Source:
    """One file of the index: a bundled text or a file a librarian added."""

    id: str  # the absolute path of an added file, or bundled:<name>
    work: str
    hash: str = ""  # blake2b of the content
    size: int = 0
    mtime_ns: int = 0
    format: str = ""
    status: str = "indexed"  # indexed | failed
    reason: str = ""  # why it failed
    passages: dict[str, int] = field(default_factory=dict)  # language → passages indexed

    @property
    def bundled(self) -> bool:
        return self.id.startswith(BUNDLED)

    @property
    def path(self) -> Path:
        return Path(self.id)


@dataclass(frozen=True)
class WorkInfo:
    """An added work's metadata (bundled works are described by the catalogue)."""

    id: str
    title: str
    type: str = "document"
    date: str = ""


@dataclass(frozen=True)
class Registry:
    """The librarian's registry of a generation: its files and the added works."""

    sources: tuple[Source, ...] = ()
    works: tuple[WorkInfo, ...] = ()


@dataclass(frozen=True)
class Manifest:
    analysis: str  # ``analysis_version()`` of the code and data that built the index
    fingerprint: str = ""  # ``analysis_fingerprint()`` at that time
    passages: int = 0
    files: dict[str, tuple[int, str]] = field(default_factory=dict)  # file of the generation → (size, hash)
    # The registry is read when first asked for: a search never asks, and reading and
    # building a 10,000-file registry cost a cold search of a library about 100 ms.
    read_registry: Callable[[], Registry] = Registry

    @cached_property
    def registry(self) -> Registry:
        return self.read_registry()

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.registry.sources

    @property
    def works(self) -> tuple[WorkInfo, ...]:
        return self.registry.works

    def source(self, source_id: str) -> Source | None:
        return next((source for source in self.sources if source.id == source_id), None)

    def work(self, work_id: str) -> WorkInfo | None:
        return next((work for work in self.works if work.id == work_id), None)

    def added(self) -> list[Source]:
        return [source for source in self.sources if not source.bundled]

    def counts(self) -> dict[str, dict[str, int]]:
        """Work → language → passages indexed."""
        counts: dict[str, dict[str, int]] = {}
        for source in self.sources:
            per_language = counts.setdefault(source.work, {})
            for lang, n in source.passages.items():
                per_language[lang] = per_language.get(lang, 0) + n
        return counts

    def with_sources(self, sources, works=None) -> "Manifest":
        sources = tuple(sources)
        works = self.works if works is None else tuple(works)
        used = {source.work for source in sources}
        registry = Registry(sources, tuple(work for work in works if work.id in used))
        return replace(self, read_registry=lambda: registry,
                       passages=sum(sum(source.passages.values()) for source in sources))


def save(manifest: Manifest, directory: Path) -> None:
    """Write the manifest as two lines of JSON: what a search needs, then the registry
    (``asdict`` and an indent cost a 10,000-file index a second at every commit)."""
    header = {"analysis": manifest.analysis, "fingerprint": manifest.fingerprint, "passages": manifest.passages,
              "files": manifest.files}
    registry = {"sources": [vars(source) for source in manifest.sources],
                "works": [vars(work) for work in manifest.works]}
    lines = (json.dumps(part, ensure_ascii=False) for part in (header, registry))  # JSON escapes line breaks
    (directory / MANIFEST_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


def load(directory: Path) -> Manifest:
    """The manifest of a generation, its registry read when first asked for. A
    generation's manifest is written once, so one read serves a process for as long as
    the file is the same one (a search or an add checks the index's state, opens it and
    writes to it: three reads of a 10,000-file manifest)."""
    path = directory / MANIFEST_FILE
    try:
        stat = path.stat()
    except OSError as error:
        raise _unreadable(directory, error) from None
    return _load(path, (stat.st_ino, stat.st_size, stat.st_ctime_ns))  # any write changes ctime


_DAMAGE = (OSError, ValueError, KeyError, TypeError)


@lru_cache(maxsize=2)
def _load(path: Path, identity: tuple[int, int, int]) -> Manifest:
    try:
        data = json.loads(_line(path, 0))
        return Manifest(analysis=data["analysis"], fingerprint=data.get("fingerprint", ""), passages=data["passages"],
                        files={name: tuple(entry) for name, entry in data.get("files", {}).items()},
                        read_registry=partial(_read_registry, path))
    except _DAMAGE as error:
        raise _unreadable(path.parent, error) from None


def _read_registry(path: Path) -> Registry:
    try:
        # An index written before the registry had a line of its own keeps it in the first.
        data = json.loads(_line(path, 1) or _line(path, 0))
        return Registry(tuple(Source(**source) for source in data["sources"]),
                        tuple(WorkInfo(**work) for work in data["works"]))
    except _DAMAGE as error:
        raise _unreadable(path.parent, error) from None


def _line(path: Path, number: int) -> bytes:
    with open(path, "rb") as stream:
        for _ in range(number):
            stream.readline()
        return stream.readline()


def _unreadable(directory: Path, error: Exception) -> IndexDamagedError:
    return IndexDamagedError(f"the manifest of the index at {directory.parent} is unreadable "
                             f"({type(error).__name__}); rebuild it with `zan index --rebuild`")


def damaged_files(directory: Path, files: dict[str, tuple[int, str]], full: bool = False) -> list[str]:
    """The files of a generation that are missing or differ from the manifest: by size
    (cheap, on every open) or, with ``full``, by content hash too."""
    damaged = []
    for name, (size, digest) in files.items():
        path = directory / name
        try:
            if path.stat().st_size != size or (full and file_hash(path) != digest):
                damaged.append(name)
        except OSError:
            damaged.append(name)
    return damaged


def file_hash(path: Path) -> str:
    import hashlib  # not at module level: it costs the cold path of every search 2.3 ms

    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as stream:
        while chunk := stream.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def bytes_hash(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=16).hexdigest()


# --- the analysis version ----------------------------------------------------------------

def _analysis_files() -> list[Path]:
    """The code and data that decide what an index holds: the library, the stopwords and
    the bundled corpus (catalogue, thesaurus, texts)."""
    import corpus
    import indexer
    import stopwords

    files = []
    for package in (indexer, stopwords, corpus):
        for folder, _, names in os.walk(Path(package.__file__).parent):
            files += [Path(folder, name) for name in names if not name.endswith(".pyc")]
    return sorted(files)


def analysis_version() -> str:
    """A hash of the analysis code and data, and of the libraries that lemmatise."""
    import hashlib
    from importlib import metadata

    digest = hashlib.blake2b(digest_size=16)
    for name in ("zan", "pymorphy3", "pymorphy3-dicts-ru", "simplemma", "whoosh-reloaded"):
        try:
            digest.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=?;".encode())
    for path in _analysis_files():
        digest.update(path.name.encode() + b"\0" + bytes_hash(path.read_bytes()).encode())
    return digest.hexdigest()


def analysis_fingerprint() -> str:
    """A cheap first check of the analysis files: the hashes their installer recorded
    (a reinstall of the same code keeps them), else their sizes and modification times."""
    files = _analysis_files()
    listing = _installed_hashes(files)
    if listing is None:
        listing = "|".join(f"{path.name}:{status.st_size}:{status.st_mtime_ns}"
                           for path, status in ((path, os.stat(path)) for path in files))
    # Two 32-bit checksums rather than a hashlib digest (see file_hash); a mismatch only
    # sends the caller on to the content hash.
    encoded = listing.encode()
    return f"{zlib.crc32(encoded):08x}{zlib.adler32(encoded):08x}"


def _installed_hashes(files: list[Path]) -> str | None:
    """The lines of the wheel installer's RECORD (path, sha256, size) for ``files``, if
    it installed every one of them and none changed after it wrote the RECORD; else None
    (a source checkout, an editable install, a file edited in place)."""
    import indexer

    site = Path(indexer.__file__).parent.parent
    records = list(site.glob(f"{DISTRIBUTION}-*.dist-info/RECORD"))
    if len(records) != 1:
        return None
    installed = records[0].stat().st_mtime_ns
    recorded = {line.partition(",")[0]: line for line in records[0].read_text(encoding="utf-8").splitlines()}
    lines = []
    for path in files:
        line = recorded.get(path.relative_to(site).as_posix(), "")
        digest, _, size = line.partition(",")[2].partition(",")
        status = os.stat(path)
        if not digest or size != str(status.st_size) or status.st_mtime_ns > installed:
            return None
        lines.append(line)
    return "\n".join(lines)
