"""Browser journeys: Debian's Chromium drives the widget, served by the real gateway (a subprocess on
a free port) in front of the real Rasa and action server (the `rasa_stack` session fixture).

Nothing of ours is faked. The only stand-in is the neutral site "Exit this page" goes to (and a
page that embeds the widget), served here on loopback because the tests have no internet.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Playwright, sync_playwright

from bot.supervisor import free_port

from .support import (
    CHROMIUM,
    NEUTRAL_PAGE,
    Browser,
    Gateway,
    NeutralSite,
    StaffMember,
    embedding_policy,
    gateway_env,
    host_page,
    staff_member_on_duty,
)


@pytest.fixture(scope="session")
def neutral_site() -> Iterator[NeutralSite]:
    site = NeutralSite()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = (host_page(site.gateway_url) if self.path.startswith("/host") else NEUTRAL_PAGE).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            if self.path.startswith("/host-csp"):
                self.send_header("Content-Security-Policy", embedding_policy(site.gateway_url))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


def _gateway(rasa_stack: Any, site: NeutralSite, workdir: Path, **extra: str) -> Gateway:
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = gateway_env(rasa_stack, port, site.exit_url, site.origin, **extra)
    return Gateway(url=f"http://127.0.0.1:{port}", port=port, env=env, workdir=workdir)


@pytest.fixture(scope="session")
def gateway(rasa_stack: Any, neutral_site: NeutralSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    """The gateway the journeys share; each journey is its own conversation."""
    server = _gateway(rasa_stack, neutral_site, tmp_path_factory.mktemp("gateway"))
    server.start()
    neutral_site.gateway_url = server.url
    yield server
    server.stop()


@pytest.fixture
def own_gateway(rasa_stack: Any, neutral_site: NeutralSite, tmp_path: Path) -> Iterator[Gateway]:
    """A gateway this test alone uses, so it may stop and restart it."""
    server = _gateway(rasa_stack, neutral_site, tmp_path / "gateway")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def staff_on_duty(browser: Browser, gateway: Gateway) -> Iterator[StaffMember]:
    """A real staff member signed in to the console and available while the test runs."""
    with staff_member_on_duty(browser, gateway) as staff:
        yield staff


@pytest.fixture
def playwright() -> Iterator[Playwright]:
    # Per test, not per session: the sync API keeps an event loop running in this thread while it
    # is open, which would break every async test collected after the browser tests.
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install -y chromium` (never `playwright install`)")
    with sync_playwright() as p:
        yield p


@pytest.fixture
def browser(playwright: Playwright, tmp_path: Path) -> Iterator[Browser]:
    """Fresh Chromium profiles for one test; any JavaScript or console error fails the test."""
    b = Browser(playwright, tmp_path)
    yield b
    for context in b.contexts:
        context.close()
    problems = b.unexpected_problems()
    assert not problems, "the browser reported errors:\n" + "\n".join(problems)
