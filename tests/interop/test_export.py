"""archdocs export --format structurizr-dsl|structurizr-json|likec4: what archdocs writes is
read by the other tools' own parsers (the LikeC4 CLI; c4studio for Structurizr; the Structurizr
JSON schema), shows archdocs' default views, and converts back to the same model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from archdocs.load import load_models
from tests.interop.conftest import EXAMPLES, HERE, C4Studio, LikeC4, archdocs, signature
from tests.interop.test_convert import EXAMPLE_SOURCES, _c4studio_model

REPO = HERE.parent.parent
MODELS = ["flagship", *sorted(EXAMPLE_SOURCES)]
SUFFIX = {"structurizr-dsl": "workspace.dsl", "structurizr-json": "workspace.json",
          "likec4": "likec4/model.c4"}


def source_models(name: str, tmp_path: Path) -> Path:
    """The flagship models directory, or a converted example's model file."""
    if name == "flagship":
        return REPO / "models"
    out = tmp_path / "models" / f"{name.replace('-', '_')}.py"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = archdocs("convert", str(EXAMPLES / EXAMPLE_SOURCES[name]), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def export(models: Path, fmt: str, tmp_path: Path) -> Path:
    out = tmp_path / "export" / fmt / SUFFIX[fmt]
    out.parent.mkdir(parents=True, exist_ok=True)
    result = archdocs("export", str(models), "--format", fmt, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def expected(models: Path) -> tuple[set[str], set[str], set[str]]:
    """Element names, flow names and default view titles of an archdocs model."""
    model = load_models(models)
    names: set[str] = set()
    flows: set[str] = set()
    views: set[str] = set()
    for system in model.systems:
        names.add(system.name)
        names |= {e.name for e in system.nodes()}
        flows |= {f.name for f in system.flows}
        views |= {f"{system.name}: system landscape", f"{system.name}: context map"}
        views |= {f"Context {c.name}" for c in system.contexts if c.services or c.datastores}
    return names, flows, views


def structurizr_elements(models: Path) -> set[str]:
    """The element names a Structurizr workspace holds: all but the bounded contexts."""
    model = load_models(models)
    return {s.name for s in model.systems} | {
        e.name for s in model.systems for e in s.nodes() if e.KIND != "context"}


@pytest.mark.parametrize("name", MODELS)
def test_likec4_reads_the_export_with_every_element_flow_and_view(
        name: str, likec4: LikeC4, tmp_path: Path) -> None:
    models = source_models(name, tmp_path)
    project = export(models, "likec4", tmp_path).parent
    validation = likec4.validate(project)
    assert validation.returncode == 0, validation.stdout + validation.stderr
    assert "ERROR" not in validation.stdout + validation.stderr
    data = likec4.export_json(project)
    names, flows, views = expected(models)
    elements: dict[str, Any] = data["elements"]  # type: ignore[assignment]
    relations: dict[str, Any] = data["relations"]  # type: ignore[assignment]
    assert {e["title"] for e in elements.values()} == names
    assert sorted(r["metadata"]["archdocs_name"] for r in relations.values()) == sorted(flows)
    shown: dict[str, Any] = data["views"]  # type: ignore[assignment]
    assert {v.get("title") for v in shown.values()} - {None, "Landscape view"} >= views


@pytest.mark.parametrize("name", MODELS)
def test_c4studio_reads_the_structurizr_dsl_export(
        name: str, c4studio: C4Studio, tmp_path: Path) -> None:
    models = source_models(name, tmp_path)
    out = export(models, "structurizr-dsl", tmp_path)
    check = c4studio.check(out)
    assert check.returncode == 0, check.stdout + check.stderr
    data = c4studio.export(out, tmp_path)
    elements, relationships = _c4studio_model(data)
    names, flows, views = expected(models)
    # Structurizr has no element for a bounded context (it is a group): contexts show as
    # groups, everything else as an element of its own.
    assert {n for _, n in elements} == structurizr_elements(models)
    assert len(relationships) == len(flows)
    keys = {v.get("title") or v.get("description") for group in data["workspace"]["views"].values()  # type: ignore[index]
            if isinstance(group, list) for v in group}
    assert keys >= views


def _workspace_schema() -> dict[str, Any]:
    spec = yaml.safe_load((HERE / "schema" / "structurizr.yaml").read_text(encoding="utf-8"))
    return {"$ref": "#/components/schemas/Workspace", "components": spec["components"]}


@pytest.mark.parametrize("name", MODELS)
def test_structurizr_json_export_matches_the_schema_and_c4studio_reads_it(
        name: str, c4studio: C4Studio, tmp_path: Path) -> None:
    models = source_models(name, tmp_path)
    out = export(models, "structurizr-json", tmp_path)
    workspace = json.loads(out.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(_workspace_schema()).iter_errors(workspace))
    assert errors == []
    check = c4studio.check(out)
    assert check.returncode == 0, check.stdout + check.stderr
    elements, relationships = _c4studio_model(c4studio.export(out, tmp_path))
    names, flows, views = expected(models)
    assert {n for _, n in elements} == structurizr_elements(models)
    assert len(relationships) == len(flows)
    described = {v["description"] for kind in ("systemContextViews", "containerViews")
                 for v in workspace["views"][kind]}
    assert described == views


def test_the_schema_check_is_not_vacuous(tmp_path: Path) -> None:
    out = export(REPO / "models", "structurizr-json", tmp_path)
    workspace = json.loads(out.read_text(encoding="utf-8"))
    workspace["model"]["people"][0]["relationships"][0]["destinationId"] = 7
    assert list(jsonschema.Draft4Validator(_workspace_schema()).iter_errors(workspace))


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
@pytest.mark.parametrize("name", MODELS)
def test_converting_an_export_back_gives_the_same_elements_and_flows(
        name: str, fmt: str, tmp_path: Path) -> None:
    models = source_models(name, tmp_path)
    out = export(models, fmt, tmp_path)
    back = tmp_path / "back" / "model.py"
    back.parent.mkdir()
    source = out.parent if fmt == "likec4" else out
    result = archdocs("convert", str(source), "--out", str(back))
    assert result.returncode == 0, result.stderr
    if fmt == "structurizr-dsl":
        assert one_line(signature(back)) == one_line(signature(models))
    else:
        assert signature(back) == signature(models)


Signature = tuple[set[tuple[object, ...]], set[tuple[object, ...]]]


def one_line(found: Signature) -> Signature:
    """A signature with line breaks in text as spaces: a Structurizr DSL string is one line."""
    def flat(row: tuple[object, ...]) -> tuple[object, ...]:
        return tuple(" ".join(v.replace("\u2028", "\n").replace("\u2029", "\n").split("\n"))
                     if isinstance(v, str) else v for v in row)
    return {flat(r) for r in found[0]}, {flat(r) for r in found[1]}


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_export_is_deterministic(fmt: str, tmp_path: Path) -> None:
    first = export(REPO / "models", fmt, tmp_path / "a").read_bytes()
    second = export(REPO / "models", fmt, tmp_path / "b").read_bytes()
    assert first == second


HOSTILE_MODEL = '''
from archdocs import Mechanism, System, tech

system = System("Odd \\\\ names")
ctx = system.context('Ctx "quoted" {braces}', description="line one\\nline two")
api = ctx.service("api'); drop", description='says "hi" \\\\ and \\'bye\\'', technology="#x //y")
db = ctx.datastore("db */ /* x", tech.PostgreSQL("16"), description="\\u2028sep")
system.flow(api, db, Mechanism.QUERY, name="api → db: \\"q\\" \\\\", description="a\\nb")
'''


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_odd_names_survive_the_round_trip(fmt: str, write_model: Any, tmp_path: Path) -> None:
    models = write_model({"odd.py": HOSTILE_MODEL})
    out = export(models, fmt, tmp_path)
    back = tmp_path / "back" / "model.py"
    back.parent.mkdir()
    result = archdocs("convert", str(out.parent if fmt == "likec4" else out), "--out", str(back))
    assert result.returncode == 0, result.stderr
    if fmt == "structurizr-dsl":
        assert one_line(signature(back)) == one_line(signature(models))
    else:
        assert signature(back) == signature(models)


def test_likec4_reads_odd_names_exactly(likec4: LikeC4, write_model: Any,
                                        tmp_path: Path) -> None:
    models = write_model({"odd.py": HOSTILE_MODEL})
    project = export(models, "likec4", tmp_path).parent
    validation = likec4.validate(project)
    assert validation.returncode == 0, validation.stdout + validation.stderr
    titles = {e["title"] for e in likec4.export_json(project)["elements"].values()}  # type: ignore[attr-defined]
    assert {'Ctx "quoted" {braces}', "api'); drop", "db */ /* x", "Odd \\ names"} <= titles


@pytest.mark.parametrize("fmt", ["structurizr-dsl", "structurizr-json"])
def test_the_context_map_is_recorded_on_the_software_system(fmt: str, tmp_path: Path) -> None:
    """Structurizr has no context-map relationship: the flagship's are written as properties
    of its software system, in Context Mapper's notation."""
    text = export(REPO / "models", fmt, tmp_path).read_text(encoding="utf-8")
    if fmt == "structurizr-json":
        [system] = [s for s in json.loads(text)["model"]["softwareSystems"]
                    if s["name"] == "Marketplace"]
        recorded = system["properties"]
    else:
        recorded = text
    assert "archdocs.relationship/Catalog/Ordering" in recorded
    value = "customer-supplier [U,S,OHS] \u2192 [D,C]"
    assert (recorded["archdocs.relationship/Catalog/Ordering"] == value
            if isinstance(recorded, dict) else value in recorded)
