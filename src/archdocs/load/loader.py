"""Import the Python files under a models directory and collect the Systems they declare.

Model modules import each other by their path below the models directory
(``from shop.orders import OrdersBase``), and can import the user's own packages that lie
beside ``models/`` or are installed. Every load starts from a clean slate: modules from the
models directory are removed from ``sys.modules`` afterwards, so ``mkdocs serve`` and
``archdocs diff`` can load several versions of a model in one process.

The models directory comes last on ``sys.path``: a model file never shadows the standard
library or an installed package for anyone else. A file whose module name is taken that way
(``email.py``, ``logging.py``) is loaded by its path under a unique module name instead.
Whatever a model prints goes to stderr, so JSON on stdout stays JSON; and whatever it raises,
``SystemExit`` included, is a model error with its file and line (only Ctrl-C stops a load).
"""

from __future__ import annotations

import difflib
import enum
import hashlib
import importlib
import importlib.machinery
import importlib.util
import linecache
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import CodeType, ModuleType

from archdocs.adr.location import adr_directory, load_log
from archdocs.adr.record import DecisionLog
from archdocs.errors import ArchdocsError, ModelLoadError
from archdocs.load.locate import remember_class_files
from archdocs.model.location import SourceLocation, forget_resolved_files
from archdocs.model.system import System, _system_listeners
from archdocs.model.views import check_views

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
        if self.shown_from is not None:
            return self.shown_from
        # Asked for by every page that shows a source location: resolved once per working
        # directory (the root is resolved already, and _display_root caches the rest).
        cwd = os.getcwd()
        known: tuple[str, Path] | None = self.__dict__.get("_display_root")
        if known is None or known[0] != cwd:
            known = self.__dict__["_display_root"] = (cwd, display_root(self.root))
        return known[1]

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


