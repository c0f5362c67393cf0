"""`mkdocs serve` rebuilds a save in the models folder once, and nothing while nothing changes,
also when Python writes the models' bytecode cache under the models folder as they load."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from sitehelpers import VENV_BIN, free_port, mkdocs_env, run, stop
from test_serve_dirty import _wait_for_builds, builds_in
from test_site_serve import _wait_for

pytestmark = pytest.mark.slow
# Several times MkDocs' polling interval (0.5 s) and build delay (0.1 s): a rebuild that
# nothing asked for would have started by then.
IDLE = 4.0


@pytest.mark.parametrize("mode", [[], ["--dirty"]], ids=["plain", "dirty"])
def test_a_save_rebuilds_once_and_idle_rebuilds_nothing(fresh_repo: Path,
                                                        mode: list[str]) -> None:
    assert run([str(VENV_BIN / "archdocs"), "init", "."], cwd=fresh_repo).returncode == 0
    model = fresh_repo / "models" / "architecture.py"
    original = model.read_text()
    port = free_port()
    log = fresh_repo.parent / "serve.log"
    env = mkdocs_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as most users run it
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(VENV_BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", *mode],
            cwd=fresh_repo, env=env, stdout=output, stderr=subprocess.STDOUT, text=True)
    page = f"http://127.0.0.1:{port}/architecture/contexts/catalog/"
    try:
        _wait_for_builds(log, 1, process)
        time.sleep(IDLE)
        assert builds_in(log.read_text()) == 1
        assert list((fresh_repo / "models").rglob("__pycache__/*.pyc"))

        model.write_text(original.replace("What we sell and at which price.",
                                          "Edited while serving: marker-one."))
        _wait_for(page, "marker-one", process)
        time.sleep(IDLE)
        text = log.read_text()
    finally:
        stop(process)
    assert builds_in(text) == 2, text[-3000:]
    assert text.count("Detected file changes") == 1
