"""The advice for one datastore: kind, ranked products with reasons, rejected options,
managed vs self-hosted, 'start simple' checks, the context's pattern and the scalability path.

Every number in a score is a :class:`Reason` line, so the ranking can be read line by line.
Nothing depends on the clock or on dict order: the same model gives the same advice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from archdocs.advise.catalogue import (
    CLOUD_RESIDENCIES,
    EMULATIONS,
    KIND_STRENGTHS,
    MAX_SHARDS_BEFORE_OTHER_TECHNOLOGY,
    NEAR_HORIZON_YEARS,
    READS_PER_NODE,
    ROLE_KINDS,
    SEARCH_REPLICA_FACTOR,
    SEARCHES_PER_RELATIONAL_NODE,
    candidates,
    offered_in,
    profile,
)
from archdocs.model.constraints import RESIDENCIES, BudgetClass, Cloud, Constraints
from archdocs.model.datastore import Datastore, Requirement, Role
from archdocs.model.flow import Mechanism
from archdocs.model.notes import Operation
from archdocs.model.patterns import CQRS, EventSourcing, TransactionalOutbox
from archdocs.model.system import BoundedContext, System
from archdocs.model.technology import CATALOGUE, Budget, Capability, Kind
from archdocs.perf.scalability import (
    Horizon,
    Projection,
    budget_horizon,
    format_years,
    memoized,
    project,
)

FAR_SIMPLER_GAP = 6
"""Score points by which another option must beat a decided one for the review (TEC007) to
call the decision a contradiction rather than a close call."""

_BUDGET_RANK = {BudgetClass.LOW: 0, BudgetClass.MEDIUM: 1, BudgetClass.HIGH: 2}
_DEFAULT = Constraints()


@dataclass(frozen=True)
class Reason:
    points: int
    text: str


@dataclass(frozen=True)
class Option:
    """A weighed product: its score and why, or why it is rejected."""

    technology: str
    name: str
    kind: str
    score: int
    reasons: tuple[Reason, ...]
    managed: str | None
    """The managed offering on the chosen cloud, if any."""
    rejected: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    """A 'start simple' check: the heavier option, why it is not needed yet, the trigger."""

    subject: str
    verdict: str
    trigger: str


@dataclass(frozen=True)
class Step:
    name: str
    when: str
    detail: str


@dataclass(frozen=True)
class PatternAdvice:
    pattern: str
    reasons: tuple[str, ...]
    consistency_cost: str


@dataclass(frozen=True)
class Advice:
    datastore: str
    context: str | None
    decided: str | None
    """The chosen technology's id, or None while undecided."""
    needs: tuple[str, ...]
    """Capabilities needed, each with where the need comes from."""
    kind: str
    ranked: tuple[Option, ...]
    rejected: tuple[Option, ...]
    hosting: tuple[str, ...]
    checks: tuple[Check, ...]
    pattern: PatternAdvice | None
    path: tuple[Step, ...]
    complete: bool = True
    """False when no catalogued option meets every need: ``ranked`` holds the closest ones."""
    contradictions: tuple[str, ...] = field(default=())
    """For a decided store: requirements its product cannot meet, or a far simpler option."""
    data_residency: str | None = None
    """The jurisdiction the data must stay in, from the constraints."""
    residency: tuple[str, ...] = field(default=())
    """What the residency means for this store: where its copies may go, which offerings
    are sold there."""

    @property
    def recommended(self) -> Option:
        return self.ranked[0]


def _needs(datastore: Datastore) -> dict[Capability, str]:
    needs: dict[Capability, str] = {}
    for requirement in datastore.requirements:
        if requirement.capability is not None:
            needs.setdefault(requirement.capability, f"requirement {requirement.value}")
    for pattern in datastore.all_access_patterns():
        if pattern.text_search:
            needs.setdefault(Capability.FULL_TEXT_SEARCH,
                             f"access pattern '{pattern.name}' searches text")
    if datastore.role is Role.SYSTEM_OF_RECORD:
        needs.setdefault(Capability.DURABLE_BY_DEFAULT,
                         "role system-of-record: acknowledged writes must survive a crash")
    if datastore.role is Role.EVENT_STORE:
        needs.setdefault(Capability.APPEND_ONLY_LOG, "role event-store: events are only appended")
    if datastore.role is Role.CACHE:
        needs.setdefault(Capability.TTL, "role cache: entries expire")
    return needs