def _path_module_name(file: Path) -> str:
    """A module name no other module has, stable for a file: for a model file loaded by path."""
    digest = hashlib.sha256(str(file).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    stem = "".join(c if c.isalnum() else "_" for c in file.stem)
    return f"_archdocs_model_{digest}_{stem}"


def _name_is_taken(name: str, import_root: Path) -> bool:
    """Whether importing ``name`` would give some other module than the file in the models
    directory: the standard library's, an installed package's, or one imported already."""
    top = name.split(".")[0]
    if top in sys.stdlib_module_names or top in sys.builtin_module_names:
        return True
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return True
    if spec is None:
        return False
    locations = [spec.origin or ""] + list(spec.submodule_search_locations or [])
    prefix = str(import_root) + "/"
    return not any(str(Path(loc).resolve()).startswith(prefix) for loc in locations if loc)


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
    forget_resolved_files()
    shown = shown_from or display_root(root)
    with _isolated_import(import_root, modules):
        _system_listeners.append(systems.append)
        try:
            for file in files:
                if file.name == "__init__.py" and file.parent == import_root:
                    continue
                _import_file(import_root, file, shown)
        finally:
            _system_listeners.remove(systems.append)
    if not systems:
        raise ModelLoadError(
            f"the files under '{given}' declare no System",
            hint="add 'system = System(\"My system\")' to one of them and declare contexts on it",
        )
    # Views name elements declared anywhere in the models: checked once all are loaded.
    for system in systems:
        try:
            check_views(system)
        except ModelLoadError as error:
            if error.location is not None:
                error.location = error.location.relative_to(shown_from or display_root(root))
            raise
    return Model(root=root, systems=systems, files=files, modules=modules,
                 shown_from=shown_from)


def _import_file(import_root: Path, file: Path, shown_from: Path) -> None:
    name = _module_name(import_root, file)
    try:
        if name in sys.modules and _is_users(sys.modules[name], import_root):
            return  # imported already by another model file
        if _name_is_taken(name, import_root):
            _exec_by_path(file)
        else:
            importlib.import_module(name)
    except KeyboardInterrupt:
        raise
    except SyntaxError as error:
        location = SourceLocation(str(Path(error.filename or file).resolve()), error.lineno or 0)
        raise ModelLoadError(
            f"syntax error: {error.msg}",
            location=location.relative_to(shown_from),
            hint=_source_line(location),
        ) from error
    except ArchdocsError as error:
        # The model's own checks (ContextMapError, PhysicalError, ViewError...) already say
        # where and what: shown as they are, with their file made relative, never wrapped.
        where = error.location or _user_frame(error, import_root)
        if where is not None:
            error.location = where.relative_to(shown_from)
        if error.hint is None and where is not None:
            error.hint = _source_line(where)
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
    except SystemExit as error:
        location = _user_frame(error, import_root) or SourceLocation(str(file), 0)
        raise ModelLoadError(
            f"the model called sys.exit() or exit() (code {error.code!r}) while it was loaded",
            location=location.relative_to(shown_from),
            hint="a model file declares the architecture and must not end the program; "
            "remove the call" + _line_suffix(location),
        ) from error
    except BaseException as error:  # noqa: B036 - any failure of user code is a model error
        location = _user_frame(error, import_root) or SourceLocation(str(file), 0)
        raise _import_failed(error, location, shown_from) from error


def _exec_by_path(file: Path) -> None:
    """Run a model file whose module name is taken, under a unique name of its own."""
    unique = _path_module_name(file)
    spec = importlib.util.spec_from_file_location(
        unique, file, loader=_CachedCodeLoader(unique, str(file)))
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has one
        raise ModelLoadError(f"cannot load '{file}'")
    module = importlib.util.module_from_spec(spec)
    # dataclasses and SQLAlchemy look a module up in sys.modules while its classes are built.
    sys.modules[unique] = module
    spec.loader.exec_module(module)


def _line_suffix(location: SourceLocation) -> str:
    text = linecache.getline(location.file, location.line).strip()
    return f" (the line reads: {text})" if text else ""


def _import_failed(
    error: BaseException, location: SourceLocation, shown_from: Path
) -> ModelLoadError:
    return ModelLoadError(
        f"{type(error).__name__} while importing the model: {error}",
        location=location.relative_to(shown_from),
        hint=_source_line(location),
    )


_FEW_MEMBERS = 12


def _did_you_mean(owner: object, missing: str) -> str | None:
    """For a misspelt enum member or catalogue entry (``Requirement.FULL_TEXT_SEARCH``), the
    closest names, or all of them when they are few."""
    is_enum = isinstance(owner, type) and issubclass(owner, enum.Enum)
    names = list(owner.__members__) if is_enum else [  # type: ignore[attr-defined]
        n for n in dir(owner) if not n.startswith("_")]
    close = difflib.get_close_matches(missing, names, n=3, cutoff=0.5)
    members = "its members are " + ", ".join(names) if is_enum else None
    if close:
        guess = "did you mean " + " or ".join(close) + "?"
        # A near spelling may still be the wrong word (PLANNED → ABANDONED): a small enum's
        # members are listed too, so the right one is in sight.
        return f"{guess} {members}" if members and len(names) <= _FEW_MEMBERS else guess
    return members


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
    # The models directory, then the user's own packages next to it: both after the standard
    # library and installed packages, so a model file never shadows them.
    sys.path.append(str(import_root))
    sys.path.append(str(import_root.parent))
    importlib.invalidate_caches()
    finder = _CachedCodeFinder(str(import_root.parent) + "/")
    sys.meta_path.insert(_path_finder_position(), finder)
    try:
        # What a model prints is not archdocs' output (check --format json, export).
        with redirect_stdout(sys.stderr):
            yield
    finally:
        if finder in sys.meta_path:  # a model may have changed sys.meta_path meanwhile
            sys.meta_path.remove(finder)
        _CODE.end_load()
        sys.path[:] = saved_path
        for name in sorted(set(sys.modules) - before):
            if name.split(".")[0] != "archdocs" and _is_users(sys.modules[name], import_root):
                remember_class_files(sys.modules[name])
                keep.append(sys.modules.pop(name))
        linecache.checkcache()


class _CodeCache:
    """The compiled code of each model file, with the source it was compiled from.

    ``mkdocs serve`` loads the whole model again after every save, and compiling its files
    is a quarter of loading them (on a 1000-table model, 0.08 s of 0.35 s): the bytecode cache
    on disk is not written where ``PYTHONDONTWRITEBYTECODE`` is set or the folder is read-only,
    and a file changed since it was written is compiled anew anyway. Code is reused only for
    exactly the same source bytes at the same path, so what runs is what ``compile`` gives;
    the module is executed afresh every time. Only the files of the last load are kept.
    """

    def __init__(self) -> None:
        self._code: dict[str, tuple[bytes, CodeType]] = {}
        self._used: set[str] = set()

    def compile(self, loader: importlib.machinery.SourceFileLoader, data: bytes, path: str,
                optimize: int) -> CodeType:
        self._used.add(path)
        known = self._code.get(path)
        if known is not None and known[0] == data:
            return known[1]
        code = importlib.machinery.SourceFileLoader.source_to_code(
            loader, data, path, _optimize=optimize)
        self._code[path] = (data, code)
        return code

    def end_load(self) -> None:
        """Forget the files the load that just ended did not compile (deleted, renamed)."""
        self._code = {path: known for path, known in self._code.items() if path in self._used}
        self._used = set()


_CODE = _CodeCache()


class _CachedCodeLoader(importlib.machinery.SourceFileLoader):
    """Python's own source loader (bytecode files, ``__file__``, ``linecache``), except that
    a model file's source is compiled once per content (:class:`_CodeCache`)."""

    def source_to_code(  # type: ignore[override]
        self, data: bytes, path: str, *, _optimize: int = -1
    ) -> CodeType:
        if not isinstance(data, bytes):
            return super().source_to_code(data, path, _optimize=_optimize)
        return _CODE.compile(self, data, path, _optimize)


class _CachedCodeFinder:
    """Finds modules as :class:`importlib.machinery.PathFinder` does, and hands the user's
    own source files (below ``project``, outside ``site-packages``) to
    :class:`_CachedCodeLoader`. Sits just before ``PathFinder`` while a model loads."""

    def __init__(self, project: str) -> None:
        self.project = project

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or type(spec.loader) is not importlib.machinery.SourceFileLoader:
            return spec
        origin = spec.origin or ""
        if origin.startswith(self.project) and "site-packages" not in origin:
            spec.loader = _CachedCodeLoader(name, origin)
        return spec


def _path_finder_position() -> int:
    """Where ``PathFinder`` is in ``sys.meta_path`` (after the built-in and frozen importers),
    or the end when something replaced it."""
    for position, finder in enumerate(sys.meta_path):
        if finder is importlib.machinery.PathFinder:
            return position
    return len(sys.meta_path)


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
