"""PRF011: an access pattern that the store's own keys and indexes do not serve."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.notes import AccessPattern
from archdocs.model.physical import (
    Collection,
    Hypertable,
    KeyPattern,
    SearchIndex,
    Structure,
    WideColumnTable,
)
from archdocs.perf.describe import pattern_label
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PRF011", "pattern-not-served-by-structure", Severity.WARNING, family="access patterns",
    why="Outside SQL there is no planner to fall back on a scan politely: a DynamoDB query "
        "must name its table's or a GSI's partition key (otherwise it is a Scan of the whole "
        "table), a Cassandra query its partition key (or ALLOW FILTERING across the "
        "cluster), a MongoDB query an index (a collection scan), a Redis read the whole key, "
        "and a search query fields the mapping indexes.",
    fix="Add what serves the pattern: a GSI or a query-first table keyed by what the "
        "pattern filters on, a MongoDB index (DocumentIndex([...])), a key pattern whose "
        "placeholders the pattern knows, a mapped field; or correct the pattern's table= "
        "and field names.",
)
def pattern_not_served_by_structure(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if not datastore.structures:
            continue
        for pattern in datastore.access_patterns:
            if pattern.table is None or datastore.table(pattern.table) is not None:
                continue  # a SQL table: the relational rules check it
            structure = datastore.structure(pattern.table)
            if structure is None:
                known = ", ".join(s.name for s in datastore.structures[:8])
                yield Hit(datastore, f"{pattern_label(pattern)} names {pattern.table!r}, "
                                     f"which {datastore.name} does not declare (it declares "
                                     f"{known})", target=pattern.table,
                          location=pattern.declared_at)
                continue
            problem = _problem(datastore, structure, pattern)
            if problem:
                yield Hit(datastore, f"{pattern_label(pattern)} on {structure.name}: {problem}",
                          target=pattern.table, location=pattern.declared_at)


def _fields(pattern: AccessPattern) -> list[str]:
    fields = list(pattern.equals)
    if pattern.range:
        fields.append(pattern.range)
    return fields


def _problem(datastore: Datastore, structure: Structure, pattern: AccessPattern) -> str:
    equals = set(pattern.equals)
    if isinstance(structure, WideColumnTable):
        if structure.serves(pattern.equals) is None:
            keys = [", ".join(structure.partition_key)] + [
                f"{i.name}: {', '.join(i.partition_key)}" for i in structure.indexes]
            return (f"filters on {', '.join(sorted(equals)) or 'nothing'} by equality, which "
                    f"is neither the table's partition key nor an index's "
                    f"({'; '.join(keys)}): every call scans the table")
        return ""
    if isinstance(structure, Collection):
        if not equals and pattern.range is None:
            return ""
        if structure.index_for(list(pattern.equals)) is None and \
                structure.index_for(_fields(pattern)) is None:
            return (f"no index starts with {', '.join(_fields(pattern))}: every call scans "
                    "the collection")
        return ""
    if isinstance(structure, KeyPattern):
        missing = [p for p in structure.placeholders if p not in equals]
        if missing:
            return (f"the key {structure.name} needs {', '.join(missing)}, which the pattern "
                    "does not know: reading it means SCAN over every key")
        return ""
    if isinstance(structure, SearchIndex):
        mapped = {m.name: m for m in structure.mappings}
        if not mapped:
            return ""
        unknown = [f for f in _fields(pattern) if f not in mapped]
        if unknown:
            return f"{', '.join(unknown)} is not in the index mapping"
        if pattern.text_search:
            untexted = [f for f in pattern.equals
                        if mapped[f].type not in ("text", "completion", "search_as_you_type")]
            if untexted:
                return (f"full-text search on {', '.join(untexted)}, mapped as "
                        f"{', '.join(mapped[f].type for f in untexted)}: not analysed")
        return ""
    if isinstance(structure, Hypertable) and pattern.range is not None \
            and pattern.range != structure.time_column:
        return (f"a range on {pattern.range}, not on the time column "
                    f"{structure.time_column}: every chunk is read")
    return ""


DOC = RuleDoc(
    checks="""
Access patterns declared on a datastore with `table=` naming one of its physical structures:

- `WideColumnTable` (DynamoDB, Cassandra): the equality fields must include the whole partition
  key of the table or of one of its secondary indexes;
- `Collection` (MongoDB): `_id`, or an index whose first key the pattern filters on;
- `KeyPattern` (Redis): the pattern must know every `{placeholder}` of the key template;
- `SearchIndex`: every field must be mapped, and full-text fields mapped as `text`;
- `Hypertable`: a range must be on the time column;
- a `table=` that names no structure of the store.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
orders = WideColumnTable("orders", partition_key=["customer_id"], sort_key=["created_at"],
                         indexes=[SecondaryIndex("by-order", ["order_id"])])
sales.datastore("orders", tech.DynamoDB(), structures=[orders], access_patterns=[
    AccessPattern("orders by status", table="orders", equals=["status"]),
])
""",
    fixed="""
system = System("Shop")
sales = system.context("Sales")
orders = WideColumnTable("orders", partition_key=["customer_id"], sort_key=["created_at"],
                         indexes=[SecondaryIndex("by-order", ["order_id"]),
                                  SecondaryIndex("by-status", ["status"])])
sales.datastore("orders", tech.DynamoDB(), structures=[orders], access_patterns=[
    AccessPattern("orders by status", table="orders", equals=["status"]),
])
""",
    suppress="""
sales.datastore("orders", tech.DynamoDB(), structures=[orders], access_patterns=[...],
    suppress=[suppress("PRF011", "nightly export, a Scan is intended", target="orders")])
""",
)
