"""Read a LikeC4 project: the ``specification`` and ``model`` blocks of its ``.c4`` and
``.likec4`` files.

LikeC4 has no fixed element kinds: a project declares its own (``actor``, ``system``,
``container``, ``database``…) in its specification. The reader keeps each element's kind and
the shape its specification draws it with, then places it on a C4 level: people by kind or by
the ``person`` shape, software systems by kind (``…system``), groups by kind (``enterprise``,
``group``, ``context``…), containers inside a software system, components inside a container.
Databases are recognised by kind or by a ``storage``/``cylinder`` shape. Views, deployment
models and dynamic views are read past and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from archdocs.errors import ArchdocsError
from archdocs.interop.ir import C4Element, C4Model, C4Relationship, Level
from archdocs.model.location import SourceLocation

_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<line_comment>//[^\n]*)|(?P<block_comment>/\*.*?\*/)"
    r"|(?P<triple>'''.*?'''|\"\"\".*?\"\"\")"
    r"|(?P<string>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<punct>[{}\[\](),;=])"
    r"|(?P<word>[^\s{}\[\](),;='\"]+)",
    re.DOTALL,
)
_PERSON_KINDS = {"person", "actor", "user", "customer", "staff", "human", "people"}
_GROUP_KINDS = {"enterprise", "group", "boundary", "domain", "zone", "organization",
                "organisation", "environment", "context", "boundedcontext", "namespace"}
_DATASTORE_WORDS = ("database", "datastore", "storage", "db", "table", "queue", "topic",
                    "cache", "bucket")
_DATASTORE_SHAPES = {"storage", "cylinder", "queue"}


@dataclass
class _Token:
    kind: str
    text: str
    file: Path
    line: int

    @property
    def where(self) -> SourceLocation:
        return SourceLocation(str(self.file), self.line)


@dataclass
class _Raw:
    key: str
    kind: str
    name: str
    line: int
    file: Path
    description: str = ""
    technology: str = ""
    tags: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    shape: str = ""


def tokenize(text: str, file: Path) -> list[_Token]:
    tokens: list[_Token] = []
    line = 1
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ArchdocsError(f"cannot read {text[position:position + 20]!r}",
                                location=SourceLocation(str(file), line),
                                hint="a string may be left open: close it with its quote")
        kind = match.lastgroup or ""
        value = match.group(0)
        if kind in ("string", "triple", "punct", "word"):
            if kind == "triple":
                value, kind = _dedent(value[3:-3]), "string"
            elif kind == "string":
                value = _dedent(re.sub(r"\\(.)", r"\1", value[1:-1]))
            tokens.append(_Token(kind, value, file, line))
        line += match.group(0).count("\n")
        position = match.end()
    return tokens


def _dedent(text: str) -> str:
    """A multi-line string without its first and last blank lines and common indentation
    (spaces and tabs only: other whitespace is text)."""
    lines = text.split("\n")
    while lines and not lines[0].strip(" \t\r"):
        lines.pop(0)
    while lines and not lines[-1].strip(" \t\r"):
        lines.pop()
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip(" \t\r")]
    cut = min(indents) if indents else 0
    return "\n".join(line[cut:] for line in lines)


class _MissingExtend(Exception):
    """An ``extend`` of an element another file declares: read that file first."""

    def __init__(self, error: ArchdocsError) -> None:
        super().__init__(str(error))
        self.error = error


class _Parser:
    def __init__(self) -> None:
        self.kinds: dict[str, str] = {}  # element kind -> shape ("" when none)
        self.elements: dict[str, _Raw] = {}
        self.order: list[str] = []
        self.relations: list[tuple[str, str, str, C4Relationship, _Token]] = []
        self.skipped: dict[str, int] = {}
        self.tokens: list[_Token] = []
        self.i = 0

    # -- token helpers ----------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> _Token | None:
        index = self.i + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            last = self.tokens[-1] if self.tokens else None
            raise ArchdocsError("the file ends too early",
                                location=last.where if last else None,
                                hint="every '{' needs its '}'")
        self.i += 1
        return token

    def at(self, text: str) -> bool:
        token = self.peek()
        return token is not None and token.kind in ("punct", "word") and token.text == text

    def expect(self, text: str) -> _Token:
        token = self.take()
        if token.text != text or token.kind == "string":
            raise ArchdocsError(f"expected {text!r} but found {token.text!r}",
                                location=token.where)
        return token

    def skip_block(self) -> None:
        self.expect("{")
        depth = 1
        while depth:
            token = self.take()
            if token.kind == "punct" and token.text == "{":
                depth += 1
            elif token.kind == "punct" and token.text == "}":
                depth -= 1

    def skip_line(self, line: int) -> None:
        while (token := self.peek()) is not None and token.line == line \
                and not (token.kind == "punct" and token.text in "{}"):
            self.i += 1
        if self.at("{"):
            self.skip_block()

    def note(self, what: str) -> None:
        self.skipped[what] = self.skipped.get(what, 0) + 1

    # -- documents --------------------------------------------------------------------------

    def document(self, tokens: list[_Token]) -> None:
        self.tokens, self.i = tokens, 0
        while (token := self.peek()) is not None:
            word = token.text
            if word == "specification":
                self.take()
                self.specification()
            elif word == "model":
                self.take()
                self.model_body(None)
            elif word in ("views", "deployment", "global", "dynamic"):
                self.take()
                self.note({"views": "views (archdocs draws its own; `archdocs export` writes "
                                    "views for LikeC4)",
                           "deployment": "deployment models"}.get(word, f"'{word}' blocks"))
                self.skip_until_block()
            elif word == "import":
                self.take()
                self.note("imports from other projects")
                self.skip_line(token.line)
            else:
                raise ArchdocsError(
                    f"expected specification, model or views, found {word!r}",
                    location=token.where, hint="see docs/guide/interop.md for what is read")

    def skip_until_block(self) -> None:
        while not self.at("{"):
            self.take()
        self.skip_block()

    def specification(self) -> None:
        self.expect("{")
        while not self.at("}"):
            token = self.take()
            if token.text == "element":
                kind = self.take().text
                self.kinds[kind] = ""
                if self.at("{"):
                    self.kinds[kind] = self.spec_element()
            elif self.at("{"):
                self.skip_block()
            else:
                self.skip_line(token.line)
        self.expect("}")

    def spec_element(self) -> str:
        """Read an element kind's block; return its shape."""
        shape = ""
        self.expect("{")
        depth = 1
        while depth:
            token = self.take()
            if token.kind == "punct" and token.text == "{":
                depth += 1
            elif token.kind == "punct" and token.text == "}":
                depth -= 1
            elif token.text == "shape" and self.peek() is not None:
                shape = self.take().text.lower()
        return shape

    # -- model ------------------------------------------------------------------------------

    def model_body(self, scope: str | None) -> None:
        self.expect("{")
        while not self.at("}"):
            self.model_item(scope)
        self.expect("}")

    def model_item(self, scope: str | None) -> None:
        token = self.take()
        if token.kind == "punct" and token.text in ",;":
            return
        text = token.text.rstrip(":") if token.kind == "word" else token.text
        nxt = self.peek()
        if token.kind == "string":
            raise ArchdocsError(f"unexpected text {token.text[:40]!r}", location=token.where)
        if scope is not None and self.element_property(scope, token, text):
            return
        if text == "extend":
            target = self.take().text
            try:
                key = self.resolve(target, scope, token)
            except ArchdocsError as error:
                raise _MissingExtend(error) from None
            if self.at("{"):
                self.element_body(key)
            return
        if text in ("->", "<->") or (text == "-" and self.at("[")) or text.startswith("-[") \
                or (text.startswith(".") and len(text) > 1 and scope is not None):
            self.i -= 1
            assert scope is not None
            self.relation(scope, scope, token)
            return
        if nxt is not None and (nxt.text in ("->", "<->") or nxt.text == "-" or
                                nxt.text.startswith("-[") or
                                (nxt.kind == "word" and nxt.text.startswith(".")
                                 and len(nxt.text) > 1)):
            if text in ("this", "it"):
                if scope is None:
                    raise ArchdocsError(f"'{text}' outside an element", location=token.where)
                source = scope
            else:
                source = text
            self.relation(source, scope, token)
            return
        # element: ``name = kind 'title' ...`` or ``kind name 'title' ...``
        if nxt is not None and nxt.text == "=":
            self.take()
            name, kind = text, self.take().text
        elif text in self.kinds and nxt is not None and nxt.kind == "word":
            kind, name = text, self.take().text
        else:
            raise ArchdocsError(
                f"cannot read {text!r} here", location=token.where,
                hint="an element is 'name = kind \"Title\"' with a kind declared in the "
                     "specification; a relationship is 'source -> target \"Title\"'")
        if kind not in self.kinds:
            raise ArchdocsError(f"element kind {kind!r} is not declared in the specification",
                                location=token.where,
                                hint=f"add 'element {kind}' to a specification block")
        key = f"{scope}.{name}" if scope else name
        strings = self.strings()
        raw = _Raw(key=key, kind=kind, name=strings[0] if strings else name, line=token.line,
                   file=token.file, shape=self.kinds[kind])
        if len(strings) > 1:
            raw.description = strings[1]
        if len(strings) > 2:
            raw.technology = strings[2]
        if len(strings) > 3:
            raw.tags.extend(t.strip() for t in strings[3].split(",") if t.strip())
        if key in self.elements:
            raise ArchdocsError(f"element {key!r} is declared twice", location=token.where)
        self.elements[key] = raw
        self.order.append(key)
        if self.at("{"):
            self.element_body(key)

    def strings(self) -> list[str]:
        found = []
        while (token := self.peek()) is not None and token.kind == "string":
            found.append(self.take().text)
        return found

    def element_body(self, key: str) -> None:
        self.expect("{")
        while not self.at("}"):
            self.model_item(key)
        self.expect("}")

    def element_property(self, key: str, token: _Token, text: str) -> bool:
        raw = self.elements[key]
        if text.startswith("#"):
            raw.tags.append(text[1:])
            return True
        if text in ("description", "technology", "title", "summary"):
            value = self.take()
            if value.kind != "string":
                raise ArchdocsError(f"{text} needs a quoted string", location=value.where)
            if text == "description" or text == "summary" and not raw.description:
                raw.description = value.text
            elif text == "technology":
                raw.technology = value.text
            elif text == "title":
                raw.name = value.text
            return True
        if text == "metadata":
            raw.properties.update(self.metadata())
            return True
        if text == "style":
            self.expect("{")
            depth = 1
            while depth:
                item = self.take()
                if item.kind == "punct" and item.text in "{}":
                    depth += 1 if item.text == "{" else -1
                elif item.text == "shape" and self.peek() is not None:
                    raw.shape = self.take().text.lower()
            return True
        if text in ("link", "icon", "navigateTo", "notation", "color", "shape"):
            self.skip_line(token.line)
            return True
        return False

    def metadata(self) -> dict[str, str]:
        found: dict[str, str] = {}
        self.expect("{")
        while not self.at("}"):
            name = self.take()
            if self.at("["):
                values = []
                self.take()
                while not self.at("]"):
                    item = self.take()
                    if item.kind == "string":
                        values.append(item.text)
                self.take()
                found[name.text.rstrip(":")] = ", ".join(values)
            elif self.peek() is not None and self.peek().kind == "string":  # type: ignore[union-attr]
                found[name.text.rstrip(":")] = self.take().text
        self.expect("}")
        return found

    def relation(self, source: str, scope: str | None, token: _Token) -> None:
        arrow = self.take()
        kind = ""
        if arrow.text == "-" and self.at("["):
            self.take()
            kind = self.take().text
            self.expect("]")
            self.expect("->")
        elif arrow.text.startswith("-[") and arrow.text.endswith("]->"):
            kind = arrow.text[2:-3]
        elif arrow.text.startswith("."):
            kind = arrow.text[1:]
        target = self.take().text
        strings = self.strings()
        relationship = C4Relationship(
            source="", target="", description=strings[0] if strings else "",
            technology=strings[1] if len(strings) > 1 else "", line=token.line)
        if kind:
            relationship.tags.append(kind)
        while (tag := self.peek()) is not None and tag.kind == "word" and tag.text.startswith("#") \
                and tag.line == token.line:
            relationship.tags.append(self.take().text[1:])
        if self.at("{"):
            self.expect("{")
            while not self.at("}"):
                item = self.take()
                word = item.text.rstrip(":")
                if word.startswith("#"):
                    relationship.tags.append(word[1:])
                elif word in ("title", "description", "technology") and \
                        self.peek() is not None and self.peek().kind == "string":  # type: ignore[union-attr]
                    value = self.take().text
                    if word == "technology":
                        relationship.technology = value
                    elif word == "title" or not relationship.description:
                        relationship.description = value
                elif word == "metadata":
                    relationship.properties.update(self.metadata())
                elif self.at("{"):
                    self.skip_block()
                else:
                    self.skip_line(item.line)
            self.expect("}")
        self.relations.append((source, target, scope or "", relationship, token))

    def resolve(self, ref: str, scope: str | None, token: _Token) -> str:
        """The element ``ref`` names: looked up from ``scope`` outwards, then anywhere by a
        unique name; each further ``.part`` is a child, or else a unique descendant."""
        head, _, rest = ref.partition(".")
        key = self._resolve_one(head, scope, token) if rest else None
        if key is None:
            return self._resolve_one(ref, scope, token)
        for part in rest.split("."):
            if f"{key}.{part}" in self.elements:
                key = f"{key}.{part}"
                continue
            below = [k for k in self.elements if k.startswith(key + ".") and
                     k.rpartition(".")[2] == part]
            if len(below) != 1:
                return self._resolve_one(ref, scope, token)
            key = below[0]
        return key

    def _resolve_one(self, ref: str, scope: str | None, token: _Token) -> str:
        prefix = scope
        while prefix:
            if f"{prefix}.{ref}" in self.elements:
                return f"{prefix}.{ref}"
            prefix = prefix.rpartition(".")[0] or None
        if ref in self.elements:
            return ref
        matches = [key for key in self.elements if key.endswith("." + ref)]
        if len(matches) == 1:
            return matches[0]
        raise ArchdocsError(
            f"no element {ref!r}" if not matches else
            f"{ref!r} could be any of {', '.join(sorted(matches))}",
            location=token.where, hint="write the element's full name (parent.child)")


