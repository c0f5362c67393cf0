"""The flagship's diagrams as a reader meets them in Chromium at a 1400-px window: legible in
Material's content column, and clickable from the landscape down to a table page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sitehelpers import ARTIFACTS, REPO, VENV_BIN, run
from support.browser import CHROMIUM, NO_CHROMIUM, Session, served

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]

MIN_LABEL_PX = 9.0
"""Smallest label a reader can read without zooming."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own site with the flagship under example/, built as `./dev site` does."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = run([str(VENV_BIN / "mkdocs"), "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
                  "-d", str(out)], cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


_OBJECTS_LOADED = """(() => {
  const objects = [...document.querySelectorAll('object[type="image/svg+xml"]')];
  return objects.every(o => o.contentDocument && o.contentDocument.querySelector('svg'));
})()"""

# For every diagram on the page: the smallest label as drawn on screen, in CSS pixels (the
# font size times the scale from the SVG's units to the screen), and the diagram's width.
_LABEL_SIZES = """(() => [...document.querySelectorAll('object[type="image/svg+xml"]')].map(o => {
  const doc = o.contentDocument;
  let smallest = 1e9;
  for (const text of doc.querySelectorAll('text')) {
    if (!text.textContent.trim()) continue;
    const size = parseFloat(doc.defaultView.getComputedStyle(text).fontSize);
    smallest = Math.min(smallest, size * text.getScreenCTM().a);
  }
  return {src: o.getAttribute('data'), smallest: smallest,
          width: o.getBoundingClientRect().width};
}))()"""


def _box_centre(session: Session, href_pattern: str) -> tuple[float, float]:
    """Scroll the first diagram box whose link matches ``href_pattern`` into view; return
    its centre in viewport coordinates."""
    find = """((pattern) => {
      for (const o of document.querySelectorAll('object[type="image/svg+xml"]')) {
        for (const a of o.contentDocument.querySelectorAll('a')) {
          const href = a.getAttribute('xlink:href') || a.getAttribute('href') || '';
          if (!new RegExp(pattern).test(href)) continue;
          const shape = a.querySelector('polygon, path, image, use, text') || a;
          let box = shape.getBoundingClientRect();
          let frame = o.getBoundingClientRect();
          window.scrollBy(0, frame.top + box.top + box.height / 2 - window.innerHeight / 2);
          box = shape.getBoundingClientRect();
          frame = o.getBoundingClientRect();
          return [frame.left + box.left + box.width / 2, frame.top + box.top + box.height / 2];
        }
      }
      return null;
    })"""
    find += f"({json.dumps(href_pattern)})"
    found = session.evaluate(find)
    assert found, f"no diagram box links to {href_pattern} on {session.evaluate('location.href')}"
    x, y = found  # type: ignore[misc]
    return float(x), float(y)


def _click_box(session: Session, href_pattern: str) -> str:
    before = str(session.evaluate("location.href"))
    session.click(*_box_centre(session, href_pattern))
    session.wait_for(f"location.href !== {json.dumps(before)} && document.readyState === 'complete'")
    session.wait_for(_OBJECTS_LOADED)
    return str(session.evaluate("location.href"))


def test_a_reader_clicks_from_the_landscape_to_a_context_a_datastore_and_a_table(
        site: Path, tmp_path: Path) -> None:
    with served(site) as base, Session(tmp_path / "profile") as session:
        session.goto(f"{base}/example/")
        session.wait_for(_OBJECTS_LOADED)
        context = _click_box(session, r"contexts/ordering/$")
        assert context == f"{base}/example/contexts/ordering/"
        datastore = _click_box(session, r"datastores/orders-db/$")
        assert datastore == f"{base}/example/datastores/orders-db/"
        table = _click_box(session, r"tables/[a-z0-9-]+/$")
        assert re.fullmatch(rf"{re.escape(base)}/example/datastores/orders-db/tables/[a-z0-9-]+/",
                            table), table
        heading = str(session.evaluate("document.querySelector('h1').textContent"))
        assert table.rstrip("/").rsplit("/", 1)[1].replace("-", "_") in heading.replace(".", "_")


def test_diagrams_are_legible_in_the_content_column(site: Path, tmp_path: Path) -> None:
    pages = sorted(
        path.relative_to(site).as_posix() for path in (site / "example").rglob("index.html")
        if 'type="image/svg+xml"' in path.read_text(encoding="utf-8"))
    assert len(pages) > 20
    shown: list[tuple[str, str, float, float]] = []
    with served(site) as base, Session(tmp_path / "profile", window="1400,1000") as session:
        for page in pages:
            session.goto(f"{base}/{page.removesuffix('index.html')}")
            session.wait_for(_OBJECTS_LOADED)
            for diagram in session.evaluate(_LABEL_SIZES):  # type: ignore[union-attr]
                shown.append((page, diagram["src"], diagram["smallest"], diagram["width"]))
    # Material's content column at a 1400-px window.
    assert max(width for *_, width in shown) <= 700
    legible = [d for d in shown if d[2] >= MIN_LABEL_PX]
    share = len(legible) / len(shown)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "diagram-label-sizes.txt").write_text(
        f"{len(legible)} of {len(shown)} diagrams shown ({share:.1%}) have every label "
        f">= {MIN_LABEL_PX} px\n" + "".join(
            f"{smallest:5.1f} px  {width:4.0f} px wide  {page}  {src}\n"
            for page, src, smallest, width in sorted(shown, key=lambda d: d[2])),
        encoding="utf-8")
    # Issue 15 asked for 90 % and set all of them as the goal: the flagship reaches all.
    assert share == 1.0, (ARTIFACTS / "diagram-label-sizes.txt").read_text()[:3000]
    # The two pictures a reader meets first: the landscape on the overview and the DDD
    # context map on the contexts index.
    for key in ("landscape-contexts.svg", "context-map.svg"):
        [smallest] = [d[2] for d in shown if d[1].endswith(f"diagrams/{key}")]
        assert smallest >= MIN_LABEL_PX, f"{key}: smallest label {smallest:.1f} px"


