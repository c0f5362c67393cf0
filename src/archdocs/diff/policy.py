"""``--fail-on`` policies: when a pull request's architecture change should fail the build."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from archdocs.diff.changes import ArchitectureDiff
from archdocs.errors import UsageError
from archdocs.review.finding import Severity


def _new_at_least(severity: Severity) -> Callable[[ArchitectureDiff], list[str]]:
    def check(diff: ArchitectureDiff) -> list[str]:
        return [f"new {f.severity.value} {f.rule} on {f.element}: {f.message}"
                for f in diff.introduced if f.severity.at_least(severity)]
    return check


def _hazards(diff: ArchitectureDiff) -> list[str]:
    found = [f"{t.datastore}.{t.table}: {h}" for t in diff.tables for h in t.hazards]
    found += [f"{p.datastore}: worst hazard {p.worst_hazard}" for p in diff.schema_plans or []
              if p.worst_hazard]
    return found


def _uncovered(diff: ArchitectureDiff) -> list[str]:
    return [f"{datastore}: {hazard} (no architecture migration or ADR covers it)"
            for _system, datastore, hazard in diff.uncovered_hazards]


def _any_change(diff: ArchitectureDiff) -> list[str]:
    return [] if diff.is_empty else ["the architecture changed"]


POLICIES: dict[str, tuple[str, Callable[[ArchitectureDiff], list[str]]]] = {
    "new-error": ("a review finding of severity error appears", _new_at_least(Severity.ERROR)),
    "new-warning": ("a finding of severity warning or error appears",
                    _new_at_least(Severity.WARNING)),
    "hazard": ("any schema change is hazardous on a live database", _hazards),
    "hazard-without-plan": ("a schema hazard in a datastore that no architecture migration "
                            "and no ADR added or changed in the same change covers",
                            _uncovered),
    "any-change": ("anything in the architecture changed", _any_change),
}


def parse_policies(values: Iterable[str]) -> list[str]:
    """``--fail-on`` values (repeatable, or comma-separated) checked against the known set."""
    chosen: list[str] = []
    for value in values:
        for name in (part.strip() for part in value.split(",")):
            if not name:
                continue
            if name not in POLICIES:
                raise UsageError(f"unknown --fail-on policy '{name}'",
                                 hint="choose from: " + ", ".join(POLICIES))
            if name not in chosen:
                chosen.append(name)
    return chosen


def violations(diff: ArchitectureDiff, policies: Iterable[str]) -> list[str]:
    """What breaks the chosen policies, one line each, prefixed with the policy."""
    return [f"{name}: {line}" for name in policies for line in POLICIES[name][1](diff)]
