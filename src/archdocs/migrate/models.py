"""Plans between two loaded models (git refs, two directories) or from the earlier schema a
datastore declares (``Datastore.previous_schema``)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import MetaData
from sqlalchemy.exc import SQLAlchemyError

from archdocs.errors import ArchdocsError, UsageError
from archdocs.load.loader import Model
from archdocs.migrate.dialects import DialectName, dialect_of
from archdocs.migrate.diff import diff_metadata
from archdocs.migrate.plan import plan_diff
from archdocs.migrate.plan.steps import Plan
from archdocs.migrate.versions import Server
from archdocs.model.datastore import Datastore


def _datastores(model: Model) -> dict[str, Datastore]:
    found: dict[str, Datastore] = {}
    for system in model.systems:
        for datastore in system.datastores:
            found.setdefault(datastore.name, datastore)
    return found


def _selected(names: list[str], wanted: str | None, available: list[str]) -> list[str]:
    if wanted is None:
        return names
    if wanted not in available:
        raise UsageError(f"no datastore named '{wanted}'",
                         hint="choose one of: " + (", ".join(sorted(available)) or "(none)"))
    return [wanted]


def plan_for(
    datastore: Datastore, old: MetaData, new: MetaData, dialect: DialectName | None,
    base_label: str, head_label: str,
) -> Plan | None:
    """The plan for one datastore, or ``None`` when its technology is not one archdocs writes
    SQL plans for (``dialect`` overrides the flavour of SQL, not that)."""
    native = dialect_of(datastore)
    if native is None:
        return None
    chosen = dialect or native
    try:
        diff = diff_metadata(old, new, chosen)
        native_product = datastore.technology.id in ("postgresql", "mysql", "mariadb")
        server = (Server.parse(datastore.technology.id, datastore.technology.version)
                  if dialect is None and native_product else Server.parse(chosen.value))
        plan = plan_diff(diff, chosen, datastore=datastore.name, volume_of=datastore.volume_of,
                         server=server)
    except SQLAlchemyError as error:
        # A schema SQLAlchemy cannot compile (a foreign key to a table that is not declared,
        # a type the dialect lacks) is the user's to fix, not an archdocs crash.
        raise ArchdocsError(
            f"cannot plan datastore '{datastore.name}': {type(error).__name__}: {error}",
            location=datastore.declared_at,
            hint="fix the schema; 'archdocs check' reports what is wrong with it",
        ) from error
    plan.base_label, plan.head_label = base_label, head_label
    return plan


def plan_models(
    base: Model, head: Model, *, datastore: str | None = None,
    dialect: DialectName | None = None, base_label: str = "base", head_label: str = "head",
) -> list[Plan]:
    """One plan per datastore present in ``head`` (a datastore new in ``head`` is planned from
    an empty schema; one gone from ``head`` is not planned: retiring a store is an
    architecture migration). Only plans with changes are returned, sorted by datastore."""
    base_stores, head_stores = _datastores(base), _datastores(head)
    plans = []
    for name in _selected(sorted(head_stores), datastore, sorted(head_stores)):
        head_store = head_stores[name]
        old = base_stores[name].metadata if name in base_stores else MetaData()
        plan = plan_for(head_store, old, head_store.metadata, dialect, base_label, head_label)
        if plan is None and datastore is not None:
            raise _no_sql_plan(head_store)
        if plan is not None and (plan.steps or plan.probable_renames or datastore is not None):
            plans.append(plan)
    return plans


def _no_sql_plan(datastore: Datastore) -> UsageError:
    return UsageError(
        f"datastore '{datastore.name}' uses {datastore.technology.label}: archdocs writes "
        "schema plans for PostgreSQL, MySQL/MariaDB and SQLite",
        hint="plan a change of technology as an architecture migration (system.migration)",
    )


def declared_evolutions(model: Model) -> Iterator[Datastore]:
    """Datastores that declare an earlier version of their schema."""
    for system in model.systems:
        for datastore in system.datastores:
            if datastore.previous_schema is not None:
                yield datastore


def plan_previous(
    model: Model, *, datastore: str | None = None, dialect: DialectName | None = None
) -> list[Plan]:
    """Plans from each datastore's declared ``previous_schema`` to its current schema."""
    stores = {d.name: d for d in declared_evolutions(model)}
    if datastore is not None and datastore not in stores:
        raise UsageError(
            f"datastore '{datastore}' declares no earlier schema",
            hint="declare one with previous_schema=SchemaVersion(\"v1\", OldBase), or compare "
                 "git refs with --base REF or two directories with --base-dir",
        )
    plans = []
    for name in _selected(sorted(stores), datastore, sorted(stores)):
        store = stores[name]
        assert store.previous_schema is not None
        plan = plan_for(store, store.previous_schema.metadata, store.metadata, dialect,
                        store.previous_schema.label, "current model")
        if plan is not None:
            plans.append(plan)
    return plans
