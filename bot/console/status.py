"""Where a conversation stands, in one sentence: the conversation page's status line and its live updates."""

from __future__ import annotations

from bot.console import labels
from bot.console.auth import Staff
from bot.console.queries import HandoffView


def status_sentence(handoff: HandoffView | None, owner: str, me: Staff) -> str:
    """The status line's text (plain text: the page escapes it, live updates set it as textContent)."""
    if owner == "closed":
        if handoff is not None and handoff.closing_outcome:
            return f"Closed: {labels.label(labels.OUTCOMES, handoff.closing_outcome).lower()}."
        return "Closed."
    if handoff is None or handoff.status not in ("queued", "assigned"):
        return "With the assistant: nobody from the team is needed now."
    priority = labels.PRIORITIES.get(handoff.priority, "")
    if handoff.status == "queued":
        position = f", number {handoff.position} in the queue" if handoff.position else ""
        return f"Waiting for a person ({priority.lower()}{position})."
    if handoff.claimed_by == me.id:
        return "With you. The person sees your replies on their channel."
    return f"With {handoff.staff_name or 'another staff member'}."
