"""Every passage a query matches, with its BM25F score, computed at once with numpy.

Whoosh scores one posting at a time in Python, some microseconds a match, and a ranking
here needs every match scored: the best ``ALIGNED_POOL`` lend their scores to their
language versions and the total is exact. On a large library a common word costs
seconds that way. Here a term's postings are read a block at a time into arrays and
scored with Whoosh's own BM25F formula, in the same order of operations, and queries
are combined as Whoosh's matchers combine them: ``Or`` and ``And`` add their parts'
scores, ``AndMaybe`` adds its second part where it matches, ``AndNot`` takes away, a
``Not`` inside an ``And`` takes away and adds its constant 1; phrases are checked on
their words' positions, prefixes and ranges scored as Whoosh scores their terms. Any
other query is left to Whoosh's own matcher, its matches taken as they come.

numpy costs more to import than a small query takes, so only queries with many postings
come here (``indexer.ranking.bulk_pays``).

Reads posting blocks (``indexer.codec``'s packed arrays) and Whoosh 2.7's length
columns (``FixedBytesColumn``'s bytes) directly: whoosh-reloaded is pinned to 2.7.5, and
tests/test_bulk.py checks every result against Whoosh's.
"""
from typing import NamedTuple
from weakref import WeakKeyDictionary

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

from indexer.codec import ArrayLeafMatcher, unpack, unpack_values
from indexer.filters import POSITION_BYTES, PositionArray

_BYTE_TO_LENGTH = np.array([byte_to_length(byte) for byte in range(256)], dtype=np.float64)
_POSITION_STRIDE = 1 << 32  # above any position: a posting's positions as one range of keys
_NOT_SCORE = 1.0  # what Whoosh's InverseMatcher scores a document
_TREE_UNION_DOCS = 5000  # Whoosh's Or scores a union of terms only in segments larger than this
_lengths: WeakKeyDictionary = WeakKeyDictionary()  # segment reader → {field: lengths by docnum}


class Scored(NamedTuple):
    ids: np.ndarray  # docnums, ascending, each once
    scores: np.ndarray


EMPTY = Scored(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))


def scored(searcher, query) -> Scored:
    """Every live document ``query`` matches, with the score Whoosh would give it."""
    return _Evaluator(searcher, _phrase_words(query, searcher.schema)).scored(query)


def _phrase_words(query, schema) -> set[tuple[str, str]]:
    """The ``(field, word)`` of the words of ``query``'s phrases in fields with positions:
    their positions are read."""
    if type(query) is wq.Phrase:
        return {(query.fieldname, word) for word in query.words} if _has_positions(schema, query.fieldname) else set()
    return set().union(*(_phrase_words(child, schema) for child in query.children()))


def _has_positions(schema, field: str) -> bool:
    """Whether ``field``'s postings hold positions as ``PositionArray`` encodes them."""
    return field in schema and type(schema[field].format) is PositionArray


def among(found: Scored, allowed: np.ndarray | None) -> Scored:
    """The part of ``found`` whose docnums are in the sorted array ``allowed`` (None: all)."""
    if allowed is None:
        return found
    return _masked(found, np.isin(found.ids, allowed, assume_unique=True))


def best(found: Scored, n: int | None) -> list[tuple[int, float]]:
    """The ``n`` best ``(docnum, score)`` (None: all), best first; equal scores by docnum."""
    if n is not None and len(found.ids) > n:
        threshold = np.partition(found.scores, len(found.scores) - n)[len(found.scores) - n]
        found = _masked(found, found.scores >= threshold)
    order = np.lexsort((found.ids, -found.scores))[:n]
    return list(zip(found.ids[order].tolist(), found.scores[order].tolist()))


def as_array(docnums_set) -> np.ndarray | None:
    if docnums_set is None or isinstance(docnums_set, np.ndarray):
        return docnums_set
    return np.sort(np.fromiter(docnums_set, dtype=np.int64, count=len(docnums_set)))


