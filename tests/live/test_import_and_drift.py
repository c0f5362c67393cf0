"""`archdocs import` and `archdocs drift` on small databases built for one behaviour each."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from archdocs.load import load_models

from .conftest import LiveDatabase

COMMENTED_SCHEMA = """
CREATE SCHEMA sales;
CREATE SCHEMA billing;
CREATE TABLE sales.customer (
    id integer PRIMARY KEY,
    email varchar(200) NOT NULL UNIQUE,
    status text NOT NULL DEFAULT 'active',
    location point
);
COMMENT ON TABLE sales.customer IS 'People who bought at least once';
COMMENT ON COLUMN sales.customer.email IS 'Login; lower-case';
CREATE SEQUENCE billing.invoice_numbers;
CREATE TABLE billing.invoice (
    id bigserial PRIMARY KEY,
    number integer NOT NULL DEFAULT nextval('billing.invoice_numbers'),
    customer_id integer NOT NULL REFERENCES sales.customer (id),
    total numeric(12, 2) NOT NULL DEFAULT 0,
    issued_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoice_customer ON billing.invoice (customer_id, issued_at DESC);
CREATE VIEW sales.big_spenders AS
    SELECT c.id, sum(i.total) AS spent FROM sales.customer c
    JOIN billing.invoice i ON i.customer_id = c.id GROUP BY c.id;
"""


def _import(archdocs, url: str, out: Path, *extra: str):
    run = archdocs("import", url, "--datastore", "shop", "--out", out, *extra)
    assert run.code == 0, run.err
    return run


def test_two_schemas_with_comments_views_and_an_unknown_type(archdocs, empty_pg: LiveDatabase,
                                                             tmp_path: Path) -> None:
    empty_pg.execute(COMMENTED_SCHEMA)
    out = tmp_path / "models" / "shop.py"
    run = _import(archdocs, empty_pg.url, out, "--schema", "sales", "--schema", "billing")

    # The type SQLAlchemy does not know: a warning naming the column, and a fallback type.
    assert "warning: column sales.customer.location has type 'point'" in run.err
    source = out.read_text()
    assert "ServerType('point')" in source
    # Comments are kept, the view is noted, the cross-schema foreign key is there.
    assert "People who bought at least once" in source
    assert "Login; lower-case" in source
    assert "sales.big_spenders" in source

    datastore = load_models(out.parent).systems[0].datastores[0]
    assert [t.fullname for t in datastore.tables] == ["billing.invoice", "sales.customer"]
    assert "Views (not modelled as tables): sales.big_spenders" in datastore.description
    (fk,) = datastore.table("billing.invoice").foreign_key_constraints
    assert fk.referred_table.fullname == "sales.customer"

    clean = archdocs("drift", empty_pg.url, out.parent, "--datastore", "shop")
    assert clean.code == 0, clean.out + clean.err

    empty_pg.execute(
        "COMMENT ON COLUMN sales.customer.email IS 'Login'; "
        "ALTER TABLE billing.invoice ALTER COLUMN total SET DEFAULT 1; "
        "ALTER TABLE billing.invoice DROP COLUMN issued_at CASCADE; "
        "CREATE TABLE billing.refund (id int PRIMARY KEY)"
    )
    drifted = archdocs("drift", empty_pg.url, out.parent, "--datastore", "shop",
                       "--format", "json")
    assert drifted.code == 1
    changes = [(c["kind"], c["table"], c["column"], c["declared"], c["live"])
               for c in json.loads(drifted.out)["changes"]]
    assert changes == [
        ("column-missing", "billing.invoice", "issued_at", "TIMESTAMP WITH TIME ZONE", None),
        ("column-default", "billing.invoice", "total", "0", "1"),
        ("index-missing", "billing.invoice", None, None, None),
        ("table-extra", "billing.refund", None, None, None),
        ("column-comment", "sales.customer", "email", "Login; lower-case", "Login"),
    ]


def test_output_is_deterministic_and_an_existing_file_is_never_overwritten(
        archdocs, empty_pg: LiveDatabase, tmp_path: Path) -> None:
    empty_pg.execute(COMMENTED_SCHEMA)
    first, second = tmp_path / "a" / "shop.py", tmp_path / "b" / "shop.py"
    _import(archdocs, empty_pg.url, first, "--schema", "billing", "--schema", "sales")
    _import(archdocs, empty_pg.url, second, "--schema", "billing", "--schema", "sales")
    assert first.read_bytes() == second.read_bytes()

    first.write_text("# my own notes\n")
    again = archdocs("import", empty_pg.url, "--schema", "sales", "--out", first)
    assert again.code == 2
    assert "already exists" in again.err and "hint:" in again.err
    assert first.read_text() == "# my own notes\n"


def test_markdown_and_text_reports_name_the_change(archdocs, empty_mariadb: LiveDatabase,
                                                   tmp_path: Path) -> None:
    empty_mariadb.execute(
        "CREATE TABLE orders (id int PRIMARY KEY, note varchar(40) COMMENT 'free text') "
        "COMMENT 'Orders placed'"
    )
    out = tmp_path / "models" / "shop.py"
    _import(archdocs, empty_mariadb.url, out)
    assert "archdocs.tech.MariaDB(" in out.read_text()
    empty_mariadb.execute("ALTER TABLE orders MODIFY note varchar(40) NOT NULL COMMENT 'free text'")

    text = archdocs("drift", empty_mariadb.url, out.parent, "--datastore", "shop")
    assert text.code == 1
    assert "orders.note: nullability differs: declared NULL, live NOT NULL" in text.out
    assert "1 difference" in text.out

    markdown = archdocs("drift", empty_mariadb.url, out.parent, "--datastore", "shop",
                        "--format", "markdown")
    assert markdown.code == 1
    # (the Markdown escaper may or may not backslash the hyphen)
    assert re.search(r"\| <code>orders</code> \| <code>note</code> \| column\\?-nullable \|",
                     markdown.out)


def test_sqlite_round_trip(archdocs, tmp_path: Path) -> None:
    database = tmp_path / "app.db"
    with sqlite3.connect(database) as raw:
        raw.executescript(
            "CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
            "CREATE TABLE book (id INTEGER PRIMARY KEY, title TEXT NOT NULL,"
            " author_id INTEGER NOT NULL REFERENCES author (id));"
            "CREATE INDEX book_title ON book (title);"
            "CREATE VIEW titles AS SELECT title FROM book;"
        )
    url = f"sqlite:///{database}"
    out = tmp_path / "models" / "library.py"
    wrong = archdocs("import", url, "--technology", "postgres", "--out", out)
    assert wrong.code == 2
    assert "unknown technology 'postgres'" in wrong.err and "postgresql" in wrong.err
    assert not out.exists()
    run = archdocs("import", url, "--out", out)
    assert run.code == 0, run.err
    datastore = load_models(out.parent).systems[0].datastores[0]
    assert datastore.name == "app"
    assert datastore.technology.id == "sqlite"
    assert [t.name for t in datastore.tables] == ["author", "book"]
    assert "titles" in datastore.description

    assert archdocs("drift", url, out.parent, "--datastore", "app").code == 0
    with sqlite3.connect(database) as raw:
        raw.execute("ALTER TABLE author ADD COLUMN born INTEGER")
    drifted = archdocs("drift", url, out.parent, "--datastore", "app")
    assert drifted.code == 1
    assert "author.born: column in the database but not declared" in drifted.out


def test_drift_exit_code_2_for_an_unknown_datastore(archdocs, tmp_path: Path) -> None:
    database = tmp_path / "app.db"
    with sqlite3.connect(database) as raw:
        raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    out = tmp_path / "models" / "app.py"
    assert archdocs("import", f"sqlite:///{database}", "--out", out).code == 0
    run = archdocs("drift", f"sqlite:///{database}", out.parent, "--datastore", "nope")
    assert run.code == 2
    assert "no datastore named 'nope'" in run.err
    assert "datastores declared: app" in run.err