@dataclass
class _Horizons:
    """When one node with a given budget runs out under a projection, each budget computed
    once: the options share a handful of budgets."""

    projection: Projection
    cache: dict[Budget, Horizon | None] = field(default_factory=dict)

    def __call__(self, budget: Budget) -> Horizon | None:
        if budget not in self.cache:
            self.cache[budget] = budget_horizon(self.projection.tables, budget)
        return self.cache[budget]


def _running(datastore: Datastore) -> frozenset[str]:
    """Technology ids the system of ``datastore`` already runs in its other datastores."""
    context = datastore.context
    system = context.system if context is not None else None
    if system is None:
        return frozenset()
    return frozenset(d.technology.id for d in system.datastores
                     if d is not datastore and d.decided)


def _searches_per_second(datastore: Datastore) -> float:
    return float(sum(p.per_second or 0 for p in datastore.all_access_patterns()
                     if p.text_search))


def _reads_per_second(datastore: Datastore) -> float:
    return float(sum(p.per_second or 0 for p in datastore.all_access_patterns()
                     if p.operation is Operation.READ))


def _writes_now(projection: Projection) -> float:
    return projection.points[0].writes_per_second if projection.points else 0.0


def _weigh(datastore: Datastore, technology_id: str, needs: dict[Capability, str],
           constraints: Constraints, projection: Projection, horizons: _Horizons, *,
           running: frozenset[str], searches: float) -> Option:
    """One option for ``datastore``; ``running`` (:func:`_running`) and ``searches``
    (:func:`_searches_per_second`) are the same for every option, so computed once."""
    spec = CATALOGUE[technology_id]
    prof = profile(technology_id)
    # Asked several times below, for each of the ~20 options of every datastore.
    ordered = sorted(needs)
    has_volumes = projection.has_volumes
    cloud = constraints.cloud
    residency = constraints.data_residency
    offers = _offers(technology_id, residency)
    managed = offers.get(cloud) if cloud is not None else None
    rejected: list[str] = []
    reasons: list[Reason] = []
    outside = prof.managed.get(cloud) if cloud is not None and managed is None else None
    if residency is not None and outside is not None:
        if spec.managed_offering:
            rejected.append(f"{outside} is not offered in {residency}, where the data must stay")
        else:
            reasons.append(Reason(0, f"{outside} is not offered in {residency}, where the data "
                                     "must stay: self-hosted there"))
    elif residency is not None and cloud is None and prof.managed and not offers:
        if spec.managed_offering:
            rejected.append(f"no managed offering in {residency}, where the data must stay")
        else:
            reasons.append(Reason(0, f"no managed offering in {residency}, where the data must "
                                     "stay: self-hosted there"))
    for capability in ordered:
        source = needs[capability]
        emulation = EMULATIONS.get((capability, spec.kind))
        if capability in spec.capabilities:
            continue
        if emulation is not None:
            reasons.append(Reason(*emulation))
        else:
            rejected.append(f"no {capability.value} ({source})")
    kinds = ROLE_KINDS.get(datastore.role, ())
    if spec.kind not in kinds:
        rejected.append(f"{_article(spec.kind.value)} {spec.kind.value} store does not play the role {datastore.role.value}")
    if spec.managed_offering and cloud is not None and managed is None and outside is None:
        rejected.append(f"only sold as a managed service, not on {cloud.value}")
    if _BUDGET_RANK[prof.cost] > _BUDGET_RANK[constraints.budget_class]:
        rejected.append(f"needs a {prof.cost.value} budget, the constraint is "
                        f"{constraints.budget_class.value}")
    if spec.kind is Kind.RELATIONAL and searches > SEARCHES_PER_RELATIONAL_NODE:
        # Past a few times the limit, read replicas of one primary no longer carry the searches:
        # the penalty grows with how far the rate is past it.
        over = searches / SEARCHES_PER_RELATIONAL_NODE
        reasons.append(Reason(-4 if over <= SEARCH_REPLICA_FACTOR else -8,
                              f"{searches:,.0f} text searches/s exceed the "
                              f"{SEARCHES_PER_RELATIONAL_NODE:,.0f}/s a relational primary "
                              "serves beside its transactions"
                              + (f" {over:,.0f}×: more than {SEARCH_REPLICA_FACTOR:.0f} read "
                                 "replicas carry" if over > SEARCH_REPLICA_FACTOR else "")))
    met = [f"{c.value}" for c in ordered if c in spec.capabilities]
    if met:
        reasons.append(Reason(0, "meets " + ", ".join(met)))
    if spec.kind in kinds:
        rank = kinds.index(spec.kind)
        points = max(3 - rank, 0)
        if points:
            reasons.append(Reason(points, f"{spec.kind.value} is the framework's "
                                          f"{'first' if rank == 0 else 'next'} choice for the "
                                          f"role {datastore.role.value}"))
    for capability in ordered:
        strength = KIND_STRENGTHS.get((capability, spec.kind))
        if strength is not None and capability in spec.capabilities:
            reasons.append(Reason(*strength))
    if technology_id in constraints.already_run:
        reasons.append(Reason(3, "already run in production: no new technology to operate"))
    elif technology_id in running:
        reasons.append(Reason(3, "already run in this system: no new technology to operate"))
    if technology_id in constraints.team_skills:
        reasons.append(Reason(2, "the team knows it"))
    if constraints.prefer_managed and managed is not None:
        reasons.append(Reason(2, f"managed on {cloud.value if cloud else ''} as {managed}"))
    elif constraints.prefer_managed and cloud is None and offers:
        reasons.append(Reason(1 if len(offers) >= 3 else 0, "managed offerings on " + ", ".join(
            sorted(c.value for c in offers)) + (f" in {residency}" if residency else "")))
    if spec.managed_offering and cloud is None and len(offers) == 1:
        only = next(iter(offers))
        reasons.append(Reason(-2, f"only on {only.value}: ties the system to one cloud"))
    simplicity = 5 if (constraints.prefer_managed and managed) else prof.simplicity
    reasons.append(Reason(simplicity - 3, f"operational simplicity {simplicity}/5"
                          + (" (managed)" if simplicity == 5 and managed else " (self-hosted)")))
    if prof.general_purpose:
        reasons.append(Reason(1, "general purpose: start simple"))
    unneeded = sorted(
        c for c in (Capability.NATIVE_SHARDING, Capability.HIGH_WRITE_THROUGHPUT)
        if c in spec.capabilities and c not in needs
    )
    if unneeded and has_volumes and horizons(spec.budget) is None \
            and horizons(CATALOGUE["postgresql"].budget) is None:
        reasons.append(Reason(-2, "built for scale the projections do not reach in 10 years ("
                                  + ", ".join(c.value for c in unneeded) + ")"))
    single = horizons(CATALOGUE["postgresql"].budget) \
        if has_volumes else None
    if single is not None and single.years < NEAR_HORIZON_YEARS and Capability.NATIVE_SHARDING in spec.capabilities:
        reasons.append(Reason(2, f"shards natively: one relational node runs out in about "
                                 f"{format_years(single.years)} ({single.resource})"))
    if has_volumes and Capability.NATIVE_SHARDING not in spec.capabilities:
        horizon = horizons(spec.budget)
        if horizon is not None and horizon.years < NEAR_HORIZON_YEARS:
            reasons.append(Reason(-2, f"one node runs out in about {format_years(horizon.years)} "
                                      f"({horizon.resource}) and it does not shard natively"))
    score = sum(r.points for r in reasons)
    return Option(technology_id, spec.name, spec.kind.value, score, tuple(reasons), managed,
                  tuple(rejected))


