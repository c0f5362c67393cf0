"""Property-based: models whose names, comments and descriptions come from hostile alphabets
(markup, template delimiters, quotes, backslashes, newlines, right-to-left marks, very long
strings, names that collide after slugging) still give a site where every element has its own
page, no markup or template syntax from the model survives unescaped, nothing is written outside
the output folder, and no command ends in a traceback."""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitehelpers import VENV_BIN, run

from archdocs.cli import main
from archdocs.website.diagram_embed import SCRIPT_LOADER

pytestmark = pytest.mark.slow

# Text that has broken, or could break, some target: Markdown, HTML, Jinja, DOT, Mermaid, YAML
# front matter, file paths, bidirectional text.
HOSTILE = [
    "{{ 7*7 }}", "{% if true %}x{% endif %}", "{# c #}", "}}", "%}", "#}", "{{", "{%", "{#",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</td><td>", "<!--", "-->",
    "&amp;", "&lt;b&gt;", "a|b", "`x`", "```", "*x*", "_x_", "[x](javascript:alert(1))",
    "![x](y)", "# heading", "1. item", "- item", "> quote", "---", "===", "\\", "\\\\n",
    "\"quoted\"", "'single'", "\n", "\r\n", "\t", "\u202eevil\u202c", "\u200f", "\u200b",
    "../../outside", "/etc/passwd", "C:\\Windows", "index", "Index", "Order Service",
    "order-service", "order_service", "ORDER.SERVICE", "日本語", "Café", "a" * 300, " ",
    "]] --> ;; } -> {", "#123;", "@{ shape: hex }", "title: x", ":", "@", "$x", "%",
]
ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",),
                         exclude_characters="\x00")


def _text(min_size: int = 0) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(HOSTILE), st.text(ALPHABET, min_size=1, max_size=6))
    return st.lists(pieces, min_size=max(min_size, 0), max_size=4).map("".join).filter(
        lambda s: len(s) >= min_size)


def _names(count: int, exclude: frozenset[str] = frozenset()) -> st.SearchStrategy[list[str]]:
    return st.lists(_text(1).filter(lambda s: s.strip() and s not in exclude),
                    min_size=1, max_size=count, unique=True)


@st.composite
def models(draw: st.DrawFn) -> tuple[str, dict[str, int]]:
    """Model source, and how many pages of each kind it must give."""
    contexts = draw(_names(3))
    datastores = draw(_names(len(contexts)))
    services = draw(_names(len(contexts)))
    system = draw(_text(1).filter(str.strip))
    lines = ["from sqlalchemy import Column, Integer, MetaData, String, Table",
             "from archdocs import Access, Mechanism, System, tech",
             f"system = System({system!r}, description={draw(_text())!r})"]
    tables = 0
    flows: list[str] = []
    for n, context in enumerate(contexts):
        lines.append(f"ctx_{n} = system.context({context!r}, team={draw(_text())!r}, "
                     f"domain={draw(_text())!r}, description={draw(_text())!r})")
        if n < len(services):
            lines.append(f"svc_{n} = ctx_{n}.service({services[n]!r}, "
                         f"description={draw(_text())!r})")
        if n < len(datastores):
            table_names = draw(_names(2))
            lines.append(f"metadata_{n} = MetaData()")
            for table in table_names:
                columns = draw(_names(2, frozenset({"id"})))
                cols = "".join(
                    f", Column({column!r}, String(20), comment={draw(_text())!r}, "
                    f"server_default={draw(_text())!r})" for column in columns)
                lines.append(f"Table({table!r}, metadata_{n}, Column('id', Integer, "
                             f"primary_key=True){cols}, comment={draw(_text())!r})")
            tables += len(table_names)
            lines.append(f"db_{n} = ctx_{n}.datastore({datastores[n]!r}, tech.PostgreSQL('16'), "
                         f"schema=metadata_{n}, description={draw(_text())!r})")
            if n < len(services):
                name = draw(_text(1).filter(lambda s: s.strip() and s not in flows))
                flows.append(name)
                lines.append(f"system.flow(svc_{n}, db_{n}, Mechanism.QUERY, "
                             f"access=Access.READ_WRITE, name={name!r}, "
                             f"carries={table_names!r}, events={[draw(_text(1))]!r}, "
                             f"description={draw(_text())!r})")
    counts = {"contexts": len(contexts), "datastores": len(datastores), "tables": tables,
              "flows": len(flows), "systems": 1}
    if draw(st.booleans()):
        # A second system, maybe with the same element names: its pages go to its own folder.
        other = draw(_text(1).filter(lambda s: s.strip() and s != system))
        lines += [f"other = System({other!r})",
                  f"octx = other.context({contexts[0]!r})",
                  f"osvc = octx.service({services[0]!r})",
                  f"odb = octx.datastore({datastores[0]!r}, tech.Redis('7'))",
                  f"other.flow(osvc, odb, Mechanism.QUERY, name={flows[0]!r})" if flows else ""]
        counts["systems"] = 2
    return "\n".join(lines) + "\n", counts


