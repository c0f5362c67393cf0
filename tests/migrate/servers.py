"""Throw-away databases on the PostgreSQL and MariaDB servers of this machine, and running a
plan's SQL through the real command-line clients."""

from __future__ import annotations

import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{db}"
MARIADB_URL = "mysql+pymysql://root@127.0.0.1:3306/{db}"


def _reachable(url: str) -> bool:
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 - any failure means: no server here
        return False


@contextmanager
def fresh_database(kind: str) -> Iterator[tuple[Engine, str]]:
    """A new, uniquely named database; dropped afterwards. Skips when the server or its
    command-line client is absent."""
    name = f"ad_migrate_{secrets.token_hex(4)}"
    if kind == "postgresql":
        admin_url, url, client = PG_URL.format(db="test"), PG_URL.format(db=name), "psql"
    else:
        admin_url, url, client = MARIADB_URL.format(db="test"), MARIADB_URL.format(db=name), "mysql"
    if shutil.which(client) is None:
        pytest.skip(f"the {client} client is not installed")
    if not _reachable(admin_url):
        pytest.skip(f"no {kind} server on 127.0.0.1 ({admin_url})")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine = create_engine(url)
    try:
        yield engine, name
    finally:
        engine.dispose()
        with admin.connect() as conn:
            if kind == "postgresql":
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            else:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()


def run_script(kind: str, database: str, script: str, *, passed: int = 99,
               stop_on_error: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``script`` with the real client, in autocommit, stopping at the first error, as an
    operator who has passed the first ``passed`` deploy checkpoints (all, by default)."""
    if kind == "postgresql":
        command = ["psql", "-X", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", database]
        if stop_on_error:
            command += ["-v", "ON_ERROR_STOP=1"]
        for number in range(1, passed + 1):
            command += ["-v", f"passed_{number}=1"]
    else:
        command = ["mysql", "-h", "127.0.0.1", "-u", "root", database]
        if passed:
            command.insert(1, "--init-command=SET " + ", ".join(
                f"@archdocs_passed_{n} = 1" for n in range(1, passed + 1)))
    return subprocess.run(command, input=script, capture_output=True, text=True, check=False,
                          timeout=300)


def not_ledger(name: str | None, type_: str, parent_names: object) -> bool:
    """alembic ``include_name``: the plan's step ledger is not part of the model."""
    return name != "archdocs_migration_steps"


def passed_checkpoints(count: int = 99) -> list[str]:
    """psql options of an operator who has passed the first ``count`` deploy checkpoints."""
    return [option for n in range(1, count + 1) for option in ("-v", f"passed_{n}=1")]
