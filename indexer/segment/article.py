"""Segment a PDF-extracted journal article into clean passages.

Written for the text layer of articles of the *Bulletin of the Institute of Legislation
and Legal Information of the Republic of Kazakhstan*: a Russian, a Kazakh and an English
abstract with keywords, a Russian body in titled sections, footnotes dropped into the
text at page breaks, a vertical running header, and two reference lists (ЛИТЕРАТУРА and
its transliteration, REFERENCES).

The pipeline, one small function a step::

    normalise_text → strip_running_header → extract_footnotes → split_sections
    → split_paragraphs (front matter, body) | split_entries (reference lists)
    → detect language → join_lines (dehyphenation, broken URLs) → tidy_spacing
    → separate_footnote_marks (front matter, body)

Passages come out as front matter, body, footnotes, then reference lists.

Footnote marks. The text layer loses the superscript of a footnote mark, gluing its number
to the word it marks: ``платформы7`` (footnote 7), a word no search finds. Such a mark is
shown as superscript digits after an invisible WORD JOINER (U+2060): ``платформы⁷``. It
reads as printed, and since the joiner is not a word character, the tokeniser sees the
word ``платформы`` and the mark ``⁷`` apart. Only a number that is one of the article's
footnotes, right after two letters and not followed by a letter or digit, is a mark:
``52-ФЗ``, ``G8``, ``e4j`` and years stay as they are; footnotes and reference lists
(URLs, "Volume3") are left alone.
"""
import re
from collections.abc import Container
from dataclasses import dataclass

from indexer.langid import detect
from indexer.model import Passage
from indexer.morph import ru
from indexer.normalise import normalise_text
from indexer.scripts import KAZAKH_LETTER

LANGS = ("ru", "kk", "en")

BODY_HEADINGS = frozenset({
    "Введение", "Материалы и методы", "Методы", "Результаты", "Обсуждение",
    "Результаты и обсуждение", "Заключение", "Выводы",
    "Кіріспе", "Материалдар мен әдістер", "Нәтижелер", "Талқылау", "Қорытынды",
    "Introduction", "Materials and methods", "Results", "Discussion", "Conclusion",
})
# Reference-list heading → key prefix of its entries.
REFERENCE_HEADINGS = {
    "ЛИТЕРАТУРА": "lit", "СПИСОК ЛИТЕРАТУРЫ": "lit", "ӘДЕБИЕТТЕР": "lit", "REFERENCES": "ref",
}
ABSTRACT_LABELS = {"ru": "Аннотация", "kk": "Аңдатпа", "en": "Abstract"}
KEYWORDS_LABELS = {"ru": "Ключевые слова", "kk": "Түйінді сөздер", "en": "Keywords"}
# Labels opening a front-matter paragraph (the Kazakh abstract is labelled "Аннотация" too).
_LABEL = re.compile(r"^\s*(Аннотация|Аңдатпа|Abstract|Ключевые слова|Түйінді сөздер|Key ?words)\s*[.:]\s*")
_KEYWORDS_LABEL = re.compile(r"^\s*(Ключевые слова|Түйінді сөздер|Key ?words)\b")

