"""Read the Structurizr DSL: the part of it that describes the model.

A focused reader, not the Structurizr parser (see the decision record "Read the Structurizr
DSL with a focused parser"). It reads what a C4 model needs: people, software systems,
containers, components, groups and enterprises, archetypes, relationships (explicit, implicit
inside an element's block, with ``this``), descriptions, technologies, tags and properties,
flat and hierarchical identifiers, and the element styles that draw a tag as a cylinder. It
reads past deployment environments, views, documentation and scripts, and says so in the
conversion report. Anything it cannot read is an :class:`~archdocs.errors.ArchdocsError` with
the file and line.

The DSL is line oriented: one statement a line, tokens separated by spaces, strings in double
quotes (``\\"`` for a quote inside), ``{`` opening a block at the end of a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from archdocs.errors import ArchdocsError
from archdocs.interop.ir import C4Element, C4Model, C4Relationship, Level
from archdocs.model.location import SourceLocation

_ELEMENT_KEYWORDS: dict[str, Level] = {
    "person": "person",
    "softwaresystem": "system",
    "container": "container",
    "component": "component",
    "group": "group",
    "enterprise": "group",
}
_SKIPPED_BLOCKS = {
    "deploymentenvironment": "deployment environments",
    "views": "views (archdocs draws its own; `archdocs export` writes views for Structurizr)",
    "configuration": "workspace configuration",
    "perspectives": "perspectives",
    "!docs": "documentation",
    "!adrs": "decision records",
    "!script": "scripts",
    "!plugin": "plugins",
    "element": "custom elements",
    "!components": "component finders",
    "branding": "branding",
    "terminology": "terminology",
}
_DATASTORE_SHAPES = {"cylinder"}
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\S+)')


@dataclass
class _Frame:
    kind: str
    key: str | None = None
    data: dict[str, object] = field(default_factory=dict)


@dataclass
class _Archetype:
    level: Level
    technology: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)


class Quoted(str):
    """A token that was a quoted string: text, never a keyword or an arrow."""

    __slots__ = ()


def tokens_of(line: str, where: SourceLocation) -> list[str]:
    """Split one DSL line into tokens; quoted strings lose their quotes and escapes."""
    found: list[str] = []
    position = 0
    for match in _TOKEN.finditer(line):
        between = line[position:match.start()]
        if between.strip():
            raise ArchdocsError(f"cannot read {between.strip()!r}", location=where)
        position = match.end()
        if match.group(1) is not None:
            found.append(Quoted(re.sub(r"\\(.)", r"\1", match.group(1))))
        else:
            word = match.group(2)
            if word.startswith('"'):
                raise ArchdocsError(
                    "a string is not closed on its line", location=where,
                    hint='close it with " (write \\" for a quote inside a string)')
            found.append(word)
    return found


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.model = C4Model(name="", source_format="Structurizr DSL")
        self.stack: list[_Frame] = []
        self.identifiers: dict[str, str] = {}
        self.hierarchical = False
        self.archetypes: dict[str, _Archetype] = {}
        self.cylinder_tags: set[str] = set()
        self.skipped: dict[str, int] = {}
        self.anonymous = 0
        self.pending: list[tuple[C4Relationship, str, str, int, list[str]]] = []

    # -- lines ------------------------------------------------------------------------------

    def read(self) -> C4Model:
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise ArchdocsError(f"{self.path} is not UTF-8 text: {error}",
                                location=SourceLocation(str(self.path), 1)) from None
        self._lines(text, self.path)
        if self.stack:
            raise ArchdocsError(
                f"the file ends inside a {self.stack[-1].kind} block",
                location=SourceLocation(str(self.path), text.count("\n") + 1),
                hint="every '{' needs its '}'")
        self._resolve_relationships()
        for element in self.model.elements.values():
            if any(tag.lower() in self.cylinder_tags for tag in element.tags):
                element.datastore_hint = True
        for what, count in sorted(self.skipped.items()):
            self.model.skipped.append(f"{what} ({count} block{'s' if count > 1 else ''})")
        return self.model

    def _lines(self, text: str, path: Path) -> None:
        in_comment = False
        pending = ""
        pending_line = 0
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if in_comment:
                if "*/" in line:
                    in_comment = False
                    line = line.split("*/", 1)[1].strip()
                else:
                    continue
            if line.startswith("/*"):
                if "*/" not in line[2:]:
                    in_comment = True
                    continue
                line = line[2:].split("*/", 1)[1].strip()
            if not line or line.startswith("#") or line.startswith("//"):
                continue
            if line.endswith("\\"):
                pending += line[:-1] + " "
                pending_line = pending_line or number
                continue
            if pending:
                line, number, pending, pending_line = pending + line, pending_line, "", 0
            where = SourceLocation(str(path), number)
            self._statement(tokens_of(line, where), where, path)

    # -- statements -------------------------------------------------------------------------

    def _statement(self, words: list[str], where: SourceLocation, path: Path) -> None:
        opens = bool(words) and words[-1] == "{"
        if opens:
            words = words[:-1]
        if words == ["}"] or (not words and not opens):
            if words == ["}"]:
                if not self.stack:
                    raise ArchdocsError("'}' closes no block", location=where)
                self.stack.pop()
            return
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.kind == "skip":
            if opens:
                self.stack.append(_Frame("skip"))
            return
        head = words[0].lower() if words else ""
        if frame is None:
            self._top(words, head, opens, where)
        elif frame.kind == "workspace":
            self._workspace(frame, words, head, opens, where, path)
        elif frame.kind in ("model", "element", "group"):
            self._model_item(frame, words, head, opens, where, path)
        elif frame.kind == "properties":
            if len(words) >= 2 and frame.key is not None:
                self.model.elements[frame.key].properties[words[0]] = " ".join(words[1:])
            elif len(words) >= 2 and isinstance(frame.data.get("target"), dict):
                target = frame.data["target"]
                assert isinstance(target, dict)
                target[words[0]] = " ".join(words[1:])
            if opens:
                self.stack.append(_Frame("skip"))
        elif frame.kind == "archetypes":
            self._archetype(words, opens, where)
        elif frame.kind == "archetype":
            archetype = self.archetypes[str(frame.key)]
            self._attribute(archetype, head, words, where)
            if opens:
                self.stack.append(_Frame("skip"))
        elif frame.kind == "relationship":
            relationship = frame.data["relationship"]
            assert isinstance(relationship, C4Relationship)
            if head == "properties" and opens:
                self.stack.append(_Frame("properties", data={"target": relationship.properties}))
                return
            if head in ("tag", "tags") and len(words) > 1:
                relationship.tags.extend(_split_tags(" ".join(words[1:])))
            elif head == "description" and len(words) > 1:
                relationship.description = words[1]
            elif head == "technology" and len(words) > 1:
                relationship.technology = words[1]
            if opens:
                self.stack.append(_Frame("skip"))
        elif frame.kind == "views":
            if head == "styles" and opens:
                self.stack.append(_Frame("styles"))
            elif opens:
                self.stack.append(_Frame("skip"))
        elif frame.kind == "styles":
            if head == "element" and len(words) > 1 and opens:
                self.stack.append(_Frame("style", data={"tag": words[1].lower()}))
            elif opens:
                self.stack.append(_Frame("skip"))
        elif frame.kind == "style":
            if head == "shape" and len(words) > 1 and words[1].lower() in _DATASTORE_SHAPES:
                self.cylinder_tags.add(str(frame.data["tag"]))
            if opens:
                self.stack.append(_Frame("skip"))
        else:  # pragma: no cover - every frame kind is handled above
            raise AssertionError(frame.kind)

    def _top(self, words: list[str], head: str, opens: bool, where: SourceLocation) -> None:
        if head != "workspace" or not opens:
            raise ArchdocsError(
                f"expected 'workspace {{' but found {' '.join(words)!r}", location=where,
                hint="a Structurizr DSL file starts with: workspace \"Name\" \"Description\" {")
        if len(words) > 1 and words[1].lower() == "extends":
            raise ArchdocsError(
                "'workspace extends' is not read by archdocs convert", location=where,
                hint="convert the workspace it extends, or export the combined workspace as "
                     "JSON with the Structurizr CLI and convert that")
        self.model.name = words[1] if len(words) > 1 else ""
        self.model.description = words[2] if len(words) > 2 else ""
        self.stack.append(_Frame("workspace"))

    def _workspace(self, frame: _Frame, words: list[str], head: str, opens: bool,
                   where: SourceLocation, path: Path) -> None:
        if head == "model" and opens:
            self.stack.append(_Frame("model"))
        elif head == "views" and opens:
            self._skip_note("views")
            self.stack.append(_Frame("views"))
        elif head == "name" and len(words) > 1:
            self.model.name = words[1]
        elif head == "description" and len(words) > 1:
            self.model.description = words[1]
        elif head == "!identifiers" and len(words) > 1:
            self.hierarchical = words[1].lower() == "hierarchical"
        elif head == "!include":
            self._include(words, where, path)
        elif opens:
            self._skip(head)
        # properties, !const, !var, !impliedRelationships...: nothing archdocs keeps

    def _skip_note(self, head: str) -> None:
        what = _SKIPPED_BLOCKS.get(head, f"'{head}' blocks")
        self.skipped[what] = self.skipped.get(what, 0) + 1

    def _skip(self, head: str) -> None:
        self._skip_note(head)
        self.stack.append(_Frame("skip"))

    def _include(self, words: list[str], where: SourceLocation, path: Path) -> None:
        if len(words) < 2 or "://" in words[1]:
            raise ArchdocsError("'!include' needs a local file", location=where,
                                hint="download the included file next to the workspace")
        target = (path.parent / words[1]).resolve()
        files = sorted(target.rglob("*.dsl")) if target.is_dir() else [target]
        for file in files:
            if not file.is_file():
                raise ArchdocsError(f"'!include {words[1]}': no such file", location=where)
            self._lines(file.read_text(encoding="utf-8-sig"), file)

    def _model_item(self, frame: _Frame, words: list[str], head: str, opens: bool,
                    where: SourceLocation, path: Path) -> None:
        current = frame.key
        if head == "!include":
            self._include(words, where, path)
            return
        if head == "!identifiers" and len(words) > 1:
            self.hierarchical = words[1].lower() == "hierarchical"
            return
        if frame.kind == "model" and head == "archetypes" and opens:
            self.stack.append(_Frame("archetypes"))
            return
        if head in ("!ref", "!element", "!extend") and len(words) > 1:
            key = self._lookup(words[1], where)
            self.stack.append(_Frame("element", key=key))
            return
        if head in ("deploymentenvironment", "perspectives", "element", "!docs", "!adrs",
                    "!script", "!plugin", "!components"):
            self._skip_note(head)
            if opens:
                self.stack.append(_Frame("skip"))
            return
        # identifier = ...
        identifier = None
        if len(words) >= 3 and words[1] == "=":
            identifier, words = words[0], words[2:]
            head = words[0].lower()
        if any(_is_arrow(w) for w in words):
            self._relationship(frame, words, opens, where)
            return
        element = current and self.model.elements.get(current)
        if isinstance(element, C4Element) and identifier is None:
            if head == "properties" and opens:
                self.stack.append(_Frame("properties", key=current))
                return
            if head in ("description", "technology", "tag", "tags", "url"):
                self._attribute(element, head, words, where)
                if opens:
                    self.stack.append(_Frame("skip"))
                return
        level, archetype = self._level_of(head)
        if level is None:
            if opens:
                self._skip(head)
            elif head.startswith("!"):
                self._skip_note(head)
            else:
                raise ArchdocsError(
                    f"cannot read {' '.join(words)!r} here", location=where,
                    hint="archdocs convert reads people, software systems, containers, "
                         "components, groups and relationships; see docs/guide/interop.md")
            return
        self._element(frame, identifier, level, archetype, words, opens, where)

    def _level_of(self, head: str) -> tuple[Level | None, _Archetype | None]:
        if head in _ELEMENT_KEYWORDS:
            return _ELEMENT_KEYWORDS[head], None
        archetype = self.archetypes.get(head)
        if archetype is not None:
            return archetype.level, archetype
        return None, None

    def _element(self, frame: _Frame, identifier: str | None, level: Level,
                 archetype: _Archetype | None, words: list[str], opens: bool,
                 where: SourceLocation) -> None:
        args = words[1:]
        parent = frame.key
        if len(args) < 1:
            raise ArchdocsError(f"'{words[0]}' needs a name", location=where,
                                hint=f'write: {words[0]} "Name"')
        element = C4Element(key="", level=level, name=args[0], parent=parent, line=where.line)
        if archetype is not None:
            element.technology = archetype.technology
            element.description = archetype.description
            element.tags.extend(archetype.tags)
        if level in ("person", "system") and len(args) > 1:
            element.description = args[1]
            element.tags.extend(_split_tags(args[2]) if len(args) > 2 else [])
        elif level in ("container", "component"):
            if len(args) > 1:
                element.description = args[1]
            if len(args) > 2:
                element.technology = args[2]
            if len(args) > 3:
                element.tags.extend(_split_tags(args[3]))
        element.key = self._register(identifier, parent)
        self.model.add(element)
        if opens:
            self.stack.append(_Frame("group" if level == "group" else "element", key=element.key))

    def _register(self, identifier: str | None, parent: str | None) -> str:
        if identifier is None:
            self.anonymous += 1
            return f"_element{self.anonymous}"
        full = identifier
        while parent is not None and self.model.elements[parent].level == "group":
            parent = self.model.elements[parent].parent  # groups do not qualify identifiers
        if self.hierarchical and parent is not None:
            full = f"{parent}.{identifier}"
        self.identifiers[full.lower()] = full
        return full

    def _lookup(self, ref: str, where: SourceLocation, scope: str | None = None) -> str:
        """The key of the element ``ref`` names, trying the enclosing scopes first."""
        if ref == "this" and scope is not None:
            return scope
        candidates = []
        prefix = scope
        while prefix is not None:
            candidates.append(f"{prefix}.{ref}")
            parent = self.model.elements[prefix].parent if prefix in self.model.elements else None
            prefix = parent
        candidates.append(ref)
        for candidate in candidates:
            key = self.identifiers.get(candidate.lower())
            if key is not None:
                return key
        raise ArchdocsError(
            f"no element has the identifier {ref!r}", location=where,
            hint="declare the element with 'identifier = ...' before this line, or check the "
                 "spelling (with '!identifiers hierarchical', write parent.child)")

    def _relationship(self, frame: _Frame, words: list[str], opens: bool,
                      where: SourceLocation) -> None:
        arrow = next(i for i, w in enumerate(words) if _is_arrow(w))
        if arrow > 1:
            raise ArchdocsError(f"cannot read {' '.join(words)!r}", location=where)
        source = words[0] if arrow == 1 else None
        if len(words) <= arrow + 1:
            raise ArchdocsError("a relationship needs a destination", location=where,
                                hint='write: source -> destination "Description"')
        target = words[arrow + 1]
        rest = words[arrow + 2:]
        relationship = C4Relationship(
            source="", target="", description=rest[0] if rest else "",
            technology=rest[1] if len(rest) > 1 else "",
            tags=_split_tags(rest[2]) if len(rest) > 2 else [], line=where.line)
        scope = frame.key
        if source is None and (scope is None or frame.kind == "group"):
            raise ArchdocsError("a relationship without a source must be inside an element",
                                location=where, hint='write: source -> destination "Description"')
        # References may point at elements declared further down: resolve at the end.
        self.pending.append((relationship, source or "this", target, where.line, [scope or ""]))
        self.model.relationships.append(relationship)
        if opens:
            self.stack.append(_Frame("relationship", data={"relationship": relationship}))

    def _resolve_relationships(self) -> None:
        for relationship, source, target, line, (scope,) in self.pending:
            where = SourceLocation(str(self.path), line)
            relationship.source = self._lookup(source, where, scope or None)
            relationship.target = self._lookup(target, where, scope or None)

    def _archetype(self, words: list[str], opens: bool, where: SourceLocation) -> None:
        if len(words) >= 3 and words[1] == "=":
            base = words[2].lower()
            level, parent = self._level_of(base)
            if level is None:
                if opens:
                    self.stack.append(_Frame("skip"))
                return
            archetype = _Archetype(level)
            if parent is not None:
                archetype.technology, archetype.description = parent.technology, parent.description
                archetype.tags = list(parent.tags)
            self.archetypes[words[0].lower()] = archetype
            if opens:
                self.stack.append(_Frame("archetype", key=words[0].lower()))
        elif opens:
            self.stack.append(_Frame("skip"))

    @staticmethod
    def _attribute(target: C4Element | _Archetype, head: str, words: list[str],
                   where: SourceLocation) -> None:
        value = " ".join(words[1:])
        if head == "description":
            target.description = value
        elif head == "technology":
            target.technology = value
        elif head in ("tag", "tags"):
            target.tags.extend(_split_tags(value))
        elif head == "url" and isinstance(target, C4Element):
            target.properties.setdefault("url", value)


def _is_arrow(word: str) -> bool:
    return not isinstance(word, Quoted) and word.startswith("-") and word.endswith("->")


def _split_tags(text: str) -> list[str]:
    return [tag.strip() for tag in text.split(",") if tag.strip()]


def read_structurizr_dsl(path: Path) -> C4Model:
    """The model a Structurizr DSL workspace file describes."""
    return _Reader(path).read()
