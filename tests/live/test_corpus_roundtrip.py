"""Import every corpus schema from a real server, load it in archdocs, count it against the
server's catalogue, and check that drift reports nothing, then exactly the change an ALTER
made."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from archdocs.live.drift import Change, detect_drift
from archdocs.load import load_models

from . import corpus
from .conftest import LiveDatabase, live_database


@dataclass(frozen=True)
class Case:
    schema: corpus.CorpusSchema
    alter: str
    """An ALTER run on the server after the import."""
    expected: Change
    """The one change drift must then report."""
    undo: str


CASES = {
    "pagila": Case(
        corpus.PAGILA,
        "ALTER TABLE actor ADD COLUMN nickname text",
        Change("column-extra", "actor", column="nickname", live="TEXT"),
        "ALTER TABLE actor DROP COLUMN nickname",
    ),
    "chinook-postgresql": Case(
        corpus.PG_CHINOOK,
        "ALTER TABLE artist ALTER COLUMN name SET NOT NULL",
        Change("column-nullable", "artist", column="name", declared="NULL", live="NOT NULL"),
        "ALTER TABLE artist ALTER COLUMN name DROP NOT NULL",
    ),
    "danbooru": Case(
        corpus.DANBOORU,
        "DROP INDEX index_users_on_name_trgm",
        Change("index-missing", "users", name="index_users_on_name_trgm on name"),
        "CREATE INDEX index_users_on_name_trgm ON users USING gin (name gin_trgm_ops)",
    ),
    "sakila": Case(
        corpus.SAKILA,
        "ALTER TABLE film MODIFY COLUMN title VARCHAR(200) NOT NULL",
        Change("column-type", "film", column="title", declared="VARCHAR(255)",
               live="VARCHAR(200)"),
        "ALTER TABLE film MODIFY COLUMN title VARCHAR(255) NOT NULL",
    ),
    "chinook-mariadb": Case(
        corpus.MY_CHINOOK,
        "CREATE INDEX ix_album_title ON Album (Title)",
        Change("index-extra", "Album", name="ix_album_title on Title"),
        "DROP INDEX ix_album_title ON Album",
    ),
    "employees": Case(
        corpus.EMPLOYEES,
        "ALTER TABLE employees COMMENT = 'Everyone on the payroll'",
        Change("table-comment", "employees", declared=None, live="Everyone on the payroll"),
        "ALTER TABLE employees COMMENT = ''",
    ),
}


@dataclass
class Imported:
    case: Case
    database: LiveDatabase
    models: Path
    model_file: Path
    schemas: list[str]


@pytest.fixture(scope="module", params=sorted(CASES))
def imported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[Imported]:
    """The corpus schema loaded into its own database and imported with `archdocs import`."""
    from archdocs.cli import main

    case = CASES[request.param]
    with live_database(case.schema.dialect, case.schema.name, case.schema) as database:
        models = tmp_path_factory.mktemp(request.param) / "models"
        model_file = models / f"{case.schema.name}.py"
        code = main(["import", "-q", database.url, "--datastore", case.schema.name,
                     "--out", str(model_file)])
        assert code == 0
        schemas = ["public"] if case.schema.dialect == "postgresql" else [database.name]
        yield Imported(case, database, models, model_file, schemas)


def test_the_imported_model_loads_and_exports_every_table(imported: Imported, archdocs) -> None:
    run = archdocs("export", imported.models, "--format", "json")
    assert run.code == 0, run.err
    exported = json.loads(run.out)
    (datastore,) = exported["systems"][0]["datastores"]
    tables = {t["name"] for t in datastore["tables"]}
    assert tables == set(_catalog_tables(imported.database, imported.schemas))
    check = archdocs("check", imported.models)
    assert check.code in (0, 1), check.err  # findings are fine; the model must load


def test_table_column_and_foreign_key_counts_equal_the_catalog(imported: Imported) -> None:
    model = load_models(imported.models)
    datastore = model.systems[0].datastores[0]
    tables = datastore.tables
    assert len(tables) == len(_catalog_tables(imported.database, imported.schemas))
    assert sum(len(t.columns) for t in tables) == _catalog_count(
        imported.database, imported.schemas, "columns"
    )
    assert sum(len(t.foreign_key_constraints) for t in tables) == _catalog_count(
        imported.database, imported.schemas, "foreign keys"
    )


def test_drift_right_after_import_reports_nothing(imported: Imported, archdocs) -> None:
    run = archdocs("drift", imported.database.url, imported.models, "--datastore",
                   imported.case.schema.name)
    assert run.code == 0, run.out + run.err
    assert "no drift" in run.out


def test_drift_reports_exactly_the_altered_thing(imported: Imported, archdocs) -> None:
    datastore = load_models(imported.models).systems[0].datastores[0]
    imported.database.execute(imported.case.alter)
    try:
        report = detect_drift(imported.database.url, datastore)
        run = archdocs("drift", imported.database.url, "--datastore",
                       imported.case.schema.name, imported.models, "--format", "json")
    finally:
        imported.database.execute(imported.case.undo)
    assert list(report.changes) == [imported.case.expected]
    assert run.code == 1
    assert json.loads(run.out)["changes"] == [imported.case.expected.as_dict()]


@pytest.mark.slow
def test_musicbrainz_nine_schemas_round_trip(musicbrainz_db: LiveDatabase, tmp_path: Path,
                                             archdocs) -> None:
    schemas = list(corpus.MUSICBRAINZ.schemas)
    model_file = tmp_path / "models" / "musicbrainz.py"
    run = archdocs("import", musicbrainz_db.url, *[f"--schema={s}" for s in schemas],
                   "--datastore", "musicbrainz", "--out", model_file)
    assert run.code == 0, run.err
    # Progress on a long import, and the two types SQLAlchemy does not know.
    assert "reflecting schema documentation (3/9)" in run.err
    assert "musicbrainz.place.coordinates has type 'point'" in run.err
    assert "musicbrainz.medium_index.toc has type 'cube'" in run.err

    datastore = load_models(model_file.parent).systems[0].datastores[0]
    tables = datastore.tables
    # 512 tables, not reflection's 516: the 4 partitions are modelled by their parent.
    assert len(tables) == len(_catalog_tables(musicbrainz_db, schemas)) == 512
    assert sum(len(t.columns) for t in tables) == _catalog_count(
        musicbrainz_db, schemas, "columns")
    assert sum(len(t.foreign_key_constraints) for t in tables) == _catalog_count(
        musicbrainz_db, schemas, "foreign keys") == 889
    assert "Views (not modelled as tables)" in datastore.description

    clean = archdocs("drift", musicbrainz_db.url, model_file.parent, "--datastore", "musicbrainz")
    assert clean.code == 0, clean.out + clean.err

    musicbrainz_db.execute("ALTER TABLE musicbrainz.area DROP CONSTRAINT area_fk_type")
    try:
        drifted = detect_drift(musicbrainz_db.url, datastore)
    finally:
        musicbrainz_db.execute(
            "ALTER TABLE musicbrainz.area ADD CONSTRAINT area_fk_type FOREIGN KEY (type) "
            "REFERENCES musicbrainz.area_type(id)"
        )
    assert list(drifted.changes) == [
        Change("foreign-key-missing", "musicbrainz.area",
               name="area_fk_type (type) -> musicbrainz.area_type.id")
    ]


# -- the server's own catalogue ---------------------------------------------------------------


def _catalog_tables(database: LiveDatabase, schemas: list[str]) -> list[str]:
    """Base tables, without partitions, qualified outside the default schema."""
    if database.dialect == "postgresql":
        rows = database.query(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
            f"AND n.nspname IN ({_in_list(schemas)})"
        )
    else:
        rows = database.query(
            "SELECT table_schema, table_name FROM information_schema.tables "
            f"WHERE table_type = 'BASE TABLE' AND table_schema IN ({_in_list(schemas)})"
        )
    default = "public" if database.dialect == "postgresql" else database.name
    return sorted(name if schema == default else f"{schema}.{name}" for schema, name in rows)


def _catalog_count(database: LiveDatabase, schemas: list[str], what: str) -> int:
    if database.dialect == "postgresql":
        relations = (
            "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
            f"AND n.nspname IN ({_in_list(schemas)})"
        )
        sql = {
            "columns": "SELECT count(*) FROM pg_attribute WHERE attnum > 0 "
            f"AND NOT attisdropped AND attrelid IN ({relations})",
            "foreign keys": "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
            f"AND conrelid IN ({relations})",
        }[what]
    else:
        sql = {
            "columns": "SELECT count(*) FROM information_schema.columns c JOIN "
            "information_schema.tables t USING (table_schema, table_name) "
            f"WHERE t.table_type = 'BASE TABLE' AND t.table_schema IN ({_in_list(schemas)})",
            "foreign keys": "SELECT count(*) FROM information_schema.table_constraints "
            f"WHERE constraint_type = 'FOREIGN KEY' AND table_schema IN ({_in_list(schemas)})",
        }[what]
    return int(database.query(sql)[0][0])


def _in_list(names: list[str]) -> str:
    return ", ".join("'" + n.replace("'", "''") + "'" for n in names)
