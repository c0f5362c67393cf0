"""archdocs' size estimate against real storage.

Creates an ``orders`` table on the real PostgreSQL and the real MariaDB (each in its own,
uniquely named database, dropped afterwards), inserts a known number of realistic rows, and
compares archdocs' estimate with ``pg_total_relation_size`` and with information_schema's
``data_length + index_length`` after ``ANALYZE TABLE``. Prints one line per server:

    .venv/bin/python benchmarks/size_estimate.py [--rows 100000]

The tests in ``tests/perf/test_size_estimate_real.py`` run the same measurement and assert
that the estimate is within a factor of 1.5 of the real size.
"""

from __future__ import annotations

import argparse
import random
import secrets
import string
import sys
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    Uuid,
    create_engine,
    text,
)

from archdocs import tech
from archdocs.perf.estimate import estimate_table

POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
MARIADB_ADMIN = "mysql+pymysql://root@127.0.0.1:3306/test"


def orders_table() -> Table:
    """The measured table: an order header as a shop would keep it."""
    metadata = MetaData()
    table = Table(
        "orders", metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("customer_id", Integer, nullable=False),
        Column("email", String(255), nullable=False),
        Column("status", String(20), nullable=False),
        Column("country_code", String(2), nullable=False),
        Column("total", Numeric(12, 2), nullable=False),
        Column("created_at", DateTime, nullable=False),
        Column("note", Text, nullable=True),
    )
    Index("ix_orders_customer_id_created_at", table.c.customer_id, table.c.created_at.desc())
    Index("ix_orders_email", table.c.email)
    return table


def customers_table() -> Table:
    """A second shape: a customer record with a UUID, dates, a boolean and optional columns."""
    metadata = MetaData()
    table = Table(
        "customers", metadata,
        Column("id", Integer, Identity(), primary_key=True),
        Column("public_id", Uuid, nullable=False),
        Column("first_name", String(50), nullable=False),
        Column("last_name", String(50), nullable=False),
        Column("email", String(255), nullable=False, unique=True),
        Column("phone", String(30), nullable=True),
        Column("birth_date", Date, nullable=True),
        Column("is_active", Boolean, nullable=False),
        Column("created_at", DateTime, nullable=False),
        Column("updated_at", DateTime, nullable=True),
    )
    Index("ix_customers_last_name_first_name", table.c.last_name, table.c.first_name)
    return table


def customer_rows(count: int, seed: int = 11) -> list[dict[str, object]]:
    """``count`` deterministic, realistic customers."""
    rng = random.Random(seed)
    start = datetime(2020, 1, 1)
    rows = []
    for number in range(count):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        created = start + timedelta(minutes=number * 7)
        rows.append({
            "public_id": uuid.UUID(int=rng.getrandbits(128), version=4),
            "first_name": first.title(),
            "last_name": last.title(),
            "email": f"{first}.{last}.{number}@{rng.choice(_DOMAINS)}",
            "phone": f"+49 {rng.randint(150, 179)} {rng.randint(1_000_000, 9_999_999)}"
                     if rng.random() < 0.6 else None,
            "birth_date": date(1950, 1, 1) + timedelta(days=rng.randint(0, 20_000))
                          if rng.random() < 0.5 else None,
            "is_active": rng.random() < 0.9,
            "created_at": created,
            "updated_at": created + timedelta(days=rng.randint(1, 400))
                          if rng.random() < 0.3 else None,
        })
    return rows


_FIRST = ["anna", "ben", "carla", "dieter", "eva", "felix", "greta", "hannah", "ivan", "julia",
          "karl", "lena", "mohammed", "nina", "oskar", "paula", "quentin", "rosa", "sven", "tina"]
_LAST = ["mueller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker",
         "schulz", "hoffmann", "koch", "richter", "klein", "wolf", "neumann", "schwarz"]
_DOMAINS = ["example.com", "mail.de", "posteo.net", "gmail.com", "web.de", "outlook.com"]
_STATUS = ["placed"] * 2 + ["paid"] * 3 + ["shipped"] * 8 + ["delivered"] * 30 + ["cancelled"]
_COUNTRIES = ["DE", "DE", "DE", "AT", "CH", "FR", "NL", "PL", "IT", "ES"]
_NOTES = ["leave at the door", "gift wrap please", "call before delivery", "ring twice",
          "deliver to neighbour if absent", "fragile"]


