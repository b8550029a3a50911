"""Segment a legal instrument (code, treaty, law) into passages: one per article part.

Input is normalised Markdown-ish text, one paragraph a line, as the bundled instruments
are. Recognised structure, in Russian, Kazakh and English:

- article headings: ``Статья 205. Title``, ``205-бап. Title``, ``Article 2`` (its title
  may follow as the next heading line); an inserted article is numbered ``7-1``;
- division headings: ``Глава 7``, ``Раздел II``, ``7-тарау``, ``2-бөлім``, ``CHAPTER III``,
  ``SECTION 1``, ``PART 2``, ``TITLE 1``;
- numbered parts: a paragraph starting ``1.``, or ``1.`` alone on its line; the
  paragraphs after it (sanctions, items ``1)``, ``а)``, ``(i)``) belong to the same part;
- notes: ``Сноска.`` / ``Ескерту.`` paragraphs;
- anything before the first article is the preamble; unnumbered paragraphs of an
  article become passages of their own (``¶N``), and so do the items of an article that
  has no numbered parts (Art. 1 of the Budapest Convention: a), b), c)…).

Keys name the place whatever the language (``205``, ``205.2``, ``1.p3``, ``205.note``,
``div1``, ``pre.p1``, ``head.p1``), labels are the ones a scholar cites ("ст. 205 ч. 2",
"205-бап 2-бөлік", "Art. 24 para. 7").

``clean_line`` strips Markdown and repairs words the sources run together: a heading glued
to its number (``Статья 1Основные``), a change of case (``СОГЛАШЕНИЕо``), and words glued
without a space (``либоограничением``, ``неекі``) — see ``split_glued_words`` for the rule.
"""
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from indexer.model import Passage
from indexer.morph import kk, ru

# The heading patterns match a cleaned line; ``rest`` is what follows the number.
ARTICLE = re.compile(
    r"^(?:(?i:статья|article)\s+(?P<number>\d+(?:-\d+)?)|(?P<kk_number>\d+(?:-\d+)?)-(?i:бап))"
    r"(?!\w)(?P<rest>.*)$"  # not "5-бапта" (a case form: "in article 5")
)
DIVISION = re.compile(
    r"^(?:(?P<word>(?i:глава|раздел|подраздел|параграф|chapter|section|part|title))"
    r"\s+(?P<number>\d+|[IVXLC]+)\b"  # Roman numerals in capitals only: "Part ii" is not one
    r"|(?P<kk_number>\d+)-(?P<kk_word>(?i:тарау|бөлім|параграф))(?!\w))"
    r"(?P<rest>.*)$"
)
TITLE_SEPARATORS = " .:–-"
_PART = re.compile(r"^(\d+)\.(?:\s|$)")
_NOTE = re.compile(r"^(?:Сноска|Ескерту|Примечание|Note)\.", re.IGNORECASE)

# Markdown. Each pattern stops at the next opening bracket or backtick, so that a line with
# many unclosed ones is still cleaned in linear time. A link's target may hold one level of
# parentheses: ``…/treaty/(wct)/(1996)/README.md``.
_MARKDOWN_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
_EMPHASIS = re.compile(r"(?<!\w)\*([^*]+)\*(?!\w)")
_TEX_QUOTES = re.compile(r'``([^"`]*)"')  # ``computer system" → “computer system”
_ITEM_WITHOUT_SPACE = re.compile(r"^(\(?[a-zа-я]{1,3}\))(?=\w)")  # "a)This" → "a) This"

