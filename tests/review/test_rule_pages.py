"""Every rule has its reference page, the index lists them all, and the examples on the pages
of the integrity, ownership, pattern, scaling, technology and schema rules really trigger the
rule (and their fixes really do not)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from archdocs.review.engine import all_rules

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "rules"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rule_pages", REPO / "tools" / "rule_pages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


TOOL = _tool()


@pytest.mark.parametrize("rule_id", sorted(all_rules()))
def test_every_rule_has_a_reference_page(rule_id):
    page = DOCS / f"{rule_id}.md"
    assert page.is_file(), f"docs/rules/{rule_id}.md is missing: every rule needs its page"
    assert page.read_text(encoding="utf-8").startswith(f"# {rule_id}")


def test_the_index_links_every_rule():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([A-Z]+\d+)\.md\)", index))
    missing = sorted(set(all_rules()) - linked)
    assert not missing, f"docs/rules/index.md lacks {missing}: run tools/rule_pages.py"


@pytest.mark.parametrize("rule_id", sorted(TOOL.PAGES))
def test_the_page_is_current_and_its_example_triggers_the_rule(rule_id):
    """The page shows the finding archdocs prints today for the example; the fixed example
    passes (render_page refuses otherwise)."""
    rule = all_rules()[rule_id]
    expected = TOOL.render_page(rule, TOOL.PAGES[rule_id])
    actual = (DOCS / f"{rule_id}.md").read_text(encoding="utf-8")
    assert actual == expected, f"docs/rules/{rule_id}.md is stale: run tools/rule_pages.py"
