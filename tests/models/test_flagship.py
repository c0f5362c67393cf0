"""The flagship example (``models/``) is what the project's site shows: it must really contain
what the documentation promises, and pass its own review."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from archdocs import (
    CQRS,
    DatabasePerService,
    Datastore,
    EventSourcing,
    Kind,
    Mechanism,
    Role,
    System,
    TransactionalOutbox,
    notes_of_column,
    notes_of_table,
)
from archdocs.load import load_models
from archdocs.load.loader import Model
from archdocs.review.engine import review

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "models"
ARCHDOCS = [str(Path(sys.executable).parent / "archdocs")]


def passed_checkpoints(count: int = 20) -> list[str]:
    """psql options of an operator who has passed the plan's deploy checkpoints."""
    return [option for n in range(1, count + 1) for option in ("-v", f"passed_{n}=1")]


def not_ledger(name: str | None, type_: str, parent_names: object) -> bool:
    """alembic ``include_name``: the plan's step ledger is not part of the model."""
    return name != "archdocs_migration_steps"


def run_archdocs(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run(
        [*ARCHDOCS, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def model() -> Model:
    return load_models(MODELS)


@pytest.fixture(scope="module")
def system(model: Model) -> System:
    assert len(model.systems) == 1, "the flagship declares exactly one System"
    return model.systems[0]


@pytest.fixture(scope="module")
def exported() -> dict[str, object]:
    result = run_archdocs("export", "models", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["systems"]) == 1
    return data["systems"][0]


def store(system: System, name: str) -> Datastore:
    found = system.find_datastore(name)
    assert found is not None, f"no datastore {name!r}"
    return found


# -- through the model -------------------------------------------------------------------------


def test_contexts_have_domain_team_description_and_services(system: System) -> None:
    assert len(system.contexts) >= 5
    for context in system.contexts:
        assert context.domain and context.team and context.description, context.name
    with_services = [c for c in system.contexts if c.services]
    assert len(with_services) >= 5
    assert system.externals and system.actors
    assert any("payment" in e.name.lower() for e in system.externals)


def test_datastores_span_the_six_technologies(system: System) -> None:
    assert len(system.datastores) >= 6
    technologies = {d.technology.id for d in system.datastores}
    assert {"postgresql", "mongodb", "redis", "elasticsearch", "kafka"} <= technologies
    assert technologies & {"influxdb", "timescaledb"}, "a time-series store"
    kafka = [d for d in system.datastores if d.technology.id == "kafka"]
    assert kafka and all(d.role is Role.BROKER for d in kafka)
    for datastore in system.datastores:
        assert datastore.context is not None, datastore.name
        assert datastore.description, datastore.name
        assert datastore.high_availability, datastore.name
    stateful_without_backup = [
        d.name for d in system.datastores if d.role is not Role.CACHE and d.backup is None
    ]
    assert stateful_without_backup == []


def test_at_least_thirty_tables_all_commented(system: System) -> None:
    tables = [(d, t) for d in system.datastores for t in d.tables]
    assert len(tables) >= 30
    for datastore, table in tables:
        assert table.comment, f"{datastore.name}.{table.name} has no comment"
        assert table.primary_key.columns, f"{datastore.name}.{table.name} has no primary key"
        for column in table.columns:
            assert column.comment, f"{datastore.name}.{table.name}.{column.name} has no comment"
    # Document, key-value, search and event-log stores are described in their own terms
    # (collections, key patterns, indexes, topics), never as SQL tables.
    for kind in (Kind.DOCUMENT, Kind.KEY_VALUE, Kind.SEARCH, Kind.EVENT_LOG):
        stores = [d for d in system.datastores if d.technology.kind is kind]
        assert stores, kind
        for datastore in stores:
            assert datastore.structures and not datastore.tables, datastore.name
    relational = [t for d, t in tables if d.technology.kind is Kind.RELATIONAL]
    assert sum(len(t.foreign_keys) for t in relational) >= 20
    assert sum(1 for t in relational for c in t.constraints if type(c).__name__ ==
               "CheckConstraint") >= 10


def test_every_mechanism_is_used_with_consistency_and_rate(system: System) -> None:
    used = {flow.mechanism for flow in system.flows}
    assert used == set(Mechanism)
    for flow in system.flows:
        assert flow.description, flow.name
    async_events = [f for f in system.flows if f.mechanism is Mechanism.ASYNC_EVENT]
    assert async_events and all(
        isinstance(system.resolve(f.via), Datastore) and system.resolve(f.via).role is Role.BROKER
        for f in async_events
    )
    assert all(f.events for f in async_events)
    assert all(f.per_second for f in system.flows if f.mechanism is not Mechanism.BATCH)
    assert {str(f.consistency) for f in system.flows} >= {"strong", "eventual (≤ 5s)"}


def test_patterns_are_declared_and_point_at_real_elements(system: System) -> None:
    by_type: dict[type, list[object]] = {}
    for pattern in system.patterns:
        by_type.setdefault(type(pattern), []).append(pattern)
    assert {CQRS, EventSourcing, DatabasePerService, TransactionalOutbox} <= set(by_type)

    (cqrs,) = by_type[CQRS]
    assert isinstance(cqrs, CQRS)
    read_models = [system.find_datastore(r) for r in cqrs.read_models]
    assert any(r is not None and r.technology.id == "elasticsearch" for r in read_models)
    assert cqrs.projections

    (sourcing,) = by_type[EventSourcing]
    assert isinstance(sourcing, EventSourcing)
    assert store(system, sourcing.event_store if isinstance(sourcing.event_store, str)
                 else sourcing.event_store.name).role is Role.EVENT_STORE
    assert sourcing.projections

    for outbox in by_type[TransactionalOutbox]:
        assert isinstance(outbox, TransactionalOutbox)
        holder = system.find_datastore(outbox.datastore)
        assert holder is not None and holder.table(outbox.table) is not None
        relay = system.find_flow(outbox.relay)
        assert relay is not None and relay.mechanism is Mechanism.CDC
        assert outbox.table in relay.carried_tables
        target = system.resolve(relay.target)
        assert isinstance(target, Datastore) and target.role is Role.BROKER


def test_a_sharded_postgresql_store_with_its_key_on_every_sharded_table(system: System) -> None:
    sharded = [d for d in system.datastores
               if d.technology.id == "postgresql" and d.scaling.sharding]
    assert sharded
    for datastore in sharded:
        for sharding in datastore.scaling.sharding:
            assert sharding.shards > 1
            sharded_tables = [
                t for t in datastore.tables
                if t.name not in sharding.reference_tables
                and (not sharding.tables or t.name in sharding.tables)
            ]
            assert sharded_tables
            for table in sharded_tables:
                assert sharding.key in table.columns, f"{table.name} lacks {sharding.key}"
        assert any(s.reference_tables for s in datastore.scaling.sharding)
        # Every table of a sharded store is either distributed or a reference table.
        placed = {name for s in datastore.scaling.sharding
                  for name in (*s.tables, *s.reference_tables)}
        assert {t.name for t in datastore.tables} <= placed
    partitioned = [(d, p) for d in system.datastores for p in d.scaling.partitioning]
    assert any(d.technology.kind is Kind.RELATIONAL and p.interval for d, p in partitioned)


def test_volumes_and_access_patterns_on_main_tables(system: System) -> None:
    orders = store(system, "orders-db")
    table = orders.table("orders")
    assert table is not None and orders.volume_of(table) is not None
    patterns = {p.name: p for p in orders.all_access_patterns()}
    detail = patterns["order detail"]
    key = orders.scaling.sharding[0].key
    assert key in detail.equals and "scatter-gather" in (detail.example or "")
    # The one query that knows no buyer goes through a look-up table keyed by what it knows.
    lookup = {p.name: p for p in orders.all_access_patterns()}["support look-up by order number"]
    lookup_table = orders.table(lookup.table or "")
    assert lookup_table is not None
    assert any(list(lookup.equals) == [s.key] and lookup_table.name in s.tables
               for s in orders.scaling.sharding)
    with_patterns = [d for d in system.datastores if d.all_access_patterns()]
    assert len(with_patterns) >= 10


def test_star_schema_in_the_analytics_store(system: System) -> None:
    analytics = [d for d in system.datastores if d.role is Role.ANALYTICS]
    assert analytics
    warehouse = analytics[0]
    facts = [t for t in warehouse.tables if notes_of_table(t.info).fact is not None]
    dimensions = {t.name: notes_of_table(t.info).dimension for t in warehouse.tables
                  if notes_of_table(t.info).dimension is not None}
    assert facts and all(notes_of_table(t.info).fact.grain for t in facts)  # type: ignore[union-attr]
    assert len(dimensions) >= 3
    assert {d.scd_type for d in dimensions.values()} >= {1, 2}
    for fact in facts:
        referenced = {fk.column.table.name for fk in fact.foreign_keys}
        assert referenced and referenced <= set(dimensions), fact.name


def test_migrations_have_phases_rollbacks_cutover_and_point_of_no_return(system: System) -> None:
    assert len(system.migrations) >= 2
    for migration in system.migrations:
        assert migration.from_state and migration.to_state and migration.description
        assert migration.cutover_criteria and migration.risks and migration.affects
        assert len(migration.phases) >= 3
        assert all(phase.rollback for phase in migration.phases), migration.name
        assert sum(phase.cutover for phase in migration.phases) == 1, migration.name
        assert sum(phase.point_of_no_return for phase in migration.phases) == 1, migration.name
        for phase in migration.phases:
            for element in phase.elements:
                assert system.resolve(element) is not None, (migration.name, phase.name)
    syncs = {phase.sync.value for m in system.migrations for phase in m.phases}
    assert {"dual-write", "cdc", "backfill", "replication"} <= syncs


# -- through the export JSON -------------------------------------------------------------------


def test_export_shows_contexts_datastores_technologies_and_tables(
    exported: dict[str, object],
) -> None:
    contexts = exported["contexts"]
    datastores = exported["datastores"]
    assert isinstance(contexts, list) and isinstance(datastores, list)
    assert len(contexts) >= 5 and len(datastores) >= 6
    technologies = {d["technology"]["id"] for d in datastores}
    assert {"postgresql", "mongodb", "redis", "elasticsearch", "timescaledb", "kafka"} \
        <= technologies
    tables = [t for d in datastores for t in d["tables"]]
    assert len(tables) >= 30
    assert all(t["comment"] for t in tables)
    assert all(c["comment"] for t in tables for c in t["columns"])
    assert any(
        d["technology"]["id"] == "postgresql" and d["scaling"]["sharding"] for d in datastores
    )
    flows = exported["flows"]
    assert isinstance(flows, list)
    assert {f["mechanism"] for f in flows} == {m.value for m in Mechanism}
    patterns = exported["patterns"]
    assert isinstance(patterns, list)
    assert {"CQRS", "EventSourcing", "DatabasePerService", "TransactionalOutbox"} <= {
        p["type"] for p in patterns
    }
    migrations = exported["migrations"]
    assert isinstance(migrations, list) and len(migrations) >= 2
    assert any(t.get("fact") and t["fact"].get("grain") for t in tables)


# -- the review --------------------------------------------------------------------------------


def test_check_passes_with_every_suppression_reasoned() -> None:
    result = run_archdocs("check", "models", "--format", "json", "--fail-on", "warning")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert [f for f in report["findings"] if f["severity"] != "info"] == []
    for suppressed in report["suppressed"]:
        assert len(suppressed["reason"]) > 40, suppressed
    # Suppressions are the exception, not the way the example gets to zero.
    assert len(report["suppressed"]) <= 12


def test_order_detail_would_scatter_gather_without_the_shard_key(
    tmp_path: Path, model: Model
) -> None:
    """The showcase pattern: filtering by the order id alone goes to every shard; the declared
    pattern also filters by buyer_id (from the session) and goes to one."""
    copy = tmp_path / "models"
    shutil.copytree(MODELS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    ordering = copy / "marketplace" / "ordering.py"
    source = ordering.read_text(encoding="utf-8")
    declared = 'equals=["buyer_id", "id"], limit=1, per_second=250'
    assert declared in source
    ordering.write_text(source.replace(declared, 'equals=["id"], limit=1, per_second=250'),
                        encoding="utf-8")

    result = run_archdocs("check", str(copy), "--rule", "PRF004", "--format", "json",
                          cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert result.returncode in (0, 1), result.stderr
    assert any("order detail" in f["message"] and "buyer_id" in f["message"] for f in findings)

    as_declared = review(model, only=["PRF004"])
    assert not any("order detail" in f.message
                   for f in (*as_declared.findings, *(s.finding for s in as_declared.suppressed)))


def test_catalog_keeps_its_release_1_schema_for_the_migration_plan(system: System) -> None:
    catalog_db = store(system, "catalog-db")
    assert catalog_db.previous_schema is not None
    old_tables = set(catalog_db.previous_schema.metadata.tables)
    assert "price_history" not in old_tables and "products" in old_tables

    result = run_archdocs("plan", "models", "--datastore", "catalog-db", "--format", "json")
    assert result.returncode == 0, result.stderr
    (plan,) = json.loads(result.stdout)["plans"]
    changes = {(c["kind"], c["table"], c["name"]) for c in plan["changes"]}
    # The declared rename keeps the data instead of a drop and an add.
    assert ("rename-column", "products", "title") in changes
    assert ("add-table", "price_history", None) in changes
    assert plan["probable_renames"] == []


# -- on a real PostgreSQL ----------------------------------------------------------------------

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh, uniquely named PostgreSQL database on this machine, dropped afterwards."""
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT",
                          connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as conn:
            name = f"ad_flagship_{secrets.token_hex(4)}"
            conn.execute(text(f"CREATE DATABASE {name}"))
    except Exception as error:  # noqa: BLE001 - no server here
        admin.dispose()
        pytest.skip(f"no PostgreSQL server on 127.0.0.1:5432 ({type(error).__name__})")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.mark.postgres
def test_every_postgresql_schema_creates_on_a_real_server(system: System, pg_database: str) -> None:
    """Partitioned tables must carry their partition key in every unique key, identity
    columns, partial indexes, CITEXT … the DDL the model describes is valid PostgreSQL."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(pg_database)
    created: dict[str, set[str]] = {}
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS citext"))
        for datastore in system.datastores:
            if datastore.technology.sql_dialect != "postgresql":
                continue
            schema = datastore.name.replace("-", "_")
            with engine.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
                conn.execute(text(f'SET LOCAL search_path TO "{schema}", public'))
                datastore.metadata.create_all(conn)
                created[datastore.name] = set(inspect(conn).get_table_names(schema=schema))
    finally:
        engine.dispose()
    assert len(created) >= 6
    for name, tables in created.items():
        assert tables == {t.name for t in store(system, name).tables}, name


@pytest.mark.postgres
def test_catalog_plan_brings_release_1_to_the_current_schema_keeping_data(
    system: System, pg_database: str
) -> None:
    if shutil.which("psql") is None:
        pytest.skip("the psql client is not installed")
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine, text

    catalog_db = store(system, "catalog-db")
    assert catalog_db.previous_schema is not None
    engine = create_engine(pg_database)
    product_id = uuid.uuid4()
    try:
        with engine.begin() as conn:
            catalog_db.previous_schema.metadata.create_all(conn)
            conn.execute(text(
                "INSERT INTO categories (id, slug, name, path, attribute_schema) "
                "VALUES (1, 'knives', 'Knives', '/1/', '{}')"))
            conn.execute(text(
                "INSERT INTO products (id, seller_id, category_id, name, description) "
                "VALUES (:id, :seller, 1, 'Chef knife', 'Carbon steel')"),
                {"id": product_id, "seller": uuid.uuid4()})
            conn.execute(text(
                "INSERT INTO product_variants (product_id, sku, option_values, price_minor, "
                "currency) VALUES (:id, 'KN-210', '{}', 4900, 'EUR')"), {"id": product_id})

        plan = run_archdocs("plan", "models", "--datastore", "catalog-db", "--format", "sql")
        assert plan.returncode == 0, plan.stderr
        database = pg_database.rsplit("/", 1)[1]
        applied = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres",
             "-d", database, *passed_checkpoints()],
            input=plan.stdout, capture_output=True, text=True, timeout=300,
        )
        assert applied.returncode == 0, applied.stderr

        with engine.connect() as conn:
            # The declared rename kept the data.
            assert conn.execute(text("SELECT title FROM products")).scalar_one() == "Chef knife"
            assert conn.execute(text("SELECT is_active FROM product_variants")).scalar_one()
            context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                           "include_name": not_ledger})
            differences = compare_metadata(context, catalog_db.metadata)
    finally:
        engine.dispose()
    # Everything (tables, columns, types, keys, indexes, constraints, comments) matches the model.
    assert differences == []


def test_the_tour_names_every_context_datastore_and_migration(system: System) -> None:
    """docs/guide/flagship.md is the example's tour: it must keep up with the model."""
    tour = (REPO / "docs" / "guide" / "flagship.md").read_text(encoding="utf-8")
    missing = [c.name for c in system.contexts if f"| {c.name} |" not in tour]
    missing += [d.name for d in system.datastores if f"`{d.name}`" not in tour]
    missing += [m.name for m in system.migrations if m.name not in tour]
    assert missing == []
    suppressed = {s.rule for d in system.datastores for t in d.tables
                  for s in notes_of_table(t.info).suppressions}
    suppressed |= {s.rule for d in system.datastores for t in d.tables for c in t.columns
                   for s in notes_of_column(c.info).suppressions}
    suppressed |= {s.rule for e in system.elements() for s in e.suppressions}
    for rule_id in suppressed:
        assert f"| {rule_id} |" in tour, f"the tour does not explain the {rule_id} suppression"
