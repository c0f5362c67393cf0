"""Files archdocs writes get the permissions of any file the user creates and are replaced
whole; a path that cannot be written is a clear error."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from archdocs.errors import WriteError
from archdocs.fsutil import write_all_atomic, write_atomic


@pytest.fixture
def umask_027() -> Iterator[None]:
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_written_files_follow_the_umask(tmp_path: Path, umask_027: None) -> None:
    write_atomic(tmp_path / "deep" / "page.md", "text")
    write_all_atomic([(tmp_path / "many" / f"{n}.svg", b"<svg/>") for n in range(3)])
    assert _mode(tmp_path / "deep" / "page.md") == 0o640
    assert {_mode(path) for path in (tmp_path / "many").iterdir()} == {0o640}
    assert (tmp_path / "deep" / "page.md").read_text() == "text"
    assert sorted(os.listdir(tmp_path / "many")) == ["0.svg", "1.svg", "2.svg"]  # no temporary


def test_a_folder_in_the_way_is_a_write_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "site" / "a.svg").mkdir(parents=True)
    with pytest.raises(WriteError, match="a.svg"):
        write_all_atomic([(tmp_path / "site" / "a.svg", b"<svg/>")])
    assert os.listdir(tmp_path / "site") == ["a.svg"]  # no temporary file left behind
