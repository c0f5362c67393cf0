"""Entity-relationship diagrams as DOT, split so no diagram is unreadable.

The DOT is written here, in eralchemy's look (tables as HTML-like labels, keys underlined,
dashed edges), with foreign-key columns marked FK, one edge per foreign-key constraint and
crow's-foot ends: archdocs used eralchemy's internals
(intermediary objects, module-global templates, a root-logger handler on import) rather than
its ``render_er``, which iterates foreign keys in set order, compiles a regular expression of
every name, swallows rendering errors and prints names unescaped. See
docs/adr/20261206-write-the-er-dot-ourselves-and-confine-diagrams-internals-79e86b06.md. Here relations are sorted, every name
and type is escaped, and layout errors are reported by :mod:`archdocs.render.layout`.
"""

from __future__ import annotations

import heapq
import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Column as SAColumn
from sqlalchemy import ForeignKey, Table

from archdocs.model.datastore import Datastore
from archdocs.model.sql import dialect_for, type_text
from archdocs.model.system import Service, System
from archdocs.model.views import ERViewpoint, viewpoint_tables
from archdocs.naming import slug_base, slugify
from archdocs.render.escape import dot_html, dot_quoted, mermaid_text, safe_id, shorten
from archdocs.render.spec import DiagramSpec, LinkTarget, mermaid_wanted

if TYPE_CHECKING:
    from archdocs.render.measure import Measurements

MAX_COLUMNS = 40
"""Columns drawn per table; the rest are summarised in one row (the table page lists them)."""
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_]+")


_DEFAULTS = """    node [label="\\N",
        shape=plaintext
    ];
    edge [color=gray50,
        minlen=2,
        style=dashed
    ];"""
# Crow's-foot ends instead of "0..N" labels: the standard notation, and nothing small to read.
_CROW = {"*": "crowodot", "?": "teeodot", "1": "teetee"}


class _Row(NamedTuple):
    """One row of a table node: ``name`` and ``type`` are DOT-HTML-escaped already."""

    name: str
    type: str | None
    is_key: bool = False
    is_null: bool = True
    is_foreign_key: bool = False


def _row_dot(row: _Row) -> str:
    port = f'PORT="{row.name}"' if row.name else ""
    name = f"<FONT>{row.name}</FONT>"
    if row.is_key:
        name = f"<u>{name}</u>"
    kind = f"<FONT> [{row.type}]</FONT>" if row.type is not None else ""
    null = "" if row.is_null else " NOT NULL"
    fk = ' <FONT COLOR="#1565C0"><B>FK</B></FONT>' if row.is_foreign_key else ""
    return f'<TR><TD ALIGN="LEFT" {port}>{name} {kind}{null}{fk}</TD></TR>'


def _table_dot(name: str, rows: Sequence[_Row]) -> str:
    header = f'<TR><TD><B><FONT POINT-SIZE="16">{name}</FONT></B></TD></TR>'
    return (f'"{name}" [label=<<FONT FACE="Helvetica"><TABLE BORDER="0" CELLBORDER="1"'
            f' CELLPADDING="4" CELLSPACING="0">{header}{"".join(map(_row_dot, rows))}'
            "</TABLE></FONT>>];")


# -- grouping -----------------------------------------------------------------------------------


def _references(table: Table) -> list[tuple[ForeignKey, Table]]:
    """The foreign keys of ``table`` whose target table is known, sorted."""
    found = []
    for fk in table.foreign_keys:
        try:
            target = fk.column.table
        except Exception:  # noqa: BLE001 - an FK to a table outside the schema: not drawable
            continue
        if isinstance(target, Table):
            found.append((fk, target))
    return sorted(found, key=lambda item: (item[1].fullname, item[0].parent.name,
                                           item[0].column.name))


class _ForeignKeys:
    """Every drawable foreign key of a datastore, looked up once: outgoing per table (sorted)
    and incoming per referenced table."""

    def __init__(self, tables: Sequence[Table]) -> None:
        self.outgoing = {table.fullname: _references(table) for table in tables}
        self.incoming: dict[str, list[tuple[Table, ForeignKey]]] = {}
        for table in tables:
            for fk, target in self.outgoing[table.fullname]:
                self.incoming.setdefault(target.fullname, []).append((table, fk))

    def of(self, table: Table) -> list[tuple[ForeignKey, Table]]:
        found = self.outgoing.get(table.fullname)
        return found if found is not None else _references(table)


_FOREIGN_KEYS: weakref.WeakKeyDictionary[Datastore, tuple[tuple[int, int], _ForeignKeys]] = (
    weakref.WeakKeyDictionary()
)
"""Keyed by the datastore, which no table refers back to: keyed by the tables' ``MetaData``,
the index (holding the tables, which hold their ``MetaData``) kept its own key alive, and
``mkdocs serve`` kept every model it had ever loaded."""


