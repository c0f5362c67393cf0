"""DM005: a pattern looks rows up by a business key that no unique key guarantees."""

from collections.abc import Iterator

from archdocs.model.notes import notes_of_table
from archdocs.perf.describe import pattern_label
from archdocs.perf.modeling import has_unique_key_within, looks_like_business_key
from archdocs.perf.serving import patterns_with_tables
from archdocs.quoting import python_string
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "DM005", "lookup-without-unique-key", Severity.WARNING, family="data modeling",
    why="A pattern that finds one row by a business key (an e-mail, a SKU, an order number) "
        "assumes the key is unique. Without a unique constraint, two rows with the same key "
        "appear sooner or later — a retried request, a race between two sign-ups — and the "
        "lookup returns either one.",
    fix="Declare the natural key: UniqueConstraint(...) in __table_args__ or "
        "mapped_column(unique=True). It also gives the lookup its index.",
)
def lookup_without_unique_key(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for pattern, table in patterns_with_tables(datastore):
            if table is None or not pattern.equals or pattern.text_search:
                continue
            # A range or a sort reads many rows and keeps the first: not a key lookup.
            if pattern.range or pattern.order_by:
                continue
            if notes_of_table(table.info).fact is not None:
                continue  # facts are looked up by dimension keys, many rows each
            equals = set(pattern.equals)
            if not equals <= set(table.columns.keys()):
                continue
            primary = {c.name for c in table.primary_key.columns}
            if equals & primary:
                continue
            single = pattern.limit == 1
            business = all(looks_like_business_key(c) for c in pattern.equals)
            if not (single or business):
                continue
            if has_unique_key_within(table, equals):
                continue
            columns = ", ".join(pattern.equals)
            quoted = ", ".join(python_string(c) for c in pattern.equals)
            yield Hit(
                datastore,
                f"{pattern_label(pattern)} looks up one row of {table.fullname} by ({columns}), "
                f"but no unique key guarantees there is only one",
                target=table.fullname,
                location=pattern.declared_at,
                hint=f"add UniqueConstraint({quoted}) to {table.name}'s __table_args__",
            )


DOC = RuleDoc(
    checks="""
An access pattern on a table that filters only by non-primary-key columns, has no `range`
and no `order_by` (those read many rows and keep the first), and either has `limit=1` or
filters only by columns named like business keys (`email`,
`username`, `sku`, `slug`, `*_code`, `*_number`, `external_id`, `token` …), while no primary
or unique key consists of those columns alone. Fact tables are not checked.
""",
    example="""
metadata = MetaData()
Table("users", metadata,
      Column("id", Integer, primary_key=True),
      Column("email", String(200)))

system = System("Shop")
system.context("Identity").datastore("users-db", tech.PostgreSQL("16"), schema=metadata,
    access_patterns=[AccessPattern("sign in", table="users", equals=["email"])])
""",
    fixed="""
metadata = MetaData()
Table("users", metadata,
      Column("id", Integer, primary_key=True),
      Column("email", String(200), unique=True))

system = System("Shop")
system.context("Identity").datastore("users-db", tech.PostgreSQL("16"), schema=metadata,
    access_patterns=[AccessPattern("sign in", table="users", equals=["email"])])
""",
    suppress="""
Table("users", metadata, ...,
      info=table_notes(suppress=[
          suppress("DM005", "e-mails are unique per tenant, enforced by the identity provider")]))
""",
)
