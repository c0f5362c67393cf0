"""The package as users get it: `python -m build` makes a wheel and an sdist that `twine check`
accepts; the wheel carries every file of the package, installs into a clean virtual environment
and, from there, reviews and renders the flagship example with `mkdocs build`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

from archdocs import __version__
from archdocs.website.scaffolding import DISTRIBUTION, SCAFFOLD

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "archdocs"
STEM = f"{DISTRIBUTION.replace('-', '_')}-{__version__}"
# What a clone holds, less what a working copy accumulates.
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", "site", "build", "dist", "__pycache__", "*.egg-info", ".archdocs-cache",
    ".pytest_cache", ".mypy_cache", ".ruff_cache", "artifacts", "out")


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel and sdist `python -m build` makes from a copy of the repository (so nothing is
    written into the working tree), in an isolated build environment as on a user's machine."""
    root = tmp_path_factory.mktemp("packaging")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=NOT_IN_A_CLONE, symlinks=True)
    out = root / "dist"
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(source)],
                           env=_env(), capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return out


def test_build_makes_a_wheel_and_an_sdist_that_twine_accepts(dist: Path) -> None:
    assert sorted(path.name for path in dist.iterdir()) == [
        f"{STEM}-py3-none-any.whl", f"{STEM}.tar.gz"]
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                              *map(str, sorted(dist.iterdir()))],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2


def _package_files() -> set[str]:
    return {path.relative_to(PACKAGE.parent).as_posix() for path in PACKAGE.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts}


def test_the_wheel_carries_every_file_of_the_package_and_names_the_distribution(
        dist: Path) -> None:
    with zipfile.ZipFile(dist / f"{STEM}-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
        metadata = HeaderParser().parsestr(wheel.read(f"{STEM}.dist-info/METADATA").decode())
        entry_points = wheel.read(f"{STEM}.dist-info/entry_points.txt").decode()
    # Templates and every other data file, not only the Python modules.
    assert _package_files() - names == set()
    assert {f"archdocs/website/scaffold/{template}" for template in SCAFFOLD.values()} <= names
    assert metadata["Name"] == DISTRIBUTION and metadata["Version"] == __version__
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert "archdocs = archdocs.cli:main" in entry_points
    assert "archdocs = archdocs.website.plugin:ArchdocsPlugin" in entry_points


def test_the_sdist_holds_the_package_and_its_build_files(dist: Path) -> None:
    with tarfile.open(dist / f"{STEM}.tar.gz") as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "LICENSE"} <= names
    assert {f"src/{name}" for name in _package_files()} - names == set()


@pytest.fixture(scope="module")
def clean_venv(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with only the wheel installed into it. Its dependencies come
    from the environment running the tests (a path entry in a .pth file), so the test needs no
    package index; archdocs itself, its templates and its entry points come from the wheel."""
    venv = tmp_path_factory.mktemp("clean") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--quiet", str(dist / f"{STEM}-py3-none-any.whl")],
        env=_env(), capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True, check=True)
    # A plain path entry: the .pth files there (this checkout's editable install) are not run.
    ours = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    (Path(site.stdout.strip()) / "zz_archdocs_test_dependencies.pth").write_text(
        "\n".join(ours) + "\n", encoding="utf-8")
    return venv


def test_the_installed_wheel_is_the_archdocs_that_runs(clean_venv: Path) -> None:
    where = subprocess.run(
        [str(clean_venv / "bin" / "python"), "-c",
         "import archdocs, importlib.metadata as m; print(archdocs.__file__); "
         f"print(m.version({DISTRIBUTION!r}))"],
        cwd=clean_venv, env=_env(), capture_output=True, text=True, timeout=120)
    assert where.returncode == 0, where.stderr
    module, version = where.stdout.split()
    assert Path(module).is_relative_to(clean_venv) and version == __version__


def test_the_installed_wheel_scaffolds_a_repository(clean_venv: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(clean_venv / "bin" / "archdocs"), "init", "shop"], cwd=tmp_path,
                            env=_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(str(p.relative_to(tmp_path / "shop")) for p in (tmp_path / "shop").rglob("*")
                  if p.is_file()) == sorted(SCAFFOLD)
    assert (tmp_path / "shop" / "requirements.txt").read_text().splitlines()[-1] == \
        f"{DISTRIBUTION}=={__version__}"


def test_the_installed_wheel_reviews_and_renders_the_flagship_site(clean_venv: Path,
                                                                    tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "models", "tools"):  # tools: the doc site's own reference pages
        shutil.copytree(REPO / folder, project / folder, ignore=NOT_IN_A_CLONE)
    python = str(clean_venv / "bin" / "python")
    check = subprocess.run([str(clean_venv / "bin" / "archdocs"), "check", "models"],
                           cwd=project, env=_env(), capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-3000:]
    build = subprocess.run([python, "-m", "mkdocs", "build", "--strict", "--site-dir", "out"],
                           cwd=project, env=_env(), capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-3000:]
    out = project / "out"
    overview = (out / "example" / "index.html").read_text(encoding="utf-8")
    assert "<svg" in overview or ".svg" in overview
    pages = list(out.rglob("*.html"))
    assert len(pages) > 100
    assert not [page for page in pages if "fonts.googleapis.com" in page.read_text("utf-8")]
