"""Lemma tables shipped with Zan, so that a query word the index lacks need not load a
whole morphology dictionary (simplemma's English one takes ≈150 ms to load).

``data/lemmas-<lang>.marshal`` holds the lemma of every word form the lemmatiser's
dictionary knows, as Zan's own lemmatiser computes it (``tools/build_lemma_tables.py``):
the forms in sorted blocks, each compressed on its own, so a look-up decompresses one
block. A table records a checksum of the files its lemmas depend on (the lemmatiser's
code, the library's version and dictionary); one that does not match them is not used.
"""
import marshal
import zlib
from bisect import bisect_right
from functools import lru_cache
from importlib import util
from pathlib import Path

DATA = Path(__file__).parent / "data"
BLOCK_FORMS = 256  # forms per block of a lemma table (shipped or an index's)
# The files each language's lemmas depend on: Zan's lemmatiser, then files of the library.
SOURCES = {"en": (("indexer", "morph/en.py"), ("simplemma", "__metadata__.py"),
                  ("simplemma", "strategies/dictionaries/data/en.plzma"))}


def path(lang: str) -> Path:
    return DATA / f"lemmas-{lang}.marshal"


def checksum(lang: str) -> int:
    """A checksum of the files ``lang``'s lemmas depend on (0 if one is missing)."""
    total = 0
    for package, name in SOURCES[lang]:
        spec = util.find_spec(package)
        try:
            total = zlib.crc32(Path(spec.submodule_search_locations[0], name).read_bytes(), total)
        except (AttributeError, TypeError, OSError):
            return 0
    return total


def sorted_blocks(lemmas: dict[str, str]) -> tuple[tuple[str, ...], list[list[str]]]:
    """The forms of ``lemmas`` sorted, in blocks of ``BLOCK_FORMS``: (the first form of
    each block, the blocks). Shipped tables and the tables of an index are laid out so."""
    forms = sorted(lemmas)
    blocks = [forms[start:start + BLOCK_FORMS] for start in range(0, len(forms), BLOCK_FORMS)]
    return tuple(block[0] for block in blocks), blocks


def block_number(firsts: tuple[str, ...], form: str) -> int:
    """The block of a ``sorted_blocks`` layout that would hold ``form``; -1 for none."""
    return bisect_right(firsts, form) - 1


def lemma(lang: str, form: str) -> str | None:
    """The lemma of an index form from the shipped table; None if the table lacks it."""
    table = _table(lang)
    if table is None:
        return None
    firsts, _ = table
    block = block_number(firsts, form)
    return _block(lang, block).get(form) if block >= 0 else None


@lru_cache(maxsize=None)
def _table(lang: str) -> tuple[tuple[str, ...], tuple[bytes, ...]] | None:
    """``(first form of each block, compressed blocks)``, if the table is current."""
    if lang not in SOURCES:
        return None
    try:
        recorded, firsts, blocks = marshal.loads(path(lang).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return (firsts, blocks) if recorded == checksum(lang) else None


@lru_cache(maxsize=16)  # a query needs a few blocks; a build would otherwise keep them all
def _block(lang: str, number: int) -> dict[str, str]:
    lines = zlib.decompress(_table(lang)[1][number]).decode("utf-8").split("\n")
    return dict(line.split("\t") for line in lines)


def save(lang: str, lemmas: dict[str, str]) -> None:
    """Write ``lang``'s table of ``lemmas`` (index form → lemma)."""
    firsts, blocks = sorted_blocks(lemmas)
    compressed = tuple(zlib.compress("\n".join(f"{form}\t{lemmas[form]}" for form in block).encode("utf-8"), 9)
                       for block in blocks)
    path(lang).write_bytes(marshal.dumps((checksum(lang), firsts, compressed)))
