"""Load the model as it was at a git ref, without touching the working tree.

``git archive`` extracts the ref's files into a temporary directory; the model is loaded from
there. Used by ``archdocs diff`` and ``archdocs plan``.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archdocs.errors import UsageError
from archdocs.load.loader import Model, load_models


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed", hint="install git to compare refs") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(
            f"git {' '.join(args[:2])} failed: {message[-1] if message else 'unknown error'}",
            hint="check that the path is inside a git repository and the ref exists "
            "(git rev-parse REF)",
        )
    return result.stdout


def repo_root(path: Path) -> Path:
    """The top of the git work tree that holds ``path``."""
    start = path if path.is_dir() else path.parent
    return Path(_git(["rev-parse", "--show-toplevel"], start.resolve()).decode().strip())


def require_commit(ref: str, path: str | Path = "models") -> Path:
    """The root of the git repository holding ``path`` (or the current directory when
    ``path`` does not exist), once ``ref`` is known to name a commit there. The one check of a
    ``--base``/``--head`` ref: a clear error, naming the ref, before anything is compared."""
    path = Path(path).resolve()
    anchor = path if path.exists() else Path.cwd()
    try:
        root = repo_root(anchor)
    except UsageError:
        raise UsageError(f"'{anchor}' is not inside a git repository, so a git ref cannot be "
                         "compared", hint="run it inside the repository, or compare two "
                         "directories (archdocs plan --base-dir/--head-dir)") from None
    try:
        found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
                               cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed", hint="install git to compare refs") from None
    if found.returncode != 0:
        raise UsageError(
            f"'{ref}' is not a commit in this repository ({root})",
            hint="check the branch or tag name (git branch -a, git log --oneline); in CI fetch "
            "the base branch first (actions/checkout with fetch-depth: 0, or git fetch origin "
            "main)",
        )
    return root


@contextmanager
def tree_at_ref(ref: str, path: str | Path = "models") -> Iterator[Path]:
    """Yield where ``path`` (relative to the current directory) lies in a temporary copy of
    the repository at ``ref``. The copy is removed afterwards."""
    with copy_at_ref(ref, path) as (_, tree):
        yield tree


@contextmanager
def copy_at_ref(ref: str, path: str | Path = "models") -> Iterator[tuple[Path, Path]]:
    """``(root, tree)``: a temporary copy of the repository at ``ref`` and where ``path`` lies
    in it. The copy is removed afterwards."""
    root = require_commit(ref, path)
    relative = Path(path).resolve().relative_to(root)
    archive = _git(["archive", "--format=tar", ref], root)
    with tempfile.TemporaryDirectory(prefix="archdocs-ref-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        yield Path(tmp), Path(tmp) / relative


@contextmanager
def model_at_ref(ref: str, path: str | Path = "models") -> Iterator[Model]:
    """The model under ``path`` as it was at ``ref``. Valid inside the ``with`` block only:
    locations point into a temporary copy."""
    with copy_at_ref(ref, path) as (root, tree):
        if not tree.exists():
            raise UsageError(
                f"'{path}' does not exist at {ref}",
                hint="the models directory was added later; compare with a newer base ref",
            )
        # Paths relative to the copy's root read as the repository's, like the working tree's.
        yield load_models(tree, shown_from=root)
