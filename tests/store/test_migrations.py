"""The schema comes only from Alembic, and the models never drift from it."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from bot.store import migrate
from bot.store.errors import StoreError
from bot.store.models import Base
from bot.store.session import create_engine_from_url

TABLES = {
    "contacts",
    "route_changes",
    "messages",
    "handoffs",
    "staff_members",
    "staff_sessions",
    "notes",
    "canned_replies",
    "audit_events",
    "route_corrections",
    "opt_outs",
}
HEAD = "0004"


def _schema(url: str) -> tuple[set[str], str]:
    engine = create_engine_from_url(url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        return tables, version
    finally:
        engine.dispose()


def test_upgrade_builds_every_model_table_on_an_empty_database(database_url: str) -> None:
    migrate.upgrade(database_url)
    tables, version = _schema(database_url)
    assert tables == TABLES | {"alembic_version"}
    assert set(Base.metadata.tables) == TABLES
    assert version == HEAD


def test_upgrading_again_changes_nothing(migrated_database_url: str) -> None:
    before = _schema(migrated_database_url)
    migrate.upgrade(migrated_database_url)
    assert _schema(migrated_database_url) == before


def test_check_finds_no_drift_between_models_and_migrations(migrated_database_url: str) -> None:
    migrate.check(migrated_database_url)


def test_check_reports_drift_when_the_schema_differs(migrated_database_url: str) -> None:
    engine = create_engine_from_url(migrated_database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_contacts_started_at"))
    engine.dispose()
    with pytest.raises(StoreError, match="models and migrations disagree"):
        migrate.check(migrated_database_url)


def test_check_refuses_an_unmigrated_database(database_url: str) -> None:
    with pytest.raises(StoreError, match="not up to date"):
        migrate.check(database_url)


def test_db_commands_run_from_the_command_line(database_url: str, run_cli) -> None:
    upgraded = run_cli("db", "upgrade", database_url=database_url)
    assert upgraded.code == 0, upgraded.stderr
    checked = run_cli("db", "check", database_url=database_url)
    assert checked.code == 0, checked.stderr
    assert "models and migrations agree" in checked.stdout


def test_a_database_made_by_the_first_migration_upgrades_with_its_data(database_url: str) -> None:
    migrate.upgrade(database_url, "0001")
    engine = create_engine_from_url(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO contacts (id, channel, started_at, language, safeguarding_flags, consent_given, owner)"
                    " VALUES ('c1', 'web', CURRENT_TIMESTAMP, 'en', '[]', false, 'bot')"
                )
            )
        migrate.upgrade(database_url)
        migrate.check(database_url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT id FROM contacts")).scalars().all() == ["c1"]
            assert connection.execute(text("SELECT count(*) FROM route_corrections")).scalar_one() == 0
    finally:
        engine.dispose()
    assert _schema(database_url)[1] == HEAD
