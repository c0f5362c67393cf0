"""Import the Python files under a models directory and collect the Systems they declare.

Model modules import each other by their path below the models directory
(``from shop.orders import OrdersBase``), and can import the user's own packages that lie
beside ``models/`` or are installed. Every load starts from a clean slate: modules from the
models directory are removed from ``sys.modules`` afterwards, so ``mkdocs serve`` and
``archdocs diff`` can load several versions of a model in one process.
"""

from __future__ import annotations

import difflib
import enum
import importlib
import linecache
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from archdocs.adr.location import adr_directory, load_log
from archdocs.adr.record import DecisionLog
from archdocs.errors import ModelLoadError
from archdocs.load.locate import remember_class_files
from archdocs.model.location import SourceLocation
from archdocs.model.system import System, _system_listeners

_SKIPPED_DIRS = {"__pycache__", "node_modules", "site", "build", "dist"}


@dataclass
class Model:
    """Everything loaded from one models directory."""

    root: Path
    """The models directory (absolute)."""
    systems: list[System]
    files: list[Path] = field(default_factory=list)
    modules: list[ModuleType] = field(default_factory=list, repr=False)
    shown_from: Path | None = None
    """The root printed paths are relative to, when not :func:`display_root`'s (a model loaded
    from a temporary copy of the repository at a git ref: the copy's root)."""
    """The imported model modules. Held here because they are removed from ``sys.modules``:
    SQLAlchemy's registry refers to mapped classes only weakly, so without this reference the
    classes could be garbage-collected while the model is still in use."""

    @property
    def project_root(self) -> Path:
        """The directory holding the models directory (where ``docs/`` and the ADRs are)."""
        return self.root.parent if self.root.is_dir() else self.root.parent.parent

    @property
    def decisions(self) -> DecisionLog:
        """The project's architecture decision records (``docs/adr``, or ``adr_dir`` in the
        ``[tool.archdocs]`` table of its ``pyproject.toml``), read with the model: the review's
        ADR rules and the pages ask here instead of reading the folder themselves. Parsed once
        and kept until a file in the folder changes (:func:`archdocs.adr.location.load_log`)."""
        return load_log(adr_directory(self.project_root))

    @property
    def display_root(self) -> Path:
        """What every path archdocs prints is relative to: see :func:`display_root`."""
        return self.shown_from if self.shown_from is not None else display_root(self.root)

    def display_path(self, location: SourceLocation) -> SourceLocation:
        """``location`` relative to :attr:`display_root`, so output is the same on every clone
        and a CI annotation names a file of the repository."""
        return SourceLocation(_relative_file(location.file, self.display_root), location.line)


def display_root(models: Path) -> Path:
    """The one folder every printed path (findings, load errors, pages, exports) is relative
    to: the repository root holding ``models`` where there is one (so GitHub annotations and
    source links name files of the repository), else the working directory when ``models`` lies
    below it, else the folder holding ``models``."""
    return _display_root(models.resolve(), Path.cwd().resolve())


@lru_cache(maxsize=64)
def _display_root(models: Path, cwd: Path) -> Path:
    start = models if models.is_dir() else models.parent
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    if models.is_relative_to(cwd):
        return cwd
    return start.parent


def model_files(root: Path) -> list[Path]:
    """The Python files to import, sorted, skipping hidden and private folders."""
    if root.is_file():
        return [root]
    files = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if any(p.startswith((".", "_")) or p in _SKIPPED_DIRS for p in parts[:-1]):
            continue
        if parts[-1].startswith(".") or (parts[-1].startswith("_") and parts[-1] != "__init__.py"):
            continue
        files.append(path)
    return files


def _module_name(root: Path, path: Path) -> str:
    relative = path.relative_to(root).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def load_models(path: str | Path = "models", *, shown_from: Path | None = None) -> Model:
    """Import every model file under ``path`` and return the Systems they declare.

    Raises :class:`ModelLoadError` naming the file and line when a file fails to import, and
    when no System is declared at all. Paths are printed relative to ``shown_from`` when given,
    else to :func:`display_root`.
    """
    given = Path(path)
    root = given.resolve()
    if not root.exists():
        raise ModelLoadError(
            f"models path '{given}' does not exist",
            hint="pass the folder holding your model files, or create one with 'archdocs init'",
        )
    import_root = root if root.is_dir() else root.parent
    files = model_files(root)
    if not files:
        raise ModelLoadError(
            f"no Python files found under '{given}'",
            hint="declare a System in a .py file there; 'archdocs init' writes a starter model",
        )
    systems: list[System] = []
    modules: list[ModuleType] = []
    with _isolated_import(import_root, modules):
        _system_listeners.append(systems.append)
        try:
            for file in files:
                if file.name == "__init__.py" and file.parent == import_root:
                    continue
                _import_file(import_root, file, shown_from or display_root(root))
        finally:
            _system_listeners.remove(systems.append)
    if not systems:
        raise ModelLoadError(
            f"the files under '{given}' declare no System",
            hint="add 'system = System(\"My system\")' to one of them and declare contexts on it",
        )
    return Model(root=root, systems=systems, files=files, modules=modules,
                 shown_from=shown_from)


