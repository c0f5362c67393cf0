"""Site pages for migrations: one page per architecture migration (before/after diagrams of
the affected part, a phase timeline, criteria, risks, rollbacks), one schema-evolution page per
datastore that declares an earlier schema, and the hazard reference."""

from __future__ import annotations

import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from archdocs.migrate.architecture import cutover_index, migration_elements
from archdocs.migrate.hazards import HAZARDS, hazard_index, hazard_page
from archdocs.migrate.models import plan_for
from archdocs.migrate.output.markdown import render_markdown
from archdocs.migrate.phases import (
    MigrationEffects,
    PhaseChange,
    PhaseEffect,
    PhaseState,
    effects,
    phase_states,
    progress,
)
from archdocs.migrate.plan.steps import Plan
from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.migration import ArchitectureMigration, MigrationStatus
from archdocs.model.system import System
from archdocs.pages import markdown as md
from archdocs.pages.page import Asset, Page, SiteContext, relative_link
from archdocs.render import DiagramSpec
from archdocs.render.migration import Mark, migration_view_spec, phase_anchor, phase_chain_spec


def pages(ctx: SiteContext) -> Iterator[Page | Asset]:
    """Migration pages for every system, and the hazard reference once."""
    any_content = False
    for system in ctx.model.systems:
        evolutions = [d for d in system.datastores if d.previous_schema is not None]
        if not system.migrations and not evolutions:
            continue
        any_content = True
        plans = {id(d): _evolution_plan(d) for d in evolutions}
        yield _index(ctx, system, evolutions, plans)
        for migration in system.migrations:
            yield _migration_page(ctx, system, migration)
        for datastore in evolutions:
            plan = plans[id(datastore)]
            if plan is not None:
                yield _evolution_page(ctx, system, datastore, plan)
    if any_content and ctx.paths.hazard_pages is None:
        yield from _hazard_pages(ctx)  # else the site already has them: linked, not copied


# -- paths ------------------------------------------------------------------------------------


def _index_path(ctx: SiteContext, system: System) -> str:
    return f"{ctx.paths.base(system)}/migrations/index.md"


def evolution_path(ctx: SiteContext, system: System, datastore: Datastore) -> str:
    """The schema-evolution page of ``datastore``."""
    return f"{ctx.paths.datastore_folder(system, datastore)}/schema-evolution.md"


def _hazard_path(ctx: SiteContext, hazard_id: str) -> str:
    return ctx.paths.hazard(hazard_id)


def _link(ctx: SiteContext, system: System, page: str, element: Element) -> str:
    target = ctx.paths.element(system, element)
    label = element.name
    return md.link(label, relative_link(page, target)) if target else md.escape(label)


# -- index ------------------------------------------------------------------------------------


def _evolution_plan(datastore: Datastore) -> Plan | None:
    assert datastore.previous_schema is not None
    return plan_for(datastore, datastore.previous_schema.metadata, datastore.metadata, None,
                    datastore.previous_schema.label, "current model")


def _index(ctx: SiteContext, system: System, evolutions: Sequence[Datastore],
           plans: dict[int, Plan | None]) -> Page:
    page = _index_path(ctx, system)
    out = ["# Migrations\n",
           "How the architecture moves from one shape to another, and how schemas evolve "
           "without downtime.\n"]
    if system.migrations:
        out.append("## Architecture migrations\n")
        rows = []
        for migration in system.migrations:
            cutover = cutover_index(migration)
            rows.append([
                md.link(migration.name, relative_link(page, ctx.paths.migration(system, migration))),
                md.escape(progress(migration)),
                str(len(migration.phases)),
                md.escape(migration.phases[cutover].name) if cutover is not None else "—",
            ])
        out.append(md.table(["migration", "progress", "phases", "cutover"], rows))
    if evolutions:
        out.append("## Schema evolutions\n")
        rows = []
        for datastore in evolutions:
            plan = plans[id(datastore)]
            assert datastore.previous_schema is not None
            if plan is None:
                summary = "no SQL plan for this technology"
                target = md.escape(datastore.name)
            else:
                summary = (f"{len(plan.changes)} changes, "
                           f"{len([s for s in plan.steps if not s.is_checkpoint])} SQL steps, "
                           f"worst severity {plan.worst_severity.value}")
                target = md.link(datastore.name, relative_link(
                    page, evolution_path(ctx, system, datastore)))
            rows.append([target, md.escape(datastore.previous_schema.label), summary])
        out.append(md.table(["datastore", "from version", "plan"], rows))
    out.append(f"Every plan step names its hazards; see the "
               f"{md.link('hazard reference', relative_link(page, _hazard_path(ctx, 'index')))}.\n")
    return Page(page, "Migrations", "\n".join(out), nav=True)


# -- one architecture migration -----------------------------------------------------------


def _members(system: System, refs: Sequence[Element | str]) -> list[Element]:
    found = []
    for ref in refs:
        element = system.resolve(ref)
        if element is not None:
            found.append(element)
    return found


