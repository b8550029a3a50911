"""Librarians: add, update and remove documents of every format, safely, through the CLI."""
import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer
from indexer import index as layout
from indexer import segments, writer
from search_cli.main import cli

FORMATS_DIR = Path(__file__).parent / "data" / "formats"


def zan(library, *args, env=None):
    result = CliRunner().invoke(cli, [*args, "--index", str(library)], env={"NO_COLOR": "1", **(env or {})})
    return result


def zan_json(library, *args):
    result = zan(library, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def found(library, query):
    result = CliRunner().invoke(cli, ["search", query, "--json", "--no-expand", "--limit", "50",
                                      "--index", str(library)])
    hits = json.loads(result.output)["hits"]
    assert result.exit_code == (0 if hits else 1), result.output
    return hits


def write_documents(folder: Path) -> dict[str, Path]:
    """One real file of each format, each with a word no other file has."""
    import docx

    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "txt": folder / "закон.txt",
        "md": folder / "notes.md",
        "html": folder / "page.html",
        "docx": folder / "act.docx",
        "rtf": folder / "letter.rtf",
    }
    files["txt"].write_bytes("Статья 1. Общие положения\n1. Настоящий закон регулирует аквакультуру.\n"
                             .encode("cp1251"))
    files["md"].write_text("# Notes\n\nThe librarian catalogues marginalia.\n", encoding="utf-8")
    files["html"].write_text("<html><head><script>var hidden = 'скрипт';</script></head><body>"
                             "<h1>Бет</h1><p>Мұрағаттағы құжаттар сақталады.</p></body></html>", encoding="utf-8")
    document = docx.Document()
    document.add_heading("Article 1. Scope", level=1)
    document.add_paragraph("1. This act governs hydroponics.")
    document.save(files["docx"])
    files["rtf"].write_text(r"{\rtf1\ansi\ansicpg1251 {\fonttbl{\f0 Times;}}\f0 Petition about beekeeping.\par}",
                            encoding="ascii")
    if (FORMATS_DIR / "sample.pdf").exists():
        files["pdf"] = folder / "sample.pdf"
        shutil.copy(FORMATS_DIR / "sample.pdf", files["pdf"])
    return files


def test_files_of_every_format_are_added_and_found(library, tmp_path):
    files = write_documents(tmp_path / "incoming")
    report = zan_json(library, "add", str(tmp_path / "incoming"))
    assert report["failed"] == [] and len(report["added"]) == len(files)
    for word in ("аквакультура", "marginalia", "мұрағат", "hydroponics", "beekeeping"):
        assert found(library, word), word
    assert not found(library, "скрипт")  # a script's text is not the page's
    docs = {work["id"]: work for work in zan_json(library, "docs")}
    assert docs["act"]["status"] == "added" and docs["act"]["passages"] == {"en": 2}
    assert docs["закон"]["passages"] == {"ru": 2}


def test_a_changed_file_is_reindexed_and_the_others_are_left_alone(library, tmp_path):
    files = write_documents(tmp_path / "incoming")
    zan_json(library, "add", str(tmp_path / "incoming"))
    files["md"].write_text("# Notes\n\nThe librarian restores incunabula.\n", encoding="utf-8")
    assert [f["state"] for f in zan_json(library, "status")["files"]].count("stale") == 1
    report = zan_json(library, "reindex")
    assert [item["path"] for item in report["updated"]] == [str(files["md"])]
    assert len(report["unchanged"]) == len(files) - 1
    assert found(library, "incunabula") and not found(library, "marginalia")


def test_a_file_that_disappeared_is_dropped_by_reindex(library, tmp_path):
    files = write_documents(tmp_path / "incoming")
    zan_json(library, "add", str(tmp_path / "incoming"))
    files["rtf"].unlink()
    assert [f["state"] for f in zan_json(library, "status")["files"]].count("missing") == 1
    report = zan_json(library, "reindex")
    assert [item["path"] for item in report["removed"]] == [str(files["rtf"])]
    assert not found(library, "beekeeping")


def test_remove_takes_a_work_or_a_file_and_refuses_the_bundled_corpus(library, tmp_path):
    files = write_documents(tmp_path / "incoming")
    zan_json(library, "add", str(tmp_path / "incoming"))
    zan_json(library, "remove", "act")
    assert not found(library, "hydroponics")
    zan_json(library, "remove", str(files["md"]))
    assert not found(library, "marginalia") and found(library, "аквакультура")
    refused = zan(library, "remove", "kz-criminal-code-226-v")
    assert refused.exit_code == 2 and "bundled corpus" in refused.output


