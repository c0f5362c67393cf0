"""The technology catalogue: what each datastore technology is and what it can do.

A :class:`Technology` is a catalogue entry (a :class:`TechnologySpec`) at a version. The review
reads its :class:`Kind` and :class:`Capability` set when it applies the decision framework, and the
diagrams read its ``icon``.

    >>> from archdocs import tech
    >>> pg = tech.PostgreSQL("16")
    >>> pg.kind is Kind.RELATIONAL, Capability.JOINS in pg.capabilities
    (True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """The family a technology belongs to, as in the decision framework."""

    RELATIONAL = "relational"
    DOCUMENT = "document"
    KEY_VALUE = "key-value"
    WIDE_COLUMN = "wide-column"
    SEARCH = "search"
    TIME_SERIES = "time-series"
    EVENT_LOG = "event-log"
    OBJECT = "object"
    UNDECIDED = "undecided"
    """No product chosen yet: ``archdocs advise`` recommends one from the requirements."""


class Capability(StrEnum):
    """Something a technology does out of the box, without application-side work."""

    ACID_TRANSACTIONS = "acid-transactions"
    """Transactions spanning several records or tables, with atomic commit."""
    JOINS = "joins"
    FLEXIBLE_SCHEMA = "flexible-schema"
    FULL_TEXT_SEARCH = "full-text-search"
    TTL = "ttl"
    """Records expire on their own."""
    NATIVE_SHARDING = "native-sharding"
    DURABLE_BY_DEFAULT = "durable-by-default"
    """An acknowledged write survives a crash with the default configuration."""
    RETENTION_DOWNSAMPLING = "retention-downsampling"
    APPEND_ONLY_LOG = "append-only-log"
    SECONDARY_INDEXES = "secondary-indexes"
    HIGH_WRITE_THROUGHPUT = "high-write-throughput"
    """Built for sustained write rates beyond what a single relational primary handles."""


@dataclass(frozen=True)
class Budget:
    """What one node of a technology can comfortably carry before scaling out is needed.

    The catalogue gives a conservative default per technology; a datastore can override it.
    ``None`` means "no meaningful single-node limit" (for example object storage).
    """

    storage_gb: float | None = None
    writes_per_second: float | None = None
    connections: int | None = None

    def merged(self, override: Budget | None) -> Budget:
        """This budget with every field that ``override`` sets replaced."""
        if override is None:
            return self
        return Budget(
            storage_gb=override.storage_gb if override.storage_gb is not None else self.storage_gb,
            writes_per_second=(
                override.writes_per_second
                if override.writes_per_second is not None
                else self.writes_per_second
            ),
            connections=(
                override.connections if override.connections is not None else self.connections
            ),
        )


@dataclass(frozen=True)
class Technology:
    """A technology at a version, as a datastore uses it. Create one by calling a spec."""

    id: str
    """Stable identifier, for example ``postgresql``."""
    name: str
    """Display name, for example ``PostgreSQL``."""
    version: str
    kind: Kind
    capabilities: frozenset[Capability]
    icon: str
    """Dotted path of the ``diagrams`` node class drawn for this technology."""
    sql_dialect: str | None = None
    """SQLAlchemy dialect name for relational technologies (``postgresql``, ``mysql`` …)."""
    budget: Budget = field(default_factory=Budget)
    managed_offering: bool = False
    """True for technologies that only exist as a managed cloud service (DynamoDB, S3)."""

    def has(self, capability: Capability) -> bool:
        """Whether this technology provides ``capability``."""
        return capability in self.capabilities

    @property
    def decided(self) -> bool:
        """False for :data:`Undecided`: the datastore names its needs, not yet a product."""
        return self.kind is not Kind.UNDECIDED

    @property
    def label(self) -> str:
        """``name version``, as shown on pages and diagrams."""
        return f"{self.name} {self.version}".strip()


@dataclass(frozen=True)
class TechnologySpec:
    """A catalogue entry. Call it with a version to get a :class:`Technology`."""

    id: str
    name: str
    kind: Kind
    capabilities: frozenset[Capability]
    icon: str
    sql_dialect: str | None = None
    budget: Budget = field(default_factory=Budget)
    managed_offering: bool = False

    def __call__(self, version: str = "") -> Technology:
        return Technology(
            id=self.id,
            name=self.name,
            version=str(version),
            kind=self.kind,
            capabilities=self.capabilities,
            icon=self.icon,
            sql_dialect=self.sql_dialect,
            budget=self.budget,
            managed_offering=self.managed_offering,
        )


C = Capability
_RELATIONAL = frozenset(
    {C.ACID_TRANSACTIONS, C.JOINS, C.DURABLE_BY_DEFAULT, C.SECONDARY_INDEXES}
)
# A conservative single node: 2 TB of data, a few thousand writes a second, a few hundred
# connections. Sources: vendor sizing guides; override per datastore with Budget(...).
_RDBMS_BUDGET = Budget(storage_gb=2000, writes_per_second=5000, connections=500)


def _spec(
    id: str,
    name: str,
    kind: Kind,
    capabilities: set[Capability] | frozenset[Capability],
    icon: str,
    *,
    sql_dialect: str | None = None,
    budget: Budget | None = None,
    managed_offering: bool = False,
) -> TechnologySpec:
    return TechnologySpec(
        id=id,
        name=name,
        kind=kind,
        capabilities=frozenset(capabilities),
        icon=icon,
        sql_dialect=sql_dialect,
        budget=budget or Budget(),
        managed_offering=managed_offering,
    )


PostgreSQL = _spec(
    "postgresql", "PostgreSQL", Kind.RELATIONAL,
    _RELATIONAL | {C.FULL_TEXT_SEARCH, C.FLEXIBLE_SCHEMA},
    "diagrams.onprem.database.PostgreSQL", sql_dialect="postgresql", budget=_RDBMS_BUDGET,
)
MySQL = _spec(
    "mysql", "MySQL", Kind.RELATIONAL, _RELATIONAL | {C.FULL_TEXT_SEARCH},
    "diagrams.onprem.database.MySQL", sql_dialect="mysql", budget=_RDBMS_BUDGET,
)
MariaDB = _spec(
    "mariadb", "MariaDB", Kind.RELATIONAL, _RELATIONAL | {C.FULL_TEXT_SEARCH},
    "diagrams.onprem.database.MariaDB", sql_dialect="mysql", budget=_RDBMS_BUDGET,
)
SQLServer = _spec(
    "sqlserver", "SQL Server", Kind.RELATIONAL, _RELATIONAL | {C.FULL_TEXT_SEARCH},
    "diagrams.onprem.database.MSSQL", sql_dialect="mssql", budget=_RDBMS_BUDGET,
)
Oracle = _spec(
    "oracle", "Oracle Database", Kind.RELATIONAL, _RELATIONAL | {C.FULL_TEXT_SEARCH},
    "diagrams.onprem.database.Oracle", sql_dialect="oracle", budget=_RDBMS_BUDGET,
)
SQLite = _spec(
    "sqlite", "SQLite", Kind.RELATIONAL, _RELATIONAL,
    "diagrams.generic.database.SQL", sql_dialect="sqlite",
    budget=Budget(storage_gb=100, writes_per_second=500, connections=1),
)
MongoDB = _spec(
    "mongodb", "MongoDB", Kind.DOCUMENT,
    {C.FLEXIBLE_SCHEMA, C.TTL, C.NATIVE_SHARDING, C.DURABLE_BY_DEFAULT, C.SECONDARY_INDEXES,
     C.ACID_TRANSACTIONS, C.FULL_TEXT_SEARCH},
    "diagrams.onprem.database.MongoDB",
    budget=Budget(storage_gb=2000, writes_per_second=10000, connections=1000),
)
DynamoDB = _spec(
    "dynamodb", "DynamoDB", Kind.KEY_VALUE,
    {C.FLEXIBLE_SCHEMA, C.TTL, C.NATIVE_SHARDING, C.DURABLE_BY_DEFAULT, C.SECONDARY_INDEXES,
     C.HIGH_WRITE_THROUGHPUT},
    "diagrams.aws.database.Dynamodb", managed_offering=True,
    budget=Budget(storage_gb=None, writes_per_second=None, connections=None),
)
Cassandra = _spec(
    "cassandra", "Apache Cassandra", Kind.WIDE_COLUMN,
    {C.FLEXIBLE_SCHEMA, C.TTL, C.NATIVE_SHARDING, C.DURABLE_BY_DEFAULT, C.HIGH_WRITE_THROUGHPUT},
    "diagrams.onprem.database.Cassandra",
    budget=Budget(storage_gb=1000, writes_per_second=20000, connections=None),
)
Redis = _spec(
    "redis", "Redis", Kind.KEY_VALUE,
    {C.TTL, C.FLEXIBLE_SCHEMA, C.HIGH_WRITE_THROUGHPUT},
    "diagrams.onprem.inmemory.Redis",
    budget=Budget(storage_gb=64, writes_per_second=100000, connections=10000),
)
Memcached = _spec(
    "memcached", "Memcached", Kind.KEY_VALUE, {C.TTL, C.HIGH_WRITE_THROUGHPUT},
    "diagrams.onprem.inmemory.Memcached",
    budget=Budget(storage_gb=64, writes_per_second=100000, connections=10000),
)
Elasticsearch = _spec(
    "elasticsearch", "Elasticsearch", Kind.SEARCH,
    {C.FULL_TEXT_SEARCH, C.FLEXIBLE_SCHEMA, C.NATIVE_SHARDING, C.SECONDARY_INDEXES},
    "diagrams.elastic.elasticsearch.Elasticsearch",
    budget=Budget(storage_gb=1000, writes_per_second=10000, connections=None),
)
OpenSearch = _spec(
    "opensearch", "OpenSearch", Kind.SEARCH,
    {C.FULL_TEXT_SEARCH, C.FLEXIBLE_SCHEMA, C.NATIVE_SHARDING, C.SECONDARY_INDEXES},
    "diagrams.aws.analytics.AmazonOpensearchService",
    budget=Budget(storage_gb=1000, writes_per_second=10000, connections=None),
)
InfluxDB = _spec(
    "influxdb", "InfluxDB", Kind.TIME_SERIES,
    {C.RETENTION_DOWNSAMPLING, C.TTL, C.DURABLE_BY_DEFAULT, C.HIGH_WRITE_THROUGHPUT,
     C.FLEXIBLE_SCHEMA},
    "diagrams.onprem.database.InfluxDB",
    budget=Budget(storage_gb=1000, writes_per_second=250000, connections=None),
)
TimescaleDB = _spec(
    "timescaledb", "TimescaleDB", Kind.TIME_SERIES,
    _RELATIONAL | {C.RETENTION_DOWNSAMPLING, C.HIGH_WRITE_THROUGHPUT},
    "diagrams.onprem.database.PostgreSQL", sql_dialect="postgresql",
    budget=Budget(storage_gb=4000, writes_per_second=100000, connections=500),
)
Kafka = _spec(
    "kafka", "Apache Kafka", Kind.EVENT_LOG,
    {C.APPEND_ONLY_LOG, C.DURABLE_BY_DEFAULT, C.NATIVE_SHARDING, C.HIGH_WRITE_THROUGHPUT},
    "diagrams.onprem.queue.Kafka",
    budget=Budget(storage_gb=4000, writes_per_second=200000, connections=None),
)
RabbitMQ = _spec(
    "rabbitmq", "RabbitMQ", Kind.EVENT_LOG, {C.DURABLE_BY_DEFAULT, C.TTL},
    "diagrams.onprem.queue.RabbitMQ",
    budget=Budget(storage_gb=200, writes_per_second=20000, connections=5000),
)
EventStoreDB = _spec(
    "eventstoredb", "EventStoreDB", Kind.EVENT_LOG,
    {C.APPEND_ONLY_LOG, C.DURABLE_BY_DEFAULT, C.ACID_TRANSACTIONS},
    "diagrams.generic.database.SQL",
    budget=Budget(storage_gb=1000, writes_per_second=10000, connections=None),
)
Undecided = _spec(
    "undecided", "Undecided", Kind.UNDECIDED, frozenset(),
    "diagrams.generic.database.SQL",
    # Projections of an undecided store use one conservative relational node, the option
    # "start simple" checks first; ``archdocs advise`` weighs each candidate's own budget.
    budget=_RDBMS_BUDGET,
)
"""Placeholder for a datastore whose product is not chosen yet (``tech.Undecided()``)."""
S3 = _spec(
    "s3", "S3-compatible object storage", Kind.OBJECT, {C.DURABLE_BY_DEFAULT, C.TTL},
    "diagrams.aws.storage.S3", managed_offering=True,
)

CATALOGUE: dict[str, TechnologySpec] = {
    spec.id: spec
    for spec in (
        PostgreSQL, MySQL, MariaDB, SQLServer, Oracle, SQLite, MongoDB, DynamoDB, Cassandra,
        Redis, Memcached, Elasticsearch, OpenSearch, InfluxDB, TimescaleDB, Kafka, RabbitMQ,
        EventStoreDB, S3, Undecided,
    )
}
"""Every technology archdocs knows, by id."""


def by_id(technology_id: str, version: str = "") -> Technology:
    """Look a technology up by its id (``"postgresql"``) and give it a version.

    Raises :class:`KeyError` naming the known ids when the id is unknown.
    """
    try:
        spec = CATALOGUE[technology_id.lower()]
    except KeyError:
        known = ", ".join(sorted(CATALOGUE))
        raise KeyError(f"unknown technology {technology_id!r}; known: {known}") from None
    return spec(version)
