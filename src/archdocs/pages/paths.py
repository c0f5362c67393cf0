"""Where each element's generated page lives, so every page provider links the same way.

All paths are relative to the docs root and use ``/``. File names come from
:func:`archdocs.naming.slugify`, so hostile names (``../``, ``<script>``) cannot escape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Table

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.migration import ArchitectureMigration
from archdocs.model.system import BoundedContext, System
from archdocs.naming import slugify


def _as_written(identifier: str) -> str:
    """A rule or hazard id as the hand-written reference pages name their files (``SCH003``),
    slugified only when it is not a plain id."""
    return identifier if re.fullmatch(r"[A-Za-z0-9_-]+", identifier) else slugify(identifier)


@dataclass(frozen=True)
class SitePaths:
    """Page paths under ``prefix`` (default ``architecture``). With several systems each gets
    its own folder; with one, its pages sit directly under the prefix."""

    prefix: str = "architecture"
    multi_system: bool = False
    rule_pages: str | None = None
    """A folder of the site that already holds a page per rule (``rules/SCH003.md`` and
    ``rules/index.md``): findings link there, and no copy is generated."""
    hazard_pages: str | None = None
    """Likewise for the migration hazards (``hazards/MH001.md``, ``hazards/index.md``)."""

    def base(self, system: System) -> str:
        return f"{self.prefix}/{slugify(system.name)}" if self.multi_system else self.prefix

    def overview(self, system: System) -> str:
        return f"{self.base(system)}/index.md"

    def context(self, system: System, context: BoundedContext) -> str:
        return f"{self.base(system)}/contexts/{slugify(context.name)}.md"

    def datastore(self, system: System, datastore: Datastore) -> str:
        return f"{self.base(system)}/datastores/{slugify(datastore.name)}.md"

    def table(self, system: System, datastore: Datastore, table: Table) -> str:
        return (
            f"{self.base(system)}/datastores/{slugify(datastore.name)}/tables/"
            f"{slugify(table.fullname)}.md"
        )

    def flow(self, system: System, flow: Flow) -> str:
        return f"{self.base(system)}/flows/{slugify(flow.name)}.md"

    def migration(self, system: System, migration: ArchitectureMigration) -> str:
        return f"{self.base(system)}/migrations/{slugify(migration.name)}.md"

    def rule(self, rule_id: str) -> str:
        if self.rule_pages is not None:
            return f"{self.rule_pages}/{_as_written(rule_id)}.md"
        return f"{self.prefix}/rules/{slugify(rule_id)}.md"

    def hazard(self, hazard_id: str) -> str:
        """The page of a migration hazard (``MH001``), or with ``index`` their list."""
        if self.hazard_pages is not None:
            return f"{self.hazard_pages}/{_as_written(hazard_id)}.md"
        return f"{self.prefix}/hazards/{hazard_id}.md"

    # Index pages (the few generated pages that belong in the navigation).

    def root(self) -> str:
        """The landing page of the generated section: the overview, or with several systems
        the list of systems."""
        return f"{self.prefix}/index.md"

    def contexts_index(self, system: System) -> str:
        return f"{self.base(system)}/contexts/index.md"

    def datastores_index(self, system: System) -> str:
        return f"{self.base(system)}/datastores/index.md"

    def flows_index(self, system: System) -> str:
        return f"{self.base(system)}/flows/index.md"

    def lineage(self, system: System) -> str:
        return f"{self.base(system)}/lineage.md"

    def decisions(self, system: System) -> str:
        return f"{self.base(system)}/technology-decisions.md"

    def findings(self, system: System) -> str:
        return f"{self.base(system)}/findings.md"

    def rules_index(self) -> str:
        if self.rule_pages is not None:
            return f"{self.rule_pages}/index.md"
        return f"{self.prefix}/rules/index.md"

    def diagram_asset(self, key: str) -> str:
        """Where the rendered SVG of diagram ``key`` lives."""
        return f"{self.prefix}/diagrams/{slugify(key, max_length=120)}.svg"

    def element(self, system: System, element: Element) -> str | None:
        """The page of ``element``, or ``None`` when it has no page of its own (services and
        externals are sections of their context's or the overview page)."""
        if isinstance(element, BoundedContext):
            return self.context(system, element)
        if isinstance(element, Datastore):
            return self.datastore(system, element)
        if isinstance(element, Flow):
            return self.flow(system, element)
        if isinstance(element, ArchitectureMigration):
            return self.migration(system, element)
        context = getattr(element, "context", None)
        if isinstance(context, BoundedContext):
            return self.context(system, context)
        return self.overview(system)
