"""Parallel episodes on Ray: each episode runs in a Ray worker process with its own browsers.

A local Ray is started with `workers` CPUs; each episode asks for one CPU, so at most `workers` run at once.
Workers write their own episode files (they share this machine's disk and loopback); the driver collects results
and rewrites summary.json. With `ray_address` an existing cluster is joined instead, and its episodes run through
runner/cluster.py, which assumes nothing shared but Ray.

A worker of a local Ray exits at once when its driver is gone (killed with SIGKILL, say): Ray's own reaper takes
about a minute, and meanwhile an orphaned episode would go on, fail when the run's replicas exit, and write an
errored end record that a resumed run would keep as finished.
"""

from __future__ import annotations

import os

import ray

from halo_lib.config import RunConfig
from halo_lib.errors import HaloError
from halo_lib.lifetime import exit_when_gone
from halo_lib.runner.episode import play_episode


def start_ray(config: RunConfig) -> None:
    if ray.is_initialized():
        return
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    if config.ray_address:
        try:
            ray.init(address=config.ray_address, log_to_driver=False)
        except (ConnectionError, ray.exceptions.RayError) as exc:
            reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
            raise HaloError(
                f"Could not join the Ray cluster at {config.ray_address} ({reason}): check the address (the head's "
                "`ray start --head` prints it) and, on a cluster with token authentication, set RAY_AUTH_MODE=token "
                "with the cluster's token (docs/CLUSTER.md)."
            ) from exc
    else:
        ray.init(num_cpus=config.workers, include_dashboard=False, log_to_driver=False, configure_logging=False)


@ray.remote(num_cpus=1, max_retries=0)
def remote_episode(config: RunConfig, out_dir: str, task, rollout: int, driver_pid: int = 0):
    """One episode in a Ray worker; with `driver_pid` (a local Ray), the worker dies with the driver."""
    from pathlib import Path

    if driver_pid:
        exit_when_gone(driver_pid)
    return play_episode(config, Path(out_dir), task, rollout)
