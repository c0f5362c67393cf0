"""Where each element's generated page lives, so every page provider links the same way.

All paths are relative to the docs root and use ``/``. File names are slugs of the elements'
names (:func:`archdocs.naming.slug_base`), so hostile names (``../``, ``<script>``) cannot
escape. Built for a model (:meth:`SitePaths.for_model`), the slugs are also distinct: two
elements whose names reduce to one slug ("Order Service", "order_service"), or an element named
like a page archdocs writes beside it (``index``), get a short hash of their name appended; a
name that is unique keeps its plain slug. Two elements of one kind with the very same name are
refused (:class:`DuplicateNameError`), since nothing could tell their pages apart.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Table

from archdocs.errors import ArchdocsError
from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.migration import ArchitectureMigration
from archdocs.model.scenario import Scenario
from archdocs.model.system import BoundedContext, System
from archdocs.naming import slug_base, slugify

if TYPE_CHECKING:
    from archdocs.load.loader import Model

# Names a slug must not take in a folder, because archdocs writes a page or folder of that name
# there: the index page of every folder, and (with several systems) the site-wide folders and
# pages beside the systems' folders.
_RESERVED = frozenset({"index"})
_RESERVED_BESIDE_SYSTEMS = _RESERVED | {"rules", "diagrams", "decisions", "hazards", "drift"}


class DuplicateNameError(ArchdocsError):
    """Two elements of one kind share a name: their pages (and references to them by name)
    could not be told apart."""


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
    slugs: Mapping[int, str] = field(default_factory=dict, compare=False, repr=False)
    """Slug by ``id()`` of each system, context, datastore, flow, migration and table of the
    model (:meth:`for_model`). Elements not in it (a ``SitePaths`` made without a model) use
    :func:`archdocs.naming.slugify`."""

    @classmethod
    def for_model(cls, model: Model, prefix: str = "architecture", *,
                  rule_pages: str | None = None, hazard_pages: str | None = None) -> SitePaths:
        """The paths of ``model``'s pages, every element's slug distinct in its folder.

        Raises :class:`DuplicateNameError` (with both declarations) when two elements of one
        kind in one system, or two systems, share a name."""
        slugs: dict[int, str] = {}
        multi = len(model.systems) > 1
        if multi:
            slugs.update(_distinct(model, "system", model.systems, _RESERVED_BESIDE_SYSTEMS))
        for system in model.systems:
            for kind, elements in (("context", system.contexts),
                                   ("datastore", system.datastores),
                                   ("flow", system.flows),
                                   ("migration", system.migrations),
                                   ("scenario", system.scenarios)):
                slugs.update(_distinct(model, kind, elements, _RESERVED))
            for datastore in system.datastores:
                slugs.update(_distinct_tables(datastore.tables))
        return cls(prefix=prefix, multi_system=multi, rule_pages=rule_pages,
                   hazard_pages=hazard_pages, slugs=slugs)

    def slug(self, item: Element | Table) -> str:
        """The file name (without ``.md``) of ``item``'s page, distinct within its folder."""
        found = self.slugs.get(id(item))
        if found is not None:
            return found
        return slugify(item.fullname if isinstance(item, Table) else item.name)

    def base(self, system: System) -> str:
        return f"{self.prefix}/{self.slug(system)}" if self.multi_system else self.prefix

    def overview(self, system: System) -> str:
        return f"{self.base(system)}/index.md"

    def context(self, system: System, context: BoundedContext) -> str:
        return f"{self.base(system)}/contexts/{self.slug(context)}.md"

    def datastore(self, system: System, datastore: Datastore) -> str:
        return f"{self.base(system)}/datastores/{self.slug(datastore)}.md"

    def datastore_folder(self, system: System, datastore: Datastore) -> str:
        """The folder of the pages that belong to ``datastore`` (its tables, its schema
        evolution)."""
        return f"{self.base(system)}/datastores/{self.slug(datastore)}"

    def table(self, system: System, datastore: Datastore, table: Table) -> str:
        return f"{self.datastore_folder(system, datastore)}/tables/{self.slug(table)}.md"

    def flow(self, system: System, flow: Flow) -> str:
        return f"{self.base(system)}/flows/{self.slug(flow)}.md"

    def migration(self, system: System, migration: ArchitectureMigration) -> str:
        return f"{self.base(system)}/migrations/{self.slug(migration)}.md"

    def scenario(self, system: System, scenario: Scenario) -> str:
        return f"{self.base(system)}/scenarios/{self.slug(scenario)}.md"

    def scenarios_index(self, system: System) -> str:
        return f"{self.base(system)}/scenarios/index.md"

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
        if isinstance(element, Scenario):
            return self.scenario(system, element)
        context = getattr(element, "context", None)
        if isinstance(context, BoundedContext):
            return self.context(system, context)
        return self.overview(system)


def _distinct(model: Model, kind: str, elements: Iterable[Element],
              reserved: frozenset[str]) -> dict[int, str]:
    by_name: dict[str, Element] = {}
    for element in elements:
        earlier = by_name.setdefault(element.name, element)
        if earlier is not element:
            here = model.display_path(element.declared_at)
            there = model.display_path(earlier.declared_at)
            raise DuplicateNameError(
                f"two {kind}s are named {element.name!r}: here and at {there}",
                location=here,
                hint=f"rename one of them: every {kind} needs a name of its own (its page, "
                     "and every reference to it by name, use the name)",
            )
    slugs = distinct_slugs(by_name, reserved)
    return {id(element): slugs[name] for name, element in by_name.items()}


def _distinct_tables(tables: Iterable[Table]) -> dict[int, str]:
    by_name = {table.fullname: table for table in tables}
    slugs = distinct_slugs(by_name, _RESERVED)
    return {id(table): slugs[name] for name, table in by_name.items()}


def distinct_slugs(names: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """A slug for each of ``names`` (all different), distinct from each other and from
    ``reserved``.

    A name whose plain slug (:func:`archdocs.naming.slug_base`) is its own keeps it. When several
    names share one, the name equal to the slug (else the first in sorted order) keeps it, and
    the others get ``-`` and a hash of their name appended; so does a name whose slug is
    reserved. The result depends only on the set of names, never on their order.
    """
    taken = set(reserved)
    groups: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        groups.setdefault(slug_base(name), []).append(name)
    result: dict[str, str] = {}
    rest: list[str] = []
    for base, members in sorted(groups.items()):
        if base in taken:
            rest.extend(members)
            continue
        keeper = base if base in members else members[0]
        result[keeper] = base
        taken.add(base)
        rest.extend(name for name in members if name != keeper)
    for name in sorted(rest):
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()
        base = slug_base(name)
        for length in (8, 16, 64):
            slug = f"{base}-{digest[:length]}"
            if slug not in taken:
                break
        result[name] = slug
        taken.add(slug)
    return result
