"""archdocs convert: the vendored public Structurizr and LikeC4 examples become archdocs models
that load, pass the review without conversion-caused errors, render, and say at the top what
could not be mapped. The readers agree with the tools' own parsers on what each example holds."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from archdocs.interop import read_source
from archdocs.load import load_models
from tests.interop.conftest import EXAMPLES, C4Studio, LikeC4, archdocs

EXAMPLE_SOURCES = {
    "structurizr-big-bank-plc": "structurizr-big-bank-plc/workspace.dsl",
    "structurizr-microservices": "structurizr-microservices/workspace.dsl",
    "structurizr-json-big-bank-plc": "structurizr-json-big-bank-plc/workspace.json",
    "likec4-bigbank": "likec4-bigbank",
    "likec4-cloud-system": "likec4-cloud-system",
}


def convert(name: str, tmp_path: Path) -> Path:
    out = tmp_path / "models" / f"{name.replace('-', '_')}.py"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = archdocs("convert", str(EXAMPLES / EXAMPLE_SOURCES[name]), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("name", sorted(EXAMPLE_SOURCES))
def test_each_example_converts_loads_and_passes_the_review(name: str, tmp_path: Path) -> None:
    out = convert(name, tmp_path)
    model = load_models(out)
    assert len(model.systems) == 1
    check = archdocs("check", str(out), "--format", "json")
    assert check.returncode == 0, check.stdout + check.stderr
    findings = json.loads(check.stdout)["findings"]
    assert [f for f in findings if f["severity"] == "error"] == []
    # No finding is caused by the conversion: no unresolved names, no element outside a
    # context, no duplicate names.
    assert {f["rule"] for f in findings} & {"INT001", "INT002", "INT003"} == set()


@pytest.mark.parametrize("name", sorted(EXAMPLE_SOURCES))
def test_each_converted_example_renders_a_site(name: str, tmp_path: Path) -> None:
    out = convert(name, tmp_path)
    result = archdocs("generate", str(tmp_path / "docs"), str(out.parent), "--no-cache", "-q")
    assert result.returncode == 0, result.stderr
    svgs = list((tmp_path / "docs").rglob("*.svg"))
    assert svgs, "no diagram was rendered"
    assert all("<svg" in svg.read_text(encoding="utf-8") for svg in svgs)


def test_big_bank_maps_to_the_elements_a_reader_of_the_dsl_expects(tmp_path: Path) -> None:
    out = convert("structurizr-big-bank-plc", tmp_path)
    system = load_models(out).systems[0]
    assert system.name == "Internet Banking System"
    assert [c.name for c in system.contexts] == ["Internet Banking System"]
    assert sorted(s.name for s in system.services) == [
        "API Application", "Mobile App", "Single-Page Application", "Web Application"]
    (database,) = system.datastores
    assert (database.name, database.technology.id) == ("Database", "oracle")
    assert sorted(a.name for a in system.actors) == [
        "Back Office Staff", "Customer Service Staff", "Personal Banking Customer"]
    assert sorted(e.name for e in system.externals) == [
        "ATM", "E-mail System", "Mainframe Banking System"]
    # The component-level "Security Component -> Database" becomes API Application -> Database,
    # a query that reads and writes.
    (query,) = [f for f in system.flows if system.resolve(f.target) is database]
    assert system.resolve(query.source).name == "API Application"  # type: ignore[union-attr]
    assert (query.mechanism.value, query.effective_access.value) == ("query", "read-write")
    text = out.read_text(encoding="utf-8")
    header = text.split("\nfrom archdocs import", 1)[0]
    assert "# Not mapped" in header
    assert "deployment environments (2 blocks)" in header
    assert "components (6)" in header
    assert "sync-request assumed" in header


def test_microservices_groups_become_contexts_with_their_database(tmp_path: Path) -> None:
    out = convert("structurizr-microservices", tmp_path)
    system = load_models(out).systems[0]
    service1 = next(c for c in system.contexts if c.name == "Service 1")
    assert [s.name for s in service1.services] == ["Service 1 API"]
    assert [(d.name, d.technology.id) for d in service1.datastores] == [
        ("Service 1 Database Schema", "mysql")]
    assert {e.name for e in system.externals} == {"Software System B", "Software System C"}


def _c4studio_model(data: dict[str, Any]) -> tuple[set[tuple[str, str]], set[tuple[str, ...]]]:
    """Elements (level, name) and relationships (source, target, description) that c4studio
    read, from its JSON export."""
    model = data["workspace"]["model"]
    names: dict[str, str] = {}
    elements: set[tuple[str, str]] = set()
    pending: list[tuple[str, dict[str, Any]]] = []

    def walk(item: dict[str, Any], level: str) -> None:
        names[item["id"]] = item["name"]
        elements.add((level, item["name"]))
        pending.extend((item["id"], r) for r in item.get("relationships", []))
        for container in item.get("containers", []):
            walk(container, "container")
        for component in item.get("components", []):
            walk(component, "component")

    for person in model.get("people", []):
        walk(person, "person")
    for system in model.get("softwareSystems", []):
        walk(system, "system")
    relationships = {(names[r.get("sourceId", owner)], names[r["destinationId"]],
                      r.get("description", "")) for owner, r in pending}
    return elements, relationships


def test_big_bank_dsl_reader_agrees_with_c4studio(c4studio: C4Studio, tmp_path: Path) -> None:
    source = EXAMPLES / EXAMPLE_SOURCES["structurizr-big-bank-plc"]
    theirs = _c4studio_model(c4studio.export(source, tmp_path))
    ours = read_source(source)
    level = {"system": "system", "person": "person", "container": "container",
             "component": "component"}
    assert {(level[e.level], e.name) for e in ours.elements.values()
            if e.level in level} == theirs[0]
    assert {(ours.elements[r.source].name, ours.elements[r.target].name, r.description)
            for r in ours.relationships} == theirs[1]


@pytest.mark.parametrize("name", ["likec4-bigbank", "likec4-cloud-system"])
def test_likec4_reader_agrees_with_likec4(name: str, likec4: LikeC4, tmp_path: Path) -> None:
    project = tmp_path / name
    shutil.copytree(EXAMPLES / name, project)
    theirs = likec4.export_json(project)
    ours = read_source(project)
    elements = theirs["elements"]
    assert isinstance(elements, dict)
    assert {key: e["title"] for key, e in elements.items()} == {
        key: e.name for key, e in ours.elements.items()}
    relations = theirs["relations"]
    assert isinstance(relations, dict)
    assert sorted((r["source"]["model"], r["target"]["model"], r.get("title", ""))
                  for r in relations.values()) == sorted(
        (r.source, r.target, r.description) for r in ours.relationships)


HOSTILE = [
    'Quote " and \\" backslash',
    "Line\nbreak and ''' triple",
    '"""; import os; os.system("echo owned") #',
    "Braces { } and # hash // slashes",
    "Ünïcode — 注文 \u2028 separator",
]