def _offers(technology_id: str, residency: str | None) -> dict[Cloud, str]:
    """The managed offerings of ``technology_id`` per cloud, those sold in ``residency`` only."""
    return {c: name for c, name in profile(technology_id).managed.items()
            if residency is None or residency in offered_in(technology_id, c)}


def _residency(constraints: Constraints, ranked: Sequence[Option]) -> list[str]:
    """What the data residency asks of the store, its copies and its offerings."""
    residency = constraints.data_residency
    if residency is None:
        return []
    where = RESIDENCIES[residency]
    lines = [f"the data must stay in {where} ({residency}): the primary, its standbys and read "
             f"replicas, its backups and snapshots go to regions in {residency} only",
             f"a cross-region read replica or disaster-recovery copy stays within {residency}: "
             "a second region there, never one in another jurisdiction (GOV005 reports "
             "classified data copied out of its region)"]
    cloud = constraints.cloud
    if cloud is not None and cloud is not Cloud.ON_PREMISES:
        if residency in CLOUD_RESIDENCIES.get(cloud, frozenset()):
            lines.append(f"{cloud.value} has regions in {residency}")
        else:
            others = sorted(c.value for c, where in CLOUD_RESIDENCIES.items()
                            if c is not cloud and residency in where)
            lines.append(f"{cloud.value} has no region in {residency}: nothing managed there "
                         "keeps the data in place; self-host on premises"
                         + (" or choose a cloud with a region there (" + ", ".join(others) + ")"
                            if others else ""))
    for option in ranked[:3]:
        offers = _offers(option.technology, residency)
        missing = sorted(c.value for c in profile(option.technology).managed if c not in offers)
        if missing:
            lines.append(f"{option.name}: not offered as a managed service in {residency} on "
                         + ", ".join(missing))
    return lines


