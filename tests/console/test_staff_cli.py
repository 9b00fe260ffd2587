"""`python -m bot staff …` creates, disables and resets accounts, and never invents a password."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cli.main import main
from bot.settings import ROOT
from bot.store.models import AuditEvent, StaffMember, StaffSession
from bot.store.session import create_engine_from_url, make_sessionmaker
from bot.supervisor import local_settings

from .conftest import PASSWORD, Console


@pytest.fixture
def run(monkeypatch, sqlite_url, settings_in_environment):
    """Run the CLI in-process against the test database, with `stdin` as standard input."""
    settings_in_environment(database_url=sqlite_url)

    def invoke(*argv: str, stdin: str = "") -> int:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        return main(list(argv))

    return invoke


def staff(url: str, username: str) -> StaffMember | None:
    engine = create_engine_from_url(url)
    try:
        with make_sessionmaker(engine).begin() as session:
            return session.scalars(select(StaffMember).where(StaffMember.username == username)).first()
    finally:
        engine.dispose()


def audit_actions(url: str) -> list[str]:
    engine = create_engine_from_url(url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    finally:
        engine.dispose()


def test_add_hashes_the_password_read_from_stdin(run, sqlite_url, capsys) -> None:
    assert run("staff", "add", "Sam.Jones", "--name", "Sam Jones", "--role", "supervisor", stdin=PASSWORD + "\n") == 0
    sam = staff(sqlite_url, "sam.jones")
    assert sam is not None
    assert (sam.display_name, sam.first_name, sam.role, sam.presence) == ("Sam Jones", "Sam", "supervisor", "away")
    assert sam.password_hash.startswith("$argon2id$")
    assert PasswordHasher().verify(sam.password_hash, PASSWORD)
    out = capsys.readouterr()
    assert PASSWORD not in out.out + out.err
    assert "staff_account_created" in audit_actions(sqlite_url)


def test_there_is_no_default_password(run, sqlite_url, capsys) -> None:
    # Nothing on stdin: refused, and no account appears.
    assert run("staff", "add", "kim", "--name", "Kim Lee", stdin="") == 2
    assert "at least 12 characters" in capsys.readouterr().err
    assert staff(sqlite_url, "kim") is None
    assert run("staff", "add", "kim", "--name", "Kim Lee", "--password-stdin", stdin="short\n") == 2
    assert staff(sqlite_url, "kim") is None


def test_bad_input_gets_one_clear_line(run, sqlite_url, capsys) -> None:
    assert run("staff", "add", "no spaces", "--name", "X Y", stdin=PASSWORD) == 2
    assert "usernames are" in capsys.readouterr().err
    assert run("staff", "add", "sam", "--name", "Sam Jones", stdin=PASSWORD) == 0
    assert run("staff", "add", "sam", "--name", "Sam Again", stdin=PASSWORD) == 2
    assert "already exists" in capsys.readouterr().err
    assert run("staff", "disable", "nobody") == 2
    assert "no staff account" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run("staff", "add", "lee", "--name", "Lee", "--role", "superuser", stdin=PASSWORD)


def test_an_unmigrated_database_is_explained(monkeypatch, tmp_path, capsys, settings_in_environment) -> None:
    settings_in_environment(database_url=f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD))
    assert main(["staff", "add", "sam", "--name", "Sam Jones"]) == 2
    assert "db upgrade" in capsys.readouterr().err


async def test_disable_ends_sessions_and_stops_sign_in(make_console, sqlite_url, run) -> None:
    console: Console = await make_console()
    assert run("staff", "add", "sam", "--name", "Sam Jones", stdin=PASSWORD) == 0
    sam = await (await console.staff()).signed_in("sam")

    assert run("staff", "disable", "sam") == 0
    assert staff(sqlite_url, "sam").disabled is True
    assert (await sam.get("/staff/")).status == 303  # the open session no longer works
    again = await (await console.staff()).login("sam")
    assert again.status == 401

    assert run("staff", "enable", "sam") == 0
    assert (await (await console.staff()).login("sam")).status == 303


async def test_reset_password_unlocks_and_ends_sessions(make_console, sqlite_url, run) -> None:
    console: Console = await make_console()
    assert run("staff", "add", "sam", "--name", "Sam Jones", stdin=PASSWORD) == 0
    old_session = await (await console.staff()).signed_in("sam")
    console.query(lambda s: s.execute(StaffMember.__table__.update().values(failed_logins=3)))

    new_password = "a completely new passphrase"
    assert run("staff", "reset-password", "sam", "--password-stdin", stdin=new_password + "\n") == 0
    sam = staff(sqlite_url, "sam")
    assert sam.failed_logins == 0 and sam.locked_until is None
    assert (await old_session.get("/staff/")).status == 303
    assert (await (await console.staff()).login("sam", PASSWORD)).status == 401
    assert (await (await console.staff()).login("sam", new_password)).status == 303
    revoked = console.query(lambda s: [r.revoked_at for r in s.scalars(select(StaffSession))])
    assert revoked[0] is not None
    assert "staff_password_reset" in audit_actions(sqlite_url)


def test_the_real_command_reads_a_piped_password(sqlite_url, tmp_path) -> None:
    env = {**local_settings(tmp_path, database_url=sqlite_url).to_env(), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "staff", "add", "kim", "--name", "Kim Lee", "--role", "admin"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "Created admin kim" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "bot", "staff", "list"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=env,
    )
    assert listed.stdout.split("\t")[:4] == ["kim", "admin", "active", "away"]
