"""Shared fixtures: one real index of the bundled corpus per test session, and private
copies of it for tests that write."""
import os
import shutil

import pytest
from click.testing import CliRunner

import indexer
from search_cli.main import cli

# The suite specifies lexical search; tests/test_semantic.py switches the [semantic] extra
# on where it needs it (an installed extra would otherwise embed every added passage).
os.environ["ZAN_SEMANTIC"] = "0"


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


@pytest.fixture
def library(index_dir, tmp_path):
    """A private copy of the session's index, for a test that changes it."""
    path = tmp_path / "index"
    shutil.copytree(index_dir, path)
    return path
