"""Model files import each other and the user's own packages; problems that a typo causes are
findings, not import errors."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from archdocs.cli import main
from archdocs.load import load_models


def write(root: Path, name: str, source: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source), encoding="utf-8")


def test_model_modules_import_each_other_and_a_package_beside_models(tmp_path):
    # The user's own package next to models/ (a shared column convention, say).
    write(tmp_path, "shoplib/__init__.py", '''
        from sqlalchemy import String
        EMAIL = String(320)
    ''')
    models = tmp_path / "models"
    write(models, "sales/__init__.py", "")
    write(models, "sales/tables.py", '''
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
        from shoplib import EMAIL

        class SalesBase(DeclarativeBase):
            pass

        class Customer(SalesBase):
            __tablename__ = "customers"
            id: Mapped[int] = mapped_column(primary_key=True)
            email: Mapped[str] = mapped_column(EMAIL)
    ''')
    write(models, "system.py", '''
        from archdocs import System, tech
        from sales.tables import SalesBase

        system = System("Shop")
        system.context("Sales").datastore("sales-db", tech.PostgreSQL("16"), schema=SalesBase)
    ''')
    model = load_models(models)
    [system] = model.systems
    [datastore] = system.datastores
    assert [t.name for t in datastore.tables] == ["customers"]
    assert str(datastore.tables[0].c.email.type) == "VARCHAR(320)"
    assert model.display_path(datastore.declared_at).file == "models/system.py"


def test_loading_twice_sees_edits(tmp_path):
    """Modules are forgotten after a load, so `mkdocs serve` picks up changed files."""
    models = tmp_path / "models"
    write(models, "shop.py", 'from archdocs import System\nsystem = System("One")\n')
    assert [s.name for s in load_models(models).systems] == ["One"]
    write(models, "shop.py", 'from archdocs import System\nsystem = System("Two!")\n')
    assert [s.name for s in load_models(models).systems] == ["Two!"]


def test_dangling_reference_and_duplicate_name_are_findings(tmp_path, capsys):
    models = tmp_path / "models"
    write(models, "shop.py", '''
        from archdocs import Mechanism, System, tech

        system = System("Shop")
        sales = system.context("Sales")
        api = sales.service("order-api")
        sales.datastore("orders-db", tech.PostgreSQL("16"))
        sales.datastore("orders-db", tech.PostgreSQL("16"))
        system.flow(api, "orders-dbx", Mechanism.QUERY)
    ''')
    code = main(["check", str(models), "--format", "json", "--rule", "INT001",
                 "--rule", "INT002"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    found = {(f["rule"], f["element"], f["file"], f["line"]) for f in report["findings"]}
    assert found == {
        ("INT001", "datastore:orders-db", "models/shop.py", 8),
        ("INT002", "flow:order-api → orders-dbx (query)", "models/shop.py", 9),
    }
