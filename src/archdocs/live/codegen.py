"""Model code for a reflected schema: sqlacodegen writes the SQLAlchemy classes, archdocs adds
a header and the System / context / datastore declaration that makes the file a model.

Relationships are left out on purpose: archdocs reads tables, columns and foreign keys, never
relationships, and sqlacodegen's relationship names can clash with column names (MusicBrainz's
``link_type``), which makes the generated module fail to import.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import keyword
import re
import sqlite3
import sys
import textwrap
import types
import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, UniqueConstraint
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import TextClause

from archdocs.errors import ArchdocsError, how_to_report
from archdocs.live.reflect import Reflection
from archdocs.live.types import ServerType
from archdocs.model.technology import Technology, by_id
from archdocs.quoting import python_comment, python_docstring_text

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

        # Names from the database become Python identifiers here. sqlacodegen replaces what
        # its regex calls non-word characters, which lets through characters Python does not
        # accept in names ("x²"), fails on a blank name, and builds enum class and member names
        # from raw text: every name is made a valid identifier first.
        def find_free_name(self, name: str, global_names: set[str],
                           local_names: Any = ()) -> str:
            return str(super().find_free_name(python_identifier(name), global_names,
                                              local_names))

        def _enum_name_to_class_name(self, enum_name: str) -> str:
            return _safe_class_name(str(super()._enum_name_to_class_name(enum_name)))

        def _create_enum_class(self, table_name: str, column_name: str,
                               values: list[str]) -> str:
            name = str(super()._create_enum_class(table_name, column_name, values))
            safe = _safe_class_name(name)
            if safe != name:
                self.enum_values[safe] = self.enum_values.pop(name)
            return safe

        def render_enum_classes(self) -> str:
            if not self.enum_values:
                return ""
            self.add_module_import("enum")
            definitions = []
            for class_name, values in sorted(self.enum_values.items()):
                members, used = [], set()
                for value in values:
                    text = value.replace("\\'", "'").replace("\\\\", "\\")
                    member = python_identifier(text.upper() or "EMPTY")
                    while member in used:
                        member += "_"
                    used.add(member)
                    members.append(f"    {member} = {text!r}")
                definitions.append(f"class {class_name}(str, enum.Enum):\n"
                                   + "\n".join(members))
            return "\n\n\n".join(definitions)

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


def python_identifier(text: str) -> str:
    """``text`` as a valid Python identifier: NFKC-normalised (as Python reads names), every
    character a name cannot hold replaced by ``_``, a leading ``_`` when it would start with a
    digit, a trailing ``_`` for a keyword. Names that are valid already are kept."""
    text = unicodedata.normalize("NFKC", text.strip())
    name = "".join(ch if ("_" + ch).isidentifier() else "_" for ch in text) or "_"
    if not name[0].isidentifier():
        name = "_" + name
    if keyword.iskeyword(name):
        name += "_"
    if not name.isidentifier():  # pragma: no cover - defensive: fall back to ASCII
        name = "_" + re.sub(r"\W", "_", name.encode("ascii", "replace").decode(), flags=re.ASCII)
    return name


def _safe_class_name(name: str) -> str:
    """``name`` when it is a valid identifier; else a valid one with a short digest of the
    original, so two different database names never share a class."""
    if name.isidentifier() and not keyword.iskeyword(name) \
            and unicodedata.normalize("NFKC", name) == name:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{python_identifier(name)}_{digest}"


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
    # The pieces join to exactly ``text``: whitespace, tabs and line breaks are kept (repr
    # writes them as escapes).
    pieces = textwrap.wrap(text, width=80, drop_whitespace=False, break_on_hyphens=False,
                           replace_whitespace=False, expand_tabs=False)
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
    # Database names are outside text: they reach the docstring and the comments only through
    # quoting that keeps them on one line and inside the string or comment.
    lines = [
        f'"""SQLAlchemy models of {python_docstring_text(source)}.',
        "",
        "Generated by `archdocs import` with sqlacodegen (relationships left out: archdocs reads",
        "tables, columns and foreign keys).",
        "",
        f"Schemas: {python_docstring_text(', '.join(schemas))}.",
        "Edit freely: archdocs never overwrites this file. `archdocs drift` compares it with the",
        'live database."""',
        "",
    ]
    if comments:
        lines += [python_comment(line) for line in comments]
        lines.append("")
    return "\n".join(lines) + "\n"


def check_loads(source: str, filename: str = "<archdocs import>") -> Any:
    """Import the generated module in memory and configure its mappers, so a module that
    would not import is caught here, not in the user's models directory.

    The code is first checked by :func:`verify_generated`: nothing runs unless it is made only
    of what the generator writes."""
    verify_generated(source, filename)
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
            hint=f"this is an archdocs or sqlacodegen bug: {how_to_report()}, with the --debug "
            "output",
        ) from error
    finally:
        del sys.modules[name]
    return module


