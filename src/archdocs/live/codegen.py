"""Model code for a reflected schema: sqlacodegen writes the SQLAlchemy classes, archdocs adds
a header and the System / context / datastore declaration that makes the file a model.

Relationships are left out on purpose: archdocs reads tables, columns and foreign keys, never
relationships, and sqlacodegen's relationship names can clash with column names (MusicBrainz's
``link_type``), which makes the generated module fail to import.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
import textwrap
import types
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, UniqueConstraint
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import TextClause

from archdocs.errors import ArchdocsError
from archdocs.live.reflect import Reflection
from archdocs.live.types import ServerType
from archdocs.model.technology import Technology, by_id

# "nojoined": one class per table, no joined inheritance guessed from primary-key foreign keys.
# "nosyntheticenums": a VARCHAR with a CHECK (x IN (...)) stays a VARCHAR, as on the server.
SQLACODEGEN_OPTIONS = ("nojoined", "nosyntheticenums")


class _LazyInflectEngine:
    """Stands in for ``inflect.engine()``, importing the real inflect on first use.

    sqlacodegen imports inflect at module level (about 1.3 s of its 2.5 s, MEASURED.md) but
    only uses it for the ``use_inflect`` option, which archdocs does not pass.
    """

    def __getattr__(self, name: str) -> Any:
        real = importlib.import_module("inflect").engine()
        return getattr(real, name)


def _import_sqlacodegen() -> types.ModuleType:
    if "sqlacodegen.generators" in sys.modules or "inflect" in sys.modules:
        return importlib.import_module("sqlacodegen.generators")
    placeholder = types.ModuleType("inflect")
    placeholder.engine = _LazyInflectEngine  # type: ignore[attr-defined]
    sys.modules["inflect"] = placeholder
    try:
        return importlib.import_module("sqlacodegen.generators")
    finally:
        # Anyone importing inflect later gets the real module.
        if sys.modules.get("inflect") is placeholder:
            del sys.modules["inflect"]


def _generator_class() -> type[Any]:
    # Imported only when code is generated: sqlacodegen is slow to import (MEASURED.md).
    DeclarativeGenerator: Any = _import_sqlacodegen().DeclarativeGenerator  # noqa: N806

    class TablesOnlyDeclarativeGenerator(DeclarativeGenerator):  # type: ignore[misc]
        """sqlacodegen's declarative generator without relationships."""

        def generate_relationships(self, *args: Any, **kwargs: Any) -> list[Any]:
            return []

        def render_constraint(self, constraint: Any) -> str:
            # sqlacodegen leaves out a unique constraint's DEFERRABLE and PostgreSQL's NULLS
            # NOT DISTINCT; alembic compares the latter, so drift would report it.
            rendered = str(super().render_constraint(constraint))
            if not isinstance(constraint, UniqueConstraint):
                return rendered
            extra = []
            if constraint.deferrable:
                extra.append(f"deferrable={constraint.deferrable!r}")
            if constraint.initially:
                extra.append(f"initially={constraint.initially!r}")
            if constraint.dialect_options["postgresql"].get("nulls_not_distinct"):
                extra.append("postgresql_nulls_not_distinct=True")
            if not extra:
                return rendered
            return rendered[:-1] + ", " + ", ".join(extra) + ")"

        def render_index(self, index: Any) -> str:
            # sqlacodegen renders only plain columns and drops expressions (lower(name),
            # col DESC NULLS LAST), which leaves an index on nothing; keep them as text().
            rendered = str(super().render_index(index))
            if all(isinstance(e, Column) for e in index.expressions):
                return rendered
            self.add_literal_import("sqlalchemy", "text")
            elements = [_index_element(e, self.bind.dialect) for e in index.expressions]
            head = f"Index({index.name!r}"
            plain = ", ".join(repr(c.name) for c in index.columns)
            start = head + (", " + plain if plain else "")
            return head + ", " + ", ".join(elements) + rendered[len(start):]

    return TablesOnlyDeclarativeGenerator


def generate_models(reflection: Reflection, connection: Connection) -> str:
    """sqlacodegen's declarative classes (and ``Table`` objects for tables without a primary
    key) for the reflected tables."""
    _detach_domain_metadata(reflection)
    _declare_unknown_types(reflection)
    generator = _generator_class()(reflection.metadata, connection, SQLACODEGEN_OPTIONS)
    return str(generator.generate())


