"""DM004: a very wide operational table."""

from collections.abc import Iterator

from archdocs.model.notes import notes_of_table
from archdocs.perf.modeling import WIDE_TABLE_COLUMNS
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "DM004", "wide-table", Severity.INFO, family="data modeling",
    why=f"A table with more than {WIDE_TABLE_COLUMNS} columns usually holds several entities "
        "or optional feature data in one row: rows get large, every update rewrites all of it "
        "(PostgreSQL writes a new tuple version), most columns are NULL for most rows, and "
        "every feature's migration touches the same hot table. Dimension tables are wide by "
        "design and not reported.",
    fix="Split groups of columns that belong together into their own tables (one-to-one, "
        "keyed by the same id), or move rarely used attributes into a JSON column.",
)
def wide_table(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for table in datastore.tables:
            if notes_of_table(table.info).dimension is not None:
                continue
            count = len(table.columns)
            if count > WIDE_TABLE_COLUMNS:
                yield Hit(
                    datastore,
                    f"{table.fullname} has {count} columns (more than {WIDE_TABLE_COLUMNS})",
                    target=table.fullname,
                    location=ctx.table_location(datastore, table),
                )


DOC = RuleDoc(
    checks="""
A table with more than 50 columns. Tables declared a `Dimension` are exempt:
wide, descriptive dimensions are normal in a star schema.
""",
    example="""
metadata = MetaData()
Table("accounts", metadata,
      Column("id", Integer, primary_key=True),
      *[Column(f"billing_{n}", String(40)) for n in range(20)],
      *[Column(f"notify_{n}", String(20)) for n in range(40)])

system = System("Shop")
system.context("CRM").datastore("crm-db", tech.PostgreSQL("16"), schema=metadata)
""",
    fixed="""
metadata = MetaData()
Table("accounts", metadata,
      Column("id", Integer, primary_key=True),
      *[Column(f"billing_{n}", String(40)) for n in range(20)])
Table("account_notification_settings", metadata,
      Column("account_id", Integer, ForeignKey("accounts.id"), primary_key=True),
      *[Column(f"notify_{n}", String(20)) for n in range(40)])

system = System("Shop")
system.context("CRM").datastore("crm-db", tech.PostgreSQL("16"), schema=metadata)
""",
    suppress="""
Table("accounts", metadata, ...,
      info=table_notes(suppress=[suppress("DM004", "one row per tenant, read whole")]))
""",
    notes="""
Groups that belong together (billing address, notification settings, feature flags) move
into one-to-one tables keyed by the account id; rarely used attributes can go into one JSON
column.
""",
)
