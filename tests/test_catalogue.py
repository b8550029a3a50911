"""The corpus catalogue describes every work the article cites and every bundled text."""
from collections import Counter

import pytest

import corpus
from indexer.catalogue import CatalogueError, by_id, load

ARTICLE = "cybercrime-cooperation-2024"


@pytest.fixture(scope="module")
def works():
    return load()


def test_the_bundled_catalogue_loads(works):
    assert len(works) > 15
    assert by_id(works)[ARTICLE].type == "article"


def test_every_bundled_text_belongs_to_exactly_one_work(works):
    catalogued = Counter(file.path for work in works for file in work.files)
    bundled = {path.name for path in corpus.texts_dir().iterdir() if path.is_file()}
    assert set(catalogued) == bundled
    assert max(catalogued.values()) == 1


@pytest.mark.parametrize("work_id", ["kz-criminal-code-226-v", "cis-agreement-2018-it-crimes"])
def test_russian_and_kazakh_versions_share_one_work(works, work_id):
    assert sorted(file.lang for file in by_id(works)[work_id].files) == ["kk", "ru"]


def test_every_citation_and_relation_resolves(works):
    ids = by_id(works)
    targets = [c.work for w in works for c in w.cites] + [t for w in works for t in w.relations.values()]
    assert targets and all(target in ids for target in targets)


def test_the_article_cites_every_footnote_and_reference(works):
    cites = by_id(works)[ARTICLE].cites
    assert {n for c in cites for n in c.footnotes} == set(range(2, 22))
    assert {n for c in cites for n in c.references} == set(range(1, 16))


def test_each_reference_number_is_one_scholarly_work(works):
    ids = by_id(works)
    cited = [(n, c.work) for c in ids[ARTICLE].cites for n in c.references]
    assert sorted(n for n, _ in cited) == list(range(1, 16))
    assert all(ids[work].type == "scholarly work" for _, work in cited)


def test_the_2018_cis_agreement_supersedes_the_2001_one_approved_by_decree_897(works):
    ids = by_id(works)
    assert ids["cis-agreement-2018-it-crimes"].relations["supersedes"] == "cis-agreement-2001-computer-information"
    assert ids["cis-agreement-2001-computer-information"].relations["approved_by"] == "kz-presidential-decree-897-2002"


def test_title_in_falls_back_to_english_then_any_language(works):
    code = by_id(works)["kz-criminal-code-226-v"]
    assert code.title_in("kk") == "Қазақстан Республикасының Қылмыстық кодексі"
    assert code.title_in("fr") == "Criminal Code of the Republic of Kazakhstan"


GOOD = """
[[work]]
id = "a"
type = "code"
title = { en = "A" }
status = "text in corpus"
[[work.files]]
lang = "ru"
path = "a.md"
format = "markdown"
"""


def _load(tmp_path, toml):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.md").write_text("text")
    (tmp_path / "catalogue.toml").write_text(toml)
    return load(tmp_path / "catalogue.toml")


def test_a_small_catalogue_loads(tmp_path):
    [work] = _load(tmp_path, GOOD)
    assert work.files[0].path == "a.md"


@pytest.mark.parametrize(
    "bad, message",
    [
        (GOOD.replace('"code"', '"novel"'), "work a: unknown type 'novel'"),
        (GOOD.replace('"text in corpus"', '"lost"'), "work a: unknown status 'lost'"),
        (GOOD + GOOD.split("[[work.files]]")[0], "work a: duplicate id"),
        (GOOD.replace('"a.md"', '"b.md"'), "work a: file 'b.md' not found"),
        (GOOD.replace('status', 'cites = [{ work = "z" }]\nstatus'), "work a: refers to unknown work 'z'"),
        (GOOD.split("[[work.files]]")[0], 'work a: status "text in corpus" but no files'),
        (GOOD.replace("status", "auther = 'x'\nstatus"), "work a: .*auther"),
    ],
    ids=["type", "status", "duplicate", "missing file", "unknown citation", "no files", "unknown field"],
)
def test_validation_errors_name_the_work(tmp_path, bad, message):
    with pytest.raises(CatalogueError, match=message):
        _load(tmp_path, bad)
