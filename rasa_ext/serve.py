"""`rasa run` as the service starts it: `.venv-rasa/bin/python -m rasa_ext.serve run …`.

Before handing over to Rasa's own command line it:
- checks action server responses with a validator built once (rasa_ext/action_validation.py);
- keeps what people write out of Rasa's log (rasa_ext/log_redaction.py);
- takes the HTTP API token from RASA_API_TOKEN, so it is never on a command line (`ps` shows those
  to every user; the environment of a process only to its owner);
- adds Rasa's plain `rest` channel only when RASA_REST_CHANNEL=1 (benchmarks and evaluation tools):
  the served configuration has just the gateway's own `triage` channel (credentials.yml).
"""

from __future__ import annotations

import os
import sys
from typing import Any, List, Optional


def add_rest_channel() -> None:
    """Serve Rasa's `rest` channel next to those in the credentials file."""
    from rasa.core import run
    from rasa.core.channels.rest import RestInput

    from_credentials = run.create_http_input_channels

    def create_http_input_channels(channel: Optional[str], credentials_file: Optional[str]) -> List[Any]:
        channels = from_credentials(channel, credentials_file)
        if not any(existing.name() == RestInput.name() for existing in channels):
            channels.append(RestInput())
        return channels

    run.create_http_input_channels = create_http_input_channels  # looked up by name in serve_application


def rasa_arguments(argv: List[str], environ: os._Environ[str] | dict[str, str]) -> List[str]:
    """`argv` plus the API token from the environment (refused if it is on the command line)."""
    if any(arg == "--auth-token" or arg.startswith("--auth-token=") for arg in argv):
        raise SystemExit("error: pass the Rasa API token in RASA_API_TOKEN, not on the command line")
    token = environ.get("RASA_API_TOKEN", "")
    return [*argv, f"--auth-token={token}"] if token and argv[:1] == ["run"] else list(argv)


def main(cached_validation: bool = True) -> None:
    """Rasa's command line with the changes above (`cached_validation=False`: as Rasa ships, for benchmarks)."""
    from rasa_ext import action_validation, log_redaction

    log_redaction.install()
    if cached_validation:
        action_validation.install()
    if os.environ.get("RASA_REST_CHANNEL") == "1":
        add_rest_channel()
    # Rewriting sys.argv here changes what Rasa's parser reads, not /proc/<pid>/cmdline.
    sys.argv = ["rasa", *rasa_arguments(sys.argv[1:], os.environ)]
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
