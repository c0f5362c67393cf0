"""DM001: numbered copies of one column (phone1, phone2, phone3)."""

from collections.abc import Iterator

from archdocs.perf.modeling import REPEATING_GROUP_MINIMUM, repeating_groups
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "DM001", "repeating-column-group", Severity.WARNING, family="data modeling",
    why="Numbered copies of a column are a list stored sideways (a first-normal-form "
        "violation): the fourth phone number needs a migration, a search must test every copy, "
        "and nothing stops gaps or duplicates between them. "
        f"Groups of {REPEATING_GROUP_MINIMUM} or more consecutive numbers are reported.",
    fix="Move the group into a child table with one row per value (customer_phones with "
        "customer_id, position, phone), or into an array column if the values are never "
        "queried on their own.",
)
def repeating_column_group(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for table in datastore.tables:
            for stem, columns in repeating_groups(table):
                first = table.columns[columns[0]]
                yield Hit(
                    datastore,
                    f"{table.fullname} repeats {stem!r} in {len(columns)} numbered columns "
                    f"({', '.join(columns)}): a list stored as columns",
                    target=f"{table.fullname}.{columns[0]}",
                    location=ctx.column_location(datastore, table, first),
                    hint=f"move them to a child table {table.name}_{stem}s ("
                         f"{table.name}_id, position, {stem})",
                )


DOC = RuleDoc(
    checks="""
Columns whose names differ only by a trailing number (`phone1`, `phone2`,
`phone3`, or `tag_1` … `tag_4`): three or more consecutive numbers form a group. Two
(`address_line1`, `address_line2`) are a common, harmless convention and are not reported.
""",
    example="""
metadata = MetaData()
Table("customers", metadata,
      Column("id", Integer, primary_key=True),
      Column("name", String(100)),
      Column("phone1", String(20)),
      Column("phone2", String(20)),
      Column("phone3", String(20)))

system = System("Shop")
system.context("CRM").datastore("crm-db", tech.PostgreSQL("16"), schema=metadata)
""",
    fixed="""
metadata = MetaData()
Table("customers", metadata,
      Column("id", Integer, primary_key=True),
      Column("name", String(100)))
Table("customer_phones", metadata,
      Column("customer_id", Integer, ForeignKey("customers.id"), primary_key=True),
      Column("position", Integer, primary_key=True),
      Column("phone", String(20), nullable=False))

system = System("Shop")
system.context("CRM").datastore("crm-db", tech.PostgreSQL("16"), schema=metadata)
""",
    suppress="""
Column("phone1", String(20), info=column_notes(suppress=[
    suppress("DM001", "mirrors the vendor's export format, read-only")])),
""",
)
