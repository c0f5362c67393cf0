"""The SQL dialects a plan can be written for, and SQLAlchemy's dialect object for each."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.engine import Dialect

from archdocs.errors import UsageError
from archdocs.model.datastore import Datastore


class DialectName(StrEnum):
    POSTGRESQL = "postgresql"
    MYSQL = "mysql"
    SQLITE = "sqlite"


def sqlalchemy_dialect(name: DialectName) -> Dialect:
    """SQLAlchemy's dialect object, used to compile types, defaults and identifiers."""
    if name is DialectName.POSTGRESQL:
        from sqlalchemy.dialects import postgresql

        # "named" parameters: identifiers keep a literal % (no driver formats these scripts).
        return postgresql.dialect(paramstyle="named")  # type: ignore[no-untyped-call]
    if name is DialectName.MYSQL:
        from sqlalchemy.dialects import mysql

        # MariaDB and MySQL share the DDL archdocs emits; CHECK and generated columns are
        # rendered the same way by both.
        return mysql.dialect(paramstyle="named")
    from sqlalchemy.dialects import sqlite

    return sqlite.dialect(paramstyle="named")


def dialect_of(datastore: Datastore) -> DialectName | None:
    """The dialect of a datastore's technology, or ``None`` when archdocs writes no SQL plan
    for it (document stores, caches, SQL Server …)."""
    name = datastore.technology.sql_dialect
    try:
        return DialectName(name) if name else None
    except ValueError:
        return None


def parse_dialect(text: str) -> DialectName:
    """``--dialect`` value to :class:`DialectName` (``mariadb`` is accepted for ``mysql``)."""
    lowered = text.lower()
    if lowered == "mariadb":
        return DialectName.MYSQL
    try:
        return DialectName(lowered)
    except ValueError:
        raise UsageError(
            f"unknown dialect '{text}'",
            hint="choose one of: postgresql, mysql (also for MariaDB), sqlite",
        ) from None
