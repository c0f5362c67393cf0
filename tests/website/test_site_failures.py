"""A diagram that cannot be drawn is never published silently."""

from __future__ import annotations

import logging

import pytest
from sitehelpers import HOSTILE

from archdocs.website.build import CORE_PROVIDER, SiteOptions, build_site


def test_failed_diagram_is_named_in_the_log_and_shown_as_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = logging.getLogger("archdocs.test-site")
    with caplog.at_level(logging.WARNING, logger="archdocs.test-site"):
        result = build_site(SiteOptions(models=HOSTILE, use_cache=False), log=log,
                            providers=[CORE_PROVIDER, "broken_diagram_provider"])
    assert [d.key for d in result.failed_diagrams] == ["broken-diagram"]
    assert "broken-diagram" in caplog.text and "architecture/broken.md" in caplog.text
    page = next(p for p in result.pages if p.path == "architecture/broken.md").content
    assert '!!! warning "Diagram not rendered: A broken diagram"' in page
    assert "broken-diagram.svg" not in page
    assert not any(a.path.endswith("broken-diagram.svg") for a in result.assets)
    assert result.stats.failed == 1 and "1 FAILED" in result.stats.summary()
    # the other diagrams still render
    assert any(a.path.endswith("landscape-contexts.svg") for a in result.assets)