def test_outside_text_reaches_the_model_file_only_as_data(tmp_path: Path) -> None:
    """Names and descriptions from the source are Python data: the generated file parses to
    the same text, and nothing from the source becomes code or breaks out of a comment."""
    rows = []
    for i, text in enumerate(HOSTILE):
        escaped = text.replace("\\", "\\\\").replace("'", "\\'")
        rows.append(f"  svc{i} = service '{escaped}' {{\n    description '{escaped}'\n  }}")
    project = tmp_path / "hostile"
    project.mkdir()
    (project / "model.c4").write_text(
        "specification {\n  element system\n  element service\n  element db {\n"
        "    style {\n      shape storage\n    }\n  }\n}\n"
        "model {\n sys = system 'S' {\n" + "\n".join(rows) +
        "\n  store = db 'Store' {\n    technology 'Weird\\nDB \"\"\" #'\n  }\n }\n"
        "  sys.svc0 -> sys.svc1 'says \"\"\" \\' \\n # x'\n}\n", encoding="utf-8")
    out = tmp_path / "models" / "hostile.py"
    result = archdocs("convert", str(project), "--out", str(out))
    assert result.returncode == 0, result.stderr
    code = out.read_text(encoding="utf-8")
    tree = ast.parse(code)
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    names = {node.args[0].value for node in calls if node.args
             and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)}
    for text in HOSTILE:
        assert text.replace("\n", "\n") in names
    assert "owned" not in "".join(line for line in code.splitlines()
                                  if not line.lstrip().startswith(("#", "service_", "store_",
                                                                   "context_", "system")))
    for line in code.splitlines():
        if line.startswith("#"):
            assert "\u2028" not in line
    system = load_models(out).systems[0]
    assert sorted(s.name for s in system.services) == sorted(HOSTILE)
    assert {s.description for s in system.services} == set(HOSTILE)