# Words run together by the source: ``СОГЛАШЕНИЕо``, ``туралыКЕЛІСІМ``, ``Статья 1Основные``.
_CAPS_THEN_LOWER = re.compile(r"(?<=[А-ЯЁӘҒҚҢӨҰҮҺІ]{3})(?=[а-яёәғқңөұүһі])")
_LOWER_THEN_CAPS = re.compile(r"(?<=[а-яёәғқңөұүһі]{2})(?=[А-ЯЁӘҒҚҢӨҰҮҺІ]{3})")
# A title starts with a capital; "5-бапта" is a case form of "5-бап" and stays whole.
_GLUED_TITLE = re.compile(r"^(Статья\s+\d+(?:-\d+)?|\d+(?:-\d+)?-бап)(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")
_LOWER_CYRILLIC_WORD = re.compile(r"(?<![\w-])[а-яёәғқңөұүһі]{4,}(?![\w-])")

# The rule for words glued without a space (split_glued_words).
RU_CONJUNCTION, RU_NUMERAL, RU_NOUN = "CONJ", "NUMR", "NOUN"  # pymorphy3's parts of speech
KK_CONJUNCTIONS = frozenset({"cnjcoo", "cnjsub", "cnjadv"})  # the Kazakh lexicon's classes
KK_NUMERAL, KK_NOUN = "num", "n"
KK_WORD_FINAL_CASES = frozenset({"acc", "gen"})  # nothing follows them inside a Kazakh word
# A word glued after a numeral or a case ending is at least this long: shorter rests are
# too often a suffix (онсыз "without it", not он + сыз; ішінара "partly", not ішін + ара).
MIN_GLUED_WORD = 5

LABELS = {
    "ru": {"article": "ст. {n}", "part": " ч. {n}", "note": ", сноска", "preamble": "преамбула",
           "heading": "заголовок"},
    "kk": {"article": "{n}-бап", "part": " {n}-бөлік", "note": ", ескерту", "preamble": "кіріспе",
           "heading": "тақырып"},
    "en": {"article": "Art. {n}", "part": " para. {n}", "note": ", note", "preamble": "Preamble",
           "heading": "heading"},
}


class Heading(NamedTuple):
    """A recognised article or division heading."""

    kind: str  # "article" | "division"
    name: str  # the article number ("12", "12-1") or the division's label ("Глава 2", "Chapter III")
    rest: str  # the line after the number: its title, with the separator before it

    @property
    def title(self) -> str:
        return self.rest.lstrip(TITLE_SEPARATORS)


@dataclass
class Unit:
    """A passage being assembled: its key, location label and paragraphs."""

    key: str
    location: str
    kind: str = "body"
    paragraphs: list[str] = field(default_factory=list)


def segment_instrument(text: str, work: str, lang: str) -> list[Passage]:
    """Split an instrument, one paragraph a line and headings marked ``#``, into passages."""
    builder = Builder(LABELS[lang])
    for raw_line in join_broken_words(text).splitlines():
        line = clean_line(raw_line, lang)
        if not line:
            continue
        if raw_line.lstrip().startswith("#"):
            builder.heading(line)
        else:
            builder.paragraph(line)
    return to_passages(builder.units, work, lang)


def parse_heading(line: str) -> Heading | None:
    """The article or division heading a cleaned line starts with, if any."""
    if article := ARTICLE.match(line):
        return Heading("article", article.group("number") or article.group("kk_number"), article.group("rest"))
    if division := DIVISION.match(line):
        return Heading("division", division_label(division), division.group("rest"))
    return None


def division_label(division: re.Match) -> str:
    """"Chapter III" for "CHAPTER III", "2-тарау" for "2-ТАРАУ"."""
    if division.group("word"):
        return f"{division.group('word').capitalize()} {division.group('number')}"
    return f"{division.group('kk_number')}-{division.group('kk_word').lower()}"


# --- cleaning ------------------------------------------------------------------------

def clean_line(line: str, lang: str = "") -> str:
    """Strip Markdown syntax and repair words the source ran together (in ``lang``'s dictionary)."""
    line = line.strip().lstrip("#").strip()
    line = _MARKDOWN_LINK.sub(r"\1", line)
    line = _EMPHASIS.sub(r"\1", line)
    line = _TEX_QUOTES.sub(r"“\1”", line)
    line = _ITEM_WITHOUT_SPACE.sub(r"\1 ", line)
    line = _CAPS_THEN_LOWER.sub(" ", line)
    line = _LOWER_THEN_CAPS.sub(" ", line)
    line = _GLUED_TITLE.sub(r"\1. ", line)
    return split_glued_words(line, lang)


