"""Errors classified and retried: one run where the replica server is killed between episodes (the next episode
errs at reset: "infra") and one episode's agent raises in its own code ("agent"); summary.json counts them apart.
A resume keeps both errors; a resume with retry_errors reruns only the infra one, keeps its first attempt under
episodes/<episode>/attempt-1/ and counts the attempts. Real Chromium, real replicas, a real SIGKILL."""

from __future__ import annotations

import dataclasses
import json

import pytest

import halo_lib.runner.episode as episode_module
from halo_lib.config import RunConfig
from halo_lib.runner.eval import run_eval
from halo_lib.trace.episode import read_end
from tests.support.faults import assert_summary_consistent

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

TASKS = ["v2.omnizon-13", "v2.gomail-1", "v2.gomail-24"]  # solved / site killed before it / the agent raises


class RaisingAgent:
    """An agent whose own code fails on its first decision (a bug in a policy, as a KeyError would be)."""

    source = "test"

    def act(self, obs):
        raise KeyError("bid 'a42' not in the page's elements")


def test_infra_and_agent_errors_are_told_apart_and_only_infra_is_retried(own_sites, tmp_path, monkeypatch):
    sites, handle = own_sites
    out = tmp_path / "run"
    real_make_policy = episode_module.make_policy
    monkeypatch.setattr(
        episode_module,
        "make_policy",
        lambda config, task, rollout=0: RaisingAgent() if task.task_id == "v2.gomail-24" else real_make_policy(config, task, rollout),
    )

    def kill_sites_after_first(result, n_done, n_total):
        if n_done == 1:
            handle.process.kill()
            handle.process.wait(5)

    config = RunConfig(mode="expert", tasks=",".join(TASKS), out_dir=str(out), sites=sites, max_steps=20)
    first = run_eval(config, progress=kill_sites_after_first)
    rows = {e["task_id"]: e for e in first["episodes"]}
    assert rows["v2.omnizon-13"]["success"] and rows["v2.omnizon-13"]["error_kind"] == ""
    assert rows["v2.gomail-1"]["error"].startswith("reset: ") and rows["v2.gomail-1"]["error_kind"] == "infra"
    assert "ERR_CONNECTION_REFUSED" in rows["v2.gomail-1"]["error"]
    assert rows["v2.gomail-24"]["error"].startswith("step 0: KeyError") and rows["v2.gomail-24"]["error_kind"] == "agent"
    assert (first["n_errors"], first["n_infra_errors"], first["n_agent_errors"]) == (2, 1, 1)
    assert (first["n_attempts"], first["n_retried"]) == (3, 0)
    assert_summary_consistent(json.loads((out / "summary.json").read_text()), 3)
    episodes = out / "episodes"
    assert read_end(episodes / "v2.gomail-1__0.jsonl")["error_kind"] == "infra"  # in the end record too
    kept = {t: (episodes / f"{t}__0.jsonl").read_bytes() for t in TASKS}

    # a plain resume keeps every finished episode, errors included
    again = run_eval(config)
    assert again["n_infra_errors"] == 1 and again["n_attempts"] == 3
    assert {t: (episodes / f"{t}__0.jsonl").read_bytes() for t in TASKS} == kept

    # --retry-errors: the infra error is rerun (the replicas are back), the agent's error and the success are kept
    retried = run_eval(dataclasses.replace(config, retry_errors=True))
    rows = {e["task_id"]: e for e in retried["episodes"]}
    assert rows["v2.gomail-1"]["success"] and rows["v2.gomail-1"]["error"] is None
    assert rows["v2.gomail-1"]["attempt"] == 2 and rows["v2.omnizon-13"]["attempt"] == rows["v2.gomail-24"]["attempt"] == 1
    assert (retried["n_errors"], retried["n_infra_errors"], retried["n_agent_errors"]) == (1, 0, 1)
    assert (retried["n_attempts"], retried["n_retried"]) == (4, 1)
    assert_summary_consistent(json.loads((out / "summary.json").read_text()), 3)
    for task in ("v2.omnizon-13", "v2.gomail-24"):
        assert (episodes / f"{task}__0.jsonl").read_bytes() == kept[task]
    earlier = episodes / "v2.gomail-1__0" / "attempt-1" / "v2.gomail-1__0.jsonl"
    assert earlier.read_bytes() == kept["v2.gomail-1"]  # the first attempt's record, beside the new one
    assert read_end(episodes / "v2.gomail-1__0.jsonl")["attempt"] == 2

    # retrying again finds nothing left to retry
    settled = run_eval(dataclasses.replace(config, retry_errors=True))
    assert settled["n_attempts"] == 4 and settled["n_retried"] == 1
    assert not (episodes / "v2.gomail-1__0" / "attempt-2").exists()
