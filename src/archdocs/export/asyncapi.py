"""The model's messaging as an AsyncAPI 3.0 document: brokers as servers, topics and queues
as channels (with their Kafka or AMQP bindings), event contracts as messages, asynchronous
flows as send and receive operations.

Deterministic: keys sorted, no timestamps. Validated in the tests with the AsyncAPI
project's own parser (``@asyncapi/parser``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from archdocs.model.datastore import Datastore, Role
from archdocs.model.flow import Flow, Mechanism
from archdocs.model.physical import EventContract, Queue, Topic
from archdocs.model.physical.messaging import event_contracts
from archdocs.model.system import Service, System
from archdocs.model.technology import Kind
from archdocs.naming import slugify

ASYNCAPI_VERSION = "3.0.0"
_PROTOCOLS = {"apache kafka": ("kafka", 9092), "redpanda": ("kafka", 9092),
              "rabbitmq": ("amqp", 5672), "apache pulsar": ("pulsar", 6650),
              "nats": ("nats", 4222), "amazon sqs": ("sqs", 443),
              "amazon sns": ("sns", 443), "google cloud pub/sub": ("googlepubsub", 443),
              "redis": ("redis", 6379), "mqtt": ("mqtt", 1883)}
_ID = re.compile(r"[^A-Za-z0-9_.\-]+")


def _key(text: str) -> str:
    """A component or channel key AsyncAPI accepts (``^[A-Za-z0-9_.\\-]+$``)."""
    return _ID.sub("-", text).strip("-") or "x"


def _is_broker(datastore: Datastore) -> bool:
    return datastore.role is Role.BROKER or datastore.technology.kind is Kind.EVENT_LOG


def asyncapi_document(system: System) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of ``system`` as plain data."""
    brokers = [d for d in system.datastores if _is_broker(d)]
    contracts = event_contracts(brokers, system.flows)
    servers: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    channel_of: dict[tuple[int, str], str] = {}
    for broker in brokers:
        server = _key(broker.name)
        protocol, port = _PROTOCOLS.get(broker.technology.name.lower(), ("kafka", 9092))
        servers[server] = {
            "host": f"{slugify(broker.name)}:{port}", "protocol": protocol,
            "description": broker.description or broker.name,
        }
        if broker.technology.version:
            servers[server]["protocolVersion"] = broker.technology.version
        for structure in broker.structures:
            if not isinstance(structure, Topic | Queue):
                continue
            key = _key(f"{broker.name}.{structure.name}")
            channel_of[(id(broker), structure.name)] = key
            names = [e if isinstance(e, str) else e.name for e in structure.events]
            channels[key] = {
                "address": structure.name,
                "servers": [{"$ref": f"#/servers/{server}"}],
                "messages": {},
            }
            if structure.description:
                channels[key]["description"] = structure.description
            bindings = _bindings(structure, protocol)
            if bindings:
                channels[key]["bindings"] = bindings
            for name in names:
                if name in contracts:
                    channels[key]["messages"][_key(name)] = {
                        "$ref": f"#/components/messages/{_key(name)}"}
    operations: dict[str, Any] = {}
    for flow in system.flows:
        _operations(system, flow, channel_of, channels, contracts, operations)
    schemas: dict[str, Any] = {}
    messages = {_key(name): _message(contract, schemas)
                for name, contract in sorted(contracts.items())}
    document: dict[str, Any] = {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {"title": system.name, "version": "1.0.0",
                 "description": system.description or f"Messaging of {system.name}, "
                                                      "exported by archdocs."},
        "defaultContentType": "application/json",
    }
    if servers:
        document["servers"] = servers
    if channels:
        document["channels"] = channels
    if operations:
        document["operations"] = operations
    if messages:
        document["components"] = {"messages": messages}
    if schemas:
        document["components"]["schemas"] = dict(sorted(schemas.items()))
    return document


def export_asyncapi(system: System) -> str:
    """The AsyncAPI document as JSON text (sorted keys, two-space indent, final newline)."""
    return json.dumps(asyncapi_document(system), indent=2, sort_keys=True,
                      ensure_ascii=False) + "\n"


def _hoist_definitions(contract: EventContract, schema: dict[str, Any],
                       schemas: dict[str, Any]) -> dict[str, Any]:
    """A payload schema whose ``$ref`` point into its own ``$defs`` (what pydantic writes for
    nested models): in an AsyncAPI document ``#`` is the document, so the definitions move to
    ``components/schemas`` under ``<event>.<name>`` and the references follow them."""
    definitions = schema.get("$defs")
    if not isinstance(definitions, dict) or not definitions:
        return schema
    prefix = _key(contract.name)
    moved = {f"#/$defs/{name}": f"#/components/schemas/{prefix}.{_key(name)}"
             for name in definitions}

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: moved.get(v, v) if k == "$ref" and isinstance(v, str) else rewrite(v)
                    for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return node

    for name, definition in definitions.items():
        schemas[f"{prefix}.{_key(name)}"] = rewrite(definition)
    return {k: rewrite(v) for k, v in schema.items() if k != "$defs"}


