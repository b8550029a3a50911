"""Whoosh tokenizer and filters wrapping the analysis core (``indexer.analysis``).

Each does one step, as Whoosh filters do:
``WordTokenizer | IndexForm | TokenLanguage(lang) | Lemma | Stop``. Whoosh pickles
the analyzers into the index schema, so these classes keep their names and stay small.
"""
from array import array
from collections import Counter, defaultdict
from itertools import accumulate, pairwise

from whoosh.analysis import Filter, Tokenizer
from whoosh.analysis import Token as WhooshToken
from whoosh.fields import ID, NUMERIC, TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

from indexer import analysis
from indexer.normalise import index_form


class WordTokenizer(Tokenizer):
    """Whoosh tokenizer built on :func:`indexer.analysis.split_words`."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        words = analysis.split_words(value) if tokenize else [(value, 0, len(value))]
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


class IndexForm(Filter):
    """Normalised lower case, ``ё`` → ``е``."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = index_form(token.text)
            yield token


class TokenLanguage(Filter):
    """Sets ``token.lang`` from the word's script and the field's language."""

    def __init__(self, context: str):
        self.context = context

    def __eq__(self, other):
        return type(other) is type(self) and other.context == self.context

    def __call__(self, tokens):
        for token in tokens:
            token.lang = analysis.token_language(token.text, self.context)
            yield token


class Lemma(Filter):
    """Replaces the word by its lemma in ``token.lang``."""

    is_morph = True

    def __call__(self, tokens):
        for token in tokens:
            token.text = analysis.lemma_of(token.lang, token.text)
            yield token


class Stop(Filter):
    """Drops stopwords of ``token.lang``; positions are renumbered over the kept words,
    so a phrase matches across stopwords."""

    def __call__(self, tokens):
        position = None
        for token in tokens:
            if analysis.is_stopword(token.lang, token.text):
                if not token.removestops:
                    token.stopped = True
                    yield token
                continue
            if token.positions:
                position = token.pos if position is None else position + 1
                token.pos = position
            token.stopped = False
            yield token


class ConceptTokenizer(Tokenizer):
    """Reads the concept stream of a passage (:func:`concept_stream`): ``"3:illegal-access"``
    becomes the token ``illegal-access`` at position 3, the content-word position where
    the term starts, so concepts and words share positions."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for item in value.split() if tokenize else [f"0:{value}"]:
            position, _, concept = item.rpartition(":")
            token.text, token.boost, token.stopped = concept, 1.0, False
            if positions:
                token.pos = start_pos + int(position or 0)
            if chars:
                token.startchar = token.endchar = start_char
            yield token


def concept_stream(matches) -> str:
    """The value of the ``concepts`` field for the concept matches of a passage."""
    return " ".join(f"{match.start}:{concept}" for match in matches for concept in match.concepts)


class Postings(tuple):
    """A passage's postings in a ``BodyField``, worked out away from the writer:
    ``(term bytes, frequency, weight, value)`` per term, the value encoded as the
    field's format encodes it."""


POSITION_BYTES = array("I").itemsize


class PositionArray(Positions):
    """Whoosh's ``Positions`` format with a posting's positions as an array of their
    differences (``array('I')``), not a pickled list: a reader of many postings
    (``indexer.bulk``) decodes them all at once."""

    def encode(self, poslist):
        return array("I", [later - earlier for earlier, later in pairwise([0, *poslist])]).tobytes()

    def decode_positions(self, valuestring):
        return list(accumulate(array("I", valuestring)))

    def decode_frequency(self, valuestring):
        return len(valuestring) // POSITION_BYTES


_POSITIONS = PositionArray()  # the format of a BodyField (phrase=True): positions only


def _postings(terms) -> Postings:
    places = defaultdict(list)
    for term, position in terms:
        places[term].append(position)
    return Postings((term.encode("utf-8"), len(positions), float(len(positions)), _POSITIONS.encode(positions))
                    for term, positions in places.items())


def body_postings(words) -> Postings:
    """The ``body_<lang>`` postings of a passage's ``IndexWord``s: its content words,
    positions counted over them from the first one's place, as the ``Stop`` filter numbers them."""
    content = [(n, word) for n, word in enumerate(words) if not word.stop]
    first = content[0][0] if content else 0
    return _postings((word.lemma, first + i) for i, (_, word) in enumerate(content))


def surface_postings(words) -> Postings:
    """The ``surface`` postings of a passage: how often each word stands in it as written
    (in its index form), encoded as the field's ``Frequency`` format encodes it."""
    counts = Counter(word.form for word in words)
    return Postings((form.encode("utf-8"), n, float(n), pack_uint(n)) for form, n in counts.items())


class BodyField(TEXT):
    """A text field whose postings may be worked out before the writer: indexing takes
    the ``Postings`` of a passage (``indexer.indexing``) as they are; any other value
    goes through the analyzer. With ``phrase``, its format is ``PositionArray``."""

    def __init__(self, phrase: bool = True, **kwargs):
        super().__init__(phrase=phrase, **kwargs)
        if phrase:
            self.format = PositionArray(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        if isinstance(value, Postings):
            return value
        return super().index(value, **kwargs)


class WholeValueID(ID):
    """Whoosh's ``ID`` field, its one term made without the analyzer: the writer indexes
    eight such fields for every passage, and ``IDTokenizer`` makes the whole value the term."""

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            return super().index(value, **kwargs)
        return ((value.encode("utf-8"), 1, self.format.field_boost, b""),)


class ColumnNumber(NUMERIC):
    """Whoosh's ``NUMERIC`` field, stored and kept in a column but not indexed: a
    passage's order is read and sorted on, never searched, and ``NUMERIC`` indexes eight
    terms of every value (one per 4-bit shift), a seventh of a library's postings."""

    indexed = False


def surface_analyzer():
    """The analyzer of the ``surface`` field: words as written, in their index form."""
    return WordTokenizer() | IndexForm()


def body_analyzer(lang: str):
    """The analyzer of the ``body_<lang>`` field."""
    return WordTokenizer() | IndexForm() | TokenLanguage(lang) | Lemma() | Stop()
