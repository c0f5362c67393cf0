"""Loading the real-world schemas of tests/corpus into throw-away databases.

Each load goes into its own uniquely named database (other engineers' tests run at the same
time on the same servers), through the servers' own command-line clients, exactly as a user
would load the dump. Also used by ``benchmarks/live_bench.py``.
"""

from __future__ import annotations

import gzip
import os
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
"""The vendored schemas, each with its SOURCE.txt (origin, commit, licence)."""
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
MY_HOST, MY_PORT, MY_USER = "127.0.0.1", 3306, "root"

# Statements that create, drop or switch databases: the corpus scripts assume they own a
# database of a fixed name, but each test loads into its own.
_DATABASE_SWITCH = {
    "postgresql": re.compile(r"^\s*(DROP|CREATE)\s+DATABASE\s|^\\c\s", re.IGNORECASE),
    "mysql": re.compile(
        r"^\s*((DROP|CREATE)\s+(DATABASE|SCHEMA)\s|USE\s+\S+;|source\s+\S+\s*;)", re.IGNORECASE
    ),
}
# Sakila's views name their tables "sakila.actor"; in a differently named database they must
# not.
_QUALIFIED = re.compile(r"\bsakila\.(?=[a-z_`])")

MUSICBRAINZ_SCHEMAS = (
    "musicbrainz", "cover_art_archive", "documentation", "event_art_archive", "json_dump",
    "report", "sitemaps", "statistics", "wikidocs", "dbmirror2",
)
_MB_SUBDIRS = ("caa", "eaa", "documentation", "json_dump", "report", "sitemaps", "statistics",
               "wikidocs")


def _mb_steps() -> list[Path]:
    """The MusicBrainz files in the order of LOAD_ORDER.txt."""
    root = CORPUS / "postgres/musicbrainz"

    def step(name: str, subdirs: tuple[str, ...] = _MB_SUBDIRS) -> list[Path]:
        found = [root / name] if (root / name).exists() else []
        return found + [root / d / name for d in subdirs if (root / d / name).exists()]

    files = [root / "Extensions.sql", root / "CreateCollations.sql", root / "CreateTypes.sql"]
    files += step("CreateTables.sql")
    files += step("CreatePrimaryKeys.sql")
    files += [root / "CreateSearchConfiguration.sql"]
    files += step("CreateFunctions.sql", ("caa", "eaa"))
    files += step("CreateIndexes.sql")
    files += step("CreateFKConstraints.sql", ("caa", "documentation", "eaa"))
    files += [root / "caa/CreateEditFKConstraints.sql", root / "eaa/CreateEditFKConstraints.sql",
              root / "sitemaps/CreateFKConstraints.sql"]
    files += [root / "CreateConstraints.sql"]
    files += step("CreateViews.sql", ("caa", "eaa"))
    return files


@dataclass(frozen=True)
class CorpusSchema:
    """One corpus schema and how to load it."""

    name: str
    dialect: str  # "postgresql" or "mysql"
    files: tuple[str, ...]
    schemas: tuple[str, ...] = ()
    """Schemas to import (empty: the database's default schema)."""


PAGILA = CorpusSchema("pagila", "postgresql", ("postgres/pagila/pagila-schema.sql",))
PG_CHINOOK = CorpusSchema("chinook", "postgresql", ("postgres/chinook/Chinook_PostgreSql.sql.gz",))
DANBOORU = CorpusSchema("danbooru", "postgresql", ("postgres/danbooru/structure.sql",))
MUSICBRAINZ = CorpusSchema(
    "musicbrainz", "postgresql", (), schemas=tuple(s for s in MUSICBRAINZ_SCHEMAS
                                                    if s != "dbmirror2")
)
SAKILA = CorpusSchema("sakila", "mysql", ("mysql/sakila/sakila-mv-schema.sql",))
MY_CHINOOK = CorpusSchema("chinook", "mysql", ("mysql/chinook/Chinook_MySql.sql.gz",))
EMPLOYEES = CorpusSchema("employees", "mysql", ("mysql/employees/employees_partitioned.sql",))


class LoadError(RuntimeError):
    """A corpus script or an administrative statement failed."""


def read_sql(path: Path) -> str:
    """The text of a corpus script, plain (``.sql``) or gzip-compressed (``.sql.gz``)."""
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


def unique_name(label: str) -> str:
    return f"ad_live_{label}_{secrets.token_hex(4)}"


