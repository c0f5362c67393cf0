"""The builders' argument checks accept and refuse exactly what each field's annotation says,
for every field of every model class (the checks are prepared once per class)."""

from __future__ import annotations

import dataclasses
import enum
import inspect
from datetime import date

import pytest

from archdocs import model, tech
from archdocs.model import validate
from archdocs.model.datastore import Requirement, Role

SAMPLES = [None, True, 0, 3, 2.5, "", "text", b"x", [], (), ["a"], [1], [Requirement.DURABILITY],
           "durability", {}, {"a": 1}, {"a": "b"}, {1: "b"}, Role.CACHE, Requirement.FULL_TEXT,
           date(2026, 1, 1), tech.PostgreSQL("16"), tech.PostgreSQL, int, object(), [None],
           [["a"]], ("a", 1)]


def _model_classes() -> list[type]:
    return sorted({value for name in dir(model) if not name.startswith("_")
                   for value in [getattr(model, name)]
                   if inspect.isclass(value) and dataclasses.is_dataclass(value)
                   and not issubclass(value, enum.Enum)}, key=lambda cls: cls.__name__)


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda cls: cls.__name__)
def test_each_field_check_agrees_with_its_annotation(cls):
    checks = validate._field_checks(cls)
    hints = validate._hints(cls)
    assert [name for name, _, _ in checks] == [
        f.name for f in dataclasses.fields(cls)
        if f.name not in validate._UNCHECKED and f.init and f.name in hints]
    for name, fits, expected in checks:
        for value in SAMPLES:
            assert fits(value) is validate._fits(value, expected), (cls.__name__, name, value)
