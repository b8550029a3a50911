"""Where a query's patterns occur in a passage, and the snippet that shows them.

Occurrences are found on the passage's content lemmas (``analysis.content_tokens``),
so a phrase or a multi-word term is marked only where its words stand together, and
every inflected form is marked.
"""
from indexer.model import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN
from indexer.normalise import index_form

SNIPPET_CHARS = 240  # the longest snippet, marks not counted
CONTEXT_CHARS = 80  # shown before the first match of a fragment
MAX_FRAGMENTS = 2


def find(text: str, tokens: list[tuple[str, int, int]], patterns) -> list[tuple[tuple[int, int], object]]:
    """``((start, end), pattern)`` for every occurrence of a pattern in ``text``: a lemma
    sequence, or — for prefix, exact and fuzzy words — a form as written."""
    lemmas = [lemma for lemma, _, _ in tokens]
    positions: dict[str, list[int]] = {}  # lemma → where it stands: a pattern is tried only there
    for i, lemma in enumerate(lemmas):
        positions.setdefault(lemma, []).append(i)
    found = []
    for pattern in patterns:
        if pattern.via in ("prefix", "exact") or pattern.via.startswith("fuzzy:"):
            found += [((start, end), pattern) for _, start, end in tokens
                      if _written_match(index_form(text[start:end]), pattern)]
            continue
        n = len(pattern.lemmas)
        for i in positions.get(pattern.lemmas[0], ()):
            if tuple(lemmas[i:i + n]) == pattern.lemmas:
                found.append(((tokens[i][1], tokens[i + n - 1][2]), pattern))
    return sorted(found, key=lambda item: item[0])


def _written_match(form: str, pattern) -> bool:
    wanted = pattern.lemmas[0]
    if pattern.via == "prefix":
        return form.startswith(wanted)
    if pattern.via == "exact":
        return form == wanted
    return form[:1] == wanted[:1] and edit_distance(form, wanted, int(pattern.via.split(":")[1])) is not None


def edit_distance(one: str, other: str, most: int) -> int | None:
    """The Levenshtein distance of two words if it is at most ``most``, else None."""
    if abs(len(one) - len(other)) > most:
        return None
    previous = list(range(len(other) + 1))
    for i, char in enumerate(one, 1):
        current = [i]
        for j, other_char in enumerate(other, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other_char)))
        if min(current) > most:
            return None
        previous = current
    return previous[-1] if previous[-1] <= most else None


def snippet(text: str, spans: list[tuple[int, int]]) -> str:
    """Up to two fragments of ``text`` around the spans, matched words marked ``**…**``."""
    spans = merge(spans)
    if not spans:
        return _cut(text, 0, SNIPPET_CHARS, [])
    fragments, budget = [], SNIPPET_CHARS
    remaining = spans
    while remaining and len(fragments) < MAX_FRAGMENTS and budget > CONTEXT_CHARS:
        start = max(0, remaining[0][0] - CONTEXT_CHARS)
        end = min(len(text), start + budget)
        inside = [span for span in remaining if span[1] <= end]
        fragments.append((start, end, inside or remaining[:1]))
        budget -= end - start
        remaining = [span for span in remaining if span[0] >= end]
    pieces = [_cut(text, start, end, inside) for start, end, inside in fragments]
    # A fragment that ends "…" and the next that starts "…" share one.
    return " ".join([pieces[0]] + [piece.removeprefix("… ") if previous.endswith("…") else piece
                                   for previous, piece in zip(pieces, pieces[1:])])


def merge(spans) -> list[tuple[int, int]]:
    """Spans in order, overlapping ones joined."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _cut(text: str, start: int, end: int, spans) -> str:
    """``text[start:end]`` snapped to word boundaries, spans marked, cut ends shown as ``…``."""
    if start > 0:
        space = text.find(" ", start, spans[0][0] if spans else end)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        last_end = spans[-1][1] if spans else start
        space = text.rfind(" ", max(last_end, start), end)
        end = space if space > start else max(end, last_end)
    pieces, at = [], start
    for span_start, span_end in spans:
        pieces += [text[at:span_start], HIGHLIGHT_OPEN, text[span_start:span_end], HIGHLIGHT_CLOSE]
        at = span_end
    pieces.append(text[at:end])
    body = " ".join("".join(pieces).split())
    return ("… " if text[:start].strip() else "") + body + (" …" if text[end:].strip(" .;,\n") else "")