def test_adding_the_same_files_again_changes_nothing_and_never_duplicates(library, tmp_path):
    write_documents(tmp_path / "incoming")
    first = zan_json(library, "add", str(tmp_path / "incoming"))
    again = zan_json(library, "add", str(tmp_path / "incoming"))
    assert again["added"] == [] and len(again["unchanged"]) == len(first["added"])
    zan_json(library, "reindex")
    ids = [fields["id"] for fields in indexer.Index.open(library).whoosh.searcher().all_stored_fields()]
    assert len(ids) == len(set(ids)) == again["passages"]


def test_broken_files_are_reported_one_by_one_and_the_rest_is_indexed(library, tmp_path):
    folder = tmp_path / "incoming"
    write_documents(folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "fake.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "table.xlsx").write_bytes(b"\x00\x01")
    if (FORMATS_DIR / "sample.pdf").exists():
        (folder / "cut.pdf").write_bytes((FORMATS_DIR / "sample.pdf").read_bytes()[:300])
    report = zan_json(library, "add", str(folder))
    failed = {Path(item["path"]).name: item["reason"] for item in report["failed"]}
    assert set(failed) >= {"empty.txt", "binary.txt", "fake.docx", "table.xlsx"}
    assert all(reason and "\n" not in reason for reason in failed.values())
    assert found(library, "hydroponics")
    states = {Path(f["path"]).name: f["state"] for f in zan_json(library, "status")["files"]}
    assert states["empty.txt"] == "failed" and states["act.docx"] == "indexed"


def add_russian_then_kazakh_version(library, folder: Path) -> None:
    """The work ``aqua-law``: its Russian file, then, in a second ``zan add``, its Kazakh one."""
    ru, kk = folder / "закон.ru.txt", folder / "заң.kk.txt"
    ru.write_text("Статья 1. Понятия\n1. Аквакультура есть разведение рыбы.\n", encoding="utf-8")
    kk.write_text("1-бап. Ұғымдар\n1. Аквамәдениет – балық өсіру.\n", encoding="utf-8")
    zan_json(library, "add", str(ru), "--work", "aqua-law", "--lang", "ru")
    zan_json(library, "add", str(kk), "--version-of", "aqua-law", "--lang", "kk")


def test_two_language_versions_become_one_work_aligned_by_key(library, tmp_path):
    add_russian_then_kazakh_version(library, tmp_path)
    passages = json.loads(CliRunner().invoke(cli, ["parallel", "aqua-law", "--json", "--index", str(library)]).output)
    assert [p["key"] for p in passages] == ["1", "1.1"]
    assert all(set(p["versions"]) == {"ru", "kk"} for p in passages)


def test_a_version_added_later_lends_its_match_to_the_first(library, tmp_path):
    add_russian_then_kazakh_version(library, tmp_path)
    hits = zan_json(library, "search", "аквамәдениет", "--lang", "ru")["hits"]
    assert [(hit["id"], hit["matched"][0]["via"]) for hit in hits] == [("aqua-law/ru/1.1", "aligned:aqua-law/kk/1.1")]


def test_a_second_file_for_the_same_language_of_a_work_is_refused(library, tmp_path):
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("Первый текст о рыбоводстве.\n", encoding="utf-8")
    two.write_text("Второй текст о рыбоводстве.\n", encoding="utf-8")
    zan_json(library, "add", str(one), "--work", "fish")
    report = zan_json(library, "add", str(two), "--work", "fish")
    assert report["added"] == [] and "already has a ru version" in report["failed"][0]["reason"]


def test_metadata_comes_from_a_sidecar_beside_the_file(library, tmp_path):
    text = tmp_path / "decree.txt"
    text.write_text("Указ о пчеловодстве.\n", encoding="utf-8")
    (tmp_path / "decree.txt.meta.toml").write_text('work = "bee-decree"\ntitle = "Указ"\ntype = "decree"\n'
                                                   'date = "2019-04-01"\n', encoding="utf-8")
    zan_json(library, "add", str(text))
    work = next(w for w in zan_json(library, "docs") if w["id"] == "bee-decree")
    assert (work["title"], work["type"], work["date"]) == ("Указ", "decree", "2019-04-01")


def test_dry_run_reports_and_changes_nothing(library, tmp_path):
    write_documents(tmp_path / "incoming")
    before = layout.current_generation(library)
    report = zan_json(library, "add", str(tmp_path / "incoming"), "--dry-run")
    assert report["dry_run"] and report["added"]
    assert layout.current_generation(library) == before and not found(library, "hydroponics")


def test_a_rebuild_reproduces_the_bundled_corpus_and_the_added_files(library, tmp_path):
    write_documents(tmp_path / "incoming")
    zan_json(library, "add", str(tmp_path / "incoming"))
    ids = lambda: sorted(f["id"] for f in indexer.Index.open(library).whoosh.searcher().all_stored_fields())
    before = ids()
    assert zan(library, "index", "--rebuild").exit_code == 0
    assert ids() == before


def test_a_second_writer_waits_then_says_the_index_is_busy(library, tmp_path):
    write_documents(tmp_path / "incoming")
    with writer.writer_lock(library):
        result = zan(library, "add", str(tmp_path / "incoming"), env={"ZAN_LOCK_TIMEOUT": "0.2"})
    assert result.exit_code == 2 and "busy" in result.output and result.output.count("\n") == 1
    assert found(library, "неправомерный")  # searches go on while a writer works


def test_a_batch_collects_garbage_rarely_and_gives_the_collector_back_as_it_was(library):
    before = gc.get_threshold()
    with writer.batch(library):
        assert gc.get_threshold() == segments.WRITER_GC_THRESHOLDS
    with pytest.raises(RuntimeError), writer.batch(library):
        raise RuntimeError("a batch that fails")
    assert gc.get_threshold() == before


def test_a_folder_of_odd_entries_is_reported_and_never_left(library, tmp_path):
    folder = tmp_path / "incoming"
    write_documents(folder)
    (folder / "loop").symlink_to(folder)
    outside = tmp_path / "outside.txt"
    outside.write_text("Внешний файл о соколиной охоте.\n", encoding="utf-8")
    (folder / "out").symlink_to(outside)
    os.mkfifo(folder / "pipe")
    shutil.copytree(library, folder / "an-index")
    report = zan_json(library, "add", str(folder))
    reasons = {Path(item["path"]).name: item["reason"] for item in report["failed"]}
    assert "pipe" in reasons and "out" in reasons and "loop" in reasons
    assert reasons["an-index"] == "a Zan index; not indexed"
    assert not found(library, "охота")


def test_an_index_built_by_other_analysis_code_rebuilds_itself(library):
    generation = layout.current_generation(library)
    header, registry = (generation / "manifest.json").read_text(encoding="utf-8").splitlines()
    header = json.loads(header) | {"analysis": "0" * 32, "fingerprint": "0" * 32}
    (generation / "manifest.json").write_text(f"{json.dumps(header)}\n{registry}\n", encoding="utf-8")
    assert layout.state(library) == "stale"
    assert "index built" in zan(library, "index").output
    assert layout.is_current(library)


def test_an_index_of_an_earlier_version_keeps_its_added_files_when_it_rebuilds_itself(library, tmp_path):
    write_documents(tmp_path / "incoming")
    zan_json(library, "add", str(tmp_path / "incoming"))
    manifest = layout.current_generation(library) / "manifest.json"
    header, registry = (json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines())
    earlier = header | registry | {"analysis": "0" * 32, "fingerprint": "0" * 32}  # one line, registry inside
    manifest.write_text(json.dumps(earlier), encoding="utf-8")
    assert "index built" in zan(library, "index").output
    assert found(library, "hydroponics")


def test_a_writer_killed_at_any_moment_leaves_an_index_that_opens_and_answers(library, tmp_path):
    folder = tmp_path / "incoming"
    write_documents(folder)
    for n in range(40):
        (folder / f"extra{n}.txt").write_text(f"Статья {n}. Текст\n1. Слово номер{n} о рыболовстве.\n" * 30,
                                              encoding="utf-8")
    command = [sys.executable, "-m", "search_cli.main", "add", str(folder), "--index", str(library)]
    for delay in (0.3, 0.8, 1.3, 1.8, 2.4):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        opened = indexer.Index.open(library)
        ids = [f["id"] for f in opened.whoosh.searcher().all_stored_fields()]
        assert len(ids) == len(set(ids)) == opened.manifest.passages
        assert indexer.search("неправомерный доступ", index_dir=library).total > 0
    assert zan(library, "reindex").exit_code == 0
    assert zan(library, "add", str(folder)).exit_code == 0


def test_a_moved_file_takes_the_place_of_its_old_path(library, tmp_path):
    old = tmp_path / "first" / "устав.txt"
    old.parent.mkdir()
    old.write_text("Статья 1. Устав о голубеводстве.\n", encoding="utf-8")
    zan_json(library, "add", str(old))
    moved = tmp_path / "second" / "устав.txt"
    moved.parent.mkdir()
    old.rename(moved)
    report = zan_json(library, "add", str(moved))
    assert [item["path"] for item in report["added"]] == [str(moved)]
    files = zan_json(library, "status")["files"]
    assert [f["path"] for f in files if "устав" in f["path"]] == [str(moved)]
    assert len(found(library, "голубеводство")) == 1  # its passage once, not once per path
