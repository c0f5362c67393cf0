"""Size estimates react to what a user declares: column types, indexes, measured row sizes."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, MetaData, Table, Text

from archdocs import tech
from archdocs.perf.estimate import estimate_table


def _table(*columns: Column, indexes: tuple[tuple[str, ...], ...] = ()) -> Table:
    table = Table("t", MetaData(), Column("id", BigInteger, primary_key=True), *columns)
    for number, names in enumerate(indexes):
        Index(f"ix_{number}", *(table.c[n] for n in names))
    return table


def test_wider_types_make_wider_rows_on_every_engine() -> None:
    narrow = _table(Column("n", Integer, nullable=False))
    wide = _table(Column("n", Integer, nullable=False), Column("body", Text, nullable=False),
                  Column("at", DateTime, nullable=False))
    for technology in (tech.PostgreSQL("16"), tech.MariaDB("11"), tech.MongoDB("7")):
        assert estimate_table(technology, wide).row_bytes > \
            estimate_table(technology, narrow).row_bytes, technology.name


def test_postgres_row_includes_tuple_header_alignment_and_item_pointer() -> None:
    # A single bigint: 24-byte header + 8 bytes = 32, plus a 4-byte item pointer per tuple,
    # 226 tuples per 8 KB page -> about 36 bytes per row.
    estimate = estimate_table(tech.PostgreSQL("16"), _table())
    assert 36 <= estimate.row_bytes <= 37
    # Its primary key index: 16-byte entries + 4-byte pointer, leaves 90 % full.
    [pk] = estimate.indexes
    assert 20 <= pk.bytes_per_row <= 24


def test_innodb_secondary_indexes_carry_the_primary_key() -> None:
    small_pk = Table("a", MetaData(), Column("id", Integer, primary_key=True),
                     Column("k", Integer), Index("ix_a_k", "k"))
    wide_pk = Table("b", MetaData(), Column("tenant", BigInteger, primary_key=True),
                    Column("number", BigInteger, primary_key=True),
                    Column("k", Integer), Index("ix_b_k", "k"))
    maria = tech.MariaDB("11")
    [a] = estimate_table(maria, small_pk).indexes
    [b] = estimate_table(maria, wide_pk).indexes
    assert b.bytes_per_row > a.bytes_per_row + 10  # 16 key bytes instead of 4
    # PostgreSQL secondary indexes point at the heap, not the key: same size.
    pg = tech.PostgreSQL("16")
    assert [i.bytes_per_row for i in estimate_table(pg, small_pk).indexes if i.index.name ==
            "ix_a_k"] == [i.bytes_per_row for i in estimate_table(pg, wide_pk).indexes
                          if i.index.name == "ix_b_k"]


def test_every_index_adds_to_the_total() -> None:
    bare = _table(Column("k", Integer), Column("at", DateTime))
    indexed = _table(Column("k", Integer), Column("at", DateTime), indexes=(("k", "at"),))
    engine = tech.PostgreSQL("16")
    assert estimate_table(engine, indexed).total_bytes(1_000_000) > \
        estimate_table(engine, bare).total_bytes(1_000_000)


def test_a_measured_row_size_replaces_the_estimate() -> None:
    estimate = estimate_table(tech.PostgreSQL("16"), _table(), row_bytes=500)
    assert estimate.row_bytes == 500
    assert estimate.measured
    assert estimate.table_bytes(1000) >= 500 * 1000
