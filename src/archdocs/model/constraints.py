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
    """A region the data must stay in (``"eu"``); only offerings available there qualify."""
    audit_trail: bool = False
    temporal_queries: bool = False

    def __post_init__(self) -> None:
        check_fields(self, caller_location())
        object.__setattr__(self, "team_skills", tuple(s.lower() for s in self.team_skills))
        object.__setattr__(self, "already_run", tuple(s.lower() for s in self.already_run))