def _import_file(import_root: Path, file: Path, shown_from: Path) -> None:
    name = _module_name(import_root, file)
    try:
        importlib.import_module(name)
    except SyntaxError as error:
        location = SourceLocation(str(Path(error.filename or file).resolve()), error.lineno or 0)
        raise ModelLoadError(
            f"syntax error: {error.msg}",
            location=location.relative_to(shown_from),
            hint=_source_line(location),
        ) from error
    except ModelLoadError:
        raise
    except ModuleNotFoundError as error:
        location = _user_frame(error, import_root) or SourceLocation(str(file), 0)
        raise ModelLoadError(
            f"cannot import module '{error.name}'",
            location=location.relative_to(shown_from),
            hint=(
                "model files import each other by their path below the models directory "
                f"(for example 'from {name.split('.')[0]} import ...'); "
                "a third-party package must be installed in archdocs' environment"
            ),
        ) from error
    except AttributeError as error:
        location = _user_frame(error, import_root) or SourceLocation(str(file), 0)
        owner = getattr(error, "obj", None)
        missing = getattr(error, "name", None)
        if owner is None or not missing:
            raise _import_failed(error, location, shown_from) from error
        owner_name = getattr(owner, "__name__", type(owner).__name__)
        raise ModelLoadError(
            f"{owner_name} has no attribute '{missing}'",
            location=location.relative_to(shown_from),
            hint=_did_you_mean(owner, missing) or _source_line(location),
        ) from error
    except Exception as error:
        location = _user_frame(error, import_root) or SourceLocation(str(file), 0)
        raise _import_failed(error, location, shown_from) from error


def _import_failed(
    error: Exception, location: SourceLocation, shown_from: Path
) -> ModelLoadError:
    return ModelLoadError(
        f"{type(error).__name__} while importing the model: {error}",
        location=location.relative_to(shown_from),
        hint=_source_line(location),
    )


def _did_you_mean(owner: object, missing: str) -> str | None:
    """For a misspelt enum member or catalogue entry (``Requirement.FULL_TEXT_SEARCH``), the
    closest names, or all of them when they are few."""
    is_enum = isinstance(owner, type) and issubclass(owner, enum.Enum)
    names = list(owner.__members__) if is_enum else [  # type: ignore[attr-defined]
        n for n in dir(owner) if not n.startswith("_")]
    close = difflib.get_close_matches(missing, names, n=3, cutoff=0.5)
    if close:
        return "did you mean " + " or ".join(close) + "?"
    return "its members are " + ", ".join(names) if is_enum else None


def _user_frame(error: BaseException, import_root: Path) -> SourceLocation | None:
    """The deepest traceback frame inside the models directory: where the user's code failed."""
    found = None
    prefix = str(import_root) + "/"
    for frame, line in traceback.walk_tb(error.__traceback__):
        filename = str(Path(frame.f_code.co_filename).resolve())
        if filename.startswith(prefix):
            found = SourceLocation(filename, line)
    return found


def _source_line(location: SourceLocation) -> str | None:
    text = linecache.getline(location.file, location.line).strip()
    return f"the line reads: {text}" if text else None


@contextmanager
def _isolated_import(import_root: Path, keep: list[ModuleType]) -> Iterator[None]:
    saved_path = list(sys.path)
    before = set(sys.modules)
    sys.path.insert(0, str(import_root))
    # The user's own packages next to models/ (lowest priority: never shadow installed ones).
    sys.path.append(str(import_root.parent))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.path[:] = saved_path
        for name in sorted(set(sys.modules) - before):
            if name.split(".")[0] != "archdocs" and _is_users(sys.modules[name], import_root):
                remember_class_files(sys.modules[name])
                keep.append(sys.modules.pop(name))
        linecache.checkcache()


def _is_users(module: object, import_root: Path) -> bool:
    """Whether a module came from the models directory or the user's project beside it."""
    project = str(import_root.parent) + "/"
    locations = [getattr(module, "__file__", None) or ""]
    locations += list(getattr(module, "__path__", []) or [])
    return any(
        str(location).startswith(project) and "site-packages" not in str(location)
        for location in locations
    )


@lru_cache(maxsize=4096)
def _relative_file(file: str, root: Path) -> str:
    # Resolving paths costs system calls; a review asks for the same few files thousands of times.
    return SourceLocation(file, 0).relative_to(root).file
