"""Chromium killed mid-episode, and the replica server killed mid-run: the episode is recorded as errored with
one sentence and the step it reached, the run goes on with the next episode (the replica is restarted), and
summary.json stays consistent. Real Chromium, real replicas, real SIGKILLs."""

from __future__ import annotations

import json
import time

import pytest

from halo_lib.config import RunConfig
from halo_lib.runner.eval import run_eval
from halo_lib.sites import local_urls
from halo_lib.sites.server import probe

from tests.support.faults import FaultAt, assert_summary_consistent, chromium_processes, end_record, kill_all, replica_servers

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

TASKS = "v2.gomail-1,v2.omnizon-13"  # the fault hits the first (gomail-1 takes 6 steps), the second must finish


def test_chromium_killed_mid_episode(sites_config, tmp_path):
    out = tmp_path / "run"
    fault = FaultAt(out / "episodes" / "v2.gomail-1__0.jsonl", step=1, fault=lambda: kill_all(chromium_processes()))
    started = time.monotonic()
    summary = run_eval(RunConfig(mode="expert", tasks=TASKS, out_dir=str(out), sites=sites_config, max_steps=20))
    assert fault.result and fault.result > 0  # Chromium processes were there and were killed
    hit, other = summary["episodes"]
    assert hit["task_id"] == "v2.gomail-1" and not hit["success"]
    assert hit["error"].startswith(f"step {hit['steps']}: Chromium closed or crashed"), hit["error"]
    assert 2 <= hit["steps"] < 6 and "\n" not in hit["error"]
    assert end_record(out / "episodes" / "v2.gomail-1__0.jsonl")["error"] == hit["error"]
    assert other["task_id"] == "v2.omnizon-13" and other["success"] and other["error"] is None
    assert_summary_consistent(json.loads((out / "summary.json").read_text()), 2)
    assert time.monotonic() - started < 120


def test_replica_server_killed_mid_run(own_sites, tmp_path):
    sites, handle = own_sites
    out = tmp_path / "run"

    def kill_replicas():
        handle.process.kill()
        handle.process.wait(5)
        return handle.process.pid

    fault = FaultAt(out / "episodes" / "v2.gomail-1__0.jsonl", step=1, fault=kill_replicas)
    summary = run_eval(RunConfig(mode="expert", tasks=TASKS, out_dir=str(out), sites=sites, max_steps=20))
    assert fault.result  # the server process was killed
    hit, other = summary["episodes"]
    urls = local_urls(sites.host, sites.base_port)
    assert hit["error"] == (
        f"step {hit['steps']}: SiteDown: the gomail replica at {urls['gomail']} stopped answering (the page failed to load)"
    )
    assert 2 <= hit["steps"] < 6
    # the run restarted the replicas and the next episode was graded normally
    assert other["success"] and other["error"] is None
    assert any("stopped answering mid-run; HALO restarted it" in w for w in summary["warnings"])
    assert_summary_consistent(json.loads((out / "summary.json").read_text()), 2)
    # the restarted server belonged to the run and was stopped with it: nothing listens there any more
    assert probe(urls["omnizon"]) == "down"
    assert not replica_servers(sites.base_port)
