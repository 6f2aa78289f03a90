"""`train_elsewhere`: `halo generalize` stops wherever a checkpoint is missing (the adapter is trained on a lent GPU)
and writes that training's config under `elsewhere/`; the rerun, with the adapter unpacked into `checkpoints/`, goes
on without training anything here: after bc0, a DAgger round (the worker played here, the expert labelling it), a
second stop for bc1 and DPO, then the grading. Real replicas, Chromium and experts; a tiny random-init model keeps
the worker's episodes short.

    .venv/bin/python -m pytest tests/rl/test_generalize_elsewhere.py -q
"""

from __future__ import annotations

import dataclasses
import json

import pytest
import yaml

from halo_lib.cli import main as halo
from halo_lib.generated.generate import GenerateConfig, generate_set
from halo_lib.rl.common import file_hash
from halo_lib.rl.generalize import GeneralizeConfig, run_generalize

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(1200)]


def train_there(root, jobs):
    """What the device does with the stop's job list: `halo train KIND --config FILE` for each, in order (one
    optimizer step here). The configs name the run's folders relative to the repository and artifacts roots."""
    for job in jobs:
        kind, config = job.split("=", 1)
        assert config.startswith("artifacts/generalize/g/elsewhere/") and (root / "elsewhere" / config.rsplit("/", 1)[1]).is_file()
        assert halo(["train", kind, "--config", config, "--max-steps", "1"]) == 0


