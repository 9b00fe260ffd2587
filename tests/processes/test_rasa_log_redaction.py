"""Rasa's own log never carries what people write (rasa_ext/log_redaction.py), run in the Rasa
environment through Rasa's real logging set-up."""

from __future__ import annotations

import subprocess
import textwrap

from bot.model import RASA_PYTHON, rasa_env
from bot.settings import ROOT

SCRIPT = """
import logging, structlog
from rasa_ext import log_redaction
log_redaction.install()
from rasa.utils.log_utils import configure_structlog
configure_structlog(logging.INFO)
structlog.get_logger("rasa.core.channels.rest").error(
    "rest.message.received.timeout", text="my name is Jo Bloggs and my number is 07700 900123"
)
structlog.get_logger("rasa.core.processor").info("processor.slots", slot_values={"phone": "07700 900123"}, count=3)
"""


def test_message_text_and_slot_values_are_redacted_in_rasas_log() -> None:
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", textwrap.dedent(SCRIPT)],
        cwd=ROOT,
        env=rasa_env({"TF_CPP_MIN_LOG_LEVEL": "3"}),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    output = done.stdout + done.stderr
    assert "rest.message.received.timeout" in output and "processor.slots" in output  # still logged
    assert "[redacted]" in output
    assert "Jo Bloggs" not in output and "07700 900123" not in output
    assert '"count": 3' in output or "count=3" in output  # other fields are kept
