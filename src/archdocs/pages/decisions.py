"""The technology decisions page of a system: the decision framework (what each kind of
datastore is good for) and every datastore against it (its requirements, which capabilities
meet them, the review rules that fired on it)."""

from __future__ import annotations

from archdocs.model.technology import Kind
from archdocs.pages import markdown as md
from archdocs.pages.page import Page, relative_link
from archdocs.pages.system_index import SystemIndex, section, title

KIND_GOOD_FOR: dict[Kind, str] = {
    Kind.RELATIONAL: "ACID transactions, complex relationships, reporting",
    Kind.DOCUMENT: "flexible schema, JSON documents",
    Kind.KEY_VALUE: "caching, sessions, real-time lookups",
    Kind.WIDE_COLUMN: "very high write volume, wide partitions by key",
    Kind.SEARCH: "full-text search, log analytics",
    Kind.TIME_SERIES: "metrics, IoT, retention and downsampling",
    Kind.EVENT_LOG: "durable event streams between services",
    Kind.OBJECT: "files, blobs, archives",
}
"""The decision framework: what each kind of datastore is good for (also on datastore pages)."""


def decisions_page(index: SystemIndex) -> Page:
    """The decision framework, then the matrix of datastores against it."""
    system = index.system
    page = index.paths.decisions(system)
    advice = relative_link(page, f"{index.paths.base(system)}/advice/index.md")
    out = [title("Technology decisions"),
           "Every datastore against the decision framework: its kind, the requirements "
           "declared for it, which capabilities meet them, and the review rules that fired "
           "on it. What archdocs advises for each datastore, ranked with its reasons: "
           f"{md.link('Advice', advice)}"
           ".\n"]
    out.append(section("Decision framework"))
    out.append(md.table(["Kind", "Good for"], [
        [md.escape(kind.value), md.escape(text)] for kind, text in KIND_GOOD_FOR.items()]))
    out.append(section("Matrix"))
    rows = []
    for datastore in system.datastores:
        needs = []
        for requirement in datastore.requirements:
            capability = requirement.capability
            if capability is None:
                needs.append(f"{md.escape(requirement.value)} (checked on flows)")
            elif not datastore.decided:
                needs.append(f"{md.escape(requirement.value)} (to meet: see the advice)")
            elif datastore.has(capability):
                needs.append(f"{md.escape(requirement.value)} ✓")
            else:
                needs.append(f"**{md.escape(requirement.value)} ✗ not met**")
        fired = sorted({f.rule for f in index.findings_of.get(id(datastore), [])})
        accepted = sorted({s.finding.rule for s, e in index.accepted if e is datastore}
                          - set(fired))
        rows.append([
            index.link(page, datastore),
            f"{md.escape(datastore.technology.label)} "
            f"({md.escape(datastore.technology.kind.value)})",
            md.escape(datastore.role.value),
            "<br>".join(needs) or "none declared",
            ", ".join([index.rule_link(page, r) for r in fired]
                      + [f"{index.rule_link(page, r)} (accepted risk)" for r in accepted])
            or "",
        ])
    out.append(md.table(["Datastore", "Technology (kind)", "Role", "Requirements",
                         "Rules fired"], rows) if rows else "None declared.\n")
    return Page(page, "Technology decisions", "".join(out), nav=True)


__all__ = ["KIND_GOOD_FOR", "decisions_page"]
