"""How a datastore scales: replication, partitioning, sharding, expected volume and budgets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from archdocs.model.location import SourceLocation, caller_location
from archdocs.model.validate import check_fields


class ReplicationMode(StrEnum):
    SYNC = "sync"
    ASYNC = "async"
    SEMI_SYNC = "semi-sync"


@dataclass(frozen=True)
class Replication:
    """Copies of the whole store. ``replicas`` counts copies besides the primary."""

    replicas: int = 1
    mode: ReplicationMode = ReplicationMode.ASYNC
    regions: Sequence[str] = ()
    readable: bool = True
    """Whether replicas serve reads (read scaling) or only stand by (high availability)."""

    def __post_init__(self) -> None:
        check_fields(self, caller_location())


class PartitionStrategy(StrEnum):
    RANGE = "range"
    LIST = "list"
    HASH = "hash"


@dataclass(frozen=True)
class Partitioning:
    """Splitting one table inside one node, usually by time, so old data can be dropped cheaply."""

    table: str
    key: str
    strategy: PartitionStrategy = PartitionStrategy.RANGE
    interval: str | None = None
    """For range partitions on time: ``"1 month"``, ``"1 day"`` …"""
    retention: str | None = None
    """How long partitions are kept, for example ``"13 months"``; ``None`` keeps them forever."""
    declared_at: SourceLocation = field(default_factory=caller_location, compare=False)

    def __post_init__(self) -> None:
        check_fields(self)


class ShardStrategy(StrEnum):
    HASH = "hash"
    RANGE = "range"
    DIRECTORY = "directory"
    GEO = "geo"


@dataclass(frozen=True)
class Sharding:
    """Spreading tables across nodes by a key column.

    ``tables`` lists the sharded tables; empty means every table of the datastore except the
    ``reference_tables``, which are copied to every shard (small lookup tables).
    """

    key: str
    shards: int
    strategy: ShardStrategy = ShardStrategy.HASH
    tables: Sequence[str] = ()
    reference_tables: Sequence[str] = ()
    declared_at: SourceLocation = field(default_factory=caller_location, compare=False)

    def __post_init__(self) -> None:
        check_fields(self)


@dataclass(frozen=True)
class Scaling:
    """The scalability path declared for a datastore. Everything is optional: start simple."""

    replication: Replication | None = None
    partitioning: Sequence[Partitioning] = ()
    sharding: Sequence[Sharding] = ()

    def __post_init__(self) -> None:
        check_fields(self, caller_location())

    def partitioning_of(self, table: str) -> Partitioning | None:
        """The partitioning declared for ``table`` (by name or schema-qualified name)."""
        for partitioning in self.partitioning:
            if table_matches(partitioning.table, table):
                return partitioning
        return None


@dataclass(frozen=True)
class Volume:
    """Expected size of one table. Give what you know; estimates use what is there.

    ``rows_per_day`` is net growth: rows added minus rows deleted or archived. A table that
    stays at a steady size (a queue, an outbox that is pruned) declares ``rows`` and
    ``peak_writes_per_second`` without ``rows_per_day``. ``growth_per_year`` multiplies
    ``rows_per_day`` each year (0.5 means +50 % a year).
    """

    rows: int | None = None
    """Rows today."""
    rows_per_day: float | None = None
    row_bytes: int | None = None
    """Average row size, if measured; otherwise archdocs estimates it from the column types."""
    growth_per_year: float = 0.0
    peak_writes_per_second: float | None = None

    def __post_init__(self) -> None:
        check_fields(self, caller_location())


def table_matches(declared: str, table: str) -> bool:
    """Whether a table name written in the model (``orders`` or ``sales.orders``) names ``table``.

    An unqualified name matches the table of that name in any schema.
    """
    if declared == table:
        return True
    return "." not in declared and table.rsplit(".", 1)[-1] == declared
