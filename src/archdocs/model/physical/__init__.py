"""Physical vocabulary per kind of store, and the contracts of asynchronous flows.

Relational stores keep their SQLAlchemy tables; the others declare ``structures`` in their own
terms: :class:`Topic`, :class:`Queue`, :class:`Exchange` (brokers), :class:`KeyPattern`
(key-value), :class:`Collection` (documents), :class:`SearchIndex`, :class:`WideColumnTable`
and :class:`Hypertable`. Asynchronous flows declare a :class:`Delivery` and carry
:class:`EventContract` events.
"""

from archdocs.model.physical.common import (
    PhysicalError,
    Structure,
    format_period,
    format_size,
    parse_period,
    parse_size,
)
from archdocs.model.physical.messaging import (
    Binding,
    ConsumerGroup,
    DeadLetter,
    Delivery,
    DeliveryGuarantee,
    EventContract,
    Exchange,
    ExchangeType,
    PublishAfterCommit,
    Queue,
    QueueType,
    Retention,
    Retry,
    Topic,
)
from archdocs.model.physical.stores import (
    Collection,
    ContinuousAggregate,
    DocumentIndex,
    Embedding,
    EvictionPolicy,
    FieldMapping,
    Hypertable,
    KeyPattern,
    Relation,
    SearchIndex,
    SecondaryIndex,
    SecondaryKind,
    ValueType,
    WideColumnTable,
)

__all__ = [
    "Binding", "Collection", "ConsumerGroup", "ContinuousAggregate", "DeadLetter", "Delivery",
    "DeliveryGuarantee", "DocumentIndex", "Embedding", "EventContract", "EvictionPolicy",
    "Exchange", "ExchangeType", "FieldMapping", "Hypertable", "KeyPattern", "PhysicalError",
    "PublishAfterCommit", "Queue", "QueueType", "Relation", "Retention", "Retry", "SearchIndex",
    "SecondaryIndex", "SecondaryKind", "Structure", "Topic", "ValueType", "WideColumnTable",
    "format_period", "format_size", "parse_period", "parse_size",
]
