"""Plain data passed between the stages of the pipeline and returned by the public API."""
from dataclasses import dataclass, field

# Snippets mark the matched words like this; renderers turn the marks into colour or drop them.
HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE = "**", "**"


@dataclass(frozen=True)
class Passage:
    """One searchable unit of a document: an article part, a paragraph, a footnote.

    ``key`` names the place in the work whatever the language (``205``, ``205.1``,
    ``1.p6``, ``abstract.p2``, ``kw.p1``, ``fn5``), so the language versions of one work
    align on ``(work, key)``; ``id`` (``<work>/<lang>/<key>``) is unique in the index.
    ``location`` is the human label ("ст. 205 ч. 2", "205-бап 2-бөлік", "Art. 2",
    "Введение ¶3", "footnote 5"); ``text`` is display text (normalised, ё kept).
    """

    work: str
    lang: str
    key: str
    location: str
    text: str
    kind: str = "body"  # body | heading | abstract | keywords | footnote | reference
    order: int = 0

    @property
    def id(self) -> str:
        return f"{self.work}/{self.lang}/{self.key}"


@dataclass(frozen=True)
class Document:
    """A passage with the metadata of its work, ready for the index."""

    passage: Passage
    title: str
    type: str
    date: str


@dataclass(frozen=True)
class Token:
    """One word of analysed text, as ``zan analyze`` shows it."""

    text: str
    lemma: str
    lang: str
    start: int
    end: int
    stop: bool
    segmentation: str = ""
    concepts: tuple[str, ...] = ()  # ids of the thesaurus concepts this word is part of


@dataclass(frozen=True)
class Match:
    """Why a hit matched: ``term`` occurs in it, found ``via`` a typed word, a phrase, a
    prefix or a concept (``concept:<id>``), from the query text ``source``; or ``via``
    "semantic": its meaning is close to the query's, by cosine ``similarity``."""

    term: str
    via: str
    source: str
    similarity: float | None = None


@dataclass(frozen=True)
class Hit:
    id: str
    work: str
    key: str
    lang: str
    title: str
    location: str
    score: float
    text: str
    snippet: str
    matched: list[Match] = field(default_factory=list)
    spans: tuple[tuple[int, int], ...] = ()  # where the matches stand in ``text`` (character offsets)


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int  # passages that match, on all pages
    hits: list[Hit] = field(default_factory=list)
    page: int = 1
    offset: int = 0  # hits on the pages before this one
    suggestions: list[str] = field(default_factory=list)  # for no hits: queries of the index's own words
    mode: str = "lexical"  # lexical, semantic or hybrid (indexer.semantic.MODES)

