"""Faults and abuse: malformed files, kills, a full disk, writers and readers at once.

Kept fast for CI; ``ZAN_LONG_TESTS=1`` runs the long versions (50 kills).
"""
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer
from indexer import index as layout
from search_cli.main import cli

LONG = bool(os.environ.get("ZAN_LONG_TESTS"))
FORMATS_DIR = Path(__file__).parent / "data" / "formats"


def zan(*args, env=None):
    return CliRunner().invoke(cli, list(args), env={"NO_COLOR": "1", **(env or {})})


def valid_files() -> dict[str, bytes]:
    import docx

    document = docx.Document()
    document.add_heading("Статья 1. Понятия", level=1)
    document.add_paragraph("1. Настоящий закон регулирует пчеловодство.")
    stream = io.BytesIO()
    document.save(stream)
    return {
        "txt": "Статья 1. Понятия\n1. Закон о пчеловодстве.\n".encode("cp1251"),
        "html": "<html><body><h1>Заң</h1><p>Бал ара шаруашылығы туралы.</p></body></html>".encode(),
        "docx": stream.getvalue(),
        "rtf": rb"{\rtf1\ansi\ansicpg1251 Beekeeping act.\par}",
        "pdf": (FORMATS_DIR / "sample.pdf").read_bytes(),
    }


def mutants(rng: random.Random) -> dict[str, bytes]:
    """At least 200 broken files made from valid ones, and a few hostile ones."""
    made = {}
    for kind, data in valid_files().items():
        for n, cut in enumerate(sorted(rng.sample(range(1, len(data)), 10))):
            made[f"cut{n}.{kind}"] = data[:cut]
        for n in range(26):
            flipped = bytearray(data)
            for _ in range(rng.randint(1, 20)):
                flipped[rng.randrange(len(flipped))] = rng.randrange(256)
            made[f"flip{n}.{kind}"] = bytes(flipped)
        for other in ("txt", "html", "docx", "pdf", "rtf"):
            if other != kind:
                made[f"as-{other}.{kind}"] = valid_files()[other]
    made["nested.html"] = b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000
    made["bomb.docx"] = _zip_bomb()
    made["laughs.docx"] = _docx_with_entities()
    made["laughs.pdf"] = _pdf_object_graph()
    made["random.pdf"] = bytes(rng.randrange(256) for _ in range(5000))
    return made


def _zip_bomb() -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    return stream.getvalue()


def _docx_with_entities() -> bytes:
    entities = '<!ENTITY a "lol">' + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'
                                            for n in range(9))
    xml = f'<?xml version="1.0"?><!DOCTYPE w [{entities}]><w:document xmlns:w="http://schemas.openxmlformats.org/' \
          'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>'
    stream = io.BytesIO(valid_files()["docx"])
    out = io.BytesIO()
    with zipfile.ZipFile(stream) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, xml if item.filename == "word/document.xml" else source.read(item))
    return out.getvalue()


