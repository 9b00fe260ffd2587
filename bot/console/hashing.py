"""Password checks on their own small thread pool, so a flood of sign-ins cannot starve the public.

argon2 is slow on purpose (tens of milliseconds of CPU and 64 MiB each). Run on the loop's default
executor, as every database call is, sixty wrong sign-ins at once once held the threads a chat turn
needed for seconds. Here at most `workers` hashes run at a time, at most `waiting` more wait for
one, and anything beyond that is refused at once (the sign-in page answers 429).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class HasherBusy(Exception):
    """Every password-check slot is taken: answer 429 without hashing anything."""


class PasswordChecks:
    """A bounded executor for argon2 work: `workers` threads and `waiting` queued calls at most."""

    def __init__(self, workers: int = 1, waiting: int = 8) -> None:
        if workers < 1 or waiting < 0:
            raise ValueError("workers must be at least 1 and waiting at least 0")
        self.capacity = workers + waiting
        self._in_flight = 0
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="password-check")

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[Callable[..., Any]]:
        """Reserve room for one sign-in's hashing (HasherBusy if full); yields `run(fn, *args)`.

        Reserved before anything else happens, and never waited for, so a flood is turned away
        in microseconds instead of piling up behind the hashes already running.
        """
        if self._in_flight >= self.capacity:
            raise HasherBusy()
        self._in_flight += 1
        try:
            yield self._run
        finally:
            self._in_flight -= 1

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
