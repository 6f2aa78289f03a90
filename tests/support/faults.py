"""Helpers for the fault tests: a watcher that fires a fault once an episode has recorded a given step, the
process tree's Chromium processes, and summary.json consistency checks."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Callable

import psutil
import pytest


def descendants(pid: int | None = None) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def replica_servers(base_port: int, pid: int | None = None) -> list[psutil.Process]:
    """Live replica server processes under `pid` (this process by default) serving from `base_port`; a process
    that already exited (gone, or a zombie not yet reaped by its parent) is not serving anything."""
    found = []
    for proc in descendants(pid):
        try:
            if proc.status() == psutil.STATUS_ZOMBIE:
                continue
            command = proc.cmdline()
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
        if "halo_lib.sites.server" in " ".join(command) and str(base_port) in command:
            found.append(proc)
    return found


def chromium_processes(pid: int | None = None) -> list[psutil.Process]:
    found = []
    for proc in descendants(pid):
        try:
            if "chrom" in proc.name().lower():
                found.append(proc)
        except psutil.NoSuchProcess:
            pass
    return found


def kill_all(processes: list[psutil.Process]) -> int:
    killed = 0
    for proc in processes:
        try:
            proc.kill()
            killed += 1
        except psutil.NoSuchProcess:
            pass
    return killed


def step_recorded(episode_file: Path, step: int) -> bool:
    if not episode_file.is_file():
        return False
    for line in episode_file.read_text().splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if record.get("type") == "step" and record.get("step") == step:
            return True
    return False


class FaultAt:
    """Fires `fault()` once `episode_file` has a record of step `step` (polled every 10 ms, for at most `within_s`)."""

    def __init__(self, episode_file: Path, step: int, fault: Callable[[], object], within_s: float = 90.0):
        self.fired_at: float | None = None
        self.result = None

        def watch() -> None:
            deadline = time.monotonic() + within_s
            while time.monotonic() < deadline:
                if step_recorded(episode_file, step):
                    self.result = fault()
                    self.fired_at = time.monotonic()
                    return
                time.sleep(0.01)

        self.thread = threading.Thread(target=watch, daemon=True)
        self.thread.start()


def wait_for(condition: Callable[[], object], within_s: float, what: str, poll_s: float = 0.05) -> None:
    """Poll `condition` until it holds; fail the test with "timed out waiting for <what>" after `within_s`."""
    deadline = time.monotonic() + within_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(poll_s)


def end_record(episode_file: Path) -> dict:
    records = [json.loads(line) for line in episode_file.read_text().splitlines() if line.strip()]
    assert records[-1]["type"] == "end", records[-1]
    return records[-1]


def assert_summary_consistent(summary: dict, n_expected: int) -> None:
    rows = summary["episodes"]
    keys = [(row["task_id"], row["rollout"]) for row in rows]
    assert len(keys) == len(set(keys)) == summary["n_episodes"] == n_expected
    assert summary["n_success"] == sum(row["success"] for row in rows)
    assert summary["n_errors"] == sum(row["error"] is not None for row in rows)
    assert summary["n_errors"] == summary["n_infra_errors"] + summary["n_agent_errors"]
    assert all((row["error_kind"] in ("infra", "agent")) == (row["error"] is not None) for row in rows)
    assert summary["success_rate"] == pytest.approx(summary["n_success"] / n_expected)
