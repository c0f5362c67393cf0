"""The context map's relationships in the JSON export: sorted, with their notation and where
they were declared."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from archdocs.export.model_json import export_json
from archdocs.load import load_models

MODEL = """\
from archdocs import ACL, OHS, PARTNERSHIP, PL, System

system = System("Shop")
catalog, ordering, billing = (system.context(n) for n in ("Catalog", "Ordering", "Billing"))
system.relationship(ordering, billing, kind=PARTNERSHIP)
system.relationship(catalog, ordering, upstream_roles=[PL, OHS], downstream_roles=[ACL],
                    description="prices at checkout")
"""


def test_relationships_are_exported_sorted_with_their_notation(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "shop.py").write_text(textwrap.dedent(MODEL), encoding="utf-8")
    text = export_json(load_models(models))
    assert text == export_json(load_models(models))  # deterministic
    [system] = json.loads(text)["systems"]
    assert system["relationships"] == [
        {"name": "Catalog \u2194 Ordering", "upstream": "Catalog", "downstream": "Ordering", "kind": "upstream-downstream",
         "symmetric": False, "notation": "[U,OHS,PL] \u2192 [D,ACL]",
         "upstream_roles": ["OHS", "PL"], "downstream_roles": ["ACL"],
         "description": "prices at checkout", "file": "models/shop.py", "line": 6},
        {"name": "Billing \u2194 Ordering", "upstream": "Ordering", "downstream": "Billing", "kind": "partnership",
         "symmetric": True, "notation": "[P]", "upstream_roles": [], "downstream_roles": [],
         "description": "", "file": "models/shop.py", "line": 5},
    ]
