"""The generated pages of the flagship example: complete, linked, deterministic, escaped."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from sitehelpers import HOSTILE, REPO, VENV_BIN, run

from archdocs.pages import markdown as md
from archdocs.pages.paths import SitePaths
from archdocs.review.sizing import format_count
from archdocs.website.build import SiteOptions, SiteResult, build_site
from archdocs.website.diagram_embed import SCRIPT_LOADER

LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _section(markdown: str, heading: str) -> str:
    """The text under ``heading`` (``"## Title"``) up to the next heading of its level."""
    level = heading.split(" ", 1)[0]
    return markdown.split(heading, 1)[1].split(f"\n{level} ", 1)[0]


def _plain_paths(markdown: str) -> str:
    """Path code (``<code class="archdocs-path" ...>models/<wbr>shop.py:3</code>``) as plain
    ``<code>models/shop.py:3</code>``."""
    return re.sub(r'<code class="archdocs-path"[^>]*>', "<code>", markdown).replace("<wbr>", "")


def _paths(result: SiteResult) -> SitePaths:
    assert result.paths is not None
    return result.paths


def test_every_context_datastore_flow_and_table_has_a_page(flagship: SiteResult) -> None:
    files = flagship.files()
    paths = _paths(flagship)
    assert flagship.model is not None
    checked = 0
    for system in flagship.model.systems:
        assert paths.overview(system) in files
        for context in system.contexts:
            assert paths.context(system, context) in files, context.name
            checked += 1
        for datastore in system.datastores:
            page = files[paths.datastore(system, datastore)].decode()
            for table in datastore.tables:
                table_page = paths.table(system, datastore, table)
                assert table_page in files, table.fullname
                # reached from its datastore page, since table pages stay out of the nav
                assert posixpath.relpath(table_page, posixpath.dirname(
                    paths.datastore(system, datastore))) in page
                checked += 1
        for flow in system.flows:
            assert paths.flow(system, flow) in files, flow.name
            checked += 1
    assert checked > 50


def test_overview_shows_contexts_level_landscape_and_index_the_context_map(
        flagship: SiteResult) -> None:
    files = flagship.files()
    paths = _paths(flagship)
    assert flagship.model is not None
    system = flagship.model.systems[0]
    overview = files[paths.overview(system)].decode()
    assert "## System landscape" in overview and "diagrams/landscape-contexts.svg" in overview
    # The landscape is drawn at the level of contexts: each service and datastore is left
    # to its context's diagram, flows between two contexts are one counted arrow, the broker
    # is the hub.
    landscape = files["architecture/diagrams/landscape-contexts.svg"].decode()
    titles = re.findall(r"<title>([^<]*)</title>", landscape)
    assert "Ordering" in titles and "event-bus" in titles
    services = {e.name for e in system.nodes() if e.KIND == "service"}
    assert services and not services & set(titles), titles
    assert re.search(r">\d+ flows</text>", landscape)
    assert ">Legend</text>" in landscape
    assert "architecture/diagrams/context-map.svg" in files
    index = files[paths.contexts_index(system)].decode()
    assert "diagrams/context-map.svg" in index
    dependencies = _section(index, "## Dependencies between contexts")
    # Ordering's order events reach Fulfilment: one row, its mechanism counted, its flow linked.
    row = next(line for line in dependencies.splitlines()
               if line.startswith("| [Ordering]") and "| [Fulfilment]" in line)
    assert "async-event" in row and "](../flows/" in row


def test_the_context_map_is_a_ddd_map_and_pages_list_the_relationships(
        flagship: SiteResult) -> None:
    files = flagship.files()
    paths = _paths(flagship)
    assert flagship.model is not None
    system = flagship.model.systems[0]
    context_map = files["architecture/diagrams/context-map.svg"].decode()
    texts = [html.unescape(t) for t in re.findall(r">([^<>]+)</text>", context_map)]
    for label in ("U", "D", "OHS", "ACL", "CF", "C/S", "P", "anti-corruption layer",
                  "upstream / downstream"):
        assert label in texts or any(label in t for t in texts), label
    assert "no relationship declared" not in context_map  # every pair is declared
    index = files[paths.contexts_index(system)].decode()
    relationships = _section(index, "## Relationships")
    row = next(line for line in relationships.splitlines() if line.startswith("| [Catalog]")
               and "| [Ordering]" in line)
    assert "<code>[U,S,OHS] \u2192 [D,C]</code>" in html.unescape(row)
    assert "customer\u2013supplier" in row
    ordering = files[paths.context(system, system.resolve("Ordering"))].decode()
    mine = _section(ordering, "## Relationships")
    fulfilment = next(line for line in mine.splitlines() if line.startswith("| [Fulfilment]"))
    assert "| partnership | partner | partner |" in fulfilment
    platform = next(line for line in mine.splitlines() if line.startswith("| [Platform]"))
    assert "| downstream, CF | upstream, OHS |" in platform


def test_flows_index_lists_each_flow_once_with_what_it_carries_and_its_rate(
        flagship: SiteResult) -> None:
    assert flagship.model is not None
    system = flagship.model.systems[0]
    paths = _paths(flagship)
    index_path = paths.flows_index(system)
    index = flagship.files()[index_path].decode()
    header = next(line for line in index.splitlines() if line.startswith("| Flow |"))
    assert "| Carries |" in header and "| Peak |" in header
    rows = [line for line in index.splitlines() if line.startswith("| [")]
    assert len(rows) == len(system.flows)

    def row_of(flow) -> str:
        target = f"]({posixpath.relpath(paths.flow(system, flow), posixpath.dirname(index_path))})"
        [row] = [line for line in rows if target in line]  # one listing: each flow once
        return row

    for flow in system.flows:
        source, target = flow.endpoint_names
        assert md.escape(f"{source} → {target}") in row_of(flow)
    placed = next(f for f in system.flows
                  if "OrderPlaced" in f.events and f.mechanism.value == "async-event")
    assert "OrderPlaced" in row_of(placed) and "async-event" in row_of(placed)
    rated = next(f for f in system.flows if f.per_second)
    assert f"{format_count(rated.per_second)}/s" in row_of(rated)
    assert "## By context" not in index and "### " not in index


def test_table_pages_list_the_tables_that_reference_them(flagship: SiteResult) -> None:
    assert flagship.model is not None
    system = flagship.model.systems[0]
    accounts = system.find_datastore("accounts-db")
    assert accounts is not None
    customers = accounts.table("customers")
    page = flagship.files()[_paths(flagship).table(system, accounts, customers)].decode()
    referenced = _section(page, "## Referenced by")
    # Table pages write their tables as HTML, links as the URLs the pages are served at.
    row = next(line for line in referenced.splitlines() if "customer-addresses" in line)
    assert '<a href="../customer-addresses/">customer&#95;addresses</a>' in row
    assert "<code>customer_id</code>" in row and "CASCADE" in row
    # A table nothing points at has no such section.
    addresses = flagship.files()[_paths(flagship).table(
        system, accounts, accounts.table("customer_addresses"))].decode()
    assert "## Referenced by" not in addresses


def test_flow_pages_give_a_staleness_budget_only_to_eventual_flows(
        flagship: SiteResult) -> None:
    assert flagship.model is not None
    system = flagship.model.systems[0]
    files, paths = flagship.files(), _paths(flagship)
    strong = next(f for f in system.flows if str(f.consistency) == "strong")
    bounded = next(f for f in system.flows if f.consistency.staleness is not None)
    strong_page = files[paths.flow(system, strong)].decode()
    assert "**Consistency:** strong" in strong_page and "Staleness" not in strong_page
    bounded_page = files[paths.flow(system, bounded)].decode()
    assert "**Staleness budget:** " in bounded_page and "not stated" not in bounded_page.split(
        "**Staleness budget:**", 1)[1].splitlines()[0]


def test_element_pages_say_where_the_element_is_declared(flagship: SiteResult) -> None:
    assert flagship.model is not None
    system = flagship.model.systems[0]
    files, paths = flagship.files(), _paths(flagship)
    datastore = system.find_datastore("orders-db")
    assert datastore is not None
    page = _plain_paths(files[paths.datastore(system, datastore)].decode())
    found = re.search(r"\*\*Declared in:\*\* <code>(models/[\w/]+\.py):(\d+)</code>", page)
    assert found, "the datastore page does not say where orders-db is declared"
    # The line holds the declaration (a multi-line call starts there).
    source = (REPO / found[1]).read_text().splitlines()
    assert "orders-db" in "".join(source[int(found[2]) - 1:int(found[2]) + 2])
    for element, page_path in ((system.contexts[0], paths.context(system, system.contexts[0])),
                               (system.flows[0], paths.flow(system, system.flows[0]))):
        assert "**Declared in:** <code>models/" in _plain_paths(files[page_path].decode()), \
            element.name


def test_source_url_links_declarations_and_findings_to_the_repository(tmp_path: Path) -> None:
    import pytest

    from archdocs.errors import UsageError

    template = "https://github.com/acme/arch/blob/main/{path}#L{line}"
    result = build_site(SiteOptions(models=HOSTILE, use_cache=False, source_url=template))
    assert result.model is not None
    system = result.model.systems[0]
    files, paths = result.files(), _paths(result)
    datastore = system.datastores[0]
    page = _plain_paths(files[paths.datastore(system, datastore)].decode())
    link = re.search(r"\*\*Declared in:\*\* \[<code>([^<]+)</code>\]\(([^)\s]+)\)", page)
    assert link, "no link to the declaration"
    path, line = link[1].rsplit(":", 1)
    assert link[2] == f"https://github.com/acme/arch/blob/main/{path}#L{line}"
    findings = files[paths.findings(system)].decode()
    assert "](https://github.com/acme/arch/blob/main/" in findings
    for bad in ("javascript:alert(1)/{path}", "https://example.com/no-placeholder",
                "https://example.com/{path})[x](y"):
        with pytest.raises(UsageError):
            SiteOptions(models=HOSTILE, source_url=bad)


def test_lineage_shows_what_feeds_a_datastore_whose_tables_no_flow_names(
        flagship: SiteResult) -> None:
    assert flagship.model is not None
    system = flagship.model.systems[0]
    lineage = flagship.files()[_paths(flagship).lineage(system)].decode()
    warehouse = _section(lineage, "## [analytics-warehouse]")
    feeding = warehouse.split("Flows feeding analytics-warehouse with tables held elsewhere:",
                              1)[1]
    row = next(line for line in feeding.splitlines() if "[nightly orders load]" in line)
    assert "[orders-db]" in row and "| batch |" in row and "[order\\_lines]" in row


def test_only_index_pages_are_in_the_nav(flagship: SiteResult) -> None:
    nav = sorted(p.path for p in flagship.pages if p.nav)
    assert "architecture/index.md" in nav
    assert "architecture/findings.md" in nav
    assert "architecture/technology-decisions.md" in nav
    assert not any("/tables/" in p or p.startswith("architecture/flows/") and
                   not p.endswith("index.md") for p in nav)
    assert "architecture/views/index.md" in nav
    assert len(nav) <= 11 < len(flagship.pages)


def test_every_link_between_generated_pages_resolves(flagship: SiteResult) -> None:
    files = flagship.files()
    broken = []
    for page in flagship.pages:
        for target in LINK.findall(page.content):
            if target.startswith(("http://", "https://", "#", "mailto:")):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.path),
                                                         target.split("#")[0]))
            if resolved not in files:
                broken.append(f"{page.path} -> {target}")
    assert not broken, broken[:10]


def test_findings_link_to_rule_pages_and_rule_pages_explain(flagship: SiteResult) -> None:
    files = flagship.files()
    assert flagship.report is not None
    findings_page = files["architecture/findings.md"].decode()
    for finding in flagship.report.findings:
        rule_page = SitePaths().rule(finding.rule)
        assert rule_page in files
        assert posixpath.relpath(rule_page, "architecture") in findings_page
    rule = files[SitePaths().rule("SUP001")].decode()
    assert "## Why" in rule and "## How to fix" in rule


def _served_path(files: dict[str, bytes], url: str) -> str | None:
    """The generated file a docs-relative URL is served from (directory URLs)."""
    if url.endswith("/") or url == "":
        candidates = [posixpath.join(url, "index.md"), url.rstrip("/") + ".md"]
    else:
        candidates = [url]
    return next((c.lstrip("/") for c in candidates if c.lstrip("/") in files), None)


# The names archdocs gives Graphviz nodes, clusters and edges: element kinds and prefixes
# joined to a slug (service_order_service, cluster_ctx_ordering, t_orders), numbered boxes
# (n3, p002, h1_b0, r0_z1) and edges between any of them (a->b).
_INTERNAL_ID = re.compile(
    r"^(?:(?:context|service|datastore|actor|external|ctx|t|cluster)_[a-z0-9_]+"
    r"|[nphrz]\d+(?:_[a-z]\d+)*|.*(?:->|--).*)$")


def test_no_diagram_shows_a_graphviz_id_on_hover(flagship: SiteResult) -> None:
    # Browsers show a group's <title> (and a link's xlink:title) when the pointer rests on it.
    seen = 0
    for asset in flagship.assets:
        if not asset.path.endswith(".svg") or "/icons/" in asset.path:
            continue
        svg = asset.content.decode()
        shown = re.findall(r"<title>([^<]*)</title>", svg)
        shown += re.findall(r'xlink:title="([^"]*)"', svg)
        internal = [t for t in map(html.unescape, shown) if _INTERNAL_ID.match(t)]
        assert not internal, (asset.path, internal)
        seen += len(shown)
    assert seen > 500
    # A deployment's datastore box is named, and a host (no page of its own) has no tooltip.
    deployment = next(a.content.decode() for a in flagship.assets
                      if a.path.endswith("/deployment.svg"))
    assert "<title>orders-db</title>" in deployment


def test_svgs_link_their_boxes_and_share_their_icons(flagship: SiteResult) -> None:
    files = flagship.files()
    svgs = {a.path: a.content.decode() for a in flagship.assets if a.path.endswith(".svg")}
    assert "architecture/diagrams/landscape-contexts.svg" in svgs
    icons_used: set[str] = set()
    for path, svg in svgs.items():
        assert svg.lstrip().startswith(("<?xml", "<svg", "<!--")), path
        assert "data:image" not in svg, f"{path}: an icon is embedded instead of shared"
        for href in re.findall(r'(?:xlink:)?href="([^"]*)"', svg):
            if href.startswith("#"):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
            if href.startswith("icons/"):
                assert target in files, (path, href)
                icons_used.add(target)
            else:
                # A box's link: a page of the site, relative to the SVG file (a migration's
                # phase: a place on that page).
                page_url, _, anchor = href.partition("#")
                target = posixpath.normpath(posixpath.join(posixpath.dirname(path), page_url))
                served = _served_path(files, target + ("/" if page_url.endswith("/") else ""))
                assert served, (path, href)
                assert not anchor or f'id="{anchor}"' in files[served].decode(), (path, href)
        assert "site-packages" not in svg and "/tmp/" not in svg, path
        assert "<script" not in svg.lower(), path
    landscape = svgs["architecture/diagrams/landscape-contexts.svg"]
    assert re.search(r'<image[^>]+href="icons/[0-9a-f]{16}\.png"', landscape), "icons are shared"
    # Each icon is served once for the whole site, however many diagrams show it.
    icon_files = [p for p in files if p.startswith("architecture/diagrams/icons/")]
    assert sorted(icon_files) == sorted(icons_used)
    assert len(icon_files) < len(svgs)
    # Boxes link to their pages: the landscape to each context page, a context's diagram to
    # its datastores, an ER diagram to its tables.
    assert 'xlink:href="../contexts/ordering/" target="_top"' in landscape
    ordering = svgs["architecture/diagrams/context-ordering.svg"]
    assert 'xlink:href="../datastores/orders-db/" target="_top"' in ordering
    er = svgs["architecture/diagrams/er-catalog-db.svg"]
    assert re.search(r'xlink:href="\.\./datastores/catalog-db/tables/[a-z0-9-]+/"', er)


def test_every_page_showing_a_diagram_has_its_svg(flagship: SiteResult) -> None:
    files = flagship.files()
    shown = 0
    for page in flagship.pages:
        served_at = posixpath.dirname(page.path) if page.path.endswith("index.md") \
            else page.path.removesuffix(".md")
        for target in re.findall(r'<object type="image/svg\+xml" data="([^"]+\.svg)"',
                                 page.content):
            resolved = posixpath.normpath(posixpath.join(served_at, target))
            assert resolved in files, (page.path, target)
            shown += 1
        assert "archdocs-diagram:" not in page.content
    assert shown >= len(flagship.failed_diagrams) + 10
    assert not flagship.failed_diagrams, [d.error for d in flagship.failed_diagrams]


def test_two_builds_are_byte_identical(flagship: SiteResult, tmp_path: Path) -> None:
    # Each build in its own process, as `mkdocs build` and `archdocs generate` run; the second
    # with a cold diagram cache, so cached and freshly rendered diagrams are compared too.
    assert flagship.model is not None
    trees = []
    for name in ("one", "two"):
        out = tmp_path / name
        result = run([str(VENV_BIN / "archdocs"), "generate", str(out), str(flagship.model.root),
                      "--cache-dir", str(tmp_path / f"cache-{name}"), "--quiet"], cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        trees.append({p.relative_to(out).as_posix(): p.read_bytes()
                      for p in sorted(out.rglob("*")) if p.is_file()})
    assert len(trees[0]) > 50
    assert sorted(trees[0]) == sorted(trees[1])
    different = [path for path in trees[0] if trees[0][path] != trees[1][path]]
    assert not different, different[:10]


def test_a_rebuild_in_the_same_process_is_identical(flagship: SiteResult, tmp_path: Path) -> None:
    # `mkdocs serve` reloads the model in one long-lived process.
    assert flagship.model is not None
    again = build_site(SiteOptions(models=flagship.model.root, cache_dir=tmp_path / "cache"))
    first, second = flagship.files(), again.files()
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def test_hostile_text_is_escaped_in_pages_and_diagrams(hostile: SiteResult) -> None:
    assert hostile.pages and not hostile.failed_diagrams, hostile.failed_diagrams
    for page in hostile.pages:
        # archdocs' own diagram script is the only script a page may load.
        text = page.content.replace(SCRIPT_LOADER, "")
        assert "<script" not in text.lower(), page.path
        assert "<iframe" not in text and "<img src=x" not in text, page.path
        assert "onmouseover=\"" not in text, page.path
        # every table row keeps its column count: a user's "|" cannot add cells
        for block in re.findall(r"((?:^\|.*\|\n)+)", text, flags=re.M):
            rows = block.strip().splitlines()
            widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
            assert len(widths) == 1, (page.path, rows)
        assert "```" not in text.replace("```mermaid", "").replace("```python", "") or \
            text.count("```") % 2 == 0, page.path
    for asset in hostile.assets:
        if not asset.path.endswith(".svg"):
            continue  # the icon files
        svg = asset.content.decode()
        assert "<script" not in svg.lower() and "<iframe" not in svg, asset.path
        assert "onerror=" not in svg.replace("onerror=alert", "") or "&lt;img" in svg


def test_hostile_names_are_shown_literally_in_html(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: material}\nmarkdown_extensions: [admonition, tables]\n"
        f"plugins:\n  - archdocs:\n      models: {HOSTILE}\n      cache_dir: cache\n")
    result = run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    html = "".join(p.read_text() for p in (tmp_path / "site" / "architecture").rglob("*.html"))
    assert "alert('table')" in html.replace("&#39;", "'").replace("&#x27;", "'")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_mermaid_option_writes_mermaid_blocks(tmp_path: Path) -> None:
    result = build_site(SiteOptions(models=HOSTILE, diagrams="mermaid", use_cache=False))
    overview = next(p for p in result.pages if p.path == "architecture/index.md").content
    assert "```mermaid" in overview
    assert "architecture/diagrams/landscape-contexts.svg" not in [a.path for a in result.assets]


def test_the_overview_counts_one_finding_in_the_singular(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "shop.py").write_text(
        "from sqlalchemy import Column, Integer, MetaData, Table\n"
        "from archdocs import System, tech\n"
        "metadata = MetaData()\n"
        'Table("audit", metadata, Column("entry", Integer, primary_key=True, comment="Entry."),'
        ' comment="Audit.")\n'
        '# No flow uses the store: INT004 is the one finding.\n'
        'System("Shop").context("Sales").datastore("db", tech.PostgreSQL("16"), schema=metadata,'
        ' description="Orders.")\n')
    result = build_site(SiteOptions(models=models, use_cache=False))
    assert result.report is not None
    assert len(result.report.findings) == 1
    overview = result.files()["architecture/index.md"].decode()
    assert "1 finding (" in overview and "1 findings" not in overview


SQL_SERVER_MODEL = '''\
from sqlalchemy import Column, Index, Integer, MetaData, Sequence, String, Table
from archdocs import AccessPattern, System, tech
metadata = MetaData()
basket = Table("basket", metadata,
    Column("Id", Integer, Sequence("basket_hilo", increment=10), primary_key=True,
           comment="Key."),
    Column("BuyerId", String(40), comment="Buyer."),
    Column("Status", String(20), comment="State."), comment="Baskets.")
Index("IX_basket_BuyerId", basket.c.BuyerId)
System("Shop").context("Basket").datastore(
    "basket-db", tech.SQLServer("2022"), schema=metadata, description="Baskets.",
    access_patterns=[
        AccessPattern("basket by id", table="basket", equals=["Id"], per_second=50),
        AccessPattern("baskets of a buyer by status", table="basket",
                      equals=["BuyerId", "Status"], per_second=5)])
'''


def test_sql_server_tables_show_sql_server_key_names_and_sequence_defaults(
        tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "basket.py").write_text(SQL_SERVER_MODEL)
    result = build_site(SiteOptions(models=models, use_cache=False))
    files = {path: data.decode() for path, data in result.files().items()
             if path.endswith(".md")}
    everything = "\n".join(files.values())
    assert "basket_pkey" not in everything
    [datastore] = [text for path, text in files.items()
                   if path.endswith("datastores/basket-db.md")]
    assert "primary key <code>PK_basket (Id)</code>" in datastore
    # An index on the leading column serves the second pattern in part, not by a full scan.
    assert "**partly** by index <code>IX_basket_BuyerId (BuyerId)" in datastore
    table = files["architecture/datastores/basket-db/tables/basket.md"]
    row = next(line for line in table.splitlines() if line.startswith("<tr><td><code>Id</code>"))
    assert "sequence <code>basket_hilo</code>, increment 10" in row and "None" not in row


def test_a_site_with_its_own_rule_and_hazard_pages_links_there_instead_of_copying(
        tmp_path: Path) -> None:
    result = build_site(SiteOptions(models=HOSTILE, use_cache=False, rule_pages="rules",
                                    hazard_pages="hazards"))
    files = result.files()
    assert not [p for p in files if p.startswith(("architecture/rules/", "architecture/hazards/"))]
    findings = files["architecture/findings.md"].decode()
    assert "](../rules/" in findings and "](rules/" not in findings
    links = [m for page in files.values() if isinstance(page, bytes)
             for m in re.findall(r"\]\((?:\.\./)+rules/([A-Z]+[0-9]+)\.md", page.decode(
                 errors="replace"))]
    assert links and all((REPO / "docs" / "rules" / f"{rule}.md").is_file() for rule in links)


def test_file_paths_may_wrap_only_after_a_slash(hostile: SiteResult) -> None:
    assert hostile.model is not None
    system = hostile.model.systems[0]
    findings = hostile.files()[_paths(hostile).findings(system)].decode()
    cells = re.findall(r'<code class="archdocs-path" style="([^"]*)">([^<]*(?:<wbr>[^<]*)*)</code>',
                       findings)
    assert cells
    for style, text in cells:
        # Material's "word-break: break-word" on code is overridden: no break inside a name.
        assert "word-break: keep-all" in style and "overflow-wrap: normal" in style
        assert all(part.endswith("/") for part in text.split("<wbr>")[:-1])


def test_a_declared_relationship_gets_its_context_map_drawn_with_two_contexts(
        tmp_path: Path) -> None:
    """Below three contexts the map is left out as redundant with the landscape, but a declared
    relationship has no other picture: the contexts index draws it, the views index lists it."""
    models = tmp_path / "models"
    models.mkdir()
    (models / "shop.py").write_text(
        "from archdocs import System\n"
        'system = System("Shop")\n'
        'catalog = system.context("Catalog")\n'
        'ordering = system.context("Ordering")\n'
        "system.relationship(upstream=catalog, downstream=ordering)\n")
    result = build_site(SiteOptions(models=models, use_cache=False))
    files = result.files()
    paths = _paths(result)
    system = result.model.systems[0]
    index = files[paths.contexts_index(system)].decode()
    assert "## Context map" in index
    assert ".svg" in _section(index, "## Context map")
    views = next(text.decode() for name, text in files.items()
                 if name.endswith("views/index.md"))
    assert "[Context map](" in views


def test_unnamed_constraints_and_indexes_keep_one_order_on_a_table_page(tmp_path: Path) -> None:
    # SQLAlchemy keeps a table's constraints and indexes in sets: without names to sort them
    # by, their order followed the set's and changed between two loads of the same model.
    models = tmp_path / "models"
    models.mkdir()
    targets = [f"t{n}" for n in range(6)]
    (models / "shop.py").write_text(
        "from sqlalchemy import CheckConstraint, Column, ForeignKeyConstraint, Index, Integer,"
        " MetaData, Table\n"
        "from archdocs import System, tech\n"
        "metadata = MetaData(naming_convention={})\n"
        + "".join(f'Table("{t}", metadata, Column("id", Integer, primary_key=True))\n'
                  for t in targets)
        + 'hub = Table("hub", metadata, Column("id", Integer, primary_key=True),\n'
        + "".join(f'    Column("{t}_id", Integer),\n' for t in targets)
        + "".join(f'    ForeignKeyConstraint(["{t}_id"], ["{t}.id"]),\n'
                  for t in reversed(targets))
        + "".join(f'    CheckConstraint("{t}_id > 0"),\n' for t in reversed(targets))
        + ")\n"
        + "".join(f'Index(None, hub.c.{t}_id)\n' for t in reversed(targets))
        + 'System("Shop").context("Sales").datastore("db", tech.PostgreSQL("16"),'
          ' schema=metadata, description="Orders.")\n')
    result = build_site(SiteOptions(models=models, use_cache=False))
    page = result.files()["architecture/datastores/db/tables/hub.md"].decode()
    foreign = [page.index(f'<a href="../{t}/">') for t in targets]
    checks = [page.index(f"{t}_id &gt; 0") for t in targets]
    indexes = _section(page, "Indexes")
    in_index = [indexes.index(f"<code>{t}_id</code>") for t in targets]
    assert foreign == sorted(foreign) and checks == sorted(checks)
    assert in_index == sorted(in_index)
