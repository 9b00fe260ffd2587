"""What the browser journeys share: starting the gateway, Chromium profiles, axe-core, widget steps."""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, Playwright, Route

from bot.supervisor import service_env

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SESSION_SECRET = "browser-tests-session-secret-at-least-32-bytes"  # served gateways refuse shorter
STAFF_FIRST_NAME = "Sam"
REPLY_TIMEOUT_MS = 30_000


# ------------------------------------------------------------------------------------ processes


class ServerDidNotStart(RuntimeError):
    """The subprocess exited or never answered; the message carries its stdout and stderr."""


def _tail(path: Path, limit: int = 8000) -> str:
    try:
        text = path.read_text("utf-8", errors="replace")
    except FileNotFoundError:
        return "(no output)"
    return text[-limit:] or "(empty)"


def wait_for_server(process: subprocess.Popen, url: str, out: Path, err: Path, timeout: float = 60.0) -> None:
    """Poll `url` until it answers 200; raise with the server's output if it dies or times out."""
    deadline = time.monotonic() + timeout
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerDidNotStart(
                f"{url}: the server exited with {process.returncode}.\n"
                f"--- stdout ---\n{_tail(out)}\n--- stderr ---\n{_tail(err)}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError) as error:
            last_error = str(error)
        time.sleep(0.2)
    raise ServerDidNotStart(
        f"{url} did not answer within {timeout:.0f}s ({last_error}).\n"
        f"--- stdout ---\n{_tail(out)}\n--- stderr ---\n{_tail(err)}"
    )


def stop_process(process: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop one process we started, by its pid: SIGTERM, a grace period, then SIGKILL."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=grace)


@dataclass
class Gateway:
    """`python -m bot serve-gateway` on a free port, which a test may stop and start again."""

    url: str
    port: int
    env: dict[str, str]
    workdir: Path
    process: subprocess.Popen | None = None
    starts: int = 0

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    def start(self) -> None:
        self.starts += 1
        out = self.workdir / f"gateway-{self.starts}.out"
        err = self.workdir / f"gateway-{self.starts}.err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            self.process = subprocess.Popen(
                [str(PYTHON), "-m", "bot", "serve-gateway"], cwd=ROOT, env=self.env, stdout=stdout, stderr=stderr
            )
        wait_for_server(self.process, f"{self.url}/healthz", out, err)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def output(self) -> str:
        """The latest run's stdout and stderr (for assertion messages)."""
        return _tail(self.workdir / f"gateway-{self.starts}.out") + _tail(self.workdir / f"gateway-{self.starts}.err")

    def contact(self, token: str) -> dict[str, Any]:
        """The contact a widget token names, as the contact log has it: owner, route, message texts."""
        from sqlalchemy import select

        from bot.channels.tokens import TokenSigner
        from bot.store.models import Contact, Message
        from bot.store.session import create_engine_from_url, make_sessionmaker

        signer = TokenSigner(SESSION_SECRET)
        session = signer.verify(token)
        assert session is not None, "the widget's token does not verify"
        contact_id = signer.contact_id_for(session.session_id)
        engine = create_engine_from_url(self.database_url)
        try:
            with make_sessionmaker(engine).begin() as db:
                contact = db.get(Contact, contact_id)
                if contact is None:
                    return {}
                texts = list(
                    db.scalars(select(Message.text).where(Message.contact_id == contact_id).order_by(Message.id))
                )
                return {"owner": contact.owner, "triage_outcome": contact.triage_outcome, "messages": texts}
        finally:
            engine.dispose()


def gateway_env(rasa_stack: Any, port: int, exit_url: str, allowed_origin: str, **extra: str) -> dict[str, str]:
    """The gateway's environment: the stack's settings (the action server writes routes to the same
    contact log) with this gateway's own, every one set (Settings.to_env) so no .env leaks in."""
    settings = dataclasses.replace(
        rasa_stack.settings,
        rasa_url=rasa_stack.rasa_url,
        session_secret=SESSION_SECRET,
        gateway_host="127.0.0.1",
        gateway_port=port,
        public_base_url=f"http://127.0.0.1:{port}",
        allowed_origins=allowed_origin,
        exit_url=exit_url,
        staff_hours="always",
        log_level="INFO",
    )
    return service_env(settings, extra)


def run_cli(env: dict[str, str], *args: str, stdin: str = "") -> None:
    """`python -m bot …` with the gateway's environment; fails with its output if it fails."""
    result = subprocess.run(
        [str(PYTHON), "-m", "bot", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=60
    )
    if result.returncode != 0:
        raise RuntimeError(f"python -m bot {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")


@dataclass
class StaffMember:
    """A real staff console account, signed in and set available in its own browser profile."""

    username: str
    page: Page
    gateway: Gateway

    def open_conversation(self, widget_page: Page) -> None:
        from bot.channels.tokens import TokenSigner

        signer = TokenSigner(SESSION_SECRET)
        session = signer.verify(widget_token(widget_page))
        assert session is not None
        self.page.goto(f"{self.gateway.url}/staff/conversations/{signer.contact_id_for(session.session_id)}")


@contextmanager
def staff_member_on_duty(browser: Browser, gateway: Gateway) -> Iterator[StaffMember]:
    """Creates an account with `python -m bot staff add`, signs in to the console and sets it
    available; afterwards disables it, since the stack's database is shared with other tests."""
    username = f"browser.{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(24)
    run_cli(
        gateway.env,
        "staff",
        "add",
        username,
        "--name",
        f"{STAFF_FIRST_NAME} Browser",
        "--first-name",
        STAFF_FIRST_NAME,
        "--password-stdin",
        stdin=password + "\n",
    )
    try:
        page = browser.new_page()
        page.goto(f"{gateway.url}/staff/login")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name="Set yourself available").click()
        page.get_by_role("button", name="Set yourself away").wait_for()
        yield StaffMember(username, page, gateway)
    finally:
        run_cli(gateway.env, "staff", "disable", username)


# ------------------------------------------------------------------------------------ the neutral site

NEUTRAL_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Weather</title></head>'
    "<body><main><h1>Weather</h1><p>A neutral page.</p></main></body></html>"
)