def _index_element(element: Any, dialect: Any) -> str:
    if isinstance(element, Column):
        return repr(element.name)
    if isinstance(element, TextClause):
        return f"text({element.text!r})"
    compiled = str(element.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    column = getattr(element, "element", None)
    if isinstance(column, Column) and column.table is not None:
        # "posts.last_noted_at DESC" → "last_noted_at DESC": an index names its own columns.
        compiled = compiled.removeprefix(f"{column.table.fullname}.")
        compiled = compiled.removeprefix(f"{column.table.name}.")
    return f"text({compiled!r})"


def _declare_unknown_types(reflection: Reflection) -> None:
    # sqlacodegen writes a NullType column without a type and the module then fails to map
    # (Mapped[object]); a named ServerType keeps the server's type name instead.
    for unknown in reflection.unknown_types:
        table = reflection.metadata.tables[unknown.table]
        table.c[unknown.column].type = ServerType(unknown.server_type)


def _detach_domain_metadata(reflection: Reflection) -> None:
    # A reflected PostgreSQL DOMAIN carries the reflecting MetaData; sqlacodegen renders it as
    # "metadata=MetaData()" without importing MetaData, so the module would not import.
    # Without it the DOMAIN is the same type.
    for table in reflection.metadata.tables.values():
        for column in table.columns:
            if type(column.type).__name__ == "DOMAIN":
                setattr(column.type, "metadata", None)  # noqa: B010 - not on TypeEngine


def technology_of(connection: Connection, technology_id: str | None = None) -> Technology:
    """The catalogue technology of the connected server, at its major version."""
    dialect = connection.dialect
    info = tuple(dialect.server_version_info or ())
    if dialect.name == "postgresql":
        version = str(info[0]) if info else ""
        default = "postgresql"
    elif dialect.name in ("mysql", "mariadb"):
        version = ".".join(str(part) for part in info[:2])
        default = "mariadb" if getattr(dialect, "is_mariadb", False) else "mysql"
    elif dialect.name == "sqlite":
        version = sqlite3.sqlite_version
        default = "sqlite"
    else:
        version, default = "", dialect.name
    chosen = technology_id or default
    try:
        return by_id(chosen, version)
    except KeyError as error:
        raise ArchdocsError(
            str(error.args[0]), hint="pass --technology with one of the ids listed"
        ) from None


def schema_object(models_source: str) -> str:
    """The name the generated module gives its schema: ``Base``, or ``metadata`` when no table
    has a primary key (sqlacodegen then writes only ``Table`` objects)."""
    return "Base" if "\nclass Base(DeclarativeBase):" in "\n" + models_source else "metadata"


def declaration(
    *,
    name: str,
    schema: str,
    technology: Technology,
    technology_id: str,
    description: str,
) -> str:
    """The archdocs part of the module: a System, a context and the datastore holding
    ``schema`` (``Base`` or ``metadata``)."""
    spec_name = _spec_attribute(technology_id)
    return (
        "\n\n# -- archdocs model -------------------------------------------------------------\n"
        "# Move the datastore into your own System and context when you have them.\n"
        f"system = archdocs.System({name!r})\n"
        f"context = system.context({name!r})\n"
        "datastore = context.datastore(\n"
        f"    {name!r},\n"
        f"    archdocs.tech.{spec_name}({technology.version!r}),\n"
        f"    schema={schema},\n"
        f"    description={_wrapped_literal(description, indent=8)},\n"
        ")\n"
    )


def _wrapped_literal(text: str, *, indent: int) -> str:
    """A long string as implicitly concatenated literals, one per line, in parentheses."""
    pieces = textwrap.wrap(text, width=80, drop_whitespace=False, break_on_hyphens=False)
    if len(pieces) <= 1:
        return repr(text)
    pad = " " * indent
    body = "\n".join(f"{pad}{piece!r}" for piece in pieces)
    return f"(\n{body}\n{' ' * (indent - 4)})"


def _spec_attribute(technology_id: str) -> str:
    from archdocs import tech

    for attribute in tech.__all__:
        spec = getattr(tech, attribute)
        if getattr(spec, "id", None) == technology_id:
            return attribute
    raise ArchdocsError(f"unknown technology {technology_id!r}")


def header(
    *, source: str, schemas: Sequence[str], reflection: Reflection, comments: Sequence[str]
) -> str:
    lines = [
        f'"""SQLAlchemy models of {source}.',
        "",
        "Generated by `archdocs import` with sqlacodegen (relationships left out: archdocs reads",
        "tables, columns and foreign keys).",
        "",
        f"Schemas: {', '.join(schemas)}.",
        "Edit freely: archdocs never overwrites this file. `archdocs drift` compares it with the",
        'live database."""',
        "",
    ]
    if comments:
        lines += [f"# {line}" if line else "#" for line in comments]
        lines.append("")
    return "\n".join(lines) + "\n"


def check_loads(source: str, filename: str = "<archdocs import>") -> Any:
    """Import the generated module in memory and configure its mappers, so a module that
    would not import is caught here, not in the user's models directory."""
    name = f"_archdocs_import_check_{id(source):x}"
    module = types.ModuleType(name)
    module.__file__ = filename
    # SQLAlchemy resolves Mapped[...] annotations through sys.modules.
    sys.modules[name] = module
    try:
        exec(compile(source, filename, "exec"), module.__dict__)  # noqa: S102 - our own output
        base = module.__dict__.get("Base")
        if base is not None:
            base.registry.configure()
    except Exception as error:
        raise ArchdocsError(
            f"the generated model does not load: {type(error).__name__}: {error}",
            hint="this is an archdocs or sqlacodegen bug; please report it with --debug output",
        ) from error
    finally:
        del sys.modules[name]
    return module
