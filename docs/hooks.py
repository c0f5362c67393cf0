"""MkDocs hooks of archdocs' own documentation site (not shipped to users).

- Generates the model reference (from docstrings) and the CLI reference (from the parser).
- Builds the navigation from the files present, so a guide page, a rule page, an ADR or a
  hazard page appears as soon as its author adds it, and a page not written yet never breaks
  ``mkdocs build --strict``.
- Lists archdocs' own decision records (docs/adr) on their index page, with status and date.
  (The flagship example's records, in models/adr, get their index from the archdocs plugin.)
- Keeps the site light (docs/guide/performance.md, "Site weight"): every page loses the blank
  lines and indentation of Material's templates (``archdocs.website.minify.squeeze``) and the
  markup around the whitespace of highlighted code; every diagram archdocs draws loses what
  each of its labels repeats (``lighten_svg``); the theme's source maps and the search
  stemmers of languages the site does not use are not published (left out of the files
  MkDocs copies).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from archdocs.adr.location import load_log
from archdocs.adr.pages import status_badge
from archdocs.fsutil import write_atomic
from archdocs.pages import markdown as md
from archdocs.website.minify import lighten_svg, squeeze, unwrap_whitespace_tokens


def _tool(name: str) -> ModuleType:
    """A module of tools/ (archdocs' own doc tooling, not part of the package)."""
    path = Path(__file__).resolve().parent.parent / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"archdocs_tools_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_reference = _tool("reference_docs")
cli_reference, model_reference = _reference.cli_reference, _reference.model_reference

GENERATED = {
    "reference/model.md": model_reference,
    "reference/cli.md": cli_reference,
}

# Reading order of the guide; guide pages not listed here follow, sorted.
GUIDE_ORDER = [
    "modeling", "review", "diagrams", "flagship", "scalability", "advice", "migrations", "adr",
    "pull-requests", "live-databases", "performance", "security", "interop",
]

# (section title, folder under docs/); a folder's index.md comes first, the rest sorted.
SECTIONS = [
    ("Rule reference", "rules"),
    ("Architecture decisions", "adr"),
    ("Migration hazards", "hazards"),
]


_serving = False
_previous: dict[str, str] = {}
_drawings: list[str] = []
"""The SVG files the archdocs plugin writes into the site folder in this build."""
_lightened: dict[str, tuple[int, int]] = {}
"""Size and modification time of each drawing this process lightened, as it left it."""


def on_startup(*, command: str, dirty: bool, **_: Any) -> None:
    global _serving
    _serving = command == "serve"


@functools.cache
def _reference_page(path: str) -> str:
    """A reference page, made once per process: it documents the archdocs package, which a
    running `mkdocs serve` does not import again (a rebuild made them anew: a fifth of it)."""
    return GENERATED[path]()


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    for unpublished in _unpublished(files, config):
        files.remove(unpublished)
    for path in GENERATED:
        if files.get_file_from_path(path) is None:
            content = _reference_page(path)
            file = File.generated(config, path, content=content)
            if _serving and _previous.get(path) == content:
                # A dirty rebuild (`mkdocs serve --dirty`, or a plain serve's after a model
                # save) need not render it again, as the archdocs plugin does; MkDocs asks
                # only in dirty builds.
                file.is_modified = _unmodified  # type: ignore[method-assign]
            _previous[path] = content
            files.append(file)
    _drawings[:] = [file.abs_dest_path for file in files
                    if file.generated_by and file.src_uri.endswith(".svg")]
    return files


def _unmodified() -> bool:
    return False


def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    docs = Path(config.docs_dir)
    rank = {name: n for n, name in enumerate(GUIDE_ORDER)}
    guide = [f"guide/{p.name}" for p in sorted(
        (docs / "guide").glob("*.md"), key=lambda p: (rank.get(p.stem, len(rank)), p.name))]
    nav: list[Any] = [{"Getting started": ["index.md", *guide]}]
    reference: list[Any] = [{"Model": "reference/model.md"}, {"Command line": "reference/cli.md"}]
    # Hand-written reference pages (output formats, ...) follow the generated ones.
    reference += sorted(p.relative_to(docs).as_posix() for p in (docs / "reference").glob("*.md"))
    nav.append({"Reference": reference})
    for title, folder in SECTIONS:
        pages = _folder_pages(docs, folder)
        if pages:
            nav.append({title: pages})
    config.nav = nav
    return config


ADR_INDEX = "adr/index.md"


def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, **_: Any) -> str:
    if page.file.src_uri != ADR_INDEX:
        return markdown
    return markdown.rstrip("\n") + "\n\n" + adr_records_table(Path(config.docs_dir) / "adr")


def adr_records_table(folder: Path) -> str:
    """The records of ``folder``, newest first: link, status and date."""
    records = sorted(load_log(folder), key=lambda r: (r.date.isoformat() if r.date else "",
                                                      r.id), reverse=True)
    rows = [[md.link(record.title or record.id, quote(record.path.name)), status_badge(record.status),
             record.date.isoformat() if record.date else "not stated"] for record in records]
    return (f"## Records\n\n{len(rows)} records, newest first.\n\n"
            + md.table(["Decision", "Status", "Date"], rows))


def _folder_pages(docs: Path, folder: str) -> list[str]:
    root = docs / folder
    if not root.is_dir():
        return []
    pages = sorted(p.relative_to(docs).as_posix() for p in root.rglob("*.md"))
    index = f"{folder}/index.md"
    if index in pages:
        # Big folders: the index page links the rest; keep the nav short (MEASURED.md).
        return [index] if len(pages) > 15 else [index] + [p for p in pages if p != index]
    return pages


def on_post_page(output: str, page: Any, config: MkDocsConfig, **_: Any) -> str:
    return squeeze(unwrap_whitespace_tokens(output))


def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """Each drawing archdocs wrote lightened in place; one a dirty rebuild of `mkdocs serve`
    left as it was (the same size and time as when it was lightened) is not read again."""
    for path in _drawings:
        stat = os.stat(path)
        if _lightened.get(path) == (stat.st_size, stat.st_mtime_ns):
            continue
        with open(path, encoding="utf-8") as drawing:
            svg = drawing.read()
        light = lighten_svg(svg)
        if light != svg:
            write_atomic(path, light)
            stat = os.stat(path)
        _lightened[path] = (stat.st_size, stat.st_mtime_ns)


# Material's search loads a stemmer from assets/javascripts/lunr/ only for a language other than
# English; these two are what every other language needs.
_LUNR_SHARED = {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}
_LUNR = "assets/javascripts/lunr/"


def _unpublished(files: Files, config: MkDocsConfig) -> list[File]:
    """What no reader's browser fetches: source maps (for debugging Material) and the search
    stemmers of languages the site does not use. Left out of the files, not deleted after the
    build: a dirty rebuild of `mkdocs serve` would copy them again every time."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    languages = set(getattr(search, "config", {}).get("lang")
                    or [config.theme.get("language") or "en"])
    wanted = {f"lunr.{lang}.min.js" for lang in languages} | _LUNR_SHARED
    every_stemmer = bool({"ja", "th", "hi"} & languages)

    def unpublished(path: str) -> bool:
        if path.startswith("assets/") and path.endswith(".map"):
            return True
        return (path.startswith(_LUNR) and path.endswith(".js") and not every_stemmer
                and path.rsplit("/", 1)[-1] not in wanted)

    return [file for file in files if unpublished(file.dest_uri)]
