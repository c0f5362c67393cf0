"""What archdocs installs is declared, capped and pinned, and CI runs what .ci/run runs.

A library release must not change archdocs' behaviour by itself: every dependency is capped
below its next major, the test tools are pinned exactly, and ./dev and CI install the versions
in constraints.txt (a scheduled job tries the newest ones).
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
TEST_TOOLS = {"pytest", "mypy", "ruff", "squawk-cli", "types-pyyaml", "import-linter"}


def _requirements(*groups: str) -> list[Requirement]:
    found = [Requirement(text) for text in PROJECT["dependencies"]]
    for group in groups:
        found += [Requirement(text) for text in PROJECT["optional-dependencies"][group]]
    return found


def _constraints() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_every_library_is_capped_below_its_next_major() -> None:
    for requirement in _requirements("postgres", "mysql", "test"):
        operators = {spec.operator for spec in requirement.specifier}
        assert "<" in operators or "==" in operators, f"{requirement} has no upper bound"


def test_test_tools_are_pinned_exactly() -> None:
    tools = [r for r in _requirements("test") if canonicalize_name(r.name) in TEST_TOOLS]
    assert {canonicalize_name(r.name) for r in tools} == TEST_TOOLS
    for requirement in tools:
        assert [spec.operator for spec in requirement.specifier] == ["=="], str(requirement)


def test_constraints_pin_every_requirement_within_its_range() -> None:
    pins = _constraints()
    for requirement in _requirements("postgres", "mysql", "test"):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"constraints.txt does not pin {requirement.name}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {requirement.name}=={pins[name]}, outside {requirement}")


def test_every_imported_library_is_declared() -> None:
    """``graphviz`` was imported but only installed because ``diagrams`` needs it."""
    declared = {canonicalize_name(r.name) for r in _requirements("postgres", "mysql")}
    distributions = importlib.metadata.packages_distributions()
    imported: dict[str, Path] = {}
    for path in sorted((ROOT / "src" / "archdocs").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                imported.setdefault(name.split(".")[0], path)
    for top, path in sorted(imported.items()):
        if top == "archdocs" or top in sys.stdlib_module_names:
            continue
        owners = {canonicalize_name(d) for d in distributions.get(top, [])}
        assert owners & declared, (
            f"{path.relative_to(ROOT)} imports {top} ({', '.join(sorted(owners)) or '?'}), "
            "which pyproject.toml does not declare")


def test_dev_and_ci_install_the_constraints() -> None:
    assert "-c constraints.txt" in (ROOT / "dev").read_text()
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    installs = re.findall(r"pip install[^\n]*", workflow)
    assert installs and all("-c constraints.txt" in line for line in installs), installs


def test_github_runs_what_ci_run_runs_without_hiding_failures() -> None:
    workflow_text = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert "|| true" not in workflow_text
    assert "|| true" not in (ROOT / ".ci" / "run").read_text()
    assert "ARCHDOCS_NO_SKIP=1 ./dev test" in (ROOT / ".ci" / "run").read_text()
    workflow = yaml.safe_load(workflow_text)
    steps = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert ".ci/run" in steps
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"], "no scheduled run with the newest versions"
    test_env = next(s for s in workflow["jobs"]["test"]["steps"] if s.get("run") == ".ci/run")
    assert "schedule" in test_env["env"]["ARCHDOCS_NEWEST"]
