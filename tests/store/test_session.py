"""Engines are configured for concurrent use, and bad URLs fail with one clear StoreError."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.store.errors import StoreError
from bot.store.session import create_engine_from_url, parse_url


def test_sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys(tmp_path) -> None:
    engine = create_engine_from_url(f"sqlite:///{tmp_path / 'nested' / 'contacts.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
        # Without this, ON DELETE CASCADE silently does nothing on SQLite.
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
    assert (tmp_path / "nested" / "contacts.db").exists()


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    assert parse_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "DATABASE_URL is not a database URL"),
        ("contacts.db", "DATABASE_URL is not a database URL"),
        ("mysql://root:pw@h/db", "must be a sqlite:// or postgresql://"),
        ("postgresql+nosuchdriver://h/db", "DATABASE_URL"),
    ],
)
def test_bad_urls_raise_store_error_without_the_password(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as caught:
        create_engine_from_url(url)
    assert "pw" not in str(caught.value) and "\n" not in str(caught.value)
