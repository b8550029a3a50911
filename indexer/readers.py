"""Read a document file into text, whatever its encoding."""
import codecs
from pathlib import Path

from indexer.errors import IngestError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Tried in order when there is no BOM: UTF-8 is strict enough to fail on other encodings.
_FALLBACK_ENCODINGS = ("utf-8", "cp1251")


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read {path}: {error.strerror}") from None
    return decode(data, path)


def decode(data: bytes, path: Path) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    if b"\x00" in data:
        raise IngestError(f"{path} is a binary file, not text")
    for encoding in _FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(f"{path}: unknown text encoding")
