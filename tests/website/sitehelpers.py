"""Helpers shared by the site tests."""

from __future__ import annotations

import filecmp
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
FLAGSHIP = REPO / "models"
HOSTILE = Path(__file__).resolve().parent / "hostile_models"
ARTIFACTS = REPO / "tests" / "artifacts"
VENV_BIN = Path(sys.executable).parent


def flagship_project(root: Path, config: str, hook: str = "") -> Path:
    """A project in ``root``: the flagship's models, a home page linking to the architecture,
    ``config`` as its mkdocs.yml and ``hook`` as its hooks.py."""
    shutil.copytree(FLAGSHIP, root / "models", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n\n[Architecture](architecture/index.md)\n")
    (root / "mkdocs.yml").write_text(config)
    (root / "hooks.py").write_text(hook)
    return root


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def run(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=mkdocs_env(), capture_output=True, text=True,
                          timeout=timeout)


def stop(process: subprocess.Popen[str]) -> None:
    """End a server the test started: politely, then for good after 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The parent's pid is the second field after the command name, which may hold
            # spaces and parentheses: read from the last ")".
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def diagram_worker_pids() -> list[int]:
    """The processes this process' multiprocessing forkserver started: the diagram renderer's
    workers (the forkserver itself outlives them and is not one of them)."""
    workers = []
    for child in _children(os.getpid()):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing.forkserver" in command:
            workers += _children(child)
    return workers


def site_digest(result: Any) -> str:
    """Everything a face serves from a build (an ``archdocs.website.build.SiteResult``): files,
    navigation titles, HTML blocks."""
    digest = hashlib.sha256()
    for path, content in result.files().items():
        digest.update(path.encode() + b"\0" + content + b"\0")
    digest.update(json.dumps([[p.path, p.title] for p in result.nav]).encode())
    digest.update(json.dumps(result.html_blocks, sort_keys=True).encode())
    return digest.hexdigest()


def mkdocs_build(project: Path, site: str) -> None:
    """A one-shot `mkdocs build` of ``project`` into ``project/site``, in this process (so that
    a test can patch it), with the plugins' startup and shutdown events."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def differing_files(left: Path, right: Path) -> list[str]:
    """The files that differ between two folders, or exist in one only."""
    differ: list[str] = []

    def walk(compared: filecmp.dircmp[str], prefix: str) -> None:
        differ.extend(prefix + name for name in
                      compared.left_only + compared.right_only + compared.diff_files)
        for name, sub in compared.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    filecmp.clear_cache()
    walk(filecmp.dircmp(left, right, ignore=[]), "")
    return differ


def wait_for_log(log: Path, marker: str, process: subprocess.Popen[str], count: int = 1) -> str:
    """The server's log once ``marker`` is in it ``count`` times (the server must keep
    running; three minutes at most)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, "mkdocs serve exited:\n" + log.read_text()[-3000:]
        text = log.read_text()
        if text.count(marker) >= count:
            return text
        time.sleep(0.2)
    raise AssertionError(f"no {marker!r}:\n{log.read_text()[-3000:]}")


def served_page(port: int, path: str) -> str:
    """The text a local server on ``port`` serves at ``path``."""
    from urllib.request import urlopen

    with urlopen(f"http://127.0.0.1:{port}/{path}", timeout=30) as response:  # noqa: S310
        return str(response.read().decode("utf-8"))


@contextmanager
def served_starter(project: Path) -> Iterator[tuple[subprocess.Popen[str], int, Path]]:
    """`archdocs init` in ``project``, then `mkdocs serve` of it on a free port, logging into
    ``serve.log`` beside it: the server once it serves, its port and its log; stopped after."""
    assert run([str(VENV_BIN / "archdocs"), "init", "."], cwd=project).returncode == 0
    port = free_port()
    log = project.parent / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(VENV_BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=mkdocs_env(), stdout=output, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_log(log, "Serving on", process)
        yield process, port, log
    finally:
        stop(process)


STARTER_DESCRIPTION = "What we sell and at which price."
"""The description of the context in the model `archdocs init` writes."""


def save_starter_with(project: Path, marker: str) -> str:
    """Save the starter model of ``project`` with ``marker`` in its context's description (a
    save the served site shows); the model as it was."""
    model = project / "models" / "architecture.py"
    original = model.read_text()
    assert STARTER_DESCRIPTION in original
    model.write_text(original.replace(STARTER_DESCRIPTION, f"What we sell, {marker}, at a price."))
    return original