def host_page(gateway_url: str) -> str:
    """Another site's page that embeds the widget with the one script tag."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>A site that embeds the widget</title></head><body><main>"
        "<h1>Complaints about the police</h1><p>Some page content.</p>"
        '<p><a href="#main">A link on the host page</a></p></main>'
        f'<script src="{gateway_url}/widget.js"></script></body></html>'
    )


def embedding_policy(gateway_url: str) -> str:
    """The strictest Content-Security-Policy a site can have and still embed the widget (docs/widget.md)."""
    websocket = gateway_url.replace("http", "ws", 1)
    return (
        f"default-src 'none'; script-src {gateway_url}; style-src {gateway_url}; "
        f"connect-src {gateway_url} {websocket}; img-src 'self'"
    )


@dataclass
class NeutralSite:
    """Loopback stand-in for the external exit site, also serving a page that embeds the widget."""

    origin: str = ""
    gateway_url: str = ""

    @property
    def exit_url(self) -> str:
        return f"{self.origin}/weather"

    @property
    def start_url(self) -> str:
        return f"{self.origin}/start"

    @property
    def host_url(self) -> str:
        return f"{self.origin}/host"

    @property
    def strict_host_url(self) -> str:
        """The same page, sent with a strict Content-Security-Policy of its own."""
        return f"{self.origin}/host-csp"


# ------------------------------------------------------------------------------------ the browser


def only_loopback(route: Route) -> None:
    """Seal the network: nothing leaves 127.0.0.1 (no CDN, no fonts, no exit site on the internet)."""
    if route.request.url.startswith(("http://127.0.0.1:", "blob:", "data:")):
        route.continue_()
    else:
        route.abort("blockedbyclient")


@dataclass
class Browser:
    """Opens fresh Chromium profiles (each with its own user-data-dir), sealed to loopback."""

    playwright: Playwright
    tmp_path: Path
    contexts: list[BrowserContext] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    allowed_problems: list[str] = field(default_factory=list)

    def new_context(self, **options: Any) -> BrowserContext:
        profile = self.tmp_path / f"profile-{len(self.contexts)}"
        options.setdefault("viewport", {"width": 1024, "height": 800})
        context = self.playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, accept_downloads=True, **options
        )
        context.route("**/*", only_loopback)
        context.on("page", self._watch)
        for page in context.pages:
            self._watch(page)
        self.contexts.append(context)
        return context

    def new_page(self, **options: Any) -> Page:
        context = self.new_context(**options)
        return context.pages[0] if context.pages else context.new_page()

    def _watch(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)

    def unexpected_problems(self) -> list[str]:
        return [p for p in self.problems if not any(allowed in p for allowed in self.allowed_problems)]


# ------------------------------------------------------------------------------------ axe-core


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now (evaluated, so CSP stays on)."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci --prefix tests/browser`")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text("utf-8"))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document,
                { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({ target: n.target, summary: n.failureSummary }))
            }));
        }""",
        WCAG_22_AA,
    )


def assert_no_axe_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, "axe-core (WCAG 2.2 AA) found:\n" + json.dumps(violations, indent=2)


# ------------------------------------------------------------------------------------ widget steps

REPLIES = ".pch-msg--bot, .pch-msg--system, .pch-msg--staff"


def message_box(page: Page) -> Locator:
    """The one text box (labelled "Type your message", or its Welsh)."""
    return page.get_by_role("textbox")


def replies(page: Page) -> Locator:
    """Everything not written by the person: assistant, staff and service messages."""
    return page.locator(REPLIES)


def wait_for_reply(page: Page, before: int) -> None:
    """Wait until more replies are shown than `before`, and the last answer has settled."""
    page.wait_for_function(
        "([selector, n]) => document.querySelectorAll(selector).length > n",
        arg=[REPLIES, before],
        timeout=REPLY_TIMEOUT_MS,
    )
    # Rasa often answers with several messages in a row; let the burst finish.
    page.wait_for_timeout(1000)


def wait_until_online(page: Page) -> None:
    page.wait_for_selector('.pch-root[data-connection="online"]', state="attached", timeout=20_000)


def send(page: Page, text: str) -> None:
    """Type `text` into the message box, press Enter and wait for the answer."""
    before = replies(page).count()
    box = message_box(page)
    box.fill(text)
    box.press("Enter")
    wait_for_reply(page, before)


def widget_token(page: Page) -> str:
    return page.evaluate("sessionStorage.getItem('pch.token')")


def storage(page: Page) -> dict[str, list[str]]:
    return page.evaluate("() => ({session: Object.keys(sessionStorage), local: Object.keys(localStorage)})")


def press_tab_until(page: Page, predicate_js: str, limit: int = 60, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `predicate_js` (given the focused element) is true."""
    for _ in range(limit):
        if page.evaluate(f"(el => {predicate_js})(document.activeElement)"):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"never reached by keyboard: {predicate_js}")


def has_horizontal_scroll(page: Page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
        " || document.body.scrollWidth > document.documentElement.clientWidth + 1"
    )