class _Evaluator:
    def __init__(self, searcher, phrase_words: set[tuple[str, str]]):
        self.searcher = searcher
        self.weighting = searcher.weighting
        self.schema = searcher.schema
        self.phrase_words = phrase_words
        self.read: dict[tuple, tuple] = {}  # (segment offset, field, word) → its postings and scores

    def scored(self, query) -> Scored:
        kind = type(query)
        if kind is wq.Term:
            return self.term(query)
        if isinstance(query, wq.Or) and not query.minmatch and not query.scale:
            return _boosted(_union([self.scored(sub) for sub in query.subqueries]), query.boost)
        if kind is wq.And:
            return _boosted(self.conjunction(query.subqueries), query.boost)
        if kind is wq.AndMaybe:
            return _maybe(self.scored(query.a), self.scored(query.b))
        if kind is wq.AndNot:
            return _without(self.scored(query.a), self.scored(query.b).ids)
        if kind is wq.ConstantScoreQuery:
            return _constant(self.scored(query.child).ids, query.score)
        if isinstance(query, wq.MultiTerm):
            return self.expanded(query)
        if kind is wq.Phrase:
            return self.phrase(query)
        if kind is wq.Every and query.fieldname is None:
            return _constant(self.live_docs(), query.boost)
        return self.by_whoosh(query)

    def conjunction(self, subqueries) -> Scored:
        if len(subqueries) == 1:
            return self.scored(subqueries[0])
        positive = [self.scored(sub) for sub in subqueries if type(sub) is not wq.Not]
        negative = [sub.query for sub in subqueries if type(sub) is wq.Not]
        found = positive[0] if positive else _constant(self.live_docs(), 0.0)
        for part in positive[1:]:
            found = _intersection(found, part)
        for excluded in negative:
            found = _without(found, self.scored(excluded).ids)
            found = Scored(found.ids, found.scores + _NOT_SCORE)
        return found

    def expanded(self, query) -> Scored:
        """A prefix, wildcard, fuzzy word or range, scored as Whoosh scores it in each
        segment: the one term it expands to, not boosted; the boosted sum of the terms'
        scores where Whoosh's ``Or`` picks its union tree (2 terms, or a segment of over
        ``_TREE_UNION_DOCS`` documents); else the boost alone."""
        parts = []
        for leaf, offset in self.searcher.leaf_searchers():
            reader = leaf.reader()
            terms = [wq.Term(query.field(), text) for text in query._btexts(reader) if text]
            found = _union([self.term_in(leaf, offset, term) for term in terms])
            if len(terms) > 2 and (reader.doc_count_all() <= _TREE_UNION_DOCS or len(terms) >= wq.Or.TOO_MANY_CLAUSES):
                found = _constant(found.ids, query.boost)
            elif len(terms) > 1:
                found = _boosted(found, query.boost)
            parts.append(found)
        return _concatenated(parts)

    def term(self, term) -> Scored:
        if term.fieldname not in self.schema or (term.fieldname, term.text) not in self.searcher.reader():
            return EMPTY
        return _concatenated([self.term_in(leaf, offset, term) for leaf, offset in self.searcher.leaf_searchers()])

    def term_in(self, leaf, offset: int, term) -> Scored:
        """A term's postings in one segment (``leaf``), scored and boosted."""
        found, scores = self.scored_postings(leaf, offset, term.fieldname, term.text)
        return EMPTY if found is None else _boosted(Scored(found.ids + offset, scores), term.boost)

    def scored_postings(self, leaf, offset: int, field: str, text):
        """``(postings, their scores)`` of a term in one segment; ``(None, None)`` if
        absent. Read once per query, with positions if a phrase has the word."""
        key = (offset, field, text)
        if key not in self.read:
            reader = leaf.reader()
            if (field, text) not in reader:
                self.read[key] = None, None
            else:
                found = _postings(reader, field, text, with_values=(field, text) in self.phrase_words)
                self.read[key] = found, self.bm25(field, text)(found.weights, reader, found.ids)
        return self.read[key]

    def phrase(self, phrase) -> Scored:
        """A phrase, as Whoosh's ``SpanNear2`` matches it: its words in order, each
        1 to ``slop`` positions after the one before; scored as the sum of its words'
        scores, boosted."""
        field = phrase.fieldname
        if field not in self.schema:
            return EMPTY
        if not _has_positions(self.schema, field):
            return self.by_whoosh(phrase)
        parts = []
        for leaf, offset in self.searcher.leaf_searchers():
            words = [self.scored_postings(leaf, offset, field, word) for word in phrase.words]
            if any(found is None for found, _ in words):
                continue
            candidates = words[0][0].ids
            for found, _ in words[1:]:
                candidates = np.intersect1d(candidates, found.ids, assume_unique=True)
            rows = [np.searchsorted(found.ids, candidates) for found, _ in words]
            keys = [_position_keys(found.values, row) for (found, _), row in zip(words, rows)]
            matched = _in_order(keys, len(candidates), phrase.slop)
            scores = sum(word_scores[row] for (_, word_scores), row in zip(words, rows))
            parts.append(Scored(candidates[matched] + offset, scores[matched]))
        return _boosted(_concatenated(parts), phrase.boost)

    def bm25(self, field: str, text):
        """A function of a segment's postings that scores them as ``BM25FScorer`` does."""
        if not self.schema[field].scorable:
            return lambda weights, reader, ids: weights
        idf = self.searcher.idf(field, text)
        average = self.searcher.avg_field_length(field) or 1
        b = self.weighting._field_B.get(field, self.weighting.B)
        k1 = self.weighting.K1

        def score(weights, reader, ids):
            lengths = field_lengths(reader, field)[ids]
            return idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average)))

        return score

    def by_whoosh(self, query) -> Scored:
        ids, scores = [], []
        context = self.searcher.context()
        for leaf, offset in self.searcher.leaf_searchers():
            matcher = query.matcher(leaf, context)
            while matcher.is_active():
                ids.append(matcher.id() + offset)
                scores.append(matcher.score())
                matcher.next()
        ids_array = np.array(ids, dtype=np.int64)
        order = np.argsort(ids_array, kind="stable")
        return Scored(ids_array[order], np.array(scores, dtype=np.float64)[order])

    def live_docs(self) -> np.ndarray:
        return np.fromiter(self.searcher.reader().all_doc_ids(), dtype=np.int64)


