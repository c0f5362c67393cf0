"""Fixtures for live-database tests: throw-away databases on the real servers of this machine.

Every database gets a unique name (``ad_live_<label>_<hex>``) and is dropped afterwards, so
these tests can run while other engineers' tests use the same servers.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from archdocs.cli import main

from . import corpus

_SKIP_REASONS: dict[str, str | None] = {}


def require_server(dialect: str) -> None:
    """Skip (with the reason) when the server or its command-line client is absent."""
    if dialect not in _SKIP_REASONS:
        _SKIP_REASONS[dialect] = corpus.server_available(dialect)
    reason = _SKIP_REASONS[dialect]
    if reason:
        pytest.skip(reason)


@dataclass
class LiveDatabase:
    """A database created for one test (or one module), with helpers to change it."""

    dialect: str
    name: str
    url: str

    def execute(self, sql: str) -> None:
        corpus.execute(self.dialect, self.name, sql)

    def query(self, sql: str) -> list[list[str]]:
        return corpus.query(self.dialect, self.name, sql)


@contextlib.contextmanager
def live_database(dialect: str, label: str, schema: corpus.CorpusSchema | None = None
                  ) -> Iterator[LiveDatabase]:
    require_server(dialect)
    name = corpus.unique_name(label)
    url = corpus.create_database(dialect, name)
    try:
        if schema is not None:
            corpus.load(schema, name)
        yield LiveDatabase(dialect, name, url)
    finally:
        corpus.drop_database(dialect, name)


@pytest.fixture
def empty_pg() -> Iterator[LiveDatabase]:
    with live_database("postgresql", "pg") as database:
        yield database


@pytest.fixture
def empty_mariadb() -> Iterator[LiveDatabase]:
    with live_database("mysql", "my") as database:
        yield database


@pytest.fixture(scope="session")
def musicbrainz_db() -> Iterator[LiveDatabase]:
    """MusicBrainz (512 tables in 9 schemas), loaded once per test session."""
    with live_database("postgresql", "mb", corpus.MUSICBRAINZ) as database:
        yield database


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def archdocs() -> Callable[..., Run]:
    """Run the archdocs CLI in this process: archdocs("import", url, "--out", path)."""

    def run(*args: str | Path) -> Run:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in args])
        return Run(code, out.getvalue(), err.getvalue())

    return run
