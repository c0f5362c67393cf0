"""The fallback for column types SQLAlchemy does not know (``cube``, ``point`` …)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.types import UserDefinedType


class ServerType(UserDefinedType[Any]):
    """A column type known only by its name on the server, as ``archdocs import`` declares
    columns whose type reflection did not recognise. It renders as that name in DDL;
    ``archdocs drift`` does not compare it."""

    cache_ok = True

    def __init__(self, name: str) -> None:
        self.name = name

    def get_col_spec(self, **kw: Any) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"ServerType({self.name!r})"
