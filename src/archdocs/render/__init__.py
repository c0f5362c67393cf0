"""Diagrams: architecture views drawn with ``diagrams``, ER diagrams as DOT written in ``er``,
plain graphs, and optional Mermaid source; laid out in process with pygraphviz, in parallel,
with a content-hash cache.

    specs = [landscape_spec(system), *er_specs(system, orders_db)]
    diagrams = DiagramRenderer(cache_dir=Path(".cache/archdocs")).render(specs)
    diagrams["landscape"].svg   # self-contained SVG, or None with .error saying why

Spec builders are pure, fast and deterministic. See ``docs/guide/diagrams.md``.
"""

from archdocs.render.architecture import (
    context_landscape_spec,
    context_spec,
    elements_spec,
    flow_spec,
    landscape_spec,
    scenario_spec,
    view_key,
    view_spec,
)
from archdocs.render.context_map import context_map_spec
from archdocs.render.deployment import datastore_deployment_key, deployment_spec
from archdocs.render.er import (
    er_focus_key,
    er_focus_spec,
    er_key,
    er_parts,
    er_specs,
    er_view_key,
    er_view_spec,
    measure_er_ahead,
    table_owners,
)
from archdocs.render.graph import graph_spec
from archdocs.render.measure import reads_at_page_width
from archdocs.render.renderer import DiagramRenderer
from archdocs.render.spec import Diagram, DiagramSpec

__all__ = [
    "Diagram", "DiagramRenderer", "DiagramSpec", "context_landscape_spec", "context_map_spec",
    "context_spec", "elements_spec",
    "er_focus_key", "er_focus_spec", "er_key", "er_parts", "er_specs", "flow_spec",
    "graph_spec", "landscape_spec", "reads_at_page_width", "table_owners", "scenario_spec", "deployment_spec",
    "datastore_deployment_key", "er_view_key", "er_view_spec", "view_key", "view_spec", "measure_er_ahead",
]
