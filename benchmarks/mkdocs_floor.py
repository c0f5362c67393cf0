"""The MkDocs floor of a site benchmark: a project that MkDocs builds with the same theme,
features, Markdown extensions and search plugin as the measured site, and as many pages, each
one paragraph, kept out of the navigation but for as many as the measured site lists there.

Whatever archdocs does, a site of that many pages costs at least this much; the benchmarks
report their build time as a ratio to this floor, measured in the same run.

    .venv/bin/python benchmarks/mkdocs_floor.py OUTDIR --pages 1623 [--nav 8]

writes the project (then build it with ``mkdocs build`` in OUTDIR).
"""

from __future__ import annotations

import argparse
from pathlib import Path

PARAGRAPH = ("This page holds one paragraph of text, about as long as the description of an "
             "element, so that MkDocs and the search plugin have something to render and to "
             "index on every page.")


def write_floor(folder: Path, pages: int, mkdocs_yml: str, *, nav_pages: int = 8) -> Path:
    """Write a MkDocs project of ``pages`` one-paragraph pages into ``folder`` (its
    ``mkdocs.yml`` starts with ``mkdocs_yml`` and gets ``plugins: [search]``); the first
    ``nav_pages`` of them (after ``index.md``) are in the navigation, the rest are not."""
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Floor\n\n" + PARAGRAPH + "\n")
    names = []
    for n in range(1, pages):
        # Three levels deep like archdocs' table pages, 100 pages a folder.
        name = f"section-{n // 1000:02d}/part-{n // 100 % 10}/page-{n:05d}.md"
        names.append(name)
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Page {n}\n\n{PARAGRAPH}\n")
    nav = "nav:\n  - index.md\n  - Pages:\n" + "".join(
        f"    - {name}\n" for name in names[:nav_pages])
    (folder / "mkdocs.yml").write_text(mkdocs_yml + "plugins: [search]\n" + nav)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--pages", type=int, default=1623)
    parser.add_argument("--nav", type=int, default=8)
    args = parser.parse_args()
    from site_bench import MKDOCS_YML

    write_floor(args.folder, args.pages, MKDOCS_YML, nav_pages=args.nav)


if __name__ == "__main__":
    main()
