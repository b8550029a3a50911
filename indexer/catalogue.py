"""The corpus catalogue: the works the bundled article cites, and the files holding their texts.

The schema is described at the top of ``corpus/catalogue.toml``. File paths are relative
to the ``texts/`` directory beside the catalogue.
"""
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import corpus
from indexer.errors import ZanError

TYPES = {
    "article", "treaty", "code", "law", "decree", "model law", "resolution",
    "report", "scholarly work", "web page",
}
STATUSES = {"text in corpus", "metadata only"}
FORMATS = {"markdown", "pdf-text"}
RELATIONS = {"supersedes", "approved_by", "ratified_by", "about"}
_DATE = re.compile(r"\d{4}(-\d\d){0,2}")


class CatalogueError(ZanError):
    """The catalogue is malformed; the message names the work at fault."""


@dataclass(frozen=True)
class WorkFile:
    lang: str
    path: str
    format: str
    part: str = ""


@dataclass(frozen=True)
class Citation:
    """Where the citing work points to ``work``: reference-list and footnote numbers."""

    work: str
    references: tuple[int, ...] = ()
    footnotes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Work:
    id: str
    type: str
    title: Mapping[str, str] = field(hash=False)
    status: str
    title_note: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""
    number: str = ""
    issuer: str = ""
    venue: str = ""
    issue: str = ""
    section: str = ""
    pages: str = ""
    languages: tuple[str, ...] = ()
    official_text: str = ""
    url: str = ""
    provenance: str = ""
    licence: str = ""
    note: str = ""
    files: tuple[WorkFile, ...] = ()
    cites: tuple[Citation, ...] = ()
    relations: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)

    def title_in(self, lang: str) -> str:
        """The title in ``lang``, else in English, else in any language."""
        return self.title.get(lang) or self.title.get("en") or next(iter(self.title.values()))


def load(path: Path | None = None) -> list[Work]:
    """Load and validate a catalogue (default: the bundled one)."""
    path = path or corpus.catalogue_path()
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("work", [])
    except tomllib.TOMLDecodeError as err:
        raise CatalogueError(f"{path}: {err}") from None
    works = [_parse(entry, n) for n, entry in enumerate(entries, 1)]
    _validate(works, path.parent / "texts")
    return works


def by_id(works: list[Work]) -> dict[str, Work]:
    return {work.id: work for work in works}


def _parse(entry: dict, n: int) -> Work:
    try:
        return _build(entry)
    except TypeError as err:  # a missing or unknown key
        raise CatalogueError(f"work {entry.get('id', f'#{n}')}: {err}") from None


def _build(entry: dict) -> Work:
    values = _tuples(entry)
    values["files"] = tuple(WorkFile(**f) for f in entry.get("files", ()))
    values["cites"] = tuple(Citation(**_tuples(c)) for c in entry.get("cites", ()))
    for key in ("title", "relations"):
        if key in entry:
            values[key] = MappingProxyType(entry[key])
    return Work(**values)


def _tuples(table: dict) -> dict:
    return {key: tuple(value) if isinstance(value, list) else value for key, value in table.items()}


def _validate(works: list[Work], texts: Path) -> None:
    seen = set()
    for work in works:
        problem = "duplicate id" if work.id in seen else next(_problems(work, texts), None)
        if problem:
            raise CatalogueError(f"work {work.id}: {problem}")
        seen.add(work.id)
    for work in works:
        for target in [c.work for c in work.cites] + list(work.relations.values()):
            if target not in seen:
                raise CatalogueError(f"work {work.id}: refers to unknown work {target!r}")


def _problems(work: Work, texts: Path):
    """Yield what is wrong with one work on its own."""
    if work.type not in TYPES:
        yield f"unknown type {work.type!r}"
    if work.status not in STATUSES:
        yield f"unknown status {work.status!r}"
    if "en" not in work.title:
        yield "no English title"
    if work.date and not (isinstance(work.date, str) and _DATE.fullmatch(work.date)):
        yield f"date {work.date!r} is not a quoted ISO date or year"
    if work.status == "text in corpus" and not work.files:
        yield 'status "text in corpus" but no files'
    if work.status == "metadata only" and work.files:
        yield 'status "metadata only" but has files'
    for file in work.files:
        if file.format not in FORMATS:
            yield f"file {file.path!r}: unknown format {file.format!r}"
        if not (texts / file.path).is_file():
            yield f"file {file.path!r} not found in {texts}"
    for relation in work.relations.keys() - RELATIONS:
        yield f"unknown relation {relation!r}"
