"""Publishing a generalization run: <run name>.md / .json with the headline keys, and the adapter shipped as fp16
only when it beats the shipped one (a real PEFT LoRA on the local model, saved the way the trainers save it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from halo_lib.errors import HaloError
from halo_lib.rl import generalize_report
from halo_lib.rl.generalize import headline
from halo_lib.rl.generalize_report import publish, shipped_success


@pytest.fixture(scope="module")
def adapter(tmp_path_factory) -> Path:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from halo_lib.policy.local_model import ensure_local_model

    folder = tmp_path_factory.mktemp("adapter") / "bc0"
    model = AutoModelForCausalLM.from_pretrained(ensure_local_model(), dtype=torch.float32)
    peft = get_peft_model(model, LoraConfig(r=4, target_modules=["q_proj", "v_proj"], layers_to_transform=[28, 29]))
    peft.save_pretrained(str(folder))
    (folder / "config.json").write_text(json.dumps({"config": {"lora_r": 4}, "data_hash": "abc123"}))
    return folder


def result_with(rate_bc: float, n: int, adapter: Path) -> dict:
    def row(rate: float) -> dict:
        return {"gomail": {"n": n, "success": rate, "stderr": 0.1}, "all": {"n": n, "success": rate, "stderr": 0.1}}

    arms = {"zero": row(0.0), "bc": row(rate_bc)}
    return {
        "config": {"name": "g"},
        "train_tasks": 57,
        "test_tasks": ["v2.gomail-13"],
        "arms": arms,
        "unseen_real": headline(arms),
        "seen_generated": {"n": 10, "success": 0.5, "stderr": 0.16},
        "adapters": {"bc": str(adapter)},
        "training": {"bc": {"global_steps": 3, "device": "cuda: NVIDIA H200"}},
        "wall_s": {"expert": 1.0, "total": 1.0},
    }


def test_publish_writes_the_report_and_ships_only_a_better_adapter(adapter, tmp_path):
    from safetensors.torch import load_file

    reports, shipped = str(tmp_path / "reports"), tmp_path / "adapters" / "qwen_bc"
    first = result_with(0.2, 30, adapter)
    publish(first, tmp_path / "run", log=lambda _: None, report_dir=reports, adapter_dir=str(shipped))
    report = json.loads((tmp_path / "reports" / "run.json").read_text())
    assert report["unseen_real"]["success_rate"] == 0.2 and report["unseen_real"]["n_tasks"] == 30
    assert report["unseen_real"]["per_site"]["gomail"] == {"success_rate": 0.2, "stderr": 0.1, "n_tasks": 30}
    assert report["commit"] and "| gomail |" in (tmp_path / "reports" / "run.md").read_text()
    weights = load_file(str(shipped / "adapter_model.safetensors"))
    assert weights and all(t.dtype.is_floating_point and t.itemsize == 2 for t in weights.values())  # fp16
    assert json.loads((shipped / "adapter_config.json").read_text())["base_model_name_or_path"] == ""  # no machine's path
    card = json.loads((shipped / "card.json").read_text())
    assert card["data_hash"] == "abc123" and card["result"]["unseen_real"]["arm"] == "bc"
    assert "20.0%" in (shipped / "CARD.md").read_text() and "trained on cuda: NVIDIA H200" in (shipped / "CARD.md").read_text()

    publish(result_with(0.2, 30, adapter), tmp_path / "run2", log=lambda _: None, report_dir=reports, adapter_dir=str(shipped))
    assert json.loads((shipped / "card.json").read_text())["result"]["unseen_real"]["success_rate"] == 0.2  # a tie keeps it
    publish(result_with(0.3, 30, adapter), tmp_path / "run3", log=lambda _: None, report_dir=reports, adapter_dir=str(shipped))
    assert shipped_success(shipped) == 0.3
    assert not (shipped.parent / "qwen_bc.new").exists()


def test_a_run_that_grades_the_shipped_weights_adds_its_result_to_their_card(adapter, tmp_path):
    import shutil

    reports, shipped = str(tmp_path / "reports"), tmp_path / "adapters" / "qwen_bc"
    publish(result_with(0.2, 30, adapter), tmp_path / "trained", log=lambda _: None, report_dir=reports, adapter_dir=str(shipped))
    adopted = tmp_path / "all" / "checkpoints" / "bc0"  # what bc0_from copies
    shutil.copytree(shipped, adopted)
    weights = (shipped / "adapter_model.safetensors").read_bytes()
    for rate in (0.1, 0.15):  # graded twice by the same run: its latest result is kept
        graded = result_with(rate, 119, adopted) | {"config": {"name": "all", "worker_dtype": "bfloat16"}}
        publish(graded, tmp_path / "all", log=lambda _: None, report_dir=reports, adapter_dir=str(shipped))
    card = json.loads((shipped / "card.json").read_text())
    assert card["result"]["unseen_real"]["success_rate"] == 0.2 and (shipped / "adapter_model.safetensors").read_bytes() == weights
    assert [(g["run"], g["success_rate"], g["n_tasks"], g["worker_dtype"]) for g in card["gradings"]] == [("all", 0.15, 119, "bfloat16")]
    assert "| all | 15.0% ± 10.0% | 119 | bfloat16 |" in (shipped / "CARD.md").read_text()
    assert (tmp_path / "reports" / "all.json").is_file()


def test_an_adapter_over_the_size_limit_is_refused_and_the_shipped_one_kept(adapter, tmp_path, monkeypatch):
    shipped = tmp_path / "qwen_bc"
    publish(result_with(0.1, 30, adapter), tmp_path / "run", log=lambda _: None, report_dir=str(tmp_path / "r"), adapter_dir=str(shipped))
    monkeypatch.setattr(generalize_report, "MAX_ADAPTER_MB", 0.001)
    with pytest.raises(HaloError, match="over the 0.001 MB a shipped adapter may be"):
        publish(
            result_with(0.5, 30, adapter), tmp_path / "run2", log=lambda _: None, report_dir=str(tmp_path / "r"), adapter_dir=str(shipped)
        )
    assert shipped_success(shipped) == 0.1 and (shipped / "adapter_model.safetensors").is_file()


def test_the_headline_is_the_best_trained_arm_and_ties_go_to_bc():
    def arms(bc: float, dpo: float) -> dict:
        cell = lambda p: {"all": {"n": 10, "success": p, "stderr": 0.0}}  # noqa: E731
        return {"zero": cell(0.9), "bc": cell(bc), "dpo": cell(dpo)}

    assert headline(arms(0.2, 0.2))["arm"] == "bc"
    assert headline(arms(0.2, 0.3))["arm"] == "dpo"
    assert headline(arms(0.2, 0.3))["success_rate"] == 0.3  # zero-shot is never the headline


def _expert_episode(run: Path, task: str, actions: list[str], success: bool = True) -> None:
    """An episode file as the runner writes it (start, steps with the worker prompt, end), for the readers."""
    records = [{"type": "start", "task_id": task, "rollout": 0, "mode": "expert", "goal": f"goal of {task}"}]
    for i, action in enumerate(actions):
        prompt = [{"role": "user", "content": f"Page: step {i}\n[{10 + i}] button 'Next'"}]
        records.append(
            {"type": "step", "step": i, "action": action, "source": "expert", "decision": {"prompt": prompt, "fingerprint": f"f{i}"}}
        )
    records.append({"type": "end", "reward": 1.0 if success else 0.0, "success": success})
    (run / "episodes").mkdir(parents=True, exist_ok=True)
    (run / "episodes" / f"{task}__0.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))


def test_step_prompts_take_every_tasks_first_steps_first_and_skip_failed_episodes(tmp_path):
    from halo_lib.rl.generalize import real_step_prompts

    run = tmp_path / "real_expert"
    _expert_episode(run, "v2.gomail-1", ["click('10')", "click('11')", "click('12')"])
    _expert_episode(run, "v2.omnizon-3", ["click('10')", "click('11')"])
    _expert_episode(run, "v2.zilloft-2", ["click('10')"], success=False)
    out = real_step_prompts(run, tmp_path / "real_steps.jsonl", limit=4)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["task_id"], r["step"]) for r in rows] == [("v2.gomail-1", 0), ("v2.omnizon-3", 0), ("v2.gomail-1", 1), ("v2.omnizon-3", 1)]
    assert rows[2]["completion"][0]["content"] == "Action: click('11')" and "[11] button" in rows[2]["prompt"][0]["content"]
