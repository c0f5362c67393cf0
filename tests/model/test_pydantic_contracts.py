"""EventContract(schema=<pydantic model>): the payload schema is pydantic's JSON Schema, read
the same way as a dataclass's for the key, the required fields and the field types."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from pydantic import BaseModel

from archdocs import EventContract
from archdocs.errors import ArchdocsError


class PlacedModel(BaseModel):
    order_id: str
    total_minor: int
    placed_at: dt.datetime
    coupon: str | None = None


@dataclasses.dataclass
class PlacedData:
    order_id: str
    total_minor: int
    placed_at: dt.datetime
    coupon: str | None = None


def test_a_pydantic_model_gives_the_same_fields_types_and_required_as_a_dataclass() -> None:
    model = EventContract("OrderPlaced", key="order_id", schema=PlacedModel).json_schema
    data = EventContract("OrderPlaced", key="order_id", schema=PlacedData).json_schema
    assert model["type"] == data["type"] == "object"
    assert list(model["properties"]) == list(data["properties"])
    assert model["required"] == data["required"] == ["order_id", "total_minor", "placed_at"]
    for name in ("order_id", "total_minor", "placed_at"):
        assert model["properties"][name]["type"] == data["properties"][name]["type"]
    assert model["properties"]["placed_at"]["format"] == "date-time"


def test_a_key_that_is_not_a_field_of_the_pydantic_model_is_refused() -> None:
    with pytest.raises(ArchdocsError) as caught:
        EventContract("OrderPlaced", key="order_number", schema=PlacedModel)
    assert "key 'order_number' is not a field of its payload" in str(caught.value)
    assert "order_id" in (caught.value.hint or "")
