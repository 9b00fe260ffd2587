"""Writes `.env` with fresh random local secrets the first time the service runs."""

from __future__ import annotations

import secrets
from pathlib import Path

from cryptography.fernet import Fernet

from bot.settings import ROOT

TEMPLATE = """\
# Written by `make run` on first start with random local secrets. Never commit this file.
# Every setting is documented in docs/settings.md; anything set in the environment wins.
CONTACT_KEY={contact_key}
HASH_KEY={hash_key}
SESSION_SECRET={session_secret}
RASA_API_TOKEN={rasa_api_token}
TELEGRAM_SECRET_TOKEN={telegram_secret_token}
# SMS and Telegram stay off until these are set:
# TWILIO_ACCOUNT_SID=
# TWILIO_AUTH_TOKEN=
# TWILIO_FROM_NUMBER=
# TELEGRAM_BOT_TOKEN=
# PUBLIC_BASE_URL=https://your-public-host
"""


def ensure_env_file(path: Path = ROOT / ".env") -> bool:
    """Create `path` with new secrets if it does not exist; True if it was written."""
    if path.exists():
        return False
    path.write_text(
        TEMPLATE.format(
            contact_key=Fernet.generate_key().decode(),
            hash_key=secrets.token_urlsafe(32),
            session_secret=secrets.token_urlsafe(32),
            rasa_api_token=secrets.token_urlsafe(24),
            telegram_secret_token=secrets.token_urlsafe(24),
        )
    )
    path.chmod(0o600)
    return True
