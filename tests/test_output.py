"""How results look: wrapped, marked without colour, plurals, CSV, pages and sorting."""
import csv
import io
import json

from search_cli import render
from indexer.model import Hit, SearchResult


def _result(snippet: str, total: int = 1) -> SearchResult:
    hit = Hit(id="w/ru/1", work="w", key="1", lang="ru", title="Закон", location="ст. 1", score=1.0,
              text=snippet.replace("**", ""), snippet=snippet)
    return SearchResult(query="доступ", total=total, hits=[hit])


def test_snippets_wrap_to_the_width_with_a_hanging_indent_and_whole_words():
    snippet = "Умышленный неправомерный **доступ** к охраняемой законом информации " * 4
    lines = render.search_text(_result(snippet), colour=False, width=50).splitlines()
    body = [line for line in lines[3:] if not line.strip().startswith("w/ru/1")]
    assert len(body) > 3 and all(len(line) <= 50 and line.startswith(render.INDENT) for line in body)
    words = " ".join(line.strip() for line in body).split()
    assert words == render.highlight(snippet, False).split()


def test_colour_codes_do_not_count_towards_the_width():
    snippet = "**Неправомерный доступ** к информации " * 6
    for line in render.wrapped(snippet, colour=True, width=40):
        visible = line.replace("\x1b[31m", "").replace("\x1b[1m", "").replace("\x1b[0m", "")
        assert len(visible) <= 40


def test_without_colour_matched_words_are_marked_in_brackets():
    assert render.highlight("a **доступ** b", colour=False) == "a [доступ] b"


def test_counts_agree_with_their_nouns():
    assert render.search_text(_result("x"), False).startswith("1 passage matches 'доступ'")
    assert render.search_text(_result("x", total=3), False).startswith("3 passages match 'доступ', showing 1–1")


def test_a_dumb_terminal_gets_no_colour(monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert render.use_colour()
    monkeypatch.setenv("TERM", "dumb")
    assert not render.use_colour()


def test_search_and_docs_export_csv(zan):
    rows = list(csv.DictReader(io.StringIO(zan("search", "доступ", "--csv").output)))
    assert rows and set(rows[0]) == set(render.SEARCH_CSV_COLUMNS) and rows[0]["rank"] == "1"
    works = list(csv.DictReader(io.StringIO(zan("docs", "--csv").output)))
    assert any(row["id"] == "kz-criminal-code-226-v" and "ru:" in row["passages"] for row in works)


def test_pages_continue_where_the_last_one_stopped(zan):
    def ids(*args):
        return [hit["id"] for hit in json.loads(zan("search", "информация", "--json", *args).output)["hits"]]

    first, second, both = ids("--limit", "5"), ids("--limit", "5", "--page", "2"), ids("--limit", "10")
    assert first + second == both and not set(first) & set(second)


def test_hits_can_be_sorted_in_document_order(zan):
    hits = json.loads(zan("search", "штраф", "--sort", "doc", "--limit", "50", "--json",
                          "--lang", "ru", "--no-expand").output)["hits"]
    keys = [int(hit["key"].split(".")[0]) for hit in hits if hit["work"] == "kz-criminal-code-226-v"]
    assert keys == sorted(keys) and len(keys) > 5


def test_exit_codes_are_like_grep(zan):
    assert zan("search", "доступ").exit_code == 0
    assert zan("search", "zzzyxq").exit_code == 1
    assert zan("search", "(доступ").exit_code == 2


def test_kwic_gives_every_occurrence_aligned_on_the_match(zan):
    lines = zan("kwic", "штраф", "--lang", "ru", "--width", "100", "--limit", "20", "--no-expand").output.splitlines()
    assert len(lines) >= 10
    starts = {line.lower().index("штраф", render.KWIC_PLACE_CHARS) for line in lines}
    assert len(starts) == 1  # every match starts in the same column
    assert all(len(line) <= 100 for line in lines)


def test_kwic_finds_every_inflected_form_and_sorts_by_context(zan):
    found = json.loads(zan("kwic", "штраф", "--lang", "ru", "--json", "--sort", "right", "--limit", "200").output)
    assert {line["match"].lower() for line in found} >= {"штрафом"}
    rights = [line["right"].lower().split() for line in found]
    assert rights == sorted(rights)
    rows = list(csv.DictReader(io.StringIO(zan("kwic", "штраф", "--csv").output)))
    assert set(rows[0]) == {"work", "location", "language", "left", "match", "right"}


def test_kwic_of_nothing_exits_1(zan):
    assert zan("kwic", "zzzyxq").exit_code == 1
