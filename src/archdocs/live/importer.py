"""``archdocs import``: a live database's schema as a model file, ready for ``models/``."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import URL

from archdocs.errors import ArchdocsError
from archdocs.live.codegen import (
    check_loads,
    declaration,
    generate_models,
    header,
    schema_object,
    technology_of,
)
from archdocs.live.connection import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_STATEMENT_TIMEOUT,
    mask,
    parse_url,
    read_only_connection,
)
from archdocs.live.reflect import Progress, Reflection, reflect


@dataclass
class ImportResult:
    """The generated module and what the user should know about it."""

    source: str
    datastore: str
    tables: list[str]
    views: list[str]
    warnings: list[str] = field(default_factory=list)


def default_datastore_name(url: URL) -> str:
    """The database name (a SQLite file's stem), or ``database``."""
    database = url.database or ""
    if url.get_backend_name() == "sqlite":
        return Path(database).stem or "database"
    return database or "database"


def import_database(
    url: str,
    *,
    schemas: Sequence[str] = (),
    datastore: str | None = None,
    technology: str | None = None,
    progress: Progress | None = None,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT,
) -> ImportResult:
    """Reflect ``url`` read-only and return model code: sqlacodegen's SQLAlchemy classes plus a
    System, context and datastore declaration. The code is checked to import before it is
    returned."""
    say = progress or (lambda _message: None)
    parsed = parse_url(url)
    name = datastore or default_datastore_name(parsed)
    say(f"connecting to {mask(parsed)}")
    with read_only_connection(
        parsed, connect_timeout=connect_timeout, statement_timeout=statement_timeout
    ) as connection:
        reflection = reflect(connection, schemas, progress=say)
        if not reflection.metadata.tables:
            raise ArchdocsError(
                f"no tables found in {_schema_list(reflection)} of {mask(parsed)}",
                hint="name the schemas that hold tables with --schema"
                if connection.dialect.name == "postgresql"
                else "check the database name in the URL",
            )
        tech = technology_of(connection, technology)
        say(f"generating model code for {len(reflection.metadata.tables)} tables with sqlacodegen")
        with warnings.catch_warnings():
            # Reflection warnings were reported per column already; sqlacodegen repeats them.
            warnings.simplefilter("ignore")
            models = generate_models(reflection, connection)
    views = _all_views(reflection)
    notes = [u.message() for u in reflection.unknown_types]
    description = _description(parsed, reflection, tech.name, tech.label)
    comment_lines = _comment_block(reflection)
    source = (
        header(
            source=_source_label(parsed, tech.name),
            schemas=[s or reflection.default_schema or "default" for s in reflection.schemas],
            reflection=reflection,
            comments=comment_lines,
        )
        + "import archdocs\n\n"
        + models.rstrip("\n")
        + "\n"
        + declaration(
            name=name,
            schema=schema_object(models),
            technology=tech,
            technology_id=tech.id,
            description=description,
        )
    )
    say("checking that the generated model loads")
    check_loads(source)
    return ImportResult(
        source=source,
        datastore=name,
        tables=sorted(t.fullname for t in reflection.metadata.tables.values()),
        views=views,
        warnings=notes,
    )


def _source_label(url: URL, technology: str) -> str:
    if url.get_backend_name() == "sqlite":
        return f"the SQLite database {Path(url.database or '').name}"
    return f"the {technology} database {url.database}"


def _schema_list(reflection: Reflection) -> str:
    names = [s or reflection.default_schema or "the default schema" for s in reflection.schemas]
    return "schema " + ", ".join(str(n) for n in names)


def _qualified(schema: str | None, name: str) -> str:
    return f"{schema}.{name}" if schema else name


def _all_views(reflection: Reflection) -> list[str]:
    found = [_qualified(s, v) for s, names in reflection.views.items() for v in names]
    found += [
        _qualified(s, v) for s, names in reflection.materialized_views.items() for v in names
    ]
    return sorted(found)


def _description(url: URL, reflection: Reflection, name: str, label: str) -> str:
    parts = [f"Imported from {_source_label(url, name)} ({label})."]
    views = sorted(_qualified(s, v) for s, names in reflection.views.items() for v in names)
    materialized = sorted(
        _qualified(s, v) for s, names in reflection.materialized_views.items() for v in names
    )
    partitions = sorted(
        _qualified(s, p) for s, names in reflection.partitions.items() for p in names
    )
    if views:
        parts.append(f"Views (not modelled as tables): {', '.join(views)}.")
    if materialized:
        parts.append(f"Materialized views: {', '.join(materialized)}.")
    if partitions:
        parts.append(f"Partitions (modelled by their parent table): {', '.join(partitions)}.")
    return " ".join(parts)


def _comment_block(reflection: Reflection) -> list[str]:
    lines: list[str] = []
    views = _all_views(reflection)
    if views:
        lines.append("Views in the database (archdocs models tables; views are listed in the")
        lines.append("datastore description):")
        lines += [f"  {v}" for v in views]
    if reflection.unknown_types:
        if lines:
            lines.append("")
        lines.append("Columns whose type SQLAlchemy does not know, declared as ServerType:")
        lines += [f"  {u.table}.{u.column}: {u.server_type}" for u in reflection.unknown_types]
    return lines


def write_import(result: ImportResult, out: Path) -> None:
    """Write the module to ``out``, refusing to replace an existing file."""
    from archdocs.fsutil import write_atomic

    if out.exists():
        raise ArchdocsError(
            f"'{out}' already exists; archdocs import never overwrites a file",
            hint="choose another --out file, or delete or rename the existing one first",
        )
    write_atomic(out, result.source)
