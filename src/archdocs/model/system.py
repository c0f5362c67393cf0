"""The system: bounded contexts, their services and datastores, and the flows between them.

    system = System("Marketplace")
    orders = system.context("Orders", domain="Sales", team="Checkout")
    api = orders.service("order-api")
    db = orders.datastore("orders-db", tech.PostgreSQL("16"), schema=OrdersBase)
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)

Every builder method records the file and line it was called from, so findings point there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from archdocs.model.context_map import (
    ContextRelationship,
    ContextRole,
    RelationshipKind,
    build_relationship,
)
from archdocs.model.datastore import Datastore
from archdocs.model.element import Element, Suppression
from archdocs.model.flow import Access, Consistency, Flow, Mechanism, default_flow_name
from archdocs.model.governance import Classified
from archdocs.model.location import caller_location
from archdocs.model.migration import ArchitectureMigration, Phase
from archdocs.model.patterns import Pattern
from archdocs.model.physical.messaging import Delivery, EventContract
from archdocs.model.reliability import Reliability
from archdocs.model.scenario import Scenario, ScenarioStep, resolve_steps
from archdocs.model.technology import Technology
from archdocs.model.validate import check_value
from archdocs.model.views import ArchitectureView, declare_view

E = TypeVar("E", bound=Element)

# The loader installs a callback here while it imports a models directory, so it can collect
# every System declared, wherever it is declared.
_system_listeners: list[Callable[[System], None]] = []


@dataclass(eq=False, repr=False)
class Service(Element):
    """A deployable unit that owns behaviour. It belongs to one bounded context."""

    KIND = "service"

    _: KW_ONLY
    context: BoundedContext | None = None
    technology: str | None = None
    """Free text, for example ``"Python / FastAPI"``."""


@dataclass(eq=False, repr=False)
class ExternalSystem(Element):
    """Something outside the system that exchanges data with it (a payment provider, a CRM)."""

    KIND = "external"


@dataclass(eq=False, repr=False)
class Actor(Element):
    """A person or role that uses the system."""

    KIND = "actor"


@dataclass(eq=False, repr=False)
class BoundedContext(Element):
    """A part of the business with its own language, team and data."""

    KIND = "context"

    _: KW_ONLY
    domain: str = ""
    team: str = ""
    system: System | None = field(default=None, repr=False)

    def service(
        self,
        name: str,
        *,
        description: str = "",
        technology: str | None = None,
        tags: Sequence[str] = (),
        suppress: Sequence[Suppression] = (),
    ) -> Service:
        """Declare a service in this context."""
        service = Service(
            name,
            description=description,
            context=self,
            technology=technology,
            tags=tuple(tags),
            suppressions=tuple(suppress),
            declared_at=caller_location(),
        )
        return self._owner().add(service)

    def datastore(self, name: str, technology: Technology, **options: Any) -> Datastore:
        """Declare a datastore owned by this context.

        ``options`` are :class:`Datastore` fields: ``role``, ``schema``, ``requirements``,
        ``scaling``, ``volumes``, ``access_patterns``, ``hosting``, ``backup``,
        ``high_availability``, ``retention``, ``budget``, ``description``, ``server``,
        ``region``, ``recovery``, ``logins``, ``classification``; and ``suppress``.
        """
        suppressions = tuple(options.pop("suppress", ()))
        datastore = Datastore(
            name,
            technology,
            context=self,
            suppressions=suppressions,
            declared_at=caller_location(),
            **options,
        )
        return self._owner().add(datastore)

    @property
    def services(self) -> list[Service]:
        return [s for s in self._owner().services if s.context is self]

    @property
    def datastores(self) -> list[Datastore]:
        return [d for d in self._owner().datastores if d.context is self]

    def _owner(self) -> System:
        if self.system is None:
            raise ValueError(
                f"context {self.name!r} is not part of a system: create it with system.context()"
            )
        return self.system


@dataclass(frozen=True)
class ElementIndex:
    """Names and ids of a system's elements, in the one search order of :meth:`System.resolve`;
    ``key`` says which state of the system it was built from."""

    key: tuple[int, ...]
    names: dict[str, Element]
    members: frozenset[int]
    flows: tuple[Flow, ...]

    @classmethod
    def build(cls, key: tuple[int, ...], kinds: Sequence[Sequence[Element]],
              flows: Sequence[Flow]) -> ElementIndex:
        names: dict[str, Element] = {}
        members: set[int] = set()
        for kind in kinds:
            for element in kind:
                names.setdefault(element.name, element)
                names.setdefault(element.id, element)
                members.add(id(element))
        return cls(key, names, frozenset(members), tuple(flows))

    def resolve(self, ref: Element | str | None) -> Element | None:
        """See :meth:`System.resolve`."""
        if ref is None:
            return None
        if isinstance(ref, str):
            return self.names.get(ref)
        return ref if id(ref) in self.members else None

    @cached_property
    def flow_ends(self) -> tuple[tuple[Flow, Element | None, Element | None, Element | None], ...]:
        """Each flow with its source, target and broker (``via``) resolved: the readers,
        writers and flows of an element are asked for on every datastore and context page, and
        resolving every flow's ends each time was most of what those questions cost."""
        return tuple((flow, self.resolve(flow.source), self.resolve(flow.target),
                      self.resolve(flow.via)) for flow in self.flows)