def realistic_rows(count: int, seed: int = 7) -> list[dict[str, object]]:
    """``count`` deterministic, realistic orders (ids are generated by the database)."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1)
    rows = []
    for number in range(count):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        suffix = "".join(rng.choices(string.digits, k=rng.randint(0, 3)))
        rows.append({
            "customer_id": rng.randint(1, count // 4 + 1),
            "email": f"{first}.{last}{suffix}@{rng.choice(_DOMAINS)}",
            "status": rng.choice(_STATUS),
            "country_code": rng.choice(_COUNTRIES),
            "total": Decimal(rng.randint(499, 49_999)) / 100,
            "created_at": start + timedelta(seconds=number * 30 + rng.randint(0, 29)),
            "note": rng.choice(_NOTES) if rng.random() < 0.2 else None,
        })
    return rows


WORKLOADS = {"orders": (orders_table, realistic_rows), "customers": (customers_table, customer_rows)}
"""Table shapes measured: ``orders`` is the one the tests hold to a factor of 1.5."""


@dataclass(frozen=True)
class Measurement:
    server: str
    table: str
    rows: int
    estimated_bytes: float
    actual_bytes: int
    estimated_table: float
    actual_table: int
    estimated_indexes: float
    actual_indexes: int

    @property
    def ratio(self) -> float:
        """Estimate divided by the real size (1.0 is perfect)."""
        return self.estimated_bytes / self.actual_bytes

    def line(self) -> str:
        mb = 1024 * 1024
        return (
            f"{self.server} {self.table}: {self.rows:,} rows  estimate {self.estimated_bytes / mb:.1f} MB "
            f"(table {self.estimated_table / mb:.1f}, indexes {self.estimated_indexes / mb:.1f})"
            f"  real {self.actual_bytes / mb:.1f} MB (table {self.actual_table / mb:.1f}, "
            f"indexes {self.actual_indexes / mb:.1f})  ratio {self.ratio:.2f}"
        )


def _insert(engine_url: str, table: Table, rows: list[dict[str, object]]) -> None:
    engine = create_engine(engine_url)
    try:
        table.metadata.create_all(engine)
        with engine.begin() as connection:
            for start in range(0, len(rows), 5000):
                connection.execute(table.insert(), rows[start:start + 5000])
    finally:
        engine.dispose()


def measure_postgres(rows: int, workload: str = "orders",
                     admin_url: str = POSTGRES_ADMIN) -> Measurement:
    """Insert ``rows`` rows of ``workload`` into a fresh PostgreSQL database and compare the
    sizes."""
    make_table, make_rows = WORKLOADS[workload]
    table = make_table()
    name = f"ad_perf_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = admin_url.rsplit("/", 1)[0] + f"/{name}"
        _insert(url, table, make_rows(rows))
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(f"VACUUM ANALYZE {table.name}"))
                total, table_size, index_size = connection.execute(text(
                    "SELECT pg_total_relation_size(:t), pg_table_size(:t), pg_indexes_size(:t)"
                ), {"t": table.name}).one()
        finally:
            engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    estimate = estimate_table(tech.PostgreSQL("15"), table)
    return Measurement("PostgreSQL", table.name, rows, estimate.total_bytes(rows), int(total),
                       estimate.table_bytes(rows), int(table_size),
                       estimate.index_bytes(rows), int(index_size))


def measure_mariadb(rows: int, workload: str = "orders",
                    admin_url: str = MARIADB_ADMIN) -> Measurement:
    """Insert ``rows`` rows of ``workload`` into a fresh MariaDB database and compare the
    sizes."""
    make_table, make_rows = WORKLOADS[workload]
    table = make_table()
    name = f"ad_perf_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE `{name}`"))
        url = admin_url.rsplit("/", 1)[0] + f"/{name}?charset=utf8mb4"
        _insert(url, table, make_rows(rows))
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(f"ANALYZE TABLE {table.name}")).all()
                data, index = connection.execute(text(
                    "SELECT data_length, index_length FROM information_schema.tables "
                    "WHERE table_schema = :schema AND table_name = :t"
                ), {"schema": name, "t": table.name}).one()
        finally:
            engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        admin.dispose()
    estimate = estimate_table(tech.MariaDB("10.11"), table)
    return Measurement("MariaDB", table.name, rows, estimate.total_bytes(rows), int(data) + int(index),
                       estimate.table_bytes(rows), int(data),
                       estimate.index_bytes(rows), int(index))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workload", choices=sorted(WORKLOADS), action="append",
                        help="table shape to measure (repeatable; default: all)")
    args = parser.parse_args(argv)
    for workload in args.workload or sorted(WORKLOADS, reverse=True):
        for measure in (measure_postgres, measure_mariadb):
            try:
                print(measure(args.rows, workload).line(), flush=True)
            except Exception as error:  # a server that is not running: say so, go on
                print(f"{measure.__name__} {workload}: skipped ({type(error).__name__}: "
                      f"{error})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
