"""Rasa checks action server responses with a validator built once (rasa_ext/action_validation.py):
every response is still checked, and a malformed one is still refused with Rasa's own error.

Runs in the Rasa environment: a real `RemoteAction` posts to a real local HTTP server that answers
each case, first as Rasa ships, then with the change installed.
"""

from __future__ import annotations

import json
import subprocess
import textwrap

from bot.model import RASA_PYTHON, rasa_env
from bot.settings import ROOT

SCRIPT = r"""
import asyncio, json
import jsonschema
from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from rasa_ext import action_validation

CASES = {
    "valid": {"events": [{"event": "slot", "name": "route", "value": "review"}], "responses": [{"text": "Hello"}]},
    "events not a list": {"events": "slot", "responses": []},
    "unknown event": {"events": [{"event": "launch_rocket"}], "responses": []},
    "response not an object": {"events": [], "responses": ["Hello"]},
}
full_checks = 0
original_validate = jsonschema.validate
def counting_validate(*args, **kwargs):
    global full_checks
    full_checks += 1
    return original_validate(*args, **kwargs)
jsonschema.validate = counting_validate  # Rasa imports it by name inside the function, at each call

async def handler(request):
    return web.json_response(CASES[request.headers["X-Case"]])

async def run_all():
    app = web.Application()
    app.router.add_post("/webhook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    outcomes = {}
    for case in CASES:
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-Case": case})
        action = RemoteAction("action_check", endpoint)
        tracker = DialogueStateTracker("0b6d4f0e-0000-4000-8000-000000000001", [])
        try:
            events = await action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}), tracker, Domain.empty())
            outcomes[case] = ["ok", [type(e).__name__ for e in events]]
        except jsonschema.ValidationError as error:
            outcomes[case] = ["refused", error.message]
    await runner.cleanup()
    return outcomes

result = {"as_shipped": asyncio.run(run_all()), "full_checks_as_shipped": full_checks}
full_checks = 0
action_validation.install()
action_validation.install()  # twice is the same as once
result["cached"] = asyncio.run(run_all())
result["full_checks_cached"] = full_checks
print(json.dumps(result))
"""


def run_in_rasa() -> dict:
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", textwrap.dedent(SCRIPT)],
        cwd=ROOT,
        env=rasa_env({"TF_CPP_MIN_LOG_LEVEL": "3"}),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_invalid_action_responses_are_still_refused_with_rasas_own_error() -> None:
    result = run_in_rasa()
    shipped, cached = result["as_shipped"], result["cached"]
    assert cached == shipped  # same events for the valid response, same error text for each invalid one
    assert cached["valid"] == ["ok", ["BotUttered", "SlotSet"]]
    for case in ("events not a list", "unknown event", "response not an object"):
        outcome, message = cached[case]
        assert outcome == "refused", case
        assert "Failed to validate Action server response" in message
    # As shipped, every response goes through jsonschema.validate() (which re-checks the schema
    # itself each time); with the change a valid response never does, an invalid one once.
    assert result["full_checks_as_shipped"] == 4
    assert result["full_checks_cached"] == 3
