"""The query language: text → a small syntax tree, before any analysis.

    query   := or ( OR or )*          — ``a OR b``
    or      := near ( [AND] near )*   — words side by side must all occur (AND)
    near    := unary ( /s unary )* | unary ( /p unary )*  — in one sentence / paragraph
    unary   := ( NOT | - ) unary | atom
    atom    := "(" query ")" | "phrase"[~N] | field:value | field:"phrase"
             | word | prefix* | =exact | fuzzy~N

A hand-written parser, so that every input ends in a tree or a ``QueryError`` naming
the problem: nesting and length are bounded, and nothing recurses deeper than the
nesting the user typed.
"""
import re
from typing import NamedTuple

from indexer.errors import QueryError

MAX_DEPTH = 32  # nested parentheses and NOTs
MAX_ITEMS = 256  # words, phrases and filters in one query

_TOKEN = re.compile(r'''
    (?P<space>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<phrase>"[^"]*")(?:~(?P<slop>\d{1,3}))?
  | (?P<field>[A-Za-z_]+):(?P<value>"[^"]*"|\[[^\]]*\]|[^\s()"]+)?
  | (?P<word>[^\s()"]+)
''', re.VERBOSE)
_OPERATORS = {"AND", "OR", "NOT", "/s", "/p", "/S", "/P"}
_NEAR_SCOPES = {"/s": "sentence", "/p": "paragraph", "/S": "sentence", "/P": "paragraph"}


class Word(NamedTuple):
    text: str
    prefix: bool = False  # typed as ``text*``: words that start so, as written
    exact: bool = False  # typed as ``=text``: this form only, not every form of its lemma
    fuzzy: int = 0  # typed as ``text~N``: forms within N edits of it


class Phrase(NamedTuple):
    text: str
    slop: int = 0


class Filter(NamedTuple):
    field: str
    value: str
    quoted: bool = False


class And(NamedTuple):
    items: tuple


class Or(NamedTuple):
    items: tuple


class Not(NamedTuple):
    item: object


class Near(NamedTuple):
    """``a /s b``: all the items in one sentence; ``a /p b``: in one paragraph."""

    scope: str  # "sentence" | "paragraph"
    items: tuple


def parse(text: str):
    """The syntax tree of ``text``; raises QueryError for what cannot be searched."""
    tokens = _tokens(text)
    if not tokens:
        raise QueryError("empty query")
    if sum(1 for kind, _ in tokens if kind in ("word", "phrase", "field")) > MAX_ITEMS:
        raise QueryError(f"query too long: at most {MAX_ITEMS} words, phrases and filters")
    parser = _Parser(tokens)
    tree = parser.query(0)
    if parser.peek() is not None:
        raise QueryError("unbalanced parentheses in query: ')' without '('")
    return tree


def _tokens(text: str) -> list[tuple[str, object]]:
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup if match.lastgroup != "slop" else "phrase"
        if match.group("space"):
            continue
        if match.group("phrase"):
            tokens.append(("phrase", Phrase(match.group("phrase")[1:-1], int(match.group("slop") or 0))))
        elif match.group("field"):
            value = match.group("value")
            if not value or value == '""':
                raise QueryError(f"the field {match.group('field')!r} needs a value after ':'")
            quoted = value.startswith('"')
            tokens.append(("field", Filter(match.group("field"), value.strip('"'), quoted)))
        elif match.group("word"):
            word = match.group("word")
            if word in _OPERATORS:
                tokens.append((word, None))
            elif word.startswith("-") and len(word) > 1:
                tokens.append(("NOT", None))
                tokens.extend(_tokens(word[1:]))
            else:
                tokens.append(("word", _word(word)))
        else:
            tokens.append((kind, None))
    if text.count('"') % 2:
        raise QueryError('unbalanced quote in query: a phrase needs a closing "')
    return tokens


_FUZZY = re.compile(r"(.+)~(\d)$")


def _word(typed: str) -> Word:
    """A bare word with its markers: ``=exact``, ``prefix*``, ``fuzzy~N``."""
    if (fuzzy := _FUZZY.match(typed)) and fuzzy.group(1).strip("=*"):
        return Word(fuzzy.group(1).strip("=*"), fuzzy=int(fuzzy.group(2)))
    if typed.startswith("=") and typed.strip("=*"):
        return Word(typed.strip("=*"), exact=True)
    return Word(typed.rstrip("*"), prefix=typed.endswith("*") and len(typed) > 1)


class _Parser:
    def __init__(self, tokens):
        self.tokens, self.at = tokens, 0

    def peek(self):
        return self.tokens[self.at][0] if self.at < len(self.tokens) else None

    def take(self):
        token = self.tokens[self.at]
        self.at += 1
        return token

    def query(self, depth: int):
        alternatives = [self.conjunction(depth)]
        while self.peek() == "OR":
            self.take()
            alternatives.append(self.conjunction(depth))
        return alternatives[0] if len(alternatives) == 1 else Or(tuple(alternatives))

    def conjunction(self, depth: int):
        items = [self.near(depth)]
        while self.peek() not in (None, "OR", "close"):
            if self.peek() == "AND":
                self.take()
            items.append(self.near(depth))
        return items[0] if len(items) == 1 else And(tuple(items))

    def near(self, depth: int):
        items = [self.unary(depth)]
        scope = None
        while self.peek() in _NEAR_SCOPES:
            if scope not in (None, self.peek()):
                raise QueryError("malformed query: /s and /p cannot be mixed in one chain")
            scope = _NEAR_SCOPES[self.take()[0]]
            items.append(self.unary(depth))
        return items[0] if len(items) == 1 else Near(scope, tuple(items))

    def unary(self, depth: int):
        if depth > MAX_DEPTH:
            raise QueryError(f"query nested too deeply (at most {MAX_DEPTH} levels of parentheses and NOT)")
        kind = self.peek()
        if kind == "NOT":
            self.take()
            if self.peek() == "NOT":
                raise QueryError("malformed query: NOT NOT cancels itself; remove both")
            return Not(self.unary(depth + 1))
        if kind == "open":
            self.take()
            if self.peek() == "close":
                raise QueryError("malformed query: empty parentheses")
            inner = self.query(depth + 1)
            if self.peek() != "close":
                raise QueryError("unbalanced parentheses in query: '(' without ')'")
            self.take()
            return inner
        if kind in ("word", "phrase", "field"):
            return self.take()[1]
        if kind is None:
            raise QueryError("malformed query: an operator needs a term after it")
        if kind in _NEAR_SCOPES:
            raise QueryError(f"malformed query: {kind} needs a term on each side")
        if kind == "close":
            raise QueryError("unbalanced parentheses in query: ')' without '('")
        raise QueryError(f"malformed query: {kind} needs a term on each side")


def meaning_text(tree) -> str:
    """The query's words and phrases that are not negated, as one text: what a semantic
    search compares passages with."""
    if isinstance(tree, (Word, Phrase)):
        return tree.text
    if isinstance(tree, (And, Or, Near)):
        return " ".join(text for item in tree.items if (text := meaning_text(item)))
    return ""  # a filter or a negation


def restrictions(tree) -> tuple:
    """The field filters and negations at the query's top level: the passages a semantic
    search may return must match them all."""
    items = tree.items if isinstance(tree, And) else (tree,)
    return tuple(item for item in items if isinstance(item, (Filter, Not)))
