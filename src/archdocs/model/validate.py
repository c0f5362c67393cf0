"""Argument checks for the model's builders and value classes.

A wrong argument (``ctx.service(None)``, ``tech.PostgreSQL`` without its call, a string where an
enum member belongs) is the user's mistake, found where it is made: the error names the file and
line of the call and what was expected, instead of a rule failing later far from it.

The checks follow the dataclass field annotations, so a new field is checked without more code.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from typing import Any

from archdocs.model.location import SourceLocation, caller_location

_UNCHECKED = frozenset({"declared_at", "_", "system"})
_SEQUENCES = (Sequence, list, tuple, typing.Sequence)
# Fields that the builders take under another keyword.
_ARGUMENT_NAMES = {"suppressions": "suppress"}


def check_fields(obj: Any, location: SourceLocation | None = None) -> None:
    """Raise :class:`archdocs.errors.ModelArgumentError` for the first field of the dataclass
    ``obj`` whose value does not fit its annotation."""
    for name, fits, expected in _field_checks(type(obj)):
        value = getattr(obj, name)
        if not fits(value):
            raise argument_error(obj, name, value, expected, location)


def check_value(obj: Any, what: str, value: Any, expected: Any,
                location: SourceLocation | None = None) -> None:
    """Like :func:`check_fields` for one argument that is not a field (``consistency=``)."""
    if not _fits(value, expected):
        raise argument_error(obj, what, value, expected, location)


def argument_error(obj: Any, what: str, value: Any, expected: Any,
                   location: SourceLocation | None = None) -> Exception:
    from archdocs.errors import ModelArgumentError

    location = location or getattr(obj, "declared_at", None) or caller_location()
    owner = type(obj).__name__
    name = getattr(obj, "name", None)
    subject = f"{owner} {name!r}" if isinstance(name, str) and what != "name" else owner
    what = _ARGUMENT_NAMES.get(what, what)
    return ModelArgumentError(
        f"{subject}: {what} must be {describe(expected)}, not {_describe_value(value)}",
        location=location,
        hint=_hint(value, expected),
    )


_HINTS: dict[type, dict[str, Any]] = {}
_FIELD_CHECKS: dict[type, list[tuple[str, Callable[[Any], bool], Any]]] = {}


def _field_checks(cls: type) -> list[tuple[str, Callable[[Any], bool], Any]]:
    """``(field, check, annotation)`` for each checked field of the dataclass ``cls``, the
    checks made once per class (:func:`_checker`): a model declares thousands of elements."""
    checks = _FIELD_CHECKS.get(cls)
    if checks is None:
        hints = _hints(cls)
        checks = _FIELD_CHECKS[cls] = [
            (item.name, _checker(hints[item.name]), hints[item.name]) for item in fields(cls)
            if item.name not in _UNCHECKED and item.init and item.name in hints]
    return checks


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = _resolve_hints(cls)
    return _HINTS[cls]


def _resolve_hints(cls: type) -> dict[str, Any]:
    from archdocs import model

    namespace = {name: getattr(model, name) for name in dir(model) if not name.startswith("_")}
    from archdocs.model import datastore, element, flow, migration, system

    for module in (datastore, element, flow, migration, system):
        namespace.update({k: v for k, v in vars(module).items() if isinstance(v, type)})
    return typing.get_type_hints(cls, localns=namespace)


def _fits(value: Any, expected: Any) -> bool:
    if expected is Any or isinstance(expected, typing.TypeVar):
        return True
    origin = typing.get_origin(expected)
    args = typing.get_args(expected)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, option) for option in args)
    if expected is type(None) or expected is None:
        return value is None
    if origin is typing.ClassVar:
        return True
    if origin is type:
        return isinstance(value, type) and (not args or args[0] is Any
                                            or issubclass(value, args[0]))
    if origin in _SEQUENCES:
        if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, list, tuple)):
            return False
        element = args[0] if args else Any
        return all(_fits(item, element) for item in value)
    if origin in (Mapping, dict, typing.Mapping):
        if not isinstance(value, Mapping):
            return False
        key, item = args if len(args) == 2 else (Any, Any)
        return all(_fits(k, key) and _fits(v, item) for k, v in value.items())
    if expected is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(expected, type):
        return isinstance(value, expected)
    return True  # an annotation this checker does not know: accept


def _any(value: Any) -> bool:
    return True


def _checker(expected: Any) -> Callable[[Any], bool]:
    """``lambda value: _fits(value, expected)``, with the annotation taken apart once."""
    if expected is Any or isinstance(expected, typing.TypeVar):
        return _any
    origin = typing.get_origin(expected)
    args = typing.get_args(expected)
    if origin in (typing.Union, types.UnionType):
        options = tuple(_checker(option) for option in args)
        return lambda value: any(fits(value) for fits in options)
    if expected is type(None) or expected is None:
        return lambda value: value is None
    if origin is typing.ClassVar:
        return _any
    if origin is type:
        if not args or args[0] is Any:
            return lambda value: isinstance(value, type)
        base = args[0]
        return lambda value: isinstance(value, type) and issubclass(value, base)
    if origin in _SEQUENCES:
        item = _checker(args[0] if args else Any)
        return lambda value: (not isinstance(value, (str, bytes))
                              and isinstance(value, (Sequence, list, tuple))
                              and all(item(element) for element in value))
    if origin in (Mapping, dict, typing.Mapping):
        key, entry = (_checker(args[0]), _checker(args[1])) if len(args) == 2 else (_any, _any)
        return lambda value: isinstance(value, Mapping) and all(
            key(k) and entry(v) for k, v in value.items())
    if expected is float:
        return lambda value: isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if isinstance(expected, type):
        return lambda value: isinstance(value, expected)
    return _any  # an annotation this checker does not know: accept


def describe(expected: Any) -> str:
    """An annotation in words: ``a str``, ``a Role``, ``a list of Requirement``."""
    origin = typing.get_origin(expected)
    args = typing.get_args(expected)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(describe(option) for option in args)
    if expected is type(None) or expected is None:
        return "None"
    if origin is type:
        return f"a {args[0].__name__} subclass" if args and isinstance(args[0], type) \
            else "a class"
    if origin in _SEQUENCES:
        inner = describe(args[0]) if args else "anything"
        return f"a list of {_plural(inner)}"
    if origin in (Mapping, dict, typing.Mapping):
        return "a dict" + (f" of {describe(args[0])} to {describe(args[1])}" if args else "")
    if expected is Any:
        return "anything"
    name = getattr(expected, "__name__", str(expected))
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _plural(text: str) -> str:
    return text.removeprefix("a ").removeprefix("an ")


def _describe_value(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, type):
        return f"the class {value.__name__}"
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{type(value).__name__} {shown}"


def _hint(value: Any, expected: Any) -> str | None:
    from archdocs.model.flow import Consistency
    from archdocs.model.technology import Technology

    options = _options(expected)
    for option in options:
        inner = typing.get_args(option)
        if typing.get_origin(option) not in _SEQUENCES or not inner:
            continue
        if not isinstance(value, str) and _fits(value, inner[0]):
            return f"write a list: [{type(value).__name__}(...)]"
        if isinstance(value, str) and not _fits(value, inner[0]):
            single = _hint(value, inner[0]) or ""
            if single.startswith("write "):
                member = single.removeprefix("write ").removesuffix(" instead of the string")
                return f"write a list: [{member}]"
    if Consistency in options:
        return 'write strong() or eventual("5s") (both from archdocs)'
    if Technology in options and callable(value) and not isinstance(value, type):
        name = getattr(value, "name", None) or "the technology"
        return f"call it with the version you run, e.g. tech.{_attribute_of(value)}(\"16\") " \
            f"({name} is a catalogue entry; calling it gives the Technology)"
    for option in options:
        if isinstance(option, type) and issubclass(option, enum.Enum):
            if isinstance(value, str):
                match = next((m for m in option if m.value == value), None)
                if match is not None:
                    return f"write {option.__name__}.{match.name} instead of the string"
            return "one of " + ", ".join(f"{option.__name__}.{m.name}" for m in option)
    return None


def _options(expected: Any) -> list[Any]:
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        return [o for a in typing.get_args(expected) for o in _options(a)]
    if origin in _SEQUENCES:
        return [expected, *_options(typing.get_args(expected)[0])] \
            if typing.get_args(expected) else [expected]
    return [expected]


def _attribute_of(spec: Any) -> str:
    from archdocs import tech

    for attribute in tech.__all__:
        if getattr(tech, attribute) is spec:
            return attribute
    return "PostgreSQL"
