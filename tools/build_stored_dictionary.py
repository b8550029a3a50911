"""Build ``indexer/data/<STORED_DICTIONARY>``: the preset zlib dictionary that
``indexer.codec`` compresses blocks of passages' stored fields against. It is the stored
fields of passages of an index of the bundled corpus, pickled as Whoosh stores them, in
a fixed shuffled order, cut to the 32 KB zlib can use.

A segment names the dictionary it was written with: never rewrite a released
dictionary; give a new one a new ``STORED_DICTIONARY`` name.

    python tools/build_stored_dictionary.py INDEX_GENERATION_FOLDER
"""
import pickle
import random
import sys
from pathlib import Path

from whoosh import index as whoosh_index

from indexer import codec

ZLIB_WINDOW = 32 * 1024
SEED = 0


def main(generation: str) -> None:
    with whoosh_index.open_dir(generation).reader() as reader:
        stored = sorted((fields for _, fields in reader.iter_docs()), key=lambda fields: fields["id"])
    random.Random(SEED).shuffle(stored)
    sample = b"".join(pickle.dumps(fields, 2) for fields in stored)[-ZLIB_WINDOW:]
    target = Path(codec.__file__).parent / "data" / codec.STORED_DICTIONARY
    if target.exists():
        sys.exit(f"{target} exists: a released dictionary is never rewritten (give a new one a new name)")
    target.write_bytes(sample)
    print(f"{target}: {len(sample)} bytes from {len(stored)} passages")


if __name__ == "__main__":
    main(sys.argv[1])
