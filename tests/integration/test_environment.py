"""The browser environment: agisdk's BrowserEnv with both of its browsers on the system Chromium, a
1280x720 viewport, AXTree + screenshot observations, and per-phase step timings."""

from __future__ import annotations

import subprocess

import pytest

from halo_lib.config import EnvConfig
from halo_lib.env.browser import find_chromium
from halo_lib.env.environment import open_env
from halo_lib.env.tasks import resolve_task
from halo_lib.obs.axtree import find, flatten
from halo_lib.sites import local_urls

pytestmark = pytest.mark.browser


def test_both_browsers_are_system_chromium_and_observations_are_complete(sites_config):
    system_version = subprocess.run([find_chromium(), "--version"], capture_output=True, text=True).stdout
    urls = local_urls(sites_config.host, sites_config.base_port)
    env = open_env(resolve_task("v2.omnizon-13", sites="local", local_urls=urls), EnvConfig())
    try:
        obs, info = env.reset()
        assert env.browser.version.split(".")[0] in system_version
        assert env.chat.browser.version == env.browser.version
        assert obs["screenshot"].shape == (720, 1280, 3)
        assert obs["goal"].startswith("Omnizon: I need to cook")
        assert obs["url"].startswith(urls["omnizon"])
        nodes = flatten(obs["axtree_object"])
        search = find(nodes, "searchbox", "Search Omnizon")
        assert search is not None and search.bid
        obs, reward, done, _, info = env.step(f"fill({search.bid!r}, 'apron')")
        assert not obs["last_action_error"] and not done and reward == 0
        assert set(info["timings"]) == {"action_s", "settle_s", "validate_s", "obs_s", "step_s"}
        obs, *_ = env.step("click('no-such-bid')")
        assert "no-such-bid" in obs["last_action_error"]  # an action error is an observation, not an end
    finally:
        env.close()


def test_bring_your_own_task_json_runs_on_the_replica_and_is_graded(run_policy, tmp_path):
    import json

    from halo_lib.env.tasks import v2_task_json
    from halo_lib.sites.expert import ExpertPolicy, solutions_for

    own = v2_task_json("omnizon-13")
    own["goal"] = "Omnizon: my friends come over tonight, get me a good cooking pot"
    own["website"]["url"] = "https://example.invalid/"  # replaced by the local replica with --sites local
    path = tmp_path / "my-pot-task.json"
    path.write_text(json.dumps(own))
    result = run_policy(str(path), ExpertPolicy(solutions_for("omnizon")[0]["omnizon-13"]))
    assert result.task_id == "v2.my-pot-task"
    assert result.error is None and result.reward == 1.0
