"""Outside text (database names, command-line arguments, model text) becomes code only through
these functions, one per target. Python string literals use ``repr``; SQL uses the dialect's own
quoting (SQLAlchemy's ``IdentifierPreparer``); YAML goes through PyYAML's emitter; HTML and
Markdown have their escapers in :mod:`archdocs.render.escape` and the site packages.
"""

from __future__ import annotations

import importlib
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect

# Control characters, line and paragraph separators, format characters (bidirectional
# overrides: "Trojan source") and lone surrogates: none of them may reach a one-line context.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def one_line(text: str) -> str:
    """``text`` on one line: every line break, control, format or unassigned character is
    written as its Python escape (``\\n``, ``\\u202e``), so it stays visible and harmless."""
    return "".join(
        ascii(char)[1:-1] if unicodedata.category(char) in _UNSAFE_CATEGORIES else char
        for char in text
    )


def python_string(text: str) -> str:
    """``text`` as a Python string literal (``repr``), in double quotes when it holds no quote
    at all, the way model files are usually written."""
    literal = repr(text)
    if literal.startswith("'") and "'" not in text and '"' not in text:
        return f'"{literal[1:-1]}"'
    return literal


def python_comment(text: str) -> str:
    """A ``# ...`` comment line for ``text``: no line break can end the comment early."""
    line = one_line(text)
    return f"# {line}" if line else "#"


def python_docstring_text(text: str) -> str:
    """``text`` for the inside of a ``\"\"\"...\"\"\"`` string: one line, backslashes and
    quotes escaped, so the string reads back as ``text`` (line breaks as their escapes)."""
    return one_line(text).replace("\\", "\\\\").replace('"', '\\"')


def yaml_scalar(text: str) -> str:
    """``text`` as one YAML flow scalar (quoted when it needs to be), for ``key: <here>``."""
    # Non-ASCII text stays readable, unless it holds a character that is better escaped.
    readable = one_line(text) == text
    dumped = yaml.safe_dump(text, default_flow_style=True, allow_unicode=readable,
                            width=2**31 - 1)
    # safe_dump ends a plain top-level scalar with a document end marker ("...\n").
    return dumped.removesuffix("\n...\n").rstrip("\n")


@lru_cache(maxsize=16)
def sql_dialect(name: str | None) -> Dialect:
    """SQLAlchemy's dialect called ``name`` (``postgresql``, ``mysql``, ``sqlite`` ...), whose
    ``identifier_preparer`` quotes names the way that server reads them."""
    module = importlib.import_module(f"sqlalchemy.dialects.{name or 'postgresql'}")
    dialect: Dialect = module.dialect()
    return dialect


def sql_identifier(name: str, dialect: str | None = None) -> str:
    """``name`` as an SQL identifier of ``dialect``: quoted when it has to be (``"Order"``,
    ```order```), with embedded quotes doubled."""
    return str(sql_dialect(dialect).identifier_preparer.quote(name))


@lru_cache(maxsize=16)
def _literal_dialect(name: str) -> Dialect:
    module = importlib.import_module(f"sqlalchemy.dialects.{name}")
    # "named" parameters: a % in a literal stays one % (no driver formats these scripts).
    dialect: Dialect = module.dialect(paramstyle="named")
    return dialect


def sql_literal(text: str, dialect: str | None = None) -> str:
    """``text`` as an SQL string literal of ``dialect``, rendered by SQLAlchemy's literal
    processor for that dialect (quotes doubled); on MySQL/MariaDB, whose default sql_mode reads
    backslash as an escape, backslashes are doubled too."""
    from sqlalchemy import String

    dialect_object = _literal_dialect(dialect or "postgresql")
    process = String().literal_processor(dialect=dialect_object)  # type: ignore[no-untyped-call]
    assert process is not None
    literal = str(process(text))
    if getattr(dialect_object, "_backslash_escapes", False) and "\\" in text:
        literal = "'" + literal[1:-1].replace("\\", "\\\\") + "'"
    return literal
