"""Ingestion throughput and the cost of a one-file reindex, on a generated library.

Usage: python bench/ingest.py [--megabytes 20] [--files 2000] [--processes 1] [--keep DIR]

The library is generated with a fixed seed from the articles of the bundled
instruments (and of the parallel acts in ../shared/sources/extra when present):
each file is a new act in one language, of renumbered articles of that language drawn
at random, as TXT. Then, through
the real `zan` command in fresh processes:
- `zan add FOLDER` into a new index: MB of text per second, full analysis included,
  the CPU time of all its processes and the peak memory of the largest;
- one file changed, then `zan reindex`: wall time;
- the index's size, by kind of file.
"""
import argparse
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_EXTRA = ROOT.parent / "shared" / "sources" / "extra"
# A heading may be glued to its title ("Статья 1Основные термины", "1-бапНегізгі"): no \b after the number.
_ARTICLE_START = re.compile(r"^#*\s*(?=(?:Статья\s+\d+|\d+-бап|Article\s+\d+)(?!\d))", re.MULTILINE)
_ARTICLE_NUMBER = re.compile(r"^(Статья\s+|Article\s+)?(\d+)(-бап)?", re.MULTILINE)


def articles() -> dict[str, list[str]]:
    """Every article of the source texts, by language, as text starting with its heading."""
    sources = sorted((ROOT / "corpus" / "texts").glob("*.md"))
    if SHARED_EXTRA.is_dir():
        sources += sorted(SHARED_EXTRA.glob("*.*.md"))  # name.ru.md; not the README
    found: dict[str, list[str]] = {}
    for path in sources:
        text = path.read_text(encoding="utf-8").replace("#", "")
        lang = path.name.split(".")[-2]  # name.ru.md
        found.setdefault(lang, []).extend(piece.strip() for piece in _ARTICLE_START.split(text)[1:] if len(piece) > 200)
    return found


def renumber(article: str, number: int) -> str:
    """The article with its heading's number (Статья N, N-бап, Article N) set to ``number``."""
    return _ARTICLE_NUMBER.sub(lambda m: f"{m.group(1) or ''}{number}{m.group(3) or ''}", article, count=1)


def generate(folder: Path, megabytes: float, files: int, seed: int = 0) -> int:
    """Write ``files`` acts of about ``megabytes`` in all; returns the bytes written."""
    by_language = articles()
    languages = sorted(by_language)
    weights = [len(by_language[lang]) for lang in languages]  # the languages in their real proportions
    rng = random.Random(seed)
    per_file = int(megabytes * 1024 * 1024 / files)
    written = 0
    for n in range(files):
        pool = by_language[rng.choices(languages, weights)[0]]
        parts, size, number = [], 0, 1
        while size < per_file:
            article = renumber(rng.choice(pool), number)
            parts.append(article)
            size += len(article.encode("utf-8"))
            number += 1
        data = "\n\n".join(parts).encode("utf-8")
        (folder / f"act-{n:05d}.txt").write_bytes(data)
        written += len(data)
    return written


def disk_size(folder: Path) -> int:
    inodes = {path.stat().st_ino: path.stat().st_size for path in folder.rglob("*") if path.is_file()}
    return sum(inodes.values())


def zan(*args: str) -> tuple[float, float, float]:
    """Run ``zan``; its wall seconds, CPU seconds (every process) and peak RSS in MB
    (the largest process's)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "search_cli.main", *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, after.ru_maxrss / 1024


def size_by_kind(folder: Path) -> dict[str, int]:
    """Bytes of the current generation's files by kind: Whoosh's by extension (``pst``,
    ``trm``, ``_stored.col``, ``*_len.col``…), Zan's by name."""
    generation = folder / (folder / "CURRENT").read_text(encoding="utf-8").strip()
    sizes: dict[str, int] = {}
    for path in generation.iterdir():
        kind = path.name.split(".", 1)[1] if path.name.startswith("MAIN_") and "." in path.name else path.name
        kind = "*_len.col" if kind.endswith("_len.col") else kind
        sizes[kind] = sizes.get(kind, 0) + path.stat().st_size
    return dict(sorted(sizes.items(), key=lambda item: -item[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=1, help="`zan add --processes`")
    parser.add_argument("--keep", type=Path, help="keep the library and index here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp()) if args.keep is None else args.keep
    try:
        library, index = work / "library", work / "index"
        library.mkdir(parents=True, exist_ok=True)
        size = generate(library, args.megabytes, args.files)
        mb = size / 1024 / 1024
        print(f"generated {args.files} files, {mb:.1f} MB of text (seed 0)")
        zan("index", "--index", str(index))
        seconds, cpu, peak = zan("add", str(library), "--index", str(index), "--processes", str(args.processes))
        print(f"zan add: {seconds:.1f} s, {mb / seconds:.2f} MB/s ({args.processes} reading process(es), full "
              f"analysis); CPU {cpu:.1f} s in all, {mb / cpu:.2f} MB per CPU second; peak RSS {peak:.0f} MB")
        changed = library / "act-00000.txt"
        changed.write_bytes(changed.read_bytes() + "\n\nСтатья 999. Изменение\n1. Новая норма.\n".encode())
        seconds, _, _ = zan("reindex", "--index", str(index))
        print(f"zan reindex after 1 changed file of {args.files}: {seconds:.2f} s")
        print(f"index size: {disk_size(index) / 1024 / 1024:.1f} MB, {disk_size(index) / size:.2f}× the text "
              "(files shared by two generations counted once); the current generation:")
        for kind, part in size_by_kind(index).items():
            if part >= size / 1000:
                print(f"  {kind:22} {part / 1024 / 1024:7.2f} MB  {part / size:.3f}×")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
