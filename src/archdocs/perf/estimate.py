"""Size estimates from column types: bytes per row on disk and per index entry, for the
storage engine a technology uses.

The figures follow each engine's documented on-disk layout:

* **PostgreSQL** (and TimescaleDB): a heap tuple is a 23-byte header (plus the null bitmap),
  padded to 8 bytes, then each column aligned to its type's alignment, the tuple padded to 8,
  plus a 4-byte item pointer in an 8 KB page (24-byte page header). A B-tree entry is an 8-byte
  index tuple header plus the key, padded to 8, plus its item pointer; leaves are filled to
  90 % by ascending keys and about 70 % by random ones.
* **InnoDB** (MySQL, MariaDB): the table is the clustered primary-key index. A record has a
  5-byte header, a 6-byte transaction id and a 7-byte roll pointer, one or two length bytes per
  variable-length column and a null bitmap, in 16 KB pages filled to 15/16 by ascending keys.
  Secondary index entries hold their key plus the primary key.
* Other stores: the payload plus a per-record overhead and a storage factor per technology
  (see :data:`GENERIC_LAYOUTS`).

Strings are the unknown: their average length is guessed from the declared length and from
common column names (an e-mail is ~24 characters). Declare ``Volume(row_bytes=...)`` when you
have measured the real size.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import (
    ARRAY,
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    Interval,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    Uuid,
)

from archdocs.model.datastore import Datastore
from archdocs.model.technology import Technology
from archdocs.perf.indexes import IndexInfo, table_indexes

# Average characters by column name, for strings whose declared length says little.
_NAME_LENGTHS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern), length)
    for pattern, length in (
        (r"e_?mail", 24),
        (r"(^|_)(first|last|middle|given|family|sur)_?name$", 8),
        (r"(^|_)(user_?name|login|handle)$", 12),
        (r"(^|_)name$", 16),
        (r"(^|_)(city|town)$", 10),
        (r"(^|_)(street|address|address_line\d*)$", 24),
        (r"(^|_)(phone|mobile|fax)(_?number)?\d*$", 14),
        (r"(^|_)(zip|postal_code|postcode)$", 6),
        (r"(^|_)(status|state|type|kind)$", 9),
        (r"(^|_)(country|currency|language|locale)(_code)?$", 3),
        (r"(^|_)(url|uri|link|href)$", 60),
        (r"(^|_)(title|subject|headline)$", 40),
        (r"(^|_)(notes?|comments?|remarks?|reason)$", 40),
        (r"(^|_)(description|body|text|content|message)$", 200),
        (r"(^|_)(code|sku|ref|reference|number|no)$", 12),
        (r"(^|_)(hash|token|digest)$", 64),
    )
)
UNBOUNDED_TEXT_LENGTH = 120
"""Average characters assumed for ``Text`` and unbounded ``String`` without a name hint."""
NULLABLE_FILL = 0.5
"""Share of rows assumed to have a value in a nullable column: optional data is often absent."""


def _filled(column: Column[object], size: float) -> float:
    return size * NULLABLE_FILL if column.nullable and not column.primary_key else size


def average_string_length(column: Column[object]) -> float:
    """Average characters stored in a string column (a guess, see the module docstring)."""
    declared = getattr(column.type, "length", None)
    name = column.name.lower()
    for pattern, length in _NAME_LENGTHS:
        if pattern.search(name):
            return float(min(length, declared) if declared else length)
    if declared is None or isinstance(column.type, Text) and declared is None:
        return float(UNBOUNDED_TEXT_LENGTH)
    if declared <= 8:
        return float(declared)  # codes: usually full
    # Long limits are set generously: values fill a shrinking share of them.
    return min(float(declared), 8 + (float(declared) - 8) * 0.3)


@dataclass(frozen=True)
class ColumnSize:
    """Bytes a value takes and the alignment it needs (1 for unaligned)."""

    bytes: float
    align: int = 1


def _numeric_digits(column: Column[object]) -> tuple[int, int]:
    precision = getattr(column.type, "precision", None) or 12
    scale = getattr(column.type, "scale", None)
    scale = 2 if scale is None else scale
    # Typical values use about half the integer digits the precision allows.
    return max(1, math.ceil((precision - scale) / 2)), scale


def postgres_column(column: Column[object]) -> ColumnSize:
    """On-disk size and alignment of one PostgreSQL value."""
    kind = column.type
    if isinstance(kind, Boolean):
        return ColumnSize(1, 1)
    if isinstance(kind, SmallInteger):
        return ColumnSize(2, 2)
    if isinstance(kind, BigInteger):
        return ColumnSize(8, 8)
    if isinstance(kind, Integer):
        return ColumnSize(4, 4)
    if isinstance(kind, Float):
        precision = getattr(kind, "precision", None)
        return ColumnSize(4, 4) if precision is not None and precision <= 24 else ColumnSize(8, 8)
    if isinstance(kind, Numeric):
        integer, scale = _numeric_digits(column)
        groups = math.ceil(integer / 4) + math.ceil(scale / 4)
        return ColumnSize(1 + 2 + 2 * groups)  # short varlena header, numeric header, groups
    if isinstance(kind, DateTime):
        return ColumnSize(8, 8)
    if isinstance(kind, Date):
        return ColumnSize(4, 4)
    if isinstance(kind, Time):
        return ColumnSize(8, 8)
    if isinstance(kind, Interval):
        return ColumnSize(16, 8)
    if isinstance(kind, Uuid):
        return ColumnSize(16, 1)
    if isinstance(kind, Enum) and getattr(kind, "native_enum", True):
        return ColumnSize(4, 4)
    if isinstance(kind, JSON):
        return ColumnSize(4 + 200, 4)
    if isinstance(kind, ARRAY):
        return ColumnSize(4 + 20 + 5 * 8, 4)
    if isinstance(kind, LargeBinary):
        return ColumnSize(4 + 100, 4)
    if isinstance(kind, String):
        length = average_string_length(column)
        return ColumnSize(length + (1 if length < 127 else 4), 1 if length < 127 else 4)
    return ColumnSize(8, 8)


_DECIMAL_LEFTOVER = (0, 1, 1, 2, 2, 3, 3, 4, 4, 4)


def innodb_column(column: Column[object]) -> tuple[float, bool]:
    """InnoDB bytes of one value, and whether it is variable-length (needs a length byte)."""
    kind = column.type
    if isinstance(kind, Boolean):
        return 1, False
    if isinstance(kind, SmallInteger):
        return 2, False
    if isinstance(kind, BigInteger):
        return 8, False
    if isinstance(kind, Integer):
        return 4, False
    if isinstance(kind, Float):
        precision = getattr(kind, "precision", None)
        return (4 if precision is not None and precision <= 24 else 8), False
    if isinstance(kind, Numeric):
        precision = getattr(kind, "precision", None) or 10
        scale = getattr(kind, "scale", None) or 0
        integer = precision - scale

        def packed(digits: int) -> int:
            return digits // 9 * 4 + _DECIMAL_LEFTOVER[digits % 9]

        return packed(integer) + packed(scale), False
    if isinstance(kind, DateTime):
        return 5, False
    if isinstance(kind, Date):
        return 3, False
    if isinstance(kind, Time):
        return 3, False
    if isinstance(kind, Interval):
        return 8, False
    if isinstance(kind, Uuid):
        return 32, True  # CHAR(32) in a variable-width character set
    if isinstance(kind, Enum):
        return (1 if len(kind.enums) < 256 else 2), False
    if isinstance(kind, JSON):
        return 220, True
    if isinstance(kind, LargeBinary):
        return 100, True
    if isinstance(kind, String):
        return average_string_length(column), True
    return 8, False


@dataclass(frozen=True)
class IndexEstimate:
    """Bytes one row adds to one index."""

    index: IndexInfo
    bytes_per_row: float


@dataclass(frozen=True)
class TableEstimate:
    """Estimated on-disk bytes per row of a table and of each of its indexes."""

    table: str
    engine: str
    payload_bytes: float
    """The column values of an average row, before any engine overhead."""
    row_bytes: float
    """Bytes one row takes in the table, with record and page overhead."""
    indexes: tuple[IndexEstimate, ...] = ()
    fixed_bytes: float = 0.0
    """Bytes a table takes whatever its row count (metadata pages, free-space maps)."""
    measured: bool = False
    """True when ``row_bytes`` comes from a declared ``Volume(row_bytes=...)``."""

    @property
    def index_bytes_per_row(self) -> float:
        return sum(index.bytes_per_row for index in self.indexes)

    def table_bytes(self, rows: float) -> float:
        return rows * self.row_bytes + (self.fixed_bytes if rows else 0.0)

    def index_bytes(self, rows: float) -> float:
        return rows * self.index_bytes_per_row

    def total_bytes(self, rows: float) -> float:
        """Table plus indexes for ``rows`` rows."""
        return self.table_bytes(rows) + self.index_bytes(rows)


def _maxalign(value: float, to: int = 8) -> float:
    return math.ceil(value / to) * to


_PG_PAGE = 8192
_PG_HEAP_USABLE = _PG_PAGE - 24
_PG_INDEX_USABLE = _PG_PAGE - 24 - 16
_PG_MAX_TUPLES_PER_PAGE = 291


def _postgres_tuple(columns: Sequence[Column[object]]) -> tuple[float, float]:
    """(payload, tuple bytes including header and alignment) of one heap tuple."""
    offset, payload = 0.0, 0.0
    for column in columns:
        size = postgres_column(column)
        value = _filled(column, size.bytes)
        offset = math.ceil(offset / size.align) * size.align + value
        payload += value
    bitmap = math.ceil(len(columns) / 8) if any(c.nullable for c in columns) else 0
    header = _maxalign(23 + bitmap)
    return payload, _maxalign(header + offset)


def _ascending(table: Table, index: IndexInfo) -> bool:
    """Whether new rows append at the right end of the index (identity keys, timestamps)."""
    if not index.parts:
        return False
    column = table.columns.get(index.parts[0].column)
    if column is None:
        return False
    if isinstance(column.type, (DateTime, Date)):
        return True
    return column.primary_key and isinstance(column.type, Integer) and column.autoincrement in (
        True, "auto"
    )


def _postgres_estimate(table: Table) -> TableEstimate:
    columns = list(table.columns)
    payload, tuple_bytes = _postgres_tuple(columns)
    per_page = min(_PG_MAX_TUPLES_PER_PAGE, max(1, _PG_HEAP_USABLE // (tuple_bytes + 4)))
    row_bytes = _PG_PAGE / per_page
    indexes = []
    for index in table_indexes(table):
        if index.full_text:
            continue  # GIN size depends on the text, not the row count alone
        key_columns = [table.columns[c] for c in index.columns if c in table.columns]
        key = 0.0
        for column in key_columns:
            size = postgres_column(column)
            key = math.ceil(key / size.align) * size.align + size.bytes
        entry = _maxalign(8 + key) + 4
        fill = 0.9 if _ascending(table, index) else 0.7
        per_leaf = max(1, math.floor(_PG_INDEX_USABLE * fill / entry))
        # Inner pages add about one entry per leaf page.
        indexes.append(IndexEstimate(index, _PG_PAGE / per_leaf * (1 + 1 / per_leaf)))
    varlena = any(postgres_column(c).align != 8 and not isinstance(
        c.type, (Boolean, Integer, Date, Uuid)) for c in columns)
    # Free-space map (3 pages), visibility map (1 page), and the TOAST table's index.
    fixed = _PG_PAGE * (4 + (1 if varlena else 0))
    return TableEstimate(table.fullname, "postgresql", payload, row_bytes, tuple(indexes), fixed)


_INNODB_PAGE = 16384
_INNODB_USABLE = _INNODB_PAGE - 38 - 56 - 8 - 26  # FIL header/trailer, index header, infimum…
_INNODB_FILL = 15 / 16
_INNODB_RANDOM_FILL = 0.69


def _innodb_record(columns: Sequence[Column[object]], *, clustered: bool) -> tuple[float, float]:
    payload, lengths = 0.0, 0
    for column in columns:
        size, variable = innodb_column(column)
        size = _filled(column, size) if variable else size
        payload += size
        if variable:
            lengths += 1 if size < 128 else 2
    nulls = math.ceil(sum(1 for c in columns if c.nullable) / 8)
    system = 6 + 7 if clustered else 0  # DB_TRX_ID, DB_ROLL_PTR
    # 5-byte header, and about one page-directory slot (2 bytes) per 6 records.
    return payload, 5 + lengths + nulls + system + payload + 2 / 6


def _innodb_estimate(table: Table) -> TableEstimate:
    columns = list(table.columns)
    pk = [table.columns[c.name] for c in table.primary_key.columns]
    payload, record = _innodb_record(columns, clustered=True)
    if not pk:
        record += 6  # the hidden DB_ROW_ID
    per_page = max(1, math.floor(_INNODB_USABLE * _INNODB_FILL / record))
    row_bytes = _INNODB_PAGE / per_page
    indexes = []
    for index in table_indexes(table):
        if index.kind == "primary key" or index.full_text:
            continue
        key = [table.columns[c] for c in index.columns if c in table.columns]
        key += [c for c in pk if c not in key]
        _, entry = _innodb_record(key, clustered=False)
        fill = _INNODB_FILL if _ascending(table, index) else _INNODB_RANDOM_FILL
        per_leaf = max(1, math.floor(_INNODB_USABLE * fill / entry))
        indexes.append(IndexEstimate(index, _INNODB_PAGE / per_leaf * (1 + 1 / per_leaf)))
    return TableEstimate(table.fullname, "innodb", payload, row_bytes, tuple(indexes),
                         fixed_bytes=_INNODB_PAGE)


@dataclass(frozen=True)
class GenericLayout:
    """Overhead model for a store without a page layout archdocs models in detail."""

    engine: str
    record_overhead: float
    factor: float
    """Multiplies payload plus overhead: compression (< 1) or replication inside one node
    and write amplification (> 1)."""
    index_entry_overhead: float = 16.0
    field_name_bytes: bool = False
    """Documents repeat every field name in every record (BSON)."""


GENERIC_LAYOUTS: dict[str, GenericLayout] = {
    "mongodb": GenericLayout("wiredtiger (bson, snappy)", 5 + 12, 0.6, 12, field_name_bytes=True),
    "dynamodb": GenericLayout("dynamodb items", 100, 1.0, 100, field_name_bytes=True),
    "cassandra": GenericLayout("cassandra sstables (lz4)", 23, 0.7, 30),
    "redis": GenericLayout("redis in memory", 64, 1.3, 64),
    "memcached": GenericLayout("memcached slabs", 56, 1.25, 0),
    "elasticsearch": GenericLayout("lucene segments", 30, 1.4, 0),
    "opensearch": GenericLayout("lucene segments", 30, 1.4, 0),
    "influxdb": GenericLayout("tsm (compressed)", 4, 0.3, 0),
    "sqlite": GenericLayout("sqlite b-tree pages", 10, 1.2, 10),
    "kafka": GenericLayout("kafka log segments", 70, 1.0, 0),
}
_DEFAULT_LAYOUT = GenericLayout("generic", 24, 1.3, 16)


def _generic_estimate(technology: Technology, table: Table) -> TableEstimate:
    layout = GENERIC_LAYOUTS.get(technology.id, _DEFAULT_LAYOUT)
    payload = 0.0
    for column in table.columns:
        size = postgres_column(column).bytes
        payload += size + (len(column.name) + 2 if layout.field_name_bytes else 0)
    row = (payload + layout.record_overhead) * layout.factor
    indexes = []
    if layout.index_entry_overhead:
        for index in table_indexes(table, technology.sql_dialect):
            key = sum(postgres_column(table.columns[c]).bytes for c in index.columns
                      if c in table.columns)
            indexes.append(IndexEstimate(index, (key + layout.index_entry_overhead) / 0.7))
    return TableEstimate(table.fullname, layout.engine, payload, row, tuple(indexes))


_ENGINES = {"postgresql": _postgres_estimate, "timescaledb": _postgres_estimate,
            "mysql": _innodb_estimate, "mariadb": _innodb_estimate}


def estimate_table(technology: Technology, table: Table, *, row_bytes: int | None = None
                   ) -> TableEstimate:
    """Bytes per row of ``table`` and its indexes stored in ``technology``.

    ``row_bytes`` (a measured average row size) replaces the table's estimated bytes per row.
    """
    engine = _ENGINES.get(technology.id)
    estimate = engine(table) if engine is not None else _generic_estimate(technology, table)
    if row_bytes is not None:
        return TableEstimate(estimate.table, estimate.engine, estimate.payload_bytes,
                             float(row_bytes), estimate.indexes, estimate.fixed_bytes, True)
    return estimate


@dataclass(frozen=True)
class DatastoreEstimate:
    """Per-table estimates of one datastore."""

    datastore: Datastore
    tables: dict[str, TableEstimate] = field(default_factory=dict)


def estimate_datastore(datastore: Datastore) -> DatastoreEstimate:
    """Estimates for every table of ``datastore``, honouring declared ``row_bytes``."""
    tables = {}
    for table in datastore.tables:
        volume = datastore.volume_of(table)
        tables[table.fullname] = estimate_table(
            datastore.technology, table, row_bytes=volume.row_bytes if volume else None
        )
    return DatastoreEstimate(datastore, tables)
