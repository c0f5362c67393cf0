"""``archdocs import`` and ``archdocs drift`` on MusicBrainz (512 tables, 9 schemas, 889 foreign
keys), next to floors measured on the same database in the same run:

* reflection alone: ``MetaData.reflect`` of the 9 schemas (what import and drift both need);
* sqlacodegen alone: its own command line on the same 9 schemas (what import wraps; its output
  does not import, see MEASURED.md);
* alembic alone: ``compare_metadata`` of a freshly reflected MetaData against the database, with
  ``include_schemas`` limited to the 9 schemas (what drift wraps).

MusicBrainz is loaded from tests/corpus into a uniquely named PostgreSQL database, which is
dropped afterwards. Every figure is the minimum (and median) of ``--runs`` runs, wall time of the
whole process, and the peak RSS of the children so far. Run it with:

    .venv/bin/python benchmarks/live_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "tests" / "live"))

import corpus  # noqa: E402  (the test suite's corpus loader, not a package)

SCHEMAS = list(corpus.MUSICBRAINZ.schemas)

REFLECT = """
import sys, time
from sqlalchemy import MetaData, create_engine
engine = create_engine(sys.argv[1])
started = time.perf_counter()
metadata = MetaData()
with engine.connect() as connection:
    for schema in sys.argv[2].split(","):
        metadata.reflect(connection, schema=schema)
print(f"{len(metadata.tables)} tables, reflect {time.perf_counter() - started:.2f} s in process")
"""

COMPARE = """
import sys, time, warnings
warnings.simplefilter("ignore")
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine
engine = create_engine(sys.argv[1])
schemas = sys.argv[2].split(",")
metadata = MetaData()
with engine.connect() as connection:
    for schema in schemas:
        metadata.reflect(connection, schema=schema)
    started = time.perf_counter()
    context = MigrationContext.configure(connection, opts={
        "compare_type": True, "compare_server_default": True, "include_schemas": True,
        "include_name": lambda name, type_, parent: type_ != "schema" or name in schemas,
    })
    diff = compare_metadata(context, metadata)
print(f"{len(diff)} raw differences, compare_metadata {time.perf_counter() - started:.2f} s "
      "in process")
"""

DRIFT_PARTS = """
import sys, time
started = time.perf_counter()
from archdocs.load import load_models
model = load_models(sys.argv[2])
loaded = time.perf_counter()
from archdocs.live.drift import detect_drift
report = detect_drift(sys.argv[1], model.systems[0].datastores[0])
print(f"load model {loaded - started:.2f} s, detect_drift {time.perf_counter() - loaded:.2f} s, "
      f"{len(report.changes)} changes")
"""


def timed(command: list[str], runs: int, before_each=None) -> tuple[float, float, int, str]:
    """(min, median) seconds, the peak RSS in MB, and the last run's output."""
    times = []
    output = ""
    for _ in range(runs):
        if before_each:
            before_each()
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True,
                                env={**os.environ, "PYTHONWARNINGS": "ignore"})
        times.append(time.perf_counter() - started)
        if result.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command[:3])} failed:\n{result.stderr[-3000:]}")
        output = (result.stdout.strip().splitlines() or [""])[-1]
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return min(times), statistics.median(times), peak, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    reason = corpus.server_available("postgresql")
    if reason:
        raise SystemExit(f"cannot run: {reason}")

    name = corpus.unique_name("bench_mb")
    corpus.create_database("postgresql", name)
    try:
        started = time.perf_counter()
        corpus.load(corpus.MUSICBRAINZ, name)
        print(f"loaded MusicBrainz into {name} in {time.perf_counter() - started:.1f} s")
        url = corpus.url_for("postgresql", name)
        python = str(BIN / "python")
        with tempfile.TemporaryDirectory() as scratch:
            models = Path(scratch) / "models"
            out = models / "musicbrainz.py"

            def fresh_out() -> None:
                out.unlink(missing_ok=True)

            schema_args = [f"--schema={s}" for s in SCHEMAS]
            rows = [
                ("floor: reflection alone (9 schemas)",
                 timed([python, "-c", REFLECT, url, ",".join(SCHEMAS)], args.runs)),
                ("floor: sqlacodegen alone (9 schemas)",
                 timed([str(BIN / "sqlacodegen"), url, "--schemas", ",".join(SCHEMAS),
                        "--outfile", str(Path(scratch) / "sqlacodegen.py")], args.runs)),
                ("archdocs import (9 schemas)",
                 timed([str(BIN / "archdocs"), "import", "-q", url, *schema_args,
                        "--datastore", "musicbrainz", "--out", str(out)], args.runs, fresh_out)),
                ("floor: alembic compare_metadata (reflect + compare)",
                 timed([python, "-c", COMPARE, url, ",".join(SCHEMAS)], args.runs)),
                ("archdocs drift (no drift)",
                 timed([str(BIN / "archdocs"), "drift", url, str(models), "--datastore",
                        "musicbrainz"], args.runs)),
                ("archdocs drift, in-process parts",
                 timed([python, "-c", DRIFT_PARTS, url, str(models)], args.runs)),
            ]
            width = max(len(label) for label, _ in rows)
            print(f"\n{'what':<{width}}  {'min s':>6}  {'median s':>8}  {'peak MB':>7}  detail")
            for label, (fastest, median, peak, detail) in rows:
                print(f"{label:<{width}}  {fastest:6.2f}  {median:8.2f}  {peak:7d}  {detail}")
            floors = {label: figures[0] for label, figures in rows}
            print(
                "\nratios: import / sqlacodegen alone = "
                f"{floors['archdocs import (9 schemas)'] / floors['floor: sqlacodegen alone (9 schemas)']:.2f}; "
                "drift / (reflect + compare) = "
                f"{floors['archdocs drift (no drift)'] / floors['floor: alembic compare_metadata (reflect + compare)']:.2f}"
            )
    finally:
        corpus.drop_database("postgresql", name)


if __name__ == "__main__":
    main()
