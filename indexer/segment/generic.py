"""Segment any document a librarian adds — a law, a treaty, a report, a letter — into passages.

Input is text with one paragraph a line. Headings may be marked with ``#`` (the DOCX and
HTML readers mark them) or not (TXT; PDF, see ``pdf.py``).

A document with at least one article heading is segmented the way ``instrument.py``
segments the bundled acts, with its keys and labels: ``12`` (the heading of art. 12),
``12.3`` (part 3, "ст. 12 ч. 3" / "12-бап 3-бөлік" / "Art. 12 para. 3"), ``12.p2``
(unnumbered paragraph 2), ``12.note``, ``div1`` (a chapter or section heading),
``pre.p1`` (preamble), ``head.p1`` (other headings).

Any other document is cut into sections at its headings. The paragraphs before the first
heading are ``p1``, ``p2``…, labelled "¶1", "¶2"; heading N is ``sN``, labelled with its
own text, and the paragraphs under it are ``sN.p1``, ``sN.p2``…, labelled
"<heading> ¶1": "Introduction ¶2" is what a scholar would write to cite the paragraph.
Headings are shortened to 60 characters; a heading that repeats an earlier one is told
apart by its section number ("§4 Notes ¶2").

Lines are cleaned as ``instrument.clean_line`` cleans them (Markdown, words run together).

Headings. A line marked ``#`` is always a heading; the rules below (``instrument``'s
heading patterns, and the checks here on what follows the number) tell which kind it is
and find the unmarked ones. A heading is at most 200 characters long and does not start
with a lower-case letter. It is

- an article: ``Статья 12``, ``12-бап``, ``Article 12`` or ``ARTICLE 12`` (an inserted
  article may be numbered ``12-1``);
- a division: ``Глава``, ``Раздел``, ``Подраздел``, ``Параграф``, ``Chapter``,
  ``Section``, ``Part``, ``Title`` with an Arabic or Roman number, or ``2-тарау``,
  ``2-бөлім``, ``2-параграф``;

followed by nothing, or by a title after a space, ".", ":" or a dash (or glued to the
number, ``Статья 1Основные``) whose first word is capitalised or says that the article was
repealed ("Статья 5 утратила силу", "5-бап алып тасталды"), and not ending like a clause
(",", ";", ":"). So "Статья 5 настоящего Закона вводится…", "5-бапта көрсетілген…",
"Article 5(1) of the Convention…" stay paragraphs. The line after a bare "Article 2"
becomes its title if it reads like one: short, capitalised, without final punctuation.
"""
import re

from indexer.model import Passage
from indexer.segment.instrument import (
    LABELS,
    TITLE_SEPARATORS,
    Builder,
    Heading,
    Unit,
    clean_line,
    parse_heading,
    to_passages,
)

MAX_HEADING_LENGTH = 200  # longer lines are sentences, whatever they start with
SHORT_HEADING_LENGTH = 60  # headings longer than this are shortened in labels

_REPEALED = re.compile(r"(?i:утратил|исключен|алып тасталды|күшін жойды|deleted|repealed)")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_CLAUSE_END = (",", ";", ":")
_FINAL_PUNCTUATION = (".", "!", "?", "…", ",", ";", ":")


def segment_generic(text: str, work: str, lang: str) -> list[Passage]:
    """Split a document, one paragraph a line, into passages (see the module docstring)."""
    lines = _clean_lines(text, lang)
    if any(_is_article_heading(line) for line, _ in lines):
        units = _article_units(lines, LABELS.get(lang, LABELS["en"]))
    else:
        units = _section_units(lines)
    return to_passages(units, work, lang)


def _parse_heading(line: str) -> Heading | None:
    """The article or division heading ``line`` is, or None (see the module docstring)."""
    if not line or len(line) > MAX_HEADING_LENGTH or line[0].islower():
        return None
    heading = parse_heading(line)
    return heading if heading is not None and _is_title(heading.rest) else None


def _is_article_heading(line: str) -> bool:
    heading = _parse_heading(line)
    return heading is not None and heading.kind == "article"


def is_heading(line: str) -> bool:
    """Whether ``line`` is an article or division heading."""
    return _parse_heading(line) is not None


def _is_title(rest: str) -> bool:
    """Whether what follows the number of ``Статья 5…`` makes the line a heading."""
    if not rest:
        return True
    if rest[0] not in TITLE_SEPARATORS and not rest[0].isupper():  # "Article 5(1)"
        return False
    if rest.rstrip().endswith(_CLAUSE_END):
        return False
    word = _FIRST_WORD.search(rest)
    return word is None or word.group()[0].isupper() or bool(_REPEALED.match(rest, word.start()))


def _clean_lines(text: str, lang: str) -> list[tuple[str, bool]]:
    """The non-empty lines of ``text``, cleaned, each with whether it was marked ``#``."""
    lines = []
    for raw_line in text.splitlines():
        line = clean_line(raw_line, lang)
        if line:
            lines.append((line, raw_line.lstrip().startswith("#")))
    return lines


# --- documents with articles ----------------------------------------------------------

def _article_units(lines: list[tuple[str, bool]], labels: dict[str, str]) -> list[Unit]:
    builder = Builder(labels, parse_heading=_parse_heading)
    for line, marked in lines:
        if marked or is_heading(line) or (builder.awaiting_title and _reads_like_title(line)):
            builder.heading(line)
        else:
            builder.paragraph(line)
    return builder.units


def _reads_like_title(line: str) -> bool:
    """A short capitalised line without final punctuation: "Illegal access"."""
    return len(line) <= MAX_HEADING_LENGTH and line[0].isupper() and not line.endswith(_FINAL_PUNCTUATION)


# --- documents without articles -------------------------------------------------------

def _section_units(lines: list[tuple[str, bool]]) -> list[Unit]:
    builder = _SectionBuilder()
    for line, marked in lines:
        if marked or is_heading(line):
            builder.heading(line)
        else:
            builder.paragraph(line)
    return builder.units


class _SectionBuilder:
    """Cuts a document at its headings and numbers the paragraphs of each section."""

    def __init__(self):
        self.units: list[Unit] = []
        self.section = 0  # 0 until the first heading
        self.section_label = ""
        self.paragraphs_in_section = 0
        self.labels_used: set[str] = set()

    def heading(self, line: str) -> None:
        self.section += 1
        self.paragraphs_in_section = 0
        label = _shorten(line)
        if label in self.labels_used:
            label = f"§{self.section} {label}"
        self.labels_used.add(label)
        self.section_label = label
        self.units.append(Unit(f"s{self.section}", label, "heading", [line]))

    def paragraph(self, line: str) -> None:
        self.paragraphs_in_section += 1
        n = self.paragraphs_in_section
        if self.section:
            self.units.append(Unit(f"s{self.section}.p{n}", f"{self.section_label} ¶{n}", "body", [line]))
        else:
            self.units.append(Unit(f"p{n}", f"¶{n}", "body", [line]))


def _shorten(heading: str, length: int = SHORT_HEADING_LENGTH) -> str:
    """``heading`` cut at a word boundary to at most ``length`` characters, "…" marking the cut."""
    if len(heading) <= length:
        return heading
    cut = heading[:length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-") + "…"
