"""Cost of ``archdocs plan`` on a large schema, next to its floor: alembic's
``compare_metadata`` for the same schema (MEASURED.md: 2.2 s on MusicBrainz's 512 tables).

A synthetic schema of 512 tables (12 columns, 2 indexes, a foreign key each) is changed in
every 10th table (a column added NOT NULL, a type changed, an index added, a column renamed
by declaration). archdocs diffs the two ``MetaData``, plans and renders the SQL script, with no
database. The floor is alembic comparing the new model with a real PostgreSQL database holding
the old schema, measured in the same run (skipped without a server).

Run: .venv/bin/python benchmarks/plan_speed.py
"""

from __future__ import annotations

import secrets
import statistics
import time

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    create_engine,
    text,
)

from archdocs.migrate import DialectName, diff_metadata, plan_diff
from archdocs.migrate.output.sql import render_sql
from archdocs.model import column_notes

TABLES = 512


def schema(changed: bool) -> MetaData:
    metadata = MetaData()
    for n in range(TABLES):
        mutate = changed and n % 10 == 0
        columns = [
            Column("id", Integer, primary_key=True, autoincrement=False),
            Column("parent_id", Integer, ForeignKey(f"t{max(n - 1, 0):03d}.id")),
            Column("amount", BigInteger if mutate else Integer),
            Column("label_new" if mutate else "label", String(80),
                   info=column_notes(renamed_from="label") if mutate else {}),
            Column("price", Numeric(10, 2)),
            *[Column(f"c{i}", String(40)) for i in range(7)],
        ]
        if mutate:
            columns.append(Column("added", String(10), nullable=False, default="x"))
        table = Table(f"t{n:03d}", metadata, *columns)
        Index(f"ix_t{n:03d}_parent", table.c.parent_id)
        Index(f"ix_t{n:03d}_price", table.c.price)
        if mutate:
            Index(f"ix_t{n:03d}_c0", table.c.c0)
    return metadata


def archdocs_seconds(old: MetaData, new: MetaData) -> tuple[float, int]:
    started = time.perf_counter()
    plan = plan_diff(diff_metadata(old, new, DialectName.POSTGRESQL), DialectName.POSTGRESQL)
    render_sql(plan)
    return time.perf_counter() - started, len(plan.steps)


def alembic_seconds(old: MetaData, new: MetaData) -> float | None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    name = f"ad_migrate_bench_{secrets.token_hex(4)}"
    admin = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test",
                          isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
    except Exception:  # noqa: BLE001 - no server: no floor
        return None
    engine = create_engine(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
    try:
        old.create_all(engine)
        started = time.perf_counter()
        with engine.connect() as conn:
            compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), new)
        return time.perf_counter() - started
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def main() -> None:
    old, new = schema(False), schema(True)
    runs = [archdocs_seconds(old, new) for _ in range(3)]
    ours = statistics.median(seconds for seconds, _ in runs)
    floor = alembic_seconds(old, new)
    print(f"{TABLES} tables, {TABLES // 10} changed: archdocs diff + plan + SQL "
          f"{ours:.2f} s (median of 3), {runs[0][1]} steps")
    if floor is None:
        print("floor: no PostgreSQL server, alembic compare_metadata not measured")
    else:
        print(f"floor: alembic compare_metadata against PostgreSQL {floor:.2f} s; "
              f"ratio {ours / floor:.2f}")


if __name__ == "__main__":
    main()
