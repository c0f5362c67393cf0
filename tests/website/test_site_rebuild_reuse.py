"""A site built again in the same process after a model edit, as ``mkdocs serve`` does on
every save (it reuses what the previous builds finished: pages, SVGs read from the cache), is
byte for byte the site a fresh process builds from the edited model."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from sitehelpers import VENV_BIN, run, site_digest

from archdocs.website.build import SiteOptions, build_site

# Edits of the starter model a user could save one after the other: descriptions, a table's
# comment and column, a flow removed, a new table, a renamed datastore (every link to it).
EDITS = [
    ("What we sell and at which price.", "What we sell, {{ and }} at which price."),
    ('"Something we sell."', '"Something we sell, edited."'),
    ('cents: Mapped[int] = mapped_column(comment="Price in cents.")',
     'cents: Mapped[int] = mapped_column(comment="Price in cents.")\n'
     '    currency: Mapped[str] = mapped_column(String(3), comment="ISO code.")'),
    ("system.flow(catalog_api, catalog_cache,", "0 and system.flow(catalog_api, catalog_cache,"),
    ('class Price(CatalogBase):',
     'class Tag(CatalogBase):\n    __tablename__ = "tags"\n'
     '    id: Mapped[int] = mapped_column(primary_key=True)\n\n\nclass Price(CatalogBase):'),
    ('"catalog-cache"', '"product-cache"'),
    ('description="Browses the catalog."', 'description="Browses | the *catalog*."'),
]


_CLEAN = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from sitehelpers import site_digest
from archdocs.website.build import SiteOptions, build_site
print(site_digest(build_site(SiteOptions(models=Path({models!r}), cache_dir=Path({cache!r})))))
"""


def _clean_build(models: Path, cache: Path) -> str:
    """The digest of a build of ``models`` in a fresh process (nothing reused)."""
    code = _CLEAN.format(tests=str(Path(__file__).parent), models=str(models), cache=str(cache))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def test_rebuilds_after_random_edits_equal_clean_builds(fresh_repo: Path) -> None:
    assert run([str(VENV_BIN / "archdocs"), "init", "."], cwd=fresh_repo).returncode == 0
    model = fresh_repo / "models" / "architecture.py"
    original = model.read_text()
    for old, _ in EDITS:
        assert old in original, old
    cache = fresh_repo / ".cache" / "archdocs"
    options = SiteOptions(models=fresh_repo / "models", cache_dir=cache)
    build_site(options)  # what the next builds may reuse
    chooser = random.Random(21)
    # Every edit, piled up in a random order, then most taken back (a rebuild meets pages as
    # an older build wrote them), then the original again.
    steps = chooser.sample(range(len(EDITS)), len(EDITS))
    versions = [steps[:2], steps[:5], steps, steps[:2], []]
    for applied in versions:
        text = original
        for number in applied:
            old, new = EDITS[number]
            text = text.replace(old, new, 1)
        model.write_text(text)
        rebuilt = site_digest(build_site(options))
        assert rebuilt == _clean_build(fresh_repo / "models", cache), \
            f"a rebuild after edits {applied} differs from a clean build"