def _foreign_keys_of(datastore: Datastore) -> _ForeignKeys:
    """The datastore's foreign-key index, reused across calls while its tables are unchanged
    (a site asks for a focused diagram of every table of a big datastore)."""
    metadata = datastore.metadata
    signature = (len(metadata.tables),
                 sum(len(table.foreign_keys) for table in metadata.tables.values()))
    cached = _FOREIGN_KEYS.get(datastore)
    if cached is not None and cached[0] == signature:
        return cached[1]
    index = _ForeignKeys(datastore.tables)
    _FOREIGN_KEYS[datastore] = (signature, index)
    return index


def _adjacency(tables: Sequence[Table], fks: _ForeignKeys) -> dict[str, set[str]]:
    names = {table.fullname for table in tables}
    neighbours: dict[str, set[str]] = {name: set() for name in names}
    for table in tables:
        for _, target in fks.of(table):
            if target.fullname in names and target.fullname != table.fullname:
                neighbours[table.fullname].add(target.fullname)
                neighbours[target.fullname].add(table.fullname)
    return neighbours


def _components(names: list[str], neighbours: dict[str, set[str]]) -> list[list[str]]:
    seen: set[str] = set()
    components = []
    for name in sorted(names):
        if name in seen:
            continue
        stack, component = [name], []
        seen.add(name)
        while stack:
            current = stack.pop()
            component.append(current)
            for other in sorted(neighbours[current] - seen):
                seen.add(other)
                stack.append(other)
        components.append(sorted(component))
    return components


def _communities(names: list[str], neighbours: dict[str, set[str]],
                 limit: int) -> list[list[str]]:
    """Tables grouped so that most foreign keys stay inside a group of at most ``limit``:
    greedy modularity merging (Clauset–Newman–Moore) with a size cap, then the groups packed
    together by how many foreign keys join them. Ties break by name, so the result is stable."""
    edges = sum(len(neighbours[n]) for n in names) / 2 or 1.0
    members = {name: [name] for name in names}
    degree = {name: float(len(neighbours[name])) for name in names}
    links: dict[str, dict[str, int]] = {
        name: {other: 1 for other in neighbours[name] if other in members} for name in names
    }
    version = dict.fromkeys(names, 0)
    heap: list[tuple[float, str, str, int, int]] = []

    def offer(a: str) -> None:
        for b, count in links[a].items():
            if len(members[a]) + len(members[b]) > limit:
                continue  # groups only grow: this pair never fits again
            gain = count / edges - 2 * (degree[a] / (2 * edges)) * (degree[b] / (2 * edges))
            if gain > 0:
                first, second = (a, b) if a < b else (b, a)
                heapq.heappush(heap, (-gain, first, second, version[first], version[second]))

    for name in sorted(names):
        offer(name)
    while heap:
        _, keep, gone, keep_version, gone_version = heapq.heappop(heap)
        if (keep not in members or gone not in members or version[keep] != keep_version
                or version[gone] != gone_version):
            continue  # stale: one side merged since this entry was pushed
        members[keep].extend(members.pop(gone))
        degree[keep] += degree.pop(gone)
        for other, count in links.pop(gone).items():
            if other == keep:
                continue
            links[keep][other] = links[keep].get(other, 0) + count
            links[other][keep] = links[other].get(keep, 0) + count
            del links[other][gone]
        links[keep].pop(gone, None)
        version[keep] += 1
        offer(keep)
    return _pack([sorted(group) for group in members.values()], limit, links)


@dataclass(frozen=True)
class ERPart:
    """One ER diagram's worth of tables: ``name`` is "" for an undivided datastore."""

    name: str
    label: str
    tables: tuple[Table, ...]


