"""Typed configuration, read once from the environment."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


# Served processes refuse shorter secrets (32 random URL-safe characters carry 192 bits).
SECRET_MIN_BYTES = 32


# Names the KEY=VALUE file read before the environment (default: `.env` in the checkout); empty: none.
# Settings.to_env() sets it empty, so a child process never reads the repository's `.env`.
ENV_FILE = "ENV_FILE"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it."""


def _setting(env: str, default: object, help: str) -> Any:
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    """Every setting the service reads. `docs/settings.md` documents each one (a test checks)."""

    database_url: str = _setting(
        "DATABASE_URL",
        f"sqlite:///{ROOT / 'var' / 'data' / 'contacts.db'}",
        "SQLAlchemy URL of the contact log. SQLite file by default; postgresql+psycopg://… for PostgreSQL.",
    )
    tracker_database_url: str = _setting(
        "TRACKER_DATABASE_URL",
        f"sqlite:///{ROOT / 'var' / 'data' / 'tracker.db'}",
        "SQLAlchemy URL of Rasa's tracker store (purge deletes its events too).",
    )
    contact_key: str = _setting(
        "CONTACT_KEY", "", "Fernet key that encrypts contact addresses (phone numbers, chat ids)."
    )
    hash_key: str = _setting("HASH_KEY", "", "Secret for the keyed hash used to look contact addresses up.")
    session_secret: str = _setting(
        "SESSION_SECRET", "", "Secret that signs widget session tokens and staff session cookies."
    )
    rasa_url: str = _setting("RASA_URL", "http://127.0.0.1:5005", "Base URL of the Rasa server (loopback).")
    rasa_api_token: str = _setting(
        "RASA_API_TOKEN", "", "Token for Rasa's HTTP API (passed to Rasa in its environment, never on a command line)."
    )
    rasa_workers: int = _setting(
        "RASA_WORKERS",
        0,
        "Rasa processes `serve` starts, on ports from RASA_URL's; 0: one per core with REDIS_URL, one without (more need it).",
    )
    rasa_rest_channel: int = _setting(
        "RASA_REST_CHANNEL",
        0,
        "1 also serves Rasa's plain `rest` channel (benchmarks, evaluation tools; loopback only).",
    )
    rasa_timeout_seconds: float = _setting(
        "RASA_TIMEOUT_SECONDS", 4.0, "How long the gateway waits for Rasa before apologising."
    )
    rasa_concurrency: int = _setting(
        "RASA_CONCURRENCY",
        4,
        "Turns a gateway sends to one Rasa worker at once; more wait (people are told busy) and are never sent if too late.",
    )
    action_server_port: int = _setting("ACTION_SERVER_PORT", 5055, "Port of the action server (127.0.0.1).")
    action_server_token: str = _setting(
        "ACTION_SERVER_TOKEN",
        "",
        "Shared secret Rasa sends to the action server (X-Action-Token); other callers get 403.",
    )
    gateway_host: str = _setting("GATEWAY_HOST", "127.0.0.1", "Interface the gateway listens on.")
    gateway_port: int = _setting("GATEWAY_PORT", 8080, "Port the gateway listens on.")
    public_base_url: str = _setting(
        "PUBLIC_BASE_URL",
        "http://127.0.0.1:8080",
        "Public URL of the gateway as callers see it (used to check Twilio signatures behind a proxy).",
    )
    allowed_origins: str = _setting(
        "ALLOWED_ORIGINS", "", "Comma-separated extra origins allowed to open the widget websocket."
    )
    exit_url: str = _setting(
        "EXIT_URL",
        "https://www.bbc.co.uk/weather",
        "Neutral page the widget's 'Exit this page' replaces the chat with (tests point it at a local page).",
    )
    twilio_account_sid: str = _setting("TWILIO_ACCOUNT_SID", "", "Twilio account SID; SMS is off without it.")
    twilio_auth_token: str = _setting("TWILIO_AUTH_TOKEN", "", "Twilio auth token (checks signatures, sends SMS).")
    twilio_from_number: str = _setting("TWILIO_FROM_NUMBER", "", "The number SMS replies are sent from.")
    twilio_api_base: str = _setting(
        "TWILIO_API_BASE", "https://api.twilio.com", "Twilio REST API base URL (tests point it at a local server)."
    )
    telegram_bot_token: str = _setting("TELEGRAM_BOT_TOKEN", "", "Telegram bot token; Telegram is off without it.")
    telegram_secret_token: str = _setting(
        "TELEGRAM_SECRET_TOKEN", "", "Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token."
    )
    telegram_api_base: str = _setting(
        "TELEGRAM_API_BASE", "https://api.telegram.org", "Telegram Bot API base URL (tests use a local server)."
    )
    spool_path: str = _setting(
        "SPOOL_PATH",
        str(ROOT / "var" / "spool" / "contact-log.jsonl"),
        "Where contact-log writes wait (and are replayed from) while the database is unavailable.",
    )
    retention_days: int = _setting("RETENTION_DAYS", 90, "Default age after which `purge` deletes contacts.")
    staff_hours: str = _setting(
        "STAFF_HOURS",
        "Mon-Fri 08:00-18:00",
        "When staff can be reached (Europe/London), e.g. 'Mon-Fri 08:00-18:00'; 'always' for round the clock.",
    )
    staff_session_minutes: int = _setting("STAFF_SESSION_MINUTES", 480, "Staff console session lifetime.")
    staff_login_attempts: int = _setting(
        "STAFF_LOGIN_ATTEMPTS",
        5,
        "Failed sign-ins for one account from one address before each further try must wait (30 s, doubling).",
    )
    staff_lockout_minutes: int = _setting(
        "STAFF_LOCKOUT_MINUTES", 15, "Longest wait between sign-in tries for one account from one address."
    )
    staff_sign_ins_per_minute: int = _setting(
        "STAFF_SIGN_INS_PER_MINUTE", 60, "Sign-in attempts a gateway checks a minute, from every address together."
    )
    staff_password_checks: int = _setting(
        "STAFF_PASSWORD_CHECKS", 1, "Passwords a gateway hashes at once (argon2, on its own threads)."
    )
    staff_sign_in_queue: int = _setting(
        "STAFF_SIGN_IN_QUEUE", 8, "Sign-ins that may wait for a password check; more are answered 429 at once."
    )
    web_session_minutes: int = _setting("WEB_SESSION_MINUTES", 60, "Idle time before a widget session expires.")
    max_message_chars: int = _setting("MAX_MESSAGE_CHARS", 2000, "Longest message accepted from the public.")
    web_messages_per_minute: int = _setting(
        "WEB_MESSAGES_PER_MINUTE", 20, "Messages one widget session may send a minute before being asked to slow down."
    )
    web_address_messages_per_minute: int = _setting(
        "WEB_ADDRESS_MESSAGES_PER_MINUTE",
        60,
        "Messages all widget sessions from one IP address may send a minute (shared Wi-Fi counts as one).",
    )
    web_sessions_per_hour: int = _setting(
        "WEB_SESSIONS_PER_HOUR", 60, "New widget conversations one IP address may start an hour."
    )
    web_session_max_hours: int = _setting(
        "WEB_SESSION_MAX_HOURS",
        12,
        "Absolute lifetime of a widget session, however active it is; then a new chat starts.",
    )
    web_sockets_per_session: int = _setting(
        "WEB_SOCKETS_PER_SESSION", 3, "Websockets one widget session may hold open at once; more are refused (429)."
    )
    web_sockets_per_address: int = _setting(
        "WEB_SOCKETS_PER_ADDRESS", 30, "Websockets one IP address (an IPv6 /64 counts as one) may hold open at once."
    )
    web_connects_per_minute: int = _setting(
        "WEB_CONNECTS_PER_MINUTE", 30, "Websocket connections one IP address (or IPv6 /64) may open a minute."
    )
    web_max_sockets: int = _setting(
        "WEB_MAX_SOCKETS", 2000, "Widget websockets one gateway holds open in all; more are refused (503)."
    )
    web_global_sessions_per_minute: int = _setting(
        "WEB_GLOBAL_SESSIONS_PER_MINUTE",
        600,
        "New widget conversations one gateway starts a minute, all addresses together.",
    )
    web_global_messages_per_minute: int = _setting(
        "WEB_GLOBAL_MESSAGES_PER_MINUTE", 1200, "Widget messages one gateway accepts a minute, all sessions together."
    )
    trusted_proxies: str = _setting(
        "TRUSTED_PROXIES",
        "",
        "Comma-separated addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto are believed; none by default, so those headers are ignored.",
    )
    http_idle_timeout_seconds: float = _setting(
        "HTTP_IDLE_TIMEOUT_SECONDS",
        15.0,
        "A connection that has not sent a whole request's headers, or sits idle between requests, this long is closed.",
    )
    http_body_timeout_seconds: float = _setting(
        "HTTP_BODY_TIMEOUT_SECONDS", 10.0, "Longest a request body may take to arrive; a slower sender gets 408."
    )
    log_dir: str = _setting(
        "LOG_DIR", str(ROOT / "var" / "log"), "Where `python -m bot serve` writes each process's log (created 0700)."
    )
    redis_url: str = _setting(
        "REDIS_URL",
        "",
        "redis://host:port/db; when set, Rasa workers share Rasa's Redis lock store and gateway replicas share "
        "the event hub, conversation locks and rate limits there. Empty: none (one gateway, all in its process).",
    )
    redis_prefix: str = _setting(
        "REDIS_PREFIX",
        "gateway:",
        "Prefix of the gateway's Redis keys and pub/sub channels (pub/sub ignores the db number; Rasa's lock store uses triage:).",
    )
    gateway_replicas: int = _setting(
        "GATEWAY_REPLICAS",
        1,
        "Gateway processes `serve` starts, on ports from GATEWAY_PORT's; more than one needs REDIS_URL.",
    )
    log_level: str = _setting("LOG_LEVEL", "INFO", "Python log level.")
    log_format: str = _setting(
        "LOG_FORMAT", "text", "`text` (time, level, logger, [request id], message) or `json` (one object a line)."
    )
    metrics_token: str = _setting(
        "METRICS_TOKEN",
        "",
        "Bearer token Prometheus sends to GET /metrics (gateway and action server); empty: no /metrics.",
    )

    def require(self, *names: str) -> None:
        """Fail now, naming the first empty secret among `names`."""
        for name in names:
            if not getattr(self, name):
                env = _FIELDS[name].metadata["env"]
                raise SettingsError(f"{env} is not set (run `make run` once to write .env, or set it).")

    def require_strong(self, *names: str) -> None:
        """Like `require`, and each secret must be at least SECRET_MIN_BYTES long (served processes)."""
        self.require(*names)
        for name in names:
            size = len(str(getattr(self, name)).encode("utf-8"))
            if size < SECRET_MIN_BYTES:
                env = _FIELDS[name].metadata["env"]
                raise SettingsError(
                    f"{env} is too short ({size} bytes; at least {SECRET_MIN_BYTES}): "
                    "make one with `python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`."
                )

    def to_env(self) -> dict[str, str]:
        """Every setting as its environment variable, and ENV_FILE empty: a child process reads nothing else."""
        env = {f.metadata["env"]: str(getattr(self, f.name)) for f in dataclasses.fields(self)}
        env[ENV_FILE] = ""
        return env

    @property
    def sms_enabled(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token and self.twilio_from_number)

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token and self.telegram_secret_token)


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def _convert(name: str, raw: str) -> object:
    kind = _FIELDS[name].type
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
    except ValueError:
        env = _FIELDS[name].metadata["env"]
        raise SettingsError(f"{env} must be a number, not {raw!r}.") from None
    return raw


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a KEY=VALUE file (no shell expansion); missing file gives {}."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip('"').strip("'")
    return values


def env_file_path(environ: Mapping[str, str]) -> Path | None:
    """The file ENV_FILE names, `.env` in the checkout when it is unset, or None when it is empty."""
    named = environ.get(ENV_FILE)
    if named is None:
        return ROOT / ".env"
    return Path(named) if named else None


_AS_ENV_FILE_SAYS = Path("<ENV_FILE>")


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = _AS_ENV_FILE_SAYS) -> Settings:
    """Build Settings from the env file (ENV_FILE; `.env` by default) overlaid by the environment."""
    environ = os.environ if environ is None else environ
    if env_file is _AS_ENV_FILE_SAYS:
        env_file = env_file_path(environ)
    merged: dict[str, str] = read_env_file(env_file) if env_file else {}
    merged.update(environ)
    values: dict[str, Any] = {}
    for name, f in _FIELDS.items():
        raw = merged.get(f.metadata["env"])
        if raw is not None and raw != "":
            values[name] = _convert(name, raw)
    return Settings(**values)


def documented_settings() -> list[tuple[str, object, str]]:
    """(ENV_NAME, default, help) for every setting, for docs and tests."""
    return [(f.metadata["env"], f.default, f.metadata["help"]) for f in dataclasses.fields(Settings)]