def _level(parser: _Parser, raw: _Raw, parent: C4Element | None) -> Level:
    kind = raw.kind.lower()
    if kind in _PERSON_KINDS or raw.shape == "person":
        return "person"
    if parent is not None and parent.level in ("container", "component"):
        return "component"
    if kind == "component":
        return "component"
    if kind in _GROUP_KINDS:
        return "group"
    if "system" in kind:
        return "system"
    inside_system = parent is not None and (
        parent.level == "system" or parent.level == "group" and parent.properties.get(
            "_inside_system") == "yes")
    if inside_system:
        return "container"
    return "system"


def read_likec4(source: Path) -> C4Model:
    """The model a LikeC4 project (a folder of ``.c4``/``.likec4`` files, or one file)
    describes."""
    if source.is_dir():
        files = sorted(p for p in source.rglob("*") if p.suffix in (".c4", ".likec4")
                       and p.is_file() and "node_modules" not in p.parts)
        if not files:
            raise ArchdocsError(f"{source} holds no .c4 or .likec4 files",
                                hint="point archdocs convert at a LikeC4 project folder")
    else:
        files = [source]
    parser = _Parser()
    documents = []
    for file in files:
        try:
            documents.append(tokenize(file.read_text(encoding="utf-8-sig"), file))
        except UnicodeDecodeError as error:
            raise ArchdocsError(f"{file} is not UTF-8 text: {error}") from None
    # Specifications first: a model may use a kind declared in a file read later.
    for tokens in documents:
        _collect_kinds(tokens, parser)
    waiting = documents
    while waiting:
        retry: list[list[_Token]] = []
        failure: _MissingExtend | None = None
        for tokens in waiting:
            saved = (dict(parser.elements), list(parser.order), list(parser.relations),
                     dict(parser.skipped))
            try:
                parser.document(tokens)
            except _MissingExtend as missing:
                parser.elements, parser.order, parser.relations, parser.skipped = saved
                retry.append(tokens)
                failure = missing
        if len(retry) == len(waiting) and failure is not None:
            raise failure.error
        waiting = retry
    name = source.name if source.is_dir() else source.stem
    rc = source / ".likec4rc" if source.is_dir() else None
    if rc is not None and rc.is_file():
        found = re.search(r"""title\s*:\s*['"]([^'"]+)['"]""", rc.read_text(encoding="utf-8"))
        name = found.group(1) if found else name
    model = C4Model(name=name, source_format="LikeC4")
    for key in parser.order:
        raw = parser.elements[key]
        parent_key = key.rpartition(".")[0] or None
        parent = model.elements.get(parent_key) if parent_key else None
        level = _level(parser, raw, parent)
        kind = raw.kind.lower()
        element = model.add(C4Element(
            key=key, level=level, name=raw.name, description=raw.description,
            technology=raw.technology, tags=list(raw.tags),
            properties=dict(raw.properties), parent=parent_key, line=raw.line,
            external="external" in kind or "existing" in kind or "external" in
                     [t.lower() for t in raw.tags],
            datastore_hint=raw.shape in _DATASTORE_SHAPES or any(
                word in kind for word in _DATASTORE_WORDS)))
        if level == "system" or level == "group" and parent is not None and (
                parent.level == "system" or parent.properties.get("_inside_system") == "yes"):
            element.properties["_inside_system"] = "yes"
    for element in model.elements.values():
        element.properties.pop("_inside_system", None)
    for source_ref, target_ref, scope, relationship, token in parser.relations:
        relationship.source = parser.resolve(source_ref, scope or None, token) \
            if source_ref not in parser.elements else source_ref
        relationship.target = parser.resolve(target_ref, scope or None, token)
        model.relationships.append(relationship)
    for what, count in sorted(parser.skipped.items()):
        model.skipped.append(f"{what} ({count} block{'s' if count > 1 else ''})")
    return model


def _collect_kinds(tokens: list[_Token], into: _Parser) -> None:
    spec = _Parser()
    spec.tokens = tokens
    while (token := spec.peek()) is not None:
        spec.take()
        if token.text == "specification" and spec.at("{"):
            spec.specification()
            into.kinds.update(spec.kinds)
        elif spec.at("{"):
            spec.skip_block()
