"""A page provider for tests: notes the diagram worker processes running while the pages are
generated, and fails like a buggy provider when ``FAIL`` is set."""

from __future__ import annotations

from sitehelpers import diagram_worker_pids

SEEN: list[int] = []
FAIL = False


def pages(ctx):
    SEEN[:] = diagram_worker_pids()
    if FAIL:
        raise RuntimeError("a bug in a page provider")
    return []
