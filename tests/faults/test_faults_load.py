"""A busy machine and a slow site change nothing: the expert's episode succeeds beside a CPU hog on every core,
and on a replica that delays every page (REAL's /config `latency`), as it does on a quiet machine; each step
record says how many attempts it took. The soak and the load table run through `halo bench` (heavy)."""

from __future__ import annotations

import json

import pytest

from halo_lib.bench.load import cpu_hog
from halo_lib.config import EnvConfig, RunConfig
from halo_lib.env.tasks import resolve_task
from halo_lib.runner.episode import run_episode
from halo_lib.sites import local_urls
from halo_lib.sites.expert import ExpertPolicy

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

TASK = "v2.omnizon-3"


def expert_episode(sites_config, run_dir, env: EnvConfig):
    task = resolve_task(TASK, sites="local", local_urls=local_urls(sites_config.host, sites_config.base_port))
    config = RunConfig(mode="expert", max_steps=25, env=env, sites=sites_config)
    result = run_episode(task, ExpertPolicy.for_task(task), config, run_dir)
    steps = [json.loads(line) for line in (run_dir / "episodes" / f"{TASK}__0.jsonl").read_text().splitlines()]
    return result, [s for s in steps if s["type"] == "step"]


@pytest.mark.heavy  # it keeps every core busy for a few minutes, slowing everything else on the machine
def test_expert_episode_beside_a_cpu_hog_succeeds(sites_config, tmp_path):
    with cpu_hog(seconds=300) as hogs:
        result, steps = expert_episode(sites_config, tmp_path, EnvConfig())
        assert all(h.poll() is None for h in hogs)  # the hog ran for the whole episode
    assert all(h.poll() is not None for h in hogs)  # and is gone after it
    assert result.error is None and result.verdict == "SUCCESS" and result.reward == 1.0
    assert all(s["attempts"] >= 1 for s in steps)
    for step in steps:  # a retried step lists each attempt; only the last may have succeeded
        for attempt in step.get("attempt_log", [])[:-1]:
            assert "Timeout" in attempt["error"] and attempt["retry"]


def test_expert_episode_on_a_slow_replica_succeeds(sites_config, tmp_path):
    result, steps = expert_episode(sites_config, tmp_path, EnvConfig(replica_latency_ms=700))
    assert result.error is None and result.verdict == "SUCCESS" and result.reward == 1.0
    navigations = [s for s in steps if s["url"] != steps[0]["url"]]
    assert navigations and max(s["timings"]["step_s"] for s in steps) >= 0.7  # the latency was really there
