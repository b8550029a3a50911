"""Whoosh 2.7's on-disk format with posting blocks as packed arrays.

Whoosh's W3 codec pickles each block of postings as tuples of Python numbers (a weight
takes 9 bytes before compression) and compresses the whole block, so reading a block
means decompressing and unpickling every docnum, weight and position. ``ArrayCodec``
writes the same blocks with the docnums, the weights and the positions each as one
array, compressed where that makes it smaller, in blocks of ``BLOCK_POSTINGS``: a reader
that wants docnums and weights (``indexer.bulk``) decompresses just those, unpickles
nothing per posting, and the index is smaller.

A passage's stored fields (its text, title, location…) are a few hundred bytes, too few
for zlib to find much to repeat: they are compressed in blocks of neighbouring passages,
against a preset dictionary of typical stored fields (``STORED_DICTIONARY``, made by
tools/build_stored_dictionary.py from the bundled corpus). A segment keeps the name of
the dictionary it was written with, so a new dictionary must get a new name.

It also inlines a term with a single posting into its entry in the term table, which
W3 means to do but never does (it inlines fewer than ``inlinelimit`` postings, its
default limit is 1, and a higher one calls a method its term info does not have). The
entry keeps only the posting's value after W3's header (``OnePostingTermInfo``): W3
would pickle the posting, 30–77 bytes, and most terms of a library — a passage's place,
a rare word — have one posting.

Everything else — the term table's layout, columns, segments, merging — is Whoosh's, and Whoosh
reads these segments through ``ArrayCodec`` itself: a segment keeps the codec that
wrote it (pickled by this module's name).
"""
import pickle
import zlib
from array import array
from bisect import bisect_right
from functools import cache
from itertools import accumulate, pairwise
from pathlib import Path

from whoosh import columns
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldCursor,
    W3FieldWriter,
    W3LeafMatcher,
    W3PerDocReader,
    W3PerDocWriter,
    W3PostingsWriter,
    W3TermInfo,
    W3TermsReader,
)
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length, length_to_byte

BLOCK_POSTINGS = 1024  # postings per block (W3: 128); fewer blocks, less per-block work
INLINE_POSTINGS = 1  # a term with at most this many postings keeps them in its term entry
PICKLE_PROTOCOL = 4
COMPRESSION = 3  # zlib level of each array of a block (W3's level for whole blocks)
STORED_DICTIONARY = "stored-fields-1.zdict"  # in indexer/data
STORED_BLOCK_BYTES = 16 * 1024  # stored fields compressed together (about 40 passages)
STORED_COMPRESSION = 6  # zlib level of a block of stored fields
STORED_COLUMN = "_stored"  # Whoosh's column of stored fields
_FLOAT = "f"  # weights are float32 in Whoosh
_COMPRESSED = "z"  # ends the typecode of a zlib-compressed array
_OFFSET_BYTES = array("Q").itemsize  # an entry of a block-compressed column's table
_LENGTH_BYTES = array("I").itemsize  # a value's length at the start of a stored-fields block


def pack(numbers) -> tuple[str, bytes]:
    """Non-negative integers (or float32 weights) as the smallest array that holds them,
    compressed where that makes them smaller."""
    if isinstance(numbers, array) and numbers.typecode == _FLOAT:
        if not all(weight.is_integer() and 0 <= weight < 256 for weight in numbers):
            return _squeezed(_FLOAT, numbers.tobytes())
        numbers = [int(weight) for weight in numbers]
    largest = max(numbers, default=0)
    typecode = "B" if largest < 1 << 8 else "H" if largest < 1 << 16 else "I"
    return _squeezed(typecode, array(typecode, numbers).tobytes())


def unpack(packed: tuple[str, bytes]) -> array:
    typecode, raw = _unsqueezed(packed)
    numbers = array(typecode)
    numbers.frombytes(raw)
    return numbers


def unpack_values(values: tuple) -> tuple[array, bytes]:
    """A block's values of a variable size: their lengths and their bytes, joined."""
    lengths, joined = values
    return unpack(lengths), _unsqueezed(joined)[1]


def _squeezed(typecode: str, raw: bytes) -> tuple[str, bytes]:
    """``raw`` zlib-compressed, its typecode marked, unless that is longer: a small
    block's array is shorter than zlib's 11 bytes of framing."""
    compressed = zlib.compress(raw, COMPRESSION)
    return (typecode + _COMPRESSED, compressed) if len(compressed) < len(raw) else (typecode, raw)


def _unsqueezed(packed: tuple[str, bytes]) -> tuple[str, bytes]:
    typecode, data = packed
    if typecode.endswith(_COMPRESSED):
        return typecode[:-len(_COMPRESSED)], zlib.decompress(data)
    return typecode, data


