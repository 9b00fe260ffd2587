"""The gateway's own REST endpoint, `/webhooks/triage/webhook`.

Identical to Rasa's REST channel (it already passes `metadata` and `input_channel` through), but a
separate name lets a deployment turn the plain `rest` channel off in credentials.yml while the
gateway keeps working.
"""

from rasa.core.channels.rest import RestInput


class TriageInput(RestInput):
    """REST input used only by the gateway."""

    @classmethod
    def name(cls) -> str:
        return "triage"
