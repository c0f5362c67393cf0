"""PRF003: an index duplicating another, or a prefix of a longer one."""

from collections.abc import Iterator

from sqlalchemy import Table

from archdocs.model.datastore import Datastore
from archdocs.perf.indexes import redundancy, table_indexes
from archdocs.perf.serving import is_relational
from archdocs.quoting import sql_identifier
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "PRF003", "redundant-index", Severity.WARNING, family="access patterns",
    why="An index with the same key as another, or whose key is a prefix of another index's "
        "key, serves nothing the other does not: any lookup it can answer, the longer index "
        "answers too. It still costs a write on every insert and its share of memory.",
    fix="Drop the redundant index (DROP INDEX ...) and remove it from the model. Keep it only "
        "if it is unique (it then enforces a rule) — unique keys are never reported.",
)
def redundant_index(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if not is_relational(datastore):
            continue
        for table in datastore.tables:
            for redundant, covering, how in redundancy(table_indexes(table, datastore.technology.sql_dialect)):
                relation = "duplicates" if how == "duplicate" else "is a prefix of"
                yield Hit(
                    datastore,
                    f"index {redundant.label()} on {table.fullname} {relation} "
                    f"{covering.kind} {covering.label()}: drop {redundant.name}",
                    target=table.fullname,
                    location=ctx.table_location(datastore, table),
                    hint=f"{_drop_index(datastore, table, redundant.name)}; and remove it "
                    "from the model",
                )


def _drop_index(datastore: Datastore, table: Table, name: str | None) -> str:
    """``DROP INDEX`` for the datastore's SQL dialect, every name quoted for it."""
    dialect = datastore.technology.sql_dialect
    index = sql_identifier(name or "", dialect)
    if dialect == "mysql":
        return f"DROP INDEX {index} ON {sql_identifier(table.name, dialect)}"
    schema = f"{sql_identifier(table.schema, dialect)}." if table.schema else ""
    return f"DROP INDEX {schema}{index}"