def join_broken_words(text: str) -> str:
    """Join words a stray hyphen splits (``com-munication``) when the whole word occurs elsewhere."""
    vocabulary = set(re.findall(r"\w+", text.lower()))

    def join(match: re.Match) -> str:
        whole = match.group(1) + match.group(2)
        return whole if whole.lower() in vocabulary else match.group()

    return re.sub(r"\b([^\W\d_]+)-([^\W\d_]+)\b", join, text)  # letters only: "10-1" stays


def split_glued_words(line: str, lang: str) -> str:
    """Put back the space the source lost between two words: ``либоограничением``.

    A lower-case word that the dictionary of ``lang`` does not know (pymorphy3 for
    Russian, the Kazakh lexicon) is split after its first part when that part is

    - a conjunction, and the rest any dictionary word: ``либо|ограничением``, ``не|екі``;
    - a numeral, and the rest a dictionary noun: ``пятидесяти|суток``, ``елу|тәулікке``
      (but not the adjective of ``двухсотлетний``);
    - in Kazakh, a noun in the accusative or genitive, cases after which a Kazakh word
      cannot go on, and the rest a dictionary word: ``келісімді|ратификациялау``.

    After a numeral or a case the rest has at least ``MIN_GLUED_WORD`` letters.
    """
    if lang not in ("ru", "kk"):
        return line
    return _LOWER_CYRILLIC_WORD.sub(lambda word: _split_glued_word(word.group(), lang), line)


@lru_cache(maxsize=1 << 16)
def _split_glued_word(word: str, lang: str) -> str:
    """``word``, with a space where it glues two words together."""
    if lang == "ru":
        is_known, are_glued = ru.is_known, _are_glued_russian
    else:
        is_known, are_glued = _is_known_kazakh, _are_glued_kazakh
    if is_known(word):
        return word
    for cut in range(1, len(word)):
        if are_glued(word[:cut], word[cut:]):
            return f"{word[:cut]} {word[cut:]}"
    return word


def _are_glued_russian(head: str, tail: str) -> bool:
    # the head first: most cuts fail on it, and pymorphy3 parses a short head faster
    head_pos = _russian_parts_of_speech(head)
    if RU_CONJUNCTION in head_pos:
        return bool(_russian_parts_of_speech(tail))
    return (RU_NUMERAL in head_pos and len(tail) >= MIN_GLUED_WORD
            and RU_NOUN in _russian_parts_of_speech(tail))


def _are_glued_kazakh(head: str, tail: str) -> bool:
    # the head first, the tail analysed last: most cuts fail on the head
    head_classes = kk.lexicon().stems.get(head, {})
    if KK_CONJUNCTIONS.intersection(head_classes):
        return _known_kazakh_reading(tail) is not None
    if len(tail) < MIN_GLUED_WORD:
        return False
    if KK_NUMERAL in head_classes:
        tail_reading = _known_kazakh_reading(tail)
        return tail_reading is not None and tail_reading.tags[0] == KK_NOUN
    head_reading = _known_kazakh_reading(head)
    return (head_reading is not None and head_reading.tags[0] == KK_NOUN
            and head_reading.tags[-1] in KK_WORD_FINAL_CASES and _known_kazakh_reading(tail) is not None)


@lru_cache(maxsize=1)
def _russian_dictionary():
    """pymorphy3, for the parts of speech ``indexer.morph.ru`` (lemmas only) does not give."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=1 << 16)
def _russian_parts_of_speech(word: str) -> frozenset[str]:
    """The parts of speech pymorphy3's dictionary gives ``word``: none for a word it lacks."""
    return frozenset(parse.tag.POS for parse in _russian_dictionary().parse(word) if parse.is_known)


