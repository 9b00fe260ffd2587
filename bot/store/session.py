"""Engine and session factories (created at startup, never at import)."""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.store.errors import StoreError

T = TypeVar("T")

# Long enough to ride out another process's write burst, short enough that a stuck lock surfaces.
SQLITE_BUSY_TIMEOUT_MS = 10_000


def parse_url(url: str, name: str = "DATABASE_URL") -> URL:
    """Parse a database URL, mapping postgresql:// to the psycopg 3 driver; StoreError if malformed."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        # Never echo the URL: it may carry a password.
        raise StoreError(
            f"{name} is not a database URL (expected sqlite:///path/to/file.db or postgresql://user@host/db)."
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"{name} must be a sqlite:// or postgresql:// URL, not {parsed.drivername}://.")
    return parsed


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the gateway read while the action server writes; busy_timeout makes writers wait
    # instead of failing at once; SQLite leaves foreign keys (and so ON DELETE CASCADE) off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS:d}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_engine_from_url(url: str, name: str = "DATABASE_URL", **kwargs: Any) -> Engine:
    """A sync engine for SQLite (WAL, busy timeout, foreign keys) or PostgreSQL (psycopg 3).

    Statement parameters (message text, names, phone hashes) are never put into error messages,
    so no traceback of a failed write can carry personal data into a log.
    """
    parsed = parse_url(url, name)
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"{name}: cannot create the directory for {database} ({error.strerror}).") from None
        connect_args = {"check_same_thread": False, **kwargs.pop("connect_args", {})}
        try:
            engine = create_engine(parsed, connect_args=connect_args, **kwargs)
        except (ArgumentError, NoSuchModuleError, ImportError) as error:
            raise StoreError(f"{name}: {error}".splitlines()[0]) from None
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    try:
        return create_engine(parsed, **kwargs)
    except (ArgumentError, NoSuchModuleError, ImportError) as error:
        raise StoreError(f"{name}: {error}".splitlines()[0]) from None


def check_connection(engine: Engine, name: str = "DATABASE_URL") -> None:
    """Connect once, turning 'database unavailable' into a one-line StoreError."""
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        raise StoreError(f"{name}: cannot reach the database at {describe(engine)} ({_first_line(error)}).") from None


def describe(engine: Engine) -> str:
    """The engine's URL without its password, for messages and logs."""
    return engine.url.render_as_string(hide_password=True)


def describe_error(error: BaseException) -> str:
    """A log-safe summary: the error's type, its SQLAlchemy code, and the innermost line of our code.

    Never str(error): database errors quote statements and driver messages quote values.
    """
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/bot/" in f.filename or "/actions/" in f.filename] or frames
    summary = type(error).__name__
    code = getattr(error, "code", None)
    if isinstance(code, str) and code.isalnum():
        summary += f" [{code}]"
    if ours:
        path = Path(ours[-1].filename)
        summary += f" at {path.parent.name}/{path.name}:{ours[-1].lineno}"
    return summary


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions for `with Session.begin() as s:` blocks.

    expire_on_commit=False so objects returned out of a finished transaction (e.g. across
    `run_in_session`) can still be read without a new query.
    """
    return sessionmaker(bind=engine, expire_on_commit=False)


async def run_in_session(factory: sessionmaker[Session], fn: Callable[..., T], *args: Any) -> T:
    """Run `fn(session, *args)` in one transaction on a worker thread, so aiohttp's loop never blocks."""

    def work() -> T:
        with factory.begin() as session:
            return fn(session, *args)

    return await asyncio.to_thread(work)
