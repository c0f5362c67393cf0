"""ER diagrams: what a reader sees, stable output, hostile names, and big schemas split into
readable parts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from render_example import (
    HOSTILE_NAMES,
    hostile,
    shop,
    store_with,
    svg_texts,
    synthetic_schema,
)

from archdocs.render import DiagramRenderer, er_focus_spec, er_parts, er_specs, table_owners


def render_all(specs):
    results = DiagramRenderer().render(specs)
    for diagram in results.values():
        assert diagram.error is None, diagram.error
    return results


def test_small_datastore_gets_one_diagram_with_tables_columns_and_relations():
    system = shop()
    orders_db = system.find_datastore("orders-db")
    specs = er_specs(system, orders_db)
    assert [s.key for s in specs] == ["er-orders-db"]
    texts = svg_texts(render_all(specs)["er-orders-db"].svg)
    for text in ("customer", "orders", "order_line", "customer_id", "order_id"):
        assert text in texts
    assert "[VARCHAR(200)]" in " ".join(texts)  # customer.email, compiled for PostgreSQL
    # Two foreign keys, each drawn from the referencing column to the referenced key.
    assert re.search(r'"customer":"id" -- "orders":"customer_id"', specs[0].dot)
    assert re.search(r'"orders":"id" -- "order_line":"order_id"', specs[0].dot)


def test_datastore_without_tables_has_no_er_diagram():
    system = shop()
    assert er_specs(system, system.find_datastore("order-cache")) == []


def test_relation_order_does_not_depend_on_declaration_order():
    system_forward, forward = store_with(synthetic_schema())
    system_backward, backward = store_with(synthetic_schema(reverse=True))
    assert er_specs(system_forward, forward) == er_specs(system_backward, backward)


def test_large_datastore_is_split_into_parts_of_at_most_sixty_tables():
    system, datastore = store_with(synthetic_schema())
    parts = er_parts(datastore, max_tables=60)
    sizes = [len(part.tables) for part in parts]
    assert max(sizes) <= 60
    drawn = sorted(t.fullname for part in parts for t in part.tables)
    assert drawn == sorted(t.fullname for t in datastore.tables)  # each table exactly once
    specs = er_specs(system, datastore)
    keys = [spec.key for spec in specs]
    assert len(set(keys)) == len(keys)
    assert all(key.startswith("er-big-db--") for key in keys)
    # The schemas that fit stay whole and are named after the schema.
    assert "er-big-db--audit" in keys and "er-big-db--misc" in keys
    assert sum(key.startswith("er-big-db--core-") for key in keys) >= 3
    results = render_all(specs)
    audit = svg_texts(results["er-big-db--audit"].svg)
    assert "audit.log000" in audit
    # audit references core: the core tables appear as stubs, not with their columns.
    assert "core.t000" in audit and results["er-big-db--audit"].svg.count("core.t000") >= 1


def test_part_keys_stay_stable_when_an_unrelated_schema_grows():
    _, before = store_with(synthetic_schema())
    _, after = store_with(synthetic_schema(extra_misc=5))
    core_before = {p.name: [t.fullname for t in p.tables] for p in er_parts(before)
                   if p.name.startswith("core")}
    core_after = {p.name: [t.fullname for t in p.tables] for p in er_parts(after)
                  if p.name.startswith("core")}
    assert core_before == core_after


def test_single_schema_split_follows_foreign_keys():
    _, datastore = store_with(synthetic_schema(audit_tables=0, misc_tables=0, core_tables=130))
    parts = er_parts(datastore, max_tables=60)
    assert len(parts) >= 3 and all(len(p.tables) <= 60 for p in parts)
    # Parts are cohesive: most foreign keys stay inside a part.
    part_of = {t.fullname: p.name for p in parts for t in p.tables}
    inside = crossing = 0
    for table in datastore.tables:
        for fk in table.foreign_keys:
            if part_of[table.fullname] == part_of[fk.column.table.fullname]:
                inside += 1
            else:
                crossing += 1
    assert inside > 4 * crossing


def test_focus_diagram_shows_a_table_and_its_neighbours_only():
    system, datastore = store_with(synthetic_schema())
    spec = er_focus_spec(system, datastore, "core.t001")
    assert spec.key == "erfocus-big-db--core-t001"
    texts = svg_texts(render_all([spec])[spec.key].svg)
    # t001 references t000; t004, t005 and t006 reference t001.
    for name in ("core.t001", "core.t000", "core.t004", "core.t005", "core.t006"):
        assert name in texts
    assert "core.t002" not in texts and "core.t003" not in texts and "misc.m000" not in texts
    # Neighbours show only their keys and the columns of the relation.
    assert "label" in " ".join(texts)  # the focused table shows every column


def test_focus_on_unknown_table_says_so():
    system, datastore = store_with(synthetic_schema())
    with pytest.raises(KeyError, match="no table"):
        er_focus_spec(system, datastore, "nope")


def test_hostile_table_and_column_names_are_drawn_literally():
    system = hostile()
    datastore = next(d for d in system.datastores if d.tables)
    specs = er_specs(system, datastore) + [er_focus_spec(system, datastore, HOSTILE_NAMES[0])]
    results = render_all(specs)
    for diagram in results.values():
        ET.fromstring(diagram.svg)
        assert "<script" not in diagram.svg
    texts = " ".join(svg_texts(results[specs[0].key].svg))
    for name in (HOSTILE_NAMES[0], HOSTILE_NAMES[3], 'parent "id"', 'say "hi"', "back\\slash\\",
                 "`tick`"):
        assert name in texts, name
    mermaid = specs[0].mermaid
    structure = re.sub(r'"[^"]*"', '""', mermaid)
    assert "<script" not in mermaid and "`" not in structure
    assert re.fullmatch(r'[A-Za-z0-9_\s\[\]{}"|,.o-]*', structure.replace(":", "")), structure


def test_wide_table_shows_keys_first_and_summarises_the_rest():
    from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

    metadata = MetaData()
    Table("parent", metadata, Column("id", Integer, primary_key=True))
    Table("wide", metadata,
          *(Column(f"c{n:02d}", String(5)) for n in range(50)),
          Column("id", Integer, primary_key=True),
          Column("parent_id", Integer, ForeignKey("parent.id")))
    system, datastore = store_with(metadata, "wide-db")
    spec = er_specs(system, datastore)[0]
    texts = svg_texts(render_all([spec])[spec.key].svg)
    assert texts.index("id") < texts.index("parent_id") < texts.index("c00")
    assert "c37" in texts and "c38" not in texts  # 40 rows: id, parent_id, c00 … c37
    assert "… 12 more columns" in texts


def test_importing_the_er_renderer_leaves_the_root_logger_alone():
    # eralchemy calls logging.debug() at import, which installs a root handler that would
    # print every later log record of the user's program twice.
    import subprocess
    import sys

    code = ("import logging, archdocs.render.er; "
            "print(len(logging.getLogger().handlers))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=120)
    assert result.stdout.strip() == "0"


def test_a_big_shared_datastore_is_split_per_context_that_writes_it():
    from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

    from archdocs import Access, Mechanism, SharedDatabase, System, tech

    metadata = MetaData()
    for prefix, count in (("order", 70), ("stock", 40), ("ref", 5)):
        for n in range(count):
            columns = [Column("id", Integer, primary_key=True)]
            if n:
                columns.append(Column("parent_id", Integer, ForeignKey(f"{prefix}_{n - 1}.id")))
            Table(f"{prefix}_{n}", metadata, *columns)
    system = System("Legacy")
    sales, warehouse = system.context("Sales"), system.context("Warehouse")
    erp = sales.datastore("erp-db", tech.PostgreSQL("16"), schema=metadata)
    orders_api, stock_api = sales.service("orders-api"), warehouse.service("stock-api")
    tables = [t for t in metadata.sorted_tables]
    system.flow(orders_api, erp, Mechanism.QUERY, access=Access.READ_WRITE,
                carries=[t for t in tables if t.name.startswith(("order_", "ref_"))])
    system.flow(stock_api, erp, Mechanism.QUERY, access=Access.READ_WRITE,
                carries=[t for t in tables if t.name.startswith(("stock_", "ref_"))])
    system.pattern(SharedDatabase("the ERP database", erp))

    parts = er_parts(erp, max_tables=60, owners=table_owners(system, erp))
    by_label: dict[str, set[str]] = {}
    for part in parts:
        by_label.setdefault(part.label.split(":")[0], set()).update(t.name for t in part.tables)
    # Sales' 70 tables need two diagrams; Warehouse's 40 fit one; the tables both write are
    # drawn apart as shared.
    assert by_label == {
        "Sales tables": {f"order_{n}" for n in range(70)},
        "Warehouse tables": {f"stock_{n}" for n in range(40)},
        "shared tables": {f"ref_{n}" for n in range(5)},
    }
    assert all(len(part.tables) <= 60 for part in parts)
    keys = [spec.key for spec in er_specs(system, erp)]
    assert "er-erp-db--warehouse" in keys and "er-erp-db--shared" in keys
    assert sum(key.startswith("er-erp-db--sales-") for key in keys) == 2


def test_foreign_keys_are_marked_drawn_with_crows_feet_and_a_composite_key_is_one_edge():
    from sqlalchemy import Column, ForeignKeyConstraint, Integer, MetaData, String, Table

    metadata = MetaData()
    Table("warehouse", metadata, Column("region", String(8), primary_key=True),
          Column("code", String(8), primary_key=True))
    Table("bin", metadata, Column("id", Integer, primary_key=True),
          Column("region", String(8), nullable=False), Column("code", String(8), nullable=False),
          ForeignKeyConstraint(["region", "code"], ["warehouse.region", "warehouse.code"]))
    system, datastore = store_with(metadata, "stock-db")
    (spec,) = er_specs(system, datastore)
    # One relationship per foreign key, however many columns it has.
    assert len(re.findall(r'"warehouse"[^\n]* -- "bin"', spec.dot)) == 1
    # Crow's foot at the referencing side, a bar at the referenced one; no "0..N" labels.
    assert 'arrowhead="crowodot"' in spec.dot and 'arrowtail="teetee"' in spec.dot
    assert "0..N" not in spec.dot
    svg = render_all([spec])[spec.key].svg
    rows = [" ".join(row.itertext()) for row in ET.fromstring(svg).iter(
        "{http://www.w3.org/2000/svg}g") if row.get("class") == "node"]
    bin_box = next(row for row in rows if "bin" in row.split())
    # Both foreign-key columns are marked, the key column is not.
    assert bin_box.count("FK") == 2, bin_box
    # Every box links to its table page.
    assert dict(spec.links)["bin"].kind == "table" and dict(spec.links)["bin"].datastore == "stock-db"
