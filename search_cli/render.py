"""Rendering of library results for the terminal and as JSON."""
import dataclasses
import io
import json
import os
import re
import sys
import textwrap
from pathlib import Path

import click

from indexer.model import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN

_MARKED = re.compile(re.escape(HIGHLIGHT_OPEN) + r"(.+?)" + re.escape(HIGHLIGHT_CLOSE))
_HIT_FIELDS = ("id", "work", "key", "lang", "title", "location", "score", "text", "snippet")
TITLE_CHARS = 70


def use_colour() -> bool:
    """Colour only on a terminal that can show it: never with NO_COLOR (https://no-color.org)
    or TERM=dumb."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def terminal_width() -> int:
    """$COLUMNS, else the terminal's width, else 80 (shutil's rule; os's call is cheaper to import)."""
    try:
        return int(os.environ.get("COLUMNS") or os.get_terminal_size(sys.__stdout__.fileno()).columns)
    except (ValueError, OSError, AttributeError):
        return 80


def build_progress():
    """A progress callback ``(done, total, current file)`` drawing a bar on stderr when
    it is a terminal — files done of all, elapsed and remaining time, the current
    file — and None (quiet) when stderr is piped."""
    if not sys.stderr.isatty():
        return None
    state = {"total": None}

    def progress(done: int, total: int, current: str = "") -> None:
        if state["total"] != total:
            _close(state)
            state["total"], state["current"] = total, current
            state["bar"] = click.progressbar(length=total, file=sys.stderr, label="zan: indexing",
                                             show_eta=True, show_pos=True,
                                             item_show_func=lambda _: _shorten(state["current"], 40))
            state["bar"].__enter__()
        state["current"] = current
        state["bar"].update(done - state["bar"].pos)
        if done >= total:
            _close(state)

    return progress


def _close(state: dict) -> None:
    if state.get("bar") is not None:
        state["bar"].__exit__(None, None, None)
        state["bar"] = None
        state["total"] = None


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def highlight(snippet: str, colour: bool) -> str:
    """Matched words in colour, or — without colour — in brackets: ``[word]``."""
    if colour:
        return _MARKED.sub(lambda match: click.style(match.group(1), fg="red", bold=True), snippet)
    return _MARKED.sub(r"[\1]", snippet)


INDENT = "   "


def wrapped(text: str, colour: bool, width: int, indent: str = INDENT) -> list[str]:
    """``text`` (matches marked ``**…**``) wrapped to ``width`` columns with a hanging indent,
    breaking only between words; colour codes do not count towards the width."""
    if not colour:
        return textwrap.wrap(highlight(text, False), width, initial_indent=indent, subsequent_indent=indent,
                             break_long_words=False, break_on_hyphens=False) or [indent]
    marked_words = _MARKED.sub(lambda m: " ".join(f"{HIGHLIGHT_OPEN}{w}{HIGHLIGHT_CLOSE}"
                                                  for w in m.group(1).split()), text).split()
    lines, line, length = [], [], len(indent)
    for word in marked_words:
        visible = len(_MARKED.sub(r"\1", word))
        if line and length + 1 + visible > width:
            lines.append(indent + " ".join(line))
            line, length = [], len(indent)
        line.append(highlight(word, True))
        length += visible + (1 if len(line) > 1 else 0)
    return lines + [indent + " ".join(line)]


