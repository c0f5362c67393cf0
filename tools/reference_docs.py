"""Reference pages generated from archdocs' own code: the model API from its docstrings and the
command line from its argparse parser. The project's documentation site uses them (see
``docs/hooks.py``); they are not part of a user's architecture site, so they live here, outside
the package (the package never imports its CLI from a page).
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import re
from collections.abc import Iterator
from enum import Enum
from typing import Any

_RST_LITERAL = re.compile(r"``(.+?)``")
_RST_ROLE = re.compile(r":(?:class|meth|func|data|attr|mod):`~?([^`]+)`")


def _docstring(obj: Any) -> str:
    """A docstring with reStructuredText literals and roles turned into Markdown code."""
    own = vars(obj).get("__doc__") if inspect.isclass(obj) else getattr(obj, "__doc__", None)
    if inspect.isclass(obj) and own in (None, "An enumeration."):
        own = None  # an undocumented class: do not show its base's (str's, Enum's) docstring
    text = inspect.cleandoc(own) if isinstance(own, str) else ""
    if not inspect.isclass(obj) and not text:
        text = inspect.getdoc(obj) or ""
    text = _RST_ROLE.sub(lambda m: f"`{m.group(1).split('.')[-1]}`", text)
    text = _RST_LITERAL.sub(lambda m: f"`{m.group(1)}`", text)
    # A "::" paragraph introduces a code example, indented by four spaces in the docstring.
    return text.replace("::\n", ":\n")


def _fence_examples(text: str) -> str:
    """Indented example blocks become fenced Python code, so they render inside any list."""
    out: list[str] = []
    block: list[str] = []
    for line in text.splitlines():
        if line.startswith("    ") or (block and not line.strip()):
            block.append(line[4:])
            continue
        if block:
            out += ["```python", *[b for b in block if b.strip() or b is not block[-1]], "```"]
            block = []
        if line.startswith(">>>"):
            out.append(line)
            continue
        out.append(line)
    if block:
        out += ["```python", *block, "```"]
    return "\n".join(out).strip() + "\n"


def _annotation(field: dataclasses.Field[Any]) -> str:
    value = field.type
    return value if isinstance(value, str) else getattr(value, "__name__", str(value))


def _attribute_docs(cls: type) -> dict[str, str]:
    """Attribute docstrings (a string literal right after ``name: type = ...``)."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return {}
    docs: dict[str, str] = {}
    pattern = re.compile(r'^    (\w+)(?::| =)[^\n]*\n    """(.*?)"""', re.S | re.M)
    for match in pattern.finditer(source):
        text = " ".join(match.group(2).split())
        docs[match.group(1)] = _RST_LITERAL.sub(lambda m: f"`{m.group(1)}`", text)
    return docs


def _class_section(name: str, cls: type) -> Iterator[str]:
    yield f"## `{name}`\n\n"
    yield _fence_examples(_docstring(cls)) + "\n"
    if issubclass(cls, Enum):
        yield "| Value | Meaning |\n|---|---|\n"
        attr_docs = _attribute_docs(cls)
        for member in cls:
            meaning = attr_docs.get(member.name, "")
            yield f"| `{member.value}` | {meaning} |\n"
        yield "\n"
        return
    if dataclasses.is_dataclass(cls):
        attr_docs = _attribute_docs(cls)
        fields = [f for f in dataclasses.fields(cls) if not f.name.startswith("_")]
        if fields:
            yield "| Field | Type | Notes |\n|---|---|---|\n"
            for field in fields:
                note = attr_docs.get(field.name, "").replace("|", "\\|")
                kind = _annotation(field).replace("|", "\\|")
                yield f"| `{field.name}` | `{kind}` | {note} |\n"
            yield "\n"
    for attr, member in sorted(vars(cls).items()):
        if attr.startswith("_") or not (inspect.isfunction(member) or isinstance(member, property)):
            continue
        doc = _docstring(member)
        if not doc:
            continue
        if isinstance(member, property):
            yield f"- **`{attr}`** (property): {doc.splitlines()[0]}\n"
        else:
            try:
                signature = str(inspect.signature(member)).replace("self, ", "").replace(
                    "(self)", "()")
            except (TypeError, ValueError):
                signature = "(...)"
            yield f"- **`{attr}{signature}`**: {' '.join(doc.split(chr(10) + chr(10))[0].split())}\n"
    yield "\n"


def model_reference() -> str:
    """The model API (``archdocs`` and ``archdocs.model``) as one Markdown page."""
    import archdocs.model as model

    out = ["# Model reference\n\n",
           "Generated from the docstrings of `archdocs.model`; everything here is importable "
           "from `archdocs` (and the technology catalogue from `archdocs.tech`).\n\n",
           _fence_examples(_docstring(model)), "\n"]
    names = sorted(model.__all__, key=lambda n: (not inspect.isclass(getattr(model, n)), n))
    functions = []
    for name in names:
        obj = getattr(model, name)
        if inspect.isclass(obj):
            out.extend(_class_section(name, obj))
        elif callable(obj):
            functions.append((name, obj))
    if functions:
        out.append("## Functions\n\n")
        for name, obj in functions:
            try:
                signature = str(inspect.signature(obj))
            except (TypeError, ValueError):
                signature = "(...)"
            doc = " ".join(_docstring(obj).split("\n\n")[0].split())
            out.append(f"- **`{name}{signature}`**: {doc}\n")
    out.append("\n" + _technology_catalogue())
    return "".join(out)


def _technology_catalogue() -> str:
    from archdocs.model.technology import CATALOGUE

    lines = ["## Technology catalogue\n\n",
             "Call an entry with a version: `tech.PostgreSQL(\"16\")`.\n\n",
             "| `tech.` | Name | Kind | Capabilities |\n|---|---|---|---|\n"]
    from archdocs import tech

    attribute = {spec.id: name for name, spec in vars(tech).items()
                 if getattr(spec, "id", None) in CATALOGUE and name != "CATALOGUE"}
    for spec_id, spec in sorted(CATALOGUE.items()):
        caps = ", ".join(sorted(c.value for c in spec.capabilities))
        lines.append(f"| `{attribute.get(spec_id, spec_id)}` | {spec.name} | {spec.kind.value} "
                     f"| {caps} |\n")
    return "".join(lines)


def cli_reference(parser: argparse.ArgumentParser | None = None) -> str:
    """Every ``archdocs`` command's ``--help``, as one Markdown page."""
    if parser is None:
        from archdocs.cli import build_parser

        parser = build_parser()
    out = ["# Command line reference\n\n",
           "Generated from the `archdocs` argument parser.\n\n",
           "```text\n", _help(parser), "```\n"]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out += [f"\n## `archdocs {name}`\n\n", "```text\n", _help(sub), "```\n"]
    return "".join(out)


def _help(parser: argparse.ArgumentParser) -> str:
    formatter_width = 100
    previous = parser.formatter_class
    parser.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=formatter_width)
    try:
        text = parser.format_help()
    finally:
        parser.formatter_class = previous
    return text.replace("```", "'''")


__all__ = ["cli_reference", "model_reference"]

