"""Query parsing, searching and highlighting.

A query uses Whoosh syntax (AND/OR/NOT, "phrases", ``field:value``); words without a
field are looked up in every language's body field, each analysed for that language,
so the user never says which language a word is in.
"""
import re

from whoosh.highlight import ContextFragmenter, Formatter, Fragment
from whoosh.qparser import MultifieldParser
from whoosh.query import NullQuery, Or, Term

from indexer.analysis import LANGUAGES
from indexer.errors import QueryError
from indexer.model import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, Hit, SearchResult

SNIPPET_CHARS = 240

_FIELD_PREFIX = re.compile(r"(?<![\w\"])([A-Za-z_]+):")
_BINARY_OPERATOR = r"(?:AND|OR|ANDNOT|ANDMAYBE)"
_OPERATOR = rf"(?:NOT|{_BINARY_OPERATOR})"
# Mistakes Whoosh would silently read as something else, with what to tell the user.
_MISTAKES = (
    (re.compile(rf"^(?!NOT\b){_OPERATOR}\b|\b{_OPERATOR}$"), "an operator needs a term on each side"),
    (re.compile(rf"\b{_BINARY_OPERATOR}\s+{_BINARY_OPERATOR}\b"), "two operators in a row"),
    (re.compile(r"(?<![\w\"])[A-Za-z_]+:(?=\s|$|\))"), "a field name needs a value after ':'"),
)


def check_syntax(query: str, fields: set[str]) -> None:
    """Reject queries Whoosh would silently misread; raise QueryError naming the problem."""
    text = query.strip()
    if not text:
        raise QueryError("empty query")
    if text.count('"') % 2:
        raise QueryError('unbalanced quote in query: a phrase needs a closing "')
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QueryError("unbalanced parentheses in query: ')' without '('")
    if depth:
        raise QueryError("unbalanced parentheses in query: '(' without ')'")
    for pattern, problem in _MISTAKES:
        if pattern.search(text):
            raise QueryError(f"malformed query {text!r}: {problem}")
    unknown = sorted({name for name in _FIELD_PREFIX.findall(text) if name not in fields})
    if unknown:
        raise QueryError(f"unknown field {unknown[0]!r} in query; fields: {', '.join(sorted(fields))}")


def parse(query: str, schema, langs: tuple[str, ...]):
    body_fields = [f"body_{lang}" for lang in langs]
    check_syntax(query, {name for name, field in schema.items() if field.indexed})
    parsed = MultifieldParser(body_fields, schema=schema).parse(query)
    if parsed is NullQuery:
        raise QueryError(f"nothing to search for in {query!r} (only stopwords?)")
    return parsed


def run(opened_index, query: str, langs: tuple[str, ...] | None = None, limit: int = 10) -> SearchResult:
    langs = tuple(langs or LANGUAGES)
    parsed = parse(query, opened_index.schema, langs)
    language_filter = None if set(langs) == set(LANGUAGES) else Or([Term("lang", lang) for lang in langs])
    with opened_index.searcher() as searcher:
        results = searcher.search(parsed, limit=limit, filter=language_filter, terms=True)
        _configure_highlighting(results)
        hits = [_hit(result) for result in results]
        return SearchResult(query=query, total=len(results), hits=hits)


def _configure_highlighting(results) -> None:
    results.fragmenter = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80, charlimit=None)
    results.formatter = _MarkFormatter()


def _hit(result) -> Hit:
    text = result["text"]
    snippet = result.highlights(f"body_{result['lang']}", text=text, top=2)
    return Hit(
        id=result["id"], work=result["work"], lang=result["lang"], title=result["title"],
        location=result["location"], score=round(result.score, 4), text=text,
        snippet=snippet or _lead(text),
    )


def _lead(text: str) -> str:
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


class _MarkFormatter(Formatter):
    """Marks matched words with ``**…**``; fragments that touch are merged, cut ends get ``…``."""

    between = " "

    def format(self, fragments, replace=False):
        return self.between.join(self.format_fragment(fragment, replace)
                                 for fragment in _merge_touching(fragments))

    def format_token(self, text, token, replace=False):
        return f"{HIGHLIGHT_OPEN}{text[token.startchar:token.endchar]}{HIGHLIGHT_CLOSE}"

    def format_fragment(self, fragment, replace=False):
        body = super().format_fragment(fragment, replace).replace("\n", " ").strip()
        lead = "… " if fragment.text[:fragment.startchar].strip() else ""
        tail = " …" if fragment.text[fragment.endchar:].strip(" .;,\n") else ""
        return f"{lead}{body}{tail}"


def _merge_touching(fragments: list[Fragment]) -> list[Fragment]:
    merged: list[Fragment] = []
    for fragment in sorted(fragments, key=lambda fragment: fragment.startchar):
        previous = merged[-1] if merged else None
        if previous and fragment.startchar <= previous.endchar + 1:
            merged[-1] = Fragment(previous.text, previous.matches + fragment.matches,
                                  previous.startchar, max(previous.endchar, fragment.endchar))
        else:
            merged.append(fragment)
    return merged
