"""What protects the user: read-only connections, masked passwords, timeouts, and messages
that say what went wrong."""

from __future__ import annotations

import socket
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from archdocs.live.connection import LiveDatabaseError, parse_url, read_only_connection

from .conftest import LiveDatabase, require_server

SECRET = "Sup3r-S3cret-pw"


# -- read-only ----------------------------------------------------------------------------------


def test_a_write_through_archdocs_connection_fails_on_postgresql(empty_pg: LiveDatabase) -> None:
    empty_pg.execute("CREATE TABLE t (id int primary key)")
    with read_only_connection(empty_pg.url) as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 0
    with pytest.raises(LiveDatabaseError, match="refused a write"), \
            read_only_connection(empty_pg.url) as connection:
        connection.execute(text("INSERT INTO t VALUES (1)"))
    assert empty_pg.query("SELECT count(*) FROM t") == [["0"]]


def test_a_write_through_archdocs_connection_fails_on_mariadb(empty_mariadb: LiveDatabase) -> None:
    empty_mariadb.execute("CREATE TABLE t (id int primary key)")
    for statement in ("INSERT INTO t VALUES (1)", "CREATE TABLE u (id int)"):
        with pytest.raises(LiveDatabaseError, match="refused a write"), \
                read_only_connection(empty_mariadb.url) as connection:
            connection.execute(text(statement))
    assert empty_mariadb.query("SELECT count(*) FROM t") == [["0"]]


def test_a_write_through_archdocs_connection_fails_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE t (id integer primary key)")
    with pytest.raises(LiveDatabaseError, match="refused a write"), \
            read_only_connection(f"sqlite:///{path}") as connection:
        connection.execute(text("INSERT INTO t VALUES (1)"))
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM t").fetchone() == (0,)


# -- passwords ----------------------------------------------------------------------------------


def test_a_wrong_password_is_reported_without_showing_it(archdocs, tmp_path: Path) -> None:
    require_server("mysql")
    url = f"mysql+pymysql://root:{SECRET}@127.0.0.1:3306/test"
    run = archdocs("import", url, "--out", tmp_path / "x.py")
    assert run.code == 2
    assert "refused the credentials for user 'root'" in run.err
    assert SECRET not in run.out + run.err
    assert not (tmp_path / "x.py").exists()


def test_drift_never_shows_the_password_either(archdocs, tmp_path: Path) -> None:
    require_server("mysql")
    models = tmp_path / "models"
    models.mkdir()
    (models / "m.py").write_text(
        "import archdocs\nfrom sqlalchemy import Column, Integer, MetaData, Table\n"
        "md = MetaData()\nTable('t', md, Column('id', Integer, primary_key=True))\n"
        "s = archdocs.System('s')\ns.context('c').datastore('db', archdocs.tech.MariaDB('10'), "
        "schema=md)\n"
    )
    for url in (f"mysql+pymysql://root:{SECRET}@127.0.0.1:3306/test",
                f"postgresql+psycopg://u:{SECRET}@127.0.0.1:1/test"):
        run = archdocs("drift", url, models, "--datastore", "db", "--timeout", "2")
        assert run.code == 2
        assert SECRET not in run.out + run.err
        assert "***" in run.err or "refused" in run.err or "cannot reach" in run.err


def test_progress_shows_the_url_with_the_password_masked(archdocs, empty_pg: LiveDatabase) -> None:
    empty_pg.execute("CREATE TABLE t (id int primary key)")
    url = empty_pg.url.replace("postgres@", f"postgres:{SECRET}@")  # trust auth accepts any
    run = archdocs("import", url)
    assert run.code == 0, run.err
    assert "postgres:***@127.0.0.1" in run.err
    assert SECRET not in run.out + run.err


# -- errors users hit ---------------------------------------------------------------------------


def test_an_unreachable_host_says_so(archdocs) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = archdocs("import", f"postgresql://postgres@127.0.0.1:{port}/x", "--timeout", "2")
    assert run.code == 2
    assert f"cannot reach postgresql server 127.0.0.1:{port}" in run.err
    assert "hint: check the host and port" in run.err
    assert "Traceback" not in run.err


@pytest.fixture
def hung_server() -> Iterator[int]:
    """A server that accepts connections and then never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.mark.parametrize("scheme", ["postgresql+psycopg", "mysql+pymysql"])
def test_a_hung_server_times_out(archdocs, hung_server: int, scheme: str) -> None:
    run = archdocs("import", f"{scheme}://u:{SECRET}@127.0.0.1:{hung_server}/x", "--timeout", "1")
    assert run.code == 2
    assert "did not answer in time" in run.err or "cannot reach" in run.err
    assert "timeout" in run.err.lower() or "timed out" in run.err.lower()
    assert SECRET not in run.err


def test_an_unknown_schema_is_named_with_the_ones_that_exist(archdocs, empty_pg: LiveDatabase
                                                             ) -> None:
    empty_pg.execute("CREATE SCHEMA sales; CREATE TABLE sales.orders (id int primary key)")
    run = archdocs("import", empty_pg.url, "--schema", "sales", "--schema", "salse")
    assert run.code == 2
    assert "schema 'salse' does not exist" in run.err
    assert "sales" in run.err.split("hint:")[1]


def test_an_unknown_database_is_named(archdocs) -> None:
    require_server("postgresql")
    run = archdocs("import", "postgresql://postgres@127.0.0.1:5432/ad_live_no_such_db")
    assert run.code == 2
    assert "database 'ad_live_no_such_db' was not found" in run.err


def test_a_missing_driver_names_the_package_to_install(archdocs) -> None:
    # mysqlclient (MySQLdb) is not installed here: a real missing driver.
    run = archdocs("import", "mysql+mysqldb://root@127.0.0.1/test")
    assert run.code == 2
    assert "driver 'mysqldb' is not installed" in run.err
    assert "pip install 'archdocs-data[mysql]'" in run.err and "mysqlclient" in run.err


def test_a_bare_url_without_any_driver_installed_names_the_extra(monkeypatch) -> None:
    # None in sys.modules is how Python marks a module as not importable.
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setitem(sys.modules, "psycopg2", None)
    with pytest.raises(LiveDatabaseError) as raised:
        parse_url("postgresql://postgres@127.0.0.1/test")
    assert "pip install 'archdocs-data[postgres]'" in str(raised.value)
    assert "psycopg[binary]" in str(raised.value)


def test_bare_urls_pick_the_installed_drivers() -> None:
    assert parse_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("mysql://u@h/db").drivername == "mysql+pymysql"
    assert parse_url("mariadb://u@h/db").drivername == "mariadb+pymysql"


def test_a_missing_sqlite_file_is_not_created(archdocs, tmp_path: Path) -> None:
    run = archdocs("import", f"sqlite:///{tmp_path / 'nope.db'}")
    assert run.code == 2
    assert "does not exist" in run.err
    assert not (tmp_path / "nope.db").exists()
