"""The rule reference: an index of every review rule and one page per rule (why it exists, how
to fix and suppress what it flags, its findings and accepted risks in this model). Not written
when the site has rule pages of its own (the ``rule_pages`` option): findings link there."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from archdocs.model.system import System
from archdocs.pages import markdown as md
from archdocs.pages.page import Page, SiteContext, relative_link
from archdocs.pages.system_index import LocatedFinding, facts, section, source_link, title
from archdocs.review.rule import Rule


def pages(ctx: SiteContext, systems: Sequence[System],
          located: dict[int, list[LocatedFinding]], rules: dict[str, Rule]) -> Iterable[Page]:
    """The rule index, then a page per rule, in the order of ``rules``."""
    paths = ctx.paths
    if paths.rule_pages is not None:
        return  # the site has its own rule pages: findings link there, no copy is made
    index = paths.rules_index()
    fired: dict[str, list[tuple[System, LocatedFinding]]] = defaultdict(list)
    for system in systems:
        for item in located.get(id(system), []):
            fired[item.finding.rule].append((system, item))
    rows = [[md.link(r.id, relative_link(index, paths.rule(r.id))), md.escape(r.name),
             md.escape(r.severity.value), md.escape(r.family), len(fired.get(r.id, []))]
            for r in rules.values()]
    yield Page(index, "Review rules", title("Review rules")
               + "Every rule the review runs, with why it exists and how to fix what it flags.\n\n"
               + md.table(["Rule", "Name", "Severity", "Family", "Findings here"], rows),
               nav=True)
    for rule in rules.values():
        page = paths.rule(rule.id)
        out = [title(f"{rule.id} {rule.name}")]
        out.append(facts([("Severity", md.escape(rule.severity.value)),
                           ("Family", md.escape(rule.family))]))
        out.append(section("Why"))
        out.append(md.paragraph(rule.why))
        out.append(section("How to fix"))
        out.append(md.paragraph(rule.fix))
        out.append(section("How to suppress"))
        out.append("Attach a suppression with a reason to the element:\n\n"
                   f"```python\nsuppress({rule.id!r}, \"why this is acceptable here\")\n```\n")
        out.append(section("Findings in this model"))
        hits = fired.get(rule.id, [])
        accepted = [s for s in ctx.report.suppressed if s.finding.rule == rule.id]
        if not hits:
            out.append("None.\n")
        else:
            rows = []
            for system, item in hits:
                element = item.element
                target = paths.element(system, element) if element is not None else None
                where = (md.link(element.name, relative_link(page, target))
                         if element is not None and target else md.escape(item.finding.element))
                rows.append([where, md.escape(item.finding.message),
                             source_link(ctx, item.finding.file, item.finding.line)])
            out.append(md.table(["Element", "Finding", "Declared at"], rows))
        if accepted:
            out.append(section("Accepted risks in this model"))
            out.append(md.table(["Element", "Finding", "Why it is accepted", "Owner",
                                 "Review by"], [
                [md.escape(s.finding.element), md.escape(s.finding.message),
                 md.escape(s.reason), md.escape(s.owner or "—"), md.escape(s.review_by or "—")]
                for s in accepted]))
        yield Page(page, f"{rule.id} {rule.name}", "".join(out))


__all__ = ["pages"]
