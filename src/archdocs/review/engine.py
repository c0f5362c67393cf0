"""Runs the review rules over a loaded model and applies the suppressions written in it."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from sqlalchemy import Column, ForeignKeyConstraint, Table

from archdocs.adr.record import DecisionLog
from archdocs.errors import UsageError
from archdocs.load.loader import Model
from archdocs.load.locate import Locator
from archdocs.model.datastore import Datastore
from archdocs.model.element import Element, Suppression
from archdocs.model.flow import Flow
from archdocs.model.location import SourceLocation
from archdocs.model.notes import notes_of_column, notes_of_table
from archdocs.model.system import System
from archdocs.review.finding import Finding, Severity, Suppressed
from archdocs.review.governance import Holding, holdings
from archdocs.review.rule import REGISTRY, Hit, Rule
from archdocs.review.schema import foreign_keys, table_holders

logger = logging.getLogger(__name__)


@dataclass
class ReviewContext:
    """What a rule's check receives: the system under review and helpers to locate things."""

    model: Model
    system: System | None
    locator: Locator = field(default_factory=Locator)

    @property
    def sys(self) -> System:
        """The system under review (for per-system rules, never ``None``)."""
        assert self.system is not None
        return self.system

    @cached_property
    def decisions(self) -> DecisionLog:
        """The project's ADRs (:attr:`Model.decisions`), read once per review: finding the
        folder reads ``pyproject.toml`` and lists the records."""
        return self.model.decisions

    def table_location(self, datastore: Datastore, table: Table) -> SourceLocation:
        return self.locator.table(datastore, table)

    def resolve(self, ref: Element | str | None) -> Element | None:
        """:meth:`System.resolve` of the system under review (its one cached index)."""
        return self.sys.resolve(ref)

    def find_datastore(self, ref: Element | str | None) -> Datastore | None:
        return self.sys.find_datastore(ref)

    def find_flow(self, ref: Flow | str | None) -> Flow | None:
        return self.sys.find_flow(ref)

    def ends(self, flow: Flow) -> tuple[Element | None, Element | None, Element | None]:
        """``(source, target, via)`` of ``flow``, resolved (``None`` where nothing matches)."""
        ends = self._ends_of_flows.get(id(flow))
        if ends is None:  # a flow of another system
            ends = self.resolve(flow.source), self.resolve(flow.target), self.resolve(flow.via)
        return ends

    def flows_touching(self, element: Element) -> tuple[Flow, ...]:
        """Flows with ``element`` as source, target or broker, in declaration order."""
        return self._flows_by_end.get(id(element), ())

    def flows_into(self, element: Element) -> list[Flow]:
        """Flows with ``element`` as target, in declaration order."""
        return [flow for flow in self.flows_touching(element) if self.ends(flow)[1] is element]

    def holdings(self, datastore: Datastore) -> tuple[Holding, ...]:
        """Classified data declared in ``datastore`` (:func:`governance.holdings`), listed
        once per review: the governance rules each ask for every datastore."""
        known = self._holdings.get(id(datastore))
        return known if known is not None else tuple(holdings(datastore))

    @cached_property
    def declared_suppressions(self) -> tuple[tuple[Element, Suppression], ...]:
        """Every suppression in the model (not only the system under review), with the
        element it is declared on: on the element, in its table notes and column notes.
        Listed once per review: three rules walk them, and every table and column."""
        return tuple(_declared_suppressions(self.model))

    def suppression_problems(self) -> list[tuple[Element, Suppression, str]]:
        """:func:`suppression_problems` of the model, from :attr:`declared_suppressions`."""
        return list(_problems(self.declared_suppressions))

    def foreign_keys(self, table: Table) -> list[ForeignKeyConstraint]:
        """:func:`archdocs.review.schema.foreign_keys` of ``table``, sorted once per review
        (five rules ask for every table's)."""
        known = self._foreign_keys.get(id(table))
        if known is None or known[0] is not table:
            known = self._foreign_keys[id(table)] = (table, foreign_keys(table))
        return list(known[1])

    @cached_property
    def _foreign_keys(self) -> dict[int, tuple[Table, list[ForeignKeyConstraint]]]:
        return {}

    @cached_property
    def table_holders(self) -> dict[str, list[Datastore]]:
        """:func:`archdocs.review.schema.table_holders` of the system's datastores, made once
        per review; read it, do not change it."""
        return table_holders(self.sys.datastores)

    def datastores_holding(self, table: str) -> tuple[Datastore, ...]:
        """The datastores that :meth:`Datastore.table` finds ``table`` in, in declaration
        order."""
        return self._datastores_by_table.get(table, ())

    # The model does not change during a review, so what many rules ask of the system is
    # worked out once per system, on first use, not once per rule and element.

    @cached_property
    def _ends_of_flows(self) -> dict[int, tuple[Element | None, Element | None, Element | None]]:
        # The system's element index resolves each flow's ends once (System.index().flow_ends).
        return {id(flow): (source, target, via)
                for flow, source, target, via in self.sys.index().flow_ends}

    @cached_property
    def _flows_by_end(self) -> dict[int, tuple[Flow, ...]]:
        touching: dict[int, list[Flow]] = {}
        for flow in self.sys.flows:
            for end in {id(end) for end in self.ends(flow) if end is not None}:
                touching.setdefault(end, []).append(flow)
        return {end: tuple(flows) for end, flows in touching.items()}

    @cached_property
    def _holdings(self) -> dict[int, tuple[Holding, ...]]:
        return {id(datastore): tuple(holdings(datastore)) for datastore in self.sys.datastores}

    @cached_property
    def _datastores_by_table(self) -> dict[str, tuple[Datastore, ...]]:
        # Datastore.table finds a table by its full name, and an unqualified name by the last
        # part of the full name.
        holders: dict[str, list[Datastore]] = {}
        for datastore in self.sys.datastores:
            for fullname in datastore.metadata.tables:
                for name in {fullname, fullname.rsplit(".", 1)[-1]}:
                    held = holders.setdefault(name, [])
                    if not held or held[-1] is not datastore:
                        held.append(datastore)
        return {name: tuple(held) for name, held in holders.items()}

    def column_location(
        self, datastore: Datastore, table: Table, column: Column[object]
    ) -> SourceLocation:
        return self.locator.column(datastore, table, column)


