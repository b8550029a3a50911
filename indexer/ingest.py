"""Turn catalogued files into passages: reader → normaliser → segmenter."""
from collections.abc import Iterator
from pathlib import Path

import corpus
from indexer.catalogue import Work, WorkFile
from indexer.model import Document, Passage
from indexer.normalise import normalise_text
from indexer.readers import read_text
from indexer.segment.article import segment_article
from indexer.segment.instrument import segment_instrument


def file_passages(path: Path, work: str, file: WorkFile) -> list[Passage]:
    raw = read_text(path)
    if file.format == "pdf-text":
        return segment_article(raw, work)
    return segment_instrument(normalise_text(raw), work, file.lang)


def documents(works: list[Work], texts_dir: Path | None = None) -> Iterator[Document]:
    """Every passage of every work that has text, in catalogue order."""
    texts_dir = texts_dir or corpus.texts_dir()
    for work in works:
        for file in work.files:
            for passage in file_passages(texts_dir / file.path, work.id, file):
                yield Document(passage, work.title_in(passage.lang), work.type, str(work.date or ""))
