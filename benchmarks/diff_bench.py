"""``archdocs diff`` and the ADR commands on the flagship example, against floors measured in
the same run.

* ``archdocs diff --base main --head HEAD`` on a throw-away clone of this repository in which a
  branch changes the flagship model the way a real pull request would (a NOT NULL column on
  ``orders``, a new Redis cache and its flow, a consistency budget, a new ADR);
  - floor: ``archdocs check models`` in the same clone (one load and one review; a diff needs
    two of each, plus the migration planner and two git archives);
  - floor: ``git archive HEAD`` of the clone into a tar (what each side of the diff extracts).
* ``archdocs adr list`` and ``archdocs check --rule ADR001..ADR006`` on a folder of 1000 records
  (MADR front matter, a supersede chain every 10 records).

Every figure is the minimum (and median) of ``--runs`` runs, wall time of the whole process, and
the peak RSS of the process. Run it with:

    .venv/bin/python benchmarks/diff_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(command: list[str], cwd: Path, runs: int) -> tuple[float, float, float, int]:
    """(min, median) wall seconds, the minimum CPU seconds (user + system, stable on a busy
    machine) and the peak RSS in MB of ``runs`` runs of ``command``."""
    times = []
    cpu = []
    peak = 0
    for _ in range(runs):
        started = time.perf_counter()
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=out, stderr=err)
            _, status, usage = os.wait4(process.pid, 0)
            times.append(time.perf_counter() - started)
            code = os.waitstatus_to_exitcode(status)
            if code not in (0, 1):
                err.seek(0)
                raise SystemExit(f"{' '.join(command)} failed:\n{err.read().decode()}")
        cpu.append(usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss)
    return min(times), statistics.median(times), min(cpu), peak // 1024


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def flagship_pull_request(root: Path) -> Path:
    clone = root / "clone"
    git(root, "clone", "-q", str(REPO), str(clone))
    git(clone, "config", "user.name", "bench")
    git(clone, "config", "user.email", "bench@example.invalid")
    git(clone, "checkout", "-q", "-b", "promise-delivery-dates")
    ordering = clone / "models/marketplace/ordering.py"
    text = ordering.read_text()
    anchor = ('        DateTime(timezone=True), server_default=func.now(), comment="Last status '
              'change."\n    )\n')
    assert anchor in text, "the flagship's orders table changed; update the benchmark"
    ordering.write_text(text.replace(anchor, anchor + (
        "    promised_delivery_by: Mapped[datetime] = mapped_column(\n"
        '        DateTime(timezone=True), comment="Latest delivery date promised."\n    )\n'), 1))
    flows = clone / "models/marketplace/flows.py"
    flows.write_text(flows.read_text().replace('eventual("5s")', 'eventual("2s")') + (
        "\nfrom archdocs import Role as _Role, tech as _tech\n"
        "from marketplace.ordering import ordering as _ordering\n"
        "_cache = _ordering.datastore('delivery-promise-cache', _tech.Redis('7.2'), "
        "role=_Role.CACHE)\n"
        "system.flow(order_service, _cache, Mechanism.CACHE_FILL, access=Access.READ_WRITE)\n"))
    subprocess.run([str(BIN / "archdocs"), "adr", "new", "Promise delivery dates at checkout",
                    "--relates-to", "orders-db", "--date", "2026-11-26"], cwd=clone, check=True,
                   capture_output=True)
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "Promise delivery dates at checkout")
    return clone


def adr_folder(root: Path, count: int) -> Path:
    project = root / "adrs"
    (project / "models").mkdir(parents=True)
    (project / "models" / "m.py").write_text(
        "from archdocs import System, tech\ns = System('S')\n"
        "c = s.context('C')\nc.datastore('db', tech.PostgreSQL('16'))\n")
    folder = project / "docs" / "adr"
    folder.mkdir(parents=True)
    for n in range(count):
        superseded = n % 10 == 0 and n + 1 < count
        status = "superseded" if superseded else "accepted"
        extra = f"superseded_by: [20240101-decision-{n + 1:04d}]\n" if superseded else ""
        supersedes = f"[20240101-decision-{n - 1:04d}]" if n % 10 == 1 else "[]"
        (folder / f"20240101-decision-{n:04d}.md").write_text(
            f"---\nstatus: {status}\ndate: 2024-01-01\ndeciders: [A]\nrelates_to: [db]\n"
            f"supersedes: {supersedes}\n{extra}---\n\n# Decision {n}\n\nText.\n" * 1)
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    archdocs = str(BIN / "archdocs")
    with tempfile.TemporaryDirectory(prefix="ad-diff-bench-") as tmp:
        root = Path(tmp)
        clone = flagship_pull_request(root)
        rows = [
            ("floor: git archive HEAD (tar, in memory)",
             timed(["git", "archive", "--format=tar", "-o", str(root / "a.tar"), "HEAD"], clone,
                   args.runs)),
            ("floor: archdocs check models (1 load + 1 review)",
             timed([archdocs, "check", "models"], clone, args.runs)),
            ("archdocs diff --base main --head HEAD (markdown)",
             timed([archdocs, "diff", "--base", "main", "--head", "HEAD"], clone, args.runs)),
            ("archdocs diff --base main --head HEAD --format json",
             timed([archdocs, "diff", "--base", "main", "--head", "HEAD", "--format", "json"],
                   clone, args.runs)),
        ]
        project = adr_folder(root, 1000)
        rules = [arg for n in range(1, 7) for arg in ("--rule", f"ADR00{n}")]
        rows += [
            ("floor: archdocs check --rule SUP001 (load + one trivial rule)",
             timed([archdocs, "check", "models", "--rule", "SUP001"], project, args.runs)),
            ("archdocs check --rule ADR001..ADR006, 1000 records",
             timed([archdocs, "check", "models", *rules], project, args.runs)),
            ("archdocs adr list, 1000 records",
             timed([archdocs, "adr", "list"], project, args.runs)),
        ]
    print(f"{'what':<62} {'min s':>7} {'median s':>9} {'CPU s':>6} {'peak MB':>8}")
    for label, (low, median, cpu, peak) in rows:
        print(f"{label:<62} {low:>7.2f} {median:>9.2f} {cpu:>6.2f} {peak:>8}")
    print(f"\ndiff / check on the flagship, CPU: {rows[2][1][2] / rows[1][1][2]:.2f}x, wall: "
          f"{rows[2][1][0] / rows[1][1][0]:.2f}x (two loads and reviews plus the planner: ~2x)")
    print(f"ADR rules over 1000 records, CPU above the trivial check: "
          f"{rows[5][1][2] - rows[4][1][2]:.2f} s")


if __name__ == "__main__":
    main()
