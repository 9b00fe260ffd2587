"""Shared database fixtures: every test database is real, empty and migrated with Alembic."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from stack import rasa_stack  # noqa: F401 - the session fixture that runs the real Rasa stack

from bot.settings import Settings

# The server's maintenance database; each test session makes its own database next to it.
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# The local Redis server; each test uses its own key prefix (pub/sub channels ignore the db number).
REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


def redis_or_skip(url: str = REDIS_TEST_URL) -> None:
    """Skip, saying why, when the Redis server is unreachable (it runs here and in CI)."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis is not reachable at {url} ({type(error).__name__}); these tests need it")
    finally:
        client.close()


@pytest.fixture
def settings_in_environment(monkeypatch: pytest.MonkeyPatch, tmp_path):
    """Put private settings (bot.supervisor.local_settings, with `overrides`) into this process's
    environment, every one of them and ENV_FILE empty, for code that reads its own settings (the
    action server's contact log, the command line in-process): a developer's `.env` never reaches it."""
    from bot.supervisor import local_settings

    def put(**overrides: object) -> Settings:
        settings = local_settings(tmp_path, **overrides)
        for name, value in settings.to_env().items():
            monkeypatch.setenv(name, value)
        return settings

    return put


@pytest.fixture
async def redis_client():
    """The gateway's own Redis client and a key prefix private to this test; its keys go afterwards."""
    from bot.replicas.client import connect

    redis_or_skip()
    client = connect(REDIS_TEST_URL)
    prefix = f"test-{secrets.token_hex(6)}:"
    client.test_prefix = prefix
    yield client
    keys = [key async for key in client.scan_iter(match=prefix + "*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[URL]:
    """A PostgreSQL database private to this test session (other people test on the same server)."""
    name = f"triage_test_{secrets.token_hex(6)}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    quoted = admin.dialect.identifier_preparer.quote(name)
    try:
        with admin.connect() as connection:
            # DDL takes no bind parameters; the name is ours (hex), and quoted anyway.
            connection.exec_driver_sql(f"CREATE DATABASE {quoted}")
    except OperationalError as error:
        admin.dispose()
        pytest.fail(f"PostgreSQL is not reachable ({type(error).__name__}); deselect with -m 'not postgres'")
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """URL of an empty database: a temporary SQLite file, or a fresh schema in the session's PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'contacts.db'}"
        return
    base: URL = request.getfixturevalue("postgres_database")
    # A schema per test (selected through search_path) is far cheaper than a database per test
    # and just as isolated, also for subprocesses given the URL.
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    quoted = admin.dialect.identifier_preparer.quote(schema)
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {quoted}")
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {quoted} CASCADE")
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """A migrated SQLite contact log (the store's own migrations, never create_all)."""
    from bot.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'contacts.db'}"
    upgrade(url)
    return url


@pytest.fixture
def migrated_database_url(database_url: str) -> str:
    """`database_url` after `alembic upgrade head` (never create_all: tests see the real schema)."""
    from bot.store.migrate import upgrade

    upgrade(database_url)
    return database_url


@pytest.fixture
def db_engine(migrated_database_url: str) -> Iterator[Engine]:
    """An engine on the migrated test database."""
    from bot.store.session import create_engine_from_url

    engine = create_engine_from_url(migrated_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db_sessionmaker(db_engine: Engine) -> sessionmaker[Session]:
    """The app's session factory on the migrated test database."""
    from bot.store.session import make_sessionmaker

    return make_sessionmaker(db_engine)
