"""The views of each system: an index of the default views the site draws at each level and of
the views and ER viewpoints declared in the model (:mod:`archdocs.model.views`), a page per
declared view with its diagram, and a section on the pages of what a view shows.

Every piece of user text goes through :mod:`archdocs.pages.markdown`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.system import BoundedContext, System
from archdocs.model.views import ArchitectureView, ERViewpoint, view_elements, viewpoint_tables
from archdocs.pages import markdown as md
from archdocs.pages.contexts import shows_context_map
from archdocs.pages.page import Asset, Page, SiteContext, relative_link
from archdocs.pages.paths import distinct_slugs

_DECLARED_VIEWS_INTRO = (
    "Each view below is declared in the model and answers one question: it draws the elements "
    "it names and every flow between them. Boxes and arrows open their pages.\n\n")


def views_index_path(ctx: SiteContext, system: System) -> str:
    return f"{ctx.paths.base(system)}/views/index.md"


def _slugs(system: System) -> dict[int, str]:
    """A file name for each declared view of ``system``, distinct within the views folder."""
    declared: list[ArchitectureView | ERViewpoint] = [
        *system.views, *(v for d in system.datastores for v in d.er_views)]
    slugs = distinct_slugs([view.name for view in declared], {"index"})
    return {id(view): slugs[view.name] for view in declared}


def view_path(ctx: SiteContext, system: System, view: ArchitectureView | ERViewpoint) -> str:
    return f"{ctx.paths.base(system)}/views/{_slugs(system)[id(view)]}.md"


def pages(ctx: SiteContext) -> Iterator[Page | Asset]:
    for system in ctx.model.systems:
        yield _index(ctx, system)
        for view in system.views:
            yield _view_page(ctx, system, view)
        for datastore in system.datastores:
            for viewpoint in datastore.er_views:
                yield _viewpoint_page(ctx, system, viewpoint)


def _link(ctx: SiteContext, system: System, page: str, element: Element) -> str:
    target = ctx.paths.element(system, element)
    if target is None or target == page:
        return md.escape(element.name)
    return md.link(element.name, relative_link(page, target))


def _declared(ctx: SiteContext, view: ArchitectureView | ERViewpoint) -> str:
    location = ctx.model.display_path(view.declared_at)
    return md.path_code(f"{location.file}:{location.line}")


def _index(ctx: SiteContext, system: System) -> Page:
    paths = ctx.paths
    page = views_index_path(ctx, system)
    out = ["# Views\n\n",
           "Diagrams of this system, one question each. The site draws the default views "
           "at every level; the model declares more with `system.view(...)` and "
           "`datastore.er_view(...)` (see the diagrams guide).\n"]
    out.append("\n## Default views\n\n")
    rows = [[md.link("System landscape", relative_link(page, paths.overview(system))),
             "system", "every bounded context, the actors and external systems"]]
    if shows_context_map(system):
        rows.append([md.link("Context map", relative_link(page, paths.contexts_index(system))),
                     "system", "which context depends on which"])
    rows += [[_link(ctx, system, page, context), "context",
              "its services and datastores, and what its flows reach"]
             for context in system.contexts]
    rows += [[_link(ctx, system, page, datastore), "datastore",
              f"entity-relationship diagram of its {len(datastore.tables)} tables"]
             for datastore in system.datastores if datastore.tables]
    rows.append([md.link("Data flows", relative_link(page, paths.flows_index(system))), "flow",
                 "one diagram per flow, on its page"])
    out.append(md.table(["View", "Level", "Shows"], rows))
    out.append("\n## Declared views\n\n")
    if system.views:
        out.append(_DECLARED_VIEWS_INTRO)
        out.append(md.table(["View", "Elements", "Flows", "Description", "Declared in"], [
            [md.link(view.name, relative_link(page, view_path(ctx, system, view))),
             len(elements), len(flows), md.escape(view.description.split("\n\n")[0]),
             _declared(ctx, view)]
            for view in system.views
            for elements, flows in [view_elements(system, view)]]))
    else:
        out.append("None declared.\n")
    out.append("\n## ER viewpoints\n\n")
    viewpoints = [v for d in system.datastores for v in d.er_views]
    if viewpoints:
        out.append("Some tables of one datastore, chosen by name or as the neighbourhood of a "
                   "table. Tables open their pages.\n\n")
        out.append(md.table(["Viewpoint", "Datastore", "Tables", "Description", "Declared in"], [
            [md.link(v.name, relative_link(page, view_path(ctx, system, v))),
             _link(ctx, system, page, v.datastore), len(viewpoint_tables(v)),
             md.escape(v.description.split("\n\n")[0]), _declared(ctx, v)]
            for v in viewpoints]))
    else:
        out.append("None declared.\n")
    return Page(page, "Views", "".join(out), nav=True)


def _spec(builder: str, *args: Any) -> Any:
    from archdocs import render  # lazily: Graphviz is only paid for by pages that draw

    return getattr(render, builder)(*args)


def _view_page(ctx: SiteContext, system: System, view: ArchitectureView) -> Page:
    page = view_path(ctx, system, view)
    elements, flows = view_elements(system, view)
    out = [f"# View: {md.escape(view.name)}\n\n", md.paragraph(view.description),
           "\n" if view.description else ""]
    out.append(ctx.diagram(page, _spec("view_spec", system, view)))
    out.append(f"- **Declared in:** {_declared(ctx, view)}\n"
               f"- **All views:** {md.link('Views', relative_link(page, views_index_path(ctx, system)))}\n")
    out.append("\n## Elements\n\n")
    out.append(md.table(["Element", "Kind", "Context"], [
        [_link(ctx, system, page, element), md.escape(element.KIND),
         _link(ctx, system, page, context) if (context := system.context_of(element)) is not None
         and context is not element else ""]
        for element in elements]))
    out.append("\n## Flows\n\n")
    out.append(md.table(["Flow", "From", "To", "Mechanism"], [
        [_link(ctx, system, page, flow), _end(ctx, system, page, flow.source),
         _end(ctx, system, page, flow.target), md.escape(flow.mechanism.value)]
        for flow in flows]) if flows else "None between these elements.\n")
    return Page(page, view.name, "".join(out))


def _end(ctx: SiteContext, system: System, page: str, ref: Element | str) -> str:
    element = system.resolve(ref)
    return (_link(ctx, system, page, element) if element is not None
            else md.escape(ref if isinstance(ref, str) else ref.name))


def _viewpoint_page(ctx: SiteContext, system: System, viewpoint: ERViewpoint) -> Page:
    page = view_path(ctx, system, viewpoint)
    datastore = viewpoint.datastore
    tables = viewpoint_tables(viewpoint)
    out = [f"# ER viewpoint: {md.escape(viewpoint.name)}\n\n", md.paragraph(viewpoint.description),
           "\n" if viewpoint.description else ""]
    out.append(ctx.diagram(page, _spec("er_view_spec", system, viewpoint)))
    chosen = []
    if viewpoint.tables:
        chosen.append("tables " + ", ".join(md.code(t) for t in viewpoint.tables))
    if viewpoint.around is not None:
        hops = "foreign key" if viewpoint.depth == 1 else "foreign keys"
        chosen.append(f"every table within {viewpoint.depth} {hops} of "
                      f"{md.code(viewpoint.around)}")
    if viewpoint.exclude:
        chosen.append("except " + ", ".join(md.code(t) for t in viewpoint.exclude))
    out.append(f"- **Datastore:** {_link(ctx, system, page, datastore)}\n"
               f"- **Selects:** {'; '.join(chosen)}\n"
               f"- **Declared in:** {_declared(ctx, viewpoint)}\n"
               f"- **All views:** {md.link('Views', relative_link(page, views_index_path(ctx, system)))}\n")
    out.append("\n## Tables\n\n")
    out.append(md.table(["Table", "Columns", "Comment"], [
        [md.link(table.fullname, relative_link(page, ctx.paths.table(system, datastore, table))),
         len(table.columns), md.escape((table.comment or "").split("\n")[0])]
        for table in tables]))
    return Page(page, viewpoint.name, "".join(out))


def element_section(ctx: SiteContext, system: System, element: Element, page_path: str) -> str:
    """On a datastore's page its ER viewpoints; on a context's (or a flow's) page the declared
    views that draw it."""
    rows: list[list[str]] = []
    if isinstance(element, Datastore):
        rows += [[md.link(v.name, relative_link(page_path, view_path(ctx, system, v))),
                  "ER viewpoint", md.escape(v.description.split("\n\n")[0])]
                 for v in element.er_views]
    if isinstance(element, (Datastore, BoundedContext, Flow)):
        rows += [[md.link(view.name, relative_link(page_path, view_path(ctx, system, view))),
                  "architecture view", md.escape(view.description.split("\n\n")[0])]
                 for view in system.views if _shows(system, view, element)]
    if not rows:
        return ""
    return "\n## Views\n\n" + md.table(["View", "Kind", "Description"], rows) + "\n"


def _shows(system: System, view: ArchitectureView, element: Element) -> bool:
    elements, flows = view_elements(system, view)
    if isinstance(element, Flow):
        return any(flow is element for flow in flows)
    if isinstance(element, BoundedContext):
        return any(system.context_of(e) is element for e in elements)
    return any(e is element for e in elements)