def _checks(system: System, datastore: Datastore, top: Option, constraints: Constraints,
            projection: Projection, horizons: _Horizons) -> list[Check]:
    checks: list[Check] = []
    reads = _reads_per_second(datastore)
    relational_budget = CATALOGUE["postgresql"].budget
    horizon = horizons(relational_budget) if projection.has_volumes else None
    if datastore.role is Role.CACHE and reads < READS_PER_NODE / 10:
        checks.append(Check(
            "cache", f"a cache in front of {reads:,.0f} reads/s: the system of record's indexes "
                     "serve that directly",
            f"when reads exceed {READS_PER_NODE / 10:,.0f}/s or a latency target below what an "
            "indexed read gives"))
    text = [p for p in datastore.all_access_patterns() if p.text_search]
    rate = _searches_per_second(datastore)
    if (Requirement.FULL_TEXT in datastore.requirements or text) and top.kind == Kind.RELATIONAL \
            and rate <= SEARCHES_PER_RELATIONAL_NODE:
        checks.append(Check(
            "search engine", f"{top.name} full-text search serves {rate:,.0f} searches/s "
                             "next to the data, with no second store to feed",
            f"when searches exceed {SEARCHES_PER_RELATIONAL_NODE:,.0f}/s, or relevance tuning, "
            "facets or fuzzy matching are needed: then a search index (Elasticsearch, "
            "OpenSearch) fed by CDC"))
    elif rate > SEARCHES_PER_RELATIONAL_NODE:
        checks.append(Check(
            "search engine", f"needed: {rate:,.0f} searches/s are past the "
                             f"{SEARCHES_PER_RELATIONAL_NODE:,.0f}/s where relational full-text "
                             "search stops being the simple option",
            "already reached"))
    if datastore.role is Role.SEARCH_INDEX and not text:
        checks.append(Check(
            "search engine", "no access pattern searches text: a B-tree index on the "
                             "system of record serves prefix and equality lookups",
            "when a pattern needs full-text relevance"))
    natively = Capability.NATIVE_SHARDING in CATALOGUE[top.technology].capabilities
    if datastore.scaling.sharding and not natively and (horizon is None or horizon.years >= 3):
        fits = "for 10 years" if horizon is None else f"for {format_years(horizon.years)}"
        checks.append(Check(
            "sharding", f"the data fits one node {fits}: sharding now adds cross-shard queries "
                        "and operations for no gain",
            f"at the horizon: {horizon.describe()}" if horizon else
            "when the projections reach the single-node budget"))
    sourced = datastore.role is Role.EVENT_STORE or any(
        isinstance(p, EventSourcing) and system.find_datastore(p.event_store) is datastore
        for p in system.patterns)
    if sourced and not (constraints.audit_trail or constraints.temporal_queries):
        checks.append(Check(
            "event sourcing", "no audit-trail or temporal-query need is declared: state in "
                              "tables with an outbox gives the events without replaying them",
            "when the domain needs every change kept or state as of a past date "
            "(Constraints(audit_trail=True) or temporal_queries=True)"))
    if horizon is None and projection.has_volumes and top.kind != Kind.RELATIONAL.value \
            and Capability.ACID_TRANSACTIONS not in _needs(datastore) \
            and datastore.role is Role.SYSTEM_OF_RECORD and top.technology != "postgresql":
        checks.append(Check(
            "one relational store", "one relational node carries the projected volume for 10 "
                                    "years; a second kind of store is a choice of data model, "
                                    "not of scale",
            "keep it if the data model needs it; scale is not the reason"))
    return checks