@dataclass(eq=False, repr=False)
class System(Element):
    """The root of a model. archdocs renders one site section per System."""

    KIND = "system"

    contexts: list[BoundedContext] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    datastores: list[Datastore] = field(default_factory=list)
    externals: list[ExternalSystem] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    migrations: list[ArchitectureMigration] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    views: list[ArchitectureView] = field(default_factory=list, init=False)
    """Diagrams declared with :meth:`view` (:mod:`archdocs.model.views`)."""
    relationships: list[ContextRelationship] = field(default_factory=list)
    """The context map: DDD relationships between contexts (:mod:`archdocs.model.context_map`)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        for listener in _system_listeners:
            listener(self)

    # -- builders ---------------------------------------------------------------------------

    def context(
        self,
        name: str,
        *,
        domain: str = "",
        team: str = "",
        description: str = "",
        suppress: Sequence[Suppression] = (),
    ) -> BoundedContext:
        """Declare a bounded context."""
        context = BoundedContext(
            name,
            domain=domain,
            team=team,
            description=description,
            system=self,
            suppressions=tuple(suppress),
            declared_at=caller_location(),
        )
        return self.add(context)

    def service(self, name: str, *, description: str = "", technology: str | None = None) -> Service:
        """Declare a service that belongs to no context (the review flags it)."""
        service = Service(
            name, description=description, technology=technology, declared_at=caller_location()
        )
        return self.add(service)

    def datastore(self, name: str, technology: Technology, **options: Any) -> Datastore:
        """Declare a datastore outside any context (the review flags it); see
        :meth:`BoundedContext.datastore`."""
        suppressions = tuple(options.pop("suppress", ()))
        datastore = Datastore(
            name, technology, suppressions=suppressions, declared_at=caller_location(), **options
        )
        return self.add(datastore)

    def external(self, name: str, *, description: str = "") -> ExternalSystem:
        """Declare an external system."""
        return self.add(
            ExternalSystem(name, description=description, declared_at=caller_location())
        )

    def actor(self, name: str, *, description: str = "") -> Actor:
        """Declare a person or role that uses the system."""
        return self.add(Actor(name, description=description, declared_at=caller_location()))

    def flow(
        self,
        source: Element | str,
        target: Element | str,
        mechanism: Mechanism,
        *,
        name: str | None = None,
        access: Access | None = None,
        carries: Sequence[Any] = (),
        events: Sequence[str | EventContract] = (),
        consistency: Consistency | None = None,
        per_second: float | None = None,
        via: Element | str | None = None,
        delivery: Delivery | None = None,
        derives: Mapping[str, Sequence[str] | str | Mapping[str, str]] | None = None,
        description: str = "",
        suppress: Sequence[Suppression] = (),
        classification: Sequence[Classified] = (),
        reliability: Reliability | None = None,
    ) -> Flow:
        """Declare a flow of data from ``source`` to ``target``; see :class:`Flow` (which also
        says what ``consistency`` is when left out)."""
        flow = Flow(
            name or default_flow_name(source, target, mechanism),
            source,
            target,
            mechanism,
            access=access,
            carries=tuple(carries),
            events=tuple(events),  # contracts become names in Flow.__post_init__
            per_second=per_second,
            via=via,
            delivery=delivery,
            derives=dict(derives or {}),
            description=description,
            suppressions=tuple(suppress),
            classification=tuple(classification),
            reliability=reliability,
            declared_at=caller_location(),
        )
        if consistency is not None:
            check_value(flow, "consistency", consistency, Consistency)
            flow.consistency = consistency
        return self.add(flow)

    def relationship(
        self,
        upstream: BoundedContext | ExternalSystem | str,
        downstream: BoundedContext | ExternalSystem | str,
        *,
        kind: RelationshipKind = RelationshipKind.UPSTREAM_DOWNSTREAM,
        upstream_roles: Sequence[ContextRole] = (),
        downstream_roles: Sequence[ContextRole] = (),
        description: str = "",
    ) -> ContextRelationship:
        """Declare a context-map relationship; see :mod:`archdocs.model.context_map`. For a
        symmetric ``kind`` (partnership, shared kernel) the two contexts are just its two
        sides."""
        relationship = build_relationship(
            self, upstream, downstream, kind=kind, upstream_roles=upstream_roles,
            downstream_roles=downstream_roles, description=description)
        self.relationships.append(relationship)
        return relationship

    def pattern(self, pattern: Pattern) -> Pattern:
        """Declare that the system follows ``pattern``; the review verifies it."""
        return self.add(pattern)

    def migration(
        self,
        name: str,
        *,
        from_state: str,
        to_state: str,
        phases: Sequence[Phase] = (),
        cutover_criteria: Sequence[str] = (),
        risks: Sequence[str] = (),
        affects: Sequence[Element | str] = (),
        description: str = "",
        **options: Any,
    ) -> ArchitectureMigration:
        """Declare an architecture migration with its phases; see :class:`ArchitectureMigration`."""
        migration = ArchitectureMigration(
            name,
            from_state,
            to_state,
            phases=phases,
            cutover_criteria=cutover_criteria,
            risks=risks,
            affects=affects,
            description=description,
            declared_at=caller_location(),
            **options,
        )
        return self.add(migration)

    def scenario(self, name: str, *, steps: Sequence[Flow | str | ScenarioStep],
                 description: str = "") -> Scenario:
        """Declare a scenario: ordered steps over flows already declared; see
        :mod:`archdocs.model.scenario`."""
        location = caller_location()
        return self.add(Scenario(name, description=description, declared_at=location,
                                 steps=resolve_steps(self, name, steps, location)))

    def view(self, name: str, *, include: Sequence[Element | str] = (),
             exclude: Sequence[Element | str] = (), description: str = "") -> ArchitectureView:
        """Declare a diagram of the ``include``d elements (a context brings its services and
        datastores, a flow its two ends) minus the ``exclude``d ones, with every flow between
        them; it gets a page of its own. See :mod:`archdocs.model.views`."""
        return declare_view(self, name, include, exclude, description)

    def add(self, element: E) -> E:
        """Add an element created with its constructor. Builders call this for you."""
        if isinstance(element, BoundedContext):
            element.system = self
            self.contexts.append(element)
        elif isinstance(element, Service):
            self.services.append(element)
        elif isinstance(element, Datastore):
            self.datastores.append(element)
        elif isinstance(element, ExternalSystem):
            self.externals.append(element)
        elif isinstance(element, Actor):
            self.actors.append(element)
        elif isinstance(element, Flow):
            self.flows.append(element)
        elif isinstance(element, Pattern):
            self.patterns.append(element)
        elif isinstance(element, ArchitectureMigration):
            self.migrations.append(element)
        elif isinstance(element, Scenario):
            self.scenarios.append(element)
        else:
            raise TypeError(f"a System cannot hold {type(element).__name__}")
        return element

    # -- queries ----------------------------------------------------------------------------

    def elements(self) -> Iterator[Element]:
        """Every element, in declaration order within each kind."""
        yield from self.contexts
        yield from self.services
        yield from self.datastores
        yield from self.externals
        yield from self.actors
        yield from self.flows
        yield from self.patterns
        yield from self.migrations
        yield from self.scenarios

    def nodes(self) -> Iterator[Element]:
        """Elements a flow can connect: contexts, services, datastores, externals, actors."""
        yield from self.contexts
        yield from self.services
        yield from self.datastores
        yield from self.externals
        yield from self.actors

    def resolve(self, ref: Element | str | None) -> Element | None:
        """The element ``ref`` names, or ``None`` when nothing in this system has that name.

        A name or id is looked up in :meth:`index` (services first, then datastores, contexts,
        externals, actors, flows, patterns, migrations, scenarios: the first kind with the name
        wins). An element object resolves to itself only if it belongs to this system.
        """
        return self.index().resolve(ref)

    def index(self) -> ElementIndex:
        """The system's one element index, built on first use and rebuilt when an element is
        added: every lookup by name or id (rules, pages, ADR links) goes through it."""
        # Checked on every lookup (hundreds of thousands in a site build), so written out:
        # the lengths in _search_order's order, without building the kinds first.
        key = (id(self), len(self.services), len(self.datastores), len(self.contexts),
               len(self.externals), len(self.actors), len(self.flows), len(self.patterns),
               len(self.migrations), len(self.scenarios))
        cached: ElementIndex | None = self.__dict__.get("_element_index")
        if cached is None or cached.key != key:
            kinds = self._search_order()
            cached = ElementIndex.build((id(self), *map(len, kinds)), kinds, self.flows)
            self.__dict__["_element_index"] = cached
        return cached

    def _search_order(self) -> tuple[Sequence[Element], ...]:
        return (self.services, self.datastores, self.contexts, self.externals, self.actors,
                self.flows, self.patterns, self.migrations, self.scenarios)

    def find_table(self, reference: str) -> tuple[Datastore, Any] | None:
        """``orders-db.orders`` or ``orders-db.sales.orders``: a datastore name, a dot, then a
        table of it (``Datastore.table``); the first datastore prefix that has the table."""
        for position, char in enumerate(reference):
            if char != ".":
                continue
            datastore = self.find_datastore(reference[:position])
            if datastore is not None:
                table = datastore.table(reference[position + 1:])
                if table is not None:
                    return datastore, table
        return None

    def find_datastore(self, ref: Element | str | None) -> Datastore | None:
        element = self.resolve(ref)
        if isinstance(element, Datastore):
            return element
        if isinstance(ref, str):
            return next((d for d in self.datastores if d.name == ref), None)
        return None

    def find_flow(self, ref: Flow | str | None) -> Flow | None:
        if isinstance(ref, str):
            return next((f for f in self.flows if f.name == ref), None)
        return ref if isinstance(ref, Flow) and id(ref) in self.index().members else None

    def context_of(self, element: Element | None) -> BoundedContext | None:
        """The bounded context an element belongs to (itself, for a context)."""
        if isinstance(element, BoundedContext):
            return element
        if isinstance(element, (Service, Datastore)):
            return element.context
        return None

    def writers(self, datastore: Datastore) -> list[tuple[Element, Flow]]:
        """Who writes ``datastore``, and through which flow.

        A flow into the datastore writes it when its access writes, or when its source is
        another datastore (replication, ETL). Publishing through a broker (``via``) writes the
        broker.
        """
        found: list[tuple[Element, Flow]] = []
        for flow, source, target, via in self.index().flow_ends:
            if source is None:
                continue
            if target is datastore and (
                isinstance(source, Datastore) or flow.effective_access.writes
            ):
                found.append((source, flow))
            if via is datastore:
                found.append((source, flow))
        return found

    def readers(self, datastore: Datastore) -> list[tuple[Element, Flow]]:
        """Who reads ``datastore``, and through which flow."""
        found: list[tuple[Element, Flow]] = []
        for flow, source, target, via in self.index().flow_ends:
            if target is datastore and source is not None and flow.effective_access.reads \
                    and not isinstance(source, Datastore):
                found.append((source, flow))
            if source is datastore and target is not None:
                found.append((target, flow))
            if via is datastore and target is not None:
                found.append((target, flow))
        return found

    def flows_of(self, element: Element) -> tuple[list[Flow], list[Flow]]:
        """``(inbound, outbound)`` flows of an element; a context includes its members' flows."""
        members: set[int] = {id(element)}
        if isinstance(element, BoundedContext):
            members |= {id(e) for e in (*element.services, *element.datastores)}
        inbound, outbound = [], []
        for flow, source, target, _ in self.index().flow_ends:
            source_in = source is not None and id(source) in members
            target_in = target is not None and id(target) in members
            if target_in and not source_in:
                inbound.append(flow)
            elif source_in and not target_in or source_in and target_in:
                outbound.append(flow)
        return inbound, outbound

    def context_dependencies(self) -> list[tuple[Element, Element, list[Flow]]]:
        """Flows that cross a context boundary, grouped by ``(source, target)``: a service or
        datastore stands for its context, an actor or external system for itself. Flows inside
        one context and flows with an unresolved endpoint are left out. Sorted by names."""
        grouped: dict[tuple[int, int], tuple[Element, Element, list[Flow]]] = {}
        for flow, source, target, _ in self.index().flow_ends:
            if source is None or target is None:
                continue
            source, target = _context_or_self(source), _context_or_self(target)
            if source is target or isinstance(source, Flow) or isinstance(target, Flow):
                continue
            grouped.setdefault((id(source), id(target)), (source, target, []))[2].append(flow)
        return sorted(grouped.values(), key=lambda g: (g[0].name, g[1].name, g[0].KIND, g[1].KIND))

    def datastore_of_table(self, table_name: str, prefer: Sequence[Datastore] = ()) -> Datastore | None:
        """The datastore holding ``table_name``, looking first in ``prefer``."""
        for datastore in (*prefer, *self.datastores):
            if datastore.table(table_name) is not None:
                return datastore
        return None


def _context_or_self(element: Element) -> Element:
    if isinstance(element, (Service, Datastore)) and element.context is not None:
        return element.context
    return element
