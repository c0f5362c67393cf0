"""The title front matter of generated pages: MkDocs reads back the very title, whichever of
PyYAML's emitters wrote it."""

from __future__ import annotations

import pytest
import yaml

from archdocs.pages.markdown import front_matter, plain_title

# Titles YAML would read as something else, or that need quoting: keywords, numbers, dates,
# indicators, quotes, comments, colons, and text beyond ASCII (written by PyYAML's own emitter).
TITLES = [
    "Table: public.orders", "yes", "No", "null", "~", "true", "1", "1.5", "0x1F", "1e3",
    "2026-12-06", "12:30:00", ".inf", "-", "- item", "? key", "a: b", "a #b", "#a", "'quoted'",
    '"double"', " padded ", "a,b", "[list]", "{map}", "&anchor", "*alias", "!tag", "%directive",
    "@at", "`tick`", "|", ">", "<<", "=", "trailing:", "x" * 300, "café crème", "订单",
    "\x85next line", "emoji \U0001F600", "C1 \x9b control",
]


@pytest.mark.parametrize("title", TITLES)
def test_the_title_reads_back_exactly(title: str) -> None:
    block = front_matter(title)
    assert block.startswith("---\n") and block.endswith("---\n\n")
    assert yaml.safe_load(block[4:-5]) == {"title": plain_title(title)}


@pytest.mark.parametrize("title", TITLES)
def test_the_block_is_the_one_pythons_emitter_writes(title: str) -> None:
    # The same bytes whichever emitter wrote them: pages must not change with libyaml.
    plain = plain_title(title)
    expected = yaml.dump({"title": plain}, Dumper=yaml.SafeDumper, allow_unicode=True,
                         default_flow_style=False, width=2**31 - 1)
    assert front_matter(title) == f"---\n{expected}---\n\n"
