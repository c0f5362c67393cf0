"""Scenarios: a named use case told as ordered steps over flows the system already declares
(Structurizr's dynamic views). The site draws each one with numbered arrows and gives it a page.

    checkout = system.scenario("Checkout", steps=[
        place_order,                                  # a Flow object
        "order-service -> payment-service",           # or a flow's name
        step(capture, "the provider answers within 2 s or the order is cancelled"),
    ], description="A buyer pays for the cart.")

A step names a flow, never a new connection: the scenario adds an order and a note to what the
model says, so the review keeps checking one set of flows.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import TYPE_CHECKING

from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.location import SourceLocation, caller_location

if TYPE_CHECKING:
    from archdocs.model.system import System


@dataclass(frozen=True)
class ScenarioStep:
    """One step of a scenario: the flow that carries it and an optional note (what happens,
    what must hold). ``flow`` is resolved to the system's :class:`Flow` when the scenario is
    declared."""

    flow: Flow | str
    note: str = ""
    declared_at: SourceLocation = field(default_factory=caller_location, compare=False)


def step(flow: Flow | str, note: str = "") -> ScenarioStep:
    """A scenario step with a note (records the line that declared it)."""
    return ScenarioStep(flow, note, declared_at=caller_location())


@dataclass(eq=False, repr=False)
class Scenario(Element):
    """A named use case as an ordered list of steps, each over a flow of the system.

    Build it with :meth:`System.scenario`, which checks that every step names a declared flow.
    """

    KIND = "scenario"

    _: KW_ONLY
    steps: Sequence[ScenarioStep] = ()

    @property
    def flows(self) -> list[Flow]:
        """The flow of each step, in order (a flow used twice appears twice)."""
        return [s.flow for s in self.steps if isinstance(s.flow, Flow)]


def resolve_steps(system: System, name: str, steps: Sequence[Flow | str | ScenarioStep],
                  location: SourceLocation) -> tuple[ScenarioStep, ...]:
    """``steps`` with each flow resolved to the system's :class:`Flow`; an unknown flow, a step
    of another type or no step at all raises :class:`~archdocs.errors.ModelLoadError` (an
    ``ArchdocsError`` the loader reports as it is, at the declaring line)."""
    from archdocs.errors import ModelLoadError

    if isinstance(steps, (str, Flow, ScenarioStep)):
        raise ModelLoadError(
            f"scenario {name!r}: steps must be a list, not "
            f"{'one step(...)' if isinstance(steps, ScenarioStep) else _described(steps)}",
            location=location,
            hint="put the steps in a list, in order: steps=[flow, ...], even for one step")
    if not steps:
        raise ModelLoadError(
            f"scenario {name!r} has no steps", location=location,
            hint="pass steps=[flow, ...]: the flows of the scenario in order, as Flow objects, "
                 "flow names or step(flow, note)")
    resolved = []
    for number, item in enumerate(steps, start=1):
        given = item if isinstance(item, ScenarioStep) else ScenarioStep(item, declared_at=location)
        where = given.declared_at if isinstance(item, ScenarioStep) else location
        if not isinstance(given.flow, (Flow, str)):
            raise ModelLoadError(
                f"scenario {name!r}, step {number}: {given.flow!r} is not a flow",
                location=where,
                hint="a step is a Flow (what system.flow(...) returns), a flow's name, or "
                     "step(flow, note)")
        flow = system.find_flow(given.flow)
        if flow is None:
            raise ModelLoadError(
                f"scenario {name!r}, step {number}: {_described(given.flow)} is not a flow of "
                f"system {system.name!r}", location=where, hint=_hint(system, given.flow))
        resolved.append(ScenarioStep(flow, given.note, declared_at=where))
    return tuple(resolved)


def _described(ref: Flow | str) -> str:
    return f"flow {ref.name!r}" if isinstance(ref, Flow) else f"{ref!r}"


def _hint(system: System, ref: Flow | str) -> str:
    if isinstance(ref, Flow):
        return ("that flow belongs to another system: a scenario's steps are flows of the "
                "system that declares it")
    close = difflib.get_close_matches(ref, [f.name for f in system.flows], n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    return ("declare the flow with system.flow(...) before the scenario, and name it as its "
            "page does (or pass the Flow object)")
