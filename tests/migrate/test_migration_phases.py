"""What each phase of an architecture migration adds, switches and retires, derived from the
phases; the declared current phase (validated), and the status lines the site shows for it."""

from __future__ import annotations

import html
import json
import posixpath
import re
import textwrap
from pathlib import Path

import pytest

from archdocs import tech
from archdocs.cli import main
from archdocs.load import load_models
from archdocs.migrate.phases import PhaseChange, PhaseState, effects, phase_states, progress
from archdocs.model import Mechanism, MigrationStatus, Phase, SyncMechanism, System
from archdocs.website.build import SiteOptions, build_site

REPO = Path(__file__).resolve().parents[2]


def _shop(**migration: object) -> tuple[System, object]:
    system = System("Shop")
    accounts = system.context("Accounts")
    api = accounts.service("account-api")
    legacy = accounts.datastore("legacy-db", tech.MySQL("5.7"))
    db = accounts.datastore("accounts-db", tech.PostgreSQL("16"))
    system.flow(api, legacy, Mechanism.QUERY, name="api uses legacy")
    system.flow(api, db, Mechanism.QUERY, name="api uses accounts-db")
    options: dict[str, object] = {
        "from_state": "accounts live in legacy-db",
        "to_state": "accounts live in accounts-db",
        "phases": [
            Phase("Copy accounts", sync=SyncMechanism.BACKFILL, elements=[db]),
            Phase("dual write", sync=SyncMechanism.DUAL_WRITE, elements=[api, db, legacy]),
            Phase("Switch reads", cutover=True, elements=[api, "api uses accounts-db"]),
            Phase("Drop the legacy tables", point_of_no_return=True, elements=[legacy]),
        ],
    }
    options.update(migration)
    return system, system.migration("Move accounts", **options)  # type: ignore[arg-type]


def _changes(found, number: int) -> dict[str, tuple[PhaseChange, bool]]:
    return {c.element.name: (c.change, c.whole) for c in found.phases[number - 1].changes}


def test_the_phases_say_what_each_adds_switches_and_retires_without_declarations():
    system, migration = _shop()
    found = effects(system, migration)
    assert _changes(found, 1) == {"accounts-db": (PhaseChange.ADDS, False)}
    assert _changes(found, 2) == {name: (PhaseChange.SWITCHES, False)
                                  for name in ("account-api", "accounts-db", "legacy-db")}
    assert _changes(found, 3) == {"account-api": (PhaseChange.SWITCHES, False),
                                  "api uses accounts-db": (PhaseChange.SWITCHES, False)}
    # The drop takes the legacy tables, not the declared datastore: it loses its old part.
    assert _changes(found, 4) == {"legacy-db": (PhaseChange.RETIRES, False)}
    # Nothing is declared new or gone: the same elements before and after, but the after view
    # knows what the migration changed.
    assert [e.name for e in found.before] == [e.name for e in found.after]
    assert {e.name for e in found.after if found.overall(e) is not None} == {
        "account-api", "accounts-db", "legacy-db", "api uses accounts-db"}


def test_declared_introductions_and_retirements_shape_before_during_and_after():
    system, migration = _shop(introduces=["accounts-db", "api uses accounts-db"],
                              retires=["legacy-db", "api uses legacy"])
    found = effects(system, migration)
    names = lambda elements: {e.name for e in elements}  # noqa: E731
    assert "accounts-db" not in names(found.before) and "legacy-db" in names(found.before)
    assert "api uses accounts-db" not in names(found.before)
    assert _changes(found, 1)["accounts-db"] == (PhaseChange.ADDS, False)
    # Retired in the destructive phase that names it: the whole store, drawn struck through.
    assert _changes(found, 4)["legacy-db"] == (PhaseChange.RETIRES, True)
    assert "legacy-db" in names(found.phases[3].present)
    assert "legacy-db" not in names(found.after) and "api uses legacy" not in names(found.after)
    assert {"accounts-db", "api uses accounts-db"} <= names(found.after)
    assert found.overall(system.find_datastore("accounts-db")) is PhaseChange.ADDS


