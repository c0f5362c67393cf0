"""The flagship's migration diagrams and its decision graph read at page width: laid out by
Graphviz as the site does, their smallest label is at least 9 px once fitted into the 690-px
content column (the browser test measures the same on the built site)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archdocs.adr.pages import decision_graph
from archdocs.load import load_models
from archdocs.migrate.pages import migration_diagrams
from archdocs.naming import slug_base
from archdocs.render.layout import label_px, layout

REPO = Path(__file__).resolve().parents[2]
MIN_LABEL_PX = 9.0


@pytest.fixture(scope="module")
def model():
    return load_models(REPO / "models")


def test_every_flagship_migration_diagram_has_labels_of_9_px_or_more(model):
    [system] = model.systems
    sizes = {}
    for migration in system.migrations:
        diagrams = migration_diagrams(system, migration, slug_base(migration.name))
        for spec in (diagrams.before, diagrams.chain, *diagrams.phases, diagrams.after):
            svg, _ = layout(spec.dot)
            sizes[spec.key] = label_px(svg)
    assert len(sizes) == sum(len(m.phases) + 3 for m in system.migrations)
    small = {key: round(px, 1) for key, px in sizes.items() if px < MIN_LABEL_PX}
    assert not small, small


def test_the_decision_graph_has_labels_of_9_px_or_more(model):
    svg, _ = layout(decision_graph(model, model.decisions).dot)
    assert label_px(svg) >= MIN_LABEL_PX
