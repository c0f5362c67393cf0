"""The semantic architecture diff for pull requests: contexts, services, datastores, flows,
patterns, migrations, schemas, review findings and ADRs between two versions of a model.

Comparing (:mod:`.compare`) produces data (:mod:`.changes`); :mod:`.markdown` and
:meth:`ArchitectureDiff.as_dict` render it; :mod:`.policy` decides the exit code.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path

from archdocs.diff.changes import ArchitectureDiff
from archdocs.diff.compare import compare
from archdocs.load import load_models
from archdocs.load.gitref import copy_at_ref, model_at_ref, require_commit
from archdocs.load.loader import Model

__all__ = ["ArchitectureDiff", "compare", "diff_refs", "render_json"]


def diff_refs(base: str, head: str | None = None, path: str | Path = "models") -> ArchitectureDiff:
    """Compare the model under ``path`` at git ref ``base`` with ``head`` (another ref) or,
    when ``head`` is ``None``, with the working tree. The working tree is never touched."""
    for ref in (base, head):
        if ref is not None:
            require_commit(ref, path)
    with ExitStack() as stack:
        base_model = _base_model(stack, base, path)
        if head is None:
            head_model = load_models(path)
        else:
            head_model = stack.enter_context(model_at_ref(head, path))
        # Review inside the block: findings locate tables by reading the temporary copies.
        return compare(base_model, head_model, base_label=base,
                       head_label=head or "working tree")


def _base_model(stack: ExitStack, base: str, path: str | Path) -> Model:
    """The model at ``base``; an empty one when the models folder did not exist there yet (the
    pull request that introduces archdocs), so everything shows as added."""
    root, tree = stack.enter_context(copy_at_ref(base, path))
    if tree.exists():
        return load_models(tree, shown_from=root)
    return Model(root=tree.parent / ".archdocs-no-model" / "models", systems=[])


def render_json(diff: ArchitectureDiff) -> str:
    return json.dumps(diff.as_dict(), indent=2, sort_keys=True, ensure_ascii=False,
                      default=str) + "\n"
