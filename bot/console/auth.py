"""Staff accounts: password hashing, sign-in with lock-out, and console sessions.

Database functions take a Session and never commit (the caller owns the transaction). Password
hashing and checking are CPU-heavy on purpose, so the console runs them on its own bounded thread
pool (bot/console/hashing.py), never on the database's, and outside any transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.store.base import utcnow
from bot.store.models import StaffMember, StaffSession
from bot.store.repositories import audit
from bot.store.repositories.sql import rows_changed

# NCSC guidance favours length over composition rules; the upper bound stops a megabyte "password"
# being hashed on every sign-in attempt.
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256

ROLE_RANK = {"agent": 0, "supervisor": 1, "admin": 2}

# argon2id with the library's defaults (RFC 9106 "second recommended" profile).
_HASHER = PasswordHasher()


def check_password_rules(password: str) -> None:
    """ValueError with a plain reason if `password` is too short or too long."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"Passwords must be at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValueError(f"Passwords can be at most {MAX_PASSWORD_LENGTH} characters.")


def hash_password(password: str) -> str:
    """The argon2id hash to store; ValueError if the password breaks the rules."""
    check_password_rules(password)
    return _HASHER.hash(password)


@functools.cache
def _dummy_hash() -> str:
    # Computed on first use (not at import): checking against it makes an unknown username take
    # as long as a wrong password, so timing does not reveal which usernames exist.
    return _HASHER.hash(secrets.token_urlsafe(16))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True if `password` matches `stored_hash`; always does the full amount of work."""
    if len(password) > MAX_PASSWORD_LENGTH:
        password = password[:MAX_PASSWORD_LENGTH]
    try:
        return _HASHER.verify(stored_hash or _dummy_hash(), password)
    except (VerifyMismatchError, VerificationError):
        return False
    except InvalidHashError:
        # e.g. "!no-login" for accounts that may never sign in: do the same work, then refuse.
        try:
            _HASHER.verify(_dummy_hash(), password)
        except VerificationError:
            pass
        return False


def rehash(password: str) -> str:
    """A fresh hash of a password that just verified (the rules may have changed since it was set)."""
    return _HASHER.hash(password)


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return False


# ------------------------------------------------------------------------------------- sign-in


@dataclass(frozen=True)
class Candidate:
    """What sign-in needs to know about the account a username names (None fields if unknown)."""

    staff_id: int | None
    password_hash: str | None
    usable: bool  # exists, enabled and not locked now


def find_candidate(session: Session, username: str, now: dt.datetime) -> Candidate:
    staff = session.scalars(select(StaffMember).where(StaffMember.username == username.strip().lower())).first()
    if staff is None:
        return Candidate(None, None, False)
    locked = staff.locked_until is not None and staff.locked_until > now
    return Candidate(staff.id, staff.password_hash, not staff.disabled and not locked)


def record_failure(session: Session, staff_id: int | None, failures_from_here: int, slowed: bool) -> None:
    """Audit a failed sign-in (and, when it starts the waits, that too)."""
    if staff_id is None:
        # No staff id to name, and the typed username may be someone's email: record nothing of it.
        audit.record(session, "system", "staff_login_failed", known_user=False)
        return
    actor = audit.staff_actor(staff_id)
    audit.record(session, actor, "staff_login_failed", failures_from_here=failures_from_here)
    if slowed:
        audit.record(session, actor, "staff_sign_in_slowed", failures_from_here=failures_from_here)
    session.flush()


def session_id_for(token: str, secret: str) -> str:
    """The StaffSession id for a cookie token: keyed, so a copy of the table cannot forge cookies."""
    return hmac.new(secret.encode("utf-8"), b"staff-session:" + token.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class NewSession:
    token: str  # goes in the cookie, and nowhere else
    csrf_token: str
    expires_at: dt.datetime


def record_success(
    session: Session, staff_id: int, secret: str, lifetime_minutes: int, new_hash: str | None = None
) -> NewSession:
    """Open a console session and audit the sign-in."""
    staff = session.get(StaffMember, staff_id)
    assert staff is not None
    staff.failed_logins = 0
    staff.locked_until = None
    if new_hash:
        staff.password_hash = new_hash
    token = secrets.token_urlsafe(32)
    now = utcnow()
    new = NewSession(token, secrets.token_urlsafe(32), now + dt.timedelta(minutes=lifetime_minutes))
    session.add(
        StaffSession(
            id=session_id_for(token, secret),
            staff_id=staff_id,
            created_at=now,
            expires_at=new.expires_at,
            csrf_token=new.csrf_token,
        )
    )
    audit.record(session, audit.staff_actor(staff_id), "staff_login")
    session.flush()
    return new


# ------------------------------------------------------------------------------------- sessions


@dataclass(frozen=True)
class Staff:
    """The signed-in staff member, as every console handler sees them."""

    id: int
    username: str
    display_name: str
    first_name: str
    role: str
    presence: str
    session_id: str
    csrf_token: str
    expires_at: dt.datetime

    def can(self, role: str) -> bool:
        """At least `role` (agent < supervisor < admin)."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]

    @property
    def actor(self) -> str:
        return audit.staff_actor(self.id)