_LOWER = "a-zа-яёәғқңөұүһі"
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LATIN_WORD = re.compile("[A-Za-z]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_LAST_LETTERS = re.compile(r"([^\W\d_]+)-$")
_HYPHEN_AT_END = re.compile(r"\w-$")  # "инфор-", "2023-"; not a dash after a space
# Only the end of a word decides how it joins the next line: looking no further keeps a
# "word" that a run of broken lines keeps growing ("ab-" / "ab-" / …) from slowing joins.
LONGEST_WORD = 64

# --- running header -------------------------------------------------------------------
# The journal's name printed vertically comes out as a run of one-to-five-character lines
# without lower-case letters ("B", "LLE", "F IN", "K №"), then the issue and the page number.
_HEADER_PIECE = re.compile(rf"^\s*([^{_LOWER}\s][^{_LOWER}]{{0,4}}|\d+\(\d+\)-\d{{4}})\s*$")
MIN_HEADER_PIECES = 6  # a lone short line ("[9].") is text; the header is a long run

# --- footnotes ------------------------------------------------------------------------
_FOOTNOTE_START = re.compile(r"^\s?(\d{1,3}) (?=\D)")
# Footnotes are set across the full page width; a shorter line ends the footnote.
FULL_LINE = 70

# --- paragraphs and entries -----------------------------------------------------------
_SENTENCE_END = re.compile(r"[.!?…:;][»\"')\]]*\s*$")
_ENTRY_START = re.compile(r"^\s?(\d{1,3})\.\s")
_HEADING_SHAPE = re.compile(rf"^[{_UPPER}][{_LOWER}]+( [{_LOWER}]+){{0,3}}$")

# --- dehyphenation --------------------------------------------------------------------
# Kazakh: hyphenated compounds of two adjectives (халықаралық-құқықтық,
# нормативтік-құқықтық, ақпараттық-коммуникациялық) and a few paired words.
_KK_ADJECTIVE = re.compile("(лық|лік|дық|дік|тық|тік)$")
KK_PAIRED_HEADS = frozenset({"іс", "қарым", "ара", "жан", "ата"})
# English: the few prefixes English always writes with a hyphen.
EN_HYPHENATED_PREFIXES = frozenset({"self", "cross", "non", "well", "ex", "all", "half", "co"})
# "X- и Y" is a suspended hyphen (двух- и трёхсторонний), not a dash with a missing space.
_CONJUNCTIONS = "и|или|а|and|or|және|мен|немесе"
_DASH_MISSING_SPACE = re.compile(rf"(?<=[{_LOWER}{_UPPER}])- (?!(?:{_CONJUNCTIONS}) )(?=[{_LOWER}{_UPPER}])")
_MISSING_SPACE_AFTER_STOP = re.compile(rf"(?<=[{_LOWER}]{{2}})\.(?=[{_UPPER}][{_LOWER}])")

# --- footnote marks -------------------------------------------------------------------
_GLUED_FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d_]{2})\d{1,3}(?!\w)")
WORD_JOINER = "\u2060"
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class _Draft:
    """A passage before its place in the reading order is known."""

    lang: str
    key: str
    location: str
    text: str
    kind: str


def segment_article(raw_text: str, work: str) -> list[Passage]:
    """Split a PDF-extracted article into passages in reading order."""
    lines = normalise_text(raw_text).split("\n")
    lines = strip_running_header(lines)
    lines, footnotes = extract_footnotes(lines)

    front, body, references = [], [], []
    body_sections = 0
    for heading, section_lines in split_sections(lines):
        if heading is None:
            front += _front_matter(split_paragraphs(section_lines), footnotes.keys())
        elif heading in REFERENCE_HEADINGS:
            references += _reference_list(heading, split_entries(section_lines))
        else:
            body_sections += 1
            body += _body_section(heading, body_sections, split_paragraphs(section_lines), footnotes.keys())
    notes = [_footnote(number, note) for number, note in footnotes.items()]

    return [
        Passage(work=work, lang=d.lang, key=d.key, location=d.location,
                text=d.text, kind=d.kind, order=order)
        for order, d in enumerate(front + body + notes + references)
    ]


# --- line-level cleaning --------------------------------------------------------------

def strip_running_header(lines: list[str]) -> list[str]:
    """Drop the vertical running header and the journal section title printed after it."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        end = _header_end(lines, i)
        if end is None:
            out.append(lines[i])
            i += 1
        else:
            out.append("")
            i = end
    return out


def _header_end(lines: list[str], start: int) -> int | None:
    """Where the running header starting at ``start`` ends, or None if none starts there."""
    if not _HEADER_PIECE.match(lines[start]):
        return None
    end, pieces = start, 0
    while end < len(lines) and (not lines[end].strip() or _HEADER_PIECE.match(lines[end])):
        pieces += bool(lines[end].strip())
        end += 1
    if pieces < MIN_HEADER_PIECES:
        return None
    following = next((j for j in range(end, len(lines)) if lines[j].strip()), None)
    if following is not None and _is_running_title(lines[following]):
        end = following + 1
    return end


def _is_running_title(line: str) -> bool:
    """The journal section's name in capitals ("МЕЖДУНАРОДНОЕ ПРАВО И …"), not a heading."""
    text = line.strip()
    return " " in text and text.isupper() and text not in REFERENCE_HEADINGS