def test_the_loop_stops_for_training_elsewhere_and_resumes_with_that_adapter(tmp_path, monkeypatch, sites_config, capsys):
    from tests.support.tiny_model import make_tiny_model

    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path / "artifacts"))
    model = make_tiny_model(tmp_path / "model")
    generate_set(GenerateConfig(name="elsewhere", families=["omnizon.add_to_cart"], per_family=2))
    cfg = GeneralizeConfig(
        name="g",
        train_set="elsewhere",
        dagger_rounds=1,
        dagger_tasks=2,
        arms=["bc", "dpo"],
        test_tasks="v2.omnizon-13",
        max_steps=2,
        model=str(model),
        sites_port=sites_config.base_port,
        val_fraction=0.0,
        step_eval_prompts=2,
        train_elsewhere=True,
        batch_size=2,
        max_wall_s=60,
    )
    root = tmp_path / "artifacts" / "generalize" / "g"
    stopped = run_generalize(cfg, log=lambda line: None)
    assert stopped["stopped_at"] == "bc0" and (root / "data0" / "bc_train.jsonl").stat().st_size > 0
    assert stopped["jobs"] == ["bc=artifacts/generalize/g/elsewhere/bc0.yaml"]  # DPO waits for the DAgger round's pairs
    probe = (root / "real_steps.jsonl").read_text().splitlines()  # written now: the device measures each adapter on them
    assert stopped["step_prompts"] == str(root / "real_steps.jsonl") and len(probe) == 2
    assert not (root / "checkpoints").exists() and not (root / "eval_bc").exists()
    bc0 = yaml.safe_load((root / "elsewhere" / "bc0.yaml").read_text())
    assert (bc0["data"], bc0["init_adapter"], bc0["batch_size"], bc0["max_wall_s"]) == (
        "artifacts/generalize/g/data0/bc_train.jsonl",
        "",
        2,
        60,
    )
    train_there(root, stopped["jobs"])
    stamp = (root / "checkpoints" / "bc0" / "metrics.json").stat().st_mtime

    stopped = run_generalize(cfg, log=lambda line: None)  # the DAgger round runs here, then bc1 (and DPO) go elsewhere
    assert stopped["stopped_at"] == "bc1" and (root / "dagger1" / "summary.json").is_file()
    assert stopped["jobs"][0] == "bc=artifacts/generalize/g/elsewhere/bc1.yaml"
    bc1 = yaml.safe_load((root / "elsewhere" / "bc1.yaml").read_text())
    assert (bc1["data"], bc1["init_adapter"]) == ("artifacts/generalize/g/data1/bc_train.jsonl", "artifacts/generalize/g/checkpoints/bc0")
    pairs = (root / "data1" / "dpo_train.jsonl").is_file() and (root / "data1" / "dpo_train.jsonl").stat().st_size > 0
    assert stopped["jobs"][1:] == (["dpo=artifacts/generalize/g/elsewhere/dpo.yaml"] if pairs else [])
    if pairs:
        dpo = yaml.safe_load((root / "elsewhere" / "dpo.yaml").read_text())
        assert (dpo["data"], dpo["init_adapter"]) == (
            "artifacts/generalize/g/data1/dpo_train.jsonl",
            "artifacts/generalize/g/checkpoints/bc1",
        )
    train_there(root, stopped["jobs"])

    result = run_generalize(cfg, log=lambda line: None)
    assert result["arms"]["bc"]["all"]["n"] == 1 and result["adapters"]["bc"] == str(root / "checkpoints" / "bc1")
    for run in ("dagger1", "eval_bc", *(["eval_dpo"] if pairs else [])):  # the worker ran on the model it was trained on
        assert json.loads((root / run / "summary.json").read_text())["n_errors"] == 0, run
    assert ("dpo" in result["arms"]) == pairs
    assert (root / "checkpoints" / "bc0" / "metrics.json").stat().st_mtime == stamp  # graded, not retrained
    assert json.loads((root / "result.json").read_text())["training"]["bc"]["global_steps"] == 1

    # another run on top of this one's experts, data0 and bc0 (reuse_from): linked, resumed, not redone
    episodes = sorted(p.name for p in (root / "expert" / "episodes").glob("*.jsonl"))
    again = dataclasses.replace(cfg, name="g2", reuse_from="g", dagger_rounds=0, arms=["bc"], step_eval_prompts=0)
    result = run_generalize(again, log=lambda line: None)
    root2 = root.parent / "g2"
    assert (root2 / "expert").is_symlink() and (root2 / "checkpoints" / "bc0").is_symlink()
    assert result["adapters"]["bc"] == str(root2 / "checkpoints" / "bc0") and result["arms"]["bc"]["all"]["n"] == 1
    assert sorted(p.name for p in (root / "expert" / "episodes").glob("*.jsonl")) == episodes
    assert not (root2 / "elsewhere").exists()  # bc0 was trained: nothing to send

    # a run that takes a trained adapter as its bc0 (bc0_from: the shipped one on a fresh clone) stops for bc1, and
    # for DPO from bc0 (preference_from: the worker that played the DAgger round)
    adopted = dataclasses.replace(
        cfg, name="g3", bc0_from="artifacts/generalize/g/checkpoints/bc0", preference_from="bc0", step_eval_prompts=0
    )
    (tmp_path / "g3.yaml").write_text(yaml.safe_dump(dataclasses.asdict(adopted)))
    assert halo(["generalize", "--config", str(tmp_path / "g3.yaml")]) == 0  # the command, as the docs run it
    printed = capsys.readouterr().out.strip()
    stopped = run_generalize(adopted, log=lambda line: None)
    root3 = root.parent / "g3"
    pairs = (root3 / "data1" / "dpo_train.jsonl").is_file() and (root3 / "data1" / "dpo_train.jsonl").stat().st_size > 0
    assert stopped["stopped_at"] == "bc1" and stopped["jobs"] == ["bc=artifacts/generalize/g3/elsewhere/bc1.yaml"] + (
        ["dpo=artifacts/generalize/g3/elsewhere/dpo.yaml"] if pairs else []
    )
    assert printed.endswith(
        f"Stopped before bc1: run params/rl/gpu_train.sh $OUT {' '.join(stopped['jobs'])} on a GPU, unpack the adapters into "
        f"{root3 / 'checkpoints'}, then rerun this command."
    )
    if pairs:
        dpo = yaml.safe_load((root3 / "elsewhere" / "dpo.yaml").read_text())
        assert dpo["init_adapter"] == "artifacts/generalize/g3/checkpoints/bc0"
    facts = json.loads((root3 / "checkpoints" / "bc0" / "metrics.json").read_text())
    same = file_hash(root / "data0" / "bc_train.jsonl") == file_hash(root3 / "data0" / "bc_train.jsonl")
    assert facts["adopted_from"] == str(root / "checkpoints" / "bc0") and facts["same_data"] is same
    assert (root3 / "checkpoints" / "bc0" / "adapter_model.safetensors").read_bytes() == (
        root / "checkpoints" / "bc0" / "adapter_model.safetensors"
    ).read_bytes()
    assert json.loads((root3 / "dagger1" / "summary.json").read_text())["n_errors"] == 0  # the adopted adapter played

    # bc0_from with nothing to train from it: the adapter is graded as it is, with no experts or export (h200_all.yaml)
    graded = dataclasses.replace(cfg, name="g5", bc0_from="artifacts/generalize/g/checkpoints/bc0", dagger_rounds=0, arms=["bc"])
    result = run_generalize(dataclasses.replace(graded, step_eval_prompts=0, train_elsewhere=False), log=lambda line: None)
    root5 = root.parent / "g5"
    assert result["arms"]["bc"]["all"]["n"] == 1 and result["adapters"]["bc"] == str(root5 / "checkpoints" / "bc0")
    assert not (root5 / "expert").exists() and not (root5 / "data0").exists()
    assert result["training"]["bc"]["adopted_from"] == str(root / "checkpoints" / "bc0") and result["training"]["bc"]["same_data"] is None
    assert json.loads((root5 / "eval_bc" / "summary.json").read_text())["n_errors"] == 0
    assert f"| bc | taken from {root / 'checkpoints' / 'bc0'} (bc0_from) |" in (root5 / "result.md").read_text()

    # the zero-shot arm alone needs no task set, experts or training (zero-shot on every REAL task: params zero_all.yaml)
    zero = dataclasses.replace(cfg, name="g4", train_set="no_such_set", arms=["zero"], step_eval_prompts=0, train_elsewhere=False)
    result = run_generalize(zero, log=lambda line: None)
    root4 = root.parent / "g4"
    assert set(result["arms"]) == {"zero"} and result["arms"]["zero"]["all"]["n"] == 1 and result["train_tasks"] == 0
    assert sorted(p.name for p in root4.iterdir()) == ["config.json", "eval_zero", "result.json", "result.md", "timings.json"]
    assert json.loads((root4 / "eval_zero" / "summary.json").read_text())["n_errors"] == 0
