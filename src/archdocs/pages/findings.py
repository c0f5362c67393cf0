"""The findings page of a system: its review findings by severity, then by rule (each linked to
the rule reference), and its accepted risks (suppressed findings with their reasons)."""

from __future__ import annotations

from collections import defaultdict

from archdocs.pages import governance as governance_pages
from archdocs.pages import markdown as md
from archdocs.pages.page import Page, relative_link
from archdocs.pages.system_index import SystemIndex, section, title
from archdocs.review.finding import Finding, Severity


def findings_page(index: SystemIndex) -> Page:
    """Every finding of the system, grouped by severity and rule, then the accepted risks."""
    page = index.paths.findings(index.system)
    out = [title("Findings")]
    if not index.findings:
        out.append("The review found nothing to report"
                   + (f" beyond {len(index.accepted)} accepted risk"
                      f"{'s' if len(index.accepted) != 1 else ''} (below)"
                      if index.accepted else "") + ".\n")
    for severity in Severity:
        group = [x.finding for x in index.findings if x.finding.severity is severity]
        if not group:
            continue
        out.append(section(f"{severity.value.capitalize()} ({len(group)})"))
        by_rule: dict[str, list[Finding]] = defaultdict(list)
        for finding in group:
            by_rule[finding.rule].append(finding)
        for rule_id in sorted(by_rule):
            rule = index.rules.get(rule_id)
            name = f" {md.escape(rule.name)}" if rule else ""
            out.append(section(f"{index.rule_link(page, rule_id)}{name}", 3))
            out.append(index.findings_block(page, by_rule[rule_id], with_element=True))
    if index.accepted:
        out.append(section(f"Accepted risks ({len(index.accepted)})"))
        out.append("Suppressed findings, with the reason the model gives; "
                   + md.link("the risk register", relative_link(
                       page, governance_pages.risk_register_path(index.ctx, index.system)))
                   + " lists them too.\n\n")
        out.append(governance_pages.risks_table(index.ctx, index.system, page, index.accepted))
    return Page(page, "Findings", "".join(out), nav=True)


__all__ = ["findings_page"]