def test_phase_states_follow_the_declared_current_phase():
    _, by_name = _shop(status=MigrationStatus.IN_PROGRESS, current_phase="dual write")
    _, by_number = _shop(status=MigrationStatus.IN_PROGRESS, current_phase=2)
    for migration in (by_name, by_number):
        assert migration.current_phase_index == 1
        assert phase_states(migration) == [PhaseState.DONE, PhaseState.IN_PROGRESS,
                                           PhaseState.TO_DO, PhaseState.TO_DO]
        assert progress(migration) == "phase 2 of 4, dual write"
    _, done = _shop(status=MigrationStatus.DONE)
    assert phase_states(done) == [PhaseState.DONE] * 4 and progress(done) == "done"
    _, unknown = _shop(status=MigrationStatus.IN_PROGRESS)
    assert progress(unknown) == "in progress, current phase not declared"
    _, stopped = _shop(status=MigrationStatus.ABANDONED, current_phase=3)
    assert phase_states(stopped)[2] is PhaseState.STOPPED
    assert progress(stopped) == "stopped in phase 3 of 4, Switch reads"


MODEL = '''
from archdocs import tech
from archdocs.model import Mechanism, MigrationStatus, Phase, SyncMechanism, System

system = System("Shop")
accounts = system.context("Accounts")
api = accounts.service("account-api")
legacy = accounts.datastore("legacy-db", tech.MySQL("5.7"))
db = accounts.datastore("accounts-db", tech.PostgreSQL("16"),
                        description="Sharded on account id over 8 shards.")
system.flow(api, legacy, Mechanism.QUERY, name="api uses legacy")
system.flow(api, db, Mechanism.QUERY, name="api uses accounts-db")
system.migration(
    "Move accounts",
    status={status},
    current_phase={current!r},
    from_state="accounts live in legacy-db",
    to_state="accounts live in accounts-db",
    retires=[legacy],
    phases=[
        Phase("Copy accounts", sync=SyncMechanism.BACKFILL, elements=[db], rollback="drop it"),
        Phase("dual write", sync=SyncMechanism.DUAL_WRITE, elements=[api, db, legacy],
              rollback="stop writing accounts-db"),
        Phase("Switch reads", cutover=True, elements=[api], rollback="flip the flag back"),
        Phase("Drop legacy-db", point_of_no_return=True, elements=[legacy],
              rollback="restore a backup"),
    ],
    cutover_criteria=["row counts match"],
)
'''


def _write(folder: Path, status: str = "MigrationStatus.IN_PROGRESS",
           current: object = "dual write") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "shop.py").write_text(textwrap.dedent(MODEL.format(status=status, current=current)))
    return folder


@pytest.mark.parametrize(("status", "current", "message", "hint"), [
    ("MigrationStatus.IN_PROGRESS", "Dual Write", "current_phase='Dual Write' names no phase",
     "did you mean 'dual write'?"),
    ("MigrationStatus.IN_PROGRESS", 5, "current_phase=5 but the migration has 4 phases",
     "numbered from 1 to 4"),
    ("MigrationStatus.DONE", "dual write", "the status is 'done'",
     "status=MigrationStatus.IN_PROGRESS"),
])
def test_a_current_phase_that_names_no_phase_is_an_error_at_its_line(
        tmp_path, capsys, status, current, message, hint):
    models = _write(tmp_path / "models", status, current)
    code = main(["check", str(models)])
    err = capsys.readouterr().err
    assert code == 2
    line = MODEL.splitlines().index("system.migration(") + 1
    assert re.search(rf"shop\.py:{line}: error: migration 'Move accounts': ", err), err
    assert message in err and hint in err and "Traceback" not in err


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    models = _write(tmp_path_factory.mktemp("site") / "models")
    result = build_site(SiteOptions(models=models, use_cache=False),
                        providers=["archdocs.pages.core", "archdocs.migrate.pages"])
    return {page.path: page for page in result.pages}, {a.path: a for a in result.assets}


def _svg_text(assets, page, key: str) -> str:
    by_name = {path.rsplit("/", 1)[-1]: asset for path, asset in assets.items()}
    for target in re.findall(r'<object [^>]*data="([^"]+\.svg)"', page.content):
        name = html.unescape(target).rsplit("/", 1)[-1]
        if name == f"{key}.svg":
            return " ".join(html.unescape(t) for t in re.findall(
                r">([^<>]+)</text>", by_name[name].content.decode()))
    raise AssertionError(f"no diagram {key} on {page.path}")


