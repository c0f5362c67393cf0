"""The flagship built with Zensical, the successor of MkDocs Material: `archdocs init`'s
mkdocs.yml, the pages written by `archdocs generate` (Zensical runs no MkDocs plugin), then
`zensical build`. The site must have every generated page, show every diagram, and have no
relative link that leads nowhere, in the pages or inside the SVG diagrams."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sitehelpers import FLAGSHIP, VENV_BIN, run

ZENSICAL = VENV_BIN / "zensical"
LINK_ATTRIBUTES = {"href", "src", "data", "xlink:href"}


class _References(HTMLParser):
    """Every link-like attribute of a page or an SVG, with the tag it sits on."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.references += [(tag, name, value) for name, value in attrs
                            if name in LINK_ATTRIBUTES and value]


def _references(path: Path) -> list[tuple[str, str, str]]:
    parser = _References()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser.references


def _target(site: Path, document: Path, url: str) -> Path | None:
    """The file a relative URL in ``document`` leads to; None for external URLs and anchors."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    base = site if parts.path.startswith("/") else document.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    return target / "index.html" if target.is_dir() else target


def _served_at(page: str) -> str:
    """Where a page of the docs folder lands in the site (directory URLs, the default)."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return f"{stem}.html"
    return f"{stem}/index.html"


@pytest.mark.slow
def test_the_flagship_builds_with_zensical_with_every_page_diagram_and_link(
        fresh_repo: Path) -> None:
    assert ZENSICAL.is_file(), "zensical is installed by the test extra: pip install -e '.[test]'"
    assert run([str(VENV_BIN / "archdocs"), "init", "."], cwd=fresh_repo).returncode == 0
    shutil.rmtree(fresh_repo / "models")
    shutil.copytree(FLAGSHIP, fresh_repo / "models",
                    ignore=shutil.ignore_patterns("__pycache__"))
    generate = run([str(VENV_BIN / "archdocs"), "generate", "docs", "models", "--quiet"],
                   cwd=fresh_repo)
    assert generate.returncode == 0, generate.stderr

    # init's mkdocs.yml as it is: Zensical reads it and skips the archdocs plugin entry.
    build = run([str(ZENSICAL), "build", "--strict"], cwd=fresh_repo, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    site = fresh_repo / "site"

    generated = json.loads((fresh_repo / "docs/.archdocs-manifest.json").read_text())["files"]
    pages = sorted(path for path in generated if path.endswith(".md"))
    diagrams = sorted(path for path in generated if path.endswith(".svg"))
    assert len(pages) > 100 and len(diagrams) > 50
    assert [p for p in pages if not (site / _served_at(p)).is_file()] == []
    assert [d for d in diagrams if not (site / d).is_file()] == []

    shown: set[Path] = set()
    broken: list[str] = []
    for document in sorted([*site.rglob("*.html"), *site.rglob("*.svg")]):
        if document.relative_to(site).parts[0] == "assets":
            continue  # the theme's own files
        for tag, name, url in _references(document):
            target = _target(site, document, url)
            if target is None:
                continue
            if not target.is_file():
                broken.append(f"{document.relative_to(site)}: <{tag} {name}={url!r}>")
            elif tag == "object":
                shown.add(target)
    assert broken == []
    # Every diagram is shown on a page (an <object> whose data is the SVG file).
    assert sorted(str(d) for d in {(site / d).resolve() for d in diagrams} - shown) == []
    overview = (site / "architecture/index.html").read_text()
    assert "Open the diagram full size" in overview
    assert "archdocs-diagrams.js" in overview