def _path(datastore: Datastore, projection: Projection, top: Option,
          horizons: _Horizons, residency: str | None = None) -> list[Step]:
    spec = CATALOGUE[top.technology]
    budget = spec.budget.merged(datastore.budget)
    steps: list[Step] = []
    horizon = horizons(budget) if projection.has_volumes else None
    steps.append(Step("vertical", "now",
                      f"one {spec.name} node"
                      + (f" until {horizon.describe()}" if horizon else
                         " for the 10 years projected" if projection.has_volumes else
                         " (declare volumes for a date)")))
    reads = _reads_per_second(datastore)
    growth = max((t.volume.growth_per_year for t in projection.tables if t.volume), default=0.0)
    if reads > READS_PER_NODE:
        when = "now"
    elif reads > 0 and growth > 0 and \
            math.log(READS_PER_NODE / reads) / math.log1p(growth) <= 10:
        years = math.log(READS_PER_NODE / reads) / math.log1p(growth)
        when = f"in about {format_years(years)} (reads exceed {READS_PER_NODE:,.0f}/s)"
    else:
        when = f"when reads exceed {READS_PER_NODE:,.0f}/s"
    steps.append(Step(
        "read replicas", when,
        f"declared reads {reads:,.0f}/s"
        + (f", growing {growth:.0%} a year with the data" if growth > 0 else "")
        + "; replicas are read-your-writes-unsafe (async)"
        + (f"; replicas, cross-region ones included, in {residency} regions only"
           if residency else "")))
    parts = projection.partitions
    steps.append(Step(
        "partitioning", "now" if parts else "when a table's time range patterns appear",
        "; ".join(f"{p.table} by {p.column} (patterns: {', '.join(p.patterns)})" for p in parts)
        or "no time-range access pattern asks for it"))
    key = projection.shard_key
    when = f"in about {format_years(horizon.years)}" if horizon else "beyond 10 years"
    steps.append(Step(
        "sharding", when,
        ((f"shard key {key.column}: {key.share:.0%} of the declared traffic filters by it "
          f"({', '.join(key.patterns)})") if key else
         "no equality access pattern gives a shard key yet")
        + (f"; every shard and its replicas in {residency}" if residency else "")))
    if horizon is not None and Capability.NATIVE_SHARDING not in spec.capabilities:
        ten = projection.points[-1]
        nodes = max(ten.bytes / (budget.storage_gb or 1) / 1024**3,
                    ten.writes_per_second / (budget.writes_per_second or 1), 1.0)
        other = ("a natively distributed store (Citus, CockroachDB, Cassandra, DynamoDB)"
                 + (f", its nodes and multi-region replicas in {residency} only"
                    if residency else "")
                 if nodes > MAX_SHARDS_BEFORE_OTHER_TECHNOLOGY else "not needed in 10 years")
        steps.append(Step("other technology",
                          f"when more than {MAX_SHARDS_BEFORE_OTHER_TECHNOLOGY} shards are "
                          f"needed (10-year projection: {nodes:,.0f})", other))
    return steps


