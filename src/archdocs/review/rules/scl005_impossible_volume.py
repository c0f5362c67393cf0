"""SCL005: a declared volume that cannot be: negative rows, sizes or rates, or a table that
shrinks below zero rows within a year."""

from collections.abc import Iterator

from archdocs.model.scaling import Volume
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.sizing import rows_after_one_year


@rule(
    "SCL005", "impossible-volume", Severity.ERROR, family="scaling",
    why="Sizes, growth and the scalability path are computed from the declared volumes. A "
        "negative row count, row size or write rate, a growth below -100 % a year, or a net "
        "decline that leaves fewer than zero rows within a year is a typo (a sign, a missing "
        "digit), and every estimate built on it is nonsense: pages would print negative bytes.",
    fix="Correct the Volume(...) numbers. rows_per_day is net growth (rows added minus rows "
        "removed); a table that stays at a steady size declares rows and no rows_per_day.",
)
def impossible_volume(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for table in datastore.tables:
            volume = datastore.volume_of(table)
            if volume is None:
                continue
            problem = _problem(volume)
            if problem:
                yield Hit(
                    datastore,
                    f"the volume declared for {table.fullname}: {problem}",
                    target=table.fullname,
                    location=ctx.table_location(datastore, table),
                )


DOC = RuleDoc(
    checks="""
- every declared `Volume` (in `volumes=` or in the table notes): `rows`, `row_bytes` and
  `peak_writes_per_second` must not be negative, `row_bytes` not 0, `growth_per_year` not
  below -1 (-100 % a year);
- a negative `rows_per_day` (a net decline) must not leave fewer than zero rows after a year.
""",
    example="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=Base,
    volumes={"orders": Volume(rows=-2_000_000, rows_per_day=5_000)})
""",
    fixed="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=Base,
    volumes={"orders": Volume(rows=2_000_000, rows_per_day=5_000)})
""",
    suppress="""
# An impossible volume cannot be a trade-off: correct the numbers.
""",
)


def _problem(volume: Volume) -> str | None:
    for field, value in (("rows", volume.rows), ("row_bytes", volume.row_bytes),
                         ("peak_writes_per_second", volume.peak_writes_per_second)):
        if value is not None and value < 0:
            return f"{field} is negative ({value:,})"
    if volume.row_bytes == 0:
        return "row_bytes is 0: a row takes at least a few bytes"
    if volume.growth_per_year < -1:
        return (f"growth_per_year is {volume.growth_per_year}, a decline of more than 100 % a "
                "year")
    if volume.rows_per_day is not None and volume.rows_per_day < 0 \
            and rows_after_one_year(volume) < 0:
        return (f"rows_per_day {volume.rows_per_day:,.0f} leaves "
                f"{rows_after_one_year(volume):,.0f} rows after a year "
                f"(from {volume.rows or 0:,} today)")
    return None