def count(n: int, noun: str, plural: str = "") -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def search_text(result, colour: bool, width: int | None = None) -> str:
    width = width or terminal_width()
    if not result.hits:
        suggested = f"; did you mean: {', '.join(result.suggestions)}?" if result.suggestions else ""
        return f"no passages match {result.query!r}" + (f" on page {result.page}" if result.page > 1 else "") + suggested
    verb = "matches" if result.total == 1 else "match"
    first = result.offset + 1
    shown = f", showing {first}–{first + len(result.hits) - 1}" if result.total > len(result.hits) else ""
    lines = [f"{count(result.total, 'passage')} {verb} {result.query!r}{shown}"]
    for rank, hit in enumerate(result.hits, first):
        heading = f"{rank}. {_shorten(hit.title)} · {hit.location} [{hit.lang}]"
        lines.append("")
        lines.append(click.style(heading, bold=True) if colour else heading)
        lines += wrapped(hit.snippet, colour, width)
        translated = _translations(hit)
        if translated:
            lines += textwrap.wrap(f"via {translated}", width, initial_indent=INDENT, subsequent_indent=INDENT)
        similar = _similarity(hit)
        if similar is not None:
            lines.append(f"{INDENT}close in meaning: similarity {similar:.2f}")
        lines.append(f"{INDENT}{hit.id}  score {hit.score:.2f}")
    return "\n".join(lines)


SEARCH_CSV_COLUMNS = ("rank", "id", "work", "key", "lang", "title", "location", "score", "snippet", "matched")


def search_csv(result) -> str:
    return _csv_text(SEARCH_CSV_COLUMNS, (
        (rank, hit.id, hit.work, hit.key, hit.lang, hit.title, hit.location, hit.score, hit.snippet,
         "; ".join(_match_text(m) for m in hit.matched))
        for rank, hit in enumerate(result.hits, result.offset + 1)))


def _match_text(match) -> str:
    return f"{match.term} ({match.via})" if match.similarity is None else f"semantic {match.similarity:.3f}"


