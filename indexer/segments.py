"""Whoosh's segment writer, made cheaper per posting, writing ``indexer.codec``'s format.

Whoosh's ``SegmentWriter`` puts every posting ``(field, term, document, weight, value)``
through an external sort (one pickle per posting, written out and read back), and
writes the sorted postings one at a time, looking up each one's document length — for
a field that keeps no lengths, with a ``stat`` call each time. Documents are added in
document order, so the postings of one term arrive already sorted: ``TermPool`` groups
them by term and sorts only the terms, a full pool is written out as a run of one
record per term (read back a chunk of records at a time), and ``SegmentWriter`` hands
each term's postings to the codec's postings writer at once, with the length column
of its field read once.
"""
import heapq
import marshal
import struct
from array import array
from itertools import chain, groupby
from operator import itemgetter

from whoosh import writing
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

from indexer.codec import ArrayCodec, ArrayPerDocReader

POOL_MB = 128  # postings held in memory before a run is written out (Whoosh's default)
POSTING_BYTES = 160  # memory one posting takes in the pool, less its value (tracemalloc: 131 + 33)
RUN_CHUNK_POSTINGS = 8192  # a run is read back a chunk at a time, one chunk of every run at once
CHUNK_HEADER = struct.Struct("<I")  # a chunk's size in bytes


def _write_chunk(run, records: list) -> None:
    data = marshal.dumps(records)
    run.write(CHUNK_HEADER.pack(len(data)))
    run.write(data)


class TermPool:
    """The postings of a segment being written, grouped by ``(field, term)``; each
    term's postings stay in the order they were added, which is document order."""

    def __init__(self, tempstore, limitmb: int = POOL_MB):
        self.tempstore = tempstore
        self.limit = limitmb * 1024 * 1024
        self.terms: dict[tuple[str, bytes], list] = {}
        self.size = 0
        self.runs: list[str] = []

    def add(self, item) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        postings = self.terms.get((fieldname, tbytes))
        if postings is None:
            postings = self.terms[fieldname, tbytes] = []
        postings.append((docnum, weight, vbytes))
        self.size += POSTING_BYTES + len(vbytes or b"")
        if self.size > self.limit:
            self._save()

    def _save(self) -> None:
        """Write the pool out as a run of ``(field, term, postings)`` records, in term
        order, in chunks of about ``RUN_CHUNK_POSTINGS`` postings: ``marshal.load`` from
        a file reads it a few bytes at a time, ``marshal.loads`` of a chunk does not."""
        name = f"run{len(self.runs)}"
        with self.tempstore.create_file(name).raw_file() as run:
            chunk, postings_in_chunk = [], 0
            for (fieldname, tbytes), postings in sorted(self.terms.items()):
                chunk.append((fieldname, tbytes, postings))
                postings_in_chunk += len(postings)
                if postings_in_chunk >= RUN_CHUNK_POSTINGS:
                    _write_chunk(run, chunk)
                    chunk, postings_in_chunk = [], 0
            if chunk:
                _write_chunk(run, chunk)
        self.runs.append(name)
        self.terms, self.size = {}, 0

    def _read_run(self, name: str, number: int):
        with self.tempstore.open_file(name).raw_file() as run:
            while header := run.read(CHUNK_HEADER.size):
                (size,) = CHUNK_HEADER.unpack(header)
                for fieldname, tbytes, postings in marshal.loads(run.read(size)):
                    yield (fieldname, tbytes), number, postings

    def iter_terms(self):
        """Every term's ``(field, term, postings)``, sorted by field and term, its
        postings in document order: the runs, then what is in memory, merged term by
        term (a later run holds later documents)."""
        in_memory = ((key, len(self.runs), postings) for key, postings in sorted(self.terms.items()))
        merged = heapq.merge(*(self._read_run(name, n) for n, name in enumerate(self.runs)), in_memory)
        for (fieldname, tbytes), parts in groupby(merged, key=itemgetter(0)):
            parts = [postings for _, _, postings in parts]
            yield fieldname, tbytes, parts[0] if len(parts) == 1 else list(chain.from_iterable(parts))

    def cleanup(self) -> None:
        for name in self.runs:
            if self.tempstore.file_exists(name):
                self.tempstore.delete_file(name)


class Lengths(ArrayPerDocReader):
    """Whoosh's per-document reader of the segment being written, giving a field's
    column of encoded document lengths whole."""

    def encoded(self, fieldname: str) -> array | None:
        """Each document's length of ``fieldname`` as Whoosh encodes it in a byte (0: none);
        None if the field keeps no lengths."""
        reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        return None if reader is None else reader.load()


class SegmentWriter(writing.SegmentWriter):
    """Whoosh's writer of a new segment with a ``TermPool``, ``Lengths`` and ``ArrayCodec``."""

    def __init__(self, ix, limitmb: int = POOL_MB, **kwargs):
        super().__init__(ix, limitmb=limitmb, codec=ArrayCodec(), **kwargs)
        self.pool = TermPool(self._tempstorage, limitmb)

    def per_document_reader(self):
        return Lengths(self.storage, self.get_segment())

    def _flush_segment(self):
        """Write the pool's postings, a term at a time (Whoosh writes them one by one)."""
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        fields = self.fieldwriter
        for fieldname, terms in groupby(self.pool.iter_terms(), key=itemgetter(0)):
            fields.start_field(fieldname, self.schema[fieldname])
            encoded_lengths = lengths.encoded(fieldname)
            for _, tbytes, postings in terms:
                fields.start_term(tbytes)
                fields.add_postings_of_term(postings, encoded_lengths)
                fields.finish_term()
            fields.finish_field()
        fields.close()
        lengths.close()