class _Values(NamedTuple):
    """Postings' encoded positions: posting ``i``'s are ``joined[starts[i]:ends[i]]``."""
    joined: bytes
    starts: np.ndarray
    ends: np.ndarray


def _values(lengths: list[np.ndarray], joined: list[bytes]) -> _Values:
    lengths = np.concatenate(lengths).astype(np.int64) if lengths else EMPTY.ids
    ends = np.cumsum(lengths)
    return _Values(b"".join(joined), ends - lengths, ends)


def _listed_values(encoded: list) -> _Values:
    encoded = [value or b"" for value in encoded]
    return _values([np.array([len(value) for value in encoded], dtype=np.int64)], encoded)


class _Postings(NamedTuple):
    ids: np.ndarray  # docnums in the segment
    weights: np.ndarray  # term frequencies
    values: _Values | None  # each posting's encoded positions, when asked for


def _postings(reader, field: str, text, with_values: bool = False) -> _Postings:
    """A term's live postings in one segment."""
    matcher = reader.postings(field, text)
    deleted = None
    if isinstance(matcher, FilterMatcher):
        deleted, matcher = matcher._ids, matcher.child
    if isinstance(matcher, ArrayLeafMatcher):
        found = _blocks(matcher, with_values)
    else:  # postings inlined in the term's entry, or a segment of another format
        ids, weights, values = [], [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value() if with_values else None)
            matcher.next()
        found = _Postings(np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64),
                          _listed_values(values) if with_values else None)
    if deleted:
        keep = ~np.isin(found.ids, np.fromiter(deleted, dtype=np.int64, count=len(deleted)))
        values = None if found.values is None else found.values._replace(starts=found.values.starts[keep],
                                                                          ends=found.values.ends[keep])
        found = _Postings(found.ids[keep], found.weights[keep], values)
    return found


def _blocks(matcher: ArrayLeafMatcher, with_values: bool) -> _Postings:
    """The blocks of an on-disk posting list from the current one on, as ``indexer.codec``
    packs them; the current one is read from its start."""
    ids, weights, value_lengths, joined = [], [], [], []
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        (first, deltas), block_weights = matcher._data[0], matcher._data[1]
        ids.append(np.cumsum(np.concatenate(([first], _unpacked(deltas)))))
        if block_weights is None or isinstance(block_weights, float):
            weights.append(np.full(matcher._blocklength, 1.0 if block_weights is None else block_weights))
        else:
            weights.append(_unpacked(block_weights).astype(np.float64))
        if with_values:  # positions: values of a variable size
            lengths, block_joined = unpack_values(matcher._data[2])
            value_lengths.append(np.frombuffer(lengths, dtype=lengths.typecode))
            joined.append(block_joined)
        matcher._next_block()
    values = _values(value_lengths, joined) if with_values else None
    if not ids:  # a deletion filter skipped every block
        return _Postings(EMPTY.ids, EMPTY.scores, values)
    return _Postings(np.concatenate(ids), np.concatenate(weights), values)


