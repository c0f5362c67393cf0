"""Read-only connections to live databases, with timeouts, masked passwords and errors a user
can act on.

archdocs only ever reads a live database, so every connection it opens is read-only at the
server: PostgreSQL sessions start with ``default_transaction_read_only``, MySQL/MariaDB sessions
run ``SET SESSION TRANSACTION READ ONLY``, SQLite files open with ``mode=ro``. A write through
such a connection fails, whatever the credentials allow.
"""

from __future__ import annotations

import importlib.util
import re
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from archdocs.errors import ArchdocsError

DEFAULT_CONNECT_TIMEOUT = 10
"""Seconds to wait for a server to accept a connection."""
DEFAULT_STATEMENT_TIMEOUT = 120
"""Seconds one catalogue query may take before the server (or the client) gives up."""


class LiveDatabaseError(ArchdocsError):
    """A live database could not be reached or read. Its message never holds a password."""


@dataclass(frozen=True)
class Driver:
    """A DB-API driver archdocs can use for a dialect, and the package that provides it."""

    dialect: str
    name: str
    module: str
    package: str
    extra: str


# Preferred first. A bare ``postgresql://`` or ``mysql://`` URL gets the first one installed.
DRIVERS: tuple[Driver, ...] = (
    Driver("postgresql", "psycopg", "psycopg", "psycopg[binary]", "postgres"),
    Driver("postgresql", "psycopg2", "psycopg2", "psycopg2-binary", "postgres"),
    Driver("mysql", "pymysql", "pymysql", "PyMySQL", "mysql"),
    Driver("mysql", "mysqldb", "MySQLdb", "mysqlclient", "mysql"),
    Driver("sqlite", "pysqlite", "sqlite3", "(part of Python)", ""),
)


def mask(url: URL | str) -> str:
    """The URL as text with its password replaced by ``***``."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except ArgumentError:
        return "<unparsable database URL>"
    return parsed.render_as_string(hide_password=True)


def scrub(text: str, url: URL | None) -> str:
    """``text`` with every form of the URL's password removed (drivers sometimes echo a DSN)."""
    if url is None or not url.password:
        return text
    password = str(url.password)
    for form in {password, urllib.parse.quote(password, safe=""), urllib.parse.quote_plus(password)}:
        if form:
            text = text.replace(form, "***")
    return text


def parse_url(text: str) -> URL:
    """Parse a database URL, choosing an installed driver for a bare ``postgresql://`` or
    ``mysql://``. Raises :class:`LiveDatabaseError` for an unusable URL or a missing driver."""
    try:
        url = make_url(text)
        port = url.port
    except (ArgumentError, ValueError, TypeError):
        # SQLAlchemy's own message may quote the URL, password and all: say it in our words.
        raise LiveDatabaseError(
            f"this is not a database URL{_what_is_wrong(text)}",
            hint="write it as postgresql://user@host:5432/dbname, mysql://user@host/dbname "
            "or sqlite:///path/to/file.db (an IPv6 host in brackets: postgresql://user@[::1]:5432/db;"
            " a password with @ : / in it percent-encoded)",
        ) from None
    if port is not None and not 0 < port < 65536:
        raise LiveDatabaseError(f"the port {port} in the database URL is not between 1 and 65535",
                                hint="write the server's port, e.g. postgresql://user@host:5432/db")
    backend = url.get_backend_name()
    if backend == "mariadb":
        backend = "mysql"
    if backend == "postgres":
        raise LiveDatabaseError(
            "'postgres://' is not a SQLAlchemy URL scheme", hint="write postgresql:// instead"
        )
    candidates = [d for d in DRIVERS if d.dialect == backend]
    if not candidates:
        raise LiveDatabaseError(
            f"archdocs cannot read '{url.get_backend_name()}' databases",
            hint="archdocs reads PostgreSQL (postgresql://), MySQL/MariaDB (mysql://) and "
            "SQLite (sqlite:///file.db)",
        )
    explicit = url.drivername.partition("+")[2]
    if explicit:
        chosen = next((d for d in candidates if d.name == explicit), None)
        if chosen is not None and not _installed(chosen.module):
            raise _missing_driver(chosen)
        return url
    installed = [d for d in candidates if _installed(d.module)]
    if not installed:
        raise _missing_driver(candidates[0])
    return url.set(drivername=f"{url.get_backend_name()}+{installed[0].name}")