def extract_footnotes(lines: list[str]) -> tuple[list[str], dict[int, list[str]]]:
    """Take the footnotes out of the text: returns the remaining lines and number → lines.

    A footnote starts a blank-line-separated block (or follows another footnote) with the
    next footnote number, "2 Введение в …"; expecting the numbers in sequence keeps body
    lines such as "18 января 2013 г." in the text. It runs on while its lines reach the
    right margin. A footnote cut by a page break (no final "." or ")") continues with the
    lines that precede the next footnote in a later footnote block.
    """
    notes: dict[int, list[str]] = {}
    kept: list[str] = []
    for block in _blocks(lines):
        start = _continuation_length(block, notes)
        if start:
            notes[len(notes)] += block[:start]
        in_note = start > 0
        for i, line in enumerate(block[start:], start):
            if _footnote_number(line) == len(notes) + 1 and (i == 0 or in_note):
                notes[len(notes) + 1] = [_FOOTNOTE_START.sub("", line)]
                in_note = True
            elif in_note and len(block[i - 1].strip()) >= FULL_LINE:
                notes[len(notes)].append(line)
            else:
                in_note = False
                kept.append(line)
        kept.append("")
    return kept, notes


def _continuation_length(block: list[str], notes: dict[int, list[str]]) -> int:
    """How many lines opening ``block`` finish the last footnote, cut by a page break:
    the lines before the next footnote, if the last one lacks its final "." or ")"."""
    if not notes or notes[len(notes)][-1].rstrip().endswith((".", ")")):
        return 0
    return next((i for i, line in enumerate(block) if _footnote_number(line) == len(notes) + 1), 0)


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _footnote_number(line: str) -> int | None:
    match = _FOOTNOTE_START.match(line)
    return int(match.group(1)) if match else None


# --- structure ------------------------------------------------------------------------