# What a generated module may import: SQLAlchemy, archdocs and the standard modules sqlacodegen
# uses for column types. Anything else in the generated code means outside text became code.
_ALLOWED_MODULES = ("sqlalchemy", "archdocs", "typing", "datetime", "decimal", "uuid", "enum",
                    "geoalchemy2", "pgvector")
# Builtins used in annotations (Mapped[str], Optional[dict]).
_ALLOWED_BUILTINS = frozenset({"str", "int", "float", "bool", "bytes", "dict", "list", "set",
                               "tuple", "object"})
_EXPRESSION_NODES = (ast.Constant, ast.Name, ast.Attribute, ast.Call, ast.keyword, ast.List,
                     ast.Tuple, ast.Dict, ast.Subscript, ast.UnaryOp, ast.USub, ast.BinOp,
                     ast.BitOr, ast.Load, ast.Store)
_VALUES_CALLABLE = ast.dump(
    ast.parse("lambda cls: [member.value for member in cls]", mode="eval").body)


def verify_generated(source: str, filename: str = "<archdocs import>") -> None:
    """Refuse generated model code whose syntax tree holds anything but what the generator
    writes: a docstring, imports of SQLAlchemy / archdocs / type modules, class definitions
    whose bodies are assignments (or ``pass``), and assignments whose values are constants, names, attribute
    look-ups (never a private one), calls and containers of them.

    Outside text reaches the code only through ``repr`` and :mod:`archdocs.quoting`; this is
    the second line of defence, so a quoting mistake is refused instead of run."""
    try:
        tree = ast.parse(source, filename)
    except SyntaxError as error:
        raise _unsafe(f"it is not valid Python ({error.msg}, line {error.lineno})") from None
    bound = set(_ALLOWED_BUILTINS)
    for node in ast.walk(tree):
        if isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
    for index, statement in enumerate(tree.body):
        if index == 0 and _is_docstring(statement):
            continue
        _verify_statement(statement, bound, top_level=True)


def _verify_statement(node: ast.stmt, bound: set[str], *, top_level: bool) -> None:
    if isinstance(node, (ast.Import, ast.ImportFrom)) and top_level:
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [
            node.module or ""]
        level = getattr(node, "level", 0)
        for module in modules:
            if level or module.split(".")[0] not in _ALLOWED_MODULES:
                raise _unsafe(f"line {node.lineno} imports {module!r}")
        return
    if isinstance(node, ast.ClassDef) and top_level:
        if node.decorator_list or node.keywords:
            raise _unsafe(f"line {node.lineno}: class {node.name} has decorators or keywords")
        for base in node.bases:
            _verify_expression(base, bound)
        for index, statement in enumerate(node.body):
            if index == 0 and _is_docstring(statement):
                continue
            _verify_statement(statement, bound, top_level=False)
        return
    if isinstance(node, ast.Pass) and not top_level:
        return
    if isinstance(node, ast.Assign):
        if not all(isinstance(t, ast.Name) for t in node.targets):
            raise _unsafe(f"line {node.lineno} assigns to something other than a name")
        _verify_expression(node.value, bound)
        return
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        _verify_expression(node.annotation, bound)
        if node.value is not None:
            _verify_expression(node.value, bound)
        return
    raise _unsafe(f"line {node.lineno} is a {type(node).__name__} statement")


def _verify_expression(node: ast.AST, bound: set[str]) -> None:
    if isinstance(node, ast.Lambda) and ast.dump(node) == _VALUES_CALLABLE:
        return  # sqlacodegen's Enum(..., values_callable=...), exactly as it writes it
    if not isinstance(node, _EXPRESSION_NODES):
        raise _unsafe(f"line {getattr(node, 'lineno', '?')} holds a {type(node).__name__}")
    if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
        raise _unsafe(f"line {node.lineno} reads the private attribute {node.attr!r}")
    if isinstance(node, ast.Name) and node.id not in bound:
        raise _unsafe(f"line {node.lineno} uses {node.id!r}, which the module does not "
                      "define or import")
    for child in ast.iter_child_nodes(node):
        _verify_expression(child, bound)


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
        and isinstance(node.value.value, str)


def _unsafe(reason: str) -> ArchdocsError:
    return ArchdocsError(
        f"the generated model code was not run: {reason}, which archdocs import never "
        "writes",
        hint="a name in the database may have turned into code; this is an archdocs bug: "
        f"{how_to_report()}, with the --debug output",
    )
