"""The weight of a built site: bytes on disk, split into the HTML pages, the diagrams (SVG and
their icons), the search index, the theme's assets and the rest.

    .venv/bin/python benchmarks/site_weight.py             # builds this repository's site
    .venv/bin/python benchmarks/site_weight.py --site DIR  # weighs a site built already

Without ``--site`` it runs ``mkdocs build`` of the repository (the user guide, the references
and the flagship example) into a temporary folder and weighs that: the figure issue 21 sets its
target on (the flagship site at most half of what it weighed before).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Weight:
    """Bytes by kind, and file counts."""

    bytes: dict[str, int] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.bytes.values())

    def add(self, kind: str, size: int) -> None:
        self.bytes[kind] = self.bytes.get(kind, 0) + size
        self.files[kind] = self.files.get(kind, 0) + 1

    def line(self) -> str:
        parts = ", ".join(f"{kind} {self.bytes[kind] / 1e6:.2f} MB ({self.files[kind]} files)"
                          for kind in KINDS if kind in self.bytes)
        return f"{self.total / 1e6:.2f} MB: {parts}"


KINDS = ("HTML", "diagrams", "search index", "theme assets", "other")


def kind_of(relative: Path) -> str:
    parts = relative.parts
    if relative.suffix == ".html":
        return "HTML"
    if parts[0] == "search":
        return "search index"
    if parts[0] == "assets":
        return "theme assets"
    if "diagrams" in parts:
        return "diagrams"
    return "other"


def weigh(site: Path) -> Weight:
    weight = Weight()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            weight.add(kind_of(path.relative_to(site)), path.stat().st_size)
    return weight


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="weigh this built site instead")
    args = parser.parse_args()
    site = args.site
    if site is None:
        site = Path(tempfile.mkdtemp(prefix="archdocs-weight-")) / "site"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        started = time.perf_counter()
        subprocess.run([str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(site)],
                       cwd=REPO, env=env, check=True)
        print(f"mkdocs build of {REPO.name}: {time.perf_counter() - started:.1f} s")
    weight = weigh(site)
    pages = weight.files.get("HTML", 0)
    print(f"{site}: {weight.line()}")
    if pages:
        print(f"HTML per page: {weight.bytes['HTML'] / pages / 1e3:.1f} KB on average")


if __name__ == "__main__":
    main()
