"""ArrayCodec: Whoosh's postings, block by block as packed arrays, read back exactly as
Whoosh's own format gives them."""
import random
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh import writing
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.query import Every, Phrase, Term

from indexer import codec, segments
from indexer.filters import ColumnNumber, PositionArray, WholeValueID

# one word in every document: more postings than a block holds
# a word of one passage in d1500, and in d1501, whose boost a float32 cannot hold exactly
DOCUMENTS = [(f"d{n}", f"закон норма{n % 7} " + " ".join(["статья"] * (1 + n % 5))
              + {1500: " единственный", 1501: " редкий"}.get(n, ""),
              f"k{n % 3} k{n % 11}", 0.1 if n == 1501 else 1.0 if n % 4 else 2.5)
             for n in range(codec.BLOCK_POSTINGS * 2 + 37)]


def schema():
    return Schema(id=ID(stored=True, unique=True), body=TEXT(phrase=True), tags=KEYWORD(scorable=True))


def build(folder, make_writer):
    """The documents in two commits, some deleted and the segments merged, as Zan does it."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema())
    for part in (DOCUMENTS[:1000], DOCUMENTS[1000:]):
        writer = make_writer(ix)
        for identifier, body, tags, boost in part:
            writer.add_document(id=identifier, body=body, tags=tags, _body_boost=boost)
        writer.commit()
    writer = make_writer(ix)
    for n in range(0, len(DOCUMENTS), 9):
        writer.delete_by_term("id", f"d{n}")
    writer.commit(optimize=True)
    return ix


TINY_POOL_MB = 0.02  # a run written out every few hundred postings, read back in chunks of a few
TINY_CHUNK_POSTINGS = 5


@pytest.fixture(scope="module", params=["pool in memory", "pool in runs"])
def indexes(tmp_path_factory, request):
    folder = tmp_path_factory.mktemp("codec")
    in_runs = request.param == "pool in runs"
    stock = build(folder / "whoosh", lambda ix: writing.SegmentWriter(ix, compound=False))
    with pytest.MonkeyPatch.context() as patch:
        if in_runs:
            patch.setattr(segments, "RUN_CHUNK_POSTINGS", TINY_CHUNK_POSTINGS)
        pool_mb = TINY_POOL_MB if in_runs else segments.POOL_MB
        zan = build(folder / "zan", lambda ix: segments.SegmentWriter(ix, limitmb=pool_mb, compound=False))
    return stock, zan


def postings(reader, field, text):
    matcher = reader.postings(field, text)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value() or None))
        matcher.next()
    return found


def test_every_term_has_the_postings_whoosh_writes(indexes):
    stock, zan = indexes
    with stock.reader() as expected, zan.reader() as actual:
        terms = list(expected.all_terms())
        assert terms == list(actual.all_terms())
        for field, text in terms:
            assert postings(actual, field, text) == postings(expected, field, text), (field, text)


def test_every_term_has_the_statistics_whoosh_gives_it(indexes):
    stock, zan = indexes

    def statistics(info):
        return info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight()

    with stock.reader() as expected, zan.reader() as actual:
        for field, text in expected.all_terms():
            assert statistics(actual.term_info(field, text)) == statistics(expected.term_info(field, text)), (field, text)


def test_the_segments_are_written_by_the_array_codec(indexes):
    _, zan = indexes
    assert [type(segment.codec()) for segment in zan._segments()] == [codec.ArrayCodec]


def test_a_common_word_spans_several_blocks(indexes):
    _, zan = indexes
    with zan.searcher() as searcher:
        matcher = searcher.reader().postings("body", "статья")
        assert isinstance(matcher, codec.ArrayLeafMatcher)
        assert matcher._blocklength == codec.BLOCK_POSTINGS
        assert len(searcher.search(Term("body", "статья"), limit=None)) == searcher.doc_count()


def test_a_word_of_one_passage_is_kept_in_its_term_entry_and_still_found_in_a_phrase(indexes):
    _, zan = indexes
    with zan.searcher() as searcher:
        assert searcher.reader().term_info("body", "единственный").is_inlined()
        hits = searcher.search(Phrase("body", ["статья", "единственный"]))
        assert [hit["id"] for hit in hits] == ["d1500"]


def test_a_term_of_one_posting_keeps_only_its_value_after_the_term_header(indexes):
    _, zan = indexes

    def entry(ix, field, text):
        reader = ix.reader()
        terms = reader._terms
        return terms._tindex[terms._keycoder(field, text.encode())]

    header = codec.OnePostingTermInfo._struct.size
    assert len(entry(zan, "id", "d1500")) == header  # an ID posting has no value
    [(_, _, value)] = postings(zan.reader(), "body", "единственный")
    assert len(entry(zan, "body", "единственный")) == header + 1 + len(value)
    as_w3_writes_it = W3TermInfo()
    as_w3_writes_it.__dict__.update(zan.reader().term_info("body", "единственный").__dict__)
    assert len(as_w3_writes_it.to_bytes()) > header + 1 + len(value) + 30


@pytest.mark.parametrize("numbers, typecode", [([0, 255], "B"), ([256], "H"), ([65536, 3], "I"), ([], "B")])
def test_numbers_are_packed_in_the_smallest_array_that_holds_them(numbers, typecode):
    packed = codec.pack(numbers)
    assert packed[0] == typecode
    assert codec.unpack(packed).tolist() == numbers


def test_stored_fields_read_back_as_written_and_take_less_room_than_whoosh_gives_them(indexes):
    stock, zan = indexes
    with stock.reader() as expected, zan.reader() as actual:
        assert list(actual.iter_docs()) == list(expected.iter_docs())

    def stored_bytes(ix):
        return sum(path.stat().st_size for path in Path(ix.storage.folder).glob("*._stored.col"))
    assert stored_bytes(zan) < stored_bytes(stock)


def test_a_block_compressed_column_gives_every_value_back_in_any_order(tmp_path):
    doccount = 3005  # the last documents, like every seventh, have no value
    values = {docnum: f"статья {docnum} ".encode() * (docnum % 60) for docnum in range(3000) if docnum % 7}
    storage, column = FileStorage(str(tmp_path)), codec.BlockCompressedColumn(codec.STORED_DICTIONARY)
    with storage.create_file("values.col") as dbfile:
        writer = column.writer(dbfile)
        for docnum, value in values.items():
            writer.add(docnum, value)
        writer.finish(doccount)
    reader = column.reader(storage.open_file("values.col"), 0, storage.file_length("values.col"), doccount)
    shuffled = random.Random(0).sample(range(doccount), doccount)
    assert [reader[docnum] for docnum in shuffled] == [values.get(docnum, b"") for docnum in shuffled]
    assert list(reader) == [values.get(docnum, b"") for docnum in range(doccount)]
    assert storage.file_length("values.col") < sum(map(len, values.values())) / 10


def test_a_position_array_gives_back_the_positions_and_their_count():
    value = PositionArray().encode([0, 3, 4, 70_000])
    assert PositionArray().decode_positions(value) == [0, 3, 4, 70_000]
    assert PositionArray().decode_frequency(value) == 4
    assert PositionArray().combine([value, PositionArray().encode([5])]) == PositionArray().encode([0, 3, 4, 5, 70_000])


@pytest.mark.parametrize("value", ["", "ru", "Article 6 § 1", "Ёлка#2.1", "ст. 272 УК"])
def test_a_whole_value_id_indexes_the_term_whoosh_s_id_field_makes(value):
    assert list(WholeValueID().index(value)) == list(ID().index(value))


def test_a_column_number_is_stored_and_sorted_on_but_indexes_no_term(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), Schema(id=ID(stored=True), order=ColumnNumber(stored=True, sortable=True)))
    writer = segments.SegmentWriter(ix, compound=False)
    for identifier, order in (("a", 3), ("b", 1), ("c", 2)):
        writer.add_document(id=identifier, order=order)
    writer.commit()
    with ix.searcher() as searcher:
        assert [hit["id"] for hit in searcher.search(Every(), sortedby="order")] == ["b", "c", "a"]
        assert [searcher.stored_fields(docnum)["order"] for docnum in range(3)] == [3, 1, 2]
        assert {field for field, _ in searcher.reader().all_terms()} == {"id"}
