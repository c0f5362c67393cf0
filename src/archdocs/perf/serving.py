"""How each declared access pattern is served: by which index or key, or by a full scan, a
scatter-gather over every shard, a visit of every partition, or not at all ("needs key").

The review rules and the site's access-pattern tables both read :func:`assess`, so a page never
says something the review does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy import Table

from archdocs.model.datastore import Datastore
from archdocs.model.notes import AccessPattern, Operation
from archdocs.model.scaling import (
    Partitioning,
    PartitionStrategy,
    Sharding,
    ShardStrategy,
    table_matches,
)
from archdocs.model.technology import Capability, Kind
from archdocs.perf.indexes import (
    IndexInfo,
    KeyPart,
    needs_index,
    parse_order,
    serves,
    table_indexes,
    used_by,
)

KEY_LOOKUP_KINDS = frozenset({Kind.KEY_VALUE, Kind.DOCUMENT, Kind.WIDE_COLUMN})
"""Stores where a pattern is served by the primary key or a declared secondary index, or not
at all (there is no planner that falls back to a cheap scan)."""

PARTITION_KEY_TECHNOLOGIES = frozenset({"cassandra", "dynamodb"})
"""Stores that route every query by its partition key and refuse (Cassandra, without ALLOW
FILTERING) or scan (DynamoDB) a query without it."""


class Status(StrEnum):
    """How a pattern is served, as shown in the access-pattern table."""

    INDEX = "index"
    FULL_SCAN = "full scan"
    NEEDS_KEY = "needs key"
    NO_FULL_TEXT = "no full-text search"
    NATIVE = "native"
    """Served by what the store is built for (an inverted index, a time index, a log)."""
    NO_LOOKUP = "no lookup"
    """An insert or a read of everything: nothing to index."""
    UNKNOWN_TABLE = "unknown table"


class Spread(StrEnum):
    """How many shards or partitions a pattern touches."""

    ONE = "one"
    SCATTER_GATHER = "scatter-gather"
    ALL_PARTITIONS = "all partitions"


@dataclass(frozen=True)
class Assessment:
    """The verdict on one access pattern of one datastore."""

    pattern: AccessPattern
    table: Table | None
    status: Status
    index: IndexInfo | None = None
    spread: Spread = Spread.ONE
    sharding: Sharding | None = None
    partitioning: Partitioning | None = None
    partition_key: str | None = None
    """For Cassandra and DynamoDB: the partition key the pattern lacks, if it lacks it."""
    unknown_columns: tuple[str, ...] = ()
    partial: IndexInfo | None = None
    """For a full scan: an index whose leading column the pattern filters on. The database
    narrows the rows by it and filters or sorts the rest: served in part, not by a scan of the
    whole table."""

    @property
    def verdict(self) -> str:
        """One short phrase for a table cell: the index name, ``full scan``, ``scatter-gather``
        or ``needs key`` …"""
        if self.status is Status.UNKNOWN_TABLE:
            return "unknown table"
        if self.unknown_columns:
            return "unknown column " + ", ".join(self.unknown_columns)
        if self.spread is Spread.SCATTER_GATHER:
            return "scatter-gather"
        if self.spread is Spread.ALL_PARTITIONS:
            return "all partitions"
        if self.status is Status.INDEX and self.index is not None:
            return self.index.label()
        if self.partial is not None:
            return f"partly by {self.partial.label()}"
        return self.status.value


def patterns_with_tables(datastore: Datastore) -> list[tuple[AccessPattern, Table | None]]:
    """Every access pattern of ``datastore`` (datastore- and table-level) with its table."""
    found = []
    for pattern in datastore.all_access_patterns():
        table = datastore.table(pattern.table) if pattern.table else None
        found.append((pattern, table))
    return found


def assess_all(datastore: Datastore) -> Iterator[Assessment]:
    for pattern, table in patterns_with_tables(datastore):
        yield assess(datastore, pattern, table)


def pattern_columns(pattern: AccessPattern) -> list[str]:
    """Every column a pattern names, in the order it names them."""
    columns = [*pattern.equals]
    if pattern.range:
        columns.append(pattern.range)
    columns.extend(parse_order(entry).column for entry in pattern.order_by)
    columns.extend(pattern.select)
    return list(dict.fromkeys(columns))


def sharding_of(datastore: Datastore, table: Table) -> Sharding | None:
    """The sharding that spreads ``table`` across nodes, if one does."""
    for sharding in datastore.scaling.sharding:
        if any(table_matches(name, table.fullname) for name in sharding.reference_tables):
            continue
        if not sharding.tables or any(table_matches(n, table.fullname) for n in sharding.tables):
            return sharding
    return None


def partition_key(datastore: Datastore, table: Table) -> str | None:
    """The key a Cassandra or DynamoDB table is routed by: the declared shard key, else the
    first primary-key column (Cassandra's partition key, DynamoDB's hash key)."""
    if datastore.technology.id not in PARTITION_KEY_TECHNOLOGIES:
        return None
    sharding = sharding_of(datastore, table)
    if sharding is not None:
        return sharding.key
    pk = list(table.primary_key.columns)
    return pk[0].name if pk else None


CLUSTERED_KEY_TECHNOLOGIES = frozenset({"sqlserver", "mysql", "mariadb"})
"""Stores whose tables are clustered on the primary key (SQL Server by default, InnoDB always),
so every other non-unique index carries the primary key's columns at the end of its key: an
index on ``(buyer_id)`` is really ``(buyer_id, id)``, sorted by ``id`` within one buyer."""


def usable_indexes(datastore: Datastore, table: Table) -> list[IndexInfo]:
    """The indexes a store can use: all of them, or only the primary key for key-value stores
    without secondary indexes (Redis, Memcached). On stores clustered by the primary key, a
    non-unique index's key ends with the primary key's columns."""
    indexes = table_indexes(table, datastore.technology.sql_dialect)
    if datastore.technology.kind in KEY_LOOKUP_KINDS and not datastore.has(
        Capability.SECONDARY_INDEXES
    ):
        return [index for index in indexes if index.kind == "primary key"]
    clustered = clustered_key(datastore, table)
    if clustered:
        indexes = [_with_clustered_key(index, clustered) for index in indexes]
    return indexes


def clustered_key(datastore: Datastore, table: Table) -> tuple[str, ...]:
    """The columns the table is clustered by, where every secondary index carries them: the
    primary key on SQL Server (unless declared ``mssql_clustered=False``), MySQL and MariaDB."""
    if datastore.technology.id not in CLUSTERED_KEY_TECHNOLOGIES:
        return ()
    primary = table.primary_key
    if datastore.technology.id == "sqlserver" and \
            primary.dialect_options["mssql"].get("clustered") is False:
        return ()
    return tuple(column.name for column in primary.columns)


def _with_clustered_key(index: IndexInfo, clustered: tuple[str, ...]) -> IndexInfo:
    if index.kind == "primary key" or index.unique or index.full_text or not index.complete:
        return index  # a unique key is unique on its own: the row locator is not part of it
    extra = tuple(KeyPart(c) for c in clustered if c not in index.columns)
    if not extra:
        return index
    return replace(index, parts=index.parts + extra, declared=len(index.parts))


def assess(datastore: Datastore, pattern: AccessPattern, table: Table | None) -> Assessment:
    """How ``datastore`` serves ``pattern`` on ``table``."""
    if table is None:
        return Assessment(pattern, None, Status.UNKNOWN_TABLE)
    unknown = tuple(c for c in pattern_columns(pattern) if c not in table.columns)
    if unknown:
        return Assessment(pattern, table, Status.UNKNOWN_TABLE, unknown_columns=unknown)
    status, index = _local_service(datastore, pattern, table)
    spread, sharding, partitioning = _spread(datastore, pattern, table)
    lacking = None
    key = partition_key(datastore, table)
    if key is not None and needs_index(pattern) and key not in pattern.equals and index is None:
        lacking = key
    partial = None
    if status is Status.FULL_SCAN:
        partial = next((i for i in usable_indexes(datastore, table) if used_by(i, pattern)), None)
    return Assessment(pattern, table, status, index, spread, sharding, partitioning, lacking,
                      partial=partial)


def _local_service(
    datastore: Datastore, pattern: AccessPattern, table: Table
) -> tuple[Status, IndexInfo | None]:
    kind = datastore.technology.kind
    if pattern.text_search and not datastore.has(Capability.FULL_TEXT_SEARCH):
        return Status.NO_FULL_TEXT, None
    if not needs_index(pattern):
        return Status.NO_LOOKUP, None
    if kind in (Kind.SEARCH, Kind.EVENT_LOG, Kind.OBJECT) or (
        kind is Kind.TIME_SERIES and datastore.technology.sql_dialect is None
    ):
        return Status.NATIVE, None
    for index in usable_indexes(datastore, table):
        if serves(index, pattern):
            return Status.INDEX, index
    if kind in KEY_LOOKUP_KINDS:
        return Status.NEEDS_KEY, None
    return Status.FULL_SCAN, None


def _spread(
    datastore: Datastore, pattern: AccessPattern, table: Table
) -> tuple[Spread, Sharding | None, Partitioning | None]:
    sharding = sharding_of(datastore, table)
    partitioning = datastore.scaling.partitioning_of(table.fullname)
    if sharding is not None and sharding.shards > 1 and not _routes(
        pattern, sharding.key, range_prunes=sharding.strategy is ShardStrategy.RANGE
    ):
        return Spread.SCATTER_GATHER, sharding, partitioning
    if partitioning is not None and not _routes(
        pattern, partitioning.key,
        range_prunes=partitioning.strategy is PartitionStrategy.RANGE,
    ):
        return Spread.ALL_PARTITIONS, sharding, partitioning
    return Spread.ONE, sharding, partitioning


def _routes(pattern: AccessPattern, key: str, *, range_prunes: bool) -> bool:
    """Whether the pattern lets the store pick the shard or partition from ``key``."""
    if not needs_index(pattern) and pattern.operation is Operation.WRITE:
        return True  # an insert carries every column, the key included
    if key in pattern.equals:
        return True
    return range_prunes and pattern.range == key


def is_relational(datastore: Datastore) -> bool:
    """Whether the store has a SQL planner and B-tree indexes (PostgreSQL, MySQL, TimescaleDB …)."""
    return datastore.technology.sql_dialect is not None


TINY_TABLE_ROWS = 1_000
"""A table that stays below this many rows is read in a page or two: scans cost nothing."""


def is_tiny(datastore: Datastore, table: Table) -> bool:
    """Whether the declared volume says ``table`` stays tiny (no growth declared)."""
    volume = datastore.volume_of(table)
    return (
        volume is not None and volume.rows is not None and volume.rows < TINY_TABLE_ROWS
        and not volume.rows_per_day
    )
