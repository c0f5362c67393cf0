"""What bounds the choice of a datastore's technology besides its workload: the team, what is
already run, the cloud, the budget, where the data may live. ``archdocs advise`` reads it.

    >>> c = Constraints(cloud=Cloud.AWS, already_run=("postgresql",))
    >>> c.prefer_managed, c.budget_class.value
    (True, 'medium')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from archdocs.model.location import caller_location
from archdocs.model.validate import check_fields


class Cloud(StrEnum):
    """Where the system runs."""

    AWS = "aws"
    AZURE = "azure"
    GCP = "gcp"
    ON_PREMISES = "on-premises"


RESIDENCIES: dict[str, str] = {
    "ae": "United Arab Emirates",
    "au": "Australia",
    "br": "Brazil",
    "ca": "Canada",
    "ch": "Switzerland",
    "cn": "mainland China",
    "eu": "the European Union",
    "in": "India",
    "jp": "Japan",
    "kr": "South Korea",
    "sg": "Singapore",
    "uk": "the United Kingdom",
    "us": "the United States",
    "za": "South Africa",
}
"""The jurisdictions ``data_residency`` names: coarse on purpose (a legal area, not a region
code), the level at which the clouds' public region lists can be compared."""


class BudgetClass(StrEnum):
    """How much the team can spend on running the store."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Constraints:
    """The non-workload inputs to a technology choice. Every field is optional.

    ``team_skills`` and ``already_run`` are technology ids (``"postgresql"``, ``"mongodb"``):
    products the team knows, and products it already operates in production. ``audit_trail``
    and ``temporal_queries`` say the domain needs every change kept, or state "as of" a past
    date: the only reasons event sourcing is worth its cost.
    """

    team_skills: Sequence[str] = ()
    already_run: Sequence[str] = ()
    cloud: Cloud | None = None
    prefer_managed: bool = True
    budget_class: BudgetClass = BudgetClass.MEDIUM
    data_residency: str | None = None
    """The jurisdiction the data must stay in (``"eu"``, ``"uk"``, ``"ch"``: a key of
    :data:`RESIDENCIES`): only managed offerings available there qualify, and replicas,
    backups and cross-region copies must stay there too."""
    audit_trail: bool = False
    temporal_queries: bool = False

    def __post_init__(self) -> None:
        location = caller_location()
        check_fields(self, location)
        object.__setattr__(self, "team_skills", tuple(s.lower() for s in self.team_skills))
        object.__setattr__(self, "already_run", tuple(s.lower() for s in self.already_run))
        if self.data_residency is not None:
            residency = self.data_residency.strip().lower()
            if residency not in RESIDENCIES:
                from archdocs.errors import ArchdocsError

                raise ArchdocsError(
                    f"Constraints: data_residency {self.data_residency!r} is not a known "
                    "jurisdiction", location=location,
                    hint="use one of " + ", ".join(repr(r) for r in sorted(RESIDENCIES))
                         + " (the advice compares offerings per jurisdiction, not per region)")
            object.__setattr__(self, "data_residency", residency)
