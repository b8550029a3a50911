"""Per-language analysis: tokenise → normalise → lemmatise → stopwords.

The same analyzers index the text, analyse queries and find the words to highlight.
Whoosh pickles them into the index schema, so the classes here must stay importable
under these names.
"""
import re
from collections.abc import Iterator

from whoosh.analysis import Filter, Tokenizer
from whoosh.analysis import Token as WhooshToken

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


def split_words(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield ``(surface, start, end)`` for each word of ``text``."""
    for match in _WORD.finditer(text):
        word, end = match.group(), match.end()
        if word.endswith(".") and word.lower() not in ABBREVIATIONS:
            word, end = word[:-1], end - 1
        if word.strip("_"):
            yield word, match.start(), end


def lemma_of(lang: str, form: str) -> str:
    """Lemma of a word given in its index form (``index_form``)."""
    return ABBREVIATIONS.get(form) or lemmas.lemma(lang, form)


def is_stopword(lang: str, lemma: str) -> bool:
    return lemma in stopwords.load(lang)


def is_stopword_anywhere(form: str) -> bool:
    """A function word of any language (compared in its surface form)."""
    return any(form in stopwords.load(lang) for lang in LANGUAGES)


class WordTokenizer(Tokenizer):
    """Whoosh tokenizer built on :func:`split_words`."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        words = split_words(value) if tokenize else [(value, 0, len(value))]
        for position, (word, start, end) in enumerate(words):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class LanguageFilter(Filter):
    """Replace each word by its lemma in one language and drop that language's stopwords.

    At query time a word that is a function word of *any* language is dropped too: the
    query is analysed for every language field at once, and ``и`` must not turn into a
    required Kazakh or English term. Positions are renumbered over the kept words, so
    phrases match across stopwords.
    """

    def __init__(self, lang: str):
        self.lang = lang

    def __eq__(self, other):
        return type(other) is type(self) and other.lang == self.lang

    def __call__(self, tokens):
        position = None
        for token in tokens:
            form = index_form(token.text)
            token.text = lemma_of(self.lang, form)
            stopped = is_stopword(self.lang, token.text) or (
                token.mode == "query" and is_stopword_anywhere(form))
            if stopped:
                if not token.removestops:
                    token.stopped = True
                    yield token
                continue
            if token.positions:
                position = token.pos if position is None else position + 1
                token.pos = position
            token.stopped = False
            yield token


def analyzer(lang: str):
    """The Whoosh analyzer of the ``body_<lang>`` field."""
    return WordTokenizer() | LanguageFilter(lang)


def word_language(surface: str, text_lang: str) -> str:
    """Language to analyse one word in, given the language of the text around it."""
    if LATIN_LETTER.search(surface) and not CYRILLIC_LETTER.search(surface):
        return "en"
    if KAZAKH_LETTER.search(surface):
        return "kk"
    if CYRILLIC_LETTER.search(surface):
        return text_lang if text_lang in ("ru", "kk") else "ru"
    return text_lang


def analyze(text: str, lang: str | None = None) -> list[Token]:
    """The token stream of ``text``: each word with its lemma, language and stop flag.

    With ``lang`` every word is analysed in that language; without it, the language of
    the text is identified and each word is analysed in the language its script allows.
    """
    if lang is None:
        from indexer import langid
        text_lang = langid.detect(text)
    tokens = []
    for surface, start, end in split_words(text):
        word_lang = lang or word_language(surface, text_lang)
        lemma = lemma_of(word_lang, index_form(surface))
        tokens.append(Token(
            text=surface, lemma=lemma, lang=word_lang, start=start, end=end,
            stop=is_stopword(word_lang, lemma), segmentation=_segmentation(word_lang, surface),
        ))
    return tokens


def _segmentation(lang: str, surface: str) -> str:
    if lang != "kk":
        return ""
    from indexer.morph import kk
    return kk.analyse(surface)[0].segmentation
