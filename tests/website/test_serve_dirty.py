"""`mkdocs serve --dirty` after an edit of the model gives the site a clean `mkdocs build` of the
edited model gives, byte for byte, and so after the edit is taken back: MkDocs re-renders only
the pages whose Markdown changed, and the search index still has every page, once."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from sitehelpers import VENV_BIN, free_port, mkdocs_env, run, stop

pytestmark = pytest.mark.slow
BUILT = "Documentation built in"
# MkDocs drops a log message identical to an earlier one (its DuplicateFilter), so a rebuild
# that takes as long as the last one to the hundredth of a second prints no "Documentation
# built"; the live-reload server says "Reloading browsers" after every good rebuild.
REBUILT = "Reloading browsers"


def builds_in(log_text: str) -> int:
    """How many builds ``mkdocs serve`` finished: the first one, then every rebuild."""
    return (BUILT in log_text) + log_text.count(REBUILT)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _wait_for_builds(log: Path, count: int, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, "mkdocs serve exited:\n" + log.read_text()[-3000:]
        text = log.read_text()
        if builds_in(text) >= count:
            return text
        time.sleep(0.2)
    raise AssertionError(f"no build number {count}:\n{log.read_text()[-3000:]}")


def test_a_dirty_rebuild_equals_a_clean_build_of_the_edited_model(fresh_repo: Path) -> None:
    assert run([str(VENV_BIN / "archdocs"), "init", "."], cwd=fresh_repo).returncode == 0
    config = fresh_repo / "mkdocs.yml"
    port = free_port()
    # strict, as a careful project has it: --dirty must still rebuild. The site URL is the
    # one `mkdocs serve` gives every page, so that the clean build has the same.
    config.write_text(f"strict: true\nsite_url: http://127.0.0.1:{port}/\n" + config.read_text())
    model = fresh_repo / "models" / "architecture.py"
    original = model.read_text()
    assert "What we sell and at which price." in original
    # mkdocs serve builds into a temporary folder: this one, so the test can read it.
    temporary = fresh_repo.parent / "serve-tmp"
    temporary.mkdir()
    log = fresh_repo.parent / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(VENV_BIN / "mkdocs"), "serve", "--dirty", "--dev-addr",
             f"127.0.0.1:{port}"],
            cwd=fresh_repo, env={**mkdocs_env(), "TMPDIR": str(temporary)},
            stdout=output, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for_builds(log, 1, process)
        time.sleep(1.0)
        # An edit that changes several pages (the context's, the overview's, the search's).
        edited = original.replace("What we sell and at which price.",
                                  "What we sell, marker-dirty, and at which price.")
        model.write_text(edited)
        text = _wait_for_builds(log, 2, process)
        [served] = list(temporary.glob("mkdocs_*"))
        dirty = _tree(served)
        # The edit taken back: the rebuild reuses what the last one finished for every page
        # but the edited ones, whose text must come back as the first build wrote it.
        time.sleep(1.0)
        model.write_text(original)
        text = _wait_for_builds(log, 3, process)
        reverted = _tree(served)
    finally:
        stop(process)
    assert "Aborted" not in text, text[-2000:]
    rebuilt = re.findall(r"archdocs: \d+ pages, .*", text)[-1]
    assert "0 rendered" in rebuilt, rebuilt  # every diagram came from the cache

    original_site = _clean_site(fresh_repo)
    assert sorted(reverted) == sorted(original_site)
    different = [path for path in original_site if reverted[path] != original_site[path]]
    assert different == [], _first_difference(reverted, original_site, different)
    model.write_text(edited)
    expected = _clean_site(fresh_repo)

    assert b"marker-dirty" in dirty["architecture/contexts/catalog/index.html"]
    index = json.loads(dirty["search/search_index.json"])
    locations = [entry["location"] for entry in index["docs"]]
    assert len(locations) == len(set(locations)), "a page's search entries appear twice"
    assert sorted(dirty) == sorted(expected)
    different = [path for path in expected if dirty[path] != expected[path]]
    assert different == [], _first_difference(dirty, expected, different)


def _clean_site(project: Path) -> dict[str, bytes]:
    """The files of a clean `mkdocs build` of ``project``."""
    clean = run([str(VENV_BIN / "mkdocs"), "build", "--site-dir", "clean"], cwd=project)
    assert clean.returncode == 0, clean.stderr
    files = _tree(project / "clean")
    shutil.rmtree(project / "clean")
    return files


def _first_difference(dirty: dict[str, bytes], expected: dict[str, bytes],
                      paths: list[str]) -> str:
    if not paths:
        return ""
    a, b = dirty[paths[0]], expected[paths[0]]
    at = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
    return f"{len(paths)} differ; {paths[0]} at byte {at}: {a[at - 80:at + 80]!r} != " \
           f"{b[at - 80:at + 80]!r}"
