"""A generated task end to end: its page-driven expert solves it in the real browser, agisdk's evaluator runs its
checker from the set's folder and says SUCCESS; the expert labels every state (DAgger) with the action it took;
an episode that does the task wrong is graded FAILURE by the same checker (a verdict, not a crash); and export
turns labelled steps into BC rows.

    .venv/bin/python -m pytest tests/integration/test_generated_tasks.py -q
"""

from __future__ import annotations

import json

import pytest

from halo_lib.config import RunConfig
from halo_lib.generated.family import PageExpert, family_by_key
from halo_lib.generated.generate import GenerateConfig, generate_set, set_task_paths
from halo_lib.runner.eval import run_eval
from halo_lib.trace.episode import read_records

pytestmark = pytest.mark.browser
FAMILY = "gomail.send_new_email"


@pytest.fixture
def task_set(tmp_path, monkeypatch):
    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path / "artifacts"))
    return generate_set(GenerateConfig(name="g", families=[FAMILY], per_family=2, seed=3))


def test_the_expert_solves_a_generated_task_and_labels_every_state(task_set, sites_config, tmp_path):
    out = tmp_path / "run"
    summary = run_eval(RunConfig(mode="expert", tasks="gen:g:1", out_dir=str(out), sites=sites_config, expert_labels=True))
    assert summary["n_success"] == 1 and summary["n_errors"] == 0
    records = list(read_records(next((out / "episodes").glob("*.jsonl"))))
    steps = [r for r in records if r["type"] == "step"]
    assert steps and all(s["expert_action"] == s["action"] for s in steps)
    assert steps[-1]["action"].startswith("send_msg_to_user")
    end = records[-1]
    assert end["verdict"] == "SUCCESS" and json.loads((out / end["finish"]).read_text())["differences"]["emails"]["added"]

    from halo_lib.rl.config import ExportConfig
    from halo_lib.rl.export import export

    card = export(ExportConfig(runs=str(out), out_dir=str(tmp_path / "data"), val_fraction=0.0))
    rows = [json.loads(line) for line in (tmp_path / "data" / "bc_train.jsonl").read_text().splitlines()]
    assert card and rows and {r["source"] for r in rows} == {"dagger"}


def test_a_wrong_episode_is_graded_failure_by_the_checker(task_set, run_policy):
    path = set_task_paths("gen:g:1")[0]
    params = json.loads(open(path).read())["config"]["halo_generated"]["params"]
    careless = PageExpert(family_by_key(FAMILY), {**params, "subject": "Hello"})  # sends it with another subject
    result = run_policy(path, careless)
    assert result.error is None and result.steps >= 5
    assert result.reward == 0.0 and result.verdict == "FAILURE"
