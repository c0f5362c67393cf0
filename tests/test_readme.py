"""The README is what a new user follows: its first model must load and review as it says, its
tutorial must run as written, and what it says about installing and the MkDocs banner must hold."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from archdocs import __version__
from archdocs.cli import main
from archdocs.website.scaffolding import DISTRIBUTION

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def test_the_readme_example_model_loads_and_reviews_cleanly(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]):
    blocks = re.findall(r"```python\n(# models/shop\.py\n.*?)```", README.read_text(), re.S)
    assert len(blocks) == 1, "the README's example model (# models/shop.py) is gone"
    models = tmp_path / "models"
    models.mkdir()
    (models / "shop.py").write_text(blocks[0], encoding="utf-8")
    assert main(["check", str(models), "--format", "json"]) == 0
    out = capsys.readouterr().out
    # No errors; the warnings ask for the backup and the failover a system of record needs.
    assert re.findall(r'"rule": "(\w+)"', out) == ["OPS002", "RES002"]


def _tutorial_script(section: str) -> str:
    """The section's code blocks in order, as one shell script: ```bash blocks verbatim, and
    each ```python block whose first line is ``# path`` saved to that path, as the text says."""
    parts = []
    for language, body in re.findall(r"```(\w+)\n(.*?)```", section, re.S):
        if language == "bash":
            parts.append(body)
        elif language == "python":
            target = re.match(r"# (\S+\.py)\n", body)
            assert target, f"a Python block of the tutorial does not say where it goes: {body[:60]}"
            assert "ARCHDOCS_README_EOF" not in body
            parts.append(f"cat > {target.group(1)} <<'ARCHDOCS_README_EOF'\n{body}"
                         "ARCHDOCS_README_EOF\n")
    return "".join(parts)


# `mkdocs serve` runs until stopped: the tutorial's own command, on a free port, is stopped once
# it answers with the generated overview (bounded: at most 300 s), which is kept for the test.
SERVE_ONCE = r"""
set -euo pipefail
mkdocs() {
  if [ "${1:-}" != serve ]; then command mkdocs "$@"; return; fi
  shift
  command mkdocs serve --dev-addr "127.0.0.1:$README_PORT" "$@" > "$README_OUT/serve.log" 2>&1 &
  local pid=$! answered=no
  for _ in $(seq 1 600); do
    if "$README_PYTHON" -c 'import sys, urllib.request
sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1], timeout=5).read())' \
        "http://127.0.0.1:$README_PORT/architecture/" > "$README_OUT/overview.html" 2>/dev/null
    then answered=yes; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" || true
  [ "$answered" = yes ] || { cat "$README_OUT/serve.log" >&2; return 1; }
}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_the_readme_tutorial_runs_as_written_from_a_clone(tmp_path: Path) -> None:
    """The "Describe your first system" section, block by block, in a folder laid out like a
    clone after ``./dev site`` (its ``.venv`` is this test's environment), with nothing of
    archdocs on PATH beforehand: the README itself has to put the command there."""
    if sys.prefix == sys.base_prefix or not (Path(sys.prefix) / "bin" / "activate").is_file():
        pytest.skip("the tests do not run in a virtual environment (./dev test makes .venv)")
    clone = tmp_path / "archdocs"
    clone.mkdir()
    (clone / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    out = tmp_path / "out"
    out.mkdir()
    script = SERVE_ONCE + _tutorial_script(_section("Describe your first system"))

    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join(
        entry for entry in env.get("PATH", "").split(os.pathsep)
        if entry and not (Path(entry) / "archdocs").exists() and not (Path(entry) / "mkdocs").exists())
    assert shutil.which("archdocs", path=env["PATH"]) is None
    env.update(README_PORT=str(_free_port()), README_OUT=str(out), README_PYTHON=sys.executable,
               NO_MKDOCS_2_WARNING="1")
    run = subprocess.run(["bash", "-c", script], cwd=clone, env=env, capture_output=True,
                         text=True, timeout=900)
    assert run.returncode == 0, f"the tutorial failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"

    project = tmp_path / "my-architecture"
    assert sorted(p.name for p in (project / "models").glob("*.py")) == ["shop.py"]
    # archdocs check found no error (the script would have stopped), export printed the model,
    # and mkdocs serve answered with the overview of the shop.
    assert '"name": "Shop"' in run.stdout or '"Shop"' in run.stdout
    overview = (out / "overview.html").read_text(encoding="utf-8")
    assert "A small web shop." in overview
    assert "orders-db" in overview and "session-cache" in overview
    assert (project / "requirements.txt").read_text().splitlines()[-1] == \
        f"{DISTRIBUTION}=={__version__}"


def test_the_readme_and_the_guide_install_archdocs_by_its_distribution_name() -> None:
    pin = f"pip install {DISTRIBUTION}=={__version__}"
    for doc in (README, REPO / "docs" / "index.md"):
        text = doc.read_text(encoding="utf-8")
        assert pin in text, f"{doc.name} does not say {pin!r}"
        # "pip install archdocs" alone would install an unrelated project from PyPI.
        assert not re.search(r"pip install ['\"]?archdocs(?![-\w])", text), doc.name


def test_the_readme_explains_the_material_banner_and_how_to_silence_it(tmp_path: Path) -> None:
    text = _section("Set-up: two commands")
    quoted = re.search(r'"(Material for MkDocs reaches end of life[^"]*)"', text)
    assert quoted, "the README does not quote Material's end-of-life banner"
    assert "NO_MKDOCS_2_WARNING=1" in text

    (tmp_path / "mkdocs.yml").write_text("site_name: banner\ntheme:\n  name: material\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Banner\n")
    env = {key: value for key, value in os.environ.items() if key != "NO_MKDOCS_2_WARNING"}

    def build(extra: dict[str, str]) -> str:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=tmp_path,
                                env={**env, **extra}, capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 0, result.stderr
        return result.stderr

    # What the README quotes is what users see; the variable it names silences it.
    assert quoted.group(1) in build({})
    assert "end of life" not in build({"NO_MKDOCS_2_WARNING": "1"})


def test_the_readme_points_a_new_user_at_the_newer_concepts() -> None:
    """After the first model, a reader learns what to declare next and where it is explained."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    for call in ("system.relationship(", "system.scenario(", "system.view(",
                 "datastore.er_view(", "current_phase="):
        assert call in text, call
    assert "(docs/guide/modeling.md)" in text
