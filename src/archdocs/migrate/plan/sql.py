"""SQL fragments for one dialect: quoted names, column specifications, constraints.

Everything goes through SQLAlchemy's compiler for that dialect, so types, defaults and
identifiers are spelled and escaped the way the server expects. Nothing here mutates the
model's objects (SQLAlchemy's ``AddConstraint`` would: it is not used).
"""

from __future__ import annotations

from sqlalchemy import Column, Constraint, Index, MetaData, Table
from sqlalchemy.schema import (
    CreateColumn,
    CreateIndex,
    CreateTable,
    SetColumnComment,
    SetTableComment,
)
from sqlalchemy.types import TypeEngine

from archdocs.migrate.dialects import DialectName, sqlalchemy_dialect
from archdocs.migrate.diff.columns import default_sql
from archdocs.migrate.diff.types import render_type
from archdocs.quoting import sql_literal


class SqlBuilder:
    """Renders names, columns and constraints for ``dialect``."""

    def __init__(self, dialect: DialectName) -> None:
        self.name = dialect
        self.dialect = sqlalchemy_dialect(dialect)
        self._preparer = self.dialect.identifier_preparer
        self.known_tables: dict[str, Table] = {}
        """Tables by full name, so a name like ``"a.b"`` is quoted as what it is (a table
        ``a.b``, or table ``b`` in schema ``a``) rather than guessed from the dot."""

    @property
    def is_postgresql(self) -> bool:
        return self.name is DialectName.POSTGRESQL

    @property
    def is_mysql(self) -> bool:
        return self.name is DialectName.MYSQL

    @property
    def is_sqlite(self) -> bool:
        return self.name is DialectName.SQLITE

    # -- names -------------------------------------------------------------------------------

    def quote(self, name: str) -> str:
        return str(self._preparer.quote(name))

    def table(self, table: Table | str, schema: str | None = None) -> str:
        if isinstance(table, Table):
            return str(self._preparer.format_table(table))
        if schema is None and table in self.known_tables:
            return str(self._preparer.format_table(self.known_tables[table]))
        if "." in table and schema is None:
            schema, table = table.rsplit(".", 1)
        return f"{self.quote(schema)}.{self.quote(table)}" if schema else self.quote(table)

    def literal(self, text: str) -> str:
        """A string literal, quotes doubled (and backslashes on MySQL): the one quoting path,
        :func:`archdocs.quoting.sql_literal`."""
        return sql_literal(text, self.name.value)

    def alter(self, table: str, clause: str, algorithm: str | None = None) -> str:
        """``ALTER TABLE <table> <clause>``; on MySQL/MariaDB with ``, <algorithm>``
        (``ALGORITHM=INPLACE, LOCK=NONE``) when one is given."""
        suffix = f", {algorithm}" if algorithm and self.is_mysql else ""
        return f"ALTER TABLE {self.table(table)} {clause}{suffix}"

    def columns(self, names: list[str]) -> str:
        return ", ".join(self.quote(n) for n in names)

    # -- columns -----------------------------------------------------------------------------

    def type(self, type_: TypeEngine[object]) -> str:
        return render_type(type_, self.dialect)

    def column_spec(
        self, column: Column[object], *, nullable: bool | None = None, with_default: bool = True,
        auto_increment: bool | None = None,
    ) -> str:
        """``name TYPE [NOT NULL] [DEFAULT ...]`` (and ``COMMENT`` on MySQL). On MySQL,
        ``auto_increment`` overrides whether the column is restated ``AUTO_INCREMENT`` (by
        default: as the model has it)."""
        copy = column._copy()
        if nullable is not None:
            copy.nullable = nullable
        if not with_default:
            copy.server_default = None
        if column.table is not None and copy.table is None:
            # A detached copy keeps the compiler from looking at the table (autoincrement …).
            copy.autoincrement = False
        text = str(CreateColumn(copy).compile(dialect=self.dialect)).strip()
        if (self.is_mysql and column.table is not None
                and column.table._autoincrement_column is column and "AUTO_INCREMENT" not in text):
            # MODIFY COLUMN restates the whole column: leaving this out would drop it.
            text += " AUTO_INCREMENT"
        if self.is_mysql and auto_increment is False:
            text = text.replace(" AUTO_INCREMENT", "")
        elif self.is_mysql and auto_increment and "AUTO_INCREMENT" not in text:
            text += " AUTO_INCREMENT"
        return text

    def default(self, column: Column[object]) -> str | None:
        return default_sql(column, self.dialect)

    def column_comment(self, column: Column[object]) -> str:
        return str(SetColumnComment(column).compile(dialect=self.dialect))

    def table_comment(self, table: Table) -> str:
        return str(SetTableComment(table).compile(dialect=self.dialect))

    # -- tables, indexes, constraints --------------------------------------------------------

    def create_table(self, table: Table) -> str:
        """``CREATE TABLE`` with columns and constraints (indexes and comments come apart on
        PostgreSQL, as their own statements)."""
        sql = str(CreateTable(table).compile(dialect=self.dialect)).strip()
        # One line: linters attach ignore comments to the line that follows them.
        sql = sql.replace(", \n\t", ", ").replace("(\n\t", "(").replace("\n)", ")")
        if self.is_postgresql:
            sql = sql.replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", 1)
        return sql

    def create_index(self, index: Index) -> str:
        return str(CreateIndex(index).compile(dialect=self.dialect)).strip()

    def index_columns(self, index: Index) -> str:
        """What follows ``ON table`` in the index's DDL: the method (``USING gin``), the
        parenthesised column/expression list, ``INCLUDE`` and the ``WHERE`` predicate."""
        sql = self.create_index(index)
        if index.table is not None:
            # Everything after the table: USING method, columns, INCLUDE, WHERE …
            prefix = f" ON {self.table(index.table)} "
            if prefix in sql:
                return sql.split(prefix, 1)[1]
        return sql[sql.index("(", sql.index(" ON ")):]

    def constraint(self, constraint: Constraint) -> str:
        """``CONSTRAINT name CHECK (...)`` / ``FOREIGN KEY ...`` / ``UNIQUE (...)``."""
        compiler = self.dialect.ddl_compiler(self.dialect, None)  # type: ignore[arg-type]
        return str(compiler.process(constraint)).strip()

    def enum_types_in(self, metadata: MetaData) -> dict[str, list[str]]:
        """Named enum types used by the tables of ``metadata`` (PostgreSQL ``CREATE TYPE``)."""
        from sqlalchemy import Enum

        found: dict[str, list[str]] = {}
        for table in metadata.tables.values():
            for column in table.columns:
                if isinstance(column.type, Enum) and column.type.native_enum and column.type.name:
                    found.setdefault(column.type.name, list(column.type.enums))
        return dict(sorted(found.items()))
