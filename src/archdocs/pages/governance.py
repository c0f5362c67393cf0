"""Pages and element sections for governance: the accepted risks (suppressed findings), the
classified data and where it lives and flows, and the servers and logins datastores use."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.governance import Classification
from archdocs.model.system import System
from archdocs.naming import slugify
from archdocs.pages import deployment_view
from archdocs.pages import markdown as md
from archdocs.pages.page import Asset, Page, SiteContext, relative_link
from archdocs.review.finding import Suppressed


def accepted_risks(ctx: SiteContext, system: System) -> list[tuple[Suppressed, Element | None]]:
    """The suppressed findings of ``system`` (the accepted risks), each with its element."""
    if not ctx.report.suppressed:
        return []  # asked on every element's page: no need to index the elements for nothing
    elements = {element.id: element for element in reversed(list(system.elements()))}
    first = ctx.model.systems[0] if ctx.model.systems else None
    found = []
    for item in ctx.report.suppressed:
        element = elements.get(item.finding.element)
        if element is None and (system is not first or _declared_elsewhere(ctx, item)):
            continue
        found.append((item, element))
    return found


def _declared_elsewhere(ctx: SiteContext, item: Suppressed) -> bool:
    return any(item.finding.element in {e.id for e in s.elements()} for s in ctx.model.systems)


def risks_table(ctx: SiteContext, system: System, page: str,
                items: Sequence[tuple[Suppressed, Element | None]], *,
                with_element: bool = True) -> str:
    """The accepted risks as a table: rule, element, finding, and the reason with its owner,
    review date and where it is written."""
    headers = ["Rule"] + (["Element"] if with_element else []) + [
        "Finding", "Why it is accepted"]
    rows = []
    for item, element in items:
        finding = item.finding
        row = [_rule_link(ctx, page, finding.rule)]
        if with_element:
            target = ctx.paths.element(system, element) if element is not None else None
            label = element.name if element is not None else finding.element
            row.append(md.link(label, relative_link(page, target)) if target
                       else md.escape(label))
        where = f" ({finding.target})" if finding.target else ""
        about = [f"*Owner:* {md.escape(item.owner or '—')}",
                 f"*Review by:* {md.escape(item.review_by or '—')}",
                 md.path_code(f"{item.suppressed_at.file}:{item.suppressed_at.line}")]
        row += [md.escape(finding.message + where),
                md.escape(item.reason) + "<br>" + " · ".join(about)]
        rows.append(row)
    return md.table(headers, rows)


def _rule_link(ctx: SiteContext, page: str, rule_id: str) -> str:
    return md.link(rule_id, relative_link(page, ctx.paths.rule(rule_id)))


_ABOUT = {
    Classification.PERSONAL: "Data that identifies a person (GDPR Art. 4(1)): it must be "
    "erasable on request (Art. 17) wherever it is copied.",
    Classification.SENSITIVE_PERSONAL: "Special categories of personal data (GDPR Art. 9).",
    Classification.PAYMENT_CARD: "Primary account numbers: PCI DSS 3.5.1 requires them "
    "unreadable (tokenised, encrypted, hashed) wherever stored.",
    Classification.CARD_SECURITY_CODE: "Card verification codes: PCI DSS 3.3.1.2 forbids "
    "keeping them after authorisation, even encrypted.",
    Classification.CREDENTIALS: "Passwords, tokens, keys: hashed or kept in a secret store.",
    Classification.HEALTH: "Health data (GDPR Art. 9, HIPAA).",
}


TITLES = {
    Classification.PERSONAL: "Personal data",
    Classification.SENSITIVE_PERSONAL: "Sensitive personal data",
    Classification.PAYMENT_CARD: "Payment card numbers",
    Classification.CARD_SECURITY_CODE: "Card security codes",
    Classification.CREDENTIALS: "Credentials and secrets",
    Classification.HEALTH: "Health data",
}


def risk_register_path(ctx: SiteContext, system: System) -> str:
    return f"{ctx.paths.base(system)}/accepted-risks.md"


def classification_path(ctx: SiteContext, system: System, kind: Classification | None) -> str:
    name = "index" if kind is None else slugify(kind.value)
    return f"{ctx.paths.base(system)}/classified-data/{name}.md"


def deployment_path(ctx: SiteContext, system: System) -> str:
    return f"{ctx.paths.base(system)}/deployment.md"


def pages(ctx: SiteContext) -> Iterator[Page | Asset]:
    for system in ctx.model.systems:
        yield _risk_register(ctx, system)
        yield from _classification_pages(ctx, system)
        yield _deployment(ctx, system)


def _risk_register(ctx: SiteContext, system: System) -> Page:
    page = risk_register_path(ctx, system)
    items = accepted_risks(ctx, system)
    out = ["# Accepted risks\n\n",
           "Findings the review would report but that the model accepts, each with the reason "
           "written next to the suppression, who owns the decision and when to look at it "
           "again: after the review date `archdocs check` reports the finding again.\n\n"]
    out.append(risks_table(ctx, system, page, items) if items else "None.\n")
    return Page(page, "Accepted risks", "".join(out))


def _holdings_of(system: System) -> list[tuple[Datastore, str | None, object]]:
    from archdocs.review.governance import holdings

    return [(h.datastore, h.target, h.classified) for d in system.datastores
            for h in holdings(d)]


def _classification_pages(ctx: SiteContext, system: System) -> Iterator[Page]:
    from archdocs.model.governance import Classified

    index = classification_path(ctx, system, None)
    held = _holdings_of(system)
    rows = []
    for kind in Classification:
        page = classification_path(ctx, system, kind)
        stores = [(d, t, c) for d, t, c in held if isinstance(c, Classified) and c.kind is kind]
        flows = [(f, c) for f in system.flows for c in f.classification if c.kind is kind]
        carried = _flows_carrying(system, {(id(d), t) for d, t, _ in stores})
        rows.append([md.link(kind.value, relative_link(index, page)), len(stores),
                     len(flows) + len(carried)])
        out = [f"# {md.escape(TITLES[kind])}\n\n",
               md.paragraph(_ABOUT[kind]), "\n"]
        out.append("## Where it is stored\n\n")
        store_rows = []
        for datastore, target, classified in stores:
            assert isinstance(classified, Classified)
            link = ctx.paths.element(system, datastore)
            store_rows.append([
                md.link(datastore.name, relative_link(page, link)) if link
                else md.escape(datastore.name),
                md.escape(target or ", ".join(classified.fields) or "whole store"),
                md.escape(", ".join(p.value for p in classified.protection) or "none"),
                md.escape(classified.retention or "—"), md.escape(classified.erasure or "—"),
                md.escape(", ".join(classified.regions) or "—"),
            ])
        out.append(md.table(["Datastore", "Where", "Protection", "Retention", "Erasure",
                             "Regions"], store_rows) if store_rows else "Nowhere declared.\n")
        out.append("\n## Where it flows\n\n")
        flow_rows = [[_flow_link(ctx, system, page, f),
                      md.escape(", ".join(c.fields) or "declared on the flow")]
                     for f, c in flows]
        flow_rows += [[_flow_link(ctx, system, page, f), md.escape(", ".join(tables))]
                      for f, tables in carried]
        out.append(md.table(["Flow", "Fields or tables"], flow_rows) if flow_rows
                   else "No flow declares it or carries a table that holds it.\n")
        yield Page(page, TITLES[kind], "".join(out))
    yield Page(index, "Classified data", "# Classified data\n\nEach kind of classified data, "
               "where it is stored and which flows carry it.\n\n"
               + md.table(["Classification", "Places stored", "Flows"], rows))


def _flows_carrying(system: System, places: set[tuple[int, str | None]]
                    ) -> list[tuple[Flow, list[str]]]:
    tables_by_store: dict[int, set[str]] = {}
    for store_id, target in places:
        if target:
            tables_by_store.setdefault(store_id, set()).add(target.rsplit(".", 1)[0]
                                                            if target.count(".") else target)
    holding = [datastore for datastore in system.datastores if id(datastore) in tables_by_store]
    found = []
    for flow in system.flows:
        hits = []
        for name in flow.carried_tables:
            for datastore in holding:
                table = datastore.table(name)
                if table is not None and table.fullname in tables_by_store.get(id(datastore),
                                                                               set()):
                    hits.append(table.fullname)
        if hits:
            found.append((flow, sorted(set(hits))))
    return found


def _flow_link(ctx: SiteContext, system: System, page: str, flow: Flow) -> str:
    return md.link(flow.name, relative_link(page, ctx.paths.flow(system, flow)))


def _deployment(ctx: SiteContext, system: System) -> Page:
    from archdocs.review.governance import failover, region_of

    page = deployment_path(ctx, system)
    out = ["# Deployment\n\n", "Where each datastore runs (servers and clusters are failure "
           "domains: everything on one fails together), how it fails over, its recovery "
           "objectives and the logins services use.\n\n"]
    out.append(deployment_view.system_diagram(ctx, system, page))
    rows = []
    for datastore in system.datastores:
        server = datastore.server
        link = ctx.paths.element(system, datastore)
        recovery = datastore.recovery
        rows.append([
            md.link(datastore.name, relative_link(page, link)) if link
            else md.escape(datastore.name),
            md.escape(f"{server.name} ({server.hosting})" if server else
                      f"own ({datastore.hosting.value})"),
            md.escape(region_of(datastore) or "—"),
            md.escape(failover(datastore) or "none"),
            md.escape(f"RPO {recovery.rpo or '—'}, RTO {recovery.rto or '—'}" if recovery
                      else "—"),
            md.escape("; ".join(f"{lg.name}: {', '.join(p.value for p in lg.privileges)} "
                                f"({', '.join(lg.user_names) or 'nobody'})"
                                for lg in datastore.logins) or "—"),
        ])
    out.append(md.table(["Datastore", "Server", "Region", "Failover", "Recovery objectives",
                         "Logins (privileges, used by)"], rows) if rows else "No datastores.\n")
    return Page(page, "Deployment", "".join(out))


def element_section(ctx: SiteContext, system: System, element: Element, page_path: str) -> str:
    """Accepted risks on the element; for a datastore its deployment and classified data; for a
    flow the classified data it declares."""
    out = []
    if isinstance(element, Datastore):
        out.append(_datastore_section(ctx, system, element, page_path))
    if isinstance(element, Flow) and element.classification:
        out.append("## Classified data carried\n\n" + md.table(
            ["Classification", "Fields", "Protection"],
            [[md.link(c.kind.value, relative_link(
                page_path, classification_path(ctx, system, c.kind))),
              md.escape(", ".join(c.fields) or "—"),
              md.escape(", ".join(p.value for p in c.protection) or "none")]
             for c in element.classification]) + "\n")
    if isinstance(element, Flow) and element.reliability is not None:
        reliability = element.reliability
        confirms = {True: "yes", False: "no", None: "broker default"}[
            reliability.publisher_confirms]
        out.append("## Acknowledgement\n\n"
                   f"- **Acknowledged:** {md.escape(reliability.ack or 'not declared')}\n"
                   f"- **Publisher confirms:** {md.escape(confirms)}\n\n")
    items = [(s, e) for s, e in accepted_risks(ctx, system) if e is element]
    if items:
        out.append("## Accepted risks\n\n" + md.link(
            "All accepted risks", relative_link(page_path, risk_register_path(ctx, system)))
            + ".\n\n" + risks_table(ctx, system, page_path, items, with_element=False) + "\n")
    # A blank line first: the section before may end with a table, which would swallow a
    # heading written straight after it.
    return "".join("\n" + part for part in out)


def _datastore_section(ctx: SiteContext, system: System, datastore: Datastore,
                       page: str) -> str:
    from archdocs.review.governance import failover, holdings, region_of

    out = []
    server = datastore.server
    facts = [("Server", f"{server.name} ({server.hosting})" if server else None),
             ("Region", region_of(datastore)),
             ("Failover", failover(datastore) or "none declared"),
             ("RPO", datastore.recovery.rpo if datastore.recovery else None),
             ("RTO", datastore.recovery.rto if datastore.recovery else None)]
    if server is not None:
        others = [d.name for d in system.datastores if d.server is server and d is not datastore]
        facts.append(("Shares the server with", ", ".join(others) or None))
    lines = [f"- **{md.escape(k)}:** {md.escape(v)}" for k, v in facts if v]
    out.append("## Deployment\n\n" + "\n".join(lines) + "\n\n"
               + deployment_view.datastore_diagram(ctx, system, datastore, page) + md.link(
        "Deployment of every datastore", relative_link(page, deployment_path(ctx, system)))
        + ".\n\n")
    if datastore.logins:
        out.append("### Logins\n\n" + md.table(["Login", "Privileges", "Used by"], [
            [md.code(lg.name), md.escape(", ".join(p.value for p in lg.privileges)),
             md.escape(", ".join(lg.user_names) or "—")] for lg in datastore.logins]) + "\n")
    guarded = [p for p in datastore.all_access_patterns() if p.invariant]
    if guarded:
        out.append("## Invariants under concurrency\n\n" + md.table(
            ["Write", "Table", "Invariant", "Kept by"],
            [[md.escape(p.name), md.escape(p.table or "—"), md.escape(p.invariant),
              md.escape(str(p.concurrency) if p.concurrency else "nothing declared")]
             for p in guarded]) + "\n")
    held = holdings(datastore)
    if held:
        out.append("## Classified data\n\n" + md.table(
            ["Where", "Classification", "Protection", "Retention", "Erasure", "Regions"],
            [[md.escape(h.target or ", ".join(h.classified.fields) or "whole store"),
              md.link(h.classified.kind.value, relative_link(
                  page, classification_path(ctx, system, h.classified.kind))),
              md.escape(", ".join(p.value for p in h.classified.protection) or "none"),
              md.escape(h.classified.retention or "—"), md.escape(h.classified.erasure or "—"),
              md.escape(", ".join(h.classified.regions) or "—")] for h in held]) + "\n")
    return "".join(out)