_PHASE_MARKS = {PhaseChange.ADDS: Mark.ADDS, PhaseChange.SWITCHES: Mark.SWITCHES,
                PhaseChange.RETIRES: Mark.RETIRES}
_PHASE_LEGEND = (Mark.ADDS, Mark.SWITCHES, Mark.RETIRES, Mark.RETIRED)


def _phase_marks(effect: PhaseEffect) -> dict[int, Mark]:
    return {id(c.element): Mark.RETIRED if c.whole else _PHASE_MARKS[c.change]
            for c in effect.changes}


def _after_marks(found: MigrationEffects) -> dict[int, Mark]:
    marks = {}
    for element in found.after:
        overall = found.overall(element)
        if overall is PhaseChange.ADDS:
            marks[id(element)] = Mark.NEW
        elif overall is not None:
            marks[id(element)] = Mark.CHANGED
    return marks


def _timeline_spec(migration: ArchitectureMigration, key: str, page: str) -> DiagramSpec:
    states = phase_states(migration)
    phases = []
    for phase, state in zip(migration.phases, states, strict=True):
        details = []
        if phase.sync.value != "none":
            details.append(f"sync: {phase.sync.value}")
        if phase.cutover:
            details.append("CUTOVER")
        if phase.point_of_no_return:
            details.append("POINT OF NO RETURN")
        phases.append((phase.name, details, state.value))
    return phase_chain_spec(key, f"{migration.name}: phases", phases, page)


def _phase_rows(ctx: SiteContext, system: System, page: str,
                migration: ArchitectureMigration) -> list[list[str]]:
    rows = []
    states = phase_states(migration)
    for index, phase in enumerate(migration.phases, 1):
        marks = []
        if phase.cutover:
            marks.append("**cutover**")
        if phase.point_of_no_return:
            marks.append("⛔ **point of no return**")
        elements = ", ".join(_link(ctx, system, page, e) for e in _members(system, phase.elements))
        state = states[index - 1]
        rows.append([str(index), md.escape(phase.name) + (" — " + ", ".join(marks) if marks else ""),
                     f"**{state.value}**" if state is PhaseState.IN_PROGRESS else state.value,
                     md.escape(phase.sync.value), md.escape(phase.description) or "",
                     elements, md.escape(phase.rollback) if phase.rollback else "**none**"])
    return rows


def _changes_text(ctx: SiteContext, system: System, page: str, effect: PhaseEffect) -> str:
    """``Adds a, b · switches c · retires d`` with links."""
    parts = []
    for change in PhaseChange:
        named = [c for c in effect.changes if c.change is change]
        if not named:
            continue
        links = [_link(ctx, system, page, c.element) + (" (whole)" if c.whole else "")
                 for c in named]
        verb = "retires part of" if change is PhaseChange.RETIRES and not all(
            c.whole for c in named) else change.value
        parts.append(f"**{verb}** " + ", ".join(links))
    return (" · ".join(parts) + "\n") if parts else "Names no element of the model.\n"


@dataclass(frozen=True)
class MigrationDiagrams:
    """The diagrams of one migration's page."""

    before: DiagramSpec
    chain: DiagramSpec
    phases: tuple[DiagramSpec, ...]
    after: DiagramSpec


def migration_diagrams(system: System, migration: ArchitectureMigration, slug: str,
                       found: MigrationEffects | None = None,
                       page: str = "") -> MigrationDiagrams:
    """Before, the phase chain, one view per phase and after, keyed ``migration-<slug>-…``;
    the chain's phases link to their sections of ``page`` (docs-relative) when given."""
    found = found or effects(system, migration)
    return MigrationDiagrams(
        before=migration_view_spec(system, f"migration-{slug}-before",
                                   f"{migration.name}: before", found.before, {}, ()),
        chain=_timeline_spec(migration, f"migration-{slug}-phases", page),
        phases=tuple(migration_view_spec(
            system, f"migration-{slug}-phase-{effect.number}",
            f"{migration.name}: phase {effect.number}, {effect.phase.name}", effect.present,
            _phase_marks(effect), _PHASE_LEGEND) for effect in found.phases),
        after=migration_view_spec(system, f"migration-{slug}-after", f"{migration.name}: after",
                                  found.after, _after_marks(found), (Mark.NEW, Mark.CHANGED)),
    )


