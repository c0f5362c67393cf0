"""The flagship example has its own architecture decision records (models/adr): real decisions
of the marketplace, linked to the elements they decide about, some superseding others. archdocs'
own tool decisions stay in the user guide (docs/adr). Both ADR index pages list their records
with status and date."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archdocs.adr.links import decision_log, resolve_reference
from archdocs.adr.location import adr_directory, find_project_root, load_log
from archdocs.adr.record import DecisionLog
from archdocs.load import load_models
from archdocs.load.loader import Model

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "models"
TOOL_ADRS = REPO / "docs" / "adr"
MKDOCS = Path(sys.executable).parent / "mkdocs"


@pytest.fixture(scope="module")
def model() -> Model:
    return load_models(MODELS)


@pytest.fixture(scope="module")
def log(model: Model) -> DecisionLog:
    return decision_log(model)


def test_the_flagship_keeps_its_decisions_beside_its_models(log: DecisionLog) -> None:
    # `archdocs check models`, the site and `archdocs adr` (run anywhere in the repository)
    # all find the same folder.
    assert log.directory.resolve() == (MODELS / "adr").resolve()
    assert adr_directory(find_project_root(MODELS / "marketplace")) == MODELS / "adr"
    assert len(log) >= 5
    tool_titles = {r.title for r in load_log(TOOL_ADRS)}
    assert len(tool_titles) >= 5
    assert not tool_titles & {r.title for r in log}, "archdocs' own ADRs belong in docs/adr"


def test_every_record_relates_to_elements_of_the_flagship(model: Model, log: DecisionLog
                                                         ) -> None:
    for record in log:
        assert record.status and record.date, record.id
        assert record.relates_to, f"{record.id} relates to nothing"
        for reference in record.relates_to:
            assert resolve_reference(model, reference) is not None, (record.id, reference)


def test_the_decisions_the_example_is_known_for(log: DecisionLog) -> None:
    by_title = {r.title: r for r in log}
    citus = next(r for t, r in by_title.items() if "Citus" in t and "buyer_id" in t)
    assert {"orders-db", "orders-db.orders", "orders-db.order_lookup"} <= set(citus.relates_to)
    ledger = next(r for t, r in by_title.items() if "ledger" in t and "PostgreSQL" in t)
    assert "payment-ledger" in ledger.relates_to
    search = next(r for t, r in by_title.items() if "Elasticsearch" in t)
    assert "product-search" in search.relates_to


def test_later_decisions_supersede_earlier_ones(log: DecisionLog) -> None:
    superseding = [r for r in log if r.supersedes]
    assert len(superseding) >= 3
    for record in superseding:
        for reference in record.supersedes:
            old = log.resolve(reference)
            assert old is not None and old.status == "superseded", reference
            assert record.id in old.superseded_by
            assert old.date < record.date


def test_check_finds_nothing_wrong_with_the_records() -> None:
    result = subprocess.run([str(Path(sys.executable).parent / "archdocs"), "check", "models",
                             "--format", "json"], cwd=REPO, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert '"rule": "ADR' not in result.stdout


@pytest.fixture(scope="module")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = subprocess.run(
        [str(MKDOCS), "build", "--strict", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(MKDOCS.parent) + ":/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def _text(page: Path) -> str:
    """The page's article as text (without the navigation, which lists both sections)."""
    article = page.read_text().split("<article", 1)[1].split("</article>", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article)))


@pytest.mark.slow
def test_the_flagship_decision_index_lists_its_records_and_a_connected_graph(
        project_site: Path, log: DecisionLog) -> None:
    text = _text(project_site / "example" / "decisions" / "index.html")
    for record in log:
        assert f"{record.id} {record.title} {record.status} {record.date.isoformat()}" in text
    # Archdocs' tool decisions are not in the flagship's section.
    assert "pygraphviz" not in text and "MkDocs 1.6" not in text
    svg = (project_site / "example" / "diagrams" / "adr-decision-graph.svg").read_text()
    assert svg.count(">supersedes<") == sum(len(r.supersedes) for r in log)
    # "relates to" arrows are unlabelled (labels on every arrow made the graph unreadable at
    # page width): every arrow is either a labelled supersession or a relation.
    assert svg.count('class="edge"') == sum(len(r.supersedes) + len(r.relates_to) for r in log)
    # Each record's box opens its page (relative to the SVG: any site_url or prefix works),
    # named by its title on hover.
    opened = dict(re.findall(r'<title>([^<]*)</title>\n<a xlink:href="([^"]+)" target="_top"',
                             svg))
    for record in log:
        href = opened[html.escape(record.title)]
        page = (project_site / "example" / "diagrams" / href / "index.html").resolve()
        assert page.is_file() and record.title in _text(page), (record.id, href)
    # An element page shows the decisions about it.
    orders_db = _text(project_site / "example" / "datastores" / "orders-db" / "index.html")
    assert "Shard orders-db with Citus on buyer_id" in orders_db


@pytest.mark.slow
def test_the_user_guides_decision_index_lists_archdocs_own_records(project_site: Path,
                                                                   log: DecisionLog) -> None:
    text = _text(project_site / "adr" / "index.html")
    records = list(load_log(TOOL_ADRS))
    assert f"{len(records)} records, newest first" in text
    for record in records:
        assert f"{record.title} {record.status} {record.date.isoformat()}" in text
    # Not the flagship's.
    assert not any(record.title in text for record in log)
