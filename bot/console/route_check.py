"""The conversation page's "Was the route right?" section: staff mark a wrong route and pick the right one.

A correction changes nothing for the person; it feeds the misroute figures on the reports page and
`python -m bot nlu corrections`, which a person reviews before any retraining. The section itself
is drawn by `templates/_route_check.html` from what `route_check` returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.console import labels
from bot.console.queries import Conversation
from bot.store.repositories.corrections import intents_by_route

FIELD = "intent"

DONE = {
    "corrected": "Route correction saved. Nothing changes for the person. It counts in the reports, and it may be "
    "used to train the assistant after someone has reviewed it.",
    "correction_removed": "Route correction removed.",
}


@dataclass(frozen=True)
class ChoiceGroup:
    """Routes with several intents become an `<optgroup>` named after the route; others stand alone."""

    label: str | None
    choices: list[tuple[str, str]]  # (intent, what the option says)


@dataclass(frozen=True)
class RouteCheck:
    assistant_route: str
    groups: list[ChoiceGroup]
    chosen: str | None  # the intent of the saved correction, if any
    should_have_been: str | None


def choice_label(intent: str, route: str) -> str:
    """How a correction reads: "Information: how to complain", or just the route if one intent sets it."""
    route_label = labels.label(labels.ROUTES, route)
    if len(intents_by_route().get(route, [])) < 2:
        return route_label
    return f"{route_label}: {labels.label(labels.INTENTS, intent)}"


def _groups(assistant_route: str) -> list[ChoiceGroup]:
    groups = []
    for route, intents in intents_by_route().items():
        if route == assistant_route:
            continue  # the route the assistant chose is not a correction
        choices = [(intent, choice_label(intent, route)) for intent in intents]
        groups.append(ChoiceGroup(labels.label(labels.ROUTES, route) if len(intents) > 1 else None, choices))
    return groups


def route_check(conv: Conversation) -> RouteCheck | None:
    """What the section shows; None while the assistant has chosen no route (nothing to correct)."""
    c = conv.correction
    assistant_route = c.assistant_route if c is not None else conv.route
    if assistant_route is None:
        return None
    return RouteCheck(
        assistant_route=assistant_route,
        groups=_groups(assistant_route),
        chosen=c.intent if c is not None else None,
        should_have_been=choice_label(c.intent, c.route) if c is not None else None,
    )
