"""Every element gets a page of its own: several systems in one models folder, names that share
a slug, elements named like the index pages; a true duplicate is refused with both places."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitehelpers import VENV_BIN, run

from archdocs.naming import slugify
from archdocs.website.build import SiteOptions, build_site
from archdocs.website.markdown import escape
from archdocs.website.paths import DuplicateNameError, distinct_slugs

SHOP = '''
from sqlalchemy import Column, Integer, MetaData, Table
from archdocs import Mechanism, System, tech

metadata = MetaData()
Table("orders", metadata, Column("id", Integer, primary_key=True))
system = System("Shop")
sales = system.context("Sales")
api = sales.service("api")
db = sales.datastore("db", tech.PostgreSQL("16"), schema=metadata)
system.flow(api, db, Mechanism.QUERY, carries=["orders"])
'''
BILLING = SHOP.replace('"Shop"', '"Billing"').replace('"Sales"', '"Invoicing"')
# A system named like a site-wide folder, with elements whose names collide after slugging.
CLASHES = '''
from sqlalchemy import Column, Integer, MetaData, Table
from archdocs import Mechanism, System, tech

metadata = MetaData()
for name in ("Order Lines", "order_lines", "order-lines", "index"):
    Table(name, metadata, Column("id", Integer, primary_key=True))
system = System("rules")
contexts = [system.context(name) for name in ("Order Service", "order-service",
                                              "order_service", "index", "Index")]
api = contexts[0].service("api")
stores = [contexts[1].datastore(name, tech.PostgreSQL("16"), schema=metadata if n == 0 else None)
          for n, name in enumerate(("index", "Order DB", "order-db"))]
for n, store in enumerate(stores):
    system.flow(api, store, Mechanism.QUERY, name=("index", "Read", "read")[n],
                carries=["index"] if n == 0 else [])
'''


def _write(root: Path, files: dict[str, str]) -> Path:
    models = root / "models"
    models.mkdir(parents=True)
    for name, source in files.items():
        (models / name).write_text(source, encoding="utf-8")
    return models


def test_two_systems_in_one_models_folder_build_with_generate_and_mkdocs(tmp_path: Path) -> None:
    _write(tmp_path, {"shop.py": SHOP, "billing.py": BILLING})
    generated = run([str(VENV_BIN / "archdocs"), "generate", "docs", "models"], cwd=tmp_path)
    assert generated.returncode == 0, generated.stderr
    assert "Traceback" not in generated.stderr and "internal error" not in generated.stderr
    pages = {p.relative_to(tmp_path / "docs").as_posix()
             for p in (tmp_path / "docs").rglob("*.md")}
    for system in ("shop", "billing"):
        assert {f"architecture/{system}/index.md", f"architecture/{system}/datastores/db.md",
                f"architecture/{system}/datastores/db/tables/orders.md",
                f"architecture/{system}/flows/api-db-query.md"} <= pages
    landscapes = [p for p in (tmp_path / "docs" / "architecture" / "diagrams").glob("*.svg")
                  if p.name.startswith("landscape")]
    assert len(landscapes) == 2  # each system's own picture

    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: material}\ndocs_dir: site-docs\n"
        "plugins:\n  - archdocs:\n      models: models\n      cache_dir: cache\n")
    (tmp_path / "site-docs").mkdir()
    (tmp_path / "site-docs" / "index.md").write_text("# Home\n")
    built = run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    for system, context in (("shop", "sales"), ("billing", "invoicing")):
        html = (tmp_path / "site" / "architecture" / system / "contexts" / context / "index.html")
        assert html.is_file()


def test_names_that_share_a_slug_or_are_called_index_get_pages_of_their_own(
        tmp_path: Path) -> None:
    result = build_site(SiteOptions(models=_write(tmp_path, {"clash.py": CLASHES}),
                                    use_cache=False))
    assert result.model is not None and result.paths is not None
    [system] = result.model.systems
    paths = result.paths
    pages = {page.path: page.content for page in result.pages}
    elements = [*system.contexts, *system.datastores, *system.flows]
    element_pages = [paths.element(system, element) for element in elements]
    assert len(set(element_pages)) == len(elements)
    tables = [paths.table(system, system.datastores[0], t) for t in system.datastores[0].tables]
    assert len(set(tables)) == 4
    for path in [*element_pages, *tables]:
        assert path in pages
        assert not path.endswith("/index.md")
    for element, path in zip(elements, element_pages, strict=True):
        heading = next(line for line in pages[str(path)].splitlines() if line.startswith("# "))
        assert heading.endswith(f" {escape(element.name)}"), (path, heading)
    # the index pages are still the index pages
    for index in (paths.contexts_index(system), paths.datastores_index(system),
                  paths.flows_index(system)):
        assert pages[index].count("](") >= 3, index
    # a name that is its own slug keeps it; the others sharing it get a hash
    assert paths.context(system, system.contexts[1]) == "architecture/contexts/order-service.md"
    assert paths.slug(system.contexts[0]).startswith("order-service-")
    assert paths.slug(system.contexts[3]).startswith("index-")
    assert paths.slug(system.flows[2]) == "read" and paths.slug(system.flows[1]) != "read"


def test_a_flow_with_a_unique_name_has_a_plain_url(tmp_path: Path) -> None:
    result = build_site(SiteOptions(models=_write(tmp_path, {"shop.py": SHOP}), use_cache=False))
    assert "architecture/flows/api-db-query.md" in [page.path for page in result.pages]
    assert slugify("api → db (query)") != "api-db-query"  # the old, hashed URL


def test_distinct_slugs_are_deterministic_and_disambiguate_only_on_collision() -> None:
    names = ["Order Service", "order-service", "order_service", "index", "Payments", "日本"]
    slugs = distinct_slugs(names, reserved={"index"})
    assert slugs == distinct_slugs(list(reversed(names)), reserved={"index"})
    assert len(set(slugs.values())) == len(names)
    assert slugs["order-service"] == "order-service"  # the name that is its own slug keeps it
    assert slugs["Order Service"].startswith("order-service-")
    assert slugs["index"].startswith("index-")
    assert slugs["Payments"] == "payments"
    assert slugs["日本"] and "/" not in slugs["日本"]


@pytest.mark.parametrize("kind", ["context", "datastore", "system"])
def test_a_true_duplicate_is_refused_with_both_places(tmp_path: Path, kind: str) -> None:
    twice = {
        "context": 'system = System("Shop")\nsystem.context("Sales")\nsystem.context("Sales")\n',
        "datastore": 'system = System("Shop")\nc = system.context("Sales")\n'
                     'c.datastore("db", tech.PostgreSQL("16"))\n'
                     'c.datastore("db", tech.MySQL("8"))\n',
        "system": 'System("Shop")\nSystem("Shop")\n',
    }[kind]
    models = _write(tmp_path, {"dup.py": "from archdocs import System, tech\n" + twice})
    with pytest.raises(DuplicateNameError):
        build_site(SiteOptions(models=models, use_cache=False))
    result = run([str(VENV_BIN / "archdocs"), "generate", "docs", "models"], cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = [n for n, line in enumerate(twice.splitlines(), start=2) if '"Sales")' in line
             or '"db"' in line or line == 'System("Shop")']
    first, second = lines[-2:]
    assert f"models/dup.py:{second}: error: two {kind}s are named" in result.stderr
    assert f"models/dup.py:{first}" in result.stderr
    assert not (tmp_path / "docs").exists()


def test_names_that_share_a_slug_stay_apart_in_diagrams(tmp_path: Path) -> None:
    import re

    from archdocs.load import load_models
    from archdocs.render import er_specs, landscape_spec

    [system] = load_models(_write(tmp_path, {"clash.py": CLASHES})).systems
    dot = landscape_spec(system).dot
    clusters = re.findall(r"subgraph (cluster_\w+)", dot)
    assert len(clusters) == len(set(clusters)) == len(system.contexts)  # one box each
    [spec] = er_specs(system, system.datastores[0])
    assert spec.mermaid is not None
    entities = re.findall(r"^  (\w+)\[", spec.mermaid, flags=re.M)
    assert len(set(entities)) == 4, spec.mermaid


def test_domains_that_share_a_slug_get_frames_of_their_own() -> None:
    from archdocs import System
    from archdocs.render import context_map_spec

    system = System("Shop")
    for name, domain in (("A", "Sales Domain"), ("B", "Sales Domain"), ("C", "sales_domain"),
                         ("D", "sales_domain")):
        system.context(name, domain=domain).service(f"{name.lower()}-api")
    spec = context_map_spec(system)
    frames = re.findall(r"subgraph (cluster_domain_\w+)", spec.dot)
    assert len(frames) == len(set(frames)) == 2
    assert spec.mermaid is not None
    subgraphs = re.findall(r"subgraph (domain_\w+)\[", spec.mermaid)
    assert len(subgraphs) == len(set(subgraphs)) == 2


def test_diagram_files_have_readable_names_and_stay_apart(tmp_path: Path) -> None:
    result = build_site(SiteOptions(models=_write(tmp_path, {"shop.py": SHOP,
                                                             "billing.py": BILLING}),
                                    use_cache=False))
    assets = sorted(asset.path for asset in result.assets)
    assert "architecture/diagrams/flow-api-db-query.svg" in assets  # no hash when unique
    flows = [path for path in assets if "/flow-api-db-query" in path]
    assert len(flows) == 2  # the second system's flow has its own picture
