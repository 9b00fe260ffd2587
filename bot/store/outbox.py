"""A local spool for contact-log writes made while the database is unavailable, replayed later.

The action server must keep the conversation going when the database is down, but must not lose
what triage learned. So a write that fails with OperationalError is appended to a JSON Lines file
(one operation name + arguments per line) and replayed, in order, by `drain()`: before each new
write and from a periodic task. Every spooled operation is idempotent (ids, source_event_id,
request_key), so replaying one that had in fact committed does no harm.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import ROOT
from bot.store.repositories import audit, contacts, handoffs
from bot.store.session import describe_error

log = logging.getLogger(__name__)

DEFAULT_SPOOL = ROOT / "var" / "spool" / "contact-log.jsonl"

# Operations that may be spooled. Each takes (session, **kwargs) with JSON-serialisable kwargs.
OPERATIONS: dict[str, Callable[..., Any]] = {
    "ensure_contact": contacts.ensure_contact,
    "record_route": contacts.record_route,
    "update_details": contacts.update_details,
    "record_consent": contacts.record_consent,
    "add_safeguarding_flag": contacts.add_safeguarding_flag,
    "set_owner": contacts.set_owner,
    "request_handoff": handoffs.request_handoff,
    "audit": audit.record,
}


def _unavailable(error: BaseException) -> bool:
    # OperationalError covers refused connections, a locked SQLite file and a dropped server;
    # an invalidated connection is the same thing seen mid-transaction. SQLite also reports a
    # missing table as OperationalError: that is an unmigrated database, a bug to raise, not spool.
    if isinstance(error, OperationalError):
        return "no such table" not in str(error.orig) and "no such column" not in str(error.orig)
    return isinstance(error, DBAPIError) and error.connection_invalidated


@contextlib.contextmanager
def _locked(spool_path: Path) -> Iterator[None]:
    # One lock file shared by every process on the host (action server workers, the periodic
    # drain), so an append never races the rewrite that drain() does.
    spool_path.parent.mkdir(parents=True, exist_ok=True)
    with open(spool_path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _append(spool_path: Path, lines: list[str]) -> None:
    # 0600: spooled arguments can include triage answers.
    fd = os.open(spool_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as spool:
        spool.writelines(line + "\n" for line in lines)
        spool.flush()
        os.fsync(spool.fileno())


def _run(factory: sessionmaker[Session], operation: str, kwargs: dict[str, Any]) -> Any:
    with factory.begin() as session:
        return OPERATIONS[operation](session, **kwargs)


def pending(spool_path: Path = DEFAULT_SPOOL) -> int:
    """How many operations are waiting in the spool."""
    if not spool_path.exists():
        return 0
    with open(spool_path, encoding="utf-8") as spool:
        return sum(1 for line in spool if line.strip())


def drain(factory: sessionmaker[Session], spool_path: Path = DEFAULT_SPOOL) -> int:
    """Replay spooled operations in order until done or the database fails again; how many replayed.

    An operation that fails for another reason (its contact was erased meanwhile, say) can never
    succeed, so it moves to `<spool>.rejected` instead of blocking the queue.
    """
    if not spool_path.exists():
        return 0
    replayed = 0
    with _locked(spool_path):
        lines = [line for line in spool_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        remaining: list[str] = []
        rejected: list[str] = []
        for index, line in enumerate(lines):
            entry: Any = None
            try:
                entry = json.loads(line)
                _run(factory, entry["op"], entry["kwargs"])
                replayed += 1
            except Exception as error:  # noqa: BLE001 - sorted into retry-later and never-will-work
                if _unavailable(error):
                    remaining = lines[index:]
                    break
                # Type only: the message could quote personal data from the arguments.
                name = entry.get("op", "?") if isinstance(entry, dict) else "?"
                log.warning("contact-log outbox: rejected a spooled %s (%s)", name, describe_error(error))
                rejected.append(line)
        if rejected:
            _append(spool_path.with_suffix(".rejected"), rejected)
        tmp = spool_path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.writelines(line + "\n" for line in remaining)
        os.replace(tmp, spool_path)
    if replayed:
        log.info("contact-log outbox: replayed %d spooled write(s), %d still waiting", replayed, len(remaining))
    return replayed


def write(factory: sessionmaker[Session], operation: str, /, spool_path: Path = DEFAULT_SPOOL, **kwargs: Any) -> bool:
    """Run a contact-log operation now, or spool it if the database is unavailable; True if written now.

    Earlier spooled operations are replayed first so writes keep their order. Errors other than
    "database unavailable" (a bad value, an unknown contact) are raised as usual.
    """
    if operation not in OPERATIONS:
        raise ValueError(f"unknown contact-log operation {operation!r}")
    line = json.dumps({"op": operation, "kwargs": kwargs}, separators=(",", ":"))
    try:
        drain(factory, spool_path)
        if not pending(spool_path):
            _run(factory, operation, kwargs)
            return True
        # Still unavailable for the older writes: queue behind them to keep the order.
    except Exception as error:
        if not _unavailable(error):
            raise
    with _locked(spool_path):
        _append(spool_path, [line])
    log.warning("contact-log outbox: database unavailable, spooled %s", operation)
    return False


async def drain_periodically(
    factory: sessionmaker[Session], spool_path: Path = DEFAULT_SPOOL, interval_seconds: float = 30.0
) -> None:
    """Drain the spool every `interval_seconds` until cancelled (run it from a cleanup_ctx)."""
    while True:
        try:
            await asyncio.to_thread(drain, factory, spool_path)
        except Exception as error:  # noqa: BLE001 - a periodic task must survive one bad round
            # A summary, not the traceback: the spooled arguments can hold what the person said.
            log.error("contact-log outbox: drain failed (%s)", describe_error(error))
        await asyncio.sleep(interval_seconds)
