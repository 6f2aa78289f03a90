"""The RL notebooks run headless under papermill on their smoke parameters (real replicas, real Chromium, the local
SmolLM2 model, real TRL trainers): the whole pipeline at smoke size (rollout -> export -> BC -> evaluation with the
adapter), then each trainer notebook on the pipeline's dataset, the rollout (03) and export (04) notebooks on RL
data, and the result notebook. Each notebook asserts on what it recorded; the test checks the files it left."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PARAMS = Path(__file__).resolve().parents[2] / "params"


def run_notebook(stem: str, tmp: Path, **overrides) -> Path:
    import papermill as pm

    params = yaml.safe_load((PARAMS / stem / "smoke.yaml").read_text()) or {}
    params.update(overrides)
    out = tmp / f"{stem}.out.ipynb"
    pm.execute_notebook(str(NOTEBOOKS / f"{stem}.ipynb"), str(out), parameters=params, kernel_name="python3",
                        cwd=str(NOTEBOOKS.parent), progress_bar=False)
    return out


@pytest.fixture(scope="module")
def pipeline(sites_config, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("rl-notebooks")
    root = tmp / "pipe"
    run_notebook("08_rl_pipeline", tmp, out_dir=str(root), sites_port=sites_config.base_port)
    return root


def test_pipeline_notebook_rollout_export_bc_eval(pipeline):
    card = json.loads((pipeline / "dataset" / "card.json").read_text())
    assert card["files"]["bc_train.jsonl"] > 0 and card["files"]["dpo_train.jsonl"] > 0
    assert (pipeline / "checkpoints" / "bc" / "adapter_model.safetensors").is_file()
    summary = json.loads((pipeline / "evals" / "bc" / "summary.json").read_text())
    assert summary["n_episodes"] == 1 and summary["backends"]["worker"]["adapter"].endswith("checkpoints/bc")


@pytest.mark.heavy  # ~5 min; at smoke size on the committed fixture: tests/notebooks/test_trainer_notebooks.py
def test_trainer_notebooks_on_the_pipeline_dataset(pipeline, tmp_path):
    data, ckpt = pipeline / "dataset", tmp_path / "ck"
    run_notebook("05_train_bc", tmp_path, data=str(data / "bc_train.jsonl"), out_root=str(ckpt), max_steps=1)
    run_notebook("06_train_dpo", tmp_path, data=str(data / "dpo_train.jsonl"), out_root=str(ckpt), init_adapter=str(ckpt / "smoke_bc"))
    run_notebook("07_train_grpo", tmp_path, data=str(data / "grpo_train.jsonl"), out_root=str(ckpt), init_adapter=str(ckpt / "smoke_bc"))
    for name in ("smoke_bc", "smoke_dpo", "smoke_grpo"):
        metrics = json.loads((ckpt / name / "metrics.json").read_text())
        assert metrics["global_steps"] >= 1 and (ckpt / name / "adapter_config.json").is_file()


@pytest.mark.heavy
def test_rollout_export_and_result_notebooks(pipeline, sites_config, tmp_path):
    # 03_rollout on its smoke params: sampled with trajectories (no report, no journal row: this test sets no $HALO_ARTIFACTS)
    run_notebook("03_rollout", tmp_path, out_dir=str(tmp_path / "ro"), sites_port=sites_config.base_port, report=False, journal="none")
    lines = (tmp_path / "ro" / "trajectories.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["rollout"] for line in lines) == [0, 1]
    runs = f"{pipeline / 'rollouts/expert'},{pipeline / 'rollouts/policy'}"
    run_notebook("04_export", tmp_path, out_dir=str(tmp_path / "ds"), runs=runs)
    assert json.loads((tmp_path / "ds" / "card.json").read_text())["trajectories"]["total"] == 2
    outputs = json.loads((tmp_path / "ds" / "outputs.json").read_text())
    assert outputs["episodes"] == 2 and outputs["datasets"]["bc_train.jsonl"] > 0 and (tmp_path / "ds" / "trajectories.csv").is_file()
    run_notebook("10_rl_result", tmp_path, out_dir=str(tmp_path / "report"), card=str(pipeline / "dataset/card.json"),
                 runs=f"policy={pipeline / 'rollouts/policy'},BC={pipeline / 'evals/bc'}", reference=str(pipeline / 'rollouts/expert'))
    assert "| BC |" in (tmp_path / "report" / "result.md").read_text()