def context_pattern(system: System, context: BoundedContext) -> PatternAdvice:
    """The data pattern for a context: single database, per service, CQRS, event sourcing,
    outbox, with the reasons and the consistency cost."""
    held = context.datastores  # found by a pass over the system's datastores: once
    stores = [d for d in held if d.role is Role.SYSTEM_OF_RECORD]
    services = context.services
    declared = [type(p).__name__ for p in system.patterns
                if getattr(p, "context", None) in (context, context.name)]
    audit = any((d.constraints or _DEFAULT).audit_trail or (d.constraints or _DEFAULT).temporal_queries
                for d in held)
    read_models = [d for d in held if d.role in (Role.READ_MODEL, Role.SEARCH_INDEX)]
    # Each flow's source as System.resolve gives it, resolved once per system by its index.
    publishes = [f for f, source, _, _ in system.index().flow_ends
                 if f.mechanism is Mechanism.ASYNC_EVENT and system.context_of(source) is context]
    reasons: list[str] = []
    sourced = any(isinstance(p, EventSourcing) and system.context_of(
        system.find_datastore(p.event_store)) is context for p in system.patterns)
    if audit or sourced:
        reasons.append("a datastore declares an audit-trail or temporal-query need" if audit
                       else "event sourcing is declared for a store of this context")
        name, cost = "event sourcing", (
            "read models are eventually consistent with the event log; schema changes become "
            "event upcasting")
    elif read_models:
        reasons.append("read models (" + ", ".join(sorted(d.name for d in read_models))
                       + ") serve queries shaped unlike the writes")
        name, cost = "CQRS", "reads lag writes by the feed's delay; read-your-writes needs care"
    elif len(services) > 1 and len(stores) > 1:
        reasons.append(f"{len(services)} services each owning data")
        name, cost = "database per service", (
            "no transaction spans services: cross-service invariants become sagas")
    else:
        owners = (f"one service ({services[0].name})" if len(services) == 1 else
                  "no service declared" if not services else f"{len(services)} services")
        reasons.append(f"{owners} and {len(stores)} system(s) of record: one database keeps "
                       "transactions and joins")
        name, cost = "single database", "none: one ACID store is strongly consistent"
    if publishes:
        reasons.append(f"{len(publishes)} asynchronous event flow(s) leave the context: publish "
                       "them through a transactional outbox so state and event commit together")
        name += " + outbox"
        cost += "; consumers see events after commit (at-least-once, idempotent handlers)"
    if declared:
        reasons.append("declared: " + ", ".join(sorted(set(declared))))
    _ = (CQRS, TransactionalOutbox)
    return PatternAdvice(name, tuple(reasons), cost)


@dataclass(frozen=True)
class Ranking:
    """Every candidate technology weighed for one datastore: the part of the advice that
    TEC007 needs, without the hosting, checks, pattern and path."""

    options: tuple[Option, ...]
    """In the order of :func:`candidates`."""
    ranked: tuple[Option, ...]
    """Those that meet every need, best first; when none does, the three closest."""
    rejected: tuple[Option, ...]
    complete: bool
    """Whether some option meets every need."""

    @property
    def recommended(self) -> Option:
        return self.ranked[0]


def rank(system: System, datastore: Datastore) -> Ranking:
    """Every candidate technology for ``datastore``, weighed and ranked as the advice does.
    Made once per site build (the review's TEC007 and the advice page ask for it)."""
    return memoized("ranking", system, datastore, lambda: _ranked(system, datastore))


def _ranked(system: System, datastore: Datastore) -> Ranking:
    projection = project(system, datastore)
    return _rank(datastore, _needs(datastore), datastore.constraints or _DEFAULT, projection,
                 _Horizons(projection))


