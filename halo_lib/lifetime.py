"""Processes that must not outlive another: a Ray worker of a local run (a replica server shared by runs counts its
lease holders instead: sites/server.py).

    exit_when_gone(parent_pid)        # in the child: a daemon thread ends this process once parent_pid is gone
    Popen(cmd, env=tied_env())        # a `halo` command run by a benchmark: it ends when the benchmark does
    exit_with_parent_from_env()       # what `halo`'s main calls first (reads and clears HALO_EXIT_WITH_PID)

A process killed with SIGKILL runs no cleanup, so its helpers watch it instead (a zombie counts as gone).
"""

from __future__ import annotations

import os
import threading
import time

import psutil

_watched: set[int] = set()
EXIT_WITH_ENV = "HALO_EXIT_WITH_PID"


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def exit_when_gone(pid: int, poll_s: float = 0.1) -> None:
    """End this process (os._exit) as soon as process `pid` is gone, checked every `poll_s`; once per pid."""
    if pid in _watched:
        return
    try:
        process = psutil.Process(pid)
    except psutil.NoSuchProcess:
        os._exit(0)
    _watched.add(pid)

    def watch() -> None:
        while _alive(process):
            time.sleep(poll_s)
        os._exit(0)

    threading.Thread(target=watch, name=f"halo-watch-{pid}", daemon=True).start()


def tied_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """`env` (default: this process's environment) plus HALO_EXIT_WITH_PID=<this pid>: a `halo` command started
    with it ends when this process is gone, even after a SIGKILL (a benchmark's `halo eval` child, say)."""
    return {**(os.environ if env is None else env), EXIT_WITH_ENV: str(os.getpid())}


def exit_with_parent_from_env() -> None:
    """Watch the process named by HALO_EXIT_WITH_PID, if set, and end with it; the variable is cleared so that
    this process's own children do not inherit the tie."""
    pid = os.environ.pop(EXIT_WITH_ENV, "")
    if pid.isdigit():
        exit_when_gone(int(pid))
