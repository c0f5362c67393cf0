"""Names in a database are data: a view, table, column, comment or file name holding a line
break and Python never becomes code in the model file ``archdocs import`` writes, and generated
code is checked before anything runs it."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from archdocs.errors import ArchdocsError
from archdocs.live.codegen import check_loads, verify_generated
from archdocs.load import load_models

from .conftest import LiveDatabase


def payload(marker: Path) -> str:
    """Python that creates ``marker`` when it runs."""
    return f"open({str(marker)!r},'w')"


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def hostile(marker: Path) -> str:
    """A name that ends a comment, a string or a docstring and then runs ``payload``."""
    return f'x\n{payload(marker)}\n#"""\n{payload(marker)}\n"""\\'


def test_a_view_name_with_a_line_break_does_not_become_code_sqlite(archdocs, tmp_path):
    marker = tmp_path / "PWNED"
    db = tmp_path / "shop.db"
    name = hostile(marker)
    with sqlite3.connect(db) as raw:
        raw.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, note TEXT)")
        raw.execute(f"CREATE VIEW {quoted(name)} AS SELECT id FROM orders")
        raw.execute(f"CREATE TABLE {quoted(name + '_t')} ({quoted(name)} TEXT, "
                    "id INTEGER PRIMARY KEY)")
    out = tmp_path / "models" / "shop.py"
    run = archdocs("import", "-q", f"sqlite:///{db}", "--out", out)
    assert run.code == 0, run.err
    assert not marker.exists()
    source = out.read_text(encoding="utf-8")
    assert payload(marker) + "\n" not in source.replace("# " + payload(marker), "")
    _assert_only_generated_statements(source)
    # Checking the imported model later runs nothing either, and the names survive as data.
    model = load_models(out)
    assert not marker.exists()
    datastore = model.systems[0].datastores[0]
    assert name in datastore.description
    assert {t.name for t in datastore.tables} == {"orders", f"{name}_t"}
    assert name in datastore.table(f"{name}_t").columns


def test_a_sqlite_file_name_with_quotes_and_a_line_break_stays_in_the_docstring(
        archdocs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marker = Path("PWNED")  # a file name cannot hold a slash
    folder = tmp_path / "dbs"
    folder.mkdir()
    db = folder / f'a"""\n{payload(marker)}\n\\""".db'
    with sqlite3.connect(db) as raw:
        raw.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)")
    out = tmp_path / "m.py"
    run = archdocs("import", "-q", f"sqlite:///{db}", "--datastore", "shop", "--out", out)
    assert run.code == 0, run.err
    assert not marker.exists()
    source = out.read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring is not None and docstring.startswith(
        f'SQLAlchemy models of the SQLite database a"""\\n{payload(marker)}\\n\\""".db.')
    load_models(out)
    assert not marker.exists()


@pytest.mark.postgres
def test_hostile_view_schema_and_comment_names_on_postgresql(archdocs, empty_pg: LiveDatabase,
                                                            tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marker = Path("P")  # PostgreSQL names are at most 63 bytes
    assert len(hostile(marker).encode()) <= 63
    name = quoted(hostile(marker))
    empty_pg.execute(
        f"CREATE SCHEMA {name};"
        f"CREATE TABLE {name}.orders (id int PRIMARY KEY, {name} text "
        f"DEFAULT $d${hostile(marker)}$d$ CONSTRAINT {name} CHECK ({name} <> $c$')\n$c$));"
        f"CREATE INDEX {quoted('ix' + hostile(marker)[:40])} ON {name}.orders (lower({name}));"
        f"COMMENT ON TABLE {name}.orders IS $c${hostile(marker)}$c$;"
        f"COMMENT ON COLUMN {name}.orders.{name} IS $c${hostile(marker)}$c$;"
        f"CREATE VIEW {name}.{name} AS SELECT id FROM {name}.orders;"
    )
    out = tmp_path / "models" / "shop.py"
    run = archdocs("import", "-q", empty_pg.url, "--schema", hostile(marker), "--out", out)
    assert run.code == 0, run.err
    assert not marker.exists()
    _assert_only_generated_statements(out.read_text(encoding="utf-8"))
    model = load_models(out)
    assert not marker.exists()
    table = model.systems[0].datastores[0].tables[0]
    assert table.schema == hostile(marker)
    assert table.comment == hostile(marker)
    assert table.columns[hostile(marker)].comment == hostile(marker)
    default = str(table.columns[hostile(marker)].server_default.arg)  # SQL: quotes doubled
    assert default == "'" + hostile(marker).replace("'", "''") + "'::text"
    assert {c.name for c in table.constraints if c.name} >= {hostile(marker)}
    assert [i.name for i in table.indexes] == ['ix' + hostile(marker)[:40]]


def _assert_only_generated_statements(source: str) -> None:
    tree = ast.parse(source)
    allowed = (ast.Expr, ast.Import, ast.ImportFrom, ast.ClassDef, ast.Assign, ast.AnnAssign)
    assert all(isinstance(node, allowed) for node in tree.body)
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    assert not any(isinstance(c.func, ast.Name) and c.func.id == "open" for c in calls)


GOOD = '''"""doc"""
import archdocs
from sqlalchemy import Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class T(Base):
    __tablename__ = 't'
    id: Mapped[int] = mapped_column(Integer, primary_key=True)

system = archdocs.System('x')
'''


@pytest.mark.parametrize("injected", [
    "open('{marker}', 'w')",
    "import os\nos.system('touch {marker}')",
    "x = open('{marker}', 'w')",
    "x = __import__('os').system('touch {marker}')",
    "x = archdocs.__builtins__",
    "x = [open('{marker}', 'w') for _ in 'a']",
    "x = (lambda: open('{marker}', 'w'))()",
    "def f():\n    pass",
    "class U(Base):\n    open('{marker}', 'w')",
    "@archdocs.System\nclass V:\n    pass",
    "from . import something",
    "x = exec('1')",
])
def test_generated_code_with_anything_else_is_refused_before_it_runs(injected, tmp_path):
    marker = tmp_path / "PWNED"
    source = GOOD + injected.format(marker=marker) + "\n"
    with pytest.raises(ArchdocsError, match="generated model code was not run") as caught:
        check_loads(source)
    assert "report" in str(caught.value)
    assert not marker.exists()


def test_what_the_generator_writes_passes_the_check():
    verify_generated(GOOD)
    assert check_loads(GOOD).T.__tablename__ == "t"


def test_names_python_cannot_hold_become_valid_attribute_names(archdocs, tmp_path):
    db = tmp_path / "u.db"
    with sqlite3.connect(db) as raw:
        raw.execute('CREATE TABLE "t²" (id INTEGER PRIMARY KEY, "x²" TEXT, " " TEXT, '
                    '"class" TEXT, "1a" TEXT)')
        raw.execute('CREATE TABLE "ﬁle" (id INTEGER PRIMARY KEY)')
        raw.execute('CREATE TABLE "file" (id INTEGER PRIMARY KEY)')
    out = tmp_path / "u.py"
    run = archdocs("import", "-q", f"sqlite:///{db}", "--out", out)
    assert run.code == 0, run.err
    [datastore] = load_models(out).systems[0].datastores
    assert {t.name for t in datastore.tables} == {"t²", "ﬁle", "file"}
    assert set(datastore.table("t²").columns.keys()) == {"id", "x²", " ", "class", "1a"}


@pytest.mark.postgres
def test_hostile_enum_type_names_and_values_on_postgresql(archdocs, empty_pg: LiveDatabase,
                                                          tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marker = Path("P")
    name = quoted(hostile(marker))
    empty_pg.execute(
        f"CREATE TYPE {name} AS ENUM ('x');"
        f"CREATE TYPE state AS ENUM ('a b', 'a_b', '²', '', $v${hostile(marker)}$v$);"
        f"CREATE TYPE \"1-mood\" AS ENUM ('class', 'ok');"
        f"CREATE TABLE orders (id int PRIMARY KEY, odd {name}, state state, "
        f"mood \"1-mood\");"
    )
    out = tmp_path / "models" / "shop.py"
    run = archdocs("import", "-q", empty_pg.url, "--out", out)
    assert run.code == 0, run.err
    assert not marker.exists()
    [datastore] = load_models(out).systems[0].datastores
    assert not marker.exists()
    columns = datastore.table("orders").columns
    assert list(columns["state"].type.enums) == ["a b", "a_b", "²", "", hostile(marker)]
    # SQLAlchemy does not reflect an enum type with that name: it is kept by its name.
    assert getattr(columns["odd"].type, "enums", ["x"]) == ["x"]
    assert list(columns["mood"].type.enums) == ["class", "ok"]
