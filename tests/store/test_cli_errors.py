"""Mistakes on the command line give one clear line on stderr and exit code 2, never a traceback."""

from __future__ import annotations

import pytest

UNREACHABLE = "postgresql://postgres@127.0.0.1:1/nothing"


def _one_clear_line(result, *fragments: str) -> None:
    assert result.code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize("args", [("contacts", "show", "no-such-id"), ("contacts", "erase", "no-such-id")])
def test_an_unknown_contact_id(migrated_database_url, run_cli, args) -> None:
    _one_clear_line(run_cli(*args, database_url=migrated_database_url), "no contact with id no-such-id")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("report", "--since", "31/05/2024"), "--since must be a date like 2024-05-31"),
        (("contacts", "export", "--since", "2024-02-30"), "--since must be a real date"),
        (("purge", "--older-than", "ninety"), "--older-than must be"),
        (("purge", "--older-than", "0d"), "--older-than must be"),
    ],
)
def test_bad_dates_and_periods(tmp_path, run_cli, args, fragment) -> None:
    # Checked before the database is opened, so one database kind is enough.
    _one_clear_line(run_cli(*args, database_url=f"sqlite:///{tmp_path / 'x.db'}"), fragment)


@pytest.mark.parametrize("args", [("report",), ("db", "upgrade")])
def test_a_malformed_database_url(run_cli, args) -> None:
    _one_clear_line(run_cli(*args, database_url="not a url"), "DATABASE_URL is not a database URL")


def test_a_database_url_for_an_unsupported_database(run_cli) -> None:
    _one_clear_line(run_cli("report", database_url="mysql://root@127.0.0.1/x"), "must be a sqlite:// or postgresql://")


@pytest.mark.parametrize("args", [("report",), ("db", "check"), ("contacts", "erase", "x")])
def test_an_unreachable_database(run_cli, args) -> None:
    # The password must never reach the message.
    url = UNREACHABLE.replace("postgres@", "postgres:s3cret@")
    result = run_cli(*args, database_url=url)
    _one_clear_line(result, "cannot reach the database", "127.0.0.1:1")
    assert "s3cret" not in result.stderr


def test_an_unmigrated_database(database_url, run_cli) -> None:
    _one_clear_line(run_cli("report", database_url=database_url), "run `python -m bot db upgrade`")


def test_db_check_reports_drift(migrated_database_url, run_cli) -> None:
    from sqlalchemy import text

    from bot.store.session import create_engine_from_url

    engine = create_engine_from_url(migrated_database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_audit_events_action"))
    engine.dispose()
    _one_clear_line(run_cli("db", "check", database_url=migrated_database_url), "models and migrations disagree")
