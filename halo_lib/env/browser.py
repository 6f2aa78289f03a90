"""System Chromium for agisdk's two browsers (the environment and its chat window).

agisdk launches Chromium twice per reset through BrowserGym's global Playwright instance: once for the
task page (`BrowserEnv.reset`) and once for the chat window (`Chat.__init__`). Neither call lets us pass the
executable and launch flags we need (passing `args` through `pw_chromium_kwargs` collides with the `args`
that BrowserEnv passes itself). So we install, as BrowserGym's global Playwright, a thin proxy whose
`chromium.launch` merges in the system executable and the flags that work on these machines. Everything
else is delegated to the real Playwright object.

    from halo_lib.env.browser import install_system_chromium
    install_system_chromium()          # idempotent; raises HaloError if no Chromium is found
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from halo_lib.errors import HaloError

# Flags measured to work on these machines (see ../shared/STACK.md).
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """Path of the Chromium to use: $HALO_CHROMIUM if set, else the first system Chromium on PATH, else a
    Chromium that `playwright install chromium` put in its cache (Ubuntu, where apt's chromium is a snap)."""
    override = os.environ.get("HALO_CHROMIUM")
    if override:
        return override if Path(override).is_file() and os.access(override, os.X_OK) else None
    for name in _CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    bundled = sorted(Path.home().glob(".cache/ms-playwright/chromium-*/chrome-linux*/chrome"))
    return str(bundled[-1]) if bundled else None


def require_chromium() -> str:
    path = find_chromium()
    if path is None:
        if os.environ.get("HALO_CHROMIUM"):
            raise HaloError(
                f"HALO_CHROMIUM={os.environ['HALO_CHROMIUM']} is not an executable file: point it at a Chromium binary or unset it."
            )
        raise HaloError(
            "Chromium is not installed: run `sudo apt-get install -y chromium` (or set HALO_CHROMIUM to a Chromium binary) and try again."
        )
    return path


class _SystemChromiumType:
    """Wraps Playwright's BrowserType so every launch uses the system binary and our flags."""

    def __init__(self, browser_type, executable: str, extra_flags: tuple[str, ...]):
        self._browser_type = browser_type
        self._executable = executable
        self._extra_flags = extra_flags

    def launch(self, **kwargs):
        kwargs.setdefault("executable_path", self._executable)
        args = list(kwargs.get("args") or [])
        kwargs["args"] = args + [flag for flag in self._extra_flags if flag not in args]
        return self._browser_type.launch(**kwargs)

    def launch_persistent_context(self, user_data_dir, **kwargs):
        kwargs.setdefault("executable_path", self._executable)
        args = list(kwargs.get("args") or [])
        kwargs["args"] = args + [flag for flag in self._extra_flags if flag not in args]
        return self._browser_type.launch_persistent_context(user_data_dir, **kwargs)

    def __getattr__(self, name):
        return getattr(self._browser_type, name)


class _SystemChromiumPlaywright:
    """A Playwright object whose `chromium` launches the system Chromium."""

    def __init__(self, playwright, executable: str, extra_flags: tuple[str, ...]):
        self._playwright = playwright
        self.executable = executable
        self.thread = threading.get_ident()  # Playwright's sync API works only on the thread that started it
        self.chromium = _SystemChromiumType(playwright.chromium, executable, extra_flags)

    def stop(self):
        self._playwright.stop()

    def __getattr__(self, name):
        return getattr(self._playwright, name)


_lock = threading.Lock()
_by_thread: dict[int, "_SystemChromiumPlaywright"] = {}  # Playwright's sync API is bound to one thread


def install_system_chromium(extra_flags: tuple[str, ...] = ()) -> str:
    """Make BrowserGym's global Playwright launch the system Chromium; returns the executable path.

    Playwright's sync API is bound to the thread that started it, so call this from the thread that runs
    the episodes (the runner does).
    """
    import playwright.sync_api
    from agisdk.REAL.browsergym import core as bg_core

    executable = require_chromium()
    flags = CHROMIUM_FLAGS + tuple(f for f in extra_flags if f not in CHROMIUM_FLAGS)
    with _lock:
        current = bg_core._PLAYWRIGHT
        here = threading.get_ident()
        if isinstance(current, _SystemChromiumPlaywright) and current.executable == executable and current.thread == here:
            return executable
        mine = _by_thread.get(here)  # this thread ran episodes before: its Playwright is still alive and bound to it
        if mine is not None and mine.executable == executable:
            bg_core._set_global_playwright(mine)
            return executable
        if mine is not None:
            real = mine._playwright
        elif isinstance(current, _SystemChromiumPlaywright):
            real = None  # started on another thread (e.g. an earlier notebook cell's worker): this thread needs its own
        else:
            real = current  # agisdk's own, or none yet
        if real is None:
            real = playwright.sync_api.sync_playwright().start()
        wrapped = _SystemChromiumPlaywright(real, executable, flags)
        _by_thread[here] = wrapped
        bg_core._set_global_playwright(wrapped)
    return executable
