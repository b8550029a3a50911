"""Whoosh's segment writer, made cheaper per posting, writing ``indexer.codec``'s format.

Whoosh's ``SegmentWriter`` adds every posting ``(field, term, document, weight, value)``
with a call of its own, puts it through an external sort (one pickle per posting,
written out and read back), and writes the sorted postings one at a time, looking up
each one's document length — for a field that keeps no lengths, with a ``stat`` call
each time. Documents are added in document order, so the postings of one term arrive
already sorted: ``SegmentWriter`` adds a document's postings a field at a time,
``TermPool`` groups them by term and sorts only the terms, a full pool is written out
as a run of one record per term (read back a chunk of records at a time), and each
term's postings go to the codec's postings writer at once, with the length column of
its field read once.
"""
import gc
import heapq
import marshal
import struct
from array import array
from contextlib import contextmanager
from itertools import chain, groupby
from operator import itemgetter

from whoosh import writing
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

from indexer.codec import ArrayCodec, ArrayPerDocReader

POOL_MB = 128  # postings held in memory before a run is written out (Whoosh's default)
POSTING_BYTES = 160  # memory one posting takes in the pool, less its value (tracemalloc: 131 + 33)
RUN_CHUNK_POSTINGS = 8192  # a run is read back a chunk at a time, one chunk of every run at once
CHUNK_HEADER = struct.Struct("<I")  # a chunk's size in bytes
# The cyclic collector's defaults (a young collection every 700 new objects) make it walk
# the pool's millions of lists again and again: 15 % of the writer's time at 20 MB. A
# writer's objects hardly form cycles (its memory peak is the same with no collections).
WRITER_GC_THRESHOLDS = (100_000, 50, 1000)


@contextmanager
def rare_collections():
    """Collect cyclic garbage a hundred times less often while a segment is written."""
    before = gc.get_threshold()
    gc.set_threshold(*WRITER_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


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
        self.terms: dict[str, dict[bytes, list]] = {}  # field → term → postings
        self.size = 0
        self.runs: list[str] = []

    def add(self, item) -> None:
        """One posting ``(field, term, document, weight, value)``, as Whoosh's merge of
        segments adds them."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_document_postings(fieldname, docnum, ((tbytes, 1, weight, vbytes),))

    def add_document_postings(self, fieldname: str, docnum: int, postings) -> int:
        """Add one document's ``(term, frequency, weight, value)`` postings in a field;
        returns the sum of their frequencies (the document's length in the field)."""
        terms = self.terms.get(fieldname)
        if terms is None:
            terms = self.terms[fieldname] = {}
        length = size = 0
        for tbytes, frequency, weight, vbytes in postings:
            posting = (docnum, weight, vbytes)
            try:
                terms[tbytes].append(posting)
            except KeyError:
                terms[tbytes] = [posting]
            length += frequency
            size += POSTING_BYTES + len(vbytes or b"")
        self.size += size
        if self.size > self.limit:
            self._save()
        return length

    def _save(self) -> None:
        """Write the pool out as a run of ``(field, term, postings)`` records, in term
        order, in chunks of about ``RUN_CHUNK_POSTINGS`` postings: ``marshal.load`` from
        a file reads it a few bytes at a time, ``marshal.loads`` of a chunk does not."""
        name = f"run{len(self.runs)}"
        with self.tempstore.create_file(name).raw_file() as run:
            chunk, postings_in_chunk = [], 0
            for (fieldname, tbytes), postings in self._sorted_terms():
                chunk.append((fieldname, tbytes, postings))
                postings_in_chunk += len(postings)
                if postings_in_chunk >= RUN_CHUNK_POSTINGS:
                    _write_chunk(run, chunk)
                    chunk, postings_in_chunk = [], 0
            if chunk:
                _write_chunk(run, chunk)
        self.runs.append(name)
        self.terms, self.size = {}, 0

    def _sorted_terms(self):
        """``((field, term), postings)`` of the pool in memory, sorted by field and term."""
        for fieldname, terms in sorted(self.terms.items()):
            for tbytes in sorted(terms):
                yield (fieldname, tbytes), terms[tbytes]

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
        in_memory = ((key, len(self.runs), postings) for key, postings in self._sorted_terms())
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
        if any(field.vector or field.separate_spelling() for field in ix.schema):  # checked before the lock
            raise TypeError("Zan's segment writer keeps no vectors or spelling")
        super().__init__(ix, limitmb=limitmb, codec=ArrayCodec(), **kwargs)
        self.pool = TermPool(self._tempstorage, limitmb)

    def add_document(self, **fields):
        """Whoosh's ``add_document`` for a schema without spelling or vector fields: each
        field's postings go to the pool in one call, not one call each (a library's
        writer adds 35 million at 200 MB)."""
        self._check_state()
        boosted = any(name.startswith("_") and name.endswith("_boost") for name in fields)
        documents, docnum = self.perdocwriter, self.docnum
        documents.start_doc(docnum)
        try:
            for fieldname in sorted(name for name in fields if not name.startswith("_")):
                boost = self._field_boost(fields, fieldname, self._doc_boost(fields)) if boosted else 1.0
                self._add_field(docnum, fieldname, fields[fieldname], fields, boost)
        except Exception:
            documents.cancel_doc()
            raise
        documents.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_field(self, docnum: int, fieldname: str, value, fields: dict, boost: float) -> None:
        if value is None:
            return
        field = self.schema[fieldname]
        length = 0
        if field.indexed:
            postings = field.index(value)
            if boost != 1.0:
                postings = [(tbytes, frequency, weight * boost, vbytes) for tbytes, frequency, weight, vbytes in postings]
            length = self.pool.add_document_postings(fieldname, docnum, postings)
        stored = fields.get(f"_stored_{fieldname}", value)
        self.perdocwriter.add_field(fieldname, field, stored if field.stored else None,
                                    length if field.scorable else 0)
        if field.column_type and stored is not None:
            self.perdocwriter.add_column_value(fieldname, field.column_type, field.to_column_value(stored))

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
