"""Legal references in search queries: ``ст. 205 УК``, ``210-баптың 2-бөлігі``, ``Art. 24(2)``.

A reference names an article, perhaps one of its parts, perhaps the work it belongs
to. Its ``key`` is the language-independent passage key the segmenter gives that
place (``205``, ``205.2``), so a search can put the referenced passage first.

The query is read in two steps. A scanner finds tokens: article markers with their
number (``ст. 205``, ``205-бап``, ``Article 24``), part markers (``ч. 2``,
``2-бөлігі``, ``para. 2``) and work names (``УК``, ``Budapest Convention``). Tokens
separated only by spaces, commas or "of (the)" form a chain, and a chain reads
``[work…] [part] article [part] [work…]``. A part or a work name on its own is not a
reference, nor is a bare number.
"""
import re
from dataclasses import dataclass
from typing import NamedTuple

# Work names as they appear in queries, as case-insensitive regular expressions, by
# hand from the titles and numbers in corpus/catalogue.toml (``\w*`` stands for case
# endings). Only works whose text has numbered articles are here: the journal article
# (cybercrime-cooperation-2024) has none to refer to. More specific names come first.
WORK_NAMES = (
    ("kz-criminal-code-226-v", (
        r"УК(?:\s+РК)?",
        r"уголовн\w*\s+кодекс\w*(?:\s+(?:РК|республик\w*\s+казахстан))?",
        r"(?:ҚР\s+)?ҚК(?:-\w+)?",  # ҚК-нің, ҚК-де: Kazakh case endings after a hyphen
        r"(?:қазақстан\s+республикасының\s+)?қылмыстық\s+кодекс\w*",
        r"criminal\s+code(?:\s+of\s+(?:the\s+republic\s+of\s+)?kazakhstan)?",
        r"(?:(?:№|No\.?)\s*)?226-[VВ]",  # Cyrillic В typed for the Roman numeral
    )),
    ("coe-ets185-budapest-convention", (
        r"budapest\s+convention", r"convention\s+on\s+cybercrime", r"cybercrime\s+convention",
        r"C?ETS\s*(?:No\.?\s*)?185",
        r"будапештск\w*\s+конвенци\w*",
        r"конвенци\w*\s+(?:совета\s+европы\s+)?о\s+киберпреступност\w*",
        r"будапешт\s+конвенция\w*", r"киберқылмыстар\s+туралы\s+конвенция\w*",
    )),
    # Two CIS agreements are catalogued; an agreement named without a year is the
    # 2018 one, the only one whose text is in the corpus.
    ("cis-agreement-2001-computer-information", (
        r"соглашени\w*\s+СНГ\s+(?:от\s+)?2001(?:\s+г(?:од\w*|\.)?)?",
        r"CIS\s+agreement\s+(?:of\s+)?2001",
    )),
    ("cis-agreement-2018-it-crimes", (
        r"соглашени\w*\s+СНГ(?:\s+(?:от\s+)?2018(?:\s+г(?:од\w*|\.)?)?)?",
        r"ТМД\s+келісім\w*",
        r"CIS\s+agreement(?:\s+(?:of\s+)?2018)?",
    )),
)

_NUMBER = r"\d+(?:-\d+)?"  # 205, 7-1
# Ends an article number: not "205.2", "24/7", "2055" cut short or "205а".
_NUMBER_END = r"(?![\w/]|[.,]\d)"
# "205-бап", "205 бап": one optional hyphen among spaces, written "(?:\s*-)?\s*" rather
# than "\s*-?\s*", which could split a long run of spaces in quadratically many ways.
_HYPHEN = r"(?:\s*-)?\s*"
_ARTICLE_RU = rf"ст(?:ать[яиеюё]\w*|атей)?\.?\s*(?P<ru>{_NUMBER}){_NUMBER_END}"  # not "стать" (to become)
_ARTICLE_KK = rf"(?P<kk>{_NUMBER}){_HYPHEN}ба(?:п|б[ыі])\w*"  # 205-бап, 205 бабы, 205-баптың
_ARTICLE_EN = rf"art(?:icles?)?\.?\s*(?P<en>{_NUMBER}){_NUMBER_END}(?:\s*\((?P<en_part>\d+)\))?"  # 24(2)
_PART_RU_EN = rf"(?:ч(?:аст[ьиея]\w*)?|п(?:ункт\w*)?|para(?:graph)?s?)\.?\s*(?P<part>\d+){_NUMBER_END}"
_PART_KK = rf"(?P<kk_part>\d+){_HYPHEN}(?:бөл[іi][гк]\w*|тарма[қғ]\w*)"  # 2-бөлігі, 2-тармағы; not бөлім
_WORK_OF_GROUP = {f"work{number}": work for number, (work, _) in enumerate(WORK_NAMES)}
_WORK_NAME_GROUPS = [rf"(?P<work{number}>{'|'.join(names)})(?!\w)"
                     for number, (_, names) in enumerate(WORK_NAMES)]