def _what_is_wrong(text: str) -> str:
    """What is wrong with an unparsable URL, in words that never hold its password."""
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError as error:
        if "IPv6" in str(error):
            return ": the IPv6 host's brackets are not closed"
        return ""
    if not parts.scheme or "://" not in text:
        return ": it has no scheme (postgresql://, mysql://, sqlite:///)"
    try:
        parts.port  # noqa: B018 - reading it checks it
    except ValueError:
        return ": the port is not a number"
    return ""


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # blocked or broken installs count as missing
        return False


def _missing_driver(driver: Driver) -> LiveDatabaseError:
    return LiveDatabaseError(
        f"the {driver.dialect} driver '{driver.name}' is not installed",
        hint=f"install it with: pip install 'archdocs-data[{driver.extra}]' (or pip install "
        f"'{driver.package}')",
    )


def read_only_engine(
    url: str | URL,
    *,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT,
) -> Engine:
    """An engine whose every connection is read-only and gives up on a hung server."""
    parsed = parse_url(url) if isinstance(url, str) else url
    backend = parsed.get_backend_name()
    connect_args: dict[str, Any] = {}
    if backend == "postgresql":
        connect_args = {
            "connect_timeout": max(1, int(connect_timeout)),
            "options": "-c default_transaction_read_only=on "
            f"-c statement_timeout={int(statement_timeout * 1000)}",
        }
        # The server ends a query running past statement_timeout; keepalives notice a peer
        # that vanished mid-query.
        connect_args.update(keepalives=1, keepalives_idle=30, keepalives_interval=10)
    elif backend in ("mysql", "mariadb"):
        # PyMySQL reads the server's greeting under read_timeout, not connect_timeout: a hung
        # server would hold the connect for the whole statement timeout. So connect with the
        # short timeout and lengthen it once connected (_mysql_read_only).
        connect_args = {
            "connect_timeout": max(1, int(connect_timeout)),
            "read_timeout": max(1, int(connect_timeout)),
            "write_timeout": max(1, int(statement_timeout)),
        }
        if parsed.drivername.endswith("+mysqldb"):
            connect_args.pop("write_timeout")
    elif backend == "sqlite":
        parsed = _sqlite_read_only(parsed)
        connect_args = {"timeout": connect_timeout}
    try:
        engine = create_engine(parsed, poolclass=NullPool, connect_args=connect_args)
    except NoSuchModuleError:
        raise _missing_driver(_driver_for(parsed)) from None
    except ImportError:
        raise _missing_driver(_driver_for(parsed)) from None
    except ArgumentError as error:
        raise LiveDatabaseError(scrub(str(error), parsed)) from None
    if backend in ("mysql", "mariadb"):

        def on_connect(dbapi_connection: Any, _record: Any) -> None:
            _mysql_read_only(dbapi_connection, statement_timeout)

        event.listen(engine, "connect", on_connect)
    return engine


def _mysql_read_only(dbapi_connection: Any, statement_timeout: float) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SET SESSION TRANSACTION READ ONLY")
    finally:
        cursor.close()
    if hasattr(dbapi_connection, "_read_timeout"):  # PyMySQL: queries get the long timeout
        dbapi_connection._read_timeout = max(1, int(statement_timeout))


def _driver_for(url: URL) -> Driver:
    backend = "mysql" if url.get_backend_name() == "mariadb" else url.get_backend_name()
    driver = url.get_driver_name()
    candidates = [d for d in DRIVERS if d.dialect == backend]
    return next((d for d in candidates if d.name == driver), candidates[0])


def _sqlite_read_only(url: URL) -> URL:
    database = url.database or ""
    if not database or database == ":memory:":
        raise LiveDatabaseError(
            "an in-memory SQLite database has nothing to read",
            hint="give the file: sqlite:///path/to/file.db",
        )
    if database.startswith("file:"):
        path = Path(urllib.parse.urlparse(database).path)
    else:
        path = Path(database)
    if not path.is_file():
        raise LiveDatabaseError(
            f"SQLite database file '{path}' does not exist",
            hint="sqlite:///relative/path.db or sqlite:////absolute/path.db (four slashes)",
        )
    # SQLAlchemy hands "file:" names with uri=true to sqlite3 as URIs; mode=ro makes the
    # connection read-only at the SQLite level.
    return url.set(
        database="file:" + urllib.parse.quote(str(path.resolve())),
        query={"mode": "ro", "uri": "true"},
    )


