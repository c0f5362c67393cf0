"""A `mkdocs build` keeps the garbage collector off the model while MkDocs renders the pages
(``gc.freeze``), and hands everything back afterwards: a process that builds again
(``mkdocs serve --clean``, which tells plugins "build", or a test run) still frees each
build's model."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_site_rebuild_memory import SHOP

HOOKS = """\
import gc

FROZEN_WHILE_RENDERING = []


def on_post_build(config):
    FROZEN_WHILE_RENDERING.append(gc.get_freeze_count())
"""


def test_a_build_freezes_the_model_while_mkdocs_renders_and_builds_again_without_a_leak(
    write_model, tmp_path: Path,
) -> None:
    models = write_model({"shop.py": SHOP})
    (tmp_path / "docs").mkdir()
    (tmp_path / "hooks.py").write_text(HOOKS)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Shop\ndocs_dir: docs\nhooks: [hooks.py]\n"
        f"plugins:\n  - archdocs: {{models: {models}, cache_dir: cache}}\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    plugin = config.plugins["archdocs"]
    hooks: Any = config.plugins["hooks.py"]  # a hooks file is a module among the plugins
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
        first_table = weakref.ref(plugin.result.model.systems[0].datastores[0].tables[0])
        build(config)  # as `mkdocs serve --clean` rebuilds: the same plugin, told "build"
        for _ in range(3):  # weak-keyed caches drop their entries one collection after their key
            gc.collect()
        assert first_table() is None, "the first build's model outlived the second build"
    finally:
        config.plugins.on_shutdown()
    assert (tmp_path / "site" / "architecture" / "index.html").exists()
    first, second = hooks.FROZEN_WHILE_RENDERING
    assert first > 0, "the first build rendered its pages with the model in the collector's way"
    assert second == 0, "a build again in the same process froze the last one's garbage"
    assert gc.get_freeze_count() == 0, "objects left frozen after the build"
