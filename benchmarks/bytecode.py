"""archdocs' modules compiled to bytecode before a benchmark builds, as an installed package
has them.

``pip install archdocs`` compiles the package's modules when it installs them, as it did
MkDocs' and Material's, which the floor's builds import. A checkout run from its ``src``
folder compiles them on first import and keeps the bytecode beside them, unless
``PYTHONDONTWRITEBYTECODE`` is set, as it is on the machines the performance guide measures
on: then every benchmark build compiled the 190 archdocs modules a build imports, 0.3-0.5 s
of wall time that the floor and a user's build do not pay. Python reads bytecode that exists
even with that variable set, so compiling once here is enough.
"""

from __future__ import annotations

import compileall
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
"""This checkout's modules."""


def compile_sources(src: Path = SRC) -> None:
    """Compile every module under ``src`` whose bytecode is missing or stale (into the
    ``__pycache__`` folders beside them, which git ignores)."""
    if not compileall.compile_dir(str(src), quiet=1):
        raise SystemExit(f"could not compile the modules under {src}")


def compile_models(project: Path) -> None:
    """The model files of the benchmark project ``project`` compiled, as a user's build finds
    them from its second build on: a build imports them as modules, and Python keeps their
    bytecode beside them unless ``PYTHONDONTWRITEBYTECODE`` is set (compiling the 1000-table
    model's took 0.08 s of CPU, on the build's thread, in every benchmark build)."""
    models = project / "models"
    if models.is_dir():
        compile_sources(models)
