"""Run a test body in a fresh thread: one where no Playwright sync instance lives.

agisdk keeps one global Playwright per thread, and Playwright's sync API leaves its event loop marked as
running in that thread for as long as it lives; a test that simulates a Jupyter kernel (asyncio.run) or starts
its own sync Playwright must therefore not share the thread in which earlier tests ran episodes."""

from __future__ import annotations

import threading
from typing import Any, Callable


def run_in_fresh_thread(fn: Callable[[], Any], timeout_s: float = 300) -> Any:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="fresh-test-thread", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        raise TimeoutError(f"the test body did not finish within {timeout_s:.0f} s")
    if "error" in box:
        raise box["error"]
    return box.get("value")
