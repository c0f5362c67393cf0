"""A datastore's table pages and ER diagram specs taken from the previous build in this process
when nothing they read has changed (``mkdocs serve`` rebuilds the whole model on every save).

On a big model those pages are most of page generation: a table page draws its neighbours
diagram and the datastore page lays out and measures its ER parts. A save that touches one
model file leaves almost every datastore as it was, but the model is loaded anew, so nothing
can be reused by object identity. Instead each datastore gets a *fingerprint*: a text of every
value its table pages and ER specs read, computed with the same helpers the pages print with
(type spellings, defaults, links, the flows, lineage and findings blocks). Equal fingerprints
mean equal inputs, so the previous build's pages and specs are what generating them again
would give. Whatever is uncertain is in the fingerprint whole (all of the datastore's findings,
every site option): an edit then regenerates more, never shows a stale page.

What the fingerprint must cover is what :func:`archdocs.pages.tables.table_page`,
:func:`archdocs.render.er.er_focus_spec` and :func:`archdocs.render.er.er_specs` read: keep
:func:`_schema`, :func:`_table_inputs` and :func:`_er_inputs` in step with them
(``tests/website/test_datastore_reuse.py`` edits the model in each of those ways and compares
the rebuilt site with a clean build).

Only the previous build's results are kept (one site's worth of memory: page texts and
diagram specs, no model objects), and only builds whose site context has a ``generated_memo``
(the site builder's, one per process) use it; ``archdocs generate`` builds once, so it reuses
nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKeyConstraint, Table

from archdocs.model.datastore import Datastore
from archdocs.model.sql import dialect_for, type_text
from archdocs.pages import physical as physical_pages
from archdocs.pages.page import Page

if TYPE_CHECKING:
    from archdocs.pages.system_index import SystemIndex
    from archdocs.render import DiagramSpec


@dataclass(frozen=True)
class _DiagramCall:
    """One ``ctx.diagram`` call a table page made, and what it returned."""

    page: str
    spec: DiagramSpec
    placeholder: str


@dataclass(frozen=True)
class TablePagesDraft:
    """A datastore's table pages and the diagrams they asked for, made without this build's
    site context (the previous build's, or a forked child's): :func:`replay` queues the
    diagrams again before the pages are used."""

    pages: tuple[Page, ...]
    calls: tuple[_DiagramCall, ...]


def draft(index: SystemIndex, generate: Callable[[], Iterable[Page]]) -> TablePagesDraft:
    """The pages ``generate()`` makes, with every diagram they asked ``index.ctx`` for."""
    recorder = _Recording(index.ctx)
    index.ctx = recorder
    try:
        pages = tuple(generate())
    finally:
        index.ctx = recorder.ctx
    return TablePagesDraft(pages, tuple(recorder.calls))


def replay(index: SystemIndex, found: TablePagesDraft) -> bool:
    """Queue the recorded diagrams again; ``False`` when one gets another placeholder than it
    had (its key is taken by another diagram now): the pages must be generated. Queuing the
    same spec for the same page again is harmless."""
    return all(index.ctx.diagram(call.page, call.spec) == call.placeholder
               for call in found.calls)


class GeneratedMemo:
    """The previous build's table pages and ER specs per datastore fingerprint. The site
    builder calls :meth:`start` before its providers run and :meth:`done` after they all ran."""

    def __init__(self) -> None:
        self._last: dict[tuple[str, str], Any] = {}
        self._now: dict[tuple[str, str], Any] = {}
        self.reused_pages = 0
        """Table pages this build took from the previous one."""
        self.reused_datastores = 0
        """Datastores whose table pages this build took from the previous one."""
        self.drafted_pages = 0
        """Table pages this build took from a child that drafted them."""
        self._fingerprints: dict[int, tuple[Datastore, str]] = {}

    def start(self) -> None:
        self._now = {}
        self._fingerprints = {}
        self.reused_pages = self.reused_datastores = self.drafted_pages = 0

    def done(self) -> None:
        """Keep this build's results for the next build (and only those)."""
        self._last, self._now = self._now, {}
        self._fingerprints = {}

    def forget(self) -> None:
        """Keep nothing: the next build generates every page."""
        self._last, self._now, self._fingerprints = {}, {}, {}

    # -- what the providers call -----------------------------------------------------------------

    def er_specs(self, index: SystemIndex, datastore: Datastore, max_tables: int,
                 min_label_px: float, build: Callable[[], list[DiagramSpec]],
                 ) -> list[DiagramSpec]:
        """The datastore's ER specs (``build()``, which splits it at ``max_tables`` and where
        labels would be smaller than ``min_label_px``), or the previous build's for the same
        inputs."""
        from archdocs.render.spec import mermaid_wanted

        key = ("er", _er_inputs(index, datastore, self._schema(datastore), max_tables)
               + repr((min_label_px, mermaid_wanted())))
        found = self._last.get(key)
        specs: list[DiagramSpec] = list(found) if found is not None else build()
        self._now[key] = tuple(specs)
        return specs

    def table_pages(self, index: SystemIndex, datastore: Datastore,
                    generate: Callable[[], Iterable[Page]],
                    drafted: TablePagesDraft | None = None) -> list[Page]:
        """The pages of the datastore's tables: ``drafted`` (made by a child process from this
        very model) or the previous build's for the same inputs, their diagrams queued again
        in the same order; else ``generate()``."""
        key = ("tables", _table_inputs(index, datastore, self._schema(datastore)))
        found: TablePagesDraft | None = self._last.get(key)
        if found is not None and replay(index, found):
            self.reused_pages += len(found.pages)
            self.reused_datastores += 1
        elif drafted is not None and replay(index, drafted):
            found = drafted
            self.drafted_pages += len(found.pages)
        else:
            found = draft(index, generate)
        self._now[key] = found
        return list(found.pages)

    def _schema(self, datastore: Datastore) -> str:
        """The datastore's schema fingerprint, computed once per build."""
        known = self._fingerprints.get(id(datastore))
        if known is None or known[0] is not datastore:
            known = self._fingerprints[id(datastore)] = (datastore, _schema(datastore))
        return known[1]


