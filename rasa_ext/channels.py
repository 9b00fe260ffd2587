"""The gateway's own REST endpoint, `/webhooks/triage/webhook`.

Identical to Rasa's REST channel (it already passes `metadata` and `input_channel` through), but a
separate name lets a deployment turn the plain `rest` channel off in credentials.yml while the
gateway keeps working. It also takes the gateway's request id from the metadata: Rasa's own
structured log lines for the turn carry it (its structlog pipeline merges context variables), and
one line says the turn arrived.
"""

from typing import Any, Dict, Optional

import structlog
from rasa.core.channels.rest import RestInput
from sanic.request import Request

from bot.observability import request_ids

# Under "rasa" so that Rasa's LOG_LEVEL applies: Rasa sets only its own loggers' level, and every
# other logger in its process stays at WARNING.
structlogger = structlog.get_logger("rasa.triage_channel")


class TriageInput(RestInput):
    """REST input used only by the gateway."""

    @classmethod
    def name(cls) -> str:
        return "triage"

    def get_metadata(self, request: Request) -> Optional[Dict[str, Any]]:
        # Rasa calls this once per message, in the task that then handles the whole turn.
        metadata = super().get_metadata(request)
        request_id = request_ids.valid((metadata or {}).get(request_ids.METADATA_KEY))
        structlog.contextvars.clear_contextvars()
        if request_id is not None:
            structlog.contextvars.bind_contextvars(request_id=request_id)
        structlogger.info("triage.turn.received")
        return metadata
