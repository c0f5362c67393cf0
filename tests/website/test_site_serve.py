"""`mkdocs serve` with the archdocs plugin: live rebuilds, and recovery from a broken model."""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sitehelpers import VENV_BIN, free_port, mkdocs_env, run, stop

pytestmark = pytest.mark.slow


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, process: subprocess.Popen[str], timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    body = None
    while time.monotonic() < deadline:
        assert process.poll() is None, "mkdocs serve exited"
        body = _get(url)
        if body is not None and text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{text!r} never appeared at {url}; last body starts {str(body)[:300]!r}")


@pytest.mark.parametrize("mode", [[], ["--dirty"]], ids=["full", "dirty"])
def test_serve_rebuilds_on_model_change_and_recovers_from_errors(
    fresh_repo: Path, mode: list[str]
) -> None:
    assert run([str(VENV_BIN / "archdocs"), "init", "."], cwd=fresh_repo).returncode == 0
    model = fresh_repo / "models" / "architecture.py"
    original = model.read_text()
    port = free_port()
    log = (fresh_repo.parent / "serve.log").open("w")
    process = subprocess.Popen(
        [str(VENV_BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", *mode],
        cwd=fresh_repo, env=mkdocs_env(), stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/architecture/contexts/catalog/", "What we sell", process)

        model.write_text(original.replace("What we sell and at which price.",
                                          "Edited while serving: marker-one."))
        _wait_for(f"{base}/architecture/contexts/catalog/", "marker-one", process)

        model.write_text(original + "\nthis line is not python\n")
        broken = _wait_for(f"{base}/architecture/", "could not be loaded", process)
        assert "architecture.py" in broken and "syntax error" in broken

        model.write_text(original.replace("What we sell and at which price.", "marker-two"))
        _wait_for(f"{base}/architecture/contexts/catalog/", "marker-two", process)
        assert "could not be loaded" not in (_get(f"{base}/architecture/") or "")
    finally:
        stop(process)
        log.close()
    output = (fresh_repo.parent / "serve.log").read_text()
    assert "ERROR" in output and "architecture.py" in output, output[-2000:]
    assert not (fresh_repo / "docs" / "architecture").exists()


BREAKAGES = {
    "syntax error": ("\nthis line is not python\n", "syntax error"),
    "exception": ("\nraise RuntimeError('marker-exception')\n", "marker-exception"),
    "sys.exit": ("\nimport sys\nsys.exit('marker-exit')\n", "marker-exit"),
}


def test_strict_serve_keeps_answering_through_any_model_error(fresh_repo: Path) -> None:
    """`strict: true` (the project's own mkdocs.yml sets it): a broken save must neither abort
    the rebuild (MkDocs would then hold every request until the error is fixed) nor stop the
    server; the overview shows the error and the next good save recovers."""
    assert run([str(VENV_BIN / "archdocs"), "init", "."], cwd=fresh_repo).returncode == 0
    config = fresh_repo / "mkdocs.yml"
    config.write_text(config.read_text() + "\nstrict: true\n")
    model = fresh_repo / "models" / "architecture.py"
    original = model.read_text()
    port = free_port()
    log = (fresh_repo.parent / "serve.log").open("w")
    process = subprocess.Popen(
        [str(VENV_BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=fresh_repo, env=mkdocs_env(), stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/architecture/contexts/catalog/", "What we sell", process)
        for number, (breakage, shown) in enumerate(BREAKAGES.values()):
            model.write_text(original + breakage)
            broken = _wait_for(f"{base}/architecture/", shown, process)
            assert "could not be loaded" in broken
            # The server answers every page, not only the overview.
            home = _get(f"{base}/")
            assert home is not None and "Architecture overview" in home
            marker = f"recovered-{number}"
            model.write_text(original.replace("What we sell and at which price.", marker))
            _wait_for(f"{base}/architecture/contexts/catalog/", marker, process)
            assert "could not be loaded" not in (_get(f"{base}/architecture/") or "")
    finally:
        stop(process)
        log.close()
    output = (fresh_repo.parent / "serve.log").read_text()
    assert "appear stuck" not in output and "Aborted" not in output, output[-3000:]
    assert "architecture.py" in output and "marker-exception" in output, output[-3000:]
    assert "marker-exit" in output, output[-3000:]


def test_strict_build_still_fails_on_a_broken_model(fresh_repo: Path) -> None:
    assert run([str(VENV_BIN / "archdocs"), "init", "."], cwd=fresh_repo).returncode == 0
    config = fresh_repo / "mkdocs.yml"
    config.write_text(config.read_text() + "\nstrict: true\n")
    model = fresh_repo / "models" / "architecture.py"
    for breakage, shown in BREAKAGES.values():
        model.write_text(model.read_text() + breakage)
        result = run([str(VENV_BIN / "mkdocs"), "build"], cwd=fresh_repo)
        assert result.returncode != 0, breakage
        assert shown in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        model.write_text(model.read_text().replace(breakage, ""))


def test_build_stops_with_a_sentence_on_a_broken_model(fresh_repo: Path) -> None:
    assert run([str(VENV_BIN / "archdocs"), "init", "."], cwd=fresh_repo).returncode == 0
    model = fresh_repo / "models" / "architecture.py"
    model.write_text(model.read_text() + "\nundefined_name_here\n")
    result = run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=fresh_repo)
    assert result.returncode != 0
    assert "architecture.py" in result.stderr and "NameError" in result.stderr
    assert "Traceback" not in result.stderr
