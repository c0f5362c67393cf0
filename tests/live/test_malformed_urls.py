"""A malformed database URL is a clear usage error (exit 2) in ``import`` and ``drift``, never an
internal error, and the password in it is never printed."""

from __future__ import annotations

from pathlib import Path

import pytest

SECRET = "Sup3r-S3cret-pw"

MALFORMED = [
    (f"postgresql://u:{SECRET}@host:port/db", "the port is not a number"),
    (f"postgresql://u:{SECRET}@[::1:5432/db", "brackets are not closed"),
    (f"postgresql://u:{SECRET}@[::1:5432", "brackets are not closed"),
    (f"mysql://u:{SECRET}@db.example:99999999/db", "not between 1 and 65535"),
    (f"mysql://u:{SECRET}@db.example:0/db", "not between 1 and 65535"),
    (f"u:{SECRET}@host/db", "this is not a database URL"),
]


@pytest.fixture
def models(tmp_path: Path) -> Path:
    root = tmp_path / "models"
    root.mkdir()
    (root / "m.py").write_text(
        "import archdocs\nfrom sqlalchemy import Column, Integer, MetaData, Table\n"
        "md = MetaData()\nTable('t', md, Column('id', Integer, primary_key=True))\n"
        "s = archdocs.System('s')\ns.context('c').datastore('db', archdocs.tech.PostgreSQL('16'), "
        "schema=md)\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(("url", "says"), MALFORMED)
def test_import_says_what_is_wrong_with_the_url(archdocs, tmp_path, url, says):
    run = archdocs("import", url, "--out", tmp_path / "x.py")
    assert run.code == 2
    assert says in run.err
    assert "internal error" not in run.err and "Traceback" not in run.err
    assert SECRET not in run.out + run.err
    assert not (tmp_path / "x.py").exists()


@pytest.mark.parametrize(("url", "says"), MALFORMED)
def test_drift_says_what_is_wrong_with_the_url(archdocs, models, url, says):
    run = archdocs("drift", url, models, "--datastore", "db")
    assert run.code == 2
    assert says in run.err
    assert "internal error" not in run.err and "Traceback" not in run.err
    assert SECRET not in run.out + run.err
