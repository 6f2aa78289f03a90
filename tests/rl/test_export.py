"""Export on trajectories of real episodes on the replicas (real Chromium, agisdk's evaluator): the scripted expert
(omnizon-13, gomail-16) and a scripted careless policy (omnizon-13: buys a fry pan, graded 0).

Checks: BC counts, DPO pair validity (chosen != rejected, the prompt is the rejected step's own recorded prompt,
the chosen element is on that page), no task in both train and validation, deduplication and a stable content
hash, and that a BC prompt is exactly what the open worker is sent at that state during an evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from halo_lib.agent.build import build_agent
from halo_lib.config import SPEED_MODE_STEPS, AgentConfig, EnvConfig, RunConfig
from halo_lib.env.tasks import resolve_task
from halo_lib.rl.config import ExportConfig
from halo_lib.rl.export import export
from halo_lib.rl.trajectories import action_bid, load_trajectories, prompt_bids
from halo_lib.runner.episode import run_episode
from halo_lib.sites import local_urls
from halo_lib.sites.expert import ExpertPolicy
from halo_lib.sites.omnizon.expert import frying_pan_not_pot
from tests.support.llm_double import ExpertShadow, ExpertTextLLM, ScriptedManager

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class CarelessPolicy(ExpertPolicy):
    source = "policy"


def _episode(sites_config, run_dir: Path, task_ref: str, mode_label: str, make_worker=None):
    """One episode; rerun once (same folder, the file is rewritten) when the browser timed out on a busy machine:
    agisdk gives a click 500 ms, which a loaded 2-core CI box can miss."""
    task = resolve_task(task_ref, sites="local", local_urls=local_urls(sites_config.host, sites_config.base_port))
    config = RunConfig(mode=mode_label, max_steps=SPEED_MODE_STEPS, env=EnvConfig(), sites=sites_config)
    for _ in range(2):
        agent = build_agent("expert", task, config, worker=make_worker() if make_worker else None)
        result = run_episode(task, agent, config, run_dir)
        trace = (run_dir / "episodes" / f"{task.task_id}__0.jsonl").read_text()
        if "Timeout" not in trace:
            break
    return result


@pytest.fixture(scope="module")
def runs(sites_config, tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("rl-runs")
    expert, policy = root / "expert", root / "policy"
    assert _episode(sites_config, expert, "v2.omnizon-13", "expert").success
    assert _episode(sites_config, expert, "v2.gomail-16", "expert").success
    careless = _episode(sites_config, policy, "v2.omnizon-13", "policy", lambda: CarelessPolicy(frying_pan_not_pot))
    assert careless.error is None and not careless.success
    return {"expert": expert, "policy": policy}


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_export_counts_pairs_and_split(runs, tmp_path):
    cfg = ExportConfig(runs=f"{runs['expert']},{runs['policy']}", out_dir=str(tmp_path / "ds"), val_tasks="v2.gomail-16")
    card = export(cfg)
    out = Path(cfg.out_dir)
    trajectories = load_trajectories([runs["expert"], runs["policy"]])
    assert card["trajectories"] == {"total": 3, "successful": 2, "expert": 2}

    # BC: every held expert step whose target is listed on the page, none from the failed episode
    expected = {
        t.task_id: sum(1 for s in t.steps if s.held and (action_bid(s.action) is None or action_bid(s.action) in s.page_bids()))
        for t in trajectories
        if t.success
    }
    bc_train, bc_val = _rows(out / "bc_train.jsonl"), _rows(out / "bc_val.jsonl")
    assert len(bc_train) == expected["v2.omnizon-13"] > 0 and len(bc_val) == expected["v2.gomail-16"] > 0
    assert card["counts"]["bc"]["train"]["per_site"] == {"omnizon": len(bc_train)}
    assert (out / "bc.jsonl").read_text() == (out / "bc_train.jsonl").read_text()
    for row in bc_train:
        assert row["prompt"][0]["role"] == "system" and row["prompt"][-1]["role"] == "user"
        assert row["completion"][0]["content"].startswith("Action: ")

    # no leakage: a task is in one split only
    assert set(card["train_tasks"]) == {"v2.omnizon-13"} and set(card["val_tasks"]) == {"v2.gomail-16"}
    assert all(r["task_id"] == "v2.omnizon-13" for r in bc_train) and all(r["task_id"] == "v2.gomail-16" for r in bc_val)

    # DPO: all three strategies found the careless search ("pan") at the expert's start state ("pot")
    pairs = _rows(out / "dpo_train.jsonl")
    found = {s for p in pairs for s in p["strategies"]}
    assert found == {"progress_ranked", "outcome", "expert_vs_policy"}
    assert card["counts"]["dpo"]["train"]["per_strategy"] == {s: sum(s in p["strategies"] for p in pairs) for s in found}
    keys = [json.dumps([p["prompt"], p["chosen"], p["rejected"]]) for p in pairs]
    assert len(keys) == len(set(keys))  # one row per pair, whatever number of strategies found it
    policy_prompts = {json.dumps(s.prompt, sort_keys=True) for t in trajectories if not t.success for s in t.steps}
    for pair in pairs:
        assert pair["chosen"] != pair["rejected"]
        assert json.dumps(pair["prompt"], sort_keys=True) in policy_prompts  # the state where the rejected action was taken
        bid = action_bid(pair["chosen"][0]["content"].removeprefix("Action: "))
        assert bid is None or bid in prompt_bids(pair["prompt"])
    first = [p for p in pairs if "fill(" in p["chosen"][0]["content"] and "expert_vs_policy" in p["strategies"]]
    assert first and "pot" in first[0]["chosen"][0]["content"] and "pan" in first[0]["rejected"][0]["content"]
    assert _rows(out / "dpo_val.jsonl") == []  # gomail-16 had no policy episode

    # deduplicated: the same run twice exports the same rows and the same content hash
    card_twice = export(
        ExportConfig(runs=f"{runs['expert']},{runs['expert']},{runs['policy']}", out_dir=str(tmp_path / "ds2"), val_tasks="v2.gomail-16")
    )
    assert card_twice["files"] == card["files"] and card_twice["content_hash"] == card["content_hash"]
    assert "content hash" in (out / "README.md").read_text()


def test_focus_copies_repeat_the_expert_row_where_the_policy_left_its_path(runs, tmp_path):
    """The careless policy's first differing action on omnizon-13 is its first search (pan, not pot): with
    bc_focus_copies 2, bc_train holds the expert's step-0 row twice more, marked, and nothing else changes."""
    plain = export(ExportConfig(runs=f"{runs['expert']},{runs['policy']}", out_dir=str(tmp_path / "plain"), val_tasks="v2.gomail-16"))
    card = export(
        ExportConfig(
            runs=f"{runs['expert']},{runs['policy']}", out_dir=str(tmp_path / "focus"), val_tasks="v2.gomail-16", bc_focus_copies=2
        )
    )
    rows = _rows(tmp_path / "focus" / "bc_train.jsonl")
    focus = [r for r in rows if r.get("focus")]
    assert len(focus) == 2 and {(r["task_id"], r["step"]) for r in focus} == {("v2.omnizon-13", 0)}
    assert "pot" in focus[0]["completion"][0]["content"]
    original = next(r for r in rows if not r.get("focus") and r["step"] == 0)
    assert {**focus[0], "focus": None} == {**original, "focus": None}
    assert card["counts"]["bc"]["train"]["focus_copies"] == 2 and card["files"]["bc_train.jsonl"] == plain["files"]["bc_train.jsonl"] + 2
    assert card["files"]["bc_val.jsonl"] == plain["files"]["bc_val.jsonl"]  # validation rows are never repeated


