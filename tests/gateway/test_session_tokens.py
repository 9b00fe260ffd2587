"""Widget session tokens: signed, idle expiry that slides, and an absolute lifetime."""

from __future__ import annotations

from bot.channels.tokens import TokenSigner

HOUR = 3600


def test_a_refreshed_token_never_outlives_the_sessions_absolute_lifetime() -> None:
    signer = TokenSigner("secret", max_age_seconds=12 * HOUR)
    token, session = signer.mint("sid", HOUR, now=1_000_000)
    assert session.started_at == 1_000_000 and session.expires_at == 1_000_000 + HOUR
    # The person keeps talking: each refresh slides the idle expiry but keeps the start.
    now = 1_000_000
    while now < 1_000_000 + 12 * HOUR - 1:
        now += 30 * 60
        verified = signer.verify(token, now=now - 1)
        assert verified is not None and verified.started_at == 1_000_000
        token, session = signer.mint(verified.session_id, HOUR, verified.started_at, now=now - 1)
        assert session.expires_at <= 1_000_000 + 12 * HOUR
    assert signer.verify(token, now=1_000_000 + 12 * HOUR) is None


def test_tokens_are_refused_when_idle_too_long_forged_or_from_another_secret() -> None:
    signer = TokenSigner("secret")
    token, _ = signer.mint("sid", HOUR, now=1_000_000)
    assert signer.verify(token, now=1_000_000 + HOUR - 1) is not None
    assert signer.verify(token, now=1_000_000 + HOUR) is None
    assert TokenSigner("another secret").verify(token, now=1_000_001) is None
    body, mac = token.split(".")
    assert signer.verify(f"{body}x.{mac}", now=1_000_001) is None
    assert signer.verify(None) is None and signer.verify("") is None and signer.verify("a.b.c") is None
