"""The one token-analysis core: surface → index form → token language → lemma → stop → concepts.

Pure Python. The Whoosh filters (``indexer.filters``) wrap these functions to index text,
queries are analysed with them, and ``zan analyze`` shows their result, so the index,
the query and the user all see the same analysis.

A token's language follows its script first (Latin → English, a Kazakh letter →
Kazakh), then the language of the text around it (the *context*): an English word in a
Russian passage is lemmatised as English.
"""
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

import stopwords
from indexer import lemmas
from indexer.model import Token
from indexer.normalise import index_form
from indexer.scripts import CYRILLIC_LETTER, KAZAKH_LETTER, LATIN_LETTER

LANGUAGES = lemmas.LANGUAGES

# Abbreviations of content words, expanded whatever the language (the tokeniser keeps the dot).
ABBREVIATIONS = {
    "ст.": "статья", "ч.": "часть", "п.": "пункт", "пп.": "подпункт", "гл.": "глава",
    "art.": "article", "arts.": "article", "para.": "paragraph",
}

# A word: letters and digits, with inner hyphens or apostrophes (``205-бап``, ``226-V``,
# ``іс-әрекет``, ``co-operation``, ``party's``), and an optional trailing dot.
_WORD = re.compile(r"\w+(?:[-'’]\w+)*\.?")


def valid_text(text: str) -> str:
    """``text`` with lone surrogates (undecodable bytes a shell passed on) as U+FFFD."""
    return text.encode("utf-8", "replace").decode("utf-8") if not text.isascii() else text


def split_words(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield ``(surface, start, end)`` for each word of ``text``."""
    for match in _WORD.finditer(text):
        word, end = match.group(), match.end()
        if word.endswith(".") and word.lower() not in ABBREVIATIONS:
            word, end = word[:-1], end - 1
        if word.strip("_"):
            yield word, match.start(), end


def token_language(form: str, context: str) -> str:
    """The language to analyse one word in, given the language of the text around it."""
    if LATIN_LETTER.search(form) and not CYRILLIC_LETTER.search(form):
        return "en"
    if KAZAKH_LETTER.search(form):
        return "kk"
    if CYRILLIC_LETTER.search(form):
        return context if context in ("ru", "kk") else "ru"
    return context


MAX_WORD_CHARS = 64  # no word of the three languages is longer; a longer "word" is its own lemma


def lemma_of(lang: str, form: str) -> str:
    """Lemma of a word given in its index form (``index_form``)."""
    if len(form) > MAX_WORD_CHARS:
        return form
    return ABBREVIATIONS.get(form) or lemmas.lemma(lang, form)


def is_stopword(lang: str, lemma: str) -> bool:
    return lemma in stopwords.load(lang)


def is_stopword_anywhere(form: str) -> bool:
    """A function word of any language (compared in its index form)."""
    return any(form in stopwords.load(lang) for lang in LANGUAGES)


@lru_cache(maxsize=1 << 16)
def analyse_word(surface: str, context: str) -> tuple[str, str, bool, str]:
    """``(language, lemma, stop, index form)`` of one word in a text of language ``context``.

    Cached: texts repeat their words, and this is most of the cost of indexing."""
    form = index_form(surface)
    lang = token_language(form, context)
    lemma = lemma_of(lang, form)
    return lang, lemma, is_stopword(lang, lemma), form


def analyze(text: str, lang: str | None = None, concepts=None) -> list[Token]:
    """The token stream of ``text``: each word with its lemma, language, stop flag.

    ``lang`` is the language of the text (identified when not given); each word is
    analysed in the language its script allows (see :func:`token_language`). With a
    ``concepts`` matcher (``indexer.thesaurus.ConceptMatcher``), each token also
    carries the ids of the thesaurus concepts whose terms it is part of.
    """
    text = valid_text(text)
    if lang is None:
        from indexer import langid
        lang = langid.detect(text)
    tokens = []
    for surface, start, end in split_words(text):
        word_lang, lemma, stop, _ = analyse_word(surface, lang)
        tokens.append(Token(text=surface, lemma=lemma, lang=word_lang, start=start, end=end,
                            stop=stop, segmentation=_segmentation(word_lang, surface)))
    return concepts.annotate(tokens) if concepts is not None else tokens


def content_tokens(text: str, lang: str) -> list[tuple[str, int, int]]:
    """``(lemma, start, end)`` of the words of ``text`` that are not stopwords: the
    terms of the index, in order (their positions are their places in this list)."""
    found = []
    for surface, start, end in split_words(text):
        _, lemma, stop, _ = analyse_word(surface, lang)
        if not stop:
            found.append((lemma, start, end))
    return found


class IndexWord(NamedTuple):
    surface: str
    start: int
    end: int
    lemma: str
    stop: bool
    form: str  # the index form (``index_form``)


def index_words(text: str, lang: str) -> list[IndexWord]:
    """Every word of ``text`` with its lemma and stop flag: what indexing needs, once."""
    return [IndexWord(surface, start, end, *analyse_word(surface, lang)[1:])
            for surface, start, end in split_words(text)]


def content_words(text: str, lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The content words of ``text`` as written and as lemmas (``content_tokens``)."""
    tokens = content_tokens(text, lang)
    return tuple(text[start:end] for _, start, end in tokens), tuple(lemma for lemma, _, _ in tokens)


def content_lemmas(text: str, lang: str) -> tuple[str, ...]:
    """The lemmas of the words of ``text`` that are not stopwords, as the index holds them."""
    return tuple(lemma for lemma, _, _ in content_tokens(text, lang))


def _segmentation(lang: str, surface: str) -> str:
    if lang != "kk" or len(surface) > MAX_WORD_CHARS:
        return ""
    from indexer.morph import kk
    return kk.analyse(surface)[0].segmentation
