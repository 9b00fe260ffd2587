"""The conversation page's "Was the route right?" section: staff mark a wrong route and pick the right one.

A correction changes nothing for the person; it feeds the misroute figures on the reports page and
`python -m bot nlu corrections`, which a person reviews before any retraining.
"""

from __future__ import annotations

from typing import Sequence

from bot.console import labels
from bot.console.auth import Staff
from bot.console.html import Markup, attrs, escape, join, tag
from bot.console.queries import Conversation
from bot.console.render import csrf_input, field_error, when
from bot.store.repositories.corrections import intents_by_route

FIELD = "intent"

DONE = {
    "corrected": "Route correction saved. Nothing changes for the person. It counts in the reports, and it may be "
    "used to train the assistant after someone has reviewed it.",
    "correction_removed": "Route correction removed.",
}


def choice_label(intent: str, route: str) -> str:
    """How a correction reads: "Information: how to complain", or just the route if one intent sets it."""
    route_label = labels.label(labels.ROUTES, route)
    if len(intents_by_route().get(route, [])) < 2:
        return route_label
    return f"{route_label}: {labels.label(labels.INTENTS, intent)}"


def _options(assistant_route: str, chosen: str | None) -> Markup:
    parts = [tag("option", "Choose a route", value="")]
    for route, intents in intents_by_route().items():
        if route == assistant_route:
            continue
        options = [
            tag("option", choice_label(intent, route), value=intent, selected=intent == chosen) for intent in intents
        ]
        if len(intents) == 1:
            parts += options
        else:
            parts.append(tag("optgroup", join(options), label=labels.label(labels.ROUTES, route)))
    return join(parts)


def _what_was_chosen(conv: Conversation, assistant_route: str) -> Markup:
    chose = Markup(f"The assistant chose <strong>{escape(labels.label(labels.ROUTES, assistant_route))}</strong>")
    m = conv.route_message
    if m is None:
        return Markup(f"<p>{chose}. We could not find the message that set it.</p>")
    if m.pressed_button:
        return Markup(
            f"<p>{chose} because the person pressed the button “{escape(m.text)}”. The assistant cannot learn "
            "from a button, but a correction still counts in the reports.</p>"
        )
    return Markup(
        f"<p>{chose} from this message:</p>"
        f'<blockquote class="route-check__message"><p>{escape(m.text)}</p></blockquote>'
    )


def section(conv: Conversation, me: Staff, errors: Sequence[tuple[str, str]]) -> Markup:
    """The whole section; a short sentence instead of a form while there is no route to correct."""
    heading = '<h2 id="route-check-heading" tabindex="-1">Was the route right?</h2>'
    c = conv.correction
    assistant_route = c.assistant_route if c is not None else conv.route
    if assistant_route is None:
        return Markup(
            f'<section class="route-check" aria-labelledby="route-check-heading">{heading}'
            '<p class="muted">The assistant has not chosen a route yet, so there is nothing to correct.</p></section>'
        )
    path = f"/staff/conversations/{conv.contact_id}/route-correction"
    errors = [e for e in errors if e[0] == FIELD]
    status = Markup("")
    remove = Markup("")
    if c is not None:
        who = escape(c.staff_name or "A staff member")
        status = Markup(
            f'<p class="route-check__status"><strong>Marked as wrong</strong> by {who}, {when(c.updated_at)}. '
            f"It should have been: {escape(choice_label(c.intent, c.route))}.</p>"
        )
        remove = Markup(
            f'<form method="post" action="{path}/remove">{csrf_input(me)}'
            '<button class="button button--link" type="submit">Remove the correction'
            '<span class="visually-hidden">: the route was right</span></button></form>'
        )
    described = "intent-hint intent-error" if errors else "intent-hint"
    field = Markup(
        f'<div class="field{" field--error" if errors else ""}">'
        f'<label class="label" for="{FIELD}">{"Change what it should have been" if c else "What should the route have been?"}</label>'
        '<p class="hint" id="intent-hint">For Information and Out of scope, choose what the person was asking '
        "about. Nothing changes for the person: this helps us improve the assistant after a review.</p>"
        f"{field_error(FIELD, errors)}"
        f'<select class="select" id="{FIELD}" name="{FIELD}"'
        f'{attrs(aria_describedby=described, aria_invalid="true" if errors else None)}>'
        f"{_options(assistant_route, c.intent if c else None)}</select></div>"
    )
    button = "Save the change" if c else "Mark the route as wrong"
    return Markup(
        f'<section class="route-check" aria-labelledby="route-check-heading">{heading}'
        f"{_what_was_chosen(conv, assistant_route)}{status}"
        f'<form method="post" action="{path}" novalidate>{csrf_input(me)}{field}'
        f'<button class="button button--secondary" type="submit">{button}</button></form>'
        f"{remove}</section>"
    )
