"""Read a document file into text: plain text or Markdown in any encoding, HTML, DOCX, PDF, RTF.

``read(path)`` checks the file's size, detects its format from its first bytes (else
from its extension) and hands it to that format's reader in ``FORMATS``. Every failure
is an ``IngestError`` whose one-line message starts with the file's path and says what
is wrong with it.
"""
import codecs
import logging
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import pypdf
from bs4 import BeautifulSoup, Tag
from bs4.dammit import EncodingDetector
from bs4.element import PreformattedString
from striprtf.striprtf import rtf_to_text

from indexer.errors import IngestError
from indexer.wordml import WordDocument

MB = 1024 * 1024
MAX_FILE_BYTES = 100 * MB
# pypdf logs what it repairs in a damaged file; Zan reports a file's problems itself.
logging.getLogger("pypdf").setLevel(logging.ERROR)
MAX_FILE_ENV = "ZAN_MAX_FILE_MB"
HEAD_BYTES = 1024  # enough to sniff a format


@dataclass(frozen=True)
class Text:
    """The text of a document and how it was read.

    ``layout`` is "lines" (one paragraph a line, headings as lines starting "# ", "## "…)
    or "pdf" (a PDF's text-layer lines as extracted: line-end hyphenation, running headers
    and page numbers are still in, for a later cleaning step).
    """

    text: str
    format: str  # "text" | "markdown" | "html" | "docx" | "pdf" | "rtf"
    layout: str
    encoding: str = ""  # the encoding of a text or HTML file, e.g. "utf-8", "cp1251", "koi8-r"


def read(path: Path) -> Text:
    """The text of the document at ``path``, whatever its format."""
    _check_size(path)
    text = FORMATS[detect_format(path, _read_bytes(path, HEAD_BYTES))](path)
    if not text.text.strip():
        raise IngestError(f"{path} is empty")
    return text


def detect_format(path: Path, head: bytes) -> str:
    """The format of a file: from its first bytes ``head`` where they tell, else from its extension."""
    sniffed = _sniff_format(path, head)
    if sniffed:
        return sniffed
    extension = path.suffix.lower()
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    raise IngestError(f"{path}: unsupported format: {extension or 'no file extension'}")


def read_text(path: Path) -> str:
    """The text of a plain-text file in any supported encoding (how the bundled corpus is read)."""
    return read_plain_text(path).text


# --- size and sniffing -------------------------------------------------------------------

def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise IngestError(f"{path}: cannot read ({error.strerror})") from None
    if size == 0:
        raise IngestError(f"{path} is empty")
    limit = _max_file_bytes(path)
    if size > limit:
        raise IngestError(
            f"{path} is too large: {size:,} bytes, over the limit of {limit:,.0f} ({MAX_FILE_ENV} sets it)")


def _max_file_bytes(path: Path) -> float:
    """MAX_FILE_BYTES, unless the environment sets another limit in megabytes."""
    setting = os.environ.get(MAX_FILE_ENV)
    if not setting:
        return MAX_FILE_BYTES
    try:
        megabytes = float(setting)
        if megabytes > 0:
            return megabytes * MB
    except ValueError:
        pass
    raise IngestError(f"{path}: cannot check its size, {MAX_FILE_ENV}={setting!r} is not a positive number")


def _read_bytes(path: Path, limit: int = -1) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(limit)
    except OSError as error:
        raise IngestError(f"{path}: cannot read ({error.strerror})") from None


