"""Shard and partition keys that concentrate load on one node: low-cardinality keys (a status,
a boolean, a country) and monotonically increasing keys under range sharding (every new row
lands on the last shard)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Boolean, Column, Date, DateTime, Enum, Integer, Table, Time

from archdocs.model.datastore import Datastore
from archdocs.model.scaling import ShardStrategy
from archdocs.perf.serving import PARTITION_KEY_TECHNOLOGIES, partition_key, sharding_of

_LOW_CARDINALITY_NAMES = re.compile(
    r"^(status|state|type|kind|category|country|country_code|country_id|region|gender|sex|"
    r"currency|currency_code|language|lang|locale|priority|level|tier|plan|flag|active|"
    r"enabled|deleted|archived|visible|channel)$|^(is|has|can|was)_|_(status|type|flag|kind)$"
)
_TIME_NAMES = re.compile(r"(_at|_on|_date|_time|_ts|timestamp|^created|^updated|^date|^day)$")


@dataclass(frozen=True)
class HotSpot:
    """A shard or partition key at risk of overloading one node, and why."""

    datastore: Datastore
    table: Table
    key: str
    reason: str
    how: str
    """``shard key`` or ``partition key``."""


def low_cardinality_reason(column: Column[object]) -> str | None:
    """Why ``column`` has few distinct values, if it looks like it does."""
    if isinstance(column.type, Boolean):
        return "a boolean has two values"
    if isinstance(column.type, Enum):
        values = list(column.type.enums)
        return f"an enum with {len(values)} values"
    if _LOW_CARDINALITY_NAMES.search(column.name.lower()):
        return f"{column.name!r} looks like a low-cardinality attribute (few distinct values)"
    return None


def monotonic_reason(column: Column[object]) -> str | None:
    """Why new rows get ever-increasing values of ``column``, if they do."""
    if isinstance(column.type, (DateTime, Date, Time)) or _TIME_NAMES.search(column.name.lower()):
        return f"{column.name!r} is a timestamp: all new rows share the newest range"
    if column.primary_key and isinstance(column.type, Integer) and column.autoincrement in (
        True, "auto"
    ) and len(column.table.primary_key.columns) == 1:
        return f"{column.name!r} is an auto-increment key: every insert goes to the last range"
    return None


def hot_spots(datastore: Datastore) -> Iterator[HotSpot]:
    """Every sharded table's key, and every Cassandra/DynamoDB partition key, at risk."""
    for table in datastore.tables:
        sharding = sharding_of(datastore, table)
        if sharding is not None and sharding.key in table.columns:
            column = table.columns[sharding.key]
            reason = low_cardinality_reason(column)
            if reason is None and sharding.strategy is ShardStrategy.RANGE:
                reason = monotonic_reason(column)
            if reason is not None:
                yield HotSpot(datastore, table, sharding.key, reason, "shard key")
            continue
        if datastore.technology.id in PARTITION_KEY_TECHNOLOGIES:
            key = partition_key(datastore, table)
            if key is None or key not in table.columns:
                continue
            column = table.columns[key]
            # Hash partitioning spreads increasing values, but a time-bucket key still puts all
            # of today's writes into one partition.
            time_key = isinstance(column.type, (DateTime, Date)) or bool(
                _TIME_NAMES.search(key.lower())
            )
            reason = low_cardinality_reason(column) or (
                f"{key!r} is a time bucket: all current writes land in one partition"
                if time_key else None
            )
            if reason is not None:
                yield HotSpot(datastore, table, key, reason, "partition key")
