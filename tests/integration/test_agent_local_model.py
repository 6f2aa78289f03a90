"""The real local model (SmolLM2-135M-Instruct, in-process) drives the agent through whole episodes.

Any outcome is fine (a 135M model zero-shot rarely solves a task); what must hold is that every step's
worker reply was either parsed into a valid action for that page or rejected by the parser with feedback,
and nothing unparsed was ever executed.
"""

from __future__ import annotations

import json

import pytest

from halo_lib.config import AgentConfig, RunConfig
from halo_lib.policy.grammar import GRAMMAR, parse_action
from halo_lib.runner.eval import run_eval

pytestmark = [pytest.mark.browser, pytest.mark.slow]


# the hierarchy case (~55 s) is heavy; the baseline worker case keeps the local model's episode in the default suite
@pytest.mark.parametrize("mode", ["baseline_worker", pytest.param("hierarchy_mgr_gate", marks=pytest.mark.heavy)])
def test_local_model_drives_an_episode_to_its_end(mode, sites_config, tmp_path):
    config = RunConfig(
        mode=mode,
        tasks="v2.omnizon-13",
        out_dir=str(tmp_path / "run"),
        max_steps=3,
        sites=sites_config,
        agent=AgentConfig(cache_dir=str(tmp_path / "cache"), max_new_tokens=32),
    )
    summary = run_eval(config)
    episode = summary["episodes"][0]
    assert summary["backends"]["worker"]["kind"] == "local"
    assert episode["error"] is None, episode["error"]
    assert episode["worker_calls"] >= episode["steps"] and episode["worker_tokens"] > 0

    records = [json.loads(line) for line in (tmp_path / "run" / "episodes" / "v2.omnizon-13__0.jsonl").read_text().splitlines()]
    steps = [r for r in records if r["type"] == "step"]
    assert len(steps) == episode["steps"] and records[-1]["type"] == "end"
    # it ran to max_steps, or its last action ended it (an answer graded by the evaluator, infeasible, a loop stop)
    assert episode["steps"] == 3 or steps[-1]["done"], steps[-1]
    assert episode["success"] == (episode["reward"] >= 1.0)
    for step in steps:
        decision = step["decision"]
        name = step["action"].split("(")[0]
        assert name in GRAMMAR  # only grammar actions were executed
        for attempt in decision.get("worker", []):
            assert attempt["prompt_tokens"] > 0 and attempt["completion_tokens"] > 0
            if "parse_error" in attempt:
                assert attempt["parse_error"].endswith(".")  # one sentence, fed back to the model
        if step["source"] == "worker":
            last = decision["worker"][-1]
            assert "parse_error" not in last and parse_action(last["text"]).code() == step["action"]
        elif step["source"] == "loop_stop":  # no manager, and the same (state, action) again: the episode ends
            assert mode == "baseline_worker" and step["action"].startswith("report_infeasible(")
        else:
            assert step["source"] in ("manager", "fallback")
            assert all("parse_error" in attempt for attempt in decision["worker"])
    if mode == "hierarchy_mgr_gate":
        gated = [s for s in steps if "gate" in s["decision"]]
        assert episode["manager_calls"] == sum(1 for s in gated if "manager" in s["decision"]["gate"])


def test_ranked_decoding_only_ever_plays_actions_of_the_page(sites_config, tmp_path):
    """The open worker with ranked decoding: every step is the worker's own valid action, never a parse error."""
    config = RunConfig(
        mode="qwen_worker_zero:vac=false,macros=false,manager=none",  # the worker alone
        tasks="v2.omnizon-13",
        out_dir=str(tmp_path / "run"),
        max_steps=3,
        sites=sites_config,
        agent=AgentConfig(cache_dir=str(tmp_path / "cache"), max_new_tokens=16, worker_backend="local", worker_decoding="ranked"),
    )
    summary = run_eval(config)
    episode = summary["episodes"][0]
    assert episode["error"] is None, episode["error"]
    records = [json.loads(line) for line in (tmp_path / "run" / "episodes" / "v2.omnizon-13__0.jsonl").read_text().splitlines()]
    steps = [r for r in records if r["type"] == "step"]
    assert steps and episode["worker_calls"] == len([s for s in steps if s["source"] == "worker"])
    for step in steps:
        assert step["source"] in ("worker", "loop_stop"), step["source"]
        if step["source"] == "worker":
            (call,) = step["decision"]["worker"]  # one call: a ranked reply always parses
            assert "parse_error" not in call and parse_action(call["text"]).code() == step["action"]
