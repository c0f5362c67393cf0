"""Under `mkdocs serve` the installed theme's files are listed once, and the theme's files MkDocs
copies are the same as when it lists them itself; a folder of overrides is listed again for
every rebuild, so a file added there while serving is published."""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.structure.files import Files
from mkdocs.theme import Theme

from archdocs.website.theme_listing import ThemeListing


def _listed(theme: Theme) -> list[str]:
    return theme.get_env().list_templates()


def test_the_theme_lists_what_jinja_lists(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    (overrides / "assets").mkdir(parents=True)
    (overrides / "assets" / "extra.css").write_text("p {}\n")
    theme = Theme(name="material", custom_dir=str(overrides))
    expected = jinja2.FileSystemLoader(theme.dirs).list_templates()
    ThemeListing().apply_to(theme)
    assert _listed(theme) == expected
    assert "assets/extra.css" in expected and ".icons/material/home.svg" in expected


def test_installed_folders_are_listed_once_and_overrides_every_time(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    listing = ThemeListing()
    first = Theme(name="material", custom_dir=str(overrides))
    listing.apply_to(first)
    _listed(first)
    assert sorted(listing.listed) == sorted(first.dirs[1:])  # material's and mkdocs' own

    (overrides / "new.js").write_text("// added while serving\n")
    second = Theme(name="material", custom_dir=str(overrides))  # the next rebuild's
    listing.apply_to(second)
    assert "new.js" in _listed(second)


def test_the_static_files_mkdocs_publishes_are_unchanged(tmp_path: Path) -> None:
    from mkdocs.config.defaults import MkDocsConfig

    (tmp_path / "docs").mkdir()
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"site_name": "t", "docs_dir": str(tmp_path / "docs"),
                      "theme": {"name": "material"}})
    errors, _ = config.validate()
    assert not errors
    own, listed = Files([]), Files([])
    own.add_files_from_theme(config.theme.get_env(), config)
    ThemeListing().apply_to(config.theme)
    listed.add_files_from_theme(config.theme.get_env(), config)
    assert [f.src_uri for f in listed] == [f.src_uri for f in own]
    assert any(f.src_uri.startswith("assets/") for f in own)
