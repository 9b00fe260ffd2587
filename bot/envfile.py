"""Writes `.env` with fresh random local secrets the first time the service runs.

The file is created 0600 and appears whole or not at all: it is written to a private temporary file
beside it, then linked into place, which fails rather than overwrite a `.env` that appeared meanwhile.
A later run adds any secret a newer version needs (same way: a whole new file, renamed over the old).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet

from bot.settings import env_file_path, read_env_file

HEADER = """\
# Written by `make run` on first start with random local secrets. Never commit this file.
# Every setting is documented in docs/settings.md; anything set in the environment wins.
"""
FOOTER = """\
# SMS and Telegram stay off until these are set:
# TWILIO_ACCOUNT_SID=
# TWILIO_AUTH_TOKEN=
# TWILIO_FROM_NUMBER=
# TELEGRAM_BOT_TOKEN=
# PUBLIC_BASE_URL=https://your-public-host
"""

# Every secret `make run` generates, each at least 32 bytes (bot/settings.py SECRET_MIN_BYTES).
SECRETS: dict[str, Callable[[], str]] = {
    "CONTACT_KEY": lambda: Fernet.generate_key().decode(),
    "HASH_KEY": lambda: secrets.token_urlsafe(32),
    "SESSION_SECRET": lambda: secrets.token_urlsafe(32),
    "RASA_API_TOKEN": lambda: secrets.token_urlsafe(32),
    "ACTION_SERVER_TOKEN": lambda: secrets.token_urlsafe(32),
    "TELEGRAM_SECRET_TOKEN": lambda: secrets.token_urlsafe(32),
    "METRICS_TOKEN": lambda: secrets.token_urlsafe(32),
}


def _write_private(path: Path, text: str, *, replace: bool) -> None:
    """Write `text` to a new 0600 file, then put it at `path` in one step."""
    descriptor, temporary = tempfile.mkstemp(prefix=".env-", dir=path.parent)  # mkstemp creates it 0600
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # FileExistsError if another process wrote .env first
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def ensure_env_file(path: Path | None = None) -> bool:
    """Create `path` (by default the file ENV_FILE names, `.env`) with new secrets, or add the secrets
    it lacks; True if it was written. With ENV_FILE empty there is no file: nothing is written."""
    path = path or env_file_path(os.environ)
    if path is None:
        return False
    if not path.exists():
        lines = [f"{name}={make()}\n" for name, make in SECRETS.items()]
        try:
            _write_private(path, HEADER + "".join(lines) + FOOTER, replace=False)
        except FileExistsError:
            return False
        return True
    present = read_env_file(path)
    missing = [name for name in SECRETS if not present.get(name)]
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    if not missing:
        return False
    text = path.read_text()
    text += ("" if text.endswith("\n") or not text else "\n") + "".join(
        f"{name}={SECRETS[name]()}\n" for name in missing
    )
    _write_private(path, text, replace=True)
    return True