def split_sections(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """Cut the text at section headings; the first section (front matter) has heading None."""
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for i, line in enumerate(lines):
        if _is_heading(lines, i):
            sections.append((line.strip(), []))
        else:
            sections[-1][1].append(line)
    return sections


def _is_heading(lines: list[str], i: int) -> bool:
    """A known heading, or a short sentence-case line standing between two paragraphs.

    The PDF text layer ends every wrapped line with a space, so a line without one ends
    its paragraph: "Как отмечают российские исследователи " is a wrapped line, not a title.
    """
    text = lines[i].strip()
    if text in BODY_HEADINGS or text in REFERENCE_HEADINGS:
        return True
    if lines[i].endswith(" ") or len(text) > 40 or not _HEADING_SHAPE.match(text):
        return False
    before = next((line for line in reversed(lines[:i]) if line.strip()), "")
    after = next((line for line in lines[i + 1:] if line.strip()), "")
    return (not before or ends_sentence(before)) and _starts_upper(after)


def split_paragraphs(lines: list[str]) -> list[list[str]]:
    """Group lines into paragraphs.

    A blank line breaks a paragraph only when the line before it ends a sentence and the
    line after it does not start in lower case: blank lines left by page and column
    breaks, removed footnotes and headers ("инфор-" / "" / "мационных") are not breaks.
    Without a blank line, a paragraph starts at a front-matter label ("Abstract.") or at a
    line the PDF indented by a space (a new text frame) that starts a new sentence.
    """
    paragraphs: list[list[str]] = []
    after_blank = False
    for line in lines:
        if not line.strip():
            after_blank = True
            continue
        if not paragraphs or _starts_paragraph(paragraphs[-1][-1], line, after_blank):
            paragraphs.append([])
        paragraphs[-1].append(line)
        after_blank = False
    return paragraphs


def _starts_paragraph(previous: str, line: str, after_blank: bool) -> bool:
    if _LABEL.match(line):
        return True
    if after_blank:
        return ends_sentence(previous) and not starts_lower(line)
    return line.startswith(" ") and ends_sentence(previous) and _starts_upper(line)


def split_entries(lines: list[str]) -> list[list[str]]:
    """Group a reference list's lines into entries "1. …", "2. …" (numbers in sequence)."""
    entries: list[list[str]] = []
    for line in lines:
        if not line.strip():
            continue
        match = _ENTRY_START.match(line)
        if match and int(match.group(1)) == len(entries) + 1:
            entries.append([line[match.end():]])
        elif entries:  # text before entry 1 would not be an entry; there is none
            entries[-1].append(line)
    return entries


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends with sentence-final punctuation (quotes and brackets after it allowed)."""
    return bool(_SENTENCE_END.search(line))


def starts_lower(line: str) -> bool:
    """Whether ``line`` starts, after its indentation, with a lower-case letter."""
    text = line.lstrip()
    return bool(text) and text[0].islower()


def _starts_upper(line: str) -> bool:
    text = line.lstrip()
    return bool(text) and text[0].isupper()


# --- passages -------------------------------------------------------------------------

def _front_matter(paragraphs: list[list[str]], footnotes: Container[int]) -> list[_Draft]:
    """Abstract and keywords paragraphs, numbered per language."""
    drafts: list[_Draft] = []
    counts: dict[tuple[str, str], int] = {}
    for lines in paragraphs:
        lang = _language(lines)
        kind = "keywords" if _KEYWORDS_LABEL.match(lines[0]) else "abstract"
        n = counts[lang, kind] = counts.get((lang, kind), 0) + 1
        text = _LABEL.sub("", _text(lines, lang, footnotes), count=1)
        if kind == "keywords":
            drafts.append(_Draft(lang, f"kw.p{n}", KEYWORDS_LABELS[lang], text, kind))
        else:
            drafts.append(_Draft(lang, f"abstract.p{n}", f"{ABSTRACT_LABELS[lang]} ¶{n}", text, kind))
    return drafts


def _body_section(heading: str, number: int, paragraphs: list[list[str]], footnotes: Container[int]) -> list[_Draft]:
    drafts = []
    for n, lines in enumerate(paragraphs, 1):
        lang = _language(lines)
        drafts.append(_Draft(lang, f"s{number}.p{n}", f"{heading} ¶{n}", _text(lines, lang, footnotes), "body"))
    return drafts


def _text(lines: list[str], lang: str, footnotes: Container[int]) -> str:
    """A paragraph of the article's own text, its footnote marks separated from their words."""
    return separate_footnote_marks(join_lines(lines, lang), footnotes)


def _footnote(number: int, lines: list[str]) -> _Draft:
    lang = _language(lines)
    return _Draft(lang, f"fn{number}", f"footnote {number}", join_lines(lines, lang), "footnote")


def _reference_list(heading: str, entries: list[list[str]]) -> list[_Draft]:
    drafts = []
    for n, lines in enumerate(entries, 1):
        lang = _language(lines)
        key = f"{REFERENCE_HEADINGS[heading]}.{n}"
        drafts.append(_Draft(lang, key, f"{heading} {n}", join_lines(lines, lang), "reference"))
    return drafts


def _language(lines: list[str]) -> str:
    return detect(" ".join(line.strip() for line in lines), langs=LANGS)


# --- text-level cleaning --------------------------------------------------------------

def join_lines(lines: list[str], lang: str) -> str:
    """One paragraph of display text from its lines: words and URLs rejoined, spaces tidied."""
    words: list[str] = []
    for line in lines:
        line_words = line.split()
        if words and line_words and _continues_on_next_line(words[-1]):
            words[-1] = _join_word(words[-1], line_words.pop(0), lang)
        words += line_words
    return tidy_spacing(" ".join(words))


def _continues_on_next_line(word: str) -> bool:
    """Whether the last word of a line goes on at the start of the next: a URL or a hyphenated word."""
    return _ends_in_url_fragment(word) or bool(_HYPHEN_AT_END.search(word, len(word) - 2))


def _join_word(left: str, right: str, lang: str) -> str:
    """The word broken after ``left`` and continued in ``right``."""
    return left + right if _ends_in_url_fragment(left) else join_hyphenated(left, right, lang)


def _ends_in_url_fragment(token: str) -> bool:
    """A URL broken at the line end continues on the next line without a space."""
    if not re.search(r"\w", token):  # "//" before a URL on the next line is followed by a space
        return False
    if token.endswith(("/", "_")):
        return True
    return ("://" in token or token.startswith("www.")) and token.endswith(("-", "."))


def join_hyphenated(left: str, right: str, lang: str) -> str:
    """Join ``left`` ending in "word-" with ``right``: drop the hyphen of a word broken at
    the line end, keep the hyphen of a compound broken at its own hyphen."""
    head_match = _LAST_LETTERS.search(left, len(left) - LONGEST_WORD)
    tail_match = _LETTERS.match(right)
    if head_match is None or tail_match is None:  # digits: "С. 359-" / "369"
        return left + right
    head, tail = head_match.group(1), tail_match.group()
    if _is_compound(head, tail, _word_language(head + tail, lang)):
        return left + right
    return left[:-1] + right


def _word_language(word: str, paragraph_lang: str) -> str:
    if _LATIN_WORD.fullmatch(word):
        return "en"
    if KAZAKH_LETTER.search(word):
        return "kk"
    return paragraph_lang if paragraph_lang in ("ru", "kk") else "ru"


def _is_compound(head: str, tail: str, lang: str) -> bool:
    """Whether ``head-`` + ``tail`` split at a line end is a hyphenated compound.

    Russian asks the dictionary: a compound when the joined word is unknown but both parts
    are words (Интернет-терроризм; информаци-онной joins). Kazakh: two adjectives in
    -лық/-лік/-дық/-дік/-тық/-тік (халықаралық-құқықтық) or a paired word (іс-қимыл);
    everything else joins (кибер-қылмыспен). English: a capitalised second part
    (Asia-Pacific) or a prefix always written with a hyphen (self-, non-, …).
    """
    head, lowered_tail = head.lower(), tail.lower()
    if lang == "en":
        return tail[0].isupper() or head in EN_HYPHENATED_PREFIXES
    if lang == "kk":
        return head in KK_PAIRED_HEADS or bool(_KK_ADJECTIVE.search(head) and _KK_ADJECTIVE.search(lowered_tail))
    return not ru.is_known(head + lowered_tail) and ru.is_known(head) and ru.is_known(lowered_tail)


def tidy_spacing(text: str) -> str:
    """Single spaces; restore the space lost after a full stop ("Abstract.The") and around a
    dash ("правительствами- гарантами"), leaving URLs and abbreviations (т.е., с.123) alone."""
    words = [word if _is_url(word) else _MISSING_SPACE_AFTER_STOP.sub(". ", word)
             for word in text.split()]
    return _DASH_MISSING_SPACE.sub(" – ", " ".join(words))


def separate_footnote_marks(text: str, footnotes: Container[int]) -> str:
    """Set the numbers of ``footnotes`` glued to a word apart from it: ``платформы7`` → ``платформы⁷``
    (with a WORD JOINER before the ⁷)."""
    def mark(number: re.Match) -> str:
        if int(number.group()) not in footnotes:
            return number.group()
        return WORD_JOINER + number.group().translate(SUPERSCRIPT_DIGITS)

    return _GLUED_FOOTNOTE_MARK.sub(mark, text)


def _is_url(word: str) -> bool:
    return "://" in word or "www." in word
