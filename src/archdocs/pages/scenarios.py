"""Pages of the dynamic views: one per scenario (its numbered diagram and its steps, each
linking its flow), an index of a system's scenarios, and on each flow's page the scenarios
it is a step of."""

from __future__ import annotations

from collections.abc import Iterator

from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.scenario import Scenario
from archdocs.model.system import System
from archdocs.pages import markdown as md
from archdocs.pages.page import Asset, Page, SiteContext, relative_link


def pages(ctx: SiteContext) -> Iterator[Page | Asset]:
    for system in ctx.model.systems:
        if not system.scenarios:
            continue
        yield _index(ctx, system)
        for scenario in system.scenarios:
            yield _scenario_page(ctx, system, scenario)


def _index(ctx: SiteContext, system: System) -> Page:
    page = ctx.paths.scenarios_index(system)
    rows = [[md.link(s.name, relative_link(page, ctx.paths.scenario(system, s))),
             len(s.steps), md.escape(s.description)] for s in system.scenarios]
    body = ("# Scenarios\n\n"
            "Each scenario follows one use case through the system: its steps are flows the "
            "model declares, in the order they happen, numbered on its diagram.\n\n"
            + md.table(["Scenario", "Steps", "Description"], rows))
    # Out of the nav, like the deployment page: the overview's summary links it, and the
    # nav stays the handful of index pages.
    return Page(page, "Scenarios", body)


def _scenario_page(ctx: SiteContext, system: System, scenario: Scenario) -> Page:
    from archdocs.render import scenario_spec

    page = ctx.paths.scenario(system, scenario)
    out = [f"# Scenario: {md.escape(scenario.name)}\n\n"]
    if scenario.description:
        out.append(md.paragraph(scenario.description) + "\n")
    out.append("Each arrow is numbered with the steps it carries; a step through a broker "
               "numbers both hops. Click a box for its page; the table links each step's "
               "flow.\n\n")
    out.append(ctx.diagram(page, scenario_spec(system, scenario)))
    out.append("## Steps\n\n")
    rows = []
    for number, item in enumerate(scenario.steps, start=1):
        flow = item.flow
        assert isinstance(flow, Flow)  # resolved when the scenario was declared
        rows.append([
            number,
            md.link(flow.name, relative_link(page, ctx.paths.flow(system, flow))),
            _element_link(ctx, system, page, flow.source),
            _element_link(ctx, system, page, flow.via) if flow.via is not None else "",
            _element_link(ctx, system, page, flow.target),
            md.escape(flow.mechanism.value),
            md.escape(item.note),
        ])
    out.append(md.table(["#", "Flow", "From", "Via", "To", "Mechanism", "Note"], rows))
    out.append("\n" + md.link("All scenarios", relative_link(
        page, ctx.paths.scenarios_index(system))) + ".\n")
    return Page(page, f"Scenario {scenario.name}", "".join(out))


def _element_link(ctx: SiteContext, system: System, page: str, ref: Element | str | None
                  ) -> str:
    element = system.resolve(ref)
    if element is None:
        return md.escape(ref if isinstance(ref, str) else getattr(ref, "name", ""))
    target = ctx.paths.element(system, element)
    return md.link(element.name, relative_link(page, target)) if target else \
        md.escape(element.name)


def element_section(ctx: SiteContext, system: System, element: Element, page_path: str) -> str:
    """On a flow's page, the scenarios it is a step of."""
    if not isinstance(element, Flow):
        return ""
    uses = []
    for scenario in system.scenarios:
        numbers = [str(n) for n, item in enumerate(scenario.steps, start=1)
                   if item.flow is element]
        if numbers:
            uses.append(md.link(scenario.name, relative_link(
                page_path, ctx.paths.scenario(system, scenario)))
                + f" (step{'s' if len(numbers) > 1 else ''} {', '.join(numbers)})")
    if not uses:
        return ""
    return "\n## Scenarios\n\nThis flow is a step of " + ", ".join(uses) + ".\n"
