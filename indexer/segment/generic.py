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

Headings. A line marked ``#`` is always a heading; the rules below tell which kind it is
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
from collections import Counter
from typing import NamedTuple

from indexer.model import Passage
from indexer.segment.instrument import LABELS, _Builder, _to_passages, _Unit, clean_line

MAX_HEADING_LENGTH = 200  # longer lines are sentences, whatever they start with
SHORT_HEADING_LENGTH = 60  # headings longer than this are shortened in labels

_ARTICLE_HEADING = re.compile(
    r"^(?:(?i:статья|article)\s+(?P<number>\d+(?:-\d+)?)|(?P<kk_number>\d+(?:-\d+)?)-(?i:бап))"
    r"(?P<rest>.*)$"
)
_DIVISION_HEADING = re.compile(
    r"^(?:(?P<word>(?i:глава|раздел|подраздел|параграф|chapter|section|part|title))"
    r"\s+(?P<number>\d+|[IVXLC]+)\b"
    r"|(?P<kk_number>\d+)-(?P<kk_word>(?i:тарау|бөлім|параграф)))"
    r"(?P<rest>.*)$"
)
_TITLE_SEPARATORS = " .:–-"
_REPEALED = re.compile(r"(?i:утратил|исключен|алып тасталды|күшін жойды|deleted|repealed)")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_CLAUSE_END = (",", ";", ":")
_FINAL_PUNCTUATION = (".", "!", "?", "…", ",", ";", ":")

# clean_line parts an article number from a title glued to it ("1-бапНегізгі") but parts a
# Kazakh case ending the same way ("5-бапта" → "5-бап. та"): such a line keeps its reference.
_KK_ARTICLE_REFERENCE = re.compile(r"^\s*\d+(?:-\d+)?-бап(?=[а-яёәғқңөұүһі])")
# clean_line's Markdown patterns rescan the rest of the line from every "[" or "``" left
# unclosed: thousands of them in one line would take minutes. Real text has a few.
MAX_MARKDOWN_OPENERS = 100


class _Heading(NamedTuple):
    """A recognised article or division heading: its kind, number or label, and title."""

    kind: str  # "article" | "division"
    name: str  # the article number ("12", "12-1") or the division's label ("Глава 2", "Chapter III")
    title: str


def segment_generic(text: str, work: str, lang: str) -> list[Passage]:
    """Split a document, one paragraph a line, into passages (see the module docstring)."""
    lines = _clean_lines(text)
    if any(_is_article_heading(line) for line, _ in lines):
        units = _article_units(lines, LABELS.get(lang, LABELS["en"]))
    else:
        units = _section_units(lines)
    return _to_passages(units, work, lang)


def _parse_heading(line: str) -> _Heading | None:
    """The article or division heading ``line`` is, or None (see the module docstring)."""
    if not line or len(line) > MAX_HEADING_LENGTH or line[0].islower():
        return None
    if article := _ARTICLE_HEADING.match(line):
        kind, name = "article", article.group("number") or article.group("kk_number")
        rest = article.group("rest")
    elif division := _DIVISION_HEADING.match(line):
        kind, name = "division", _division_label(division)
        rest = division.group("rest")
    else:
        return None
    return _Heading(kind, name, rest.lstrip(_TITLE_SEPARATORS)) if _is_title(rest) else None


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
    if rest[0] not in _TITLE_SEPARATORS and not rest[0].isupper():  # "5-бапта", "Article 5(1)"
        return False
    if rest.rstrip().endswith(_CLAUSE_END):
        return False
    word = _FIRST_WORD.search(rest)
    return word is None or word.group()[0].isupper() or bool(_REPEALED.match(rest, word.start()))


def _division_label(division: re.Match) -> str:
    if division.group("word"):
        return f"{division.group('word').capitalize()} {division.group('number')}"
    return f"{division.group('kk_number')}-{division.group('kk_word').lower()}"


def _clean_lines(text: str) -> list[tuple[str, bool]]:
    """The non-empty lines of ``text``, cleaned, each with whether it was marked ``#``."""
    lines = []
    for raw_line in text.splitlines():
        line = _clean(raw_line)
        if line:
            lines.append((line, raw_line.lstrip().startswith("#")))
    return lines


def _clean(line: str) -> str:
    if line.count("[") + line.count("``") > MAX_MARKDOWN_OPENERS:
        return line.strip().lstrip("#").strip()
    if reference := _KK_ARTICLE_REFERENCE.match(line):
        return reference.group().strip() + clean_line(line[reference.end():])
    return clean_line(line)


# --- documents with articles ----------------------------------------------------------

def _article_units(lines: list[tuple[str, bool]], labels: dict[str, str]) -> list[_Unit]:
    builder = _ArticleBuilder(labels)
    for line, marked in lines:
        if marked or is_heading(line) or (builder.awaiting_title and _reads_like_title(line)):
            builder.heading(line)
        else:
            builder.paragraph(line)
    return builder.units


def _reads_like_title(line: str) -> bool:
    """A short capitalised line without final punctuation: "Illegal access"."""
    return len(line) <= MAX_HEADING_LENGTH and line[0].isupper() and not line.endswith(_FINAL_PUNCTUATION)


class _ArticleBuilder(_Builder):
    """instrument's builder, taking headings by this module's rules.

    It also counts numbered paragraphs and divisions as they come: instrument's builder
    recounts its units for each, which is quadratic in a long document.
    """

    def __init__(self, labels: dict[str, str]):
        super().__init__(labels)
        self.counts: Counter[str] = Counter()

    def heading(self, line: str) -> None:
        heading = _parse_heading(line)
        if self.awaiting_title and heading is None:
            super().heading(line)  # the title of the bare article or division heading before
        elif heading is None:
            self._numbered_paragraph("head.p", self.labels["heading"], line, kind="heading")
        elif heading.kind == "article":
            self.article = heading.name
            self._start(heading.name, self._article_label(), [line], kind="heading")
            self.awaiting_title = not heading.title
        else:
            self.counts["div"] += 1
            self._start(f"div{self.counts['div']}", heading.name, [line], kind="heading")
            self.awaiting_title = not heading.title

    def _numbered_paragraph(self, key_prefix: str, label: str, line: str, kind: str = "body") -> None:
        self.counts[key_prefix] += 1
        count = self.counts[key_prefix]
        self._start(f"{key_prefix}{count}", f"{label} ¶{count}", [line], kind)


# --- documents without articles -------------------------------------------------------

def _section_units(lines: list[tuple[str, bool]]) -> list[_Unit]:
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
        self.units: list[_Unit] = []
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
        self.units.append(_Unit(f"s{self.section}", label, "heading", [line]))

    def paragraph(self, line: str) -> None:
        self.paragraphs_in_section += 1
        n = self.paragraphs_in_section
        if self.section:
            self.units.append(_Unit(f"s{self.section}.p{n}", f"{self.section_label} ¶{n}", "body", [line]))
        else:
            self.units.append(_Unit(f"p{n}", f"¶{n}", "body", [line]))


def _shorten(heading: str, length: int = SHORT_HEADING_LENGTH) -> str:
    """``heading`` cut at a word boundary to at most ``length`` characters, "…" marking the cut."""
    if len(heading) <= length:
        return heading
    cut = heading[:length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-") + "…"