# Tags archdocs itself writes into pages; anything else would be markup from the model.
OWN_TAGS = {"code", "br", "span", "details", "summary", "small", "sup", "div", "a", "b", "em",
            "strong", "table", "thead", "tbody", "tr", "th", "td", "p", "ul", "li", "abbr",
            "wbr", "object"}
# The one script archdocs writes into a page: its own pan-and-zoom for diagrams, from the site.
# The one script archdocs writes into pages (it loads the diagram tools), verbatim.
OWN_SCRIPT = re.compile(re.escape(SCRIPT_LOADER))
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
TEMPLATE = re.compile(r"\{[{%#]|[}%#]\}")


def _generate(source: str) -> tuple[int, str, Path, set[str]]:
    root = Path(tempfile.mkdtemp(prefix="archdocs-hostile-"))
    (root / "models").mkdir()
    (root / "models" / "model.py").write_text(source, encoding="utf-8")
    before = {p.relative_to(root).as_posix() for p in root.rglob("*")}
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main(["generate", "--no-cache", "-q", str(root / "out"), str(root / "models")])
    after = {p.relative_to(root).as_posix() for p in root.rglob("*")}
    return code, stderr.getvalue(), root, after - before


def _check_site(root: Path, new: set[str], counts: dict[str, int]) -> None:
    out = root / "out"
    # Nothing outside the output folder (the model folder may get a __pycache__).
    stray = {p for p in new if not p.startswith("out") and "__pycache__" not in p}
    assert stray == set()
    manifest = json.loads((out / ".archdocs-manifest.json").read_text())["files"]
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == set(manifest) | {".archdocs-manifest.json"}
    for path in written:
        assert (out / path).resolve().is_relative_to(out.resolve())
    pages = {p: (out / p).read_text(encoding="utf-8") for p in written if p.endswith(".md")}
    # Every element has a page of its own (the second system, if any, has one of each).
    extra = counts.get("systems", 1) - 1
    base = "architecture" if not extra else "architecture/[^/]+"
    mine = {kind: [p for p in pages if re.fullmatch(rf"{base}/{kind}/[^/]+\.md", p)
                   and not p.endswith("/index.md")]
            for kind in ("contexts", "datastores", "flows")}
    assert {kind: len(found) for kind, found in mine.items()} == {
        kind: counts[kind] + (extra if counts[kind] or kind != "flows" else 0)
        for kind in ("contexts", "datastores", "flows")}
    table_pages = [p for p in pages if re.fullmatch(rf"{base}/datastores/[^/]+/tables/[^/]+\.md", p)]
    assert len(table_pages) == counts["tables"]
    for path, text in pages.items():
        assert not TEMPLATE.search(text), (path, TEMPLATE.findall(text)[:5])
        foreign = {m.group(2).lower() for m in TAG.finditer(OWN_SCRIPT.sub("", text))} - OWN_TAGS
        assert foreign == set(), (path, foreign)
        body = text.split("\n---\n", 1)[1]  # front matter holds a plain-text title
        assert not re.search(r"(?<!\\)\]\(\s*javascript:", body), path  # no live link


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large])
@given(models())
def test_generate_keeps_hostile_text_inert(model: tuple[str, dict[str, int]]) -> None:
    source, counts = model
    code, stderr, root, new = _generate(source)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert code == 0, stderr
    _check_site(root, new, counts)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.data_too_large])
