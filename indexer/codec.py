"""Whoosh 2.7's on-disk format with posting blocks as packed arrays.

Whoosh's W3 codec pickles each block of postings as tuples of Python numbers (a weight
takes 9 bytes before compression) and compresses the whole block, so reading a block
means decompressing and unpickling every docnum, weight and position. ``ArrayCodec``
writes the same blocks with the docnums, the weights and the positions each as one
compressed array, in blocks of ``BLOCK_POSTINGS``: a reader that wants docnums and
weights (``indexer.bulk``) decompresses just those, unpickles nothing per posting, and
the index is smaller.

A passage's stored fields (its text, title, location…) are a few hundred bytes, too few
for zlib to find much to repeat: they are compressed against a preset dictionary of
typical stored fields (``STORED_DICTIONARY``, made by tools/build_stored_dictionary.py
from the bundled corpus). A segment keeps the name of the dictionary it was written
with, so a new dictionary must get a new name.

It also inlines a term with a single posting into its entry in the term table, which
W3 means to do but never does (it inlines fewer than ``inlinelimit`` postings, its
default limit is 1, and a higher one calls a method its term info does not have).

Everything else — term tables, columns, segments, merging — is Whoosh's, and Whoosh
reads these segments through ``ArrayCodec`` itself: a segment keeps the codec that
wrote it (pickled by this module's name).
"""
import zlib
from array import array
from functools import cache
from itertools import accumulate, pairwise
from pathlib import Path

from whoosh import columns
from whoosh.codec.whoosh3 import (
    W3Codec,
    W3LeafMatcher,
    W3PerDocReader,
    W3PerDocWriter,
    W3PostingsWriter,
)

BLOCK_POSTINGS = 1024  # postings per block (W3: 128); fewer blocks, less per-block work
INLINE_POSTINGS = 1  # a term with at most this many postings keeps them in its term entry
COMPRESSION = 3  # zlib level of each array of a block (W3's level for whole blocks)
STORED_DICTIONARY = "stored-fields-1.zdict"  # in indexer/data
STORED_COLUMN = "_stored"  # Whoosh's column of stored fields
_FLOAT = "f"  # weights are float32 in Whoosh


def pack(numbers) -> tuple[str, bytes]:
    """Non-negative integers (or float32 weights) as the smallest array that holds them, compressed."""
    if isinstance(numbers, array) and numbers.typecode == _FLOAT:
        if not all(weight.is_integer() and 0 <= weight < 256 for weight in numbers):
            return _FLOAT, zlib.compress(numbers.tobytes(), COMPRESSION)
        numbers = [int(weight) for weight in numbers]
    largest = max(numbers, default=0)
    typecode = "B" if largest < 1 << 8 else "H" if largest < 1 << 16 else "I"
    return typecode, zlib.compress(array(typecode, numbers).tobytes(), COMPRESSION)


def unpack(packed: tuple[str, bytes]) -> array:
    typecode, compressed = packed
    numbers = array(typecode)
    numbers.frombytes(zlib.decompress(compressed))
    return numbers


def unpack_values(values: tuple) -> tuple[array, bytes]:
    """A block's values of a variable size: their lengths and their bytes, joined."""
    lengths, compressed = values
    return unpack(lengths), zlib.decompress(compressed)


class ArrayPostingsWriter(W3PostingsWriter):
    """Block data: ``((first docnum, packed deltas of the rest), weights, values)``;
    weights are None (all 1.0), one float (all the same) or packed; values of a
    variable size are ``(packed lengths, zlib-compressed bytes)``."""

    def _mini_ids(self):
        ids = self._ids
        return ids[0], pack([later - earlier for earlier, later in pairwise(ids)])

    def _mini_weights(self):
        weights = super()._mini_weights()
        return pack(self._weights) if isinstance(weights, tuple) else weights

    def _mini_values(self):
        values = super()._mini_values()
        if not isinstance(values, tuple):
            return values
        return pack([len(value) for value in values]), zlib.compress(b"".join(values), COMPRESSION)

    def finish_postings(self):
        if self.written() or len(self) > INLINE_POSTINGS:
            return super().finish_postings()
        terminfo, self._terminfo = self._terminfo, None
        terminfo.add_block(self)
        # without values, Whoosh's ListMatcher gives "" (a str), which a merge cannot write back
        terminfo.set_inlined(self._ids, self._weights, self._values or (None,) * len(self._ids))
        return terminfo


class ArrayLeafMatcher(W3LeafMatcher):
    """Whoosh's matcher over ``ArrayPostingsWriter``'s blocks."""

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        first, deltas = self._data[0]
        self._ids = tuple(accumulate(unpack(deltas), initial=first))

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        weights = self._data[1]
        if weights is None or isinstance(weights, float):
            super()._read_weights()
        else:
            self._weights = array(_FLOAT, unpack(weights).tolist())

    def _read_values(self):
        if self._data is None:
            self._read_data()
        values = self._data[2]
        if not isinstance(values, tuple):
            super()._read_values()
            return
        lengths, joined = unpack_values(values)
        self._values = tuple(joined[start:end] for start, end in pairwise(accumulate(lengths, initial=0)))


# zlib takes longer to load a dictionary than to compress a passage: a primed
# (de)compressor is copied for each value instead
@cache
def primed_compressor(dictionary: str, level: int):
    return zlib.compressobj(level, zdict=_dictionary_bytes(dictionary))


@cache
def primed_decompressor(dictionary: str):
    return zlib.decompressobj(zdict=_dictionary_bytes(dictionary))


def _dictionary_bytes(name: str) -> bytes:
    return (Path(__file__).parent / "data" / name).read_bytes()


class DictionaryCompressedColumn(columns.CompressedBytesColumn):
    """Whoosh's zlib-compressed column of byte strings, with a preset dictionary."""

    def __init__(self, name: str):
        super().__init__(level=COMPRESSION)
        self.name = name

    def writer(self, dbfile):
        writer = super().writer(dbfile)
        writer._compress = self._compress  # what Whoosh's writer calls on each value
        return writer

    def reader(self, dbfile, basepos, length, doccount):
        reader = super().reader(dbfile, basepos, length, doccount)
        reader._decompress = self._decompress
        return reader

    def _compress(self, value: bytes, level: int) -> bytes:
        compressor = primed_compressor(self.name, level).copy()
        return compressor.compress(value) + compressor.flush()

    def _decompress(self, value: bytes) -> bytes:
        decompressor = primed_decompressor(self.name).copy()
        return decompressor.decompress(value) + decompressor.flush()


def stored_column(name: str):
    return columns.PickleColumn(DictionaryCompressedColumn(name))


class ArrayPerDocWriter(W3PerDocWriter):
    def _create_column(self, fieldname, column):
        if fieldname == STORED_COLUMN:
            column = stored_column(self._codec.stored_dictionary)
        super()._create_column(fieldname, column)


class ArrayPerDocReader(W3PerDocReader):
    def stored_fields(self, docnum):
        column = self._cached_reader(STORED_COLUMN, stored_column(self._segment.codec().stored_dictionary))
        return column[docnum] or {}


class ArrayCodec(W3Codec):
    def __init__(self):
        super().__init__(blocklimit=BLOCK_POSTINGS, compression=0)  # blocks are not compressed whole
        self.stored_dictionary = STORED_DICTIONARY

    def per_document_writer(self, storage, segment):
        return ArrayPerDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return ArrayPerDocReader(storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors, which Zan does not keep
            return super().postings_writer(dbfile, byteids)
        return ArrayPostingsWriter(dbfile, blocklimit=self._blocklimit, compression=0)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
