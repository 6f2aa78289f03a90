"""`halo generalize` end to end at smoke size with the real local model: expert rollouts on generated tasks, BC,
one DAgger round whose steps carry the expert's labels, DPO and GRPO from the BC adapter, and each arm graded on
REAL tasks; a rerun resumes without redoing a stage. Heavy (tens of minutes on 2 loaded cores).

    .venv/bin/python -m pytest tests/rl/test_generalize_run.py -q -m heavy
"""

from __future__ import annotations

import json

import pytest

from halo_lib.generated.generate import GenerateConfig, generate_set
from halo_lib.rl.generalize import GeneralizeConfig, run_generalize
from halo_lib.trace.episode import read_records

pytestmark = [pytest.mark.heavy, pytest.mark.browser, pytest.mark.timeout(3600)]


def test_the_loop_trains_on_generated_tasks_and_grades_on_real_ones(tmp_path, monkeypatch, sites_config):
    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path / "artifacts"))
    generate_set(GenerateConfig(name="smoke", families=["gomail.send_new_email", "omnizon.add_to_cart"], per_family=2))
    cfg = GeneralizeConfig(
        name="g",
        train_set="smoke",
        train_tasks=4,
        dagger_rounds=1,
        dagger_tasks=2,
        test_tasks="v2.gomail-1,v2.omnizon-13",
        max_steps=4,
        bc_steps=2,
        dpo_steps=1,
        grpo_steps=1,
        step_eval_prompts=3,
        sites_port=sites_config.base_port,
    )
    result = run_generalize(cfg, log=lambda line: None)
    root = tmp_path / "artifacts" / "generalize" / "g"
    card = json.loads((root / "data1" / "card.json").read_text())
    assert card["train_tasks"] and all(t.startswith("v2.gen.") for t in card["train_tasks"] + card["val_tasks"])
    labelled = [r for f in (root / "dagger1" / "episodes").glob("*.jsonl") for r in read_records(f) if r.get("type") == "step"]
    assert labelled and all("expert_action" in r for r in labelled)
    assert set(result["arms"]) == {"zero", "bc", "dpo", "grpo"}
    assert all(row["all"]["n"] == 2 for row in result["arms"].values())
    assert result["unseen_real"]["n_tasks"] == 2 and result["unseen_real"]["arm"] in ("bc", "dpo", "grpo")
    assert result["training"]["bc"]["tokens_per_s"] > 0 and result["training"]["bc"]["global_steps"] == 2
    assert {"expert", "bc0", "dagger1", "bc1", "eval_zero", "eval_bc", "real_expert", "steps_bc"} <= set(result["wall_s"])
    assert result["wall_s"]["total"] > 0
    # next-action accuracy on 3 expert steps of the REAL tasks, every arm on the same prompts, none of them trained on
    probe = [json.loads(line) for line in (root / "real_steps.jsonl").read_text().splitlines()]
    assert len(probe) == 3 and {r["task_id"] for r in probe} == {"v2.gomail-1", "v2.omnizon-13"}
    assert set(result["step_accuracy"]) == {"zero", "bc", "dpo", "grpo"}
    assert all(s["n"] == 3 and 0 <= s["exact"] <= s["parses"] <= 3 for s in result["step_accuracy"].values())
    assert not {r["task_id"] for r in probe} & set(card["train_tasks"] + card["val_tasks"])
    assert "Next-action accuracy on 3 expert steps" in (root / "result.md").read_text()
    stamp = (root / "checkpoints" / "bc1" / "metrics.json").stat().st_mtime
    run_generalize(cfg, log=lambda line: None)  # resumes: nothing retrained
    assert (root / "checkpoints" / "bc1" / "metrics.json").stat().st_mtime == stamp
