"""Turn files into passages: reader → normaliser → segmenter.

Two registries choose the steps. A file a librarian adds is read by the reader of its
format (``indexer.readers``, by content and extension), and segmented by the segmenter
of the layout the reader gives: lines (TXT, Markdown, HTML, DOCX, RTF) or a PDF's text
layer. The bundled corpus names its files' layouts in the catalogue: the Markdown
instruments and the journal article, which has a segmenter of its own.
"""
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

import corpus
from indexer import readers
from indexer.catalogue import Work
from indexer.errors import IngestError
from indexer.manifest import BUNDLED, Source, WorkInfo, file_hash
from indexer.model import Document, Passage
from indexer.normalise import normalise_text

SIDECAR_SUFFIX = ".meta.toml"
TITLE_CHARS = 160
_DATE = re.compile(r"\d{4}(-\d\d(-\d\d)?)?")
_NOT_IN_ID = re.compile(r"[^\w]+")
LANGUAGES = ("ru", "kk", "en")


def _segment_instrument(text: str, work: str, lang: str) -> list[Passage]:
    from indexer.segment.instrument import segment_instrument

    return segment_instrument(normalise_text(text), work, lang)


def _segment_article(text: str, work: str, lang: str) -> list[Passage]:
    from indexer.segment.article import segment_article

    return segment_article(text, work)


def _segment_lines(text: str, work: str, lang: str) -> list[Passage]:
    from indexer.segment.generic import segment_generic

    return segment_generic(normalise_text(text), work, lang)


def _segment_pdf(text: str, work: str, lang: str) -> list[Passage]:
    from indexer.segment.pdf import segment_pdf_text

    return segment_pdf_text(text, work, lang)


# The catalogue's file formats (bundled corpus) and the readers' layouts (added files).
CATALOGUE_SEGMENTERS = {"markdown": _segment_instrument, "pdf-text": _segment_article}
LAYOUT_SEGMENTERS = {"lines": _segment_lines, "pdf": _segment_pdf}


@dataclass(frozen=True)
class FileMeta:
    """What a librarian says about a file: options of `zan add` or its sidecar."""

    work: str = ""
    title: str = ""
    type: str = ""
    date: str = ""
    lang: str = ""
    version_of: str = ""

    def over(self, other: "FileMeta") -> "FileMeta":
        """These values, and ``other``'s where these are empty."""
        return FileMeta(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})


# --- the bundled corpus --------------------------------------------------------------------

def bundled_sources(works: list[Work], texts_dir: Path | None = None) -> Iterator[tuple[Source, list[Document]]]:
    """Each text file of the catalogue with its passages, in catalogue order."""
    texts_dir = texts_dir or corpus.texts_dir()
    for work in works:
        for file in work.files:
            path = texts_dir / file.path
            passages = CATALOGUE_SEGMENTERS[file.format](readers.read_text(path), work.id, file.lang)
            documents = [Document(p, work.title_in(p.lang), work.type, str(work.date or "")) for p in passages]
            status = path.stat()
            yield Source(id=BUNDLED + file.path, work=work.id, hash=file_hash(path), size=status.st_size,
                         mtime_ns=status.st_mtime_ns, format=file.format), documents


def documents(works: list[Work], texts_dir: Path | None = None) -> Iterator[Document]:
    """Every passage of every work that has text, in catalogue order."""
    for _, found in bundled_sources(works, texts_dir):
        yield from found


# --- added files -----------------------------------------------------------------------------

def sidecar(path: Path) -> FileMeta:
    """The metadata in ``NAME.meta.toml`` beside ``path``, if there is one."""
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    if not side.is_file():
        return FileMeta()
    try:
        values = tomllib.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise IngestError(f"{side}: unreadable metadata ({error})") from None
    known = {f.name for f in fields(FileMeta)}
    unknown = set(values) - known
    if unknown or not all(isinstance(value, str) for value in values.values()):
        raise IngestError(f"{side}: keys must be strings among {', '.join(sorted(known))}")
    return FileMeta(**values)


def check_meta(meta: FileMeta) -> None:
    if meta.lang and meta.lang not in LANGUAGES:
        raise IngestError(f"unknown language {meta.lang!r}; use one of {', '.join(LANGUAGES)}")
    if meta.date and not _DATE.fullmatch(meta.date):
        raise IngestError(f"date {meta.date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def work_id(path: Path, meta: FileMeta) -> str:
    """The work a file belongs to: ``version_of``, ``work``, else a slug of its name."""
    chosen = meta.version_of or meta.work or _NOT_IN_ID.sub("-", path.stem.lower()).strip("-")
    if not chosen or "/" in chosen or "#" in chosen or chosen.startswith(BUNDLED):
        raise IngestError(f"{path}: {chosen!r} cannot be a work id")
    return chosen


def read_added(path: Path, meta: FileMeta) -> tuple[WorkInfo, list[Document], str]:
    """The passages of a file a librarian adds, its work's metadata and its format.

    One language per file: ``meta.lang``, else the language identified in its text."""
    from indexer import langid

    text = readers.read(path)
    work = work_id(path, meta)
    lang = meta.lang or langid.detect(text.text[:20_000])
    passages = LAYOUT_SEGMENTERS[text.layout](text.text, work, lang)
    if not passages:
        raise IngestError(f"{path}: no text to index")
    title = meta.title or _first_heading(text.text) or path.stem
    info = WorkInfo(id=work, title=title, type=meta.type or "document", date=meta.date)
    return info, [Document(passage, info.title, info.type, info.date) for passage in passages], text.format


def _first_heading(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    marked = next((line.lstrip("#").strip() for line in lines if line.startswith("#")), "")
    title = marked or (lines[0] if lines else "")
    return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"