class OnePostingTermInfo(W3TermInfo):
    """W3's term info, whose entry, for a term with one posting, is W3's header and then
    just that posting's value: its docnum and weight are the header's first docnum and
    total weight (a float32, as Whoosh keeps every weight). Any other term's entry is W3's."""

    ONE_POSTING = 2  # the header's flags byte (W3: 0 postings elsewhere, 1 inlined)
    _VALUE = b"\x01"  # starts the value of a posting that has one (Existence has None)
    _NO_EXTENT = bytes(12)  # what W3's from_bytes reads after the header of a term not inlined

    def to_bytes(self):
        entry = super().to_bytes()
        if not self.is_inlined():
            return entry
        ids, _, values = self._inlined
        if len(ids) != 1:
            return entry
        header = bytes([self.ONE_POSTING]) + entry[1:self._struct.size]
        return header + (b"" if values[0] is None else self._VALUE + values[0])

    @classmethod
    def from_bytes(cls, entry):
        if entry[0] != cls.ONE_POSTING:
            return super().from_bytes(entry)
        size = cls._struct.size
        terminfo = super().from_bytes(b"\x00" + entry[1:size] + cls._NO_EXTENT)
        terminfo._offset = terminfo._length = None
        value = entry[size + 1:] if len(entry) > size else None
        terminfo.set_inlined((terminfo._minid,), (terminfo._weight,), (value,))
        return terminfo


class ArrayTermsReader(W3TermsReader):
    """W3's term table, its entries read as ``OnePostingTermInfo``."""

    def cursor(self, fieldname, fieldobj):
        return ArrayFieldCursor(self._tindex, fieldname, self._keycoder, self._keydecoder, fieldobj)

    def items(self):
        return ((self._keydecoder(key), OnePostingTermInfo.from_bytes(entry)) for key, entry in self._tindex.items())

    def items_from(self, fieldname, prefix):
        return ((self._keydecoder(key), OnePostingTermInfo.from_bytes(entry))
                for key, entry in self._tindex.items_from(self._keycoder(fieldname, prefix)))

    def term_info(self, fieldname, tbytes):
        try:
            entry = self._tindex[self._keycoder(fieldname, tbytes)]
        except KeyError:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}") from None
        return OnePostingTermInfo.from_bytes(entry)


class ArrayFieldCursor(W3FieldCursor):
    def term_info(self):
        if self._pos is None:
            return None
        return OnePostingTermInfo.from_bytes(self._tindex.dbfile.get(self._datapos, self._datalen))


class ArrayPostingsWriter(W3PostingsWriter):
    """Block data: ``((first docnum, packed deltas of the rest), weights, values)``;
    weights are None (all 1.0), one float (all the same) or packed; values of a
    variable size are ``(packed lengths, (typecode "" or "z", joined bytes))``, as
    ``pack`` marks compression."""

    def start_postings(self, format_, terminfo):
        super().start_postings(format_, OnePostingTermInfo())

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
        return pack([len(value) for value in values]), _squeezed("", b"".join(values))

    def _write_block(self, last=False):
        """W3's block, pickled with protocol 4: W3's protocol 2 spends some 35 bytes on
        each bytes object, more than a small block's arrays take."""
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = pickle.dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), PICKLE_PROTOCOL)
        info = pickle.dumps((len(self._ids), self._ids[-1], self._maxweight, 0, length_to_byte(self._minlength),
                             length_to_byte(self._maxlength)), PICKLE_PROTOCOL)
        self._postfile.write_int(-(len(info) + len(data)) if last else len(info) + len(data))
        self._postfile.write(info + data)
        self._blockcount += 1
        self._new_block()

    def add_postings(self, postings: list, encoded_lengths: array | None) -> None:
        """What ``add_posting`` does for each of ``postings``, a block at a time."""
        start = 0
        while start < len(postings):
            if len(self._ids) >= self._blocklimit:
                self._write_block()
            part = postings[start:start + self._blocklimit - len(self._ids)]
            start += len(part)
            ids, weights, values = zip(*part)
            self._ids.extend(ids)
            self._weights.extend(weights)
            self._maxweight = max(self._maxweight, *weights)
            self._values.extend(value for value in values if value)
            if encoded_lengths is not None:
                self._count_lengths([encoded_lengths[docnum] for docnum in ids])

    def _count_lengths(self, encoded: list[int]) -> None:
        """Widen the block's range of document lengths to ``encoded`` ones (0: no length)."""
        present = [length for length in encoded if length]
        if present:
            shortest, longest = byte_to_length(min(present)), byte_to_length(max(present))
            self._minlength = shortest if self._minlength is None else min(self._minlength, shortest)
            self._maxlength = max(self._maxlength, longest)

    def finish_postings(self):
        if self.written() or len(self) > INLINE_POSTINGS:
            return super().finish_postings()
        terminfo, self._terminfo = self._terminfo, None
        terminfo.add_block(self)
        # without values, Whoosh's ListMatcher gives "" (a str), which a merge cannot write back
        terminfo.set_inlined(self._ids, self._weights, self._values or (None,) * len(self._ids))
        return terminfo


