"""The core architecture pages, in the order the site lists them: the architecture index (for a
model of several systems); for each system its overview, contexts, datastores and their tables,
flows and entity lineage, technology decisions and findings; then the rule reference.

Each page family is a module of its own, and all of them write from one
:class:`~archdocs.pages.system_index.SystemIndex` per system (built here, before any page).

The table pages, most of a big model's pages, can be drafted ahead: the site builder of a
one-shot build may fork a child that runs :func:`drafts` while it generates the pages, and
takes each datastore's table pages from it when they have come
(:func:`archdocs.pages.datastores.pages`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Any

from archdocs.pages import (
    contexts,
    datastores,
    decisions,
    findings,
    flows,
    overview,
    rule_reference,
)
from archdocs.pages.page import Asset, Page, SiteContext
from archdocs.pages.system_index import SystemIndex, locate_findings
from archdocs.review.engine import all_rules


def pages(ctx: SiteContext) -> Iterator[Page | Asset]:
    """Every core page for every system of the model, then the rule reference."""
    systems = ctx.model.systems
    located = locate_findings(systems, ctx.report.findings)
    rules = all_rules()
    for system in systems:
        datastores.measure_ahead(system)  # in the diagram workers, while the pages before run
    if ctx.paths.multi_system:
        yield overview.systems_index_page(ctx, systems, located)
    for position, system in enumerate(systems):
        index = SystemIndex(ctx, system, located.get(id(system), []), rules)
        yield overview.overview_page(index)
        yield from contexts.pages(index)
        yield from datastores.pages(index, position)
        yield from flows.pages(index)
        yield decisions.decisions_page(index)
        yield findings.findings_page(index)
    yield from rule_reference.pages(ctx, systems, located, rules)


def drafts(ctx: SiteContext, send: Callable[[Hashable, Any], None]) -> None:
    """Draft the table pages of every system, as :func:`pages` will take them, and ``send``
    them: run by a child process the site builder forks (``ctx`` queues no diagram there)."""
    systems = ctx.model.systems
    located = locate_findings(systems, ctx.report.findings)
    rules = all_rules()
    for position, system in enumerate(systems):
        index = SystemIndex(ctx, system, located.get(id(system), []), rules)
        datastores.draft_table_pages(index, position, send)


__all__ = ["drafts", "pages"]
