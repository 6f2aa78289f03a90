"""Parallel episodes on Ray: each episode runs in a Ray worker process with its own browsers.

A local Ray is started with `workers` CPUs (or an existing cluster is joined with `ray_address`); each
episode asks for one CPU, so at most `workers` run at once. Workers write their own episode files; the
driver collects results and rewrites summary.json.

A worker of a local Ray exits at once when its driver is gone (killed with SIGKILL, say): Ray's own reaper takes
about a minute, and meanwhile an orphaned episode would go on, fail when the run's replicas exit, and write an
errored end record that a resumed run would keep as finished.
"""
from __future__ import annotations

import os
import threading
import time

import psutil
import ray

from halo_lib.config import RunConfig


def start_ray(config: RunConfig) -> None:
    if ray.is_initialized():
        return
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    if config.ray_address:
        ray.init(address=config.ray_address, log_to_driver=False)
    else:
        ray.init(num_cpus=config.workers, include_dashboard=False, log_to_driver=False, configure_logging=False)


_watched_drivers: set[int] = set()


def _driver_alive(driver: psutil.Process) -> bool:
    try:
        return driver.is_running() and driver.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def exit_when_driver_gone(driver_pid: int, poll_s: float = 0.1) -> None:
    """In this (worker) process, watch `driver_pid` and end the process the moment it is gone; once per driver."""
    if driver_pid in _watched_drivers:
        return
    try:
        driver = psutil.Process(driver_pid)
    except psutil.NoSuchProcess:
        os._exit(1)
    _watched_drivers.add(driver_pid)

    def watch() -> None:
        while _driver_alive(driver):
            time.sleep(poll_s)
        os._exit(1)

    threading.Thread(target=watch, name="halo-driver-watch", daemon=True).start()


@ray.remote(num_cpus=1, max_retries=0)
def remote_episode(config: RunConfig, out_dir: str, task, rollout: int, driver_pid: int = 0):
    """One episode in a Ray worker; with `driver_pid` (a local Ray), the worker dies with the driver."""
    from pathlib import Path

    from halo_lib.runner.eval import play_episode

    if driver_pid:
        exit_when_driver_gone(driver_pid)
    return play_episode(config, Path(out_dir), task, rollout)