def _rank(datastore: Datastore, needs: dict[Capability, str], constraints: Constraints,
          projection: Projection, horizons: _Horizons) -> Ranking:
    running, searches = _running(datastore), _searches_per_second(datastore)
    options = [_weigh(datastore, t, needs, constraints, projection, horizons, running=running,
                      searches=searches) for t in candidates()]
    # Ties go to the option with more capabilities (headroom for needs not declared yet).
    ranked = sorted((o for o in options if not o.rejected),
                    key=lambda o: (-o.score, -len(CATALOGUE[o.technology].capabilities),
                                   o.technology))
    rejected = sorted((o for o in options if o.rejected), key=lambda o: o.technology)
    complete = bool(ranked)
    if not ranked:
        # Nothing meets everything: the closest options, each still naming what it misses.
        ranked = sorted(options, key=lambda o: (len(o.rejected), -o.score, o.technology))[:3]
    return Ranking(tuple(options), tuple(ranked), tuple(rejected), complete)


def advise(system: System, datastore: Datastore) -> Advice:
    """The advice for ``datastore``."""
    constraints = datastore.constraints or _DEFAULT
    needs = _needs(datastore)
    projection = project(system, datastore)
    horizons = _Horizons(projection)
    ranking = rank(system, datastore)
    options, ranked, top = ranking.options, ranking.ranked, ranking.recommended
    hosting = []
    residency = constraints.data_residency
    for option in ranked[:3]:
        prof = profile(option.technology)
        sold = _offers(option.technology, residency)
        offers = ("managed on " + constraints.cloud.value + ": " + option.managed) \
            if option.managed and constraints.cloud else (
                "managed" + (f" in {residency}" if residency else "") + ": "
                + "; ".join(f"{c.value}: {sold[c]}" for c in sorted(sold))
                if sold else
                "no managed offering" + (f" in {residency}" if residency and prof.managed else ""))
        self_hosted = ("self-hosted: not possible" if CATALOGUE[option.technology].managed_offering
                       else f"self-hosted: simplicity {prof.simplicity}/5")
        pick = "managed" if (constraints.prefer_managed and (option.managed or (
            constraints.cloud is None and sold))) and constraints.cloud is not Cloud.ON_PREMISES \
            else "self-hosted"
        hosting.append(f"{option.name}: {offers}; {self_hosted}; prefer {pick}")
    contradictions: list[str] = []
    if datastore.decided:
        chosen = next(o for o in options if o.technology == datastore.technology.id) \
            if datastore.technology.id in {o.technology for o in options} else None
        if chosen is not None:
            contradictions.extend(f"{chosen.name}: {r}" for r in chosen.rejected
                                  if r.startswith("no "))
            if not chosen.rejected and top.technology != chosen.technology \
                    and top.score - chosen.score >= FAR_SIMPLER_GAP:
                contradictions.append(
                    f"{top.name} meets every requirement and scores {top.score} against "
                    f"{chosen.score} for {chosen.name}")
    context = datastore.context
    return Advice(
        datastore=datastore.name,
        context=context.name if context else None,
        decided=datastore.technology.id if datastore.decided else None,
        needs=tuple(f"{c.value}: {s}" for c, s in sorted(needs.items())),
        kind=top.kind,
        ranked=ranked,
        rejected=ranking.rejected,
        hosting=tuple(hosting),
        checks=tuple(_checks(system, datastore, top, constraints, projection, horizons)),
        pattern=context_pattern(system, context) if context is not None else None,
        path=tuple(_path(datastore, projection, top, horizons, residency)),
        complete=ranking.complete,
        contradictions=tuple(contradictions),
        data_residency=residency,
        residency=tuple(_residency(constraints, ranked)),
    )


def advise_all(system: System, names: Sequence[str] = ()) -> list[Advice]:
    stores = [d for d in system.datastores if not names or d.name in names]
    return [advise(system, d) for d in stores]


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