@dataclass
class Report:
    """The result of a review: findings and suppressed findings, both sorted."""

    findings: list[Finding]
    suppressed: list[Suppressed]
    crashed: list[str] = field(default_factory=list)
    """Rules that raised instead of reporting (an archdocs bug): ``"RULE (name) failed on
    system 'X': Error: text"``. The other rules still ran; the review is incomplete."""

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    def worst_at_least(self, threshold: Severity) -> bool:
        return any(finding.severity.at_least(threshold) for finding in self.findings)


def all_rules() -> dict[str, Rule]:
    """Every registered rule by id, importing the rule modules on first use."""
    from archdocs.review import rules as package

    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
    return dict(sorted(REGISTRY.items()))


def review(
    model: Model, only: Sequence[str] | None = None, *, raise_crashes: bool = False,
    today: date | None = None, pace: Callable[[], None] | None = None,
) -> Report:
    """Run every rule (or those in ``only``) over every system of ``model``.

    A suppression whose ``review_by`` date is before ``today`` (the current date unless given)
    no longer silences its finding: the accepted risk is due for review, and the finding says
    so.

    A rule that raises is an archdocs bug; it is recorded in :attr:`Report.crashed` (and
    logged) so the other rules still report, or re-raised as :class:`RuleCrashed` when
    ``raise_crashes`` is set (``archdocs --debug check``).

    ``pace`` is called after each rule: a site build takes in what its diagram workers
    measured meanwhile and sends them more (archdocs.render.measure).
    """
    rules = all_rules()
    unknown = sorted({rule_id for rule_id in only or () if rule_id not in rules})
    if unknown:
        raise UsageError(
            f"unknown rule id{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}",
            hint=f"known rules: {', '.join(rules)} (see docs/rules/index.md)",
        )
    selected = [rules[rule_id] for rule_id in only] if only else list(rules.values())
    findings: list[Finding] = []
    suppressed: list[Suppressed] = []
    locator = Locator()
    contexts = [ReviewContext(model, system, locator) for system in model.systems]
    project = ReviewContext(model, None, locator)  # for the rules over the whole project
    crashed: list[str] = []
    used: set[int] = set()
    today = today or date.today()
    # Printed paths are relative to the display root, which resolves the models folder and the
    # working directory: resolved once here rather than for each finding.
    shown = replace(model, shown_from=model.display_root)
    for rule in selected:
        runs = contexts if rule.per_system else [project]
        for context in runs:
            try:
                hits = _run(rule, context)
            except RuleCrashed as crash:
                if raise_crashes:
                    raise
                logger.warning("%s", crash)
                crashed.append(str(crash))
                continue
            if pace is not None:
                pace()
            for hit in hits:
                finding = _finding(shown, rule, hit)
                suppression = _matching_suppression(context, rule.id, hit)
                if suppression is not None and suppression.reason.strip():
                    used.add(id(suppression))
                    if suppression.review_by is not None and suppression.review_by < today:
                        findings.append(_expired(shown, finding, suppression))
                        continue
                    suppressed.append(
                        Suppressed(finding, suppression.reason.strip(),
                                   shown.display_path(suppression.declared_at),
                                   suppression.owner,
                                   suppression.review_by.isoformat()
                                   if suppression.review_by else None)
                    )
                else:
                    findings.append(finding)
    if not only and not crashed and UNUSED_SUPPRESSION in rules:
        # Only a full review knows that nothing matched a suppression.
        stale = rules[UNUSED_SUPPRESSION]
        findings.extend(_finding(shown, stale, hit) for hit in
                        _unused_suppressions(project.declared_suppressions, used))
    findings = sorted(set(findings), key=_sort_key)
    suppressed = sorted(set(suppressed), key=lambda s: _sort_key(s.finding))
    return Report(findings, suppressed, crashed)


UNUSED_SUPPRESSION = "SUP003"
"""The rule the engine reports suppressions that silenced nothing under (see its module)."""


