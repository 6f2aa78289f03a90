"""`train_elsewhere`: `halo generalize` stops once the BC data is exported (the adapter is trained on a lent GPU),
and the rerun, with that adapter in `checkpoints/bc0`, grades it without training anything here. Real replicas,
Chromium and experts; a tiny random-init model keeps the worker's episodes short.

    .venv/bin/python -m pytest tests/rl/test_generalize_elsewhere.py -q
"""

from __future__ import annotations

import json

import pytest

from halo_lib.generated.generate import GenerateConfig, generate_set
from halo_lib.rl.config import BCConfig
from halo_lib.rl.generalize import GeneralizeConfig, run_generalize
from halo_lib.rl.train_bc import train_bc

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(1200)]


def test_the_loop_stops_for_training_elsewhere_and_resumes_with_that_adapter(tmp_path, monkeypatch, sites_config):
    from tests.support.tiny_model import make_tiny_model

    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path / "artifacts"))
    model = make_tiny_model(tmp_path / "model")
    generate_set(GenerateConfig(name="elsewhere", families=["omnizon.add_to_cart"], per_family=2))
    cfg = GeneralizeConfig(
        name="g",
        train_set="elsewhere",
        dagger_rounds=0,
        arms=["bc"],
        test_tasks="v2.omnizon-13",
        max_steps=2,
        model=str(model),
        sites_port=sites_config.base_port,
        val_fraction=0.0,
        step_eval_prompts=2,
        train_elsewhere=True,
    )
    root = tmp_path / "artifacts" / "generalize" / "g"
    stopped = run_generalize(cfg, log=lambda line: None)
    assert stopped["stopped_at"] == "bc0" and (root / "data0" / "bc_train.jsonl").stat().st_size > 0
    probe = (root / "real_steps.jsonl").read_text().splitlines()  # written now: the device measures each adapter on them
    assert stopped["step_prompts"] == str(root / "real_steps.jsonl") and len(probe) == 2
    assert not (root / "checkpoints").exists() and not (root / "eval_bc").exists()
    # "elsewhere": the device trains the exported rows into checkpoints/bc0 (here, one step on the CPU)
    train_bc(
        BCConfig(
            data=str(root / "data0" / "bc_train.jsonl"),
            model=str(model),
            name="bc0",
            out_root=str(root / "checkpoints"),
            max_steps=1,
            progress=False,
        )
    )
    stamp = (root / "checkpoints" / "bc0" / "metrics.json").stat().st_mtime
    result = run_generalize(cfg, log=lambda line: None)
    assert result["arms"]["bc"]["all"]["n"] == 1 and result["adapters"]["bc"] == str(root / "checkpoints" / "bc0")
    assert (root / "checkpoints" / "bc0" / "metrics.json").stat().st_mtime == stamp  # graded, not retrained
    assert json.loads((root / "result.json").read_text())["training"]["bc"]["global_steps"] == 1
