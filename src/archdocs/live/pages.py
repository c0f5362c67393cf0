"""The site's drift page: the live schema compared with the declared one, at build time.

The database URL never comes from the repository. The plugin option ``drift_url_env`` names an
environment variable; without the option, or with the variable unset, there is no drift page.
The variable holds either one URL, compared with the datastore it fits (the only relational
datastore of that dialect, or the one named like the database), or whitespace-separated
``datastore-name=URL`` pairs::

    export ARCHDOCS_DRIFT_URL='orders-db=postgresql://reader@db/orders billing=mysql://r@h/bill'

    plugins:
      - archdocs:
          drift_url_env: ARCHDOCS_DRIFT_URL
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from archdocs.errors import ArchdocsError
from archdocs.live.connection import mask, parse_url
from archdocs.live.drift import detect_drift
from archdocs.live.drift_report import as_markdown
from archdocs.model.datastore import Datastore
from archdocs.model.system import System
from archdocs.pages.markdown import code, escape
from archdocs.pages.page import Page, SiteContext, relative_link

OPTION = "drift_url_env"
_NAMED_URL = re.compile(r"^(?P<name>[^=:/\s]+)=(?P<url>[A-Za-z][\w+.-]*://.*)$")


def pages(ctx: SiteContext) -> Iterator[Page]:
    """One drift page, when ``drift_url_env`` names a set environment variable."""
    variable = ctx.options.get(OPTION)
    if not variable:
        return
    value = os.environ.get(str(variable), "").strip()
    if not value:
        ctx.log.warning(
            "archdocs: %s names the environment variable %s, which is not set: no drift page",
            OPTION, variable,
        )
        return
    path = f"{ctx.paths.prefix}/drift.md"
    sections = [
        "# Schema drift",
        "",
        "The live databases compared with the declared schemas when this site was built "
        f"(URL from the environment variable {code(variable)}; connections are read-only).",
        "",
    ]
    for system, datastore, url, problem in _targets(ctx, value):
        sections.append(_section(ctx, path, system, datastore, url, problem))
    yield Page(path=path, title="Schema drift", content="\n".join(sections), nav=True)


def _targets(ctx: SiteContext, value: str
             ) -> Iterator[tuple[System | None, Datastore | None, str, str | None]]:
    pairs = [_NAMED_URL.match(token) for token in value.split()]
    candidates = [
        (system, datastore)
        for system in ctx.model.systems
        for datastore in system.datastores
        if datastore.technology.sql_dialect and datastore.tables
    ]
    if all(pairs):
        for match in pairs:
            assert match is not None
            name, url = match.group("name"), match.group("url")
            found = [(s, d) for s, d in candidates if d.name == name]
            if found:
                yield found[0][0], found[0][1], url, None
            else:
                yield None, None, url, f"no relational datastore named {name!r} declares tables"
        return
    url = value
    try:
        parsed = parse_url(url)
    except ArchdocsError as error:
        yield None, None, url, error.message
        return
    dialect = parsed.get_backend_name().replace("mariadb", "mysql")
    fitting = [(s, d) for s, d in candidates if d.technology.sql_dialect == dialect]
    if len(fitting) > 1:
        fitting = [(s, d) for s, d in fitting if d.name == parsed.database] or fitting
    if len(fitting) == 1:
        yield fitting[0][0], fitting[0][1], url, None
    elif not fitting:
        yield None, None, url, f"no datastore with {dialect} tables to compare with"
    else:
        names = ", ".join(sorted(d.name for _, d in fitting))
        yield None, None, url, (
            f"several {dialect} datastores could match ({names}); set the variable to "
            "'datastore-name=URL' pairs"
        )


def _section(ctx: SiteContext, page_path: str, system: System | None,
             datastore: Datastore | None, url: str, problem: str | None) -> str:
    if datastore is None or system is None:
        ctx.log.warning("archdocs: drift: %s: %s", mask(url), problem)
        return f'!!! warning "Not compared: {code(mask(url))}"\n    {escape(problem)}\n'
    try:
        report = detect_drift(url, datastore)
    except ArchdocsError as error:
        # The message of a LiveDatabaseError is password-free by construction.
        ctx.log.warning("archdocs: drift of %s: %s", datastore.name, error.message)
        return (
            f"## {escape(datastore.name)}\n\n"
            f'!!! failure "Could not compare with {code(mask(url))}"\n'
            f"    {escape(error.message)}\n"
        )
    link = relative_link(page_path, ctx.paths.datastore(system, datastore))
    body = as_markdown(report, heading_level=2)
    return body + f"\nDeclared in [{escape(datastore.name)}]({link}).\n"
