"""`python -m bot staff …`: create staff console accounts, disable them and reset passwords.

There is no default password anywhere: `add` and `reset-password` ask for one (twice) at a
terminal, or read one line from standard input when it is not a terminal or `--password-stdin` is
given (for scripts: `printf '%s\\n' "$PASSWORD" | python -m bot staff add …`).
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from bot.cli.errors import CommandError
from bot.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.store.models import StaffMember

T = TypeVar("T")

ROLES = ("agent", "supervisor", "admin")
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")


def _read_password(args: argparse.Namespace) -> str:
    from bot.console.auth import check_password_rules

    if args.password_stdin or not sys.stdin.isatty():
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise CommandError("the passwords do not match.")
    try:
        check_password_rules(password)
    except ValueError as error:
        raise CommandError(str(error)) from None
    return password


def _username(raw: str) -> str:
    username = raw.strip().lower()
    if not _USERNAME.fullmatch(username):
        raise CommandError("usernames are 2-64 characters: lower-case letters, digits, '.', '_' or '-'.")
    return username


def _with_session(settings: Settings, work: Callable[[Session], T]) -> T:
    from bot.store.errors import StoreError
    from bot.store.session import check_connection, create_engine_from_url, make_sessionmaker

    try:
        engine = create_engine_from_url(settings.database_url)
        check_connection(engine)
    except StoreError as error:
        raise CommandError(str(error)) from None
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        with make_sessionmaker(engine).begin() as session:
            return work(session)
    except (OperationalError, ProgrammingError):
        # Not str(error): it quotes the statement's parameters.
        raise CommandError("cannot use the staff table: run `python -m bot db upgrade` first.") from None
    finally:
        engine.dispose()


def _find(session: Session, username: str) -> StaffMember:
    from sqlalchemy import select

    from bot.store.models import StaffMember

    staff = session.scalars(select(StaffMember).where(StaffMember.username == username)).first()
    if staff is None:
        raise CommandError(f"there is no staff account called {username!r}.")
    return staff


def add(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy import select

    from bot.console.auth import hash_password
    from bot.store.models import StaffMember
    from bot.store.repositories import audit

    username = _username(args.username)
    name = " ".join(args.name.split())
    if not name or len(name) > 128:
        raise CommandError("--name must be 1-128 characters.")
    first_name = (args.first_name or name.split()[0]).strip()
    if not first_name or len(first_name) > 64:
        raise CommandError("--first-name must be 1-64 characters.")
    password_hash = hash_password(_read_password(args))

    def work(session: Session) -> int:
        if session.scalars(select(StaffMember.id).where(StaffMember.username == username)).first() is not None:
            raise CommandError(f"a staff account called {username!r} already exists.")
        staff = StaffMember(
            username=username,
            display_name=name,
            first_name=first_name,
            password_hash=password_hash,
            role=args.role,
            presence="away",
        )
        session.add(staff)
        session.flush()
        audit.record(session, "system", "staff_account_created", staff_id=staff.id, role=args.role)
        return staff.id

    staff_id = _with_session(settings, work)
    print(f"Created {args.role} {username} (id {staff_id}). They can sign in at /staff/login.")
    return 0


def disable(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.auth import revoke_all_sessions
    from bot.store.repositories import audit

    username = _username(args.username)

    def work(session: Session) -> int:
        staff = _find(session, username)
        staff.disabled = True
        staff.presence = "away"
        ended = revoke_all_sessions(session, staff.id)
        audit.record(session, "system", "staff_account_disabled", staff_id=staff.id, sessions_ended=ended)
        return ended

    ended = _with_session(settings, work)
    print(f"Disabled {username}; ended {ended} signed-in session(s).")
    return 0


def enable(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store.repositories import audit

    username = _username(args.username)

    def work(session: Session) -> None:
        staff = _find(session, username)
        staff.disabled = False
        staff.failed_logins = 0
        staff.locked_until = None
        audit.record(session, "system", "staff_account_enabled", staff_id=staff.id)

    _with_session(settings, work)
    print(f"Enabled {username}.")
    return 0


def reset_password(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.auth import hash_password, revoke_all_sessions
    from bot.store.repositories import audit

    username = _username(args.username)
    # Check the account exists before asking for a password nobody will use.
    _with_session(settings, lambda session: _find(session, username))
    password_hash = hash_password(_read_password(args))

    def work(session: Session) -> int:
        staff = _find(session, username)
        staff.password_hash = password_hash
        staff.failed_logins = 0
        staff.locked_until = None
        ended = revoke_all_sessions(session, staff.id)
        audit.record(session, "system", "staff_password_reset", staff_id=staff.id, sessions_ended=ended)
        return ended

    ended = _with_session(settings, work)
    print(f"Password changed for {username}; it is unlocked, and {ended} signed-in session(s) ended.")
    return 0


def list_staff(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy import select

    from bot.store.base import utcnow
    from bot.store.models import StaffMember

    def work(session: Session) -> list[tuple[str, ...]]:
        now = utcnow()
        rows: list[tuple[str, ...]] = []
        for staff in session.scalars(select(StaffMember).order_by(StaffMember.username)):
            status = (
                "disabled"
                if staff.disabled
                else ("locked" if staff.locked_until is not None and staff.locked_until > now else "active")
            )
            rows.append((staff.username, staff.role, status, staff.presence, staff.display_name))
        return rows

    rows = _with_session(settings, work)
    for row in rows:
        print("\t".join(row))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `staff add|disable|enable|reset-password|list` to `python -m bot`."""
    staff = subparsers.add_parser("staff", help="manage staff console accounts", description=__doc__)
    actions = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)

    add_parser = actions.add_parser("add", help="create an account (asks for its password)")
    add_parser.add_argument("username", help="sign-in name: lower-case letters, digits, '.', '_', '-'")
    add_parser.add_argument("--name", required=True, help='full name shown to colleagues, e.g. "Sam Jones"')
    add_parser.add_argument(
        "--first-name", help='name the public sees ("Sam from our team…"); default: the first word of --name'
    )
    add_parser.add_argument("--role", choices=ROLES, default="agent", help="agent (default), supervisor or admin")
    add_parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input (one line)"
    )
    add_parser.set_defaults(handler=add)

    disable_parser = actions.add_parser("disable", help="stop an account signing in and end its sessions")
    disable_parser.add_argument("username")
    disable_parser.set_defaults(handler=disable)

    enable_parser = actions.add_parser("enable", help="let a disabled or locked account sign in again")
    enable_parser.add_argument("username")
    enable_parser.set_defaults(handler=enable)

    reset = actions.add_parser("reset-password", help="set a new password, unlock, and end the account's sessions")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    reset.set_defaults(handler=reset_password)

    actions.add_parser("list", help="usernames, roles and status (tab-separated)").set_defaults(handler=list_staff)
