"""Write a synthetic archdocs model of a given size, for the site benchmarks.

    .venv/bin/python benchmarks/synthetic_model.py OUTDIR [--contexts 50] [--datastores 100]
        [--tables 1000] [--flows 300]

OUTDIR/models/synthetic/ gets one file per context (``ctx_007.py``: its services, datastores
and their SQLAlchemy tables with foreign keys, comments and indexes) and ``flows.py`` (queries
of each service to its stores, then cross-context events, requests, CDC and batch flows).
The output depends only on the parameters.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

TECHNOLOGIES = [
    ("PostgreSQL", "16", "SYSTEM_OF_RECORD", "ACID, Requirement.JOINS"),
    ("MySQL", "8.0", "SYSTEM_OF_RECORD", "ACID"),
    ("MongoDB", "7.0", "SYSTEM_OF_RECORD", "FLEXIBLE_SCHEMA"),
    ("Redis", "7.2", "CACHE", "TTL"),
    ("Elasticsearch", "8.13", "SEARCH_INDEX", "FULL_TEXT"),
]
COLUMN_TYPES = ["String(120)", "Integer", "Numeric(12, 2)", "DateTime", "Boolean", "Text"]


def context_source(n: int, stores: list[int], tables_of: dict[int, int], rng: random.Random) -> str:
    lines = [
        f'"""Synthetic context {n}."""',
        "",
        "from sqlalchemy import (Boolean, Column, DateTime, ForeignKey, Index, Integer, MetaData,",
        "                        Numeric, String, Table, Text)",
        "",
        "from archdocs import Requirement, Role, tech",
        "from synthetic import system",
        "",
        f'ctx = system.context("context-{n:03d}", domain="domain-{n % 7}", team="team-{n % 11}",',
        f'                     description="Synthetic bounded context number {n}.")',
        f'svc_a = ctx.service("svc-{n:03d}-api", technology="Python", description="API of {n}.")',
        f'svc_b = ctx.service("svc-{n:03d}-worker", technology="Go", description="Worker.")',
    ]
    for store in stores:
        tech_name, version, role, requirement = TECHNOLOGIES[store % len(TECHNOLOGIES)]
        lines.append(f"md_{store} = MetaData()")
        for t in range(tables_of[store]):
            table = f"t{store:03d}_{t:02d}"
            cols = [f'    Column("id", Integer, primary_key=True, comment="Key of {table}.")']
            if t > 0:
                parent = f"t{store:03d}_{rng.randrange(t):02d}"
                cols.append(f'    Column("{parent}_id", Integer, ForeignKey("{parent}.id"), '
                            'index=True, comment="Parent.")')
            for c in range(rng.randint(3, 8)):
                kind = COLUMN_TYPES[(t + c) % len(COLUMN_TYPES)]
                cols.append(f'    Column("c{c}", {kind}, nullable={c % 2 == 0}, '
                            f'comment="Column {c} of {table}.")')
            lines.append(f'{table} = Table("{table}", md_{store},')
            lines.extend(col + "," for col in cols)
            lines.append(f'    comment="Synthetic table {table}.")')
        lines.append(
            f'ds_{store} = ctx.datastore("store-{store:03d}", tech.{tech_name}("{version}"), '
            f"role=Role.{role}, schema=md_{store}, requirements=[Requirement.{requirement}], "
            f'description="Synthetic datastore {store}.")'
        )
    return "\n".join(lines) + "\n"


def flows_source(contexts: int, stores_of: dict[int, list[int]], tables_of: dict[int, int],
                 flows: int, rng: random.Random) -> str:
    lines = ['"""Flows of the synthetic system."""', "",
             "from archdocs import Access, Mechanism, eventual", "from synthetic import system", ""]
    made = 0
    for n in range(contexts):
        for store in stores_of[n]:
            if made >= flows:
                break
            carried = [f"t{store:03d}_{t:02d}" for t in range(min(3, tables_of[store]))]
            lines.append(f'system.flow("svc-{n:03d}-api", "store-{store:03d}", Mechanism.QUERY, '
                         f"access=Access.READ_WRITE, carries={carried!r})")
            made += 1
    mechanisms = ["ASYNC_EVENT", "SYNC_REQUEST", "CDC", "BATCH"]
    while made < flows:
        a, b = rng.randrange(contexts), rng.randrange(contexts)
        if a == b and contexts > 1:
            continue  # cross-context where there are two contexts; else api -> worker of one
        mechanism = mechanisms[made % len(mechanisms)]
        if mechanism in ("CDC", "BATCH") and stores_of[a]:
            store = rng.choice(stores_of[a])
            source = f"store-{store:03d}"
            carried = [f"t{store:03d}_00"]
        else:
            source, carried = f"svc-{a:03d}-api", []
        lines.append(
            f'system.flow("{source}", "svc-{b:03d}-worker", Mechanism.{mechanism}, '
            f'name="flow-{made:04d}", carries={carried!r}, events=["Event{made}"], '
            f'consistency=eventual("5m"), per_second={rng.randint(1, 500)})')
        made += 1
    return "\n".join(lines) + "\n"


def write_model(out: Path, contexts: int = 50, datastores: int = 100, tables: int = 1000,
                flows: int = 300, seed: int = 7) -> Path:
    """Write the model under ``out/models``; returns the models folder."""
    rng = random.Random(seed)
    root = out / "models" / "synthetic"
    root.mkdir(parents=True, exist_ok=True)
    (root / "__init__.py").write_text(
        '"""A synthetic system for benchmarks."""\n\nfrom archdocs import System\n\n'
        f'system = System("Synthetic", description="{contexts} contexts, {datastores} '
        f'datastores, {tables} tables, {flows} flows.")\n')
    stores_of: dict[int, list[int]] = {n: [] for n in range(contexts)}
    for store in range(datastores):
        stores_of[store % contexts].append(store)
    tables_of = {store: tables // datastores + (1 if store < tables % datastores else 0)
                 for store in range(datastores)}
    for n in range(contexts):
        (root / f"ctx_{n:03d}.py").write_text(context_source(n, stores_of[n], tables_of, rng))
    (root / "flows.py").write_text(flows_source(contexts, stores_of, tables_of, flows, rng))
    return out / "models"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--contexts", type=int, default=50)
    parser.add_argument("--datastores", type=int, default=100)
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--flows", type=int, default=300)
    args = parser.parse_args()
    for option in ("contexts", "datastores", "tables", "flows"):
        if getattr(args, option) < (1 if option == "contexts" else 0):
            parser.error(f"--{option} must be at least {1 if option == 'contexts' else 0}")
    print(write_model(args.outdir, args.contexts, args.datastores, args.tables, args.flows))


if __name__ == "__main__":
    main()