def _migration_page(ctx: SiteContext, system: System, migration: ArchitectureMigration) -> Page:
    page = ctx.paths.migration(system, migration)
    slug = ctx.paths.slug(migration)
    found = effects(system, migration)
    diagrams = migration_diagrams(system, migration, slug, found, page)
    states = phase_states(migration)
    status = md.escape(migration.status.value)
    if migration.current_phase_index is not None:
        status += f" — {md.escape(progress(migration))}"
    out = [f"# {md.escape(migration.name)}\n",
           f"**Status:** {status}\n"]
    if migration.description:
        out.append(md.paragraph(migration.description))
    out.append("## Before\n")
    out.append(md.paragraph(migration.from_state))
    out.append(ctx.diagram(page, diagrams.before))
    out.append("\n## Phases\n")
    out.append(ctx.diagram(page, diagrams.chain))
    out.append("")
    out.append(md.table(["#", "phase", "state", "sync", "what happens", "touches", "rollback"],
                        _phase_rows(ctx, system, page, migration)))
    out.append("## Phase by phase\n")
    out.append("What each phase adds, switches and retires, derived from the phases (the "
               "elements each names, its sync, cutover and point of no return) and from "
               "`introduces=` and `retires=`.\n")
    for effect, state, spec in zip(found.phases, states, diagrams.phases, strict=True):
        # An explicit anchor (raw HTML: no Markdown extension needed) for the phase chain's
        # links, whatever slugs the site's table of contents makes.
        out.append(f'### <span id="{phase_anchor(effect.number)}"></span>{effect.number}. '
                   f"{md.escape(effect.phase.name)} ({state.value})\n")
        out.append(_changes_text(ctx, system, page, effect))
        out.append(ctx.diagram(page, spec))
    out.append("\n## After\n")
    if migration.status is not MigrationStatus.DONE:
        out.append(f"*Not reached yet: the migration is {md.escape(progress(migration))}.*\n")
    out.append(md.paragraph(migration.to_state))
    out.append(ctx.diagram(page, diagrams.after))
    if found.retired:
        out.append("\nRetired: " + ", ".join(_link(ctx, system, page, e) for e in found.retired)
                   + ".\n")
    if not migration.introduces and not migration.retires:
        out.append("\n*The model does not say which elements this migration introduces or "
                   "retires (`introduces=`, `retires=`): the same elements exist before and "
                   "after, and the after view highlights those the phases change.*\n")
    out.append("## Cutover criteria\n")
    out.append("\n".join(f"- {md.escape(c)}" for c in migration.cutover_criteria) + "\n"
               if migration.cutover_criteria else "None declared.\n")
    out.append("## Risks\n")
    out.append("\n".join(f"- {md.escape(r)}" for r in migration.risks) + "\n"
               if migration.risks else "None declared.\n")
    affected = _members(system, migration.affects)
    if affected:
        out.append("## Affects\n")
        out.append("\n".join(f"- {_link(ctx, system, page, e)}" for e in affected) + "\n")
    findings = [f for f in ctx.report.findings if f.element == migration.id]
    out.append("## Review\n")
    if findings:
        rows = [[md.link(f.rule, relative_link(page, ctx.paths.rule(f.rule))),
                 md.escape(f.severity.value), md.escape(f.message)] for f in findings]
        out.append(md.table(["rule", "severity", "finding"], rows))
    else:
        out.append("No findings.\n")
    return Page(page, migration.name, "\n".join(out))


# -- schema evolution ---------------------------------------------------------------------


def _evolution_page(ctx: SiteContext, system: System, datastore: Datastore, plan: Plan) -> Page:
    page = evolution_path(ctx, system, datastore)
    assert datastore.previous_schema is not None
    intro = (f"{md.link(datastore.name, relative_link(page, ctx.paths.datastore(system, datastore)))}"
             f" keeps its schema at version *{md.escape(datastore.previous_schema.label)}* in the "
             "model. This is the plan from there to the current model, written by "
             "`archdocs plan`; run it yourself with "
             f"{md.code('archdocs plan --datastore ' + shlex.quote(datastore.name) + ' --format sql')}.\n")
    if datastore.previous_schema.description:
        intro += "\n" + md.paragraph(datastore.previous_schema.description)
    body = render_markdown(plan, hazard_link=lambda h: relative_link(page, _hazard_path(ctx, h)),
                           heading_level=1,
                           title=f"Schema evolution: {datastore.name}")
    first, _, rest = body.partition("\n")
    return Page(page, f"Schema evolution: {datastore.name}", f"{first}\n\n{intro}{rest}")


def _hazard_pages(ctx: SiteContext) -> Iterator[Page]:
    index = hazard_index()
    yield Page(_hazard_path(ctx, "index"), "Migration hazards", index)
    for hazard in HAZARDS.values():
        yield Page(_hazard_path(ctx, hazard.id), f"{hazard.id} {hazard.title}",
                   hazard_page(hazard))


def element_section(ctx: SiteContext, system: System, element: Element, page_path: str) -> str:
    """A "Migrations" section on an element's page: the architecture migrations that touch it
    and, for a datastore with an earlier schema, its schema-evolution plan."""
    lines = []
    for migration in system.migrations:
        if any(element is e for e in migration_elements(system, migration)) or element is migration:
            if element is migration:
                continue
            target = relative_link(page_path, ctx.paths.migration(system, migration))
            lines.append(f"- {md.link(migration.name, target)} "
                         f"({md.escape(progress(migration))})")
    if isinstance(element, Datastore) and element.previous_schema is not None:
        target = relative_link(page_path, evolution_path(ctx, system, element))
        lines.append(f"- {md.link('schema evolution since ' + element.previous_schema.label, target)}"
                     ": the phased plan from the earlier schema to this one")
    if not lines:
        return ""
    return "\n## Migrations\n\n" + "\n".join(lines) + "\n"
