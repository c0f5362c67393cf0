"""A forged ``.archdocs-manifest.json`` or a symbolic link in OUTDIR never makes
``archdocs generate`` delete or overwrite anything outside OUTDIR."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from archdocs.cli import main

MODEL = 'from archdocs import System\n\nsystem = System("Shop")\nsystem.context("Sales")\n'


@pytest.fixture
def models(tmp_path: Path) -> Path:
    root = tmp_path / "models"
    root.mkdir()
    (root / "shop.py").write_text(MODEL, encoding="utf-8")
    return root


def generate(out: Path, models: Path, capsys) -> tuple[int, str]:
    code = main(["generate", str(out), str(models), "--no-cache", "-q"])
    return code, capsys.readouterr().err


def forge(out: Path, entries: dict[str, bytes]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    files = {path: hashlib.sha256(data).hexdigest() for path, data in entries.items()}
    (out / ".archdocs-manifest.json").write_text(
        json.dumps({"generator": "archdocs", "format": 1, "files": files}), encoding="utf-8")


@pytest.mark.parametrize("entry", ["../../victim.txt", "ABSOLUTE", "architecture/../../../victim.txt"])
def test_a_forged_manifest_entry_outside_outdir_is_refused_and_nothing_is_deleted(
        entry, tmp_path, models, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious\n")
    out = tmp_path / "site" / "docs"
    if entry == "ABSOLUTE":
        entry = str(victim)
    forge(out, {entry: b"precious\n"})
    assert (out / entry).resolve() == victim.resolve()
    code, err = generate(out, models, capsys)
    assert code == 2
    assert "outside" in err and "Traceback" not in err and "internal error" not in err
    assert victim.read_bytes() == b"precious\n"


def test_a_symbolic_link_out_of_outdir_is_neither_followed_nor_deleted(tmp_path, models, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious\n")
    out = tmp_path / "docs"
    forge(out, {"old.md": b"precious\n"})
    (out / "old.md").symlink_to(victim)
    code, err = generate(out, models, capsys)
    assert code == 2 and "outside" in err and "old.md" in err
    assert victim.read_bytes() == b"precious\n"
    assert (out / "old.md").is_symlink()


def test_a_symlinked_page_folder_is_not_written_through(tmp_path, models, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "docs"
    out.mkdir()
    (out / "architecture").symlink_to(elsewhere, target_is_directory=True)
    code, err = generate(out, models, capsys)
    assert code == 2 and "outside" in err
    assert list(elsewhere.iterdir()) == []


def test_a_real_manifest_still_updates_and_removes_stale_pages(tmp_path, models, capsys):
    out = tmp_path / "docs"
    assert generate(out, models, capsys)[0] == 0
    manifest = json.loads((out / ".archdocs-manifest.json").read_text())
    stale = "architecture/old-page.md"
    (out / stale).write_bytes(b"old\n")
    manifest["files"][stale] = hashlib.sha256(b"old\n").hexdigest()
    (out / ".archdocs-manifest.json").write_text(json.dumps(manifest))
    code, err = generate(out, models, capsys)
    assert code == 0, err
    assert not (out / stale).exists()


def test_a_manifest_entry_that_names_no_file_is_refused_without_an_internal_error(
        tmp_path, models, capsys):
    out = tmp_path / "docs"
    forge(out, {"bad\x00name": b"x"})
    code, err = generate(out, models, capsys)
    assert code == 2 and "refusing" in err and "internal error" not in err


def test_export_onto_a_folder_is_a_clear_error(tmp_path, models, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    code = main(["export", str(models), "--out", str(folder)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"cannot write '{folder}'" in err and "internal error" not in err