def test_bc_prompt_is_what_the_open_worker_is_sent(runs, sites_config, tmp_path):
    """Train/eval prompt identity: the worker of an open-worker mode gets exactly the BC prompts of the expert's states."""
    task = resolve_task("v2.omnizon-13", sites="local", local_urls=local_urls(sites_config.host, sites_config.base_port))
    config = RunConfig(
        mode="qwen_worker_zero", max_steps=SPEED_MODE_STEPS, sites=sites_config, agent=AgentConfig(cache_dir=str(tmp_path / "c"))
    )
    worker = ExpertTextLLM()
    agent = build_agent("qwen_worker_zero:vac=false,macros=false", task, config, worker=worker, manager=ScriptedManager())
    result = run_episode(task, ExpertShadow(agent, ExpertPolicy.for_task(task), worker), config, tmp_path / "eval")
    assert result.success
    expert = next(t for t in load_trajectories(runs["expert"]) if t.task_id == "v2.omnizon-13")
    assert len(worker.calls) == len(expert.steps)
    identical = 0
    for sent, step in zip(worker.calls, expert.steps):
        assert sent[:3] == step.prompt[:3]  # system, worked example
        head_sent, _, page_sent = sent[3]["content"].partition("\n\nPage: ")
        head_rec, _, page_rec = step.prompt[3]["content"].partition("\n\nPage: ")
        assert head_sent == head_rec  # goal and history
        identical += page_sent == page_rec
    # every page is the same, except the confirmation page, whose order number is drawn per session
    assert identical >= len(expert.steps) - 1


def test_export_refuses_bad_input(tmp_path):
    from halo_lib.errors import HaloError

    with pytest.raises(HaloError, match="No run folder with episodes"):
        export(ExportConfig(runs=str(tmp_path / "nothing"), out_dir=str(tmp_path / "o")))
    with pytest.raises(HaloError, match="Unknown pairing strategy"):
        from halo_lib.rl.export import dpo_pairs

        dpo_pairs([], ["best_of_n"])
