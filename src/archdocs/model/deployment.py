"""Where datastores run: servers and clusters (self-hosted or managed), their regions, zones
and replicas; recovery objectives; and the logins services use, with their privileges.

    primary = Server("sql-1", hosting=Hosting.SELF_HOSTED, region="eu-west", zones=["a"])
    db = ctx.datastore("orders-db", tech.SQLServer("2022"), server=primary,
                       recovery=Recovery(rpo="5m", rto="1h"),
                       logins=[Login("orders_app", [Privilege.READ, Privilege.WRITE],
                                     used_by=["order-api"])])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from archdocs.model.governance import parse_period
from archdocs.model.location import SourceLocation, caller_location

if TYPE_CHECKING:
    from archdocs.model.element import Element


@dataclass(eq=False)
class Server:
    """A database server or cluster that hosts one or more datastores: one failure domain.

    ``hosting`` is ``"self-hosted"`` or ``"managed"`` (a cloud database service);
    ``replicas`` counts standby or replica nodes; ``high_availability`` says how it fails over
    (``"Always On availability group, automatic failover"``). A server with neither has no
    failover: losing the node loses every datastore on it until a restore.
    """

    name: str
    hosting: str = "self-hosted"
    region: str | None = None
    zones: tuple[str, ...] = ()
    replicas: int = 0
    high_availability: str | None = None
    description: str = ""
    declared_at: SourceLocation = field(default_factory=caller_location)

    def __post_init__(self) -> None:
        self.zones = tuple(self.zones)
        if str(self.hosting) not in ("self-hosted", "managed"):
            raise ValueError(f"server {self.name!r}: hosting must be 'self-hosted' or "
                             f"'managed', not {self.hosting!r}")
        self.hosting = str(self.hosting)

    @property
    def highly_available(self) -> bool:
        return bool(self.high_availability) or self.replicas > 0

    def __hash__(self) -> int:
        return id(self)


@dataclass(frozen=True)
class Recovery:
    """Recovery objectives: how much data may be lost (``rpo``) and how long the store may be
    down (``rto``) after a failure, as periods (``"0s"``, ``"5m"``, ``"4h"``)."""

    rpo: str | None = None
    rto: str | None = None

    def __post_init__(self) -> None:
        for value in (self.rpo, self.rto):
            if value is not None:
                parse_period(value)

    @property
    def rpo_period(self) -> timedelta | None:
        return parse_period(self.rpo) if self.rpo is not None else None

    @property
    def rto_period(self) -> timedelta | None:
        return parse_period(self.rto) if self.rto is not None else None


class Privilege(StrEnum):
    """What a login may do on a datastore."""

    READ = "read"
    WRITE = "write"
    DDL = "ddl"
    """Create, alter and drop tables."""
    ADMIN = "admin"
    """Administrator or superuser (sa, root, postgres, rds_superuser, dbOwner)."""

    @property
    def writes(self) -> bool:
        return self is not Privilege.READ


@dataclass(frozen=True)
class Login:
    """A database role or login, its privileges, and the services that connect with it."""

    name: str
    privileges: tuple[Privilege, ...] = (Privilege.READ,)
    used_by: tuple[Element | str, ...] = ()
    declared_at: SourceLocation = field(default_factory=caller_location, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "privileges", tuple(Privilege(p) for p in self.privileges))
        object.__setattr__(self, "used_by", tuple(self.used_by))

    @property
    def admin(self) -> bool:
        return Privilege.ADMIN in self.privileges

    @property
    def can_write(self) -> bool:
        return any(p.writes for p in self.privileges)

    @property
    def user_names(self) -> tuple[str, ...]:
        return tuple(u if isinstance(u, str) else u.name for u in self.used_by)


def login(name: str, privileges: Iterable[Privilege] = (Privilege.READ,), *,
          used_by: Iterable[Element | str] = ()) -> Login:
    """A :class:`Login` (records the line that declared it)."""
    return Login(name, tuple(privileges), tuple(used_by), declared_at=caller_location())
