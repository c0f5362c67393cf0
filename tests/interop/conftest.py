"""The other tools' own parsers, installed once into a cache under tests/artifacts/:

- the LikeC4 CLI from the npm registry (``likec4 validate`` and ``likec4 export json``);
- c4studio from PyPI, a maintained Structurizr DSL and JSON parser. It needs Python 3.13 or
  newer, so it gets a virtual environment of its own made with such an interpreter.

Each fixture skips, saying why, when its runtime (npm and Node.js, or Python 3.13+) is absent.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from archdocs.load import load_models

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE / "examples"
TOOLS = HERE.parent / "artifacts" / "interop-tools"
LIKEC4_VERSION = "1.46.0"  # the newest release that runs on Node.js 20 (1.47 needs Node 22)
C4STUDIO_VERSION = "0.3.0"
ARCHDOCS = str(Path(sys.executable).parent / "archdocs")


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=900,
                          **kwargs)  # type: ignore[call-overload, no-any-return]


def archdocs(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run([ARCHDOCS, *args], cwd=cwd)


@dataclass
class LikeC4:
    binary: Path

    def validate(self, project: Path) -> subprocess.CompletedProcess[str]:
        return run([str(self.binary), "validate", str(project)], cwd=project)

    def export_json(self, project: Path) -> dict[str, object]:
        """What LikeC4 read from ``project``, as its JSON export (written beside it)."""
        out = project.parent / f"{project.name}-likec4.json"
        result = run([str(self.binary), "export", "json", "--no-use-dot", "-o", str(out),
                      str(project)], cwd=project)
        assert result.returncode == 0, result.stdout + result.stderr
        data: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
        return data


@dataclass
class C4Studio:
    binary: Path

    def check(self, path: Path) -> subprocess.CompletedProcess[str]:
        return run([str(self.binary), "check", str(path)])

    def export(self, path: Path, workdir: Path) -> dict[str, object]:
        """What c4studio read from ``path``, as its JSON export (written into ``workdir``)."""
        out = workdir / f"{path.name}-c4studio.json"
        result = run([str(self.binary), "export", str(path), "-o", str(out)])
        assert result.returncode == 0, result.stdout + result.stderr
        data: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
        return data


@pytest.fixture(scope="session")
def likec4() -> Iterator[LikeC4]:
    npm = shutil.which("npm")
    node = shutil.which("node")
    if npm is None or node is None:
        pytest.skip("npm and Node.js are not installed: the LikeC4 CLI comes from the npm "
                    "registry (CI has both)")
    prefix = TOOLS / f"likec4-{LIKEC4_VERSION}"
    binary = prefix / "node_modules" / ".bin" / "likec4"
    if not binary.exists():
        prefix.mkdir(parents=True, exist_ok=True)
        result = run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                      "--no-save", f"likec4@{LIKEC4_VERSION}"])
        assert result.returncode == 0, f"npm install likec4 failed:\n{result.stderr[-3000:]}"
    yield LikeC4(binary)


def _python_313() -> Path | None:
    """A Python 3.13 or newer that runs (a pyenv shim for a version not selected does not)."""
    candidates = [Path(found) for name in ("python3.14", "python3.13")
                  if (found := shutil.which(name))]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    if pyenv.is_dir():
        candidates += [version / "bin" / "python"
                       for version in sorted(pyenv.iterdir(), reverse=True)]
    for candidate in candidates:
        if not candidate.exists():
            continue
        probe = run([str(candidate), "-c", "import sys; print(sys.version_info >= (3, 13))"])
        if probe.returncode == 0 and probe.stdout.strip() == "True":
            return candidate
    return None


@pytest.fixture(scope="session")
def c4studio() -> Iterator[C4Studio]:
    python = _python_313()
    if python is None:
        pytest.skip("no Python 3.13 or newer here: c4studio, the Structurizr parser the tests "
                    "validate with, needs one (CI has it through pyenv)")
    venv = TOOLS / f"c4studio-{C4STUDIO_VERSION}"
    binary = venv / "bin" / "c4"
    if not binary.exists():
        result = run([str(python), "-m", "venv", str(venv)])
        assert result.returncode == 0, result.stderr
        result = run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                      f"c4studio=={C4STUDIO_VERSION}"])
        assert result.returncode == 0, f"pip install c4studio failed:\n{result.stderr[-3000:]}"
    yield C4Studio(binary)


def signature(models: Path) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    """What a round trip must keep: every element (kind, name, description, and what a service
    or datastore is) and every flow (name, endpoints, mechanism, access, broker, description)."""
    model = load_models(models)
    elements: set[tuple[object, ...]] = set()
    flows: set[tuple[object, ...]] = set()
    for system in model.systems:
        for element in (*system.contexts, *system.externals, *system.actors):
            elements.add((element.KIND, element.name, element.description))
        for service in system.services:
            elements.add(("service", service.name, service.description, service.technology,
                          service.context.name if service.context else None))
        for store in system.datastores:
            elements.add(("datastore", store.name, store.description, store.technology.id,
                          store.technology.version, store.role.value,
                          store.context.name if store.context else None))
        for flow in system.flows:
            source, target = system.resolve(flow.source), system.resolve(flow.target)
            via = system.resolve(flow.via) if flow.via is not None else None
            assert source is not None and target is not None
            flows.add((flow.name, source.name, target.name, flow.mechanism.value,
                       flow.effective_access.value, via.name if via else None,
                       flow.description))
    return elements, flows
