"""Shared fixtures: a replica server on free loopback ports for the whole test session, and an episode runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from halo_lib.config import SCORE_MODE_STEPS, EnvConfig, RunConfig, SitesConfig
from halo_lib.env.tasks import resolve_task
from halo_lib.sites import local_urls, replica_names
from halo_lib.ports import free_port_block


@pytest.fixture(scope="session")
def sites_config() -> SitesConfig:
    """Replicas running on free ports for the session (started once, stopped at the end)."""
    from halo_lib.sites.server import ensure_sites

    config = SitesConfig(base_port=free_port_block(len(replica_names())))
    handle = ensure_sites(config, replica_names())
    yield config
    handle.close()


@pytest.fixture
def run_policy(sites_config, tmp_path):
    """run_policy(task_ref, policy, max_steps=SCORE_MODE_STEPS) -> EpisodeResult, on the session's replicas."""
    from halo_lib.runner.episode import run_episode

    def run(task_ref: str, policy, max_steps: int = SCORE_MODE_STEPS, run_dir: Path | None = None):
        urls = local_urls(sites_config.host, sites_config.base_port)
        task = resolve_task(task_ref, sites="local", local_urls=urls)
        config = RunConfig(mode="test", max_steps=max_steps, env=EnvConfig(), sites=sites_config)
        return run_episode(task, policy, config, run_dir or tmp_path, rollout=0)

    return run


OFFLINE_UNSET = ("OPENAI_API_KEY", "HALO_WORKER_BACKEND", "HALO_WORKER_MODEL", "HALO_VLLM_URL")


@pytest.fixture(scope="session", autouse=True)
def private_cache_dir(tmp_path_factory):
    """Episodes write the verified action cache and macros: keep them out of the project's artifacts/cache."""
    import os

    folder = tmp_path_factory.mktemp("halo-cache")
    saved = {name: os.environ.get(name) for name in ("HALO_CACHE_DIR", *OFFLINE_UNSET)}
    os.environ["HALO_CACHE_DIR"] = str(folder)
    for name in OFFLINE_UNSET:  # the offline default: a developer's own keys must not switch tests online
        os.environ.pop(name, None)
    yield folder
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
