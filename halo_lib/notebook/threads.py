"""Playwright's sync API refuses to run in a thread with a running asyncio loop, which a Jupyter kernel has:
episodes started from a notebook run in a worker thread instead.

    summary = off_loop(run_eval, config)      # runs in place outside Jupyter, in a worker thread inside it
    worker = OwnThread(); worker.run(fn)      # every call on one thread (Playwright objects stay on theirs)
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable


def in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def off_loop(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """fn(*args, **kwargs), in a worker thread when this thread runs an asyncio loop."""
    if not in_event_loop():
        return fn(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="halo-episodes") as pool:
        return pool.submit(fn, *args, **kwargs).result()


class OwnThread:
    """One dedicated thread for an object whose methods must all run on the thread that created it."""

    def __init__(self, name: str = "halo-live"):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self._pool.submit(fn, *args, **kwargs).result()

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)
