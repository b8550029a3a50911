"""Concordance (key word in context): every occurrence of a query's matches, one a line."""
from dataclasses import dataclass


@dataclass(frozen=True)
class ConcordanceLine:
    """One occurrence of a match, with its context: a line of ``zan kwic``."""

    id: str
    work: str
    location: str
    lang: str
    left: str
    match: str
    right: str


SORTS = ("doc", "left", "right")
MAX_PASSAGES = 1000  # passages read for one concordance


def lines(opened_index, query: str, langs=(), context: int = 40, sort: str = "doc",
          limit: int = 100, expand: bool = True) -> list[ConcordanceLine]:
    """Occurrences of ``query``'s matches with ``context`` characters either side,
    in document order or sorted by the words left or right of the match."""
    from indexer.errors import QueryError

    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    result = opened_index.search(query, langs, MAX_PASSAGES, expand, sort="doc")
    found = [_line(hit, start, end, context) for hit in result.hits for start, end in hit.spans]
    if sort == "left":  # by the word before the match, then the one before that…
        found.sort(key=lambda line: (line.left.lower().split()[::-1], line.match.lower()))
    elif sort == "right":  # by the words after the match
        found.sort(key=lambda line: (line.right.lower().split(), line.match.lower()))
    return found[:limit]


def _line(hit, start: int, end: int, context: int) -> ConcordanceLine:
    text = hit.text
    left = " ".join(text[max(0, start - context):start].split())
    right = " ".join(text[end:end + context].split())
    if start > context:
        left = left.split(" ", 1)[-1] if " " in left else left  # no cut word at the edge
    if end + context < len(text):
        right = right.rsplit(" ", 1)[0] if " " in right else right
    return ConcordanceLine(hit.id, hit.work, hit.location, hit.lang, left, " ".join(text[start:end].split()), right)