@contextmanager
def read_only_connection(
    url: str | URL,
    *,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT,
) -> Iterator[Connection]:
    """A read-only connection to ``url``; connection errors become :class:`LiveDatabaseError`
    with the password masked."""
    parsed = parse_url(url) if isinstance(url, str) else url
    engine = read_only_engine(
        parsed, connect_timeout=connect_timeout, statement_timeout=statement_timeout
    )
    try:
        with translate_errors(parsed):
            connection = engine.connect()
        try:
            with translate_errors(parsed):
                yield connection
        finally:
            connection.close()
    finally:
        engine.dispose()


@contextmanager
def translate_errors(url: URL) -> Iterator[None]:
    """Turn driver errors into :class:`LiveDatabaseError` saying what went wrong, without the
    password."""
    try:
        yield
    except LiveDatabaseError:
        raise
    except DBAPIError as error:
        raise describe_error(error, url) from None
    except SQLAlchemyError as error:
        raise LiveDatabaseError(
            f"{mask(url)}: {scrub(_first_line(str(error)), url)}"
        ) from None
    except (OSError, TimeoutError) as error:
        raise LiveDatabaseError(
            f"cannot reach {_where(url)}: {scrub(str(error), url)}",
            hint="check the host and port, and that the server is running",
        ) from None


_UNREACHABLE = re.compile(
    r"connection refused|could not connect|can't connect|could not translate host|"
    r"name or service not known|nodename nor servname|no route to host|"
    r"network is unreachable|temporary failure in name resolution|errno 111|"
    r"unknown mysql server host|\b2003\b|\b2005\b",
    re.IGNORECASE,
)
_TIMEOUT = re.compile(r"timeout|timed out|\b2013\b|lost connection", re.IGNORECASE)
_CREDENTIALS = re.compile(
    r"password authentication failed|authentication failed|access denied|\b1045\b|"
    r"role \".*\" does not exist|no password supplied|\b1698\b",
    re.IGNORECASE,
)
_UNKNOWN_DATABASE = re.compile(
    r"database \".*\" does not exist|unknown database|\b1049\b|unable to open database file",
    re.IGNORECASE,
)
_READ_ONLY = re.compile(
    r"read-only transaction|read only transaction|readonly database|\b1792\b|read only",
    re.IGNORECASE,
)


def describe_error(error: DBAPIError, url: URL) -> LiveDatabaseError:
    """A :class:`LiveDatabaseError` for a driver error, classified by what the user can do."""
    detail = scrub(_driver_message(error), url)
    where = _where(url)
    if _CREDENTIALS.search(detail):
        return LiveDatabaseError(
            f"{where} refused the credentials for user '{url.username or ''}': {detail}",
            hint="check the user name and password in the URL (the password is not shown)",
        )
    if _UNKNOWN_DATABASE.search(detail):
        return LiveDatabaseError(
            f"database '{url.database}' was not found on {where}: {detail}",
            hint="check the database name at the end of the URL",
        )
    if _READ_ONLY.search(detail):
        return LiveDatabaseError(
            f"{where} refused a write: archdocs connects read-only: {detail}"
        )
    if _UNREACHABLE.search(detail):
        return LiveDatabaseError(
            f"cannot reach {where}: {detail}",
            hint="check the host and port in the URL, that the server is running and that a "
            "firewall lets you through",
        )
    if _TIMEOUT.search(detail):
        return LiveDatabaseError(
            f"{where} did not answer in time: {detail}",
            hint="the server may be hung or overloaded; raise --timeout if it is only slow",
        )
    return LiveDatabaseError(f"{where}: {detail}")


def _driver_message(error: DBAPIError) -> str:
    original = error.orig
    if original is None:
        return _first_line(str(error))
    args: tuple[Any, ...] = tuple(getattr(original, "args", ()))
    if len(args) == 2 and isinstance(args[0], int):  # PyMySQL: (code, message)
        return f"({args[0]}) {args[1]}"
    return " ".join(str(original).split())


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def _where(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return f"SQLite file '{url.database}'"
    port = f":{url.port}" if url.port else ""
    return f"{url.get_backend_name()} server {url.host or 'localhost'}{port}"
