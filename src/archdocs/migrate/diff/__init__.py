"""The schema differ: two SQLAlchemy ``MetaData`` in, :class:`SchemaDiff` out. Pure: no
database, no side effects. One module per concern, like alembic's ``autogenerate/compare``."""

from __future__ import annotations

from sqlalchemy import MetaData

from archdocs.migrate.changes import Change, ChangeKind, SchemaDiff
from archdocs.migrate.dialects import DialectName, sqlalchemy_dialect
from archdocs.migrate.diff.columns import compare_columns
from archdocs.migrate.diff.constraints import compare_constraints
from archdocs.migrate.diff.enums import compare_enum
from archdocs.migrate.diff.indexes import compare_indexes
from archdocs.migrate.diff.objects import compare_objects
from archdocs.migrate.diff.renames import declared_table_renames
from archdocs.migrate.diff.tables import compare_tables

__all__ = ["diff_metadata"]


def diff_metadata(old: MetaData, new: MetaData, dialect: DialectName) -> SchemaDiff:
    """Every change from ``old`` to ``new``. ``dialect`` decides how types are compared
    (``String(80)`` and ``VARCHAR(80)`` are the same type; an enum's values are compared
    value by value)."""
    sa_dialect = sqlalchemy_dialect(dialect)
    renames = declared_table_renames(old, new)
    default_schema = "public" if dialect is DialectName.POSTGRESQL else None
    changes, pairs, probable = compare_tables(old, new, renames, default_schema)
    changes = compare_objects(old, new) + changes
    for old_name, new_name in pairs:
        old_table, new_table = old.tables[old_name], new.tables[new_name]
        column_changes, probable_columns, column_renames = compare_columns(
            old_table, new_table, sa_dialect)
        changes.extend(column_changes)
        probable.extend(probable_columns)
        for column in new_table.columns:
            previous = column_renames.get(column.name, column.name)
            if previous in old_table.columns:
                changes.extend(compare_enum(new_table.fullname, old_table.columns[previous],
                                            column))
        changes.extend(compare_constraints(old_table, new_table, column_renames))
        changes.extend(compare_indexes(old_table, new_table, column_renames, sa_dialect.name))
        if (old_table.comment or None) != (new_table.comment or None):
            changes.append(Change(ChangeKind.TABLE_COMMENT, new_table.fullname,
                                  old=old_table, new=new_table))
    return SchemaDiff(old=old, new=new, changes=changes, probable_renames=probable,
                      table_renames=renames)
