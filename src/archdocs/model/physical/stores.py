"""Non-relational stores in their own terms: key-value key patterns, document collections,
search indexes, wide-column / DynamoDB tables and time-series hypertables.

Each is declared in a datastore's ``structures`` and checked when it is built: a shard key must
be a field of the document, a sort key needs a partition key, a projection needs a source.
"""

from __future__ import annotations

import enum
import string
from collections.abc import Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import timedelta
from typing import Any, ClassVar

from archdocs.model.physical.common import (
    Structure,
    format_period,
    parse_period,
    positive,
)
from archdocs.model.physical.messaging import Retention, as_retention

# -- key-value ----------------------------------------------------------------------------------


class EvictionPolicy(enum.StrEnum):
    """Redis ``maxmemory-policy`` (and the equivalents of other caches)."""

    NOEVICTION = "noeviction"
    ALLKEYS_LRU = "allkeys-lru"
    ALLKEYS_LFU = "allkeys-lfu"
    VOLATILE_LRU = "volatile-lru"
    VOLATILE_LFU = "volatile-lfu"
    VOLATILE_TTL = "volatile-ttl"
    ALLKEYS_RANDOM = "allkeys-random"
    VOLATILE_RANDOM = "volatile-random"


class ValueType(enum.StrEnum):
    STRING = "string"
    HASH = "hash"
    LIST = "list"
    SET = "set"
    SORTED_SET = "sorted-set"
    STREAM = "stream"
    JSON = "json"
    BITMAP = "bitmap"
    HYPERLOGLOG = "hyperloglog"


