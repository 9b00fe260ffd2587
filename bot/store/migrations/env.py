"""Alembic environment: runs migrations for the contact log on SQLite or PostgreSQL."""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from bot.store.base import UTCDateTime
from bot.store.models import Base
from bot.store.session import create_engine_from_url

config = context.config

# The alembic command line wants its own logging; `python -m bot db …` already configured logging
# and passes configure_logger=False so Alembic does not replace it.
if config.config_file_name and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _database_url() -> str:
    url = config.attributes.get("database_url")
    if url:
        return url
    from bot.settings import load_settings

    return load_settings().database_url


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    # Migrations must not import app code that may change later: write UTC timestamps as the
    # plain column type they are stored as.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        render_item=_render_item,
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
        transaction_per_migration=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine_from_url(_database_url())
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # A batch rebuild drops and recreates tables; with foreign keys on, that would
                # cascade-delete child rows. The pragma only changes outside a transaction.
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run against a database.")
run_migrations_online()
