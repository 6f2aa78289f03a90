"""Processes that must not outlive another: a Ray worker of a local run (a replica server shared by runs counts its
lease holders instead: sites/server.py).

    exit_when_gone(parent_pid)        # in the child: a daemon thread ends this process once parent_pid is gone

A process killed with SIGKILL runs no cleanup, so its helpers watch it instead (a zombie counts as gone).
"""

from __future__ import annotations

import os
import threading
import time

import psutil

_watched: set[int] = set()


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
