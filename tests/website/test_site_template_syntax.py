"""Model text that looks like template syntax reaches the page as text, even on a site that runs
mkdocs-macros (a Jinja pre-processor over every page's Markdown)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sitehelpers import VENV_BIN, run

from archdocs.website.build import SiteOptions, build_site

pytestmark = pytest.mark.slow

# Every place model text lands: names, comments, defaults, descriptions, teams, events.
MODEL = '''
from sqlalchemy import Column, Integer, MetaData, String, Table
from archdocs import Access, Mechanism, System, tech

metadata = MetaData()
Table("orders {{ 3*3 }}", metadata,
      Column("id", Integer, primary_key=True),
      Column("{{ 7*7 }}", String(10), server_default="{{ 6*6 }}",
             comment="c {% if true %}IF-RAN{% endif %} {# hidden #}"),
      comment="{{ 8*8 }}")
system = System("Shop {{ 9*9 }}", description="{{ 5*5 }} {{ config.__class__ }}")
sales = system.context("Sales {{ 4*4 }}", team="t {{ 2*2 }}", domain="{% raw %}")
api = sales.service("api {{ 11*11 }}", description="{{ 12*12 }}")
db = sales.datastore("db {{ 13*13 }}", tech.PostgreSQL("16"), schema=metadata,
                     description="{#- 14*14 #}")
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE, name="flow {{ 15*15 }}",
            carries=["orders {{ 3*3 }}"], events=["Evt{{ 16*16 }}"],
            description="{{ 17*17 }}")
'''
LITERALS = ["{{ 7*7 }}", "{{ 6*6 }}", "{{ 8*8 }}", "{{ 9*9 }}", "{{ 5*5 }}", "{{ 4*4 }}",
            "{{ 2*2 }}", "{% raw %}", "{{ 11*11 }}", "{{ 12*12 }}", "{{ 13*13 }}", "{#- 14*14 #}",
            "{{ 15*15 }}", "{{ 16*16 }}", "{{ 17*17 }}", "orders {{ 3*3 }}",
            "{% if true %}IF-RAN{% endif %} {# hidden #}", "{{ config.__class__ }}"]
TEMPLATE = re.compile(r"\{[{%#]|[}%#]\}")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "shop.py").write_text(MODEL)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    return tmp_path


def _text(page_html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, zero-width spaces ignored."""
    body = re.sub(r"<(script|style)\b.*?</\1>", "", page_html, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\u200b", "")


@pytest.mark.parametrize("diagrams", ["svg", "mermaid"])
def test_no_generated_page_holds_a_template_delimiter(project: Path, diagrams: str) -> None:
    result = build_site(SiteOptions(models=project / "models", use_cache=False,
                                    diagrams=diagrams))  # type: ignore[arg-type]
    for page in result.pages:
        assert not TEMPLATE.search(page.content), (page.path, TEMPLATE.findall(page.content))
        assert not TEMPLATE.search(page.title), page.path


def test_mkdocs_macros_shows_template_syntax_from_the_model_literally(project: Path) -> None:
    (project / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: material}\n"
        "markdown_extensions: [admonition, tables, attr_list, md_in_html]\n"
        "plugins:\n  - archdocs:\n      models: models\n      cache_dir: cache\n"
        "  - macros:\n      on_error_fail: true\n")
    result = run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site" / "architecture"
    seen = "\n".join(_text(p.read_text(encoding="utf-8")) for p in site.rglob("*.html"))
    missing = [literal for literal in LITERALS if literal not in seen]
    assert missing == []
    table = next(site.rglob("tables/orders*/index.html"))
    assert "IF-RAN" not in _text(table.read_text(encoding="utf-8")).replace(
        "{% if true %}IF-RAN{% endif %}", "")
    assert "<class" not in seen  # {{ config.__class__ }} was never evaluated