@dataclass(eq=False, repr=False)
class KeyPattern(Structure):
    """A family of keys in a key-value store, for example
    ``KeyPattern("cart:{buyer_id}", ValueType.HASH, ttl="30d", count=2_000_000)``.

    ``name`` is the key template; ``{field}`` placeholders are its variable parts. ``count``
    is the expected number of live keys; with ``value_bytes`` it sizes the memory the pattern
    needs. ``filled_by`` names what writes the keys when it is not a flow in the model.
    """

    KIND: ClassVar[str] = "key"
    TITLE: ClassVar[str] = "Key pattern"

    type: ValueType = ValueType.STRING
    _: KW_ONLY
    ttl: str | timedelta | None = None
    count: int | None = None
    value_bytes: int | None = None
    writes_per_day: float | None = None
    """New keys per day; with ``ttl`` bounds ``count`` at writes per day × TTL days."""
    fields: Sequence[str] = ()
    """For hashes and JSON values: the fields each value holds."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.fields = tuple(self.fields)
        try:
            parsed = list(string.Formatter().parse(self.name))
        except ValueError as exc:
            raise self.fail(f"the key template is malformed ({exc})",
                            "write placeholders as {field}: 'cart:{buyer_id}'") from None
        for _, placeholder, _, _ in parsed:
            if placeholder == "":
                raise self.fail("an empty {} placeholder",
                                "name the variable part: 'session:{session_id}'")
        if self.ttl is not None:
            parse_period(self.ttl, what="ttl", location=self.declared_at)
        positive(self, self.count, "count")
        positive(self, self.value_bytes, "value_bytes")

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(p for _, p, _, _ in string.Formatter().parse(self.name) if p)

    @property
    def ttl_period(self) -> timedelta | None:
        return None if self.ttl is None else parse_period(self.ttl, what="ttl")

    @property
    def expected_count(self) -> float | None:
        """Live keys: ``count``, else writes per day × TTL (a TTL bounds what accumulates)."""
        if self.count is not None:
            return float(self.count)
        if self.writes_per_day is not None and self.ttl_period is not None:
            return self.writes_per_day * self.ttl_period.total_seconds() / 86400
        return None


# -- documents ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentIndex:
    """A secondary index of a collection. ``keys`` are field paths, ``-field`` for descending.
    ``ttl`` makes it a TTL index (MongoDB ``expireAfterSeconds`` on a date field)."""

    keys: Sequence[str]
    unique: bool = False
    ttl: str | timedelta | None = None
    partial: str | None = None
    name: str | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(key.lstrip("-+") for key in self.keys)

    def __str__(self) -> str:
        text = "{" + ", ".join(
            f"{k.lstrip('-+')}: {-1 if k.startswith('-') else 1}" for k in self.keys) + "}"
        if self.unique:
            text += " unique"
        if self.ttl is not None:
            text += f" TTL {format_period(parse_period(self.ttl, what='ttl'))}"
        return text


class Embedding(enum.StrEnum):
    EMBEDDED = "embedded"
    REFERENCED = "referenced"


@dataclass(frozen=True)
class Relation:
    """How a collection holds related data: embedded in the document or referenced by id."""

    field: str
    kind: Embedding
    target: str
    """What is embedded or referenced (another collection, a table, an element)."""
    note: str = ""


@dataclass(eq=False, repr=False)
class Collection(Structure):
    """A document collection: its document shape as JSON Schema (``schema``; a dict, a
    dataclass or a pydantic model), the relations it embeds or references, its indexes and
    shard key. ``validation`` says whether the database enforces the schema
    (MongoDB ``$jsonSchema`` validator) or only documents it."""

    KIND: ClassVar[str] = "collection"
    TITLE: ClassVar[str] = "Collection"

    _: KW_ONLY
    schema: Mapping[str, Any] | type | None = None
    validation: bool = False
    relations: Sequence[Relation] = ()
    indexes: Sequence[DocumentIndex] = ()
    shard_key: Sequence[str] = ()
    documents: int | None = None
    documents_per_day: float | None = None
    document_bytes: int | None = None
    growth_per_year: float = 0.0

    def __post_init__(self) -> None:
        super().__post_init__()
        from archdocs.model.physical.messaging import EventContract, json_schema_of

        self.relations = tuple(self.relations)
        self.indexes = tuple(self.indexes)
        self.shard_key = tuple(self.shard_key)
        where = EventContract(self.name, declared_at=self.declared_at)
        self._json_schema = json_schema_of(self.schema, where=where)
        known = self.top_fields
        if known:
            for key in (*self.shard_key, *(f for i in self.indexes for f in i.fields)):
                if key.split(".")[0] not in known and key != "_id":
                    raise self.fail(
                        f"index or shard key field {key!r} is not in the document shape",
                        f"use one of {', '.join(sorted(known))}, or add it to the schema")
        for index in self.indexes:
            if index.ttl is not None:
                parse_period(index.ttl, what="TTL index", location=self.declared_at)
                if len(index.keys) != 1:
                    raise self.fail("a TTL index has exactly one (date) field",
                                    "declare DocumentIndex(['updated_at'], ttl='30d')")
        positive(self, self.document_bytes, "document_bytes")

    @property
    def json_schema(self) -> dict[str, Any]:
        return dict(self._json_schema)

    @property
    def top_fields(self) -> set[str]:
        props = self._json_schema.get("properties", {})
        return set(props) if isinstance(props, Mapping) else set()

    @property
    def ttl(self) -> timedelta | None:
        for index in self.indexes:
            if index.ttl is not None:
                return parse_period(index.ttl, what="ttl")
        return None

    def index_for(self, fields: Sequence[str]) -> DocumentIndex | None:
        """An index the query planner can use for equality on ``fields``: ``_id`` (always
        indexed, unique) when it is among them, else the index whose leading keys cover the
        most of them (at least its first); ``None`` means a collection scan."""
        wanted = set(fields)
        if "_id" in wanted:
            return DocumentIndex(["_id"], unique=True, name="_id_")
        best: tuple[int, DocumentIndex] | None = None
        for index in self.indexes:
            prefix = 0
            for key in index.fields:
                if key not in wanted:
                    break
                prefix += 1
            if prefix and (best is None or prefix > best[0]):
                best = (prefix, index)
        return best[1] if best else None


# -- search -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldMapping:
    """One field of a search index mapping: its type (``text``, ``keyword``, ``integer`` …)
    and, for text, its analyzer."""

    name: str
    type: str
    analyzer: str | None = None
    note: str = ""


@dataclass(eq=False, repr=False)
class SearchIndex(Structure):
    """A search index (Elasticsearch, OpenSearch, Solr): its mapping, shards and replicas,
    the source it is derived from and its lifecycle policy.

    ``source`` names what the documents are built from (``"catalog-db.products"``): a derived
    index is sized from its source (``documents_per_source_row`` documents per source row),
    not from its write rate, since re-indexing replaces documents instead of adding them.
    """

    KIND: ClassVar[str] = "index"
    TITLE: ClassVar[str] = "Search index"

    _: KW_ONLY
    mappings: Sequence[FieldMapping] = ()
    shards: int = 1
    replicas: int = 1
    source: str | None = None
    documents_per_source_row: float = 1.0
    documents: int | None = None
    document_bytes: int | None = None
    lifecycle: str | None = None
    """The ILM / ISM policy, e.g. ``"rollover at 50GB, delete after 30d"``."""
    aliases: Sequence[str] = ()
    refresh_interval: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self.mappings = tuple(self.mappings)
        self.aliases = tuple(self.aliases)
        positive(self, self.shards, "shards")
        if self.replicas < 0:
            raise self.fail("replicas cannot be negative", "0 means no replica")
        positive(self, self.document_bytes, "document_bytes")
        names = [m.name for m in self.mappings]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise self.fail(f"field {duplicates[0]!r} is mapped twice", "map each field once")
        if self.source is None and self.documents is None:
            raise self.fail(
                "neither its source nor its document count is declared",
                "declare source='datastore.table' it is derived from, or documents=...")

    @property
    def copies(self) -> int:
        """Primary plus replica copies of each shard."""
        return 1 + self.replicas


# -- wide-column and DynamoDB -------------------------------------------------------------------


class SecondaryKind(enum.StrEnum):
    GLOBAL = "global"
    """DynamoDB GSI: its own partition key, eventually consistent."""
    LOCAL = "local"
    """DynamoDB LSI: the table's partition key, another sort key."""


