"""The trainer notebooks (05-07) and the RL result notebook (10) run headless on their smoke params alone, as on a fresh
clone: no browser and no earlier notebook, only the committed fixture dataset and runs (tests/fixtures/rl/, real
expert and zero-shot rollouts exported by halo_lib.rl.export). Real SmolLM2 + TRL trainers on CPU, 1-2 steps each;
the kernel starts in notebooks/, so the relative fixture paths must resolve from the project root, and
$HALO_ARTIFACTS (a temp folder here) must receive the checkpoints and the notebooks' records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from halo_lib.notebook.headless import run_notebook
from halo_lib.paths import PROJECT_ROOT

pytestmark = pytest.mark.slow

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "rl"


@pytest.fixture
def artifacts(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path / "artifacts"))  # the kernel inherits it
    return tmp_path / "artifacts"


def test_the_fixture_is_small_and_in_the_export_format():
    size = sum(p.stat().st_size for p in FIXTURE.rglob("*") if p.is_file())
    assert size < 200 * 1024
    card = json.loads((FIXTURE / "dataset" / "card.json").read_text())
    assert card["files"]["bc_train.jsonl"] > 0 and card["files"]["dpo_train.jsonl"] > 0 and card["files"]["grpo_train.jsonl"] > 0
    assert card["val_tasks"] and not set(card["train_tasks"]) & set(card["val_tasks"])
    row = json.loads((FIXTURE / "dataset" / "bc_train.jsonl").read_text().splitlines()[0])
    assert row["prompt"][0]["role"] == "system" and row["completion"][0]["content"].startswith("Action: ")


# ~10-60 s each on an idle 2-core box; 6-10 min each at a load average of 35 (six engineers' tests at once)
@pytest.mark.timeout(1500)
@pytest.mark.parametrize(
    "stem, name, steps",
    [
        ("05_train_bc", "smoke_bc", 2),
        pytest.param("06_train_dpo", "smoke_dpo", 1, marks=pytest.mark.heavy),
        pytest.param("07_train_grpo", "smoke_grpo", 1, marks=pytest.mark.heavy),
    ],
)
def test_trainer_notebook_runs_alone_on_its_smoke_params(stem, name, steps, artifacts):
    result = run_notebook(stem, [f"params/{stem}/smoke.yaml"], progress=False)
    checkpoint = artifacts / "checkpoints" / name  # out_root artifacts/checkpoints, under $HALO_ARTIFACTS
    assert (checkpoint / "adapter_config.json").is_file() and (checkpoint / "adapter_model.safetensors").is_file()
    metrics = json.loads((checkpoint / "metrics.json").read_text())
    assert metrics["global_steps"] == steps and len(metrics["loss_curve"]) == steps
    # the notebook's own record: under $HALO_ARTIFACTS/train/, naming the checkpoint it wrote
    assert result["out_dir"].parent == artifacts / "train"
    assert result["outputs"]["checkpoint"] == str(checkpoint) and result["outputs"]["global_steps"] == steps
    recorded = json.loads((result["out_dir"] / "params.json").read_text())["params"]
    assert recorded["data"] == f"tests/fixtures/rl/dataset/{stem.split('_')[-1]}_train.jsonl"  # relative, read from the root
    config = json.loads((checkpoint / "config.json").read_text())
    assert json.dumps(config).count(str(FIXTURE / "dataset")) >= 1  # the trainer was given the resolved fixture path


def test_result_notebook_runs_alone_on_the_fixture_runs(artifacts):
    result = run_notebook("10_rl_result", ["params/10_rl_result/smoke.yaml"], progress=False)
    out = artifacts / "reports" / "rl_result_smoke"  # the smoke's out_dir, artifacts/... under $HALO_ARTIFACTS
    assert result["out_dir"] == out and result["outputs"]["result_md"] == str(out / "result.md")
    table = json.loads((out / "result.json").read_text())
    rows = {row["policy"]: row for row in table["rows"]}
    assert set(rows) == {"expert", "policy"}
    expert = json.loads((FIXTURE / "runs" / "expert" / "summary.json").read_text())
    assert rows["expert"]["all"][:2] == [expert["n_success"], expert["n_episodes"]] == [2, 2]
    assert rows["expert"]["held_out"][:2] == [1, 1] and rows["expert"]["train_tasks"][:2] == [1, 1]  # one task each side
    assert rows["policy"]["all"][:2] == [0, 2]  # one zero-shot step solves nothing
    markdown = (out / "result.md").read_text()
    assert "| expert |" in markdown and "| policy |" in markdown


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    from tests.support.tiny_model import make_tiny_model

    return make_tiny_model(tmp_path_factory.mktemp("tiny-llama"))


@pytest.mark.timeout(900)
@pytest.mark.parametrize("stem, name", [("06_train_dpo", "smoke_dpo"), ("07_train_grpo", "smoke_grpo")])
def test_dpo_and_grpo_notebooks_run_their_smoke_params_on_a_tiny_model(stem, name, artifacts, tiny_model):
    """The default suite's version of the heavy case above: the same notebook and smoke params (the committed
    fixture data), with `model` set to a tiny random-init Llama so that it fits CI's budget."""
    result = run_notebook(stem, [f"params/{stem}/smoke.yaml"], {"model": str(tiny_model)}, progress=False)
    checkpoint = artifacts / "checkpoints" / name
    assert (checkpoint / "adapter_config.json").is_file()
    metrics = json.loads((checkpoint / "metrics.json").read_text())
    assert metrics["global_steps"] == 1 and result["outputs"]["checkpoint"] == str(checkpoint)
    assert json.loads((checkpoint / "adapter_config.json").read_text())["base_model_name_or_path"] == str(tiny_model)