def test_convert_is_deterministic(tmp_path: Path) -> None:
    first = convert("structurizr-json-big-bank-plc", tmp_path / "a").read_bytes()
    second = convert("structurizr-json-big-bank-plc", tmp_path / "b").read_bytes()
    assert first == second


def test_broken_source_is_reported_with_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "workspace.dsl"
    source.write_text('workspace {\n  model {\n    a = person "A"\n    a -> b "Uses"\n  }\n}\n',
                      encoding="utf-8")
    result = archdocs("convert", str(source), "--out", str(tmp_path / "m.py"))
    assert result.returncode == 2
    assert f"{source}:4: error: no element has the identifier 'b'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "m.py").exists()


def test_convert_does_not_overwrite_a_model_file(tmp_path: Path) -> None:
    out = tmp_path / "models" / "bank.py"
    out.parent.mkdir()
    out.write_text("# mine\n", encoding="utf-8")
    result = archdocs("convert", str(EXAMPLES / EXAMPLE_SOURCES["structurizr-big-bank-plc"]),
                      "--out", str(out))
    assert result.returncode == 2
    assert "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "# mine\n"


def test_mechanisms_are_inferred_and_guesses_are_marked(tmp_path: Path) -> None:
    source = tmp_path / "workspace.dsl"
    source.write_text("""workspace "Shop" {
    model {
        buyer = person "Buyer"
        shop = softwareSystem "Shop" {
            web = container "Web" "" "Python"
            api = container "API" "" "Go"
            db = container "Orders DB" "" "PostgreSQL 16"
            events = container "Events" "" "Apache Kafka" "Queue"
            warehouse = container "Warehouse" "" "Vertica" "Database"
        }
        buyer -> web "Browses"
        web -> api "Calls" "JSON/HTTPS"
        api -> db "Reads from" "JDBC"
        api -> events "Publishes order events to"
        db -> warehouse "Nightly export" "CSV"
    }
}
""", encoding="utf-8")
    out = tmp_path / "models" / "shop.py"
    assert archdocs("convert", str(source), "--out", str(out)).returncode == 0
    system = load_models(out).systems[0]
    flows = {(system.resolve(f.source).name, system.resolve(f.target).name):  # type: ignore[union-attr]
             f for f in system.flows}
    assert flows[("Web", "API")].mechanism.value == "sync-request"
    assert (flows[("API", "Orders DB")].mechanism.value,
            flows[("API", "Orders DB")].effective_access.value) == ("query", "read")
    assert flows[("API", "Events")].mechanism.value == "async-event"
    assert flows[("Orders DB", "Warehouse")].mechanism.value == "batch"
    stores = {d.name: d for d in system.datastores}
    assert (stores["Orders DB"].technology.id, stores["Orders DB"].technology.version) == (
        "postgresql", "16")
    assert stores["Events"].role.value == "broker"
    assert stores["Warehouse"].technology.name == "Vertica"
    code = out.read_text(encoding="utf-8").splitlines()
    browse = next(i for i, line in enumerate(code) if "description='Browses'" in line)
    assert code[browse - 1] == "# archdocs convert: sync-request assumed: the source does not say how"
    vertica = next(i for i, line in enumerate(code) if "'Warehouse'" in line and "datastore(" in line)
    assert "'Vertica' is not in archdocs' catalogue" in code[vertica - 1]
    check = archdocs("check", str(out))
    assert check.returncode == 0, check.stdout


def test_quoted_text_is_never_read_as_syntax(tmp_path: Path) -> None:
    source = tmp_path / "workspace.dsl"
    source.write_text('workspace "W" {\n  model {\n    s = softwareSystem "S" {\n'
                      '      a = container "->" "{" "}"\n      b = container "B"\n'
                      '      a -> b "->"\n    }\n  }\n}\n', encoding="utf-8")
    model = read_source(source)
    assert sorted(e.name for e in model.elements.values()) == ["->", "B", "S"]
    (relationship,) = model.relationships
    assert (relationship.description, model.elements["a"].description) == ("->", "{")