_HTML_START = re.compile(rb"\s*<(!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)


def _sniff_format(path: Path, head: bytes) -> str:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04") and "word/document.xml" in _zip_names(path):
        return "docx"
    if _HTML_START.match(head.removeprefix(codecs.BOM_UTF8)):
        return "html"
    return ""


def _zip_names(path: Path) -> set[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return set()


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _collapse_spaces(line: str) -> str:
    return " ".join(line.split())


# --- text and Markdown -------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# kz1048 is cp1251 with Kazakh letters where cp1251 has Serbian, Macedonian and Ukrainian ones.
_KAZAKH_LETTER_BYTES = re.compile(b"[%s]" % re.escape("ӘәҒғҚқҢңӨөҰұҮүҺһ".encode("kz1048")))


def read_plain_text(path: Path) -> Text:
    """A text file's lines as they are, in whatever encoding it has."""
    return _read_text_file(path, "text")


def read_markdown(path: Path) -> Text:
    """A Markdown file, read as text: its headings already start with "# "."""
    return _read_text_file(path, "markdown")


def _read_text_file(path: Path, format: str) -> Text:
    text, encoding = _decode(_read_bytes(path), path)
    return Text(_normalise_newlines(text), format, "lines", encoding)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text in ``data`` and its encoding: by BOM, else strict UTF-8, else the likeliest Cyrillic code page."""
    encoding = _bom_encoding(data)
    if not encoding:
        if b"\x00" in data:
            raise IngestError(f"{path} is a binary file, not text")
        encoding = "utf-8" if _is_utf8(data) else _guess_code_page(data, path)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        raise IngestError(f"{path}: not valid {encoding} text ({error.reason} at byte {error.start})") from None


def _bom_encoding(data: bytes) -> str:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), "")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _guess_code_page(data: bytes, path: Path) -> str:
    """cp1251, KOI8-R or kz1048, whichever makes ``data`` read like Russian or Kazakh.

    charset-normalizer tells cp1251 from KOI8-R by how natural the decoded letters look;
    kz1048 is too close to cp1251 for it, so bytes of Kazakh letters decide that one.
    """
    best = charset_normalizer.from_bytes(data, cp_isolation=["cp1251", "koi8_r"]).best()
    if best is None:
        raise IngestError(f"{path}: unknown text encoding (not UTF-8, cp1251, KOI8-R or kz1048)")
    if best.encoding == "cp1251" and _KAZAKH_LETTER_BYTES.search(data):
        return "kz1048"
    return codecs.lookup(best.encoding).name


# --- HTML --------------------------------------------------------------------------------

_HIDDEN_TAGS = frozenset({"head", "title", "script", "style", "noscript", "template", "nav"})
_HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl",
    "dt", "figcaption", "figure", "footer", "form", "header", "hr", "li", "main", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul", *_HEADING_TAGS,
})


def read_html(path: Path) -> Text:
    """A web page's visible text: a block a line, h1–h6 as "# " to "###### " lines."""
    markup, encoding = _decode_html(_read_bytes(path), path)
    soup = BeautifulSoup(markup, "html.parser")
    return Text("\n".join(_visible_lines(soup)), "html", "lines", encoding)


def _decode_html(data: bytes, path: Path) -> tuple[str, str]:
    """The markup in ``data``: by BOM, else by the charset the page declares, else detected as for text."""
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    if declared and not _bom_encoding(data):
        try:
            return data.decode(declared), codecs.lookup(declared).name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect instead
    return _decode(data, path)


class _LineWriter:
    """Collects text into lines: inline text joins the current line, a block ends it."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._parts: list[str] = []
        self._marks = ""

    def write(self, text: str) -> None:
        self._parts.append(text)

    def end_line(self) -> None:
        line = _collapse_spaces("".join(self._parts))
        if line:
            self.lines.append(self._marks + line)
        self._parts, self._marks = [], ""

    def start_heading(self, level: int) -> None:
        self.end_line()
        self._marks = "#" * level + " "


def _visible_lines(root: Tag) -> list[str]:
    """The visible text under ``root``, one block a line.

    Walks the tree with a stack of open tags instead of recursion, so that no nesting
    depth can exhaust Python's recursion limit.
    """
    out = _LineWriter()
    stack = [(root, iter(root.contents))]
    while stack:
        tag, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if tag.name in _BLOCK_TAGS:
                out.end_line()
        elif isinstance(child, Tag):
            if not _is_hidden(child):
                _open_tag(child, out)
                stack.append((child, iter(child.contents)))
        elif not isinstance(child, PreformattedString):  # comments, doctype, CDATA
            out.write(child)
    out.end_line()
    return out.lines


def _open_tag(tag: Tag, out: _LineWriter) -> None:
    if tag.name in _HEADING_TAGS:
        out.start_heading(_HEADING_TAGS[tag.name])
    elif tag.name in _BLOCK_TAGS:
        out.end_line()


def _is_hidden(tag: Tag) -> bool:
    if tag.name in _HIDDEN_TAGS or tag.has_attr("hidden") or tag.get("role") == "navigation":
        return True
    # A page's own header and footer hold the site's navigation; an article's hold its title.
    return tag.name in ("header", "footer") and tag.find_parent(["article", "main"]) is None


# --- DOCX --------------------------------------------------------------------------------

# The sum of a zip's uncompressed sizes above which it is taken for a zip bomb: both
# this ratio to the file's size and the absolute bound must be exceeded.
ZIP_EXPANSION_RATIO = 50
MAX_UNZIPPED_BYTES = 200 * MB
# Style names (case-folded) of headings, in English and as Russian Word names them.
_TITLE_STYLES = frozenset({"title", "название", "заголовок"})
_HEADING_STYLE = re.compile(r"(?:heading|заголовок) ?(\d)")


def read_docx(path: Path) -> Text:
    """A Word document's paragraphs and table cells, a line each, headings as "# " lines."""
    _check_docx_archive(path)
    try:
        with zipfile.ZipFile(path) as archive:
            lines = list(_docx_lines(WordDocument(archive)))
    except Exception as error:  # a damaged package fails with zipfile, lxml, KeyError…
        raise IngestError(f"{path}: not a valid DOCX ({_one_line(error)})") from None
    return Text("\n".join(lines), "docx", "lines")


def _check_docx_archive(path: Path) -> None:
    """Refuse a file that is not a zip with a Word document in it, or that would unzip too large.

    zipfile never inflates a member past the size the zip's directory declares for it,
    so the declared sizes are a safe bound.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise IngestError(f"{path}: not a valid DOCX (not a readable zip: {_one_line(error)})") from None
    if "word/document.xml" not in {member.filename for member in members}:
        raise IngestError(f"{path}: not a valid DOCX (a zip without word/document.xml)")
    unzipped = sum(member.file_size for member in members)
    if unzipped > max(ZIP_EXPANSION_RATIO * path.stat().st_size, MAX_UNZIPPED_BYTES):
        raise IngestError(f"{path}: refused, it would unzip to {unzipped:,} bytes (a zip bomb?)")


def _docx_lines(document: WordDocument) -> Iterator[str]:
    """The non-empty paragraphs of ``document``, their spaces collapsed, headings marked.

    Automatic list numbering ("1)", "а)") is not rendered: a numbered paragraph comes
    out as its text without the number.
    """
    marks = {}  # style id → heading marks
    for style_id, text in document.paragraphs():
        line = _collapse_spaces(text)
        if line:
            if style_id not in marks:
                marks[style_id] = _heading_marks(document.style_name(style_id))
            yield marks[style_id] + line


def _heading_marks(style_name: str) -> str:
    """What marks a paragraph of this style as a heading: "# " for a title or level 1,
    "## " for level 2…, else ""."""
    name = style_name.casefold()
    if name in _TITLE_STYLES:
        return "# "
    heading = _HEADING_STYLE.fullmatch(name)
    return "#" * int(heading[1]) + " " if heading else ""


# --- PDF ---------------------------------------------------------------------------------

# Fewer visible characters than this a page, on average, and the pages are pictures of text.
MIN_PDF_CHARS_PER_PAGE = 16


def read_pdf(path: Path) -> Text:
    """A PDF's text layer, page after page, its lines as pypdf extracts them (layout "pdf")."""
    try:
        reader = pypdf.PdfReader(path, strict=False)
        locked = reader.is_encrypted and not reader.decrypt("")  # "" opens owner-only protection
        pages = [] if locked else [page.extract_text() for page in reader.pages]
    except Exception as error:  # pypdf fails on damaged files with errors of many kinds
        raise IngestError(f"{path}: not a readable PDF ({_one_line(error)})") from None
    if locked:
        raise IngestError(f"{path} is encrypted with a password; give an unprotected copy")
    text = _normalise_newlines("\n".join(pages))
    if len("".join(text.split())) < MIN_PDF_CHARS_PER_PAGE * max(len(pages), 1):
        raise IngestError(f"{path} has no text layer (a scanned PDF?)")
    return Text(text, "pdf", "pdf")


# --- RTF ---------------------------------------------------------------------------------

_RTF_CODE_PAGE = re.compile(rb"\\ansicpg(\d+)")


def read_rtf(path: Path) -> Text:
    """An RTF's text, a paragraph a line."""
    data = _read_bytes(path)
    encoding = _rtf_encoding(data)
    try:
        text = rtf_to_text(data.decode(encoding, errors="replace"), encoding=encoding, errors="replace")
    except (ValueError, OverflowError) as error:  # a \u escape out of Unicode's range
        raise IngestError(f"{path}: not a readable RTF ({_one_line(error)})") from None
    lines = (_collapse_spaces(line) for line in _normalise_newlines(text).split("\n"))
    return Text("\n".join(line for line in lines if line), "rtf", "lines")


def _rtf_encoding(data: bytes) -> str:
    r"""The code page of an RTF's \'hh escapes: its \ansicpg, else Windows-1252, RTF's default."""
    declared = _RTF_CODE_PAGE.search(data)
    if declared:
        try:
            return codecs.lookup(f"cp{int(declared[1])}").name
        except LookupError:
            pass  # a code page Python has no codec for
    return "cp1252"


FORMATS: dict[str, Callable[[Path], Text]] = {
    "text": read_plain_text,
    "markdown": read_markdown,
    "html": read_html,
    "docx": read_docx,
    "pdf": read_pdf,
    "rtf": read_rtf,
}
EXTENSIONS = {
    ".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html",
    ".docx": "docx", ".pdf": "pdf", ".rtf": "rtf",
}