class _Recording:
    """The site context, noting every diagram a page asks for."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.calls: list[_DiagramCall] = []

    def diagram(self, page_path: str, spec: DiagramSpec) -> str:
        placeholder: str = self.ctx.diagram(page_path, spec)
        self.calls.append(_DiagramCall(page_path, spec, placeholder))
        return placeholder

    def __getattr__(self, name: str) -> Any:
        return getattr(self.ctx, name)


# -- the fingerprints ------------------------------------------------------------------------------


def _schema(datastore: Datastore) -> str:
    """Every value of the datastore's tables that its table pages and ER diagrams print or
    decide with, in order: names, comments, columns (type as the datastore's dialect spells
    it, keys, nullability, uniqueness, default, comment), foreign keys with what they resolve
    to (a table of another datastore sharing the metadata included), indexes and
    constraints."""
    from archdocs.pages.tables import _default_of

    technology = datastore.technology
    dialect = dialect_for(technology)
    out: list[object] = [datastore.name, technology.label, technology.sql_dialect]
    for table in datastore.tables:
        volume = datastore.volume_of(table)
        out.append((
            "table", table.fullname, table.name, table.schema, table.comment,
            None if volume is None else (repr(volume.rows), repr(volume.rows_per_day),
                                         repr(volume.growth_per_year),
                                         repr(volume.peak_writes_per_second)),
            tuple(c.name for c in table.primary_key.columns),
        ))
        for column in table.columns:
            out.append((
                "column", column.name, type_text(column.type, dialect),
                bool(column.primary_key), bool(column.nullable), bool(column.unique),
                _default_of(column), column.comment,
                tuple(sorted(fk.target_fullname for fk in column.foreign_keys)),
            ))
        # Sets: in an order of their own, so that two loads of one model compare equal.
        out.extend(sorted((_constraint(constraint, constraint is table.primary_key)
                           for constraint in table.constraints), key=repr))
        out.extend(sorted((("index", _name(db_index.name), bool(db_index.unique),
                            tuple(_expression(c) for c in db_index.expressions))
                           for db_index in table.indexes), key=repr))
    return repr(out)


def _expression(expression: Any) -> object:
    """An index expression as its table page names it (a column's name, else its SQL)."""
    name = getattr(expression, "name", _NO_NAME)
    return ("sql", str(expression)) if name is _NO_NAME else ("name", name)


_NO_NAME = object()


def _constraint(constraint: Any, primary: bool) -> tuple[object, ...]:
    columns = tuple(c.name for c in getattr(constraint, "columns", []))
    sqltext = getattr(constraint, "sqltext", None)
    detail: tuple[object, ...] = ()
    if isinstance(constraint, ForeignKeyConstraint):
        # Each element with what it resolves to: the ER diagrams draw the target table and
        # column, and a composite key is one relationship.
        detail = (constraint.ondelete, constraint.onupdate, tuple(
            (element.parent.name, element.target_fullname, _resolved(element))
            for element in constraint.elements))
    return ("constraint", type(constraint).__name__, _name(constraint.name), primary, columns,
            None if sqltext is None else str(sqltext), detail)


def _resolved(element: Any) -> tuple[object, ...] | None:
    try:
        column = element.column
    except Exception:  # noqa: BLE001 - an FK to a table the model does not hold
        return None
    target = column.table
    return (type(target).__name__, getattr(target, "fullname", None), column.name,
            isinstance(target, Table))


def _name(name: object) -> tuple[str, str]:
    return (type(name).__name__, str(name))


def _er_inputs(index: SystemIndex, datastore: Datastore, schema: str, max_tables: int) -> str:
    """What the datastore's ER specs read besides its schema: the system's and datastore's
    names (titles, links) and, for a datastore big enough to be cut, which context writes
    each table."""
    from archdocs.render.er import table_owners

    owners = (sorted(table_owners(index.system, datastore).items())
              if len(datastore.tables) > max_tables else None)
    return repr((index.system.name, schema, max_tables, owners))


def _table_inputs(index: SystemIndex, datastore: Datastore, schema: str) -> str:
    """What the datastore's table pages read besides its schema: where every page is, the
    link to the datastore, the flows carrying each table and the lineage of its columns as
    the page writes them, every finding about the datastore, and the site's options."""
    system, paths = index.system, index.paths
    findings = tuple(
        (f.severity.value, f.rule, f.rule in index.rules, paths.rule(f.rule), f.message,
         f.target, f.hint, f.file, f.line, f.element)
        for f in index.findings_of.get(id(datastore), []))
    out: list[object] = [
        system.name, paths.prefix, paths.multi_system, paths.base(system),
        sorted((str(k), repr(v)) for k, v in index.ctx.options.items()),
        schema, findings,
    ]
    for table in datastore.tables:
        page = paths.table(system, datastore, table)
        carriers = index.carriers.get((id(datastore), table.fullname), [])
        out.append((
            page, index.link(page, datastore),
            index.flows_table(page, carriers) if carriers else "",
            physical_pages.column_lineage(paths, system, page, index.lineage_graph, datastore,
                                          table.fullname, heading=""),
            _fk_pages(index, datastore, table, page),
        ))
    return repr(out)


def _fk_pages(index: SystemIndex, datastore: Datastore, table: Table,
              page: str) -> tuple[object, ...]:
    """The pages of the tables a table's foreign keys name in its datastore (found by name,
    as the page links them)."""
    found = set()
    for fk in table.foreign_keys:  # a set: sorted below
        target = datastore.table(fk.target_fullname.rpartition(".")[0])
        found.add((fk.target_fullname, "" if target is None
                   else index.paths.table(index.system, datastore, target)))
    return tuple(sorted(found))


__all__ = ["GeneratedMemo", "TablePagesDraft", "draft", "replay"]