class ArrayFieldWriter(W3FieldWriter):
    def add_postings_of_term(self, postings: list, encoded_lengths: array | None) -> None:
        """All the postings ``(docnum, weight, value)`` of the current term, in document
        order; ``encoded_lengths``: the field's length column (``Lengths.encoded``)."""
        self._postwriter.add_postings(postings, encoded_lengths)


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


class BlockCompressedColumn(columns.Column):
    """Byte strings compressed in blocks of about ``STORED_BLOCK_BYTES``, each against the
    preset dictionary ``name``: neighbouring passages (one work: its title, its wording)
    compress together. A reader decompresses a block and keeps it, so reading passages in
    document order, as a merge does, decompresses each block once.

    The column is the blocks, then the first docnum and the offset of each block and of
    the end (``array('Q')``), then the block count (8 bytes). A block is the values'
    lengths (``array('I')``) followed by the values."""

    def __init__(self, name: str):
        self.name = name

    def writer(self, dbfile):
        return _BlockWriter(dbfile, self.name)

    def reader(self, dbfile, basepos, length, doccount):
        return _BlockReader(dbfile, basepos, length, doccount, self.name)


class _BlockWriter(columns.ColumnWriter):
    def __init__(self, dbfile, dictionary: str):
        super().__init__(dbfile)
        self._dictionary = dictionary
        self._values: list[bytes] = []
        self._size = 0
        self._starts = array("Q")  # first docnum of each block
        self._offsets = array("Q", [0])

    def add(self, docnum: int, value: bytes) -> None:
        while self._count < docnum:  # documents without stored fields
            self._append(b"")
        self._append(value)

    def _append(self, value: bytes) -> None:
        if not self._values:
            self._starts.append(self._count)
        self._values.append(value)
        self._size += len(value)
        self._count += 1
        if self._size >= STORED_BLOCK_BYTES:
            self._write_block()

    def _write_block(self) -> None:
        compressor = primed_compressor(self._dictionary, STORED_COMPRESSION).copy()
        lengths = array("I", map(len, self._values)).tobytes()
        block = compressor.compress(lengths + b"".join(self._values)) + compressor.flush()
        self._dbfile.write(block)
        self._offsets.append(self._offsets[-1] + len(block))
        self._values, self._size = [], 0

    def finish(self, doccount: int) -> None:
        if self._values:
            self._write_block()
        self._starts.append(self._count)
        self._dbfile.write(self._starts.tobytes() + self._offsets.tobytes())
        self._dbfile.write(array("Q", [len(self._offsets) - 1]).tobytes())


class _BlockReader(columns.ColumnReader):
    def __init__(self, dbfile, basepos, length, doccount, dictionary: str):
        super().__init__(dbfile, basepos, length, doccount)
        self._dictionary = dictionary
        end = basepos + length - _OFFSET_BYTES
        blocks = array("Q", dbfile.get(end, _OFFSET_BYTES))[0]
        table_bytes = 2 * _OFFSET_BYTES * (blocks + 1)  # starts, then offsets, of each block and of the end
        table = array("Q", dbfile.get(end - table_bytes, table_bytes))
        self._starts, self._offsets = table[:blocks + 1], table[blocks + 1:]
        self._block_number = -1
        self._block: list[bytes] = []

    def __getitem__(self, docnum: int) -> bytes:
        if not 0 <= docnum < self._starts[-1]:
            return b""
        number = bisect_right(self._starts, docnum) - 1
        if number != self._block_number:
            self._block, self._block_number = self._read_block(number), number
        return self._block[docnum - self._starts[number]]

    def _read_block(self, number: int) -> list[bytes]:
        start, end = self._offsets[number], self._offsets[number + 1]
        decompressor = primed_decompressor(self._dictionary).copy()
        data = decompressor.decompress(self._dbfile.get(self._basepos + start, end - start)) + decompressor.flush()
        count = self._starts[number + 1] - self._starts[number]
        lengths = array("I", data[:_LENGTH_BYTES * count])
        bounds = list(accumulate(lengths, initial=_LENGTH_BYTES * count))
        return [data[begin:end] for begin, end in pairwise(bounds)]


def stored_column(name: str):
    return columns.PickleColumn(BlockCompressedColumn(name))


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

    def terms_reader(self, storage, segment):
        name = segment.make_filename(self.TERMS_EXT)
        return ArrayTermsReader(self, storage.open_file(name), storage.file_length(name),
                                segment.open_file(storage, self.POSTS_EXT))

    def field_writer(self, storage, segment):
        return ArrayFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors, which Zan does not keep
            return super().postings_writer(dbfile, byteids)
        return ArrayPostingsWriter(dbfile, blocklimit=self._blocklimit, compression=0)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