def _is_known_kazakh(word: str) -> bool:
    """Whether any reading of ``word`` has a stem of the lexicon."""
    lexicon = kk.lexicon()
    return word in lexicon.forms or any(reading.lemma in lexicon.stems for reading in kk.analyse(word))


def _known_kazakh_reading(word: str) -> kk.Analysis | None:
    """The best reading of ``word``, if it is a Kazakh word (it has tags) of a stem in the lexicon."""
    reading = kk.analyse(word)[0]
    return reading if reading.tags and reading.lemma in kk.lexicon().stems else None


# --- passages ------------------------------------------------------------------------

class Builder:
    """Walks the lines of one instrument, keeping track of the article and open part.

    ``parse_heading`` tells which heading lines are articles and divisions; any other
    heading line is the title of a bare article or division heading before it, or a
    heading of its own (``head.pN``).
    """

    def __init__(self, labels: dict[str, str],
                 parse_heading: Callable[[str], Heading | None] = parse_heading):
        self.labels = labels
        self.parse_heading = parse_heading
        self.units: list[Unit] = []
        self.counts: Counter[str] = Counter()  # numbered units so far, by key prefix
        self.article: str | None = None
        self.open_part: Unit | None = None  # numbered part that takes continuation lines
        self.awaiting_title = False  # "### Article 2" followed by "#### Illegal access"

    def heading(self, line: str) -> None:
        heading = self.parse_heading(line)
        if heading is None and self.awaiting_title:
            self.units[-1].paragraphs[0] += f". {line}"
            self.awaiting_title = False
        elif heading is None:
            self._numbered("head.p", self.labels["heading"], line, kind="heading")
        elif heading.kind == "article":
            self.article = heading.name
            self._start(heading.name, self._article_label(), line, kind="heading")
            self.awaiting_title = not heading.title
        else:
            self.counts["div"] += 1
            self._start(f"div{self.counts['div']}", heading.name, line, kind="heading")
            self.awaiting_title = not heading.title

    def paragraph(self, line: str) -> None:
        self.awaiting_title = False
        if self.article is None:
            self._numbered("pre.p", self.labels["preamble"], line)
        elif _NOTE.match(line):
            self._start(f"{self.article}.note", self._article_label() + self.labels["note"], line, kind="note")
        elif part := _PART.match(line):
            number = part.group(1)
            label = self._article_label() + self.labels["part"].format(n=number)
            self.open_part = self._start(f"{self.article}.{number}", label, line)
        elif self.open_part is not None:
            self.open_part.paragraphs.append(line)  # sanction, item or continuation
        else:
            self._numbered(f"{self.article}.p", self._article_label(), line)

    def _article_label(self) -> str:
        return self.labels["article"].format(n=self.article)

    def _numbered(self, key_prefix: str, label: str, line: str, kind: str = "body") -> None:
        """A unit numbered among those of its key prefix: ``pre.p3``, labelled "преамбула ¶3"."""
        self.counts[key_prefix] += 1
        count = self.counts[key_prefix]
        self._start(f"{key_prefix}{count}", f"{label} ¶{count}", line, kind)

    def _start(self, key: str, location: str, line: str, kind: str = "body") -> Unit:
        self.open_part = None
        unit = Unit(key, location, kind, [line])
        self.units.append(unit)
        return unit


def to_passages(units: list[Unit], work: str, lang: str) -> list[Passage]:
    """The units as passages in reading order, with unique keys."""
    seen: Counter[str] = Counter()
    passages = []
    for order, unit in enumerate(units):
        # A text may repeat an article number (a law quoting another act): keep ids unique.
        seen[unit.key] += 1
        key = unit.key if seen[unit.key] == 1 else f"{unit.key}~{seen[unit.key]}"
        passages.append(Passage(
            work=work, lang=lang, key=key, location=unit.location,
            text="\n".join(unit.paragraphs), kind=unit.kind, order=order,
        ))
    return passages
