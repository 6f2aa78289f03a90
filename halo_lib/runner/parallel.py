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

import ray

from halo_lib.config import RunConfig
from halo_lib.lifetime import exit_when_gone
from halo_lib.runner.episode import play_episode


def start_ray(config: RunConfig) -> None:
    if ray.is_initialized():
        return
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    if config.ray_address:
        ray.init(address=config.ray_address, log_to_driver=False)
    else:
        ray.init(num_cpus=config.workers, include_dashboard=False, log_to_driver=False, configure_logging=False)


@ray.remote(num_cpus=1, max_retries=0)
def remote_episode(config: RunConfig, out_dir: str, task, rollout: int, driver_pid: int = 0):
    """One episode in a Ray worker; with `driver_pid` (a local Ray), the worker dies with the driver."""
    from pathlib import Path

    if driver_pid:
        exit_when_gone(driver_pid)
    return play_episode(config, Path(out_dir), task, rollout)
