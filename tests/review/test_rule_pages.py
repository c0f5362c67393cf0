"""Every rule declares its reference page next to it (``DOC = RuleDoc(...)``), its page and
the index are what ``tools/rule_pages.py`` writes today, and every example really triggers
its rule while its fixed example does not."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from archdocs.review.engine import all_rules
from archdocs.review.examples import findings_of, review_example
from archdocs.review.finding import Severity
from archdocs.review.rule import Rule, RuleDoc

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "rules"

RULES = sorted(all_rules())


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rule_pages", REPO / "tools" / "rule_pages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


TOOL = _tool()


@pytest.mark.parametrize("rule_id", RULES)
def test_every_rule_declares_its_page_next_to_it(rule_id):
    rule = all_rules()[rule_id]
    module = sys.modules[rule.check.__module__]
    assert isinstance(getattr(module, "DOC", None), RuleDoc), (
        f"{rule_id} needs DOC = RuleDoc(...) right after the rule in {module.__name__} "
        "(see CONTRIBUTING.md)")


def test_a_rule_without_its_page_is_refused_with_where_to_declare_it():
    rule = Rule("XYZ001", "no-page", Severity.INFO, "schema", "why", "fix",
                check=lambda ctx: ())
    with pytest.raises(TypeError, match=r"XYZ001 has no reference page: declare "
                                        r"DOC = RuleDoc\(\.\.\.\) right after the rule in "
                                        + re.escape(__name__)):
        _ = rule.doc


@pytest.mark.parametrize("rule_id", RULES)
def test_every_rule_has_a_reference_page(rule_id):
    page = DOCS / f"{rule_id}.md"
    assert page.is_file(), f"docs/rules/{rule_id}.md is missing: every rule needs its page"
    assert page.read_text(encoding="utf-8").startswith(f"# {rule_id}")


def test_the_index_is_current_and_links_every_rule():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    assert index == TOOL.render_index(all_rules()), (
        "docs/rules/index.md is stale: run tools/rule_pages.py")
    linked = set(re.findall(r"\]\(([A-Z]+\d+)\.md\)", index))
    assert linked == set(all_rules())


@pytest.mark.parametrize("rule_id", RULES)
def test_the_example_triggers_the_rule_and_the_fixed_example_does_not(rule_id):
    rule = all_rules()[rule_id]
    triggered = findings_of(review_example(rule), rule_id)
    assert triggered, f"the example of {rule_id} does not trigger it"
    assert findings_of(review_example(rule, fixed=True), rule_id) == [], (
        f"the fixed example of {rule_id} still triggers it")


@pytest.mark.parametrize("rule_id", RULES)
def test_the_page_is_current(rule_id):
    """The page shows the findings archdocs prints today for the example."""
    rule = all_rules()[rule_id]
    expected = TOOL.render_page(rule, rule.doc)
    actual = (DOCS / f"{rule_id}.md").read_text(encoding="utf-8")
    assert actual == expected, f"docs/rules/{rule_id}.md is stale: run tools/rule_pages.py"
