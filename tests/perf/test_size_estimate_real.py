"""archdocs' size estimates agree with what PostgreSQL and MariaDB really store.

The workload and the measurement live in ``benchmarks/size_estimate.py`` (which prints the
ratios); here the same measurement must agree within a factor of 1.5.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

REPO = Path(__file__).resolve().parents[2]
ROWS = 100_000
FACTOR = 1.5


def _benchmark():
    path = REPO / "benchmarks" / "size_estimate.py"
    spec = importlib.util.spec_from_file_location("archdocs_size_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _benchmark()


def _require(url: str, what: str) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (OperationalError, ModuleNotFoundError) as error:
        pytest.skip(f"{what} is not reachable at {url.split('@')[-1]}: {error}")
    finally:
        engine.dispose()


# The orders table is the one the issue asks for (100k rows); the customer table, a second
# shape with a UUID, dates, a boolean and optional columns, keeps the estimator honest.
WORKLOADS = [pytest.param("orders", ROWS, id="orders"),
             pytest.param("customers", ROWS // 2, id="customers")]


def _assert_close(measured) -> None:
    print(measured.line())
    assert 1 / FACTOR <= measured.ratio <= FACTOR, measured.line()
    # The table and the indexes are each estimated sensibly, not just their sum.
    assert 1 / 2 <= measured.estimated_table / measured.actual_table <= 2, measured.line()
    assert 1 / 2 <= measured.estimated_indexes / measured.actual_indexes <= 2, measured.line()


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize(("workload", "rows"), WORKLOADS)
def test_postgres_estimate_within_factor_of_real_size(workload: str, rows: int) -> None:
    _require(bench.POSTGRES_ADMIN, "PostgreSQL")
    _assert_close(bench.measure_postgres(rows, workload))


@pytest.mark.slow
@pytest.mark.mariadb
@pytest.mark.parametrize(("workload", "rows"), WORKLOADS)
def test_mariadb_estimate_within_factor_of_real_size(workload: str, rows: int) -> None:
    _require(bench.MARIADB_ADMIN, "MariaDB")
    _assert_close(bench.measure_mariadb(rows, workload))