def test_the_migration_page_marks_phases_done_in_progress_and_to_do(site):
    pages, assets = site
    page = pages["architecture/migrations/move-accounts.md"]
    assert "**Status:** in-progress — phase 2 of 4, dual write" in page.content
    rows = [line for line in page.content.splitlines() if line.startswith("| ")]
    assert any("Copy accounts" in r and "| done |" in r for r in rows)
    assert any("dual write" in r and "| **in progress** |" in r for r in rows)
    assert any("Switch reads" in r and "| to do |" in r for r in rows)
    assert "*Not reached yet: the migration is phase 2 of 4, dual write.*" in page.content
    chain = _svg_text(assets, page, "migration-move-accounts-phases")
    assert chain.count("done") == 1 and "in progress" in chain and chain.count("to do") == 2
    # One diagram per phase, highlighting what it changes, with a legend.
    dual = _svg_text(assets, page, "migration-move-accounts-phase-2")
    assert dual.count("switches") >= 3 and "Legend" in dual
    drop = _svg_text(assets, page, "migration-move-accounts-phase-4")
    assert "retired" in drop and "legacy-db" in drop
    before = _svg_text(assets, page, "migration-move-accounts-before")
    after = _svg_text(assets, page, "migration-move-accounts-after")
    assert "legacy-db" in before and "legacy-db" not in after
    assert "changed" in after and "changed" not in before
    assert "**switches** [account-api]" in page.content
    index = pages["architecture/migrations/index.md"].content
    assert re.search(r"\| \[Move accounts\]\([^)]+\) \| phase 2 of 4, dual write \|", index)


def test_the_phase_diagrams_link_their_boxes_to_the_element_pages(site):
    pages, assets = site
    svg = next(a.content.decode() for path, a in assets.items()
               if path.endswith("migration-move-accounts-phase-2.svg"))
    links = set(re.findall(r'xlink:href="([^"#][^"]*)" target="_top"', svg))
    assert any(link.endswith("datastores/accounts-db/") for link in links), links
    assert any(link.endswith("contexts/accounts/") for link in links), links


def test_the_phase_chain_links_each_phase_to_its_section_of_the_migration_page(site):
    pages, assets = site
    path, svg = next((path, a.content.decode()) for path, a in assets.items()
                     if path.endswith("migration-move-accounts-phases.svg"))
    found = re.findall(r'<title>([^<]*)</title>\n<a xlink:href="([^"]+)" target="_top"', svg)
    assert [html.unescape(title) for title, _ in found] == [
        "1. Copy accounts", "2. dual write", "3. Switch reads", "4. Drop legacy-db"], found
    for number, (_, href) in enumerate(found, 1):
        target, _, anchor = href.partition("#")
        page = posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) + ".md"
        assert anchor == f"phase-{number}" and page in pages, href
        # The anchor sits on the heading of that phase's section.
        assert re.search(rf'^### <span id="{anchor}"></span>{number}\. ',
                         pages[page].content, re.MULTILINE), anchor


def test_datastore_and_context_pages_say_the_migration_is_under_way(site):
    pages, _ = site
    for path in ("architecture/datastores/accounts-db.md", "architecture/datastores/legacy-db.md",
                 "architecture/contexts/accounts.md"):
        content = pages[path].content
        status = re.search(r"^> \*\*Being migrated:\*\* \[Move accounts\]\(([^)]+)\): "
                           r"phase 2 of 4, dual write\.$", content, re.MULTILINE)
        assert status, path
        assert status.group(1).endswith("migrations/move-accounts.md")
        # Before the cutover the page does not pass the target off as today's state.
        assert "it is not in place yet: until the cutover (phase 3, Switch reads)" in content
        assert "*accounts live in legacy-db*" in content
        # The line comes before the description, where a reader starts.
        assert content.index("Being migrated") < content.index("## ")


def test_after_the_cutover_the_status_line_says_traffic_moved(tmp_path):
    models = _write(tmp_path / "models", current=4)
    result = build_site(SiteOptions(models=models, use_cache=False),
                        providers=["archdocs.pages.core", "archdocs.migrate.pages"])
    page = next(p for p in result.pages if p.path == "architecture/datastores/legacy-db.md")
    assert "phase 4 of 4, Drop legacy-db" in page.content
    assert "Traffic moved at the cutover (phase 3, Switch reads)" in page.content


def test_a_finished_migration_leaves_the_pages_alone(tmp_path):
    models = _write(tmp_path / "models", status="MigrationStatus.DONE", current=None)
    result = build_site(SiteOptions(models=models, use_cache=False),
                        providers=["archdocs.pages.core", "archdocs.migrate.pages"])
    pages = {p.path: p.content for p in result.pages}
    assert "Being migrated" not in pages["architecture/datastores/accounts-db.md"]
    assert "Not reached yet" not in pages["architecture/migrations/move-accounts.md"]


