"""Make the bundled corpus's passage vectors that ship with Zan (indexer/data/bundled-vectors),
so that the first semantic search over the bundled corpus need not embed it.

Usage: pip install '.[semantic]' && python tools/embed_bundled.py

It builds a fresh index of the bundled corpus in a temporary directory (ignoring any
shipped vectors), then keeps the vector and digest of every passage. Re-run it when the
corpus, its segmentation or the model changes: passages whose text changed are simply
embedded at build time until then.
"""
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

import indexer
from indexer import semantic


def main() -> int:
    if not semantic.available():
        print("needs the [semantic] extra: pip install '.[semantic]'", file=sys.stderr)
        return 2
    target = semantic.BUNDLED_VECTORS
    shutil.rmtree(target, ignore_errors=True)  # Zan's own derived file, remade from scratch here
    with tempfile.TemporaryDirectory() as scratch:
        built = indexer.build(Path(scratch) / "index")
        vectors = indexer.Index.open(built.index_dir).vectors
        live = np.asarray(vectors.digests) != 0
        target.mkdir(parents=True)
        np.save(target / semantic.VECTOR_FILE, np.asarray(vectors.rows)[live])
        np.save(target / semantic.DIGEST_FILE, np.asarray(vectors.digests)[live])
    print(f"{int(live.sum())} passage vectors in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
