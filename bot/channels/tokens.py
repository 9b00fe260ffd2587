"""Signed, expiring widget session tokens (HMAC-SHA256; no extra dependency)."""

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
    """What a valid token says: which session (conversation) and until when."""

    session_id: str
    expires_at: float

    def expires_in(self, now: float | None = None) -> int:
        return max(0, round(self.expires_at - (time.time() if now is None else now)))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenSigner:
    """Mints and checks session tokens."""

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("a session secret is required")
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

    def mint(self, session_id: str, lifetime_seconds: float, now: float | None = None) -> tuple[str, WebSession]:
        """A token for `session_id` valid for `lifetime_seconds` from now."""
        expires = round((time.time() if now is None else now) + lifetime_seconds)
        body = _b64(json.dumps({"s": session_id, "e": int(expires)}, separators=(",", ":")).encode())
        return f"{body}.{self._mac(body)}", WebSession(session_id, int(expires))

    def verify(self, token: object, now: float | None = None) -> WebSession | None:
        """The session a token names, or None if it is malformed, forged or expired."""
        if not isinstance(token, str) or len(token) > 512 or token.count(".") != 1 or not token.isascii():
            return None
        body, mac = token.split(".")
        if not hmac.compare_digest(mac.encode("ascii"), self._mac(body).encode("ascii")):
            return None
        try:
            data = json.loads(_unb64(body))
            session_id, expires = data["s"], data["e"]
        except (ValueError, KeyError, TypeError, binascii.Error):
            return None
        if not isinstance(session_id, str) or not isinstance(expires, int):
            return None
        if expires <= (time.time() if now is None else now):
            return None
        return WebSession(session_id, expires)