def test_a_diagram_zooms_and_pans_with_the_sites_own_script(site: Path, tmp_path: Path) -> None:
    access_log = tmp_path / "access.log"
    with served(site, access_log) as base, Session(tmp_path / "profile") as session:
        session.goto(f"{base}/example/contexts/ordering/")
        session.wait_for(_OBJECTS_LOADED)
        session.wait_for("!!document.querySelector('.archdocs-diagram-tools button')")
        view_box = "document.querySelector('object').contentDocument.documentElement" \
                   ".getAttribute('viewBox')"
        whole = [float(n) for n in str(session.evaluate(view_box)).split()]
        centre = session.evaluate("""(() => {
          const r = document.querySelector('.archdocs-diagram-tools button')
            .getBoundingClientRect();
          window.scrollBy(0, r.top - 200);
          const s = document.querySelector('.archdocs-diagram-tools button')
            .getBoundingClientRect();
          return [s.left + s.width / 2, s.top + s.height / 2];
        })()""")
        session.click(*centre)  # type: ignore[misc]
        zoomed = [float(n) for n in str(session.evaluate(view_box)).split()]
        assert zoomed[2] < whole[2] * 0.8 and zoomed[3] < whole[3] * 0.8
    # Everything came from the site itself.
    assert "archdocs-diagrams.js" in access_log.read_text()


def test_the_deployment_and_scenario_diagrams_are_legible_and_clickable(
        site: Path, tmp_path: Path) -> None:
    """The new views at page width: every label at 9 px or more in the content column of a
    1400-px window, on the system's deployment page, a datastore's deployment block and the
    checkout scenario; a deployment box opens its datastore."""
    measured = {}
    with served(site) as base, Session(tmp_path / "profile", window="1400,1000") as session:
        for page in ("example/deployment/", "example/datastores/orders-db/",
                     "example/scenarios/checkout/"):
            session.goto(f"{base}/{page}")
            session.wait_for(_OBJECTS_LOADED)
            for diagram in session.evaluate(_LABEL_SIZES):  # type: ignore[union-attr]
                src = str(diagram["src"])
                if "deployment" in src or "scenario" in src:
                    measured[src.rsplit("/", 1)[1]] = (float(diagram["smallest"]),
                                                       float(diagram["width"]))
        assert set(measured) == {"deployment.svg", "deployment-orders-db.svg",
                                 "scenario-checkout.svg"}, measured
        for name, (smallest, width) in measured.items():
            assert smallest >= MIN_LABEL_PX and width <= 700, (name, smallest, width)
        session.goto(f"{base}/example/deployment/")
        session.wait_for(_OBJECTS_LOADED)
        assert _click_box(session, r"datastores/orders-db/$") == \
            f"{base}/example/datastores/orders-db/"


