"""Segment a legal instrument (code, treaty, law) into passages: one per article part.

Input is normalised Markdown-ish text, one paragraph a line, as the bundled instruments
are. Recognised structure, in Russian, Kazakh and English:

- article headings: ``Статья 205. Title``, ``205-бап. Title``, ``Article 2`` (its title
  may follow as the next heading line);
- numbered parts: a paragraph starting ``1.``; the paragraphs after it (sanctions,
  items ``1)``, ``а)``, ``(i)``) belong to the same part;
- notes: ``Сноска.`` / ``Ескерту.`` paragraphs;
- anything before the first article is the preamble; unnumbered paragraphs of an
  article become passages of their own (``¶N``).
"""
import re
from dataclasses import dataclass, field

from indexer.model import Passage

_ARTICLE = re.compile(
    r"^(?:Статья\s+(?P<ru>\d+)|(?P<kk>\d+)-бап|Article\s+(?P<en>\d+))\.?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
_DIVISION = re.compile(
    r"^(?P<label>Глава\s+\d+|\d+-тарау|(?:CHAPTER|SECTION|TITLE)\s+[IVXLC\d]+)\b\.?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
_PART = re.compile(r"^(\d+)\.\s")
_NOTE = re.compile(r"^(?:Сноска|Ескерту|Примечание|Note)\.", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(?<!\w)\*([^*]+)\*(?!\w)")
# Words run together by the source: ``СОГЛАШЕНИЕо``, ``туралыКЕЛІСІМ``.
_CAPS_THEN_LOWER = re.compile(r"(?<=[А-ЯЁӘҒҚҢӨҰҮҺІ]{3})(?=[а-яёәғқңөұүһі])")
_LOWER_THEN_CAPS = re.compile(r"(?<=[а-яёәғқңөұүһі]{2})(?=[А-ЯЁӘҒҚҢӨҰҮҺІ]{3})")

LABELS = {
    "ru": {"article": "ст. {n}", "part": " ч. {n}", "note": ", сноска", "preamble": "преамбула",
           "heading": "заголовок"},
    "kk": {"article": "{n}-бап", "part": " {n}-бөлік", "note": ", ескерту", "preamble": "кіріспе",
           "heading": "тақырып"},
    "en": {"article": "Art. {n}", "part": " para. {n}", "note": ", note", "preamble": "Preamble",
           "heading": "heading"},
}


@dataclass
class _Unit:
    """A passage being assembled: its key, location label and paragraphs."""

    key: str
    location: str
    kind: str = "body"
    paragraphs: list[str] = field(default_factory=list)


def clean_line(line: str) -> str:
    """Strip Markdown syntax and repair headings glued to the words after them."""
    line = line.strip().lstrip("#").strip()
    line = _MARKDOWN_LINK.sub(r"\1", line)
    line = _EMPHASIS.sub(r"\1", line)
    line = re.sub(r"``(.*?)\"", r"“\1”", line)
    line = re.sub(r"^(\(?[a-zа-я]{1,3}\))(?=\w)", r"\1 ", line)  # "a)This" → "a) This"
    line = _CAPS_THEN_LOWER.sub(" ", line)
    line = _LOWER_THEN_CAPS.sub(" ", line)
    return re.sub(r"^((?:Статья\s+\d+)|(?:\d+-бап))(?=[^\W\d])", r"\1. ", line)


def join_broken_words(text: str) -> str:
    """Join words a stray hyphen splits (``com-munication``) when the whole word occurs elsewhere."""
    vocabulary = set(re.findall(r"\w+", text.lower()))

    def join(match: re.Match) -> str:
        whole = match.group(1) + match.group(2)
        return whole if whole.lower() in vocabulary else match.group()

    return re.sub(r"\b(\w+)-(\w+)\b", join, text)


def segment_instrument(text: str, work: str, lang: str) -> list[Passage]:
    builder = _Builder(LABELS[lang])
    for raw_line in join_broken_words(text).splitlines():
        line = clean_line(raw_line)
        if not line:
            continue
        if raw_line.lstrip().startswith("#"):
            builder.heading(line)
        else:
            builder.paragraph(line)
    return _to_passages(builder.units, work, lang)


class _Builder:
    """Walks the lines of one instrument, keeping track of the article and open part."""

    def __init__(self, labels: dict[str, str]):
        self.labels = labels
        self.units: list[_Unit] = []
        self.article: str | None = None
        self.open_part: _Unit | None = None  # numbered part that takes continuation lines
        self.awaiting_title = False  # "### Article 2" followed by "#### Illegal access"

    def heading(self, line: str) -> None:
        if self.awaiting_title:
            self.units[-1].paragraphs[0] += f". {line}"
            self.awaiting_title = False
        elif article := _ARTICLE.match(line):
            self.article = article.group("ru") or article.group("kk") or article.group("en")
            self._start(self.article, self._article_label(), [line], kind="heading")
            self.awaiting_title = not article.group("title")
        elif division := _DIVISION.match(line):
            label = re.sub(r"^[A-Z]+", lambda word: word.group().capitalize(), division.group("label"))
            count = sum(1 for unit in self.units if unit.key.startswith("div")) + 1
            self._start(f"div{count}", label, [line], kind="heading")
            self.awaiting_title = not division.group("title")
        else:
            self._numbered_paragraph("head.p", self.labels["heading"], line, kind="heading")

    def paragraph(self, line: str) -> None:
        self.awaiting_title = False
        if self.article is None:
            self._numbered_paragraph("pre.p", self.labels["preamble"], line)
        elif _NOTE.match(line):
            self._start(f"{self.article}.note", self._article_label() + self.labels["note"], [line],
                        kind="note")
        elif part := _PART.match(line):
            number = part.group(1)
            label = self._article_label() + self.labels["part"].format(n=number)
            self.open_part = self._start(f"{self.article}.{number}", label, [line])
        elif self.open_part is not None:
            self.open_part.paragraphs.append(line)  # sanction, item or continuation
        else:
            self._numbered_paragraph(f"{self.article}.p", self._article_label(), line)

    def _article_label(self) -> str:
        return self.labels["article"].format(n=self.article)

    def _numbered_paragraph(self, key_prefix: str, label: str, line: str, kind: str = "body") -> None:
        count = sum(1 for unit in self.units if unit.key.startswith(key_prefix)) + 1
        self._start(f"{key_prefix}{count}", f"{label} ¶{count}", [line], kind)

    def _start(self, key: str, location: str, paragraphs: list[str], kind: str = "body") -> _Unit:
        self.open_part = None
        unit = _Unit(key, location, kind, paragraphs)
        self.units.append(unit)
        return unit


def _to_passages(units: list[_Unit], work: str, lang: str) -> list[Passage]:
    seen: dict[str, int] = {}
    passages = []
    for order, unit in enumerate(units):
        # A text may repeat an article number (a law quoting another act): keep ids unique.
        seen[unit.key] = seen.get(unit.key, 0) + 1
        key = unit.key if seen[unit.key] == 1 else f"{unit.key}~{seen[unit.key]}"
        passages.append(Passage(
            work=work, lang=lang, key=key, location=unit.location,
            text="\n".join(unit.paragraphs), kind=unit.kind, order=order,
        ))
    return passages