def _csv_text(columns, rows) -> str:
    """CSV: a header line, then the rows (csv is imported here, off the path of other output)."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def _translations(hit) -> str:
    """``«неправомерный доступ» → illegal access`` for the concept matches of a hit."""
    pairs = dict.fromkeys(f"«{m.source}» → {m.term}" for m in hit.matched
                          if m.via.startswith("concept:") and m.term.lower() != m.source.lower())
    return "; ".join(pairs)


def _similarity(hit) -> float | None:
    return next((m.similarity for m in hit.matched if m.similarity is not None), None)


def _shorten(title: str, chars: int = TITLE_CHARS) -> str:
    if len(title) <= chars:
        return title
    return (title[:chars].rsplit(" ", 1)[0] if " " in title[:chars] else title[:chars]) + "…"


def search_json(result) -> str:
    hits = [{**{name: getattr(hit, name) for name in _HIT_FIELDS},
             "matched": [_match_json(m) for m in hit.matched]}
            for hit in result.hits]
    return _dumps({"query": result.query, "mode": result.mode, "total": result.total, "page": result.page, "hits": hits,
                   "suggestions": result.suggestions})


def _match_json(match) -> dict:
    if match.similarity is not None:
        return {"via": match.via, "similarity": match.similarity, "from": match.source}
    return {"term": match.term, "via": match.via, "from": match.source}


def tokens_text(tokens) -> str:
    rows = []
    for token in tokens:
        notes = [token.lang] + (["stop"] if token.stop else [])
        if token.segmentation:
            notes.append(token.segmentation)
        notes += [f"concept:{concept}" for concept in token.concepts]
        rows.append(f"{token.text:<24} {token.lemma:<24} {' '.join(notes)}")
    return "\n".join(rows) if rows else "(no words)"


def tokens_json(tokens) -> str:
    return _dumps([{"text": t.text, "lemma": t.lemma, "lang": t.lang, "start": t.start,
                    "end": t.end, "stop": t.stop, "concepts": list(t.concepts),
                    **({"segmentation": t.segmentation} if t.segmentation else {})}
                   for t in tokens])


def report_text(report, action: str) -> str:
    """The closing summary of ``zan add``, ``reindex``, ``remove`` or ``index``."""
    verb = "would be" if report.dry_run else "were"
    counts = ", ".join(f"{len(getattr(report, name))} {name}" for name in REPORT_LISTS)
    lines = [f"{action}: {counts}" + (" (dry run: nothing was changed)" if report.dry_run else "")]
    for name in ("added", "updated", "removed"):
        for item in getattr(report, name):
            lines.append(f"  {name}: {item.path}" + (f" → {item.work}" if item.work else "")
                         + (f" ({item.reason})" if item.reason else ""))
    for item in report.failed:
        lines.append(f"  failed: {item.path}: {item.reason}")
    lines.append(f"{report.passages} passages in {report.index_dir}" + ("" if not report.dry_run else
                                                                          f"; the files listed {verb} indexed"))
    return "\n".join(lines)


REPORT_LISTS = ("added", "updated", "unchanged", "removed", "failed")


def status_text(status) -> str:
    state = "up to date" if status.up_to_date else "built by another version of zan's analysis: rebuild it"
    counts = ", ".join(f"{status.count(name)} {name}" for name in ("indexed", "stale", "missing", "failed"))
    lines = [f"index {status.index_dir}: {state}",
             f"{status.passages} passages; {status.bundled_files} bundled files; added files: {counts}"]
    for file in status.files:
        lines.append(f"  {file.state:<8} {file.path}" + (f" → {file.work}" if file.work else "")
                     + (f" ({file.reason})" if file.reason else "")
                     + (f", {count(file.passages, 'passage')}" if file.passages else ""))
    if status.count("stale") or status.count("missing"):
        lines.append("run `zan reindex` to bring the index up to date")
    return "\n".join(lines)


def documents_text(works) -> str:
    lines = []
    for work in works:
        counts = ", ".join(f"{lang} {count}" for lang, count in sorted(work.passages.items()))
        lines.append(f"{work.id}  [{work.type}, {work.date or 'undated'}] {work.title}")
        lines.append(f"    {work.status}" + (f"; passages: {counts}" if counts else ""))
    return "\n".join(lines)


def show_text(view, width: int) -> str:
    lines = [f"{view.id}  [{view.type}, {view.date or 'undated'}, {view.status}]", view.title]
    for place in view.passages:
        lines.append("")
        versions = f"  (also {', '.join(place.versions)})" if place.versions else ""
        lines.append(f"{place.location} [{place.lang}] · {place.id}{versions}")
        for paragraph in place.text.splitlines():
            lines += textwrap.wrap(paragraph, width, initial_indent=INDENT, subsequent_indent=INDENT) or [""]
    if view.links:
        lines.append("")
        lines += [_link_line(link) for link in view.links]
    return "\n".join(lines)


def _link_line(link) -> str:
    numbers = ([f"ref. {', '.join(map(str, link.references))}"] if link.references else []) + \
              ([f"fn. {', '.join(map(str, link.footnotes))}"] if link.footnotes else [])
    detail = f" ({'; '.join(numbers)})" if numbers else ""
    return f"{link.relation}: {link.work}{detail} — {_shorten(link.title)}"


def links_text(work: str, links, direction: str) -> str:
    if not links:
        return f"{work}: nothing {'cited' if direction == 'cites' else 'cites it'} in the catalogue"
    return "\n".join(_link_line(link) for link in links)


KWIC_PLACE_CHARS = 24  # the column naming where a line comes from


def kwic_text(lines, width: int, colour: bool) -> str:
    """One line per occurrence: place, left context right-aligned, the match, right context."""
    if not lines:
        return "no occurrences"
    room = width - KWIC_PLACE_CHARS - 2
    left_room = room * 2 // 5
    rows = []
    for line in lines:
        place = _shorten(f"{line.location} [{line.lang}]", KWIC_PLACE_CHARS - 1).ljust(KWIC_PLACE_CHARS)
        left = line.left[-left_room:].rjust(left_room)
        right = line.right[:max(0, room - left_room - len(line.match) - 2)]
        match = click.style(line.match, fg="red", bold=True) if colour else line.match
        rows.append(f"{place}{left} {match} {right}".rstrip())
    return "\n".join(rows)


KWIC_CSV_COLUMNS = ("work", "location", "language", "left", "match", "right")


def kwic_csv(lines) -> str:
    return _csv_text(KWIC_CSV_COLUMNS, ((line.work, line.location, line.lang, line.left, line.match, line.right)
                                        for line in lines))


DOCUMENTS_CSV_COLUMNS = ("id", "type", "title", "date", "status", "languages", "passages")


def documents_csv(works) -> str:
    return _csv_text(DOCUMENTS_CSV_COLUMNS, (
        (work.id, work.type, work.title, work.date, work.status, " ".join(work.languages),
         " ".join(f"{lang}:{n}" for lang, n in sorted(work.passages.items())))
        for work in works))


def documents_json(works) -> str:
    return _dumps([dataclasses.asdict(work) for work in works])


def as_json(value) -> str:
    """Any result of the library (dataclasses, lists of them) as JSON."""
    return _dumps(_plain(value))


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {item.name: _plain(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, Path):
        return str(value)
    return value


def terms_text(result, colour: bool) -> str:
    if not result.concepts:
        nearest = f"; nearest known terms: {', '.join(result.nearest)}" if result.nearest else ""
        return f"no concept of the thesaurus has the term {result.term!r}{nearest}"
    blocks = []
    for concept in result.concepts:
        links = "; ".join(f"{name}: {', '.join(ids)}" for name, ids in
                          (("broader", concept.broader), ("related", concept.related)) if ids)
        heading = f"concept {concept.id}" + (f"  ({links})" if links else "")
        lines = [click.style(heading, bold=True) if colour else heading]
        if concept.note:
            lines.append(f"  note: {concept.note}")
        for term in concept.terms:
            works = f" in {', '.join(term.works)}" if term.works else ""
            lines.append(f"  {term.lang}  {term.text}  [{term.status}]  "
                         f"{count(term.frequency, 'occurrence')}{works}")
            lines.append(f"        source: {term.source}")
        for example in concept.examples:
            lines.append(f"  example {example.work} {example.key}")
            for side in example.sides:
                lines.append(f"    {side.lang} {side.location}: {highlight(side.snippet, colour)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def suggestions_text(term: str, suggestions, colour: bool) -> str:
    if not suggestions:
        return f"no equivalent of {term!r} can be mined: it occurs in too few aligned passages"
    lines = [f"equivalents of {term!r} mined from aligned passages (logDice, at most 14):"]
    for suggestion in suggestions:
        lines.append(f"  {suggestion.source_lang}→{suggestion.lang}  {suggestion.text}  "
                     f"score {suggestion.score:.2f}, {count(suggestion.pairs, 'pair')}")
        for example in suggestion.examples[:1]:
            for side in example.sides:
                lines.append(f"      {side.lang} {side.location}: {highlight(side.snippet, colour)}")
    return "\n".join(lines)


TERMS_CSV_COLUMNS = ("concept", "lang", "term", "status", "frequency", "passages", "works", "source")


def terms_csv(result) -> str:
    return _csv_text(TERMS_CSV_COLUMNS, (
        (concept.id, term.lang, term.text, term.status, term.frequency, term.passages, " ".join(term.works),
         term.source)
        for concept in result.concepts for term in concept.terms))


PARALLEL_GUTTER = " │ "


def parallel_text(passages, width: int | None = None) -> str:
    """Aligned passages in columns, one per language, wrapped to the terminal width."""
    width = width or terminal_width()
    langs = sorted({lang for passage in passages for lang in passage.versions}, key=LANGUAGE_ORDER.index)
    column = max(20, (width - len(PARALLEL_GUTTER) * (len(langs) - 1)) // len(langs))
    blocks = [PARALLEL_GUTTER.join(lang.ljust(column) for lang in langs).rstrip()]
    for passage in passages:
        cells = []
        for lang in langs:
            version = passage.versions.get(lang)
            text = f"[{version.location}] {version.text}" if version else "—"
            cells.append(textwrap.wrap(text, column) or [""])
        height = max(map(len, cells))
        rows = [PARALLEL_GUTTER.join((cell[i] if i < len(cell) else "").ljust(column) for cell in cells).rstrip()
                for i in range(height)]
        blocks.append("\n".join(rows))
    return "\n\n".join(blocks)


LANGUAGE_ORDER = ["ru", "kk", "en"]
