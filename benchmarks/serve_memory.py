"""What a `mkdocs serve --dirty` process holds between saves: its memory (RSS) and the
objects Python's collector tracks, after the idle collection pass of each save.

    .venv/bin/python benchmarks/serve_memory.py PROJECT [--saves 5] [--idle 2.0]

PROJECT is a folder with ``mkdocs.yml`` and ``models/`` (``site_bench.py --keep DIR`` leaves
one in ``DIR/project``; work on a copy: its ``models/synthetic/ctx_003.py`` is edited). Builds
in this process as `mkdocs serve --dirty` does (the same plugin instance each time), waits
``--idle`` seconds after each build (the idle pass runs 0.5 s after it), then reads
``/proc/self/status``. Compare versions with ``PYTHONPATH=<other tree>/src``.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import time
from pathlib import Path

EDITED = "models/synthetic/ctx_003.py"


def rss_megabytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise SystemExit("no VmRSS in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--idle", type=float, default=2.0)
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    project = args.project.resolve()
    os.chdir(project)
    logging.disable(logging.WARNING)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    edited = project / EDITED
    original = edited.read_text(encoding="utf-8")
    try:
        for save in range(args.saves):
            edited.write_text(original.replace('description="', f'description="save {save} ', 1),
                              encoding="utf-8")
            build(config, dirty=True)
            time.sleep(args.idle)
            print(f"after save {save + 1}: RSS {rss_megabytes()} MB, "
                  f"{len(gc.get_objects())} objects tracked")
    finally:
        edited.write_text(original, encoding="utf-8")
        config.plugins.on_shutdown()


if __name__ == "__main__":
    main()