def server_available(dialect: str) -> str | None:
    """``None`` when the server and its client are usable, else the reason to skip."""
    client = "psql" if dialect == "postgresql" else "mysql"
    if shutil.which(client) is None:
        return f"the '{client}' client is not installed"
    try:
        if dialect == "postgresql":
            _psql("postgres", ["-c", "select 1"])
        else:
            _mysql(None, "select 1")
    except (LoadError, subprocess.TimeoutExpired) as error:
        return f"no {dialect} server on 127.0.0.1: {error}"
    return None


def url_for(dialect: str, database: str) -> str:
    if dialect == "postgresql":
        return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}"
    return f"mysql+pymysql://{MY_USER}@{MY_HOST}:{MY_PORT}/{database}"


def create_database(dialect: str, name: str) -> str:
    """Create an empty database ``name``; returns its URL."""
    if dialect == "postgresql":
        _psql("postgres", ["-c", f'CREATE DATABASE "{name}"'])
    else:
        _mysql(None, f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    return url_for(dialect, name)


def drop_database(dialect: str, name: str) -> None:
    if dialect == "postgresql":
        _psql("postgres", ["-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])
    else:
        _mysql(None, f"DROP DATABASE IF EXISTS `{name}`")


def load(schema: CorpusSchema, database: str) -> None:
    """Run the schema's scripts into the (existing, empty) database ``database``."""
    if schema is MUSICBRAINZ:
        _load_musicbrainz(database)
        return
    for relative in schema.files:
        text = _without_database_switches(schema.dialect, read_sql(CORPUS / relative))
        if schema.dialect == "postgresql":
            _psql(database, ["-v", "ON_ERROR_STOP=1", "-f", "-"], stdin=text)
        else:
            _mysql(database, text)


def execute(dialect: str, database: str, sql: str) -> None:
    """Run ``sql`` on ``database`` as the administrator (for the ALTERs of drift tests)."""
    if dialect == "postgresql":
        _psql(database, ["-v", "ON_ERROR_STOP=1", "-c", sql])
    else:
        _mysql(database, sql)


def query(dialect: str, database: str, sql: str) -> list[list[str]]:
    """Rows of ``sql`` as lists of strings, read with the server's own client."""
    if dialect == "postgresql":
        out = _psql(database, ["-A", "-t", "-F", "\t", "-c", sql])
    else:
        out = _mysql(database, sql, batch=True)
    return [line.split("\t") for line in out.splitlines() if line]


def _without_database_switches(dialect: str, text: str) -> str:
    switch = _DATABASE_SWITCH[dialect]
    lines = ("" if switch.match(line) else line for line in text.splitlines())
    return _QUALIFIED.sub("", "\n".join(lines)) + "\n"


def _load_musicbrainz(database: str) -> None:
    schemas = "; ".join(f"CREATE SCHEMA {s}" for s in MUSICBRAINZ_SCHEMAS)
    _psql(database, ["-v", "ON_ERROR_STOP=1", "-c", schemas])
    args = ["-v", "ON_ERROR_STOP=1"]
    for file in _mb_steps():
        # Some files SET search_path for their own schema; each starts afresh, as in InitDb.pl.
        args += ["-c", "SET search_path = musicbrainz, public", "-f", str(file)]
    _psql(database, args, env={"PGOPTIONS": "-c search_path=musicbrainz,public"})


def _psql(database: str, args: list[str], *, stdin: str | None = None,
          env: dict[str, str] | None = None) -> str:
    command = ["psql", "-X", "-q", "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER,
               "-d", database, *args]
    result = subprocess.run(
        command, input=stdin, capture_output=True, text=True, check=False, timeout=600,
        env={**os.environ, "PGCLIENTENCODING": "UTF8", **(env or {})},
    )
    if result.returncode != 0:
        raise LoadError(f"{command[0]} exited with {result.returncode}: {result.stderr[-2000:]}")
    return result.stdout


def _mysql(database: str | None, sql: str, *, batch: bool = False) -> str:
    command = ["mysql", "-h", MY_HOST, "-P", str(MY_PORT), "-u", MY_USER,
               "--default-character-set=utf8mb4"]
    if batch:
        command += ["-N", "-B"]
    if database:
        command.append(database)
    result = subprocess.run(
        command, input=sql, capture_output=True, text=True, check=False, timeout=600
    )
    if result.returncode != 0:
        raise LoadError(f"{command[0]} exited with {result.returncode}: {result.stderr[-2000:]}")
    return result.stdout