@dataclass(frozen=True)
class SecondaryIndex:
    """A DynamoDB GSI/LSI or a Cassandra materialised view / secondary index."""

    name: str
    partition_key: Sequence[str]
    sort_key: Sequence[str] = ()
    kind: SecondaryKind = SecondaryKind.GLOBAL
    projection: str = "ALL"


@dataclass(eq=False, repr=False)
class WideColumnTable(Structure):
    """A query-first table (DynamoDB, Cassandra, ScyllaDB, Bigtable): partition key, sort or
    clustering key, secondary indexes, and the attributes items carry. A query is served by
    naming the whole partition key of the table or of one of its indexes."""

    KIND: ClassVar[str] = "wide-table"
    TITLE: ClassVar[str] = "Wide-column table"

    _: KW_ONLY
    partition_key: Sequence[str]
    sort_key: Sequence[str] = ()
    attributes: Mapping[str, str] = field(default_factory=dict)
    """Attribute name → type (``"S"``, ``"N"``, ``"text"``, ``"timestamp"`` …)."""
    indexes: Sequence[SecondaryIndex] = ()
    ttl_attribute: str | None = None
    items: int | None = None
    items_per_day: float | None = None
    item_bytes: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self.partition_key = tuple(self.partition_key)
        self.sort_key = tuple(self.sort_key)
        self.indexes = tuple(self.indexes)
        if not self.partition_key:
            raise self.fail("no partition key", "declare partition_key=['customer_id']")
        known = set(self.attributes)
        if known:
            keys = (*self.partition_key, *self.sort_key,
                    *(k for i in self.indexes for k in (*i.partition_key, *i.sort_key)))
            for key in keys:
                if key not in known:
                    raise self.fail(f"key attribute {key!r} is not among its attributes",
                                    f"use one of {', '.join(sorted(known))}")
        for index in self.indexes:
            if index.kind is SecondaryKind.LOCAL and \
                    tuple(index.partition_key) != self.partition_key:
                raise self.fail(f"local index {index.name!r} has another partition key",
                                "a local secondary index shares the table's partition key; "
                                "make it SecondaryKind.GLOBAL")

    def serves(self, fields: Sequence[str]) -> str | None:
        """The name of the table or index whose whole partition key is among ``fields``."""
        given = set(fields)
        if set(self.partition_key) <= given:
            return self.name
        for index in self.indexes:
            if set(index.partition_key) <= given:
                return index.name
        return None


# -- time series --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContinuousAggregate:
    """A materialised roll-up of a hypertable, refreshed as data arrives."""

    name: str
    bucket: str
    """The time bucket: ``"1h"``, ``"1d"``."""
    group_by: Sequence[str] = ()
    retention: Retention | str | None = None


@dataclass(eq=False, repr=False)
class Hypertable(Structure):
    """A time-series table (TimescaleDB hypertable, InfluxDB measurement): time column, chunk
    interval, space partitioning, retention, compression and continuous aggregates.

    ``name`` is the table it is built on when the datastore also has SQLAlchemy tables.
    """

    KIND: ClassVar[str] = "hypertable"
    TITLE: ClassVar[str] = "Hypertable"

    _: KW_ONLY
    time_column: str
    chunk_interval: str | timedelta = "7d"
    space_partition: str | None = None
    retention: Retention | str | timedelta | None = None
    compress_after: str | timedelta | None = None
    compression_ratio: float | None = None
    """Measured or expected (10 means compressed chunks take a tenth)."""
    segment_by: Sequence[str] = ()
    aggregates: Sequence[ContinuousAggregate] = ()
    rows_per_day: float | None = None
    row_bytes: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self.retention = as_retention(self.retention)
        self.segment_by = tuple(self.segment_by)
        self.aggregates = tuple(self.aggregates)
        parse_period(self.chunk_interval, what="chunk_interval", location=self.declared_at)
        if self.compress_after is not None:
            after = parse_period(self.compress_after, what="compress_after",
                                 location=self.declared_at)
            keep = self.retention.period if isinstance(self.retention, Retention) else None
            if keep is not None and after >= keep:
                raise self.fail("compresses chunks only after they are dropped",
                                "compress_after must be shorter than the retention")
        if self.compression_ratio is not None and self.compression_ratio < 1:
            raise self.fail("a compression ratio below 1", "10 means a tenth of the size")
        for aggregate in self.aggregates:
            parse_period(aggregate.bucket, what="bucket", location=self.declared_at)


Physical = Structure
"""Anything a datastore can list in ``structures``."""
