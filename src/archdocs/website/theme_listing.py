"""The files of installed themes, listed once per ``mkdocs serve``.

Before every rebuild MkDocs lists every file of the theme's folders to find its static files
(Material: 14,510 files, its icons included; about 30 ms of CPU per rebuild). A theme installed
in the interpreter's site-packages does not change while the server runs, so its folders are
listed once; any other folder (a ``custom_dir`` of overrides, a theme being developed in an
editable install) is listed again on every rebuild, as MkDocs does.

The MkDocs internal this relies on (docs/adr): MkDocs 1.6 asks ``config.theme.get_env()`` for
the template environment of every build, after the ``config`` event; the plugin wraps that
method on the build's theme object, and a theme without it is left as it is.

No MkDocs import here (only the plugin imports it).
"""

from __future__ import annotations

import os
import sysconfig
from collections.abc import Callable
from typing import Any

import jinja2


class ThemeListing:
    """What the installed theme folders hold, for the life of the process."""

    def __init__(self) -> None:
        self.listed: dict[str, list[str]] = {}
        self.installed = tuple(
            os.path.join(os.path.abspath(path), "")
            for path in {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")} if path)

    def apply_to(self, theme: Any) -> None:
        """Have the template environments ``theme`` makes list its installed folders from
        here."""
        get_env = getattr(theme, "get_env", None)
        if callable(get_env):
            theme.get_env = self._listing_once(get_env)

    def _listing_once(self, get_env: Callable[[], Any]) -> Callable[[], Any]:
        def env() -> Any:
            made = get_env()
            loader = getattr(made, "loader", None)
            # Exactly what MkDocs makes (its encoding and links are the defaults): anything
            # else is left as it is.
            if type(loader) is jinja2.FileSystemLoader and not loader.followlinks \
                    and loader.encoding == "utf-8":
                made.loader = _ListedLoader(loader.searchpath, self)
            return made
        return env

    def names(self, folder: str) -> list[str]:
        """The template names under ``folder``, as Jinja's file loader lists them."""
        if not os.path.abspath(folder).startswith(self.installed):
            return jinja2.FileSystemLoader(folder).list_templates()
        if folder not in self.listed:
            self.listed[folder] = jinja2.FileSystemLoader(folder).list_templates()
        return self.listed[folder]


class _ListedLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, listing the installed folders from :class:`ThemeListing`."""

    def __init__(self, searchpath: list[str], listing: ThemeListing) -> None:
        super().__init__(searchpath)
        self.listing = listing

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            found.update(self.listing.names(folder))
        return sorted(found)
