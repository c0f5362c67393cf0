"""Views: named diagrams drawn from the model, kept apart from it (Structurizr's model/views
split; tbls' viewpoints for tables).

The site draws default views for every system (the landscape, the context map, one diagram per
bounded context, per flow and per datastore). A view declared here answers one more question:

    system.view("Payment path", include=[checkout, "payments", "payment-ledger"],
                exclude=["event-bus"], description="What a card payment touches.")
    billing_db.er_view("Billing core", around="invoices", depth=1, exclude=["audit_log"])

An architecture view draws the elements it includes (a bounded context stands for its services
and datastores; a flow for its two ends) minus those it excludes, and every flow between them.
An ER viewpoint draws the tables it names plus those within ``depth`` foreign keys of
``around``, minus those it excludes. Names are checked once the whole model is loaded
(:func:`check_views`): a name no element or table has is an error at the view's file and line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archdocs.errors import ModelLoadError
from archdocs.model.element import Element
from archdocs.model.location import SourceLocation, caller_location

if TYPE_CHECKING:
    from archdocs.model.datastore import Datastore
    from archdocs.model.system import System


class ViewError(ModelLoadError):
    """A view names something the model does not have, or selects nothing: the model cannot be
    used as written (exit 2, at the view's file and line)."""


@dataclass(eq=False)
class ArchitectureView:
    """A diagram of chosen elements and the flows between them. Declare it with
    :meth:`archdocs.model.system.System.view`."""

    name: str
    include: tuple[Element | str, ...]
    """Elements (objects or names): contexts, services, datastores, externals, actors, and
    flows (which bring their two ends)."""
    exclude: tuple[Element | str, ...] = ()
    """Elements left out even though ``include`` brings them (a context's datastore, a
    broker)."""
    description: str = ""
    declared_at: SourceLocation = field(default_factory=caller_location)

    def __hash__(self) -> int:
        return id(self)


@dataclass(eq=False)
class ERViewpoint:
    """Some tables of one datastore: a viewpoint in tbls' sense. Declare it with
    :meth:`archdocs.model.datastore.Datastore.er_view`."""

    name: str
    datastore: Datastore
    tables: tuple[str, ...] = ()
    """Tables shown whatever their foreign keys (names as ``Datastore.table`` takes them)."""
    around: str | None = None
    """A table whose neighbourhood is shown: itself and every table within ``depth`` foreign
    keys of it, in either direction."""
    depth: int = 1
    exclude: tuple[str, ...] = ()
    """Tables left out even though ``tables`` or ``around`` bring them."""
    description: str = ""
    declared_at: SourceLocation = field(default_factory=caller_location)

    def __hash__(self) -> int:
        return id(self)


def declare_view(system: System, name: str, include: Iterable[Element | str],
                 exclude: Iterable[Element | str], description: str) -> ArchitectureView:
    """What :meth:`System.view` does: record the view (names are checked after loading)."""
    location = caller_location()
    _require_text(name, "the view's name", location)
    included = tuple(_sequence(include, "include", location))
    if not included:
        raise ViewError(f"view {name!r} includes nothing", location=location,
                        hint="name what it draws: include=[\"Ordering\", \"orders-db\"] "
                             "(contexts, services, datastores, externals, actors or flows)")
    view = ArchitectureView(name, included, tuple(_sequence(exclude, "exclude", location)),
                            description=description, declared_at=location)
    system.views.append(view)
    return view


def declare_er_view(datastore: Datastore, name: str, tables: Iterable[Any], around: Any,
                    depth: int, exclude: Iterable[Any], description: str) -> ERViewpoint:
    """What :meth:`Datastore.er_view` does: record the viewpoint, its tables checked now (the
    datastore's schema is known when it is declared)."""
    location = caller_location()
    _require_text(name, "the viewpoint's name", location)
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise ViewError(f"ER viewpoint {name!r}: depth must be a whole number from 0, "
                        f"not {depth!r}", location=location,
                        hint="depth=1 shows the tables one foreign key away from 'around'")
    viewpoint = ERViewpoint(
        name, datastore,
        tables=tuple(_table_name(t) for t in _sequence(tables, "tables", location)),
        around=None if around is None else _table_name(around), depth=depth,
        exclude=tuple(_table_name(t) for t in _sequence(exclude, "exclude", location)),
        description=description, declared_at=location)
    if not viewpoint.tables and viewpoint.around is None:
        raise ViewError(f"ER viewpoint {name!r} selects no table", location=location,
                        hint="name tables=[...] or a table to show around=... (with depth=)")
    viewpoint_tables(viewpoint)  # unknown names fail here, at the declaration
    datastore.er_views.append(viewpoint)
    return viewpoint


def _require_text(value: object, what: str, location: SourceLocation) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ViewError(f"{what} must be a non-empty string, not {value!r}", location=location,
                        hint="name it after the question it answers: \"Payment path\"")


def _sequence(values: Iterable[Any], what: str, location: SourceLocation) -> list[Any]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        # An element's repr (<BoundedContext 'Catalog'>) is not code: the hint writes its
        # variable as the user would, or its name, which views accept too.
        name = getattr(values, "name", None)
        shown = repr(name) if isinstance(name, str) and not isinstance(values, str) else None
        example = f"[{values!r}]" if shown is None else f"[{shown}] (or the variable, in a list)"
        raise ViewError(f"{what} must be a list, not {values!r}", location=location,
                        hint=f"write {what}={example}")
    return list(values)


def _table_name(table: Any) -> str:
    """A table given as a name or as a SQLAlchemy ``Table`` (or mapped class)."""
    if isinstance(table, str):
        return table
    found = getattr(table, "__table__", table)
    fullname = getattr(found, "fullname", None)
    return fullname if isinstance(fullname, str) else str(table)


def _did_you_mean(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(set(candidates)), n=1)
    return f"did you mean {close[0]!r}? " if close else ""


# -- resolution -----------------------------------------------------------------------------


def view_elements(system: System, view: ArchitectureView) -> tuple[list[Element], list[Any]]:
    """The elements ``view`` draws and the flows it draws between them, in model order.

    Raises :class:`ViewError` at the view's declaration when a name is unknown or nothing is
    left to draw."""
    from archdocs.model.flow import Flow
    from archdocs.model.system import BoundedContext

    chosen: dict[int, Element] = {}
    for ref in view.include:
        element = _resolved(system, view, ref, "include")
        if isinstance(element, BoundedContext):
            members = [*element.services, *element.datastores] or [element]
            chosen.update((id(m), m) for m in members)
        elif isinstance(element, Flow):
            for end in (element.source, element.target):
                resolved = system.resolve(end)
                if resolved is not None:
                    chosen[id(resolved)] = resolved
        else:
            chosen[id(element)] = element
    for ref in view.exclude:
        element = _resolved(system, view, ref, "exclude")
        members = ([*element.services, *element.datastores, element]
                   if isinstance(element, BoundedContext) else [element])
        for member in members:
            chosen.pop(id(member), None)
    if not chosen:
        raise ViewError(f"view {view.name!r} draws nothing: exclude takes away everything "
                        "include brings", location=view.declared_at,
                        hint="include an element that is not excluded")
    order = {id(e): n for n, e in enumerate(system.nodes())}
    elements = sorted(chosen.values(), key=lambda e: order.get(id(e), len(order)))
    flows = [flow for flow in system.flows
             if id(system.resolve(flow.source)) in chosen
             and id(system.resolve(flow.target)) in chosen]
    return elements, flows


def _resolved(system: System, view: ArchitectureView, ref: Element | str,
              field_name: str) -> Element:
    from archdocs.model.flow import Flow

    element = system.find_flow(ref) if isinstance(ref, Flow) else system.resolve(ref)
    if element is None and isinstance(ref, str):
        element = system.find_flow(ref)
    if element is None:
        name = ref if isinstance(ref, str) else getattr(ref, "name", repr(ref))
        known = [e.name for e in (*system.nodes(), *system.flows)]
        raise ViewError(
            f"view {view.name!r}: {field_name} names {name!r}, which system "
            f"{system.name!r} does not declare", location=view.declared_at,
            hint=_did_you_mean(str(name), known) + "name a context, service, datastore, "
                 "external system, actor or flow of this system")
    return element


def viewpoint_tables(viewpoint: ERViewpoint) -> list[Any]:
    """The tables ``viewpoint`` draws, sorted by full name.

    Raises :class:`ViewError` at its declaration when a table is unknown or none is left."""
    datastore = viewpoint.datastore
    known = [table.fullname for table in datastore.tables]

    def table(name: str, field_name: str) -> Any:
        found = datastore.table(name)
        if found is None:
            raise ViewError(
                f"ER viewpoint {viewpoint.name!r}: {field_name} names table {name!r}, which "
                f"datastore {datastore.name!r} does not have", location=viewpoint.declared_at,
                hint=_did_you_mean(name, known) + "name a table of its schema"
                     + (f" ({', '.join(known[:5])}{', …' if len(known) > 5 else ''})"
                        if known else " (it declares none)"))
        return found

    chosen = {t.fullname: t for t in (table(name, "tables") for name in viewpoint.tables)}
    if viewpoint.around is not None:
        start = table(viewpoint.around, "around")
        chosen.update((t.fullname, t) for t in _within(datastore.tables, start, viewpoint.depth))
    for name in viewpoint.exclude:
        chosen.pop(table(name, "exclude").fullname, None)
    if not chosen:
        raise ViewError(f"ER viewpoint {viewpoint.name!r} draws no table: exclude takes away "
                        "every table it selects", location=viewpoint.declared_at,
                        hint="exclude fewer tables")
    return [chosen[name] for name in sorted(chosen)]


def _within(tables: Sequence[Any], start: Any, depth: int) -> list[Any]:
    """``start`` and the tables at most ``depth`` foreign keys from it, either direction."""
    neighbours: dict[str, set[str]] = {t.fullname: set() for t in tables}
    by_name = {t.fullname: t for t in tables}
    for t in tables:
        for fk in t.foreign_keys:
            try:
                target = fk.column.table.fullname
            except Exception:  # noqa: BLE001 - an FK to a table outside the schema
                continue
            if target in neighbours and target != t.fullname:
                neighbours[t.fullname].add(target)
                neighbours[target].add(t.fullname)
    reached = {start.fullname}
    frontier = {start.fullname}
    for _ in range(depth):
        frontier = {n for name in frontier for n in neighbours.get(name, ())} - reached
        reached |= frontier
    return [by_name[name] for name in sorted(reached) if name in by_name]


def check_views(system: System) -> None:
    """Check every view of ``system``: names resolve, something is drawn, and no two views share
    a name (each gets a page named after it). Raises :class:`ViewError` at the first problem."""
    seen: dict[str, SourceLocation] = {}
    declared: list[tuple[str, SourceLocation]] = [(v.name, v.declared_at) for v in system.views]
    for datastore in system.datastores:
        declared += [(v.name, v.declared_at) for v in datastore.er_views]
    for name, location in declared:
        if name in seen:
            first = seen[name]
            raise ViewError(f"two views of system {system.name!r} are named {name!r}: here and "
                            f"at line {first.line} of {Path(first.file).name}", location=location,
                            hint="give each view a name of its own: its page is named after it")
        seen[name] = location
    for view in system.views:
        view_elements(system, view)
    for datastore in system.datastores:
        for viewpoint in datastore.er_views:
            viewpoint_tables(viewpoint)


__all__ = ["ArchitectureView", "ERViewpoint", "ViewError", "check_views", "view_elements",
           "viewpoint_tables"]