def _pdf_object_graph() -> bytes:
    """A PDF whose arrays each refer ten times to the next: a billion leaves if expanded."""
    objects = [f"{n} 0 obj [" + f" {n + 1} 0 R" * 10 + " ] endobj" for n in range(3, 30)]
    body = ("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            "2 0 obj << /Type /Pages /Kids [] /Count 0 /Laughs 3 0 R >> endobj\n" + "\n".join(objects)
            + "\n30 0 obj [] endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return body.encode()


def test_hundreds_of_malformed_files_are_each_reported_and_never_stop_the_batch(library, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    files = mutants(random.Random(7))
    for name, data in files.items():
        (folder / name).write_bytes(data)
    assert len(files) >= 200
    started = time.monotonic()
    result = zan("add", str(folder), "--json", "--index", str(library),
                 env={"ZAN_FILE_SECONDS": "10", "ZAN_FILE_MEMORY_MB": "1024"})
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    seen = {Path(item["path"]).name for key in ("added", "failed") for item in report[key]}
    assert seen == set(files)
    assert all(item["reason"] and "\n" not in item["reason"] for item in report["failed"])
    assert {"bomb.docx", "nested.html"} <= seen
    assert time.monotonic() - started < 240
    assert indexer.search("неправомерный доступ", index_dir=library).total > 0


def _consistent(path: Path) -> None:
    """The index opens, answers, has no duplicate passages and agrees with its registry."""
    opened = indexer.Index.open(path)
    opened.check(full=True)
    with opened.searcher() as searcher:
        ids = [fields["id"] for fields in searcher.all_stored_fields()]
    assert len(ids) == len(set(ids)) == opened.manifest.passages
    assert indexer.search("неправомерный доступ", index_dir=path).total > 0


def test_writers_killed_at_random_moments_never_break_the_index(library, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    for n in range(30):
        (folder / f"act{n}.txt").write_text(f"Статья {n}. Текст\n1. Норма номер{n} о рыболовстве.\n" * 40,
                                            encoding="utf-8")
    commands = [["add", str(folder)], ["reindex"], ["remove", "act3"], ["index", "--rebuild"]]
    rng = random.Random(11)
    for attempt in range(50 if LONG else 8):
        command = [sys.executable, "-m", "search_cli.main", *rng.choice(commands), "--index", str(library)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        _consistent(library)
        if attempt % 3 == 0:
            (folder / f"act{attempt % 30}.txt").write_text(f"Статья 1. Изменено {attempt}\n", encoding="utf-8")
    assert zan("reindex", "--index", str(library)).exit_code == 0
    _consistent(library)


@contextmanager
def index_on_a_small_disk(index_dir: Path, tmp_path: Path, megabytes: int):
    """A copy of the index on a tmpfs of ``megabytes`` (the test is skipped where one cannot be mounted)."""
    path = tmp_path / "disk"
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(path)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        shutil.copytree(index_dir, path / "index")
        yield path / "index"
    finally:
        subprocess.run(["umount", str(path)])


def test_a_full_disk_is_one_clear_error_and_the_index_stays_as_it_was(index_dir, tmp_path):
    with index_on_a_small_disk(index_dir, tmp_path, 12) as path:
        before = layout.current_generation(path)
        big = tmp_path / "big.txt"
        big.write_text("".join(f"Статья {n}. Норма\n1. Слово{n} текст{n * 7} о рыбе{n * 3}.\n"
                               for n in range(60_000)), encoding="utf-8")
        result = zan("add", str(big), "--index", str(path))
        assert result.exit_code == 2, result.output
        assert result.output.startswith("zan: error: cannot write the index") and result.output.count("\n") == 1
        assert "No space left" in result.output
        assert layout.current_generation(path) == before
        _consistent(path)
        assert sorted(entry.name for entry in path.iterdir() if entry.name.startswith("gen-")) == [before.name]


def test_searches_during_writes_always_see_a_committed_state(library, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    for n in range(5):
        (folder / f"act{n}.txt").write_text(f"Статья 1. Закон\n1. Норма о пасеке номер{n}.\n", encoding="utf-8")
    errors, stop = [], threading.Event()

    def search_in_a_loop():
        while not stop.is_set():
            try:
                opened = indexer.Index.open(library)
                result = opened.search("пасека", expand=False)
                acts = sum(1 for work in opened.counts() if work.startswith("act"))
                assert result.total == acts, (result.total, acts)  # what that generation committed
            except Exception as error:  # noqa: BLE001 — any failure is the test's finding
                errors.append(repr(error))

    readers = [threading.Thread(target=search_in_a_loop) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        for _ in range(3 if not LONG else 15):
            assert zan("add", str(folder), "--index", str(library)).exit_code == 0
            for n in range(5):
                assert zan("remove", f"act{n}", "--index", str(library)).exit_code == 0
            assert zan("add", str(folder), "--index", str(library)).exit_code == 0
            assert zan("remove", str(folder / "act0.txt"), "--index", str(library)).exit_code == 0
            assert zan("add", str(folder / "act0.txt"), "--index", str(library)).exit_code == 0
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert errors == []


def test_a_read_only_index_directory_is_one_clear_error_and_stays_as_it_was(index_dir, tmp_path):
    with index_on_a_small_disk(index_dir, tmp_path, 16) as path:
        before = layout.current_generation(path)
        text = tmp_path / "act.txt"
        text.write_text("Статья 1. Закон о пасеке.\n", encoding="utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(path.parent)], check=True)  # binds root too, unlike chmod
        result = zan("add", str(text), "--index", str(path))
        assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
        assert "Read-only file system" in result.output
        assert indexer.search("неправомерный доступ", index_dir=path).total > 0  # searching still works
        subprocess.run(["mount", "-o", "remount,rw", str(path.parent)], check=True)
        assert layout.current_generation(path) == before
        _consistent(path)


def test_a_manifest_damaged_after_a_search_read_it_is_noticed_by_the_next_search(library):
    manifest = layout.current_generation(library) / "manifest.json"
    assert zan("search", "доступ", "--index", str(library)).exit_code == 0
    written = manifest.stat()
    manifest.write_bytes(b"\x00" * written.st_size)  # same size, same modification time
    os.utime(manifest, ns=(written.st_atime_ns, written.st_mtime_ns))
    result = zan("search", "доступ", "--index", str(library))
    assert result.exit_code == 2 and "manifest" in result.output


def test_a_damaged_registry_leaves_search_working_and_is_a_one_line_error_where_it_is_read(library):
    manifest = layout.current_generation(library) / "manifest.json"
    header, registry = manifest.read_text(encoding="utf-8").splitlines()
    manifest.write_text(f"{header}\n{registry[:len(registry) // 2]}\n", encoding="utf-8")
    assert zan("search", "доступ", "--index", str(library)).exit_code == 0  # a search never reads the registry
    result = zan("status", "--index", str(library))
    assert result.exit_code == 2 and "manifest" in result.output and result.output.count("\n") == 1


@pytest.mark.parametrize("name", ["lemmas.marshal", "concepts.marshal", "manifest.json", "CURRENT"])
def test_a_malformed_table_or_manifest_is_a_one_line_error(library, name):
    target = library / name if name == "CURRENT" else layout.current_generation(library) / name
    target.write_bytes(b"\x00garbage" * (1 + target.stat().st_size // 8))
    result = zan("search", "доступ", "--index", str(library))
    assert result.exit_code == 2 and result.output.startswith("zan: error:") and result.output.count("\n") == 1
    assert zan("index", "--rebuild", "--index", str(library)).exit_code == 0
    assert zan("search", "доступ", "--index", str(library)).exit_code == 0
