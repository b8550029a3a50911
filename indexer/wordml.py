"""The paragraphs of a Word document (DOCX), read from its WordprocessingML with lxml.

python-docx opens a document by parsing every part of the package (styles, numbering,
settings, properties) into its own element classes: 12 ms a file made from its template,
which carries 350 KB of styles. Only the main document part is needed, and the styles
only when a paragraph's style is asked for, parsed once for the files that share them.

The text is python-docx's: a paragraph is its runs and its hyperlinks' runs, a tab and a
line break in them "\\t" and "\\n", a non-breaking hyphen "-"; the body and each table
cell are their paragraphs and tables in order, a table its cells row by row, a merged
cell once. Like python-docx, this does not read content controls, tracked insertions or
fields. Unlike it, a package whose main part is a macro-enabled document or a template
is read too.
"""
import posixpath
import zipfile
from collections.abc import Iterator
from functools import lru_cache

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RELATIONSHIP_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PARAGRAPH, _TABLE, _ROW, _CELL = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
_RUN, _HYPERLINK, _TEXT, _BREAK = _W + "r", _W + "hyperlink", _W + "t", _W + "br"
_RUN_CHARACTERS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_STYLE_ID, _VERTICAL_MERGE = f"{_W}pPr/{_W}pStyle", f"{_W}tcPr/{_W}vMerge"
_VALUE = _W + "val"
# python-docx's parser: no entity resolved (so no external file read), blank text dropped
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


class WordDocument:
    """The main document of a DOCX package."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.part = _related_part(archive, "", "officeDocument")
        if self.part is None:
            raise KeyError("no main document part")
        self.body = _parse(archive, self.part).find(_W + "body")
        self._styles: tuple[dict[str, tuple[str, str]], str] | None = None

    def paragraphs(self) -> Iterator[tuple[str | None, str]]:
        """``(style id, text)`` of each paragraph, in reading order; None: no style named."""
        return _paragraphs(self.body) if self.body is not None else iter(())

    def style_name(self, style_id: str | None) -> str:
        """The name of the paragraph style ``style_id``; the default paragraph style's if
        there is none, or it is missing or not a paragraph style; "" if no name."""
        styles, default_name = self._load_styles()
        kind, name = styles.get(style_id, ("", ""))
        return name if kind == "paragraph" else default_name

    def _load_styles(self) -> tuple[dict[str, tuple[str, str]], str]:
        if self._styles is None:
            part = _related_part(self.archive, self.part, "styles")
            self._styles = _styles(self.archive.read(part)) if part else ({}, "")
        return self._styles


def _paragraphs(container) -> Iterator[tuple[str | None, str]]:
    for block in container:
        if block.tag == _PARAGRAPH:
            style = block.find(_STYLE_ID)
            yield (None if style is None else style.get(_VALUE)), _paragraph_text(block)
        elif block.tag == _TABLE:
            for cell in _distinct_cells(block):
                yield from _paragraphs(cell)


def _paragraph_text(paragraph) -> str:
    return "".join(_run_text(run) for child in paragraph
                   for run in ((child,) if child.tag == _RUN else
                               child.iterchildren(_RUN) if child.tag == _HYPERLINK else ()))


def _run_text(run) -> str:
    parts = []
    for child in run:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _BREAK:  # a page or column break is no text
            parts.append("\n" if child.get(_W + "type", "textWrapping") == "textWrapping" else "")
        else:
            parts.append(_RUN_CHARACTERS.get(child.tag, ""))
    return "".join(parts)


def _distinct_cells(table) -> Iterator:
    """The cells of ``table`` row by row, a cell merged down rows only in its first row."""
    for row in table.iterchildren(_ROW):
        for cell in row.iterchildren(_CELL):
            merge = cell.find(_VERTICAL_MERGE)
            if merge is None or merge.get(_VALUE, "continue") != "continue":
                yield cell


@lru_cache(maxsize=16)  # documents made from one template share its styles
def _styles(xml: bytes) -> tuple[dict[str, tuple[str, str]], str]:
    """Style id → (type, name) of the first style of each id, and the name of the
    default paragraph style (the last one marked default, as the standard says)."""
    by_id, default_name = {}, ""
    for style in etree.fromstring(xml, _PARSER).iterchildren(_W + "style"):
        kind, name = style.get(_W + "type", ""), style.find(_W + "name")
        name = "" if name is None else name.get(_VALUE, "")
        if style.get(_W + "styleId") is not None:
            by_id.setdefault(style.get(_W + "styleId"), (kind, name))
        if kind == "paragraph" and style.get(_W + "default") in ("1", "true", "on"):
            default_name = name
    return by_id, default_name


def _related_part(archive: zipfile.ZipFile, part: str, kind: str) -> str | None:
    """The part that ``part`` ("" for the package itself) relates to as ``kind``, if any."""
    folder, name = posixpath.split(part)
    relationships = posixpath.join(folder, "_rels", f"{name}.rels")
    if relationships not in archive.namelist():
        return None
    for relationship in _parse(archive, relationships).iterchildren(_RELATIONSHIP):
        if relationship.get("Type") == _RELATIONSHIP_TYPE + kind and relationship.get("TargetMode") != "External":
            return posixpath.normpath(posixpath.join("/", folder, relationship.get("Target", ""))).lstrip("/")
    return None


def _parse(archive: zipfile.ZipFile, part: str):
    return etree.fromstring(archive.read(part), _PARSER)
