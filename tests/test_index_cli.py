"""Building, locating and protecting the index; `zan index`, `zan docs`, `zan analyze`."""
import json
import shutil

from click.testing import CliRunner

import indexer
from indexer import index, writer
from search_cli.main import cli


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env={"NO_COLOR": "1", **(env or {})})


def test_a_missing_explicit_index_is_a_one_line_error(tmp_path):
    result = run("search", "access", "--index", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.output.startswith("zan: error: no index at") and result.output.count("\n") == 1


def test_a_damaged_index_is_reported_not_read(library):
    for toc in library.glob("gen-*/_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    result = run("search", "access", "--index", str(library))
    assert result.exit_code == 2 and "rebuild" in result.output


def test_a_locked_index_refuses_a_second_writer_and_keeps_its_data(library):
    with writer.writer_lock(library):
        result = run("index", "--rebuild", "--index", str(library), env={"ZAN_LOCK_TIMEOUT": "0.2"})
    assert result.exit_code == 2 and "busy" in result.output
    assert indexer.search("access", index_dir=library).total > 0


def test_a_failed_build_keeps_the_previous_index(library, monkeypatch):
    def broken_sources(works):
        raise indexer.IngestError("broken file")
        yield

    monkeypatch.setattr("indexer.ingest.bundled_sources", broken_sources)
    result = run("index", "--rebuild", "--index", str(library))
    assert result.exit_code == 2 and "broken file" in result.output
    assert indexer.search("access", index_dir=library).total > 0


def test_the_first_search_builds_the_default_index_by_itself(tmp_path):
    result = run("search", "киберқылмыс", "--limit", "1", env={"XDG_DATA_HOME": str(tmp_path), "ZAN_INDEX": ""})
    assert result.exit_code == 0, result.output
    assert index.is_current(tmp_path / "zan" / "index")


def test_index_reports_an_up_to_date_index_without_rebuilding(index_dir):
    result = run("index", "--index", str(index_dir))
    assert result.exit_code == 0 and "up to date" in result.output


def test_docs_lists_every_catalogued_work_with_passage_counts(index_dir):
    result = run("docs", "--json", "--index", str(index_dir))
    works = {work["id"]: work for work in json.loads(result.output)}
    code = works["kz-criminal-code-226-v"]
    assert code["passages"]["ru"] > 30 and code["passages"]["kk"] > 30
    assert any(work["status"] == "metadata only" and not work["passages"] for work in works.values())
    text = run("docs", "--index", str(index_dir)).output
    assert "kz-criminal-code-226-v" in text and "metadata only" in text


def test_analyze_shows_lemma_language_and_stop_flag():
    result = run("analyze", "доступ к информации", "--json")
    tokens = json.loads(result.output)
    assert [t["lemma"] for t in tokens] == ["доступ", "к", "информация"]
    assert [t["stop"] for t in tokens] == [False, True, False]
    assert tokens[2] | {"segmentation": None} == {
        "text": "информации", "lemma": "информация", "lang": "ru", "start": 9, "end": 19,
        "stop": False, "segmentation": None, "concepts": []}


def test_analyze_keeps_legal_identifiers_whole():
    tokens = json.loads(run("analyze", "ст. 205-бап 226-V 52-ФЗ", "--json").output)
    assert [t["text"] for t in tokens] == ["ст.", "205-бап", "226-V", "52-ФЗ"]
    assert tokens[0]["lemma"] == "статья"


def test_analyze_in_kazakh_shows_the_segmentation():
    result = run("analyze", "мемлекеттердің", "--lang", "kk")
    assert result.exit_code == 0 and "мемлекет" in result.output and "+" in result.output


def test_an_index_that_cannot_be_written_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = run("index", "--index", str(blocker / "index"))
    assert result.exit_code == 2 and result.output.startswith("zan: error: cannot write the index")


def _folder_of_documents(path):
    path.mkdir()
    (path / "thesis.docx").write_bytes(b"my only copy")
    (path / "notes").mkdir()
    (path / "notes" / "todo.txt").write_text("read the Convention", encoding="utf-8")
    return sorted(p.relative_to(path) for p in path.rglob("*"))


def test_index_refuses_a_folder_that_is_not_a_zan_index_and_keeps_its_files(tmp_path):
    folder = tmp_path / "documents"
    before = _folder_of_documents(folder)
    result = run("index", "--index", str(folder))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("zan: error:") and "not a Zan index" in result.output
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert (folder / "thesis.docx").read_bytes() == b"my only copy"


def test_zan_index_variable_naming_a_foreign_folder_is_refused_too(tmp_path):
    folder = tmp_path / "documents"
    before = _folder_of_documents(folder)
    result = run("index", "--rebuild", env={"ZAN_INDEX": str(folder)})
    assert result.exit_code == 2 and "not a Zan index" in result.output
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before


def test_nothing_is_written_beside_the_index_directory(tmp_path):
    before = _folder_of_documents(tmp_path / "index.building")
    result = run("index", "--index", str(tmp_path / "index"))
    assert result.exit_code == 0, result.output
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["index", "index.building"]
    assert sorted(p.relative_to(tmp_path / "index.building") for p in (tmp_path / "index.building").rglob("*")) == before



def test_an_empty_folder_or_a_zan_index_is_built_in_place(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("index", "--index", str(empty)).exit_code == 0
    assert (empty / index.MARKER_FILE).is_file()
    assert run("index", "--rebuild", "--index", str(empty)).exit_code == 0


def test_a_lock_timeout_that_is_not_a_number_is_a_one_line_error(tmp_path):
    result = run("index", "--index", str(tmp_path / "index"), env={"ZAN_LOCK_TIMEOUT": "abc"})
    assert result.exit_code == 2 and result.output == "zan: error: ZAN_LOCK_TIMEOUT must be a number of seconds, not 'abc'\n"


def test_the_current_folder_can_be_the_index_when_it_is_empty(tmp_path, monkeypatch):
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert run("index", "--index", ".").exit_code == 0
    assert run("search", "access", "--index", ".").exit_code == 0
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["here"]


def test_the_rebuild_hint_of_a_named_index_names_it(library):
    for segment in library.glob("gen-*/*.trm"):
        segment.write_bytes(b"garbage")
    result = run("search", "access", "--index", str(library))
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert f"zan index --rebuild --index {library}" in result.output
    assert run("index", "--rebuild", "--index", str(library)).exit_code == 0
    assert run("search", "access", "--index", str(library)).exit_code == 0


def _flip_a_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_damage_is_found_by_verify_and_repaired_by_index(library):
    assert run("status", "--verify", "--index", str(library)).exit_code == 0
    _flip_a_byte(next(library.glob("gen-*/*.pst")))
    damaged = run("status", "--verify", "--index", str(library))
    assert damaged.exit_code == 2 and "damaged (1 file differs" in damaged.output
    rebuilt = run("index", "--index", str(library))
    assert rebuilt.exit_code == 0 and "index built" in rebuilt.output
    assert run("status", "--verify", "--index", str(library)).exit_code == 0


def test_a_truncated_or_missing_index_file_is_reported_on_open(tmp_path, index_dir):
    for damage in ("truncate", "delete"):  # (permissions do not bind root, who runs CI)
        copy = tmp_path / damage
        shutil.copytree(index_dir, copy)
        victim = next(copy.glob("gen-*/*_stored.col"))
        if damage == "truncate":
            victim.write_bytes(victim.read_bytes()[:10])
        else:
            victim.unlink()
        result = run("search", "access", "--index", str(copy))
        assert result.exit_code == 2 and result.output.count("\n") == 1, (damage, result.output)


def test_the_default_index_repairs_itself_when_damaged(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path), "ZAN_INDEX": ""}
    assert run("index", env=env).exit_code == 0
    default = tmp_path / "zan" / "index"
    next(default.glob("gen-*/*.trm")).write_bytes(b"garbage")
    result = run("search", "access", env=env)
    assert result.exit_code == 0, result.output
    assert run("status", "--verify", env=env).exit_code == 0


def test_shell_completion_and_version_come_from_click():
    assert CliRunner().invoke(cli, ["--version"], prog_name="zan").output.startswith("zan, version ")
    completion = CliRunner().invoke(cli, [], prog_name="zan", env={"_ZAN_COMPLETE": "bash_source"})
    assert "_zan_completion()" in completion.output