def test_er_diagrams_and_declared_views_read_at_page_width(site: Path, tmp_path: Path) -> None:
    """Every datastore's ER diagrams (cut by legibility) and every declared view: no label
    below MIN_LABEL_PX once shrunk to the content column."""
    pages = sorted(
        path.relative_to(site).as_posix()
        for folder in ("example/datastores", "example/views")
        for path in (site / folder).glob("*/index.html")
        if 'type="image/svg+xml"' in path.read_text(encoding="utf-8"))
    assert "example/views/checkout-payment-path/index.html" in pages
    assert "example/views/order-history/index.html" in pages
    shown: list[tuple[str, float]] = []
    with served(site) as base, Session(tmp_path / "profile", window="1400,1000") as session:
        for page in pages:
            session.goto(f"{base}/{page.removesuffix('index.html')}")
            session.wait_for(_OBJECTS_LOADED)
            for diagram in session.evaluate(_LABEL_SIZES):  # type: ignore[union-attr]
                if "/er-" in diagram["src"] or "view-" in diagram["src"]:
                    shown.append((diagram["src"], diagram["smallest"]))
    assert len(shown) >= 10
    small = [(src, round(px, 1)) for src, px in shown if px < MIN_LABEL_PX]
    assert not small, small


def test_an_arrow_of_a_view_opens_its_flows_page(site: Path, tmp_path: Path) -> None:
    with served(site) as base, Session(tmp_path / "profile") as session:
        session.goto(f"{base}/example/views/checkout-payment-path/")
        session.wait_for(_OBJECTS_LOADED)
        flow = _click_box(session, r"flows/authorise-payment/$")
        assert flow == f"{base}/example/flows/authorise-payment/"
        assert "authorise payment" in str(session.evaluate(
            "document.querySelector('h1').textContent"))


# Tables of the article wider than the space they are given: Material then clips them behind a
# horizontal scroll bar.
_OVERFLOWING_TABLES = """(() => [...document.querySelectorAll('article table')].filter(t => {
  const wrap = t.closest('.md-typeset__scrollwrap') || t.parentElement;
  return t.scrollWidth > t.clientWidth + 1 || wrap.scrollWidth > wrap.clientWidth + 1;
}).map(t => t.querySelector('th') ? t.querySelector('th').textContent : '?'))()"""


def test_wide_tables_fit_the_content_column_without_a_sideways_scroll(
        site: Path, tmp_path: Path) -> None:
    pages = ["example/performance/operations/", "example/performance/scalability/orders-db/",
             "example/datastores/catalog-db/schema-evolution/", "example/deployment/",
             "example/datastores/accounts-db/"]
    with served(site) as base, Session(tmp_path / "profile", window="1400,1000") as session:
        for page in pages:
            session.goto(f"{base}/{page}")
            session.wait_for("document.readyState === 'complete' && "
                             "document.querySelectorAll('article table').length > 0")
            # The stylesheet is the site's own file, loaded like any other.
            assert session.evaluate(
                "[...document.styleSheets].some(s => (s.href || '').endsWith('archdocs.css'))")
            assert session.evaluate(_OVERFLOWING_TABLES) == [], page


def test_a_reader_clicks_from_the_decision_graph_to_a_record_and_along_a_phase_chain(
        site: Path, tmp_path: Path) -> None:
    with served(site) as base, Session(tmp_path / "profile") as session:
        session.goto(f"{base}/example/decisions/")
        session.wait_for(_OBJECTS_LOADED)
        record = _click_box(session, r"decisions/\d{8}-shard-orders-db-with-citus[^/]*/$")
        assert record.startswith(f"{base}/example/decisions/"), record
        heading = str(session.evaluate("document.querySelector('h1').textContent"))
        assert "Citus" in heading, heading
        session.goto(f"{base}/example/migrations/shard-orders-db-on-buyer-id/")
        session.wait_for(_OBJECTS_LOADED)
        phase = _click_box(session, r"#phase-2$")
        assert phase == f"{base}/example/migrations/shard-orders-db-on-buyer-id/#phase-2"
        # The phase's section is what the reader now sees at the top of the window.
        top = session.evaluate(
            "document.getElementById('phase-2').getBoundingClientRect().top")
        assert 0 <= float(top) < 200, top  # type: ignore[arg-type]