def current_staff(session: Session, session_id: str, now: dt.datetime | None = None) -> Staff | None:
    """The staff member a live session belongs to; None if expired, revoked or the account is disabled."""
    now = now or utcnow()
    row = session.execute(
        select(StaffSession, StaffMember)
        .join(StaffMember, StaffMember.id == StaffSession.staff_id)
        .where(StaffSession.id == session_id)
    ).first()
    if row is None:
        return None
    staff_session, staff = row
    if staff_session.revoked_at is not None or staff_session.expires_at <= now or staff.disabled:
        return None
    return Staff(
        id=staff.id,
        username=staff.username,
        display_name=staff.display_name,
        first_name=staff.first_name,
        role=staff.role,
        presence=staff.presence,
        session_id=staff_session.id,
        csrf_token=staff_session.csrf_token,
        expires_at=staff_session.expires_at,
    )


def sign_out(session: Session, session_id: str, staff_id: int) -> None:
    """Revoke the session and set the member away (nobody is there to answer any more)."""
    staff_session = session.get(StaffSession, session_id)
    if staff_session is not None and staff_session.revoked_at is None:
        staff_session.revoked_at = utcnow()
    _set_away_unless_signed_in_elsewhere(session, staff_id)
    audit.record(session, audit.staff_actor(staff_id), "staff_logout")
    session.flush()


def _live_sessions(session: Session, staff_id: int, now: dt.datetime) -> int:
    return len(
        session.scalars(
            select(StaffSession.id).where(
                StaffSession.staff_id == staff_id,
                StaffSession.revoked_at.is_(None),
                StaffSession.expires_at > now,
            )
        ).all()
    )


def _set_away_unless_signed_in_elsewhere(session: Session, staff_id: int) -> None:
    staff = session.get(StaffMember, staff_id)
    if staff is not None and staff.presence != "away" and _live_sessions(session, staff_id, utcnow()) == 0:
        staff.presence = "away"
        staff.presence_at = utcnow()


def set_presence(session: Session, staff_id: int, presence: str) -> None:
    staff = session.get(StaffMember, staff_id)
    assert staff is not None
    if staff.presence != presence:
        staff.presence = presence
        staff.presence_at = utcnow()
        audit.record(session, audit.staff_actor(staff_id), "staff_presence_changed", presence=presence)
    session.flush()


def sweep_presence(session: Session) -> int:
    """Set 'away' everyone marked available with no live session; how many were changed.

    A session that simply expires would otherwise leave someone 'available' overnight, and the
    gateway would keep promising people a reply from staff who have gone home.
    Only members who have signed in at some point are considered: availability set another way
    (a script, or a supervisor's tooling) is left alone.
    """
    now = utcnow()
    live = select(StaffSession.staff_id).where(StaffSession.revoked_at.is_(None), StaffSession.expires_at > now)
    ever = select(StaffSession.staff_id)
    stale = session.scalars(
        select(StaffMember).where(
            StaffMember.presence == "available", StaffMember.id.in_(ever), StaffMember.id.not_in(live)
        )
    ).all()
    for staff in stale:
        staff.presence = "away"
        staff.presence_at = now
        audit.record(session, audit.staff_actor(staff.id), "staff_presence_changed", presence="away", automatic=True)
    session.flush()
    return len(stale)


def revoke_all_sessions(session: Session, staff_id: int) -> int:
    """End every session of a member (disable, password reset); how many were live."""
    result = session.execute(
        update(StaffSession)
        .where(StaffSession.staff_id == staff_id, StaffSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return rows_changed(result)
