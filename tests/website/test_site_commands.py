"""`archdocs init` and `archdocs generate`, as a user runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitehelpers import HOSTILE, VENV_BIN, run

ARCHDOCS = str(VENV_BIN / "archdocs")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_init_in_an_empty_folder_builds_strict(fresh_repo: Path) -> None:
    result = run([ARCHDOCS, "init", "."], cwd=fresh_repo)
    assert result.returncode == 0, result.stderr
    for path in ("models/architecture.py", "docs/index.md", "mkdocs.yml",
                 ".github/workflows/docs.yml", ".gitignore"):
        assert (fresh_repo / path).is_file(), path
        assert f"created  {path}" in result.stdout.replace("./", "")
    workflow = (fresh_repo / ".github/workflows/docs.yml").read_text()
    assert "archdocs check" in workflow and "mkdocs build --strict" in workflow
    assert "deploy-pages" in workflow and "default_branch" in workflow

    check = run([ARCHDOCS, "check"], cwd=fresh_repo)
    assert check.returncode == 0, check.stdout + check.stderr
    # The starter is an example to copy: it passes its own review without a finding.
    assert "0 findings" in check.stdout or "no findings" in check.stdout.lower(), check.stdout
    build = run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=fresh_repo)
    assert build.returncode == 0, build.stderr
    overview = (fresh_repo / "site/architecture/index.html").read_text()
    assert "Catalog" in overview and "landscape-contexts.svg" in overview
    assert not (fresh_repo / "docs/architecture").exists(), "the plugin never writes into docs/"
    # The search splits identifiers: "postcode" finds ship_to_postcode (Material's separator).
    search = json.loads((fresh_repo / "site/search/search_index.json").read_text())
    assert "postcode" in re.split(search["config"]["separator"], "ship_to_postcode")
    # The plugin caches diagrams in .cache/archdocs beside mkdocs.yml, which .gitignore covers.
    assert list((fresh_repo / ".cache" / "archdocs").rglob("*.svg"))
    assert not (fresh_repo / ".archdocs-cache").exists()
    assert ".cache/" in (fresh_repo / ".gitignore").read_text().splitlines()


def test_init_in_a_populated_folder_changes_nothing_and_says_so(fresh_repo: Path) -> None:
    assert run([ARCHDOCS, "init", str(fresh_repo)], cwd=fresh_repo.parent).returncode == 0
    (fresh_repo / "mkdocs.yml").write_text("site_name: mine\n")
    before = _snapshot(fresh_repo)
    again = run([ARCHDOCS, "init", str(fresh_repo)], cwd=fresh_repo.parent)
    assert again.returncode == 0
    assert _snapshot(fresh_repo) == before
    assert "nothing changed" in again.stdout
    assert "skipped" in again.stdout and "mkdocs.yml" in again.stdout


def test_init_fills_in_only_what_is_missing(fresh_repo: Path) -> None:
    (fresh_repo / "mkdocs.yml").write_text("site_name: mine\n")
    result = run([ARCHDOCS, "init"], cwd=fresh_repo)
    assert (fresh_repo / "mkdocs.yml").read_text() == "site_name: mine\n"
    assert (fresh_repo / "models/architecture.py").is_file()
    assert "skipped  mkdocs.yml" in result.stdout.replace("./", "")


def _generate(outdir: Path, models: Path, *extra: str):
    return run([ARCHDOCS, "generate", str(outdir), str(models), "--no-cache", *extra],
               cwd=outdir.parent)


def test_generate_writes_pages_and_a_manifest(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    result = _generate(out, HOSTILE)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / ".archdocs-manifest.json").read_text())
    files = set(manifest["files"])
    on_disk = {p for p in _snapshot(out) if p != ".archdocs-manifest.json"}
    assert files == on_disk
    assert "architecture/index.md" in files
    assert "architecture/diagrams/landscape-contexts.svg" in files
    assert "pages" in result.stderr and "written" in result.stderr
    # The diagrams' boxes link to the generated pages, relative to the SVG file, and the
    # page shows the SVG in an <object> with the pan/zoom script beside it.
    landscape = (out / "architecture/diagrams/landscape-contexts.svg").read_text()
    assert re.search(r'xlink:href="\.\./contexts/[a-z0-9-]+/" target="_top"', landscape)
    overview = (out / "architecture/index.md").read_text()
    assert '<object type="image/svg+xml" data="diagrams/landscape-contexts.svg"' in overview
    assert "architecture/diagrams/archdocs-diagrams.js" in files

    again = _generate(out, HOSTILE)
    assert again.returncode == 0 and "0 written" in again.stderr


def test_generate_never_touches_files_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    mine = out / "architecture" / "index.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("my own page\n")
    other = out / "notes.md"
    other.write_text("kept\n")
    result = _generate(out, HOSTILE)
    assert result.returncode == 2
    assert "did not generate" in result.stderr and "architecture/index.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert mine.read_text() == "my own page\n"
    assert not (out / ".archdocs-manifest.json").exists()
    assert sorted(_snapshot(out)) == ["architecture/index.md", "notes.md"]

    mine.unlink()
    assert _generate(out, HOSTILE).returncode == 0
    assert other.read_text() == "kept\n"


def test_generate_removes_its_stale_files_and_protects_hand_edits(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    source = (HOSTILE / "hostile.py").read_text()
    (models / "m.py").write_text(source)
    out = tmp_path / "docs"
    assert _generate(out, models).returncode == 0
    flows = sorted(p for p in _snapshot(out) if p.startswith("architecture/flows/f"))
    assert flows

    # the flow goes away: its page and diagram go too, nothing else is disturbed
    (models / "m.py").write_text(source.split("system.flow(")[0])
    (out / "keep.md").write_text("mine\n")
    result = _generate(out, models)
    assert result.returncode == 0, result.stderr
    assert not any(p.startswith("architecture/flows/f") for p in _snapshot(out))
    assert "stale removed" in result.stderr and (out / "keep.md").read_text() == "mine\n"

    # a generated page edited by hand is not silently overwritten
    edited = out / "architecture" / "index.md"
    edited.write_text(edited.read_text() + "\nhand edit\n")
    refused = _generate(out, models)
    assert refused.returncode == 2 and "edited" in refused.stderr
    assert "hand edit" in edited.read_text()
    assert _generate(out, models, "--force").returncode == 0
    assert "hand edit" not in edited.read_text()


def test_generate_reports_a_broken_model_with_file_and_line(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "m.py").write_text("from archdocs import System\nsystem = System('x'\n")
    result = _generate(tmp_path / "docs", models)
    assert result.returncode == 2
    assert "m.py:2" in result.stderr or "m.py:1" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "docs").exists()


def _svgs(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.svg")) if folder.exists() else []


def test_the_diagram_cache_lives_in_the_project_and_not_through_symbolic_links(
        tmp_path: Path) -> None:
    # The models folder is a link to a folder outside the project: the cache stays inside.
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    (elsewhere / "models").mkdir(parents=True)
    (elsewhere / "models" / "m.py").write_text((HOSTILE / "hostile.py").read_text())
    project.mkdir()
    (project / "models").symlink_to(elsewhere / "models", target_is_directory=True)
    result = run([ARCHDOCS, "generate", "docs", "models"], cwd=project)
    assert result.returncode == 0, result.stderr
    assert _svgs(project / ".cache" / "archdocs")
    assert not list(tmp_path.rglob(".archdocs-cache"))
    assert not (elsewhere / ".cache").exists()

    # A .cache that is a link is not written through: no cache, a warning, a good build.
    other = tmp_path / "other"
    (other / "models").mkdir(parents=True)
    (other / "models" / "m.py").write_text((HOSTILE / "hostile.py").read_text())
    (other / ".cache").symlink_to(elsewhere, target_is_directory=True)
    linked = run([ARCHDOCS, "generate", "docs", "models"], cwd=other)
    assert linked.returncode == 0, linked.stderr
    assert "symbolic link" in linked.stderr
    assert not (elsewhere / "archdocs").exists()
