"""PRF001: a relational access pattern that no index serves."""

from collections import defaultdict
from collections.abc import Iterator, Sequence

from sqlalchemy import Table

from archdocs.model.datastore import Datastore
from archdocs.model.notes import AccessPattern
from archdocs.perf.describe import frequency, pattern_label
from archdocs.perf.indexes import KeyPart, shared_suggestions, suggested_parts
from archdocs.perf.serving import Status, assess_all, is_relational, is_tiny
from archdocs.perf.suggest import (
    covering_key,
    create_index_statement,
    model_declaration,
    supports_include,
)
from archdocs.review.engine import ReviewContext
from archdocs.review.engines import MYSQL, SQL_SERVER, engine_of, is_max_type
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "PRF001", "no-supporting-index", Severity.WARNING, family="access patterns",
    why="Without an index whose key starts with the pattern's equality columns and then its "
        "range or sort column, the database reads the whole table (or a large part of it) and "
        "sorts it for every call. It works in development and collapses as the table grows. "
        "Where an index on the pattern's leading column exists, the finding is only a note "
        "(info): the database narrows the rows by that column, and a composite index would "
        "serve the pattern better. On SQL Server (primary key clustered), MySQL and MariaDB, "
        "every other non-unique index ends with the primary key's columns, and counts as such. "
        "Columns a pattern only selects (select=[...]) never go into the suggested key: the "
        "suggestion INCLUDEs them (PostgreSQL 11+, SQL Server), so the index alone answers the "
        "query; MySQL and MariaDB have no INCLUDE, so there they are appended to the key. An "
        "index's INCLUDEd columns hold values, they neither filter nor sort.",
    fix="Create the index the finding names, and declare it in the model with Index(...) in "
        "__table_args__ so the review and the site know it exists.",
)
def no_supporting_index(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if not is_relational(datastore):
            continue
        unserved = [
            a for a in assess_all(datastore)
            if a.status is Status.FULL_SCAN and a.table is not None
            and not is_tiny(datastore, a.table)
        ]
        by_table: dict[str, list[AccessPattern]] = defaultdict(list)
        for assessment in unserved:
            assert assessment.table is not None
            by_table[assessment.table.fullname].append(assessment.pattern)
        shared = {name: shared_suggestions(patterns) for name, patterns in by_table.items()}
        for assessment in unserved:
            table, pattern = assessment.table, assessment.pattern
            assert table is not None
            parts, others = shared[table.fullname].get(
                id(pattern), (suggested_parts(pattern), ()))
            statement = create_index_statement(datastore, table, parts, pattern)
            what = "full-text index" if pattern.text_search else "index"
            key = ", ".join(str(p) for p in suggested_parts(pattern))
            also = (f" (it also serves {', '.join(repr(o.name) for o in others)})"
                    if others else "")
            partial = assessment.partial
            if partial is None:
                message = (f"{pattern_label(pattern)}{frequency(pattern)} on {table.fullname} "
                           f"has no {what} starting with ({key}): every call scans the table. "
                           f"Add: {statement}{also}")
            else:
                # The planner narrows the rows by the leading column, then filters or sorts
                # what is left: slower than it could be, not a scan of the whole table.
                message = (f"{pattern_label(pattern)}{frequency(pattern)} on {table.fullname} "
                           f"is served only in part by {partial.label()}: it could be better "
                           f"served by an {what} starting with ({key}). Add: {statement}{also}")
            # The key as created: with the selected columns where the store has no INCLUDE.
            key_parts = covering_key(datastore, parts, pattern)[0]
            message += _unindexable(datastore, table, key_parts, pattern.text_search)
            message += _covering_note(datastore, parts, pattern)
            yield Hit(
                datastore,
                message,
                severity=None if partial is None else Severity.INFO,
                target=table.fullname,
                location=pattern.declared_at,
                hint=f"{statement}; in the model: {model_declaration(table, parts, datastore, pattern)} in "
                     f"__table_args__"
                     + (" (desc from sqlalchemy)" if any(p.descending for p in parts) else ""),
            )


def _unindexable(datastore: Datastore, table: Table, parts: Sequence[KeyPart],
                 text_search: bool) -> str:
    """A warning when the suggested key uses a column the engine cannot index (ENG001)."""
    engine = engine_of(datastore)
    if text_search or engine not in (SQL_SERVER, MYSQL):
        return ""
    blocked = [p.column for p in parts
               if p.column in table.columns and is_max_type(table.columns[p.column])]
    if not blocked:
        return ""
    return (f". But {', '.join(blocked)} {'is' if len(blocked) == 1 else 'are'} unbounded "
            f"(max/TEXT), which {engine.name} cannot use as an index key: give "
            f"{'it' if len(blocked) == 1 else 'them'} a length first, or index a computed hash "
            "(see ENG001)")


def _covering_note(datastore: Datastore, parts: Sequence[KeyPart],
                   pattern: AccessPattern) -> str:
    """Why the selected columns sit at the end of the key where the store has no INCLUDE."""
    key, include = covering_key(datastore, parts, pattern)
    if include or len(key) == len(parts) or supports_include(datastore):
        return ""
    added = ", ".join(p.column for p in key[len(parts):])
    return (f". {datastore.technology.label} has no included (INCLUDE) index columns: the "
            f"selected {added} must be appended to the key for the index to cover the query")