def er_parts(datastore: Datastore, max_tables: int = 60,
             _fks: _ForeignKeys | None = None,
             owners: Mapping[str, str] | None = None) -> list[ERPart]:
    """The datastore's tables cut into parts of at most ``max_tables``: per schema when it has
    several; otherwise per context when several contexts write it (``owners``: table name →
    the one context that writes it; tables written by several or none are "shared"); then
    into groups connected by foreign keys. Part names are stable: the schema or context, and
    for a group that is itself cut, the best-connected table of each piece."""
    tables = datastore.tables
    if not tables:
        return []
    if len(tables) <= max_tables:
        return [ERPart("", "all tables", tuple(tables))]
    by_name = {table.fullname: table for table in tables}
    groups: dict[str, list[Table]] = {}
    labels: dict[str, tuple[str, str]] = {}  # group -> (slug, label)
    schemas = {table.schema or "" for table in tables}
    contexts = {owners.get(t.fullname) for t in tables} if owners else set()
    if len(schemas) == 1 and len(contexts - {None}) >= 2:
        for table in tables:
            context = (owners or {}).get(table.fullname)
            key = context or ""
            groups.setdefault(key, []).append(table)
            labels[key] = ((slugify(context), f"{context} tables") if context
                           else ("shared", "shared tables"))
    else:
        for table in tables:
            schema = table.schema or ""
            groups.setdefault(schema, []).append(table)
            labels[schema] = ((slugify(schema), schema) if schema
                              else ("default", "default schema"))
    parts: list[ERPart] = []
    used: set[str] = set()
    for key in sorted(groups):
        members = groups[key]
        group_slug, group_label = labels[key]
        if len(members) <= max_tables and len(groups) > 1:
            parts.append(ERPart(_unique(group_slug, used), group_label, tuple(members)))
            continue
        neighbours = _adjacency(members, _fks or _foreign_keys_of(datastore))
        pieces: list[list[str]] = []
        for component in _components([t.fullname for t in members], neighbours):
            if len(component) > max_tables:
                pieces.extend(_communities(component, neighbours, max_tables))
            else:
                pieces.append(component)
        for group in _pack(pieces, max_tables):
            short = _anchor(group, neighbours)
            base = f"{group_slug}-{slugify(short)}" if len(groups) > 1 else slugify(short)
            label = f"{group_label}: around {short}" if len(groups) > 1 else f"around {short}"
            parts.append(ERPart(_unique(base, used), label,
                                tuple(sorted((by_name[n] for n in group),
                                             key=lambda t: t.fullname))))
    return parts


def _anchor(group: Sequence[str], neighbours: dict[str, set[str]]) -> str:
    """The best-connected table of ``group`` (its short name): parts are named after it, which
    is stable and says what the part is about."""
    members = set(group)
    return min(group, key=lambda n: (-len(neighbours[n] & members), n)).rpartition(".")[2]