@given(models())
def test_mkdocs_builds_hostile_models_with_macros(model: tuple[str, dict[str, int]]) -> None:
    source, _ = model
    root = Path(tempfile.mkdtemp(prefix="archdocs-hostile-mkdocs-"))
    (root / "models").mkdir()
    (root / "models" / "model.py").write_text(source, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: material}\n"
        "markdown_extensions: [admonition, tables, attr_list, md_in_html]\n"
        "plugins:\n  - archdocs:\n      models: models\n      cache_dir: cache\n"
        "  - macros:\n      on_error_fail: true\n")
    built = run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=root)
    assert built.returncode == 0, built.stderr[-3000:]
    assert "Traceback" not in built.stderr
    for page in (root / "site" / "architecture").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<img src=x" not in html, page
        assert 'href="javascript:' not in html, page


# Cases the properties above found, kept as plain examples.

def test_inline_code_from_the_model_holds_no_live_markdown() -> None:
    import markdown

    from archdocs.pages.markdown import code

    rendered = markdown.markdown("- " + code("[x](javascript:alert(1)) *em* _u_ `t` {{ 7*7 }}"))
    assert "<a " not in rendered and "<em>" not in rendered
    assert rendered.count("<code>") == 1
    assert code("order_id") == "<code>order_id</code>"  # identifiers stay readable


def test_control_characters_in_names_do_not_break_diagrams() -> None:
    source = ("from sqlalchemy import Column, Integer, MetaData, String, Table\n"
              "from archdocs import Mechanism, System, tech\n"
              "m = MetaData()\n"
              "Table('t\\x08', m, Column('id', Integer, primary_key=True), "
              "Column('\\x01\\x1f', String(5), comment='\\x0b'))\n"
              "system = System('S\\x07')\nc = system.context('C\\x0c')\n"
              "a = c.service('a\\x1b')\n"
              "d = c.datastore('d\\x02', tech.PostgreSQL('16'), schema=m)\n"
              "system.flow(a, d, Mechanism.QUERY, carries=['t\\x08'])\n")
    code, stderr, root, new = _generate(source)
    assert code == 0, stderr  # 1 would mean a diagram failed to render
    _check_site(root, new, {"contexts": 1, "datastores": 1, "tables": 1, "flows": 1})


def test_a_name_starting_with_a_line_break_does_not_crash_graphviz(tmp_path: Path) -> None:
    # Graphviz crashed (SIGSEGV, about one run in two) on an ER title starting with "\n".
    models = tmp_path / "models"
    models.mkdir()
    (models / "model.py").write_text(
        "from sqlalchemy import Column, Integer, MetaData, String, Table\n"
        "from archdocs import Mechanism, System, tech\n"
        "m = MetaData()\n"
        "Table('t', m, Column('id', Integer, primary_key=True), "
        "Column('a:b', String(5)), Column('c', String(5)))\n"
        "system = System('S')\nc = system.context('C')\na = c.service('a')\n"
        "d = c.datastore('\\r\\nstore', tech.PostgreSQL('16'), schema=m)\n"
        "system.flow(a, d, Mechanism.QUERY, carries=['t'])\n")
    for attempt in range(4):
        out = tmp_path / f"out{attempt}"
        result = run([str(VENV_BIN / "archdocs"), "generate", "--no-cache", "-q", str(out),
                      str(models)], cwd=tmp_path)
        assert result.returncode == 0, (result.returncode, result.stderr)
