"""Signed, expiring widget session tokens (HMAC-SHA256; no extra dependency).

A token carries its session id, an idle expiry that slides as the person talks, and the moment the
session started: however often it is refreshed, a session ends `max_age` after it started.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
import uuid
from dataclasses import dataclass

# The same SESSION_SECRET also signs staff cookies; a per-purpose key means a token minted for one
# can never be replayed as the other.
_PURPOSE = b"bot.channels.web.session.v1"


@dataclass(frozen=True)
class WebSession:
    """What a valid token says: which session (conversation), until when, and since when."""

    session_id: str
    expires_at: float
    started_at: int

    def expires_in(self, now: float | None = None) -> int:
        return max(0, round(self.expires_at - (time.time() if now is None else now)))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenSigner:
    """Mints and checks session tokens."""

    def __init__(self, secret: str, max_age_seconds: float = 12 * 3600) -> None:
        if not secret:
            raise ValueError("a session secret is required")
        self.max_age = max_age_seconds
        self._key = hmac.new(secret.encode("utf-8"), _PURPOSE, hashlib.sha256).digest()

    def _mac(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode("ascii"), hashlib.sha256).digest())

    def new_session_id(self) -> str:
        # 192 bits from the OS CSPRNG: the session id is also the contact's "address".
        return secrets.token_urlsafe(24)

    def contact_id_for(self, session_id: str) -> str:
        """The contact id (Rasa sender id) of a widget session: stable, but not derivable without the secret.

        Deriving it means a socket knows its conversation before the first message creates the row.
        """
        digest = hmac.new(self._key, b"contact:" + session_id.encode("utf-8"), hashlib.sha256).digest()
        return str(uuid.UUID(bytes=digest[:16], version=4))

    def mint(
        self, session_id: str, lifetime_seconds: float, started_at: int | None = None, now: float | None = None
    ) -> tuple[str, WebSession]:
        """A token for `session_id` valid for `lifetime_seconds` from now, never past the session's max age."""
        now = time.time() if now is None else now
        started = int(now) if started_at is None else int(started_at)
        expires = int(min(round(now + lifetime_seconds), started + self.max_age))
        claims = {"s": session_id, "e": expires, "t": started}
        body = _b64(json.dumps(claims, separators=(",", ":")).encode())
        return f"{body}.{self._mac(body)}", WebSession(session_id, expires, started)

    def verify(self, token: object, now: float | None = None) -> WebSession | None:
        """The session a token names, or None if it is malformed, forged, idle too long or too old."""
        if not isinstance(token, str) or len(token) > 512 or token.count(".") != 1 or not token.isascii():
            return None
        body, mac = token.split(".")
        if not hmac.compare_digest(mac.encode("ascii"), self._mac(body).encode("ascii")):
            return None
        try:
            data = json.loads(_unb64(body))
            session_id, expires, started = data["s"], data["e"], data["t"]
        except (ValueError, KeyError, TypeError, binascii.Error):
            return None
        if not isinstance(session_id, str) or not all(type(v) is int for v in (expires, started)):
            return None
        now = time.time() if now is None else now
        if expires <= now or started + self.max_age <= now:
            return None
        return WebSession(session_id, expires, started)
