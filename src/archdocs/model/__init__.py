"""The archdocs model: a small, typed vocabulary for a system's data architecture.

It knows nothing about rendering. Checks read it, views are computed from it.
"""

from archdocs.model.constraints import BudgetClass, Cloud, Constraints
from archdocs.model.context_map import (
    ACL,
    CF,
    CUSTOMER_SUPPLIER,
    OHS,
    PARTNERSHIP,
    PL,
    SHARED_KERNEL,
    UPSTREAM_DOWNSTREAM,
    ContextMapError,
    ContextRelationship,
    ContextRole,
    RelationshipKind,
)
from archdocs.model.datastore import (
    Backup,
    Datastore,
    Hosting,
    Requirement,
    Role,
    Schema,
    SchemaVersion,
)
from archdocs.model.deployment import Login, Privilege, Recovery, Server, login
from archdocs.model.element import Element, Suppression, suppress
from archdocs.model.flow import (
    Access,
    Consistency,
    ConsistencyLevel,
    Flow,
    Mechanism,
    eventual,
    strong,
)
from archdocs.model.governance import Classification, Classified, Protection, classified, classify
from archdocs.model.location import SourceLocation
from archdocs.model.migration import ArchitectureMigration, MigrationStatus, Phase, SyncMechanism
from archdocs.model.notes import (
    AccessPattern,
    ColumnNotes,
    Dimension,
    Fact,
    Operation,
    TableNotes,
    column_notes,
    notes_of_column,
    notes_of_table,
    table_notes,
)
from archdocs.model.patterns import (
    CQRS,
    DatabasePerService,
    EventSourcing,
    Inbox,
    Pattern,
    SharedDatabase,
    TransactionalOutbox,
)
from archdocs.model.physical import *  # noqa: F403 - physical vocabulary
from archdocs.model.physical import __all__ as _physical_all
from archdocs.model.reliability import (
    AckMode,
    Concurrency,
    ConcurrencyControl,
    Reliability,
    conditional_update,
    constraint,
    optimistic,
    reservation,
)
from archdocs.model.scaling import (
    Partitioning,
    PartitionStrategy,
    Replication,
    ReplicationMode,
    Scaling,
    Sharding,
    ShardStrategy,
    Volume,
    table_matches,
)
from archdocs.model.scenario import Scenario, ScenarioStep, step
from archdocs.model.system import Actor, BoundedContext, ExternalSystem, Service, System
from archdocs.model.technology import Budget, Capability, Kind, Technology, TechnologySpec
from archdocs.model.views import ArchitectureView, ERViewpoint

__all__ = [
    "CQRS", "Access", "AccessPattern", "Actor", "ArchitectureMigration", "ArchitectureView",
    "Backup", "ERViewpoint",
    "BoundedContext", "Budget", "BudgetClass", "Cloud", "Constraints", "Capability", "ColumnNotes", "Consistency", "ConsistencyLevel",
    "DatabasePerService", "Datastore", "Dimension", "Element", "EventSourcing",
    "ExternalSystem", "Fact", "Flow", "Hosting", "Inbox", "Kind", "Mechanism", "MigrationStatus",
    "Operation", "Partitioning", "PartitionStrategy", "Pattern", "Phase", "Replication",
    "ReplicationMode", "Requirement", "Role", "Scaling", "Schema", "SchemaVersion", "Service", "Sharding",
    "ShardStrategy", "SharedDatabase", "SourceLocation", "Suppression", "SyncMechanism",
    "System", "TableNotes", "Technology", "TechnologySpec", "TransactionalOutbox", "Volume",
    "column_notes", "eventual", "notes_of_column", "notes_of_table", "strong", "suppress",
    "table_matches", "table_notes", *_physical_all,
    # governance, deployment and access control (model/governance.py, model/deployment.py)
    "Classification", "Classified", "Login", "Privilege", "Protection", "Recovery", "Server",
    "classified", "classify", "login",
    # acknowledgement, publisher confirms, concurrency control (model/reliability.py)
    "AckMode", "Concurrency", "ConcurrencyControl", "Reliability", "conditional_update",
    "constraint", "optimistic", "reservation",
    # dynamic views (model/scenario.py)
    "Scenario", "ScenarioStep", "step",
    # DDD context-map relationships (model/context_map.py)
    "ACL", "CF", "CUSTOMER_SUPPLIER", "OHS", "PARTNERSHIP", "PL", "SHARED_KERNEL",
    "UPSTREAM_DOWNSTREAM", "ContextMapError", "ContextRelationship", "ContextRole",
    "RelationshipKind",
]
