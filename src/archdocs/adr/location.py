"""Where a project keeps its ADRs.

In order: an explicit folder (``--dir`` or the MkDocs plugin's ``adr_dir`` option), then
``adr_dir`` in the ``[tool.archdocs]`` table of the project's ``pyproject.toml``, then
``docs/adr``. Relative folders are taken from the project root: the folder holding
``models/`` (where ``pyproject.toml`` usually is).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from stat import S_ISREG

from archdocs.adr.reader import read_log, record_files
from archdocs.adr.record import DecisionLog
from archdocs.errors import UsageError
from archdocs.model.location import SourceLocation

DEFAULT_ADR_DIR = "docs/adr"


def configured_adr_dir(project_root: Path) -> str | None:
    """``adr_dir`` from ``[tool.archdocs]`` in ``project_root/pyproject.toml``, if set."""
    pyproject = project_root / "pyproject.toml"
    try:
        info = pyproject.stat()
    except OSError:
        return None
    if not S_ISREG(info.st_mode):
        return None
    signature = (info.st_mtime_ns, info.st_size)
    cached = _configured.get(pyproject)
    if cached is not None and cached[0] == signature:
        return cached[1]
    value = _read_adr_dir(pyproject)
    _configured[pyproject] = (signature, value)
    return value


_configured: dict[Path, tuple[tuple[int, int], str | None]] = {}
"""``adr_dir`` per ``pyproject.toml``, kept until the file changes: every page that links
decisions asks, and parsing a big ``pyproject.toml`` each time was a tenth of a small site's
page generation."""


def _read_adr_dir(pyproject: Path) -> str | None:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise UsageError(
            f"pyproject.toml is not valid TOML: {error}",
            location=SourceLocation(str(pyproject), getattr(error, "lineno", 0) or 0),
            hint="fix the syntax; archdocs reads its [tool.archdocs] table from it",
        ) from None
    value = data.get("tool", {}).get("archdocs", {}).get("adr_dir")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise UsageError(
            "[tool.archdocs] adr_dir must be a folder path",
            location=SourceLocation(str(pyproject), 0),
            hint='write for example: adr_dir = "docs/decisions"',
        )
    return value


_PROJECT_MARKERS = ("pyproject.toml", "mkdocs.yml", "models", ".git")


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that looks like a project root (it holds
    ``pyproject.toml``, ``mkdocs.yml``, ``models/`` or ``.git``), else ``start`` itself; so
    ``archdocs adr`` run from a subfolder still finds the project's ADRs."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in _PROJECT_MARKERS):
            return folder
    return start


def adr_directory(project_root: Path, explicit: str | Path | None = None) -> Path:
    """The ADR folder of the project at ``project_root`` (it may not exist yet)."""
    chosen = explicit if explicit is not None else configured_adr_dir(project_root)
    folder = Path(chosen if chosen is not None else DEFAULT_ADR_DIR)
    return folder if folder.is_absolute() else project_root / folder


_cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], DecisionLog]] = {}


def load_log(directory: Path) -> DecisionLog:
    """The records in ``directory``. Several rules and pages read the same folder in one run,
    so the parsed log is kept until a file in it changes."""
    directory = directory.resolve()
    signature = tuple(
        (path.name, stat.st_mtime_ns, stat.st_size)
        for path in record_files(directory)
        for stat in (path.stat(),)
    )
    cached = _cache.get(directory)
    if cached is not None and cached[0] == signature:
        return cached[1]
    log = read_log(directory)
    _cache[directory] = (signature, log)
    return log