def _message(contract: EventContract, schemas: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = {
        "name": contract.name,
        "title": f"{contract.name} v{contract.version}",
        "contentType": "application/json",
        "x-version": contract.version,
    }
    if contract.description:
        message["description"] = contract.description
    schema = contract.json_schema
    if schema:
        message["payload"] = _hoist_definitions(contract, schema, schemas)
    if contract.key:
        message["x-key"] = contract.key
        message["correlationId"] = {"location": f"$message.payload#/{contract.key}"}
    return message


def _bindings(structure: Topic | Queue, protocol: str) -> dict[str, Any]:
    if isinstance(structure, Topic) and protocol == "kafka":
        config: dict[str, Any] = {
            "cleanup.policy": ["compact", "delete"] if structure.compacted and
            not structure.retained.forever else ["compact"] if structure.compacted
            else ["delete"],
        }
        retention = structure.retained
        config["retention.ms"] = int(retention.period.total_seconds() * 1000) \
            if retention.period is not None else -1
        if retention.bytes is not None:
            config["retention.bytes"] = retention.bytes
        return {"kafka": {"topic": structure.name, "partitions": structure.partitions,
                          "replicas": structure.replication_factor,
                          "topicConfiguration": config, "bindingVersion": "0.5.0"}}
    if isinstance(structure, Queue) and protocol == "amqp":
        return {"amqp": {"is": "queue", "queue": {
            "name": structure.name, "durable": structure.durable, "exclusive": False,
            "autoDelete": False}, "bindingVersion": "0.3.0"}}
    return {}


def _operations(system: System, flow: Flow, channel_of: dict[tuple[int, str], str],
                channels: dict[str, Any], contracts: dict[str, EventContract],
                operations: dict[str, Any]) -> None:
    if flow.mechanism not in (Mechanism.ASYNC_EVENT, Mechanism.CDC) or flow.delivery is None \
            or flow.delivery.channel is None:
        return
    broker = None
    for end in (flow.via, flow.target, flow.source):
        candidate = system.resolve(end) if end is not None else None
        if isinstance(candidate, Datastore) and _is_broker(candidate):
            broker = candidate
            break
    if broker is None:
        return
    channel = channel_of.get((id(broker), flow.delivery.channel))
    if channel is None:
        return
    events = [e for e in flow.events if e in contracts]
    for event in events:  # a flow may carry an event its topic does not list
        channels[channel]["messages"].setdefault(
            _key(event), {"$ref": f"#/components/messages/{_key(event)}"})
    refs = [{"$ref": f"#/channels/{channel}/messages/{_key(e)}"} for e in events]
    source, target = system.resolve(flow.source), system.resolve(flow.target)
    base = _key(slugify(flow.name))
    delivery = flow.delivery
    summary = f"{flow.name} ({delivery.guarantee.value})"
    common: dict[str, Any] = {"channel": {"$ref": f"#/channels/{channel}"}}
    if refs:
        common["messages"] = refs
    extras: dict[str, Any] = {"x-delivery": delivery.guarantee.value}
    if delivery.ordering_key:
        extras["x-ordering-key"] = delivery.ordering_key
    if source is not None and source is not broker:
        operations[f"{base}.send"] = {
            "action": "send", "summary": f"{getattr(source, 'name', '?')} publishes: {summary}",
            **common, **extras}
    if isinstance(target, Service):
        receive = {"action": "receive",
                   "summary": f"{target.name} consumes: {summary}", **common, **extras}
        if delivery.idempotency_key:
            receive["x-idempotency-key"] = delivery.idempotency_key
        if delivery.consumer_group:
            receive["x-consumer-group"] = delivery.consumer_group
        dead = delivery.dead_letter_path
        if dead is not None:
            receive["x-dead-letter"] = str(dead)
        if delivery.retry is not None:
            receive["x-retry"] = str(delivery.retry)
        if delivery.consumer_group and getattr(broker.technology, "name", "").lower() in (
                "apache kafka", "redpanda"):
            receive["bindings"] = {"kafka": {"groupId": {
                "type": "string", "enum": [delivery.consumer_group]},
                "bindingVersion": "0.5.0"}}
        operations[f"{base}.receive"] = receive