def _unused_suppressions(
    declared: Iterable[tuple[Element, Suppression]], used: set[int]
) -> Iterator[Hit]:
    known = all_rules()
    for element, suppression in declared:
        if id(suppression) in used or not suppression.reason.strip():
            continue  # used, or reported by SUP001
        if suppression.rule not in known or suppression.rule == UNUSED_SUPPRESSION:
            continue  # SUP002 reports unknown ids
        target = f" (target {suppression.target})" if suppression.target else ""
        yield Hit(
            element,
            f"suppression of {suppression.rule}{target} on {element.id} matches no "
            f"finding: {suppression.rule} no longer reports anything there",
            location=suppression.declared_at,
        )


def _expired(model: Model, finding: Finding, suppression: Suppression) -> Finding:
    """The finding again, saying that the risk accepted for it is due for review."""
    assert suppression.review_by is not None
    where = model.display_path(suppression.declared_at)
    owner = f" by {suppression.owner}" if suppression.owner else ""
    return replace(
        finding,
        message=f"{finding.message} [accepted risk{owner} was due for review on "
                f"{suppression.review_by.isoformat()} ({where}): "
                f"{suppression.reason.strip()}]",
        hint=f"review the accepted risk: fix the cause, or move review_by= to the next "
             f"review date at {where}",
    )


def _run(rule: Rule, context: ReviewContext) -> list[Hit]:
    """The rule's hits; a crashing rule is an archdocs bug, reported with the rule's id so the
    user can still run the others (--rule) and the report names the culprit."""
    try:
        return list(rule.check(context))
    except Exception as error:
        where = f" on system {context.system.name!r}" if context.system is not None else ""
        raise RuleCrashed(f"rule {rule.id} ({rule.name}) failed{where}: "
                          f"{type(error).__name__}: {error}") from error


class RuleCrashed(RuntimeError):
    """A rule raised instead of returning hits: a bug in archdocs or in a plug-in rule."""


def _sort_key(finding: Finding) -> tuple[object, ...]:
    return (-finding.severity.rank, finding.file, finding.line, finding.rule, finding.element,
            finding.target or "", finding.message)


def _finding(model: Model, rule: Rule, hit: Hit) -> Finding:
    location = model.display_path(hit.location or hit.element.declared_at)
    return Finding(
        file=location.file,
        line=location.line,
        rule=rule.id,
        severity=hit.severity or rule.severity,
        element=hit.element.id,
        message=hit.message,
        target=hit.target,
        hint=hit.hint or rule.fix,
    )


def _matching_suppression(context: ReviewContext, rule_id: str, hit: Hit) -> Suppression | None:
    for suppression in _suppressions_for(hit):
        if suppression.rule != rule_id:
            continue
        if suppression.target is None or _target_covers(suppression.target, hit.target):
            return suppression
    return None


def _suppressions_for(hit: Hit) -> Iterator[Suppression]:
    yield from hit.element.suppressions
    if isinstance(hit.element, Datastore) and hit.target:
        table = _table_of_target(hit.element, hit.target)
        if table is not None:
            yield from notes_of_table(table.info).suppressions
            column = _column_of_target(table, hit.target)
            if column is not None:
                yield from notes_of_column(column.info).suppressions


def _table_of_target(datastore: Datastore, target: str) -> Table | None:
    # Targets are "table" or "table.column"; a table name may itself be "schema.table".
    table = datastore.table(target)
    if table is not None:
        return table
    head = target.rsplit(".", 1)[0]
    return datastore.table(head)


def _column_of_target(table: Table, target: str) -> Column[object] | None:
    if target == table.fullname or target == table.name:
        return None
    column_name = target.rsplit(".", 1)[-1]
    return table.columns.get(column_name)


def _target_covers(suppression_target: str, hit_target: str | None) -> bool:
    if hit_target is None:
        return False
    return (
        hit_target == suppression_target
        or hit_target.startswith(suppression_target + ".")
        or hit_target.rsplit(".", 1)[-1] == suppression_target
    )


def suppression_problems(model: Model) -> Iterable[tuple[Element, Suppression, str]]:
    """Suppressions that cannot be honoured: no reason, or an unknown rule id."""
    return _problems(_declared_suppressions(model))


def _problems(
    declared: Iterable[tuple[Element, Suppression]]
) -> Iterator[tuple[Element, Suppression, str]]:
    known = all_rules()
    for element, suppression in declared:
        if not suppression.reason.strip():
            yield element, suppression, "has no reason"
        elif suppression.rule not in known:
            yield element, suppression, f"names unknown rule {suppression.rule!r}"


def _declared_suppressions(model: Model) -> Iterator[tuple[Element, Suppression]]:
    for system in model.systems:
        for element in system.elements():
            for suppression in _element_and_table_suppressions(element):
                yield element, suppression


def _element_and_table_suppressions(element: Element) -> Iterator[Suppression]:
    yield from element.suppressions
    if isinstance(element, Datastore):
        for table in element.tables:
            yield from notes_of_table(table.info).suppressions
            for column in table.columns:
                yield from notes_of_column(column.info).suppressions
