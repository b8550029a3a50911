"""Segment the raw text layer of a PDF — any PDF but the bundled journal article, which
``article.py`` segments — into passages.

The text layer comes as the PDF's lines: words hyphenated across line ends, page numbers
alone on a line with the running header or footer next to them, footnotes dropped in at
the page ends. The pipeline::

    normalise_text → drop_page_furniture → strip_running_header → extract_footnotes
    → pdf_paragraphs → join_lines (dehyphenation) → segment_generic

Footnotes follow the text as passages ``fn<N>`` of kind "footnote", labelled
"footnote N" as ``article.py`` labels them.
"""
import re
from collections import Counter

from indexer.model import Passage
from indexer.normalise import normalise_text
from indexer.segment.article import (
    ends_sentence,
    extract_footnotes,
    join_lines,
    split_paragraphs,
    starts_lower,
    strip_running_header,
)
from indexer.segment.generic import is_heading, segment_generic

_PAGE_NUMBER = re.compile(
    r"^\s*(?:(?i:page|стр\.|страница|бет)\s*)?[-–]?\s*\d{1,4}\s*(?:(?:/|(?i:из|of))\s*\d{1,4})?\s*[-–]?\s*$"
)
# A line recurring next to this many page numbers is a running header or footer.
MIN_RUNNING_REPEATS = 3
# A numbered part or item opening a line: "1. ", "1.1. ", "2) ", "а) ", "(b) ".
_ENUMERATION = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]|\(?[a-zа-яәғқңөұүһі]\))\s")
# A line shorter than this share of the text's full line ends its paragraph if it ends a sentence.
SHORT_LINE_SHARE = 0.75


def segment_pdf_text(raw: str, work: str, lang: str) -> list[Passage]:
    """Split a PDF's raw text layer into passages: the text's, then its footnotes."""
    lines = drop_page_furniture(normalise_text(raw).splitlines())
    lines = strip_running_header(lines)
    lines, footnotes = extract_footnotes(lines)
    text = "\n".join(join_lines(paragraph, lang) for paragraph in pdf_paragraphs(lines))
    passages = segment_generic(text, work, lang)
    for number, note_lines in footnotes.items():
        passages.append(Passage(work=work, lang=lang, key=f"fn{number}", location=f"footnote {number}",
                                text=join_lines(note_lines, lang), kind="footnote", order=len(passages)))
    return passages


def drop_page_furniture(lines: list[str]) -> list[str]:
    """Blank out page numbers and the running header or footer printed next to them.

    A running header or footer is a line that stands next to a page number (blank lines
    aside) on at least ``MIN_RUNNING_REPEATS`` pages. Lines become blank rather than go,
    so that paragraph and footnote detection see the page break.
    """
    page_numbers = [i for i, line in enumerate(lines) if _PAGE_NUMBER.match(line)]
    neighbours = [j for i in page_numbers for j in (_nearest_text(lines, i, -1), _nearest_text(lines, i, 1))
                  if j is not None]
    repeats = Counter(lines[j].strip() for j in neighbours)
    dropped = set(page_numbers) | {j for j in neighbours if repeats[lines[j].strip()] >= MIN_RUNNING_REPEATS}
    return ["" if i in dropped else line for i, line in enumerate(lines)]


def _nearest_text(lines: list[str], start: int, step: int) -> int | None:
    """The index of the first non-blank line from ``start`` in direction ``step``, if it is not a page number."""
    i = start + step
    while 0 <= i < len(lines) and not lines[i].strip():
        i += step
    if 0 <= i < len(lines) and not _PAGE_NUMBER.match(lines[i]):
        return i
    return None


def pdf_paragraphs(lines: list[str]) -> list[list[str]]:
    """The lines grouped into paragraphs.

    ``split_paragraphs`` breaks paragraphs at blank lines, which a PDF's text layer rarely
    has between paragraphs. So a paragraph also breaks before and after a heading line
    (unless the heading wraps onto the next line), and, when the line before ends a
    sentence, before a numbered part or item and after a line well short of the full line.
    """
    full_line = _full_line_length(lines)
    paragraphs = []
    for paragraph in split_paragraphs(lines):
        paragraphs.append([paragraph[0]])
        for line in paragraph[1:]:
            if _starts_paragraph(paragraphs[-1], line, full_line):
                paragraphs.append([])
            paragraphs[-1].append(line)
    return paragraphs


def _starts_paragraph(paragraph: list[str], line: str, full_line: int) -> bool:
    """Whether ``line`` starts a new paragraph after the lines of ``paragraph``."""
    if is_heading(line.strip()):
        return True
    previous = paragraph[-1]
    if is_heading(paragraph[0].strip()):
        return not _continues_heading(previous, line, full_line)
    if not ends_sentence(previous):
        return False
    return bool(_ENUMERATION.match(line)) or _is_short(previous, full_line)


def _continues_heading(previous: str, line: str, full_line: int) -> bool:
    """A heading wrapped at a full line goes on in lower case or in a short last line
    ("…используемые в настоящем" / "Законе"); the text after it is neither."""
    if starts_lower(line):
        return True
    return not _is_short(previous, full_line) and _is_short(line, full_line) and not ends_sentence(line)


def _is_short(line: str, full_line: int) -> bool:
    return len(line.strip()) < SHORT_LINE_SHARE * full_line


def _full_line_length(lines: list[str]) -> int:
    """The length of a full line of the text: the 90th percentile of its line lengths."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    return lengths[len(lengths) * 9 // 10] if lengths else 0
