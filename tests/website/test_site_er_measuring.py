"""ER diagrams cut by legibility cost one Graphviz layout each: a part measured and kept is
not laid out again, and a second build (a new process) with the diagram cache measures
nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sitehelpers import mkdocs_env

# A tree of tables with long column names: one diagram of it reads below 9 px at page width,
# so the site cuts it (and measures every candidate part).
TREE = '''
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table
from archdocs import System, tech

metadata = MetaData()
names = [f"tree_{i:02d}" for i in range(21)]
for i, name in enumerate(names):
    columns = [Column("id", Integer, primary_key=True),
               Column(f"a_rather_long_descriptive_column_name_{i}", String(200))]
    if i:
        parent = names[0] if i <= 4 else names[(i - 5) // 4 + 1]
        columns.append(Column(f"parent_{parent}_id", Integer, ForeignKey(f"{parent}.id")))
    Table(name, metadata, *columns)
system = System("Forest")
system.context("Everything").datastore("tree-db", tech.PostgreSQL("16"), schema=metadata)
'''

# One build in a fresh interpreter, counting how often each DOT source is laid out.
_BUILD = """
import collections, hashlib, json, re, sys
from pathlib import Path
import archdocs.render.layout as layout_module
import archdocs.render.measure as measure_module
from archdocs.website.build import SiteOptions, build_site

counts = collections.Counter()
real = layout_module.layout

def counted(dot):
    counts[dot] += 1
    return real(dot)

layout_module.layout = measure_module.layout = counted
cache = sys.argv[2]
result = build_site(SiteOptions(models=Path(sys.argv[1]), cache_dir=Path(cache) if cache else None,
                                use_cache=bool(cache), jobs=int(sys.argv[3])))
print(json.dumps({
    "er_layouts": sorted(n for dot, n in counts.items() if "entity-relationship" in dot),
    # Which ER diagrams (by title), for the message of a failing test.
    "er_laid_out": sorted(re.findall(r'label="([^"]*entity-relationship[^"]*)"', dot)[0]
                          for dot in counts if "entity-relationship" in dot)[:5],
    "layouts": sorted(counts.values()),
    "rendered": result.stats.rendered,
    "measured": sorted(p.name for p in Path(cache).glob("*/*.label-px")) if cache else [],
    "svgs": {a.path: hashlib.sha256(a.content).hexdigest() for a in result.assets
             if a.path.endswith(".svg")},
}))
"""


def _build(models: Path, cache: Path | None, jobs: int = 1) -> dict:
    done = subprocess.run([sys.executable, "-c", _BUILD, str(models), str(cache or ""), str(jobs)],
                          capture_output=True, text=True, env=mkdocs_env(), timeout=300,
                          check=True)
    return json.loads(done.stdout)


def test_er_parts_are_laid_out_once_and_a_warm_build_measures_nothing(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "forest.py").write_text(TREE, encoding="utf-8")
    cache = tmp_path / "cache"

    cold = _build(models, cache)
    er_svgs = [path for path in cold["svgs"] if "/er-tree-db" in path]
    assert len(er_svgs) > 1  # cut into parts
    # The whole and the parts it was cut into were measured; nothing was laid out twice.
    assert len(cold["er_layouts"]) > len(er_svgs)
    assert set(cold["layouts"]) == {1}

    warm = _build(models, cache)
    assert warm["er_layouts"] == [] and warm["layouts"] == [] and warm["rendered"] == 0
    assert warm["svgs"] == cold["svgs"]

    uncached = _build(models, None)
    assert set(uncached["layouts"]) == {1}
    assert uncached["er_layouts"] == cold["er_layouts"]
    assert uncached["svgs"] == cold["svgs"]


# Several datastores like the tree above, big enough together for the diagram workers: a site
# built with them measures the ER parts there, ahead of the datastores' pages.
FORESTS = '''
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table
from archdocs import System, tech

system = System("Forests")
context = system.context("Everything")
for store in range(6):
    metadata = MetaData()
    names = [f"tree_{store}_{i:02d}" for i in range(30)]
    for i, name in enumerate(names):
        columns = [Column("id", Integer, primary_key=True)]
        columns += [Column(f"a_rather_long_descriptive_column_name_{i}_{k}", String(200))
                    for k in range(6)]
        if i:
            parent = names[0] if i <= 4 else names[(i - 5) // 4 + 1]
            columns.append(Column(f"parent_{parent}_id", Integer, ForeignKey(f"{parent}.id")))
        Table(name, metadata, *columns)
    context.datastore(f"forest-{store}-db", tech.PostgreSQL("16"), schema=metadata)
'''


def test_er_parts_are_measured_in_the_workers_with_the_same_cuts(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "forests.py").write_text(FORESTS, encoding="utf-8")

    alone = _build(models, tmp_path / "alone", jobs=1)
    assert len(alone["er_layouts"]) > 6  # every datastore measured, some cut
    assert len([p for p in alone["svgs"] if "/er-forest" in p]) > 6

    workers = _build(models, tmp_path / "workers", jobs=2)
    # Measured in the workers: the build's own process laid no ER diagram out ...
    assert workers["er_layouts"] == [], workers["er_laid_out"]
    # ... yet the same candidates were measured, and cut into the same parts, drawn the same.
    assert workers["measured"] == alone["measured"]
    assert workers["svgs"] == alone["svgs"]

    warm = _build(models, tmp_path / "workers", jobs=2)
    assert warm["layouts"] == [] and warm["rendered"] == 0
    assert warm["measured"] == alone["measured"] and warm["svgs"] == alone["svgs"]


# A cold build in a fresh interpreter, noting what the diagram workers had been asked to
# measure when the review began, and how often the review let the build feed them.
_REVIEW_SPY = """
import json, sys
from pathlib import Path
import archdocs.website.build as site_build
from archdocs.render.measure import active
from archdocs.website.build import SiteOptions, build_site

seen = {}
real = site_build.review

def spied(model, *args, pace=None, **kwargs):
    measurements = active()
    seen["prepared"] = len(measurements.prepared) if measurements else 0
    seen["paced"] = 0

    def counted():
        seen["paced"] += 1
        pace()

    return real(model, *args, pace=counted if pace else None, **kwargs)

site_build.review = spied
result = build_site(SiteOptions(models=Path(sys.argv[1]), cache_dir=Path(sys.argv[2]), jobs=2))
seen["findings"] = len(result.report.findings)
print(json.dumps(seen))
"""


def test_the_workers_measure_the_er_diagrams_while_the_model_is_reviewed(
        tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "forests.py").write_text(FORESTS, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _REVIEW_SPY, str(models), str(tmp_path / "c")],
                          capture_output=True, text=True, env=mkdocs_env(), timeout=300,
                          check=True)
    seen = json.loads(done.stdout)
    assert seen["prepared"] == 6  # every datastore's ER parts sent to be measured first
    assert seen["paced"] > 50  # after each rule, what the workers measured is taken in
    assert seen["findings"] > 0
