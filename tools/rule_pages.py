"""Write the reference page of every rule, ``docs/rules/<ID>.md``, and the rule index.

    .venv/bin/python tools/rule_pages.py

Every page is rendered the same way: the "why" and "fix" of the rule's registration
(``@rule(...)``), and the rest from the ``DOC = RuleDoc(...)`` declared next to the rule in its
module (``archdocs.review.rule.RuleDoc``): what it checks, an example that triggers it with
the findings archdocs really prints for it, the fixed example, and how to suppress it. The
examples run through ``archdocs.review.examples``, as in ``tests/review/test_rule_pages.py``.
Every rule declares one: a rule without it stops the tool with its id and module.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from archdocs.review.engine import all_rules
from archdocs.review.examples import (
    example_source,
    findings_of,
    output_lines,
    review_example,
)
from archdocs.review.rule import Rule, RuleDoc

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"

FAMILIES = {
    "integrity": "Integrity", "ownership": "Ownership", "patterns": "Patterns",
    "scaling": "Scaling", "technology": "Technology fit", "schema": "Schema quality",
    "suppressions": "Suppressions", "decision records": "Decision records",
    "migrations": "Migrations", "access patterns": "Access patterns",
    "data modeling": "Data modeling", "operations": "Operations", "messaging": "Messaging",
    "context map": "Context map",
    "governance": "Data governance", "resilience": "Resilience",
    "security": "Access control", "engine": "Engine limits",
    "reliability": "Messaging reliability",
}
"""How each family (``@rule(family=...)``) is titled, in the order of the index."""

LANGUAGES = {".md": "markdown", ".py": "python", ".yml": "yaml", ".yaml": "yaml",
             ".sql": "sql", ".json": "json"}
"""The code block language of an example file, by suffix."""


def _code(language: str, text: str) -> str:
    return f"```{language}\n" + textwrap.dedent(text).strip() + "\n```\n"


def _files(files: Mapping[str, str]) -> list[str]:
    parts = []
    for name, text in sorted(files.items()):
        parts.append(f"`{name}`:\n")
        parts.append(_code(LANGUAGES.get(PurePosixPath(name).suffix, "text"), text))
    return parts


def _fixed(doc: RuleDoc) -> list[str]:
    """The fixed example: the model unless the fix leaves it as it was, and the files the fix
    changes."""
    same_model = example_source(doc.fixed) == example_source(doc.example)
    if same_model and doc.fixed_files is None:
        raise SystemExit("a fixed example needs a changed model or fixed_files")
    model = [] if same_model else [_code("python", example_source(doc.fixed))]
    return model + _files(doc.fixed_files or {})


def _base(doc: RuleDoc) -> list[str]:
    """For a rule ``archdocs diff`` reports: the model in the base commit, before the
    example's change."""
    if doc.base is None:
        return []
    return ["In the base commit (`main`):\n", _code("python", example_source(doc.base)),
            "The change under review:\n"]


def render_page(rule: Rule, doc: RuleDoc) -> str:
    """The rule's page; refuses an example that does not trigger the rule, or a fixed example
    that still does."""
    output = output_lines(findings_of(review_example(rule), rule.id))
    command = "archdocs diff --base main" if doc.base is not None else "archdocs check"
    if not output:
        raise SystemExit(f"the example of {rule.id} does not trigger it")
    if findings_of(review_example(rule, fixed=True), rule.id):
        raise SystemExit(f"the fixed example of {rule.id} still triggers it")
    family = FAMILIES.get(rule.family, rule.family)
    parts = [
        f"# {rule.id} · {rule.name}\n",
        f"**Severity:** {rule.severity.value} · **Family:** {family}\n",
        "## Why\n", rule.why + "\n",
        "## What it checks\n", doc.checks.strip() + "\n",
        "## Example\n",
        "Imports are left out of the examples: `from archdocs import *`, `from archdocs import "
        "tech` and the SQLAlchemy names used.\n",
        *_base(doc),
        _code("python", example_source(doc.example)),
        *_files(doc.files),
        f"`{command}` reports:\n",
        "```text\n" + "\n".join(output) + "\n```\n",
        "## Fix\n", rule.fix + "\n",
        *_fixed(doc),
        *([doc.notes.strip() + "\n"] if doc.notes.strip() else []),
        "## Suppress\n",
        *([] if doc.base is not None else [
            "If the finding is a deliberate trade-off, suppress it where the element (or "
            "table, or column) is declared, with the reason; `archdocs check` lists every "
            "suppression it applied with its reason, and reports a suppression without a "
            "reason as [SUP001](SUP001.md).\n"]),
        _code("python", doc.suppress),
    ]
    return "\n".join(parts)


def _summary(rule: Rule) -> str:
    """The first line of the rule module's docstring, without its ``ID:`` prefix."""
    summary = (sys.modules[rule.check.__module__].__doc__ or "").strip().split("\n")[0]
    summary = summary.split(":", 1)[1].strip() if ":" in summary else summary
    return summary[:1].upper() + summary[1:]


def render_index(rules: dict[str, Rule]) -> str:
    lines = [
        "# Review rules\n",
        "`archdocs check` runs these rules over the model. Every finding names the rule id, the "
        "element and the file:line where it was declared. Suppress a finding in the model, "
        "with its reason: `suppress(\"RULE\", \"why this is acceptable here\")`. The output "
        "formats are described in [the check format reference](../reference/check-format.md).\n",
    ]
    by_family: dict[str, list[Rule]] = {}
    for rule in rules.values():
        by_family.setdefault(FAMILIES.get(rule.family, rule.family), []).append(rule)
    for family in sorted(by_family, key=lambda f: (list(FAMILIES.values()) + [f]).index(f)):
        lines.append(f"## {family}\n")
        lines.append("| Rule | Name | Severity | What it flags |")
        lines.append("|---|---|---|---|")
        for rule in by_family[family]:
            link = f"[{rule.id}]({rule.id}.md)"
            cell = _summary(rule).replace("|", "\\|")
            lines.append(f"| {link} | {rule.name} | {rule.severity.value} | {cell} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    rules = all_rules()
    for rule in rules.values():
        (DOCS / f"{rule.id}.md").write_text(render_page(rule, rule.doc), encoding="utf-8")
    (DOCS / "index.md").write_text(render_index(rules), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
