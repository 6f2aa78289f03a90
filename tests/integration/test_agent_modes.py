"""The hierarchical agent in every LLM mode on the replicas (real Chromium, agisdk's evaluator, SQLite caches).

The LLMs are test doubles (OpenAI's models cannot run here): the worker double replies with the scripted
expert's next action as model text, which goes through the agent's parser; the manager double approves.
Everything else is real: observation summary, gate, verified action cache, macros, postconditions.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from halo_lib.agent.build import build_agent
from halo_lib.cache.portable import PortableAction
from halo_lib.cache.vac import VacEntry
from halo_lib.config import SPEED_MODE_STEPS, AgentConfig, EnvConfig, RunConfig
from halo_lib.env.tasks import resolve_task
from halo_lib.obs.axtree import find
from halo_lib.obs.identity import element_key
from halo_lib.obs.summary import summarize
from halo_lib.runner.episode import run_episode
from halo_lib.sites import local_urls
from halo_lib.sites.expert import ExpertPolicy
from tests.support.llm_double import ExpertShadow, ExpertTextLLM, ScriptedManager

pytestmark = pytest.mark.browser

HIERARCHY_MODES = ["baseline_worker", "hierarchy_mgr_gate", "hierarchy_vac", "hierarchy_vac_macros", "qwen_worker_zero"]
SAMPLE = ["v2.omnizon-13", "v2.gomail-16"]
FIXTURES = Path(__file__).parent.parent / "fixtures" / "axtrees"


@pytest.fixture
def play(sites_config, tmp_path):
    """play(mode, task_ref, cache_dir) -> (EpisodeResult, step records, worker double, manager double)."""

    def run(mode: str, task_ref: str, cache_dir: Path, manager_reply: str = "APPROVE", max_steps: int = SPEED_MODE_STEPS):
        task = resolve_task(task_ref, sites="local", local_urls=local_urls(sites_config.host, sites_config.base_port))
        config = RunConfig(mode=mode, max_steps=max_steps, env=EnvConfig(), sites=sites_config, agent=AgentConfig(cache_dir=str(cache_dir)))
        worker, manager = ExpertTextLLM(), ScriptedManager(manager_reply)
        agent = build_agent(mode, task, config, worker=worker, manager=manager)
        run_dir = tmp_path / f"{mode}_{task.name}_{len(list(tmp_path.iterdir()))}"
        result = run_episode(task, ExpertShadow(agent, ExpertPolicy.for_task(task), worker), config, run_dir)
        records = [json.loads(line) for line in next(run_dir.glob("episodes/*.jsonl")).read_text().splitlines()]
        return result, [r for r in records if r["type"] == "step"], worker, manager

    return run


@pytest.mark.parametrize("mode", HIERARCHY_MODES)
def test_each_hierarchy_mode_solves_sample_tasks(mode, play, tmp_path):
    for task_ref in SAMPLE:
        result, steps, worker, manager = play(mode, task_ref, tmp_path / "cache")
        assert result.error is None and result.success, (task_ref, result)
        sources = {s["source"] for s in steps}
        assert sources <= {"worker", "manager", "macro", "cache"}, sources
        assert result.worker_calls == len(worker.calls) >= 1
        # every step was verified, and the final answer went through the gate
        assert all("postcondition" in s["verify"] for s in steps)
        final = steps[-1]
        assert final["action"].startswith("send_msg_to_user") and "irreversible: final answer" in final["decision"]["gate"]["reasons"]
        if mode == "baseline_worker":
            assert result.manager_calls == 0 and final["decision"]["gate"]["verdict"] == "no manager in this mode"
        else:
            assert result.manager_calls == len(manager.calls) >= 1


def test_manager_is_called_before_the_irreversible_order(play, tmp_path):
    result, steps, _, manager = play("hierarchy_mgr_gate", "v2.omnizon-13", tmp_path / "cache")
    assert result.success
    place = next(i for i, s in enumerate(steps) if "Place your order" in json.dumps(s["decision"].get("gate", {})))
    gate = steps[place]["decision"]["gate"]
    assert gate["reasons"][0].startswith("irreversible: button 'Place your order'")
    assert gate["verdict"] == "approve" and gate["manager"]["text"] == "APPROVE"
    # the manager saw the proposal and the reason before the click was executed
    asked = manager.calls[0][-1]["content"]
    assert steps[place]["action"] in asked and "irreversible" in asked
    # earlier, reversible steps were not gated
    assert all("gate" not in s["decision"] for s in steps[:place])


def test_manager_abort_ends_the_episode_unsolved(play, tmp_path):
    result, steps, _, _ = play("hierarchy_mgr_gate", "v2.omnizon-13", tmp_path / "cache", manager_reply="ABORT: the price is too high")
    assert not result.success and result.error is None
    assert steps[-1]["source"] == "manager" and steps[-1]["action"] == "report_infeasible('the price is too high')"


def test_manager_replacement_is_parsed_and_executed(play, tmp_path):
    result, steps, _, _ = play(
        "hierarchy_mgr_gate", "v2.gomail-16", tmp_path / "cache", manager_reply="REPLACE: send_msg_to_user('Label created.')"
    )
    final = steps[-1]
    assert final["source"] == "manager" and final["action"] == "send_msg_to_user('Label created.')"
    assert result.success  # gomail-16 is graded on the label, not on the answer's wording


def test_second_pass_is_served_by_the_cache_without_worker_calls(play, tmp_path):
    cache = tmp_path / "cache"
    for task_ref in SAMPLE:
        first, _, _, _ = play("hierarchy_vac", task_ref, cache)
        assert first.success and first.vac_hits == 0 and first.worker_calls == first.steps
        second, steps, worker, _ = play("hierarchy_vac", task_ref, cache)
        assert second.success
        assert second.worker_calls == 0 and worker.calls == []
        assert second.vac_hits == second.steps == first.steps
        assert {s["source"] for s in steps} == {"cache"}


def test_macros_mined_from_two_tasks_replay_on_a_third(play, tmp_path):
    cache = tmp_path / "cache"
    for task_ref in ("v2.omnizon-13", "v2.omnizon-17"):  # both: search, open, add to cart, checkout
        assert play("expert", task_ref, cache)[0].success
    result, steps, worker, _ = play("hierarchy_vac_macros", "v2.omnizon-3", cache)
    assert result.success and result.macro_hits >= 2
    started = [s for s in steps if "macro_started" in s["decision"]]
    assert started and result.worker_calls < result.steps
    assert any(s.get("verify", {}).get("macro_completed") for s in steps)


def test_a_skill_from_other_tasks_yields_to_the_action_verified_for_this_state(play, tmp_path):
    # gomail-1 and gomail-2 both "select all -> delete" (promoted), but gomail-1 starts "select all -> select all
    # 56 conversations -> mark as read": replaying the skill there would delete the whole inbox
    cache = tmp_path / "cache"
    for task_ref in ("v2.gomail-1", "v2.gomail-2"):
        assert play("expert", task_ref, cache)[0].success
    result, steps, worker, _ = play("hierarchy_vac_macros", "v2.gomail-1", cache)
    assert result.success and result.worker_calls == 0 and worker.calls == []
    abandoned = [s["decision"]["macro"]["abandoned"] for s in steps if "abandoned" in s["decision"].get("macro", {})]
    assert abandoned and "the verified action cache has" in abandoned[0]
    assert steps[1]["source"] == "cache" and "Delete" not in json.dumps(steps[1]["decision"].get("element"))


def test_poisoned_cache_entry_is_invalidated_and_the_episode_finishes(play, tmp_path, sites_config):
    from halo_lib.agent.build import cache_scope
    from halo_lib.cache.vac import VerifiedActionCache

    cache = tmp_path / "cache"
    first, steps, _, _ = play("hierarchy_vac", "v2.omnizon-13", cache)
    assert first.success
    # poison the first state's entry: a click on the logo, which leaves the home page unchanged
    config = RunConfig(sites=sites_config, agent=AgentConfig(cache_dir=str(cache)))
    vac = VerifiedActionCache(cache / "vac.sqlite", scope=cache_scope(config))
    task = resolve_task("v2.omnizon-13", sites="local", local_urls=local_urls(sites_config.host, sites_config.base_port))
    key = vac.key("omnizon", task.goal, steps[0]["decision"]["fingerprint"], "start")
    home = json.loads(gzip.open(FIXTURES / "omnizon-13__0.json.gz").read())
    nodes = summarize(home).nodes
    poison = PortableAction("click", element_key(nodes, find(nodes, "link", "Omnizon home")), ())
    vac.con.execute("DELETE FROM vac WHERE key = ?", (key,))
    assert vac.commit([VacEntry(key, "omnizon", task.goal, steps[0]["decision"]["fingerprint"], "start", poison)]) == 1
    assert vac.lookup(key) == poison
    vac.close()

    second, steps2, worker, _ = play("hierarchy_vac", "v2.omnizon-13", cache)
    assert steps2[0]["source"] == "cache" and steps2[0]["decision"]["element"]["name"] == "Omnizon home"
    assert steps2[0]["verify"]["postcondition"]["held"] is False and steps2[0]["verify"]["vac_invalidated"] is True
    assert second.error is None and second.success  # the worker took over after the bad replay
    assert worker.calls  # at least the step after the poisoned one went to the worker
    vac = VerifiedActionCache(cache / "vac.sqlite", scope=cache_scope(config))
    assert vac.stats()["invalidated"] == 1
    replaced = vac.lookup(key)
    assert replaced is None or replaced != poison  # the poison is gone (a new successful pass may re-verify the key)


def test_without_a_manager_a_loop_ends_the_episode_instead_of_running_to_max_steps(sites_config, tmp_path):
    """A worker stuck on one action (what a weak model does): with no manager to break the loop, the third
    identical (state, action) is replaced by report_infeasible, so the episode ends at step 3, not at 25."""
    task = resolve_task("v2.omnizon-13", sites="local", local_urls=local_urls(sites_config.host, sites_config.base_port))
    config = RunConfig(
        mode="baseline_worker",
        max_steps=SPEED_MODE_STEPS,
        env=EnvConfig(),
        sites=sites_config,
        agent=AgentConfig(cache_dir=str(tmp_path / "cache")),
    )
    worker = ExpertTextLLM()
    worker.next_action = "click('10')"  # the 'Omnizon home' link, on the home page: the page stays the same
    agent = build_agent("baseline_worker", task, config, worker=worker, manager=None)
    result = run_episode(task, agent, config, tmp_path / "run")
    records = [json.loads(line) for line in next((tmp_path / "run").glob("episodes/*.jsonl")).read_text().splitlines()]
    steps = [r for r in records if r["type"] == "step"]
    assert result.error is None and not result.success and not result.truncated
    assert [s["action"] for s in steps[:2]] == ["click('10')", "click('10')"]
    assert len(steps) == 3 and steps[-1]["source"] == "loop_stop"
    assert steps[-1]["action"].startswith("report_infeasible(") and "loop" in steps[-1]["action"]
    assert steps[-1]["decision"]["gate"]["verdict"] == "stop: loop and no manager in this mode"
    assert result.worker_calls == 3


def test_without_a_manager_a_worker_that_never_gives_a_valid_action_stops_too(sites_config, tmp_path):
    """What the zero-shot 135M model does: replies that never parse. The fallback (wait one step) repeats in the
    same state, which is a loop as well: the third time, the episode ends."""
    task = resolve_task("v2.omnizon-13", sites="local", local_urls=local_urls(sites_config.host, sites_config.base_port))
    config = RunConfig(
        mode="baseline_worker",
        max_steps=SPEED_MODE_STEPS,
        env=EnvConfig(),
        sites=sites_config,
        agent=AgentConfig(cache_dir=str(tmp_path / "cache")),
    )
    worker = ExpertTextLLM()
    worker.next_action = "I think I should look at the page"  # "Action: I think ..." parses as no action
    agent = build_agent("baseline_worker", task, config, worker=worker, manager=None)
    result = run_episode(task, agent, config, tmp_path / "run")
    steps = [json.loads(line) for line in next((tmp_path / "run").glob("episodes/*.jsonl")).read_text().splitlines()]
    steps = [s for s in steps if s["type"] == "step"]
    assert [s["source"] for s in steps] == ["fallback", "fallback", "loop_stop"]
    assert steps[-1]["action"].startswith("report_infeasible(") and "waiting (no valid action)" in steps[-1]["action"]
    assert result.error is None and not result.success and result.parse_errors >= 3
