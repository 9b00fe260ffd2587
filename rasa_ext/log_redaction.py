"""Keep what people write out of Rasa's log.

Rasa 3.6 logs some events with the person's message in them (e.g. `rest.message.received.timeout`
with `text=…`, written whenever the gateway gives up on a turn). Its structlog pipeline starts with an
"anonymizer" over a fixed list of keys (`text`, `user_message`, `slot_values`, …) that does nothing
without Rasa Pro; this one replaces each of those values with a marker, so the event is still logged.
"""

from __future__ import annotations

from typing import Any, Dict

REDACTED = "[redacted]"


# The keys Rasa 3.6's own anonymizer lists (rasa/utils/log_utils.py), pinned with Rasa's version.
KEYS = frozenset(
    {
        "text",
        "response_text",
        "user_text",
        "slot_values",
        "parse_data_text",
        "parse_data_entities",
        "prediction_events",
        "tracker_latest_message",
        "prefilled_slots",
        "message",
        "response",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "tracker_states",
        "current_states",
        "old_states",
        "successes",
        "current_entity",
        "next_entity",
        "states",
        "entity",
        "token_text",
        "user_message",
        "json_message",
    }
)


def install() -> None:
    """Make Rasa's log anonymizer redact; call before Rasa configures its logging."""
    from rasa.utils import log_utils

    def redact(_logger: Any, _method: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
        for key in KEYS & event_dict.keys():
            event_dict[key] = REDACTED
        return event_dict

    log_utils._anonymizer = redact  # looked up by name when configure_structlog() builds the pipeline
