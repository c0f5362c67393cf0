"""Datastores: a technology, a role in the system, the SQLAlchemy models of what it holds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase

from archdocs.model.constraints import Constraints
from archdocs.model.element import Element
from archdocs.model.location import SourceLocation, caller_location
from archdocs.model.notes import AccessPattern, TableNotes, notes_of_table
from archdocs.model.physical.common import Structure, parse_size
from archdocs.model.physical.stores import EvictionPolicy
from archdocs.model.scaling import Scaling, Volume, table_matches
from archdocs.model.technology import Budget, Capability, Technology
from archdocs.model.validate import check_fields

if TYPE_CHECKING:
    from archdocs.model.deployment import Login, Recovery, Server
    from archdocs.model.governance import Classified
    from archdocs.model.system import BoundedContext
    from archdocs.model.views import ERViewpoint


S = TypeVar("S", bound=Structure)


class Role(StrEnum):
    """What a datastore is for in the system."""

    SYSTEM_OF_RECORD = "system-of-record"
    READ_MODEL = "read-model"
    CACHE = "cache"
    SEARCH_INDEX = "search-index"
    EVENT_STORE = "event-store"
    ANALYTICS = "analytics"
    ARCHIVE = "archive"
    BROKER = "broker"
    """Carries events between services (Kafka topics, RabbitMQ queues)."""


class Requirement(StrEnum):
    """Something the workload needs from its datastore."""

    ACID = "acid"
    JOINS = "joins"
    FULL_TEXT = "full-text"
    TTL = "ttl"
    FLEXIBLE_SCHEMA = "flexible-schema"
    HIGH_WRITE_THROUGHPUT = "high-write-throughput"
    STRONG_CONSISTENCY = "strong-consistency"
    TIME_SERIES_RETENTION = "time-series-retention"
    APPEND_ONLY = "append-only"
    DURABILITY = "durability"

    @property
    def capability(self) -> Capability | None:
        """The technology capability that meets this requirement, if one does directly.

        ``strong-consistency`` has none: it depends on the flows and replicas, and the review
        checks it there.
        """
        return _REQUIREMENT_CAPABILITY.get(self)


_REQUIREMENT_CAPABILITY: dict[Requirement, Capability] = {
    Requirement.ACID: Capability.ACID_TRANSACTIONS,
    Requirement.JOINS: Capability.JOINS,
    Requirement.FULL_TEXT: Capability.FULL_TEXT_SEARCH,
    Requirement.TTL: Capability.TTL,
    Requirement.FLEXIBLE_SCHEMA: Capability.FLEXIBLE_SCHEMA,
    Requirement.HIGH_WRITE_THROUGHPUT: Capability.HIGH_WRITE_THROUGHPUT,
    Requirement.TIME_SERIES_RETENTION: Capability.RETENTION_DOWNSAMPLING,
    Requirement.APPEND_ONLY: Capability.APPEND_ONLY_LOG,
    Requirement.DURABILITY: Capability.DURABLE_BY_DEFAULT,
}


class Hosting(StrEnum):
    MANAGED = "managed"
    SELF_HOSTED = "self-hosted"
    EMBEDDED = "embedded"


@dataclass(frozen=True)
class Backup:
    """How a datastore is backed up. ``point_in_time`` means continuous archiving (WAL, binlog)."""

    schedule: str
    retention: str
    point_in_time: bool = False
    tested_restore: str | None = None

    def __post_init__(self) -> None:
        check_fields(self, caller_location())


Schema = type[DeclarativeBase] | MetaData | Sequence[Table]
"""What a datastore holds: a declarative base, a ``MetaData``, or a list of tables."""


@dataclass(eq=False)
class SchemaVersion:
    """An earlier version of a datastore's schema, kept in the model so the migration plan from
    it to the current schema can be shown on the site (``archdocs plan`` can also compare git
    refs, which needs no copy).

    ``label`` names the version (``"v1"``, ``"before the loyalty programme"``).
    """

    label: str
    schema: Schema
    description: str = ""
    declared_at: SourceLocation = field(default_factory=caller_location)

    @property
    def metadata(self) -> MetaData:
        """The tables of that version as one ``MetaData``."""
        return _as_metadata(self.schema)


@dataclass(eq=False, repr=False)
class Datastore(Element):
    """A database, cache, index, broker or bucket, owned by one bounded context.

    Create one with :meth:`BoundedContext.datastore` so it knows its context.
    """

    KIND = "datastore"

    technology: Technology
    _: KW_ONLY
    role: Role = Role.SYSTEM_OF_RECORD
    context: BoundedContext | None = None
    schema: Schema | None = None
    requirements: Sequence[Requirement] = ()
    scaling: Scaling = field(default_factory=Scaling)
    volumes: Mapping[str, Volume] = field(default_factory=dict)
    """Expected volume per table name; table notes can declare it too."""
    access_patterns: Sequence[AccessPattern] = ()
    hosting: Hosting = Hosting.MANAGED
    backup: Backup | None = None
    high_availability: str | None = None
    retention: str | None = None
    budget: Budget | None = None
    """Override of the technology's single-node budget."""
    previous_schema: SchemaVersion | None = None
    """Its schema at an earlier version; the site shows the migration plan from there."""
    server: Server | None = None
    """The server or cluster it runs on (several datastores may share one)."""
    region: str | None = None
    """Where its data lives, when no server says so."""
    recovery: Recovery | None = None
    """Recovery objectives (RPO, RTO) the review checks against backup and replication."""
    logins: Sequence[Login] = ()
    """The logins services connect with, and their privileges."""
    classification: Sequence[Classified] = ()
    """Classified data held outside the tables (documents, keys, blobs), or the whole store."""

    structures: Sequence[Structure] = ()
    """What it holds in its own terms when that is not SQL tables: topics, queues, key
    patterns, collections, search indexes, wide-column tables, hypertables
    (see :mod:`archdocs.model.physical`)."""
    nodes: int | None = None
    """How many nodes (brokers, data nodes, members) the store runs on. A technology that
    shards natively (Kafka, Elasticsearch, MongoDB, Cassandra) is judged per node against its
    budget times ``nodes``."""
    memory: str | None = None
    """For an in-memory store: the memory limit of one node (``maxmemory``), e.g. ``"8GB"``."""
    eviction: EvictionPolicy | None = None
    """For an in-memory store: what happens when ``memory`` is full (``maxmemory-policy``)."""
    constraints: Constraints | None = None
    """Team, cloud, budget and residency bounds on the technology choice (``archdocs advise``)."""
    er_views: list[ERViewpoint] = field(default_factory=list, init=False, repr=False)
    """ER viewpoints declared with :meth:`er_view` (:mod:`archdocs.model.views`)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.requirements = tuple(self.requirements)
        self.logins = tuple(self.logins)
        self.classification = tuple(self.classification)
        self.structures = tuple(self.structures)
        seen: dict[tuple[str, str], Structure] = {}
        for structure in self.structures:
            if not isinstance(structure, Structure):
                from archdocs.errors import ArchdocsError

                raise ArchdocsError(
                    f"datastore {self.name!r}: structures holds {structure!r}, which is not a "
                    "physical structure", location=self.declared_at,
                    hint="list Topic, Queue, Exchange, KeyPattern, Collection, SearchIndex, "
                         "WideColumnTable or Hypertable objects (archdocs.model.physical)")
            key = (structure.KIND, structure.name)
            if key in seen:
                raise structure.fail(
                    f"declared twice in datastore {self.name!r}",
                    f"the first is at {seen[key].declared_at}; keep one")
            seen[key] = structure
        if self.memory is not None:
            parse_size(self.memory, what="memory", location=self.declared_at)
        self.access_patterns = tuple(self.access_patterns)
        self._metadata = _as_metadata(self.schema)
        self._by_short_name: tuple[int, dict[str, Table]] | None = None
        self._sorted_tables: tuple[Table, ...] = ()

    @property
    def memory_bytes(self) -> int | None:
        """``memory`` in bytes."""
        return None if self.memory is None else parse_size(self.memory, what="memory")

    @property
    def metadata(self) -> MetaData:
        """The tables this datastore holds, as one SQLAlchemy ``MetaData`` (possibly empty)."""
        return self._metadata

    @property
    def tables(self) -> list[Table]:
        """Its tables sorted by full name (``schema.table``)."""
        # Sorted once per set of tables, like table()'s map: asked for tens of thousands of
        # times by the review and the pages of a big model.
        tables = self._metadata.tables
        if len(self._sorted_tables) != len(tables):
            self._sorted_tables = tuple(sorted(tables.values(), key=lambda table: table.fullname))
        return list(self._sorted_tables)

    def er_view(self, name: str, *, tables: Sequence[Any] = (), around: Any = None,
                depth: int = 1, exclude: Sequence[Any] = (),
                description: str = "") -> ERViewpoint:
        """Declare an ER viewpoint: the named ``tables`` plus every table within ``depth``
        foreign keys of ``around``, minus ``exclude``; it gets a page of its own. Tables are
        names (or SQLAlchemy tables); an unknown one is an error here. See
        :mod:`archdocs.model.views`."""
        from archdocs.model.views import declare_er_view

        return declare_er_view(self, name, tables, around, depth, exclude, description)

    def table(self, name: str) -> Table | None:
        """The table called ``name`` (qualified or not), or ``None``."""
        tables = self._metadata.tables
        exact = tables.get(name)
        if exact is not None or "." in name:
            return exact  # the keys are the full names: a qualified name matches only its own
        # An unqualified name: the first table (by full name) of that name in any schema, as
        # table_matches() says. Looked up in a map built once per set of tables: pages and
        # rules ask hundreds of thousands of times on a big model.
        known = self._by_short_name
        if known is None or known[0] != len(tables):
            by_name: dict[str, Table] = {}
            for table in self.tables:
                by_name.setdefault(table.fullname.rsplit(".", 1)[-1], table)
            known = self._by_short_name = (len(tables), by_name)
        return known[1].get(name)

    def notes(self, table: Table) -> TableNotes:
        """archdocs' notes on ``table`` (volume, access patterns, dimensional role …)."""
        return notes_of_table(table.info)

    def volume_of(self, table: Table) -> Volume | None:
        """The declared volume of ``table``: from the datastore's ``volumes`` or the table notes."""
        for declared, volume in self.volumes.items():
            if table_matches(declared, table.fullname):
                return volume
        return self.notes(table).volume

    def all_access_patterns(self) -> list[AccessPattern]:
        """Patterns declared on the datastore and in table notes, each with its table set."""
        patterns = list(self.access_patterns)
        for table in self.tables:
            patterns.extend(p.with_table(table.fullname) for p in self.notes(table).access_patterns)
        return patterns

    def structures_of(self, kind: type[S]) -> list[S]:
        """Its structures of one kind (``Topic``, ``KeyPattern`` …), in declaration order."""
        return [s for s in self.structures if isinstance(s, kind)]

    def structure(self, name: str) -> Structure | None:
        """The structure called ``name`` (a topic, queue, collection …), or ``None``."""
        for structure in self.structures:
            if structure.name == name:
                return structure
        return None

    @property
    def effective_budget(self) -> Budget:
        """The technology's single-node budget with this datastore's overrides applied."""
        return self.technology.budget.merged(self.budget)

    def has(self, capability: Capability) -> bool:
        """Whether the technology provides ``capability``. An undecided datastore is taken to
        have what its declared requirements ask for (the advice only recommends products that
        do), so the review judges its design, not a missing product."""
        if not self.technology.decided:
            return any(r.capability is capability for r in self.requirements)
        return self.technology.has(capability)

    @property
    def decided(self) -> bool:
        """False while the datastore is declared with ``tech.Undecided()``."""
        return self.technology.decided

    def mapped_classes(self) -> dict[str, type[Any]]:
        """Declarative classes by table full name, when the schema is a declarative base."""
        schema = self.schema
        if isinstance(schema, type) and issubclass(schema, DeclarativeBase):
            classes: dict[str, type[Any]] = {}
            for mapper in schema.registry.mappers:
                local = mapper.local_table
                if isinstance(local, Table):
                    classes.setdefault(local.fullname, mapper.class_)
            return classes
        return {}


def _as_metadata(schema: Schema | None) -> MetaData:
    if schema is None:
        return MetaData()
    if isinstance(schema, MetaData):
        return schema
    if isinstance(schema, type) and issubclass(schema, DeclarativeBase):
        return schema.metadata
    if isinstance(schema, Sequence) and not isinstance(schema, str) \
            and all(isinstance(table, Table) for table in schema):
        tables = list(schema)
        metadatas = {id(table.metadata): table.metadata for table in tables}
        if len(metadatas) == 1 and len(tables) == len(next(iter(metadatas.values())).tables):
            return next(iter(metadatas.values()))
        # A subset of a larger MetaData: copy the chosen tables so each datastore owns its own.
        subset = MetaData()
        for table in tables:
            table.to_metadata(subset)
        return subset
    raise TypeError(
        "schema must be a DeclarativeBase subclass, a MetaData or a list of Table objects, "
        f"not {type(schema).__name__}"
    )
