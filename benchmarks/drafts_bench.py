"""Page generation of a one-shot build with the table pages drafted by a forked child and
without (``SiteOptions.draft_ahead``), alternated, each build in a fresh process as ``mkdocs
build`` and ``archdocs generate`` run it.

    .venv/bin/python benchmarks/drafts_bench.py DIR/project [--rounds 5] [--cold]

``DIR/project`` is the project ``benchmarks/site_bench.py --full-only --keep DIR`` leaves (its
``models``). The builds share a diagram cache in a temporary folder, filled by a first build
(with ``--cold``, emptied before every build instead: no child drafts then). Prints each
build's page generation and total seconds (archdocs' own figures), how many table pages the
child drafted in time, the medians, and whether both ways built the same pages and files.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bytecode import compile_sources  # noqa: E402

ONE_BUILD = """
import hashlib, json, sys
from pathlib import Path
from archdocs.website.build import SiteOptions, build_site

def main():
    models, cache, drafts = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "1"
    result = build_site(SiteOptions(models=models, cache_dir=cache, draft_ahead=drafts))
    digest = hashlib.sha256()
    for path, content in result.files().items():
        digest.update(path.encode() + b"\\0" + content + b"\\0")
    stats = result.stats
    print(json.dumps({"pages": stats.pages_seconds, "total": stats.total_seconds,
                      "drafted": stats.drafted_pages, "digest": digest.hexdigest()}))

if __name__ == "__main__":
    main()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold", action="store_true",
                        help="empty the diagram cache before every build")
    args = parser.parse_args()
    compile_sources()
    models = (args.project / "models").resolve()
    with tempfile.TemporaryDirectory() as work:
        script = Path(work) / "one_build.py"
        script.write_text(ONE_BUILD)
        cache = Path(work) / "cache"

        def build(drafts: bool) -> dict[str, float | str]:
            if args.cold:
                shutil.rmtree(cache, ignore_errors=True)
            done = subprocess.run(
                [sys.executable, str(script), str(models), str(cache), "1" if drafts else "0"],
                check=True, capture_output=True, text=True)
            figures: dict[str, float | str] = json.loads(done.stdout.strip().splitlines()[-1])
            return figures

        if not args.cold:
            build(False)  # fills the cache
        runs: dict[bool, list[dict[str, float | str]]] = {False: [], True: []}
        for round_number in range(1, args.rounds + 1):
            for drafts in (False, True):
                figures = build(drafts)
                runs[drafts].append(figures)
                print(f"round {round_number}, {'drafted' if drafts else 'alone  '}: pages "
                      f"{figures['pages']:.2f} s, total {figures['total']:.2f} s, "
                      f"{figures['drafted']} table pages drafted", flush=True)
    for drafts, label in ((False, "alone"), (True, "drafted")):
        pages = statistics.median(float(f["pages"]) for f in runs[drafts])
        total = statistics.median(float(f["total"]) for f in runs[drafts])
        print(f"{label}: page generation median {pages:.2f} s, build_site median {total:.2f} s")
    digests = {str(f["digest"]) for drafts in runs for f in runs[drafts]}
    print("the same pages and files every build" if len(digests) == 1
          else f"DIFFERENT OUTPUT: {len(digests)} digests")


if __name__ == "__main__":
    main()