def test_the_same_model_gives_the_same_migration_pages_and_diagrams(tmp_path):
    built = []
    for n in (1, 2):
        models = _write(tmp_path / f"m{n}" / "models")
        result = build_site(SiteOptions(models=models, use_cache=False),
                            providers=["archdocs.pages.core", "archdocs.migrate.pages"])
        built.append(({p.path: p.content for p in result.pages},
                      {a.path: a.content for a in result.assets if "migration-" in a.path}))
    assert built[0] == built[1]
    assert len(built[0][1]) >= 7  # before, 4 phases, after, chain


def test_the_export_carries_the_current_phase_and_the_pr_diff_shows_its_change(tmp_path):
    from archdocs.diff.compare import compare
    from archdocs.export import model_to_dict

    base = load_models(_write(tmp_path / "base" / "models", current="dual write"))
    head = load_models(_write(tmp_path / "head" / "models", current="Switch reads"))
    [migration] = model_to_dict(head)["systems"][0]["migrations"]
    assert migration["current_phase"] == "Switch reads"
    json.dumps(migration)
    diff = compare(base, head, base_label="main", head_label="branch")
    [change] = [c for c in diff.elements if c.kind == "migration"]
    fields = {f.field: (f.before, f.after) for f in change.fields}
    assert fields["current_phase"] == ("dual write", "Switch reads")


def test_the_flagship_has_a_migration_in_progress_and_says_so():
    model = load_models(REPO / "models")
    [system] = model.systems
    under_way = [m for m in system.migrations if m.current_phase_index is not None]
    assert under_way and all(m.status is MigrationStatus.IN_PROGRESS for m in under_way)
    for migration in system.migrations:
        found = effects(system, migration)
        # Every flagship migration changes something the after view shows.
        assert any(found.overall(e) is not None for e in found.after), migration.name


def test_streaming_changes_keeps_two_places_in_step_and_counts_as_a_switch():
    system, migration = _shop(phases=[
        Phase("Stream changes", sync=SyncMechanism.CDC, elements=["accounts-db"]),
        Phase("Build the replica", elements=["accounts-db"]),
        Phase("Route reads to the replica", elements=["account-api"]),
    ])
    found = effects(system, migration)
    assert _changes(found, 1) == {"accounts-db": (PhaseChange.SWITCHES, False)}
    assert _changes(found, 2) == {"accounts-db": (PhaseChange.ADDS, False)}
    assert _changes(found, 3) == {"account-api": (PhaseChange.SWITCHES, False)}


HOSTILE = '''
from archdocs import tech
from archdocs.model import Mechanism, MigrationStatus, Phase, SyncMechanism, System

system = System("Shop")
ctx = system.context("<i>ctx</i>")
api = ctx.service('api "quoted" & {{ x }}')
db = ctx.datastore("<script>db</script>", tech.PostgreSQL("16"))
system.flow(api, db, Mechanism.QUERY, name="flow ]]> <![CDATA[ x")
system.migration(
    "<b>move</b> [it](javascript:x)",
    status=MigrationStatus.IN_PROGRESS,
    current_phase="<phase> & *two*",
    from_state="from <em>here</em> {% raw %}",
    to_state="to there",
    phases=[
        Phase("one\\\\n<x>", sync=SyncMechanism.BACKFILL, elements=[db], rollback="r"),
        Phase("<phase> & *two*", sync=SyncMechanism.DUAL_WRITE, elements=[api, db],
              rollback="r"),
    ],
)
'''


def test_hostile_names_stay_text_in_migration_diagrams_and_status_lines(tmp_path):
    import xml.etree.ElementTree as ET

    models = tmp_path / "models"
    models.mkdir()
    (models / "shop.py").write_text(HOSTILE)
    result = build_site(SiteOptions(models=models, use_cache=False),
                        providers=["archdocs.pages.core", "archdocs.migrate.pages"])
    svgs = [a for a in result.assets if "/migration-" in a.path and a.path.endswith(".svg")]
    assert len(svgs) >= 5
    texts = []
    for asset in svgs:
        root = ET.fromstring(asset.content)  # well-formed XML whatever the names hold
        texts += [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    joined = " ".join(texts)
    assert "<script>db</script>" in joined and 'api "quoted" & {{ x }}' in joined
    assert "<phase> & *two*" in joined
    datastore = next(p.content for p in result.pages if p.path.startswith(
        "architecture/datastores/") and "Being migrated" in p.content)
    assert "<b>" not in datastore and "<phase>" not in datastore and "<em>" not in datastore
    assert "{% raw %}" not in datastore and "{{" not in datastore