def _unpacked(packed: tuple[str, bytes]) -> np.ndarray:
    numbers = unpack(packed)
    return np.frombuffer(numbers, dtype=numbers.typecode)


def _position_keys(values: _Values, rows: np.ndarray) -> np.ndarray:
    """``n × _POSITION_STRIDE + position`` for every position of the ``n``-th posting of
    ``rows``, ascending (each posting's positions are ``PositionArray``'s differences)."""
    differences = np.frombuffer(values.joined, dtype=np.uintc)
    starts, counts = values.starts[rows] // POSITION_BYTES, (values.ends[rows] - values.starts[rows]) // POSITION_BYTES
    firsts = np.cumsum(counts) - counts  # where each posting's positions start among the picked ones
    picked = differences[np.repeat(starts - firsts, counts) + np.arange(counts.sum())].astype(np.int64)
    running = np.cumsum(picked)
    positions = running - np.repeat(running[firsts] - picked[firsts], counts)
    return np.repeat(np.arange(len(rows), dtype=np.int64) * _POSITION_STRIDE, counts) + positions


def _in_order(keys: list[np.ndarray], candidates: int, slop: int) -> np.ndarray:
    """For each of ``candidates``, whether some position of each word follows one of the
    word before by 1 to ``slop`` (``keys`` of each word as ``_position_keys`` makes them)."""
    reached = keys[0]
    for following in keys[1:]:
        if not len(reached):
            break
        nearest = np.searchsorted(reached, following - slop)  # the first one at most slop before
        in_reach = nearest < len(reached)
        in_reach[in_reach] = reached[nearest[in_reach]] <= following[in_reach] - 1
        reached = following[in_reach]
    matched = np.zeros(candidates, dtype=bool)
    matched[reached // _POSITION_STRIDE] = True
    return matched


def field_lengths(reader, field: str) -> np.ndarray:
    """The length of ``field`` in each document of a segment, as Whoosh stores it (a
    byte, decoded), cached per reader."""
    by_field = _lengths.setdefault(reader, {})
    if field not in by_field:
        column = reader._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
        doc_count = reader.doc_count_all()
        encoded = np.zeros(doc_count, dtype=np.uint8)
        if column is not None:
            raw = column._dbfile.get(column._basepos, column._count)
            encoded[:column._count] = np.frombuffer(bytes(raw), dtype=np.uint8)[:doc_count]
        by_field[field] = _BYTE_TO_LENGTH[encoded]
    return by_field[field]


def _concatenated(parts: list[Scored]) -> Scored:
    if not parts:
        return EMPTY
    if len(parts) == 1:
        return parts[0]
    return Scored(np.concatenate([part.ids for part in parts]), np.concatenate([part.scores for part in parts]))


def _constant(ids: np.ndarray, score: float) -> Scored:
    return Scored(ids, np.full(len(ids), score, dtype=np.float64))


def _boosted(found: Scored, boost: float) -> Scored:
    return found if boost == 1.0 else Scored(found.ids, found.scores * boost)


def _union(parts: list[Scored]) -> Scored:
    parts = [part for part in parts if len(part.ids)]
    if len(parts) <= 1:
        return parts[0] if parts else EMPTY
    ids, where = np.unique(np.concatenate([part.ids for part in parts]), return_inverse=True)
    return Scored(ids, np.bincount(where, weights=np.concatenate([part.scores for part in parts]),
                                   minlength=len(ids)))


def _intersection(first: Scored, second: Scored) -> Scored:
    ids, in_first, in_second = np.intersect1d(first.ids, second.ids, assume_unique=True, return_indices=True)
    return Scored(ids, first.scores[in_first] + second.scores[in_second])


def _maybe(required: Scored, optional: Scored) -> Scored:
    _, in_required, in_optional = np.intersect1d(required.ids, optional.ids, assume_unique=True,
                                                 return_indices=True)
    scores = required.scores.copy()
    scores[in_required] += optional.scores[in_optional]
    return Scored(required.ids, scores)


def _without(found: Scored, excluded: np.ndarray) -> Scored:
    return _masked(found, ~np.isin(found.ids, excluded, assume_unique=True))


def _masked(found: Scored, mask: np.ndarray) -> Scored:
    return Scored(found.ids[mask], found.scores[mask])