# Every token starts and ends at a word boundary, which also keeps the scan linear:
# a run of digits or letters is tried once, from its first character.
_TOKEN = re.compile(
    r"(?<!\w)(?:"
    + "|".join([rf"(?P<article>{_ARTICLE_RU}|{_ARTICLE_KK}|{_ARTICLE_EN})",
                rf"(?P<part_marker>{_PART_RU_EN}|{_PART_KK})"]
               + _WORK_NAME_GROUPS)
    + ")",
    re.IGNORECASE,
)
# What may stand between the tokens of one reference: "ст. 205 УК", "Article 24,
# paragraph 2", "paragraph 2 of Article 24", "Article 24 of the Budapest Convention".
_GAP = re.compile(r"[\s,]*(?:of\s+(?:the\s+)?)?", re.IGNORECASE)
# A chain of tokens, one letter each (article, part, work), read as references. A part
# between two articles belongs to the second: "ст. 205 ч. 2 ст. 206" is ч. 2 of ст. 206.
_CHAIN_GRAMMAR = re.compile(
    r"(?P<before>w*)(?P<part_before>p)?(?P<article>a)(?P<part_after>p(?!a))?(?P<after>w*)")


@dataclass(frozen=True)
class Reference:
    """A reference to an article (or one of its parts) found in a query."""

    article: str  # "205", "24", "7-1"
    part: str = ""  # "2" for ч. 2, 2-бөлігі, para. 2, п. 2
    works: tuple[str, ...] = ()  # catalogue ids of the works it names; () = any work
    start: int = 0  # its span in the query
    end: int = 0

    @property
    def key(self) -> str:
        """The passage key of the place referred to: ``205`` or ``205.2``."""
        return f"{self.article}.{self.part}" if self.part else self.article


class _Token(NamedTuple):
    kind: str  # "a" article, "p" part, "w" work name
    start: int
    end: int
    value: str  # the number of an article or part, the id of a work
    part: str = ""  # the part written inside an article token: 24(2)


def find_references(query: str) -> list[Reference]:
    """The references in ``query``, in the order they appear."""
    references = []
    for chain in _chains(query, _tokens(query)):
        references += _read_chain(chain)
    return references


def strip_references(query: str, references) -> str:
    """``query`` without the spans of ``references`` and the punctuation beside them:
    the words to search for within the referenced passages."""
    pieces, done = [], 0
    for reference in sorted(references, key=lambda reference: reference.start):
        pieces.append(query[done:reference.start])
        done = reference.end
    pieces.append(query[done:])
    words = (piece.strip(" \t\n.,;:") for piece in pieces)
    return " ".join(word for word in words if word)


def _tokens(query: str) -> list[_Token]:
    """The article, part and work-name tokens of ``query``."""
    return [_token(match) for match in _TOKEN.finditer(query)]


def _token(match: re.Match) -> _Token:
    start, end = match.span()
    if match["article"]:
        number = match["ru"] or match["kk"] or match["en"]
        return _Token("a", start, end, number, match["en_part"] or "")
    if match["part_marker"]:
        return _Token("p", start, end, match["part"] or match["kk_part"])
    return _Token("w", start, end, _WORK_OF_GROUP[match.lastgroup])


def _chains(query: str, tokens: list[_Token]) -> list[list[_Token]]:
    """``tokens`` grouped into runs where only a ``_GAP`` separates neighbours."""
    chains = []
    for token in tokens:
        if chains and _GAP.fullmatch(query, chains[-1][-1].end, token.start):
            chains[-1].append(token)
        else:
            chains.append([token])
    return chains


def _read_chain(chain: list[_Token]) -> list[Reference]:
    """The references a chain of adjacent tokens makes, by ``_CHAIN_GRAMMAR``."""
    references = []
    kinds = "".join(token.kind for token in chain)
    for match in _CHAIN_GRAMMAR.finditer(kinds):
        article = chain[match.start("article")]
        parts = [chain[match.start(group)] for group in ("part_before", "part_after") if match[group]]
        work_tokens = chain[slice(*match.span("before"))] + chain[slice(*match.span("after"))]
        references.append(Reference(
            article=article.value,
            part=article.part or (parts[0].value if parts else ""),
            works=tuple(dict.fromkeys(token.value for token in work_tokens)),
            start=chain[match.start()].start,
            end=chain[match.end() - 1].end,
        ))
    return references