def _halves(part: ERPart, fks: _ForeignKeys, used: set[str], root: str) -> list[ERPart]:
    """``part`` cut into pieces of at most half its tables, keeping foreign keys inside pieces
    where it can (connected groups, then communities), each named after its anchor table
    under ``root`` (the name of the part first cut: ``core-orders``, not a chain of cuts)."""
    by_name = {table.fullname: table for table in part.tables}
    neighbours = _adjacency(part.tables, fks)
    limit = max(1, (len(part.tables) + 1) // 2)
    pieces: list[list[str]] = []
    for component in _components(sorted(by_name), neighbours):
        pieces.extend(_communities(component, neighbours, limit) if len(component) > limit
                      else [component])
    halves = []
    for group in _pack(pieces, limit):
        short = _anchor(group, neighbours)
        base = f"{root}-{slugify(short)}" if root else slugify(short)
        # "sales: around orders" keeps its schema (or context); an undivided store's part
        # is just "around orders".
        kept = part.label.partition(": around ")[0] if part.name else ""
        if kept.startswith("around "):
            kept = ""
        label = f"{kept}: around {short}" if kept else f"around {short}"
        halves.append(ERPart(_unique(base, used), label,
                             tuple(by_name[name] for name in sorted(group))))
    return halves


def legible_parts(parts: Sequence[ERPart], fks: _ForeignKeys,
                  legible: Callable[[ERPart], bool]) -> list[ERPart]:
    """``parts``, each one that ``legible`` rejects cut in halves (:func:`_halves`) until every
    piece passes or holds a single table. Order is kept: a cut part's pieces take its place."""
    used = {part.name for part in parts}
    roots = {part.name: part.name for part in parts}
    result: list[ERPart] = []
    pending = list(reversed(parts))
    while pending:
        part = pending.pop()
        if len(part.tables) <= 1 or legible(part):
            result.append(part)
            continue
        used.discard(part.name)
        halves = _halves(part, fks, used, roots[part.name])
        roots.update((half.name, roots[part.name]) for half in halves)
        pending.extend(reversed(halves))
    return result


def table_owners(system: System, datastore: Datastore) -> dict[str, str]:
    """Table name → the bounded context whose services write it, for the tables of
    ``datastore`` that exactly one context writes (through flows that carry them)."""
    writers: dict[str, set[str]] = {}
    for writer, flow in system.writers(datastore):
        context = getattr(writer, "context", None)
        if not isinstance(writer, Service) or context is None:
            continue
        for name in flow.carried_tables:
            table = datastore.table(name)
            if table is not None:
                writers.setdefault(table.fullname, set()).add(context.name)
    return {name: next(iter(contexts)) for name, contexts in writers.items()
            if len(contexts) == 1}


def _pack(pieces: list[list[str]], limit: int,
          links: dict[str, dict[str, int]] | None = None) -> list[list[str]]:
    """Pieces packed into groups of at most ``limit`` tables, biggest first, each into the
    group it shares the most foreign keys with (``links`` between pieces, keyed by any member
    name), else the first that fits; so small pieces and lone tables do not each get a diagram
    of their own."""
    groups: list[list[str]] = []
    group_links: list[dict[str, int]] = []
    for piece in sorted(pieces, key=lambda p: (-len(p), p[0])):
        key = next((n for n in piece if links and n in links), None)
        joined = links.get(key, {}) if links and key else {}
        best_index, best_count = None, 0
        for index, group in enumerate(groups):
            if len(group) + len(piece) > limit:
                continue
            count = sum(c for other, c in joined.items() if other in group_links[index])
            if best_index is None or count > best_count:
                best_index, best_count = index, count
        if best_index is None:
            groups.append(list(piece))
            group_links.append(dict.fromkeys(piece, 1))
        else:
            groups[best_index].extend(piece)
            group_links[best_index].update(dict.fromkeys(piece, 1))
    return [sorted(group) for group in groups]


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


# -- DOT -----------------------------------------------------------------------------------------


def _dialect(datastore: Datastore) -> Any:
    """The SQLAlchemy dialect types are spelled in (``VARCHAR(200)``, ``TIMESTAMP WITH TIME
    ZONE``); ``None`` (generic spellings) when the technology has none."""
    return dialect_for(datastore.technology)


def _type_text(column: SAColumn[Any], dialect: Any) -> str:
    return shorten(type_text(column.type, dialect), 40)


def _drawn_columns(table: Table, keep: set[str] | None = None) -> tuple[list[SAColumn[Any]], int]:
    """Columns to draw, keys first then foreign keys then the rest in declaration order; and
    how many were left out."""
    columns = [c for c in table.columns if keep is None or c.name in keep or c.primary_key]
    ranked = sorted(enumerate(columns),
                    key=lambda ic: (not ic[1].primary_key, not ic[1].foreign_keys, ic[0]))
    chosen = [column for _, column in ranked[:MAX_COLUMNS]]
    return chosen, len(columns) - len(chosen)


def _table_node(table: Table, dialect: Any, keep: set[str] | None = None) -> str:
    chosen, hidden = _drawn_columns(table, keep)
    rows = [
        _Row(dot_html(column.name), dot_html(_type_text(column, dialect)),
             is_key=bool(column.primary_key), is_null=bool(column.nullable),
             is_foreign_key=bool(column.foreign_keys))
        for column in chosen
    ]
    if hidden:
        rows.append(_Row(f"… {hidden} more columns", None))
    return _table_dot(dot_html(table.fullname), rows)


def _one_to_one(fk: ForeignKey) -> bool:
    """The referencing side is "1" (not "0..N"): the foreign key column is the table's only
    key column or unique, or every column of the table references the same table."""
    table = fk.parent.table
    if (sum(1 for c in table.columns if c.primary_key) == 1 and fk.parent.primary_key) \
            or fk.parent.unique:
        return True
    target = fk.column.table.fullname
    return all(column.foreign_keys
               and all(other.column.table.fullname == target for other in column.foreign_keys)
               for column in table.columns)


def _one_per_constraint(
        pairs: Sequence[tuple[ForeignKey, Table]]) -> list[tuple[ForeignKey, Table]]:
    """A composite foreign key is one relationship: keep its first column's only."""
    seen: set[int] = set()
    kept = []
    for fk, table in pairs:
        key = id(fk.constraint) if fk.constraint is not None else id(fk)
        if key not in seen:
            seen.add(key)
            kept.append((fk, table))
    return kept


def _relation_dot(fk: ForeignKey, drawn_columns: dict[str, set[str]]) -> str:
    parent_table, target_table = fk.parent.table.fullname, fk.column.table.fullname
    # Ports only for plain column names that are drawn: a port must match the escaped PORT
    # attribute exactly, which only plain names guarantee.
    right_port = (f':"{fk.parent.name}"'
                  if _port_ok(fk.parent.name, parent_table, drawn_columns) else "")
    left_port = (f':"{fk.column.name}"'
                 if _port_ok(fk.column.name, target_table, drawn_columns) else "")
    # The edge runs from the referenced table to the referencing one: the crow's foot (many)
    # at its head, the referencing column's optionality at its tail.
    head = _CROW["1" if _one_to_one(fk) else "*"]
    tail = _CROW["?" if fk.parent.nullable else "1"]
    return (f'"{dot_html(target_table)}"{left_port} -- "{dot_html(parent_table)}"{right_port} '
            f'[dir="both",arrowhead="{head}",arrowtail="{tail}"];')


def _port_ok(column: str, table: str, drawn_columns: dict[str, set[str]]) -> bool:
    return bool(_PLAIN_NAME.fullmatch(column)) and column in drawn_columns.get(table, set())


def _er_dot(datastore: Datastore, fks: _ForeignKeys, tables: Sequence[Table], title: str,
            keep: dict[str, set[str]] | None = None,
            only_fks_of: Table | None = None,
            dialect: Any = None,
            rankdir: str = "TB") -> tuple[str, list[tuple[Table, ForeignKey, Table]]]:
    """DOT for ``tables`` and the foreign keys among them; foreign keys to tables outside
    become edges to small dashed stubs naming the other table. Returns the DOT and the drawn
    relations (for the Mermaid version). ``rankdir`` is the direction laid out first.

    Top to bottom first: side by side (``LR``), nearly every part was wider than the page
    column (all 256 parts the 1000-table benchmark model measures, 16 of the flagship's 17),
    most wider than tall, which :func:`~archdocs.render.layout.layout` laid out again turned
    (198 of the 256) and kept turned (185); started top to bottom, a quarter fewer layouts."""
    dialect = dialect if dialect is not None else _dialect(datastore)
    inside = {table.fullname for table in tables}
    ordered = sorted(tables, key=lambda t: t.fullname)
    table_nodes = [
        _table_node(t, dialect, None if keep is None else keep.get(t.fullname, set()))
        for t in ordered
    ]
    drawn_columns = {
        t.fullname: {c.name for c in _drawn_columns(
            t, None if keep is None else keep.get(t.fullname, set()))[0]}
        for t in ordered
    }
    relations = []
    stubs: set[str] = set()
    for table in ordered:
        for fk, target in _one_per_constraint(fks.of(table)):
            if only_fks_of is not None and only_fks_of not in (table, target):
                continue
            if target.fullname not in inside:
                stubs.add(target.fullname)
            relations.append((table, fk, target))
    # Tables outside the part that reference tables inside it are stubs too.
    if only_fks_of is None:
        for table in ordered:
            for fk, other in _one_per_constraint(
                    [(fk, other) for other, fk in fks.incoming.get(table.fullname, [])]):
                if other.fullname not in inside:
                    stubs.add(other.fullname)
                    relations.append((other, fk, table))
    relations.sort(key=lambda r: (r[0].fullname, r[2].fullname, r[1].parent.name,
                                  r[1].column.name))
    edges = [_relation_dot(fk, drawn_columns) for _, fk, _ in relations]
    beginning = f"graph {{\n    graph [rankdir={rankdir}];\n{_DEFAULTS}"
    body = f"{beginning}\n{chr(10).join(table_nodes)}\n{chr(10).join(edges)}\n}}"
    head, _, rest = body.partition("\n")
    rest = rest.rstrip()
    if rest.endswith("}"):
        rest = rest[:-1].rstrip()
    # The title on one line: Graphviz 14 sometimes crashes (SIGSEGV, in gvFreeLayout) on a
    # graph label that starts with a line break, as a datastore name "\r\n..." gave.
    one_line = " ".join(title.split())
    graph_attributes = (
        f'    graph [pad="0.3", fontname="Helvetica", label={dot_quoted(one_line)}, labelloc=t, '
        'fontsize=16];\n'
        '    edge [fontname="Helvetica", fontsize=10];'
    )
    # Stubs go last: the node defaults (plaintext) apply only to nodes after them.
    stubs_dot = [
        f'    "{dot_html(name)}" [label=<<FONT FACE="Helvetica" COLOR="#5A6570">'
        f'<TABLE BORDER="1" STYLE="dashed" CELLBORDER="0" CELLPADDING="4" COLOR="#AEB6BE">'
        f"<TR><TD><I>{dot_html(name)}</I></TD></TR></TABLE></FONT>>];"
        for name in sorted(stubs)
    ]
    return "\n".join([head, graph_attributes, rest, *stubs_dot, "}"]) + "\n", relations


# -- Mermaid --------------------------------------------------------------------------------------

_MERMAID_WORD = re.compile(r"[^A-Za-z0-9_]")


def _mermaid_word(text: str, fallback: str) -> str:
    word = _MERMAID_WORD.sub("_", text)
    if not word or not word[0].isalpha():
        word = f"{fallback}_{word}"
    return word


@lru_cache(maxsize=1 << 16)
def _mermaid_column(name: str, type_text: str, key: bool, foreign: bool) -> str:
    """A column's line in a Mermaid entity (remembered: a column is drawn in its table's
    diagrams and in every neighbour's)."""
    kinds = [k for k, on in (("PK", key), ("FK", foreign)) if on]
    type_word = _mermaid_word(type_text, "t")
    name_word = _mermaid_word(name, "c")
    comment = "" if name_word == name else f' "{mermaid_text(name)}"'
    return f"    {type_word} {name_word} {','.join(kinds)}{comment}".rstrip()


def _er_mermaid(tables: Sequence[Table], relations: list[tuple[Table, ForeignKey, Table]],
                dialect: Any, keep: dict[str, set[str]] | None = None) -> str:
    ids: dict[str, str] = {}

    def entity(table: Table) -> str:
        if table.fullname not in ids:
            # "Order Lines" and "order_lines" share a safe id: number the later one.
            base = candidate = safe_id("t", table.fullname)
            taken, n = set(ids.values()), 2
            while candidate in taken:
                candidate, n = f"{base}_{n}", n + 1
            ids[table.fullname] = candidate
        return ids[table.fullname]

    lines = ["erDiagram"]
    for table in sorted(tables, key=lambda t: t.fullname):
        lines.append(f'  {entity(table)}["{mermaid_text(table.fullname)}"] {{')
        chosen, hidden = _drawn_columns(
            table, None if keep is None else keep.get(table.fullname, set()))
        for column in chosen:
            lines.append(_mermaid_column(column.name, _type_text(column, dialect),
                                         bool(column.primary_key), bool(column.foreign_keys)))
        if hidden:
            lines.append(f'    more columns_{hidden} "{hidden} more columns"')
        lines.append("  }")
    outside = {r[2].fullname: r[2] for r in relations} | {r[0].fullname: r[0] for r in relations}
    for name in sorted(set(outside) - {t.fullname for t in tables}):
        lines.append(f'  {entity(outside[name])}["{mermaid_text(name)}"]')
    for table, fk, target in relations:
        parent_side = "o|" if fk.parent.nullable else "||"
        lines.append(f'  {entity(target)} {parent_side}--o{{ {entity(table)} : '
                     f'"{mermaid_text(fk.parent.name)}"')
    return "\n".join(lines) + "\n"


# -- public builders ------------------------------------------------------------------------------


def er_key(datastore: Datastore, part: str = "") -> str:
    """The key of a datastore's ER diagram (``part`` "" for an undivided datastore). Readable,
    not unique by itself: the site builder tells apart two diagrams that share a key."""
    base = f"er-{slug_base(datastore.name)}"
    return f"{base}--{part}" if part else base


def er_focus_key(datastore: Datastore, table: Table | str) -> str:
    name = table.fullname if isinstance(table, Table) else table
    return f"erfocus-{slug_base(datastore.name)}--{slug_base(name)}"


class _ERCut:
    """A datastore's ER parts and the DOT of each part (and of each piece it may be cut
    into), built once for :func:`measure_er_ahead` and :func:`er_specs`."""

    def __init__(self, system: System, datastore: Datastore, max_tables: int) -> None:
        self.datastore = datastore
        self.fks = _foreign_keys_of(datastore)
        self.dialect = _dialect(datastore)
        # Who writes which table only matters once the datastore has to be cut.
        owners = table_owners(system, datastore) if len(datastore.tables) > max_tables else None
        self.parts = er_parts(datastore, max_tables, self.fks, owners=owners)
        self._built: dict[tuple[object, ...],
                          tuple[str, str, list[tuple[Table, ForeignKey, Table]]]] = {}

    def title(self, part: ERPart) -> str:
        return (f"{self.datastore.name}: entity-relationship diagram" if not part.name
                else f"{self.datastore.name}: entity-relationship diagram, {part.label}")

    def build(self, part: ERPart) -> tuple[str, str, list[tuple[Table, ForeignKey, Table]]]:
        """The part's title, DOT and drawn relations. They depend on its label, tables and
        whether it has a name, not on the name itself (which depends on the order parts are
        cut in), so :func:`measure_er_ahead` and :func:`er_specs` share them."""
        key = (bool(part.name), part.label, *(table.fullname for table in part.tables))
        if key not in self._built:
            title = self.title(part)
            dot, relations = _er_dot(self.datastore, self.fks, part.tables, title,
                                     dialect=self.dialect)
            self._built[key] = (title, dot, relations)
        return self._built[key]

    def measure_ahead(self, parts: Sequence[ERPart], order: tuple[int, ...],
                      measurements: Measurements, min_label_px: float,
                      ) -> list[tuple[tuple[int, ...], str, Callable[[bool], None]]]:
        """What :meth:`Measurements.ahead` should measure of ``parts`` (those
        :func:`legible_parts` measures), in the order it asks for them (``order`` and the
        part's place), each one found illegible then cut in halves, which are measured ahead
        in turn."""
        def then(part: ERPart, place: tuple[int, ...]) -> Callable[[bool], None]:
            def measured(legible: bool) -> None:
                if not legible:
                    # The halves' names may differ from those legible_parts gives them (they
                    # depend on the order of cutting); their labels and tables do not.
                    halves = _halves(part, self.fks, set(), part.name)
                    measurements.ahead(self.measure_ahead(halves, place, measurements,
                                                          min_label_px), min_label_px)
            return measured

        return [((*order, n), self.build(part)[1], then(part, (*order, n)))
                for n, part in enumerate(parts) if len(part.tables) > 1]


def _prepared_key(datastore: Datastore, max_tables: int,
                  min_label_px: float) -> tuple[object, ...]:
    return ("er", datastore, max_tables, min_label_px)


def measure_er_ahead(system: System, max_tables: int = 60, *, min_label_px: float) -> None:
    """Start measuring the ER parts of ``system``'s datastores in the diagram workers, as
    :func:`er_specs` with the same ``max_tables`` and ``min_label_px`` will ask for them, and
    cutting those that do not read as the answers come back: the site builder generates the
    pages before the datastores' meanwhile. Does nothing outside a site build with workers,
    or when the first part is measured already (a warm diagram cache: nothing to lay out)."""
    from archdocs.render.measure import active

    measurements = active()
    if measurements is None or measurements.workers is None:
        return
    wanted: list[tuple[tuple[int, ...], str, Callable[[bool], None]]] = []
    for datastore in system.datastores:
        if not datastore.tables:
            continue
        key = _prepared_key(datastore, max_tables, min_label_px)
        if key in measurements.prepared:
            continue
        cut = _ERCut(system, datastore, max_tables)
        order = (len(measurements.prepared),)  # the order the datastores' pages come in
        measurements.prepared[key] = cut
        found = cut.measure_ahead(cut.parts, order, measurements, min_label_px)
        if found and not wanted and measurements.known(found[0][1]) is not None:
            return  # measured in an earlier build: the rest most likely was too
        wanted += found
    measurements.ahead(wanted, min_label_px)


def er_specs(system: System, datastore: Datastore, max_tables: int = 60, *,
             min_label_px: float | None = None) -> list[DiagramSpec]:
    """The datastore's ER diagrams: one when it has at most ``max_tables`` tables, otherwise one
    per schema, per context (a datastore several contexts write) or per group of tables
    connected by foreign keys, none above ``max_tables``.

    With ``min_label_px`` (what a site passes), each diagram is also laid out and measured: one
    whose smallest label would be drawn below ``min_label_px`` CSS pixels in the page column
    (:data:`archdocs.render.layout.COLUMN_PX`) is cut in halves, again and again, until every
    piece reads at page width (:mod:`archdocs.render.measure`: inside a site build each
    measurement is cached and the layouts of the parts kept go to the renderer; parts
    :func:`measure_er_ahead` measured in the workers are not laid out again). Without it
    the builder stays pure and fast (no layout).

    Foreign keys that leave a part point at a dashed stub naming the other table. Empty when
    the datastore declares no tables."""
    cut: _ERCut | None = None
    if min_label_px is not None:
        from archdocs.render.measure import active
        from archdocs.render.measure import legible as reads_at

        measurements = active()
        if measurements is not None:
            prepared = measurements.prepared.get(
                _prepared_key(datastore, max_tables, min_label_px))
            cut = prepared if isinstance(prepared, _ERCut) else None
    if cut is None:
        cut = _ERCut(system, datastore, max_tables)
    parts = cut.parts
    dialect = cut.dialect

    if min_label_px is not None:
        threshold = min_label_px

        def legible(part: ERPart) -> bool:
            return reads_at(cut.build(part)[1], threshold)

        parts = legible_parts(parts, cut.fks, legible)
    specs = []
    for part in parts:
        title, dot, relations = cut.build(part)
        specs.append(DiagramSpec(key=er_key(datastore, part.name), title=title, dot=dot,
                                 mermaid=_er_mermaid(part.tables, relations, dialect)
                                 if mermaid_wanted() else None,
                                 links=_table_links(system, datastore, part.tables, relations)))
    return specs


def er_focus_spec(system: System, datastore: Datastore, table: Table | str) -> DiagramSpec:
    """``table`` with all its columns, and the tables it references or that reference it,
    with their key columns only."""
    found = datastore.table(table) if isinstance(table, str) else table
    if found is None:
        raise KeyError(f"datastore {datastore.name!r} has no table {table!r}")
    neighbours: dict[str, Table] = {}
    keep: dict[str, set[str]] = {}
    fks = _foreign_keys_of(datastore)
    for fk, target in fks.of(found):
        if target is not found:
            neighbours[target.fullname] = target
            keep.setdefault(target.fullname, set()).add(fk.column.name)
    for other, fk in fks.incoming.get(found.fullname, []):
        if other is not found:
            neighbours[other.fullname] = other
            keep.setdefault(other.fullname, set()).add(fk.parent.name)
    shown = [neighbours[name] for name in sorted(neighbours)][:59]
    keep_all: dict[str, set[str]] = {name: cols for name, cols in keep.items()}
    keep_all[found.fullname] = {c.name for c in found.columns}
    title = f"{datastore.name}: {found.fullname} and its neighbours"
    if len(neighbours) > len(shown):
        title += f" (first {len(shown)} of {len(neighbours)})"
    dialect = _dialect(datastore)
    drawn = _focus_drawn(found, shown, fks, keep_all, dialect, title) \
        if len(neighbours) == len(shown) else None
    if drawn is not None:
        svg, relations = drawn
        dot = ""
    else:
        # Top to bottom first: the star of a table and its few neighbours usually fits the
        # page column that way (then it is the only layout made), where left to right rarely
        # does.
        svg = None
        dot, relations = _er_dot(datastore, fks, [found, *shown], title, keep=keep_all,
                                 only_fks_of=found, dialect=dialect, rankdir="TB")
    return DiagramSpec(key=er_focus_key(datastore, found), title=title, dot=dot,
                       mermaid=_er_mermaid([found, *shown], relations, dialect, keep_all)
                       if mermaid_wanted() else None,
                       links=_table_links(system, datastore, [found, *shown], relations),
                       svg=svg)


def _focus_drawn(found: Table, shown: Sequence[Table], fks: _ForeignKeys,
                 keep: dict[str, set[str]], dialect: Any, title: str,
                 ) -> tuple[str, list[tuple[Table, ForeignKey, Table]]] | None:
    """The neighbours diagram drawn by :mod:`archdocs.render.er_focus` and its relations (as
    :func:`_er_dot` lists them), or ``None`` when that layout cannot draw it."""
    from archdocs.render import er_focus

    relations = [(table, fk, target)
                 for table in sorted([found, *shown], key=lambda t: t.fullname)
                 for fk, target in _one_per_constraint(fks.of(table))
                 if found in (table, target)]
    relations.sort(key=lambda r: (r[0].fullname, r[2].fullname, r[1].parent.name,
                                  r[1].column.name))

    def box(table: Table) -> er_focus.Box:
        chosen, hidden = _drawn_columns(table, keep.get(table.fullname, set()))
        columns = [er_focus.Column(column.name, _type_text(column, dialect),
                                   key=bool(column.primary_key),
                                   nullable=bool(column.nullable),
                                   foreign=bool(column.foreign_keys))
                   for column in chosen]
        if hidden:
            columns.append(er_focus.Column(f"… {hidden} more columns", None))
        return er_focus.Box(table.fullname, tuple(columns))

    referenced = {target.fullname for table, _, target in relations
                  if table is found and target is not found}
    referencing = {table.fullname for table, _, target in relations
                   if target is found and table is not found}
    links = [er_focus.Link(table.fullname, fk.parent.name, target.fullname, fk.column.name,
                           one=_one_to_one(fk), optional=bool(fk.parent.nullable))
             for table, fk, target in relations]
    svg = er_focus.draw(title, box(found),
                        [box(t) for t in shown if t.fullname in referenced],
                        [box(t) for t in shown if t.fullname in referencing], links)
    return (svg, relations) if svg is not None else None


def er_view_key(viewpoint: ERViewpoint) -> str:
    return f"erview-{slug_base(viewpoint.datastore.name)}--{slug_base(viewpoint.name)}"


def er_view_spec(system: System, viewpoint: ERViewpoint) -> DiagramSpec:
    """An ER viewpoint declared in the model (:meth:`Datastore.er_view`): its tables with all
    their columns; foreign keys to tables it leaves out point at dashed stubs."""
    datastore = viewpoint.datastore
    tables = viewpoint_tables(viewpoint)
    fks = _foreign_keys_of(datastore)
    dialect = _dialect(datastore)
    title = f"{datastore.name}: {viewpoint.name}"
    dot, relations = _er_dot(datastore, fks, tables, title, dialect=dialect)
    return DiagramSpec(key=er_view_key(viewpoint), title=title, dot=dot,
                       mermaid=_er_mermaid(tables, relations, dialect) if mermaid_wanted() else None,
                       links=_table_links(system, datastore, tables, relations))


def _table_links(system: System, datastore: Datastore, tables: Sequence[Table],
                 relations: list[tuple[Table, ForeignKey, Table]]) -> tuple[
                     tuple[str, LinkTarget], ...]:
    """Every table drawn (stubs too; their Graphviz name is the full name) and its page."""
    names = {table.fullname for table in tables}
    for source, _, target in relations:
        names |= {source.fullname, target.fullname}
    return tuple((name, LinkTarget(system.name, "table", name, datastore.name))
                 for name in sorted(names))
