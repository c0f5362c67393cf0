"""The advice as Markdown (the CLI and the site page share it) and as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from archdocs.advise.engine import Advice, Option, _article
from archdocs.pages import markdown as md


def _reasons(option: Option) -> str:
    return "; ".join(f"{r.points:+d} {r.text}" for r in option.reasons)


def as_markdown(advice: Advice, heading: int = 2) -> str:
    """The advice for one datastore; sections start at ``heading`` level."""
    h = "#" * heading
    out: list[str] = []
    status = (f"decided: {advice.decided}" if advice.decided else "undecided")
    out.append(f"{h} Advice for {md.escape(advice.datastore)} ({status})\n\n")
    top = advice.recommended
    out.append(md.paragraph(
        f"Recommended: {_article(advice.kind)} {advice.kind} store, {top.name}"
        + (f" ({top.managed})" if top.managed else "") + ".") + "\n")
    if not advice.complete:
        out.append("No catalogued option meets every need: the closest follow, each with what "
                   "it misses (split the workload across stores, or revisit a requirement).\n\n")
    if advice.contradictions:
        out.append(f"{h}# The decision contradicts its requirements\n\n")
        out.extend(f"- {md.escape(c)}\n" for c in advice.contradictions)
        out.append("\n")
    out.append(f"{h}# Needs\n\n")
    out.extend(f"- {md.escape(n)}\n" for n in advice.needs)
    out.append("\n" if advice.needs else "None declared.\n\n")
    out.append(f"{h}# Ranked options\n\n")
    out.append(md.table(
        ["Rank", "Technology", "Kind", "Score", "Why"],
        [[str(i), md.escape(o.name), o.kind, str(o.score),
          md.escape(_reasons(o) + ("; misses: " + "; ".join(o.rejected) if o.rejected else ""))]
         for i, o in enumerate(advice.ranked, 1)]))
    out.append(f"\n{h}# Rejected options\n\n")
    out.append(md.table(
        ["Technology", "Kind", "Rejected because"],
        [[md.escape(o.name), o.kind, md.escape("; ".join(o.rejected))] for o in advice.rejected])
        if advice.rejected else "None.\n")
    out.append(f"\n{h}# Managed or self-hosted\n\n")
    out.extend(f"- {md.escape(line)}\n" for line in advice.hosting)
    out.append(f"\n{h}# Data residency\n\n")
    if advice.residency:
        out.extend(f"- {md.escape(line)}\n" for line in advice.residency)
    else:
        out.append("None declared: replicas and backups may go to any region "
                   "(`Constraints(data_residency=...)` keeps them in one jurisdiction).\n")
    out.append(f"\n{h}# Start simple\n\n")
    if advice.checks:
        out.append(md.table(
            ["Heavier option", "Verdict", "Worth it"],
            [[md.escape(c.subject), md.escape(c.verdict), md.escape(c.trigger)]
             for c in advice.checks]))
    else:
        out.append("Nothing heavier than needed is declared or recommended.\n")
    if advice.pattern is not None:
        out.append(f"\n{h}# Pattern for the context {md.escape(advice.context or '')}\n\n")
        out.append(md.paragraph(f"{advice.pattern.pattern}."))
        # A list needs a blank line after the paragraph, or Markdown reads "- reason" as text.
        out.append("\n")
        out.extend(f"- {md.escape(r)}\n" for r in advice.pattern.reasons)
        out.append(f"\nConsistency cost: {md.escape(advice.pattern.consistency_cost)}.\n")
    out.append(f"\n{h}# Scalability path\n\n")
    out.append(md.table(["Step", "When", "Detail"],
                        [[s.name, md.escape(s.when), md.escape(s.detail)] for s in advice.path]))
    return "".join(out)


def all_as_markdown(advices: Sequence[Advice]) -> str:
    return "\n".join(as_markdown(a) for a in advices)


def as_json(advices: Sequence[Advice]) -> str:
    data = [dict(asdict(a), recommended=a.recommended.technology) for a in advices]
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
