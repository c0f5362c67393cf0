"""One dialect per technology, one way to spell a type for readers."""

from __future__ import annotations

from sqlalchemy import Uuid
from sqlalchemy.dialects import postgresql

from archdocs import tech
from archdocs.model.sql import dialect_for, type_text


def test_each_sql_technology_gets_its_own_dialect_and_others_none() -> None:
    assert dialect_for(tech.PostgreSQL("16")).name == "postgresql"  # type: ignore[union-attr]
    assert dialect_for(tech.MariaDB("11")).name == "mysql"  # type: ignore[union-attr]
    assert dialect_for(tech.SQLServer("2022")).name == "mssql"  # type: ignore[union-attr]
    # No SQL: no dialect, never a silent PostgreSQL.
    assert dialect_for(tech.MongoDB("7")) is None
    assert dialect_for(tech.Redis("7")) is None


def test_a_type_is_spelled_by_the_dialect_else_generically() -> None:
    mysql = dialect_for(tech.MySQL("8"))
    assert type_text(Uuid(), dialect_for(tech.PostgreSQL("16"))) == "UUID"
    assert type_text(Uuid(), mysql) == "CHAR(32)"
    # A PostgreSQL-only type on MySQL: the generic spelling, not an error.
    assert type_text(postgresql.JSONB(), mysql) == "JSONB"
    assert type_text(Uuid(), None) == "CHAR(32)"  # SQLAlchemy's generic form


def test_one_severity_ordering() -> None:
    from archdocs.migrate.plan.steps import Severity as PlanSeverity
    from archdocs.model.severity import Severity
    from archdocs.review.finding import Severity as ReviewSeverity

    assert ReviewSeverity is Severity and PlanSeverity is Severity
    assert Severity.worst([Severity.INFO, Severity.ERROR, Severity.WARNING]) is Severity.ERROR
    assert Severity.worst([]) is Severity.INFO
    assert Severity.mildest_first() == [Severity.INFO, Severity.WARNING, Severity.ERROR]


def _types() -> list[object]:
    import inspect

    import sqlalchemy.types as generic
    from sqlalchemy.dialects import mssql, mysql, oracle, sqlite
    from sqlalchemy.types import TypeDecorator, UserDefinedType

    class Money(TypeDecorator[object]):
        impl = generic.Numeric(12, 2)
        cache_ok = True

    class Point(UserDefinedType[object]):
        cache_ok = True

        def get_col_spec(self, **kw: object) -> str:
            return "POINT"

    found: list[object] = [Money(), Point(), generic.String(120), generic.Numeric(12, 2),
                           generic.Enum("a", "b", name="ab"), generic.ARRAY(generic.Integer),
                           postgresql.ARRAY(generic.Text), postgresql.INTERVAL(fields="DAY")]
    for module in (generic, postgresql, mysql, mssql, oracle, sqlite):
        for _, cls in sorted(vars(module).items()):
            if inspect.isclass(cls) and issubclass(cls, generic.TypeEngine):
                try:
                    found.append(cls())
                except Exception:  # noqa: BLE001, S112 - a type that needs arguments
                    continue
    return found


def test_the_generic_spelling_is_sqlalchemys_own_for_every_type() -> None:
    # Spelled without a dialect (a store with no SQL), each type reads as its own compile()
    # gives it (one dialect object serves them all), or by its class name where it has none.
    for type_ in _types():
        try:
            expected = str(type_.compile())  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - no generic spelling
            expected = type(type_).__name__
        assert type_text(type_, None) == expected, type_  # type: ignore[arg-type]
