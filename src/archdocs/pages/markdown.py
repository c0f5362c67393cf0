"""Markdown building blocks that escape user text, shared by every page provider."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

# Characters that start Markdown or HTML constructs anywhere in inline text. Escaping them keeps
# a name like "<script>" or "a|b" or "`x`" literal on the page. ("<", ">" and "&" are
# HTML-escaped first.) Braces become character references rather than "\{": a backslash
# before "{" still leaves "{%" and "{#" for a Jinja pre-processor such as mkdocs-macros, and a
# reference leaves no "{" at all (nor an attribute list "{: ...}" for Markdown).
_MARKDOWN_SPECIAL = str.maketrans(
    {**{ch: "\\" + ch for ch in "\\`*_[]|"}, "{": "&#123;", "}": "&#125;"})
# Jinja's delimiters ("{{ }}", "{% %}", "{# #}"), the syntax of mkdocs-macros and of most
# Markdown pre-processors: an opener or closer gets a zero-width space inside it.
_TEMPLATE_DELIMITER = re.compile(r"\{(?=[{%#])|[}%#](?=\})")
_ZERO_WIDTH_SPACE = "\u200b"
# Characters that only start a construct at the beginning of a line (heading, list, quote, rule):
# escaped only there, so names like "orders-db" or "sales.orders" stay readable in the
# Markdown that `archdocs generate` writes.
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#+\-=>!]|\d+[.)])")


def escape(text: object) -> str:
    """User text made safe for inline Markdown: HTML-escaped, Markdown specials backslashed,
    braces as character references (so no template delimiter survives), newlines folded to
    spaces (a newline would break a table row)."""
    return _escape(str(text))


@lru_cache(maxsize=1 << 16)
def _escape(text: str) -> str:
    # Kept per text: a site escapes the same names on many pages, and a `mkdocs serve`
    # rebuild escapes them all again (70,000 calls on the 1000-table benchmark model).
    value = html.escape(text, quote=True)
    value = value.translate(_MARKDOWN_SPECIAL)
    value = " ".join(value.splitlines())
    return _LINE_START_SPECIAL.sub(_escape_line_start, value)


def inert_templates(text: str) -> str:
    """``text`` with every template delimiter (``{{``, ``{%``, ``{#`` and their closers) broken
    by a zero-width space: it reads the same, and no template engine that runs over the page
    (mkdocs-macros, a Jinja pre-processor) sees code in it. For text that cannot hold character
    references (code blocks, plain titles); :func:`escape` and :func:`code` need no more."""
    if not any(delimiter in text for delimiter in _DELIMITERS):
        return text  # most pages: a substring search is quicker than the pattern on each brace
    return _TEMPLATE_DELIMITER.sub(lambda m: m.group(0) + _ZERO_WIDTH_SPACE, text)


_DELIMITERS = ("{{", "{%", "{#", "}}", "%}", "#}")
"""Every text :data:`_TEMPLATE_DELIMITER` matches in holds one of these."""


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker[0].isdigit():  # "1." or "1)": escape the punctuation, "\1" is no escape
        return f"{indent}{marker[:-1]}\\{marker[-1]}"
    return f"{indent}\\{marker}"


def code(text: object) -> str:
    """Inline code that survives backticks, pipes and template delimiters in user text
    (rendered as HTML <code>). Markdown still runs inside an inline ``<code>`` element, so
    every character that could start a link, emphasis, a table cell or a template is a
    character reference: ``[x](javascript:...)`` or ``*x*`` stay text."""
    value = html.escape(str(text), quote=True).translate(_CODE_SPECIAL)
    return f"<code>{_LOOSE_UNDERSCORE.sub('&#95;', value)}</code>"


_CODE_SPECIAL = str.maketrans({ch: f"&#{ord(ch)};" for ch in "\\`*[]{}|"})
# "_" starts or ends emphasis only beside a non-letter; "order_id" stays readable.
_LOOSE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")


# Material lets inline code break anywhere (word-break: break-word), which splits a file name in
# a narrow table cell ("models/sho p.py:34"). A path breaks only after a "/" instead.
_PATH_STYLE = "word-break: keep-all; overflow-wrap: normal"


def path_code(text: object) -> str:
    """A file path (``models/shop.py:34``) as inline code that may wrap after a ``/`` but
    never inside a name."""
    escaped = html.escape(str(text), quote=True).replace("|", "&#124;")
    return (f'<code class="archdocs-path" style="{_PATH_STYLE}">'
            f'{escaped.replace("/", "/<wbr>")}</code>')


def link(text: object, target: str) -> str:
    """A Markdown link with escaped text. ``target`` must be a path archdocs derived."""
    return f"[{escape(text)}]({target})"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table. Cells are used as given: escape user text before passing it."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        lines.append("| " + " | ".join(str(cell) for cell in row) + " |")
    return "\n".join(lines) + "\n"


def paragraph(text: object) -> str:
    """A block of user prose (descriptions), escaped, keeping its paragraphs."""
    blocks = [b.strip() for b in str(text).split("\n\n") if b.strip()]
    return "\n\n".join(escape(b) for b in blocks) + ("\n" if blocks else "")


_TITLE_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def plain_title(text: object) -> str:
    """User text for places that take a plain-text title (front matter ``title:``, nav
    entries, the browser tab). MkDocs themes print titles unescaped, and Material strips tags
    from them (``striptags`` also decodes entities), so no escaping survives there: ``<``, ``>``
    and ``&`` are replaced by look-alike characters instead, and template delimiters are
    broken (:func:`inert_templates`)."""
    return inert_templates(" ".join(str(text).split()).translate(_TITLE_LOOKALIKES))


def front_matter(title: object) -> str:
    """A YAML front matter block giving the page its (plain) title.

    Written by PyYAML's emitter: JSON quoting is not enough, because YAML refuses C1 control
    characters that JSON leaves raw, and MkDocs then renders the block as page text."""
    return _front_matter_block(plain_title(title))


@lru_cache(maxsize=8192)
def _front_matter_block(plain: str) -> str:
    # Kept per title: PyYAML's emitter was a third of finishing the pages of a big site, and a
    # `mkdocs serve` rebuild writes the same titles again.
    import yaml

    # libyaml's emitter (four times faster) writes printable ASCII exactly as PyYAML's does
    # (compared on 700,000 titles, YAML's keywords, numbers and indicators among them); it
    # escapes what PyYAML writes raw elsewhere (characters beyond the BMP, U+0085).
    dumper = _fast_dumper() if plain.isascii() and plain.isprintable() else yaml.SafeDumper
    block = yaml.dump({"title": plain}, Dumper=dumper, allow_unicode=True,
                      default_flow_style=False, width=2**31 - 1)
    return f"---\n{block}---\n\n"


@lru_cache(maxsize=1)
def _fast_dumper() -> type:
    import yaml

    return getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # without libyaml: the same output
