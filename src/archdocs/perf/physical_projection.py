"""Projections of non-relational structures, each from its own figures:

- a **topic** keeps what arrives during its retention, on every replica:
  messages per day × message size × retention days × replication factor (a size limit per
  partition caps it at size × partitions × replication factor);
- a **key pattern** (cache) holds its live keys, bounded by its TTL (``count``, or writes per
  day × TTL) and by the memory of the store's nodes;
- a **search index** derived from a table holds ``documents_per_source_row`` documents per row
  of its source, growing as the source grows, on every copy (primary + replicas);
- a **collection** holds its documents plus what arrives per day;
- a **hypertable** keeps rows per day × retention, compressed after ``compress_after``.

Distributed technologies (Kafka, Elasticsearch, MongoDB, Cassandra ...) are judged per node:
the cluster's budget is the per-node budget times its declared ``nodes``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from archdocs.model.datastore import Datastore
from archdocs.model.physical import (
    Collection,
    Hypertable,
    KeyPattern,
    Retention,
    SearchIndex,
    Structure,
    Topic,
)
from archdocs.model.scaling import Volume
from archdocs.model.system import System

KEY_OVERHEAD_BYTES = 64
"""Per-key bookkeeping of an in-memory store (Redis: dict entry, robj, expiry), roughly."""
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class StructurePoint:
    years: float
    rows: float
    bytes: float
    writes_per_second: float


@dataclass(frozen=True)
class StructureProjection:
    """The projected size of one structure. Duck-types with the table projections: it has
    ``point``, ``rows_at``, ``writes_at`` and a ``volume`` of ``None``."""

    structure: Structure
    basis: str
    """How it is computed, in words, with the declared figures."""
    rows_fn: Callable[[float], float] = field(compare=False)
    bytes_per_row: float = 0.0
    """Bytes stored per row, counting every copy kept."""
    peak_writes_now: float = 0.0
    growth_per_year: float = 0.0
    cap_bytes: float | None = None
    """An upper bound (memory of an in-memory store)."""
    volume: Volume | None = None

    def rows_at(self, years: float) -> float:
        return self.rows_fn(years)

    def bytes_at(self, years: float) -> float:
        value = self.rows_at(years) * self.bytes_per_row
        return min(value, self.cap_bytes) if self.cap_bytes is not None else value

    def writes_at(self, years: float) -> float:
        return float(self.peak_writes_now * (1 + self.growth_per_year) ** years)

    def point(self, years: float) -> StructurePoint:
        return StructurePoint(years, self.rows_at(years), self.bytes_at(years),
                              self.writes_at(years))


def _grown(value: float, growth: float, years: float) -> float:
    return float(value * (1 + growth) ** years)


def _arrived(daily: float, growth: float, years: float) -> float:
    """What arrives in ``years`` at ``daily`` now, the rate growing by ``growth`` a year
    (continuously compounded, as the table projections do)."""
    if years <= 0 or not daily:
        return 0.0
    rate = math.log1p(growth) if growth > -1 else 0.0
    if abs(rate) < 1e-12:
        return DAYS_PER_YEAR * daily * years
    return DAYS_PER_YEAR * daily * (math.exp(rate * years) - 1) / rate


def project_structures(
    system: System, datastore: Datastore, source_rows: Callable[[str, float], float | None],
) -> list[StructureProjection]:
    """Projections of ``datastore``'s structures. ``source_rows(name, years)`` answers the
    projected rows of a table ``datastore.table`` elsewhere in the system (for derived
    indexes)."""
    found: list[StructureProjection] = []
    for structure in datastore.structures:
        projection = _project(datastore, structure, source_rows)
        if projection is not None:
            found.append(projection)
    return found


def _project(datastore: Datastore, structure: Structure,
             source_rows: Callable[[str, float], float | None]) -> StructureProjection | None:
    if isinstance(structure, Topic):
        return _topic(structure)
    if isinstance(structure, KeyPattern):
        return _keys(datastore, structure)
    if isinstance(structure, SearchIndex):
        return _index(structure, source_rows)
    if isinstance(structure, Collection):
        return _collection(structure)
    if isinstance(structure, Hypertable) and datastore.table(structure.name) is None:
        return _hypertable(structure)
    return None


def _topic(topic: Topic) -> StructureProjection | None:
    if topic.messages_per_day is None or topic.message_bytes is None:
        return None
    retention = topic.retained
    days = retention.period.total_seconds() / 86400 if retention.period else None
    per_day, size, rf = topic.messages_per_day, topic.message_bytes, topic.replication_factor
    cap = None
    if retention.bytes is not None:
        cap = float(retention.bytes * topic.partitions * rf)
    if days is None:
        basis = (f"compacted or kept forever: {per_day:,.0f} messages a day × {size:,} B × "
                 f"replication factor {rf}, accumulating")

        def rows(years: float) -> float:
            return _arrived(per_day, topic.growth_per_year, years) or per_day
    else:
        basis = (f"{per_day:,.0f} messages a day × {size:,} B × {days:g} days retention × "
                 f"replication factor {rf}")

        def rows(years: float) -> float:
            return _grown(per_day, topic.growth_per_year, years) * days
    if cap is not None:
        basis += f", at most {retention} ({cap / 1e9:,.1f} GB with every replica)"
    return StructureProjection(topic, basis, rows, float(size * rf),
                               float(topic.peak_per_second or per_day / 86400 * 3),
                               topic.growth_per_year, cap)


def _keys(datastore: Datastore, key: KeyPattern) -> StructureProjection | None:
    count = key.expected_count
    if count is None or key.value_bytes is None:
        return None
    per_key = key.value_bytes + len(key.name) + KEY_OVERHEAD_BYTES
    memory = datastore.memory_bytes
    cap = float(memory) if memory is not None else None
    ttl = key.ttl_period
    basis = (f"{count:,.0f} live keys × ({key.value_bytes:,} B value + key and "
             f"{KEY_OVERHEAD_BYTES} B overhead)")
    if ttl is not None:
        basis += ", steady under its TTL"
    if cap is not None:
        basis += f", bounded by the node's {datastore.memory} of memory"
    writes = key.writes_per_day / 86400 * 3 if key.writes_per_day else 0.0
    return StructureProjection(key, basis, lambda years: float(count), float(per_key),
                               writes, 0.0, cap)


def _index(index: SearchIndex, source_rows: Callable[[str, float], float | None],
           ) -> StructureProjection | None:
    if index.document_bytes is None:
        return None
    copies = index.copies
    if index.documents is not None:
        documents = float(index.documents)
        basis = (f"{documents:,.0f} documents × {index.document_bytes:,} B × {copies} copies "
                 f"(primary + {index.replicas} replica{'s' if index.replicas != 1 else ''})")
        return StructureProjection(index, basis, lambda years: documents,
                                   float(index.document_bytes * copies))
    source = index.source or ""
    if source_rows(source, 0) is None:
        return None
    ratio = index.documents_per_source_row
    basis = (f"rows of {source} × {ratio:g} documents per row × {index.document_bytes:,} B × "
             f"{copies} copies (primary + {index.replicas} replica"
             f"{'s' if index.replicas != 1 else ''}): derived, so it grows with its source")

    def rows(years: float) -> float:
        return (source_rows(source, years) or 0.0) * ratio

    return StructureProjection(index, basis, rows, float(index.document_bytes * copies))


def _collection(collection: Collection) -> StructureProjection | None:
    if collection.documents is None or collection.document_bytes is None:
        return None
    start, daily = float(collection.documents), float(collection.documents_per_day or 0)
    growth = collection.growth_per_year
    basis = f"{start:,.0f} documents × {collection.document_bytes:,} B"
    if daily:
        basis += f", + {daily:,.0f} a day"
    if collection.ttl is not None:
        basis += ", steady under its TTL index"
        daily = 0.0
    return StructureProjection(collection, basis,
                               lambda years: start + _arrived(daily, growth, years),
                               float(collection.document_bytes))


def _hypertable(table: Hypertable) -> StructureProjection | None:
    if table.rows_per_day is None or table.row_bytes is None:
        return None
    retention = table.retention if isinstance(table.retention, Retention) else Retention()
    days = retention.period.total_seconds() / 86400 if retention.period else None
    per_day = table.rows_per_day
    ratio = table.compression_ratio or 1.0
    after = None
    if table.compress_after is not None:
        from archdocs.model.physical import parse_period
        after = parse_period(table.compress_after, what="compress_after").total_seconds() / 86400
    basis = f"{per_day:,.0f} rows a day × {table.row_bytes:,} B"
    if days is not None:
        basis += f" × {days:g} days retention"
    if after is not None and ratio > 1:
        basis += f", compressed {ratio:g}× after {after:g} days"

    def rows(years: float) -> float:
        return per_day * (days if days is not None else max(years * DAYS_PER_YEAR, 1))

    effective = float(table.row_bytes)
    if after is not None and days is not None and ratio > 1:
        hot = min(after, days) / days
        effective = table.row_bytes * (hot + (1 - hot) / ratio)
    return StructureProjection(table, basis, rows, effective)
