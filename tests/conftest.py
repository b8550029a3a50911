"""Shared fixtures: one real index of the bundled corpus per test session."""
import pytest
from click.testing import CliRunner

import indexer
from search_cli.main import cli


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("zan") / "index"
    indexer.build(path)
    return path


@pytest.fixture
def zan(index_dir, monkeypatch):
    """Run ``zan ARGS…`` against the session index; returns click's Result."""
    monkeypatch.setenv("ZAN_INDEX", str(index_dir))
    monkeypatch.setenv("NO_COLOR", "1")
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return run
