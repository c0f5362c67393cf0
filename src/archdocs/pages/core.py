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

from collections.abc import Callable, Hashable, Iterator, Mapping
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
from archdocs.pages.system_index import LocatedFinding, SystemIndex, locate_findings
from archdocs.review.engine import all_rules
from archdocs.review.rule import Rule


def pages(ctx: SiteContext) -> Iterator[Page | Asset]:
    """Every core page for every system of the model, then the rule reference."""
    systems = ctx.model.systems
    located = locate_findings(systems, ctx.report.findings)
    rules = all_rules()
    measure_ahead(ctx)  # the builder did unless it reviewed first: then it starts here
    if ctx.paths.multi_system:
        yield overview.systems_index_page(ctx, systems, located)
    for position, index in _system_indexes(ctx, located, rules):
        yield overview.overview_page(index)
        yield from contexts.pages(index)
        yield from datastores.pages(index, position)
        yield from flows.pages(index)
        yield decisions.decisions_page(index)
        yield findings.findings_page(index)
    yield from rule_reference.pages(ctx, systems, located, rules)


def measure_ahead(ctx: SiteContext) -> None:
    """Start measuring every datastore's ER diagram parts in the diagram workers, while the
    review and the pages before the datastores' run (measured once per build)."""
    for system in ctx.model.systems:
        datastores.measure_ahead(system)


def drafts(ctx: SiteContext, send: Callable[[Hashable, Any], None]) -> None:
    """Draft the table pages of every system, as :func:`pages` will take them, and ``send``
    them: run by a child process the site builder forks (``ctx`` queues no diagram there)."""
    located = locate_findings(ctx.model.systems, ctx.report.findings)
    for position, index in _system_indexes(ctx, located, all_rules()):
        datastores.draft_table_pages(index, position, send)


def _system_indexes(ctx: SiteContext, located: Mapping[int, list[LocatedFinding]],
                    rules: dict[str, Rule]) -> Iterator[tuple[int, SystemIndex]]:
    """Each system's position in the model and its index, made as its pages start."""
    for position, system in enumerate(ctx.model.systems):
        yield position, SystemIndex(ctx, system, located.get(id(system), []), rules)


__all__ = ["drafts", "measure_ahead", "pages"]
