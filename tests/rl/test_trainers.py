"""Each trainer on a tiny random-init 2-layer Llama (SmolLM2's tokenizer) for a few steps: the loss is finite, the
adapter's weights moved, and the saved adapter reloads in HALO's local backend and generates.
Also: BC's loss is TRL's loss (HALO's trainer only skips the LM head where there is no label), bad input gets one
sentence, and the Unsloth selection logic."""

from __future__ import annotations

import os

import json
import math

import pytest
import torch

from halo_lib.config import from_dict
from halo_lib.errors import HaloError
from halo_lib.policy.backends import BackendSpec, LocalBackend
from halo_lib.rl.common import cpu_has_native_bf16
from halo_lib.rl.config import BCConfig, DPOConfig, GRPOConfig
from halo_lib.rl.unsloth_glue import choose_backend

pytestmark = pytest.mark.slow


def _lora_tensors(folder) -> dict[str, torch.Tensor]:
    from safetensors.torch import load_file

    return load_file(str(folder / "adapter_model.safetensors"))


def _check_outputs(out, metrics, steps: int) -> None:
    assert (out / "adapter_config.json").is_file() and (out / "adapter_model.safetensors").is_file()
    assert metrics["global_steps"] == steps
    assert metrics["loss_curve"] and all(math.isfinite(p["loss"]) for p in metrics["loss_curve"])
    saved = json.loads((out / "metrics.json").read_text())
    assert saved["loss_curve"] == metrics["loss_curve"]
    config = json.loads((out / "config.json").read_text())
    assert config["data_hash"] == (out / "data_hash.txt").read_text().strip() and len(config["data_hash"]) == 16


def _generates(model_folder, adapter) -> str:
    backend = LocalBackend(BackendSpec("local", str(model_folder), adapter=str(adapter)))
    reply = backend.complete([{"role": "user", "content": "Next action?"}], max_tokens=4)
    assert reply.completion_tokens >= 1
    return reply.text


def _bc(tiny_model, train_files, tmp_path, name="bc", steps=3, **fields):
    from halo_lib.rl.train_bc import train_bc

    cfg = BCConfig(
        data=str(train_files["bc"]),
        model=str(tiny_model),
        name=name,
        out_root=str(tmp_path),
        max_steps=steps,
        grad_accum=1,
        learning_rate=1e-2,
        progress=False,
        **fields,
    )
    return cfg, train_bc(cfg)


def test_bc_trains_a_lora_that_reloads(tiny_model, train_files, tmp_path):
    cfg, metrics = _bc(tiny_model, train_files, tmp_path)
    out = tmp_path / "bc"
    _check_outputs(out, metrics, 3)
    # LoRA B matrices start at zero: any non-zero B means the adapter was trained
    lora_b = [t for k, t in _lora_tensors(out).items() if "lora_B" in k]
    assert lora_b and any(t.abs().sum() > 0 for t in lora_b)
    assert metrics["loss_curve"][-1]["loss"] < metrics["loss_curve"][0]["loss"]
    assert metrics["device"] == f"cpu: {os.cpu_count()} cores"  # the shipped card says where an adapter was trained
    assert metrics["precision"] == ("bf16" if cpu_has_native_bf16() else "fp32")  # precision auto
    _generates(tiny_model, out)


def test_bf16_and_fp32_training_start_from_the_same_loss_and_say_which_ran(tiny_model, train_files, tmp_path):
    _, fp32 = _bc(tiny_model, train_files, tmp_path, name="fp32", precision="fp32")
    _, bf16 = _bc(tiny_model, train_files, tmp_path, name="bf16", precision="bf16")
    assert (fp32["precision"], bf16["precision"]) == ("fp32", "bf16")
    first = [run["loss_curve"][0]["loss"] for run in (fp32, bf16)]
    assert first[0] != first[1] and first[1] == pytest.approx(first[0], rel=0.05)  # autocast rounds, nothing else differs
    assert bf16["loss_curve"][-1]["loss"] < bf16["loss_curve"][0]["loss"]


def test_a_wall_clock_limit_ends_training_after_the_step_that_passes_it(tiny_model, train_files, tmp_path):
    _, metrics = _bc(tiny_model, train_files, tmp_path, name="walled", steps=50, max_wall_s=1e-6)
    _check_outputs(tmp_path / "walled", metrics, 1)  # one step, then saved as usual
    assert metrics["stopped_at_wall_limit"] is True
    _, unlimited = _bc(tiny_model, train_files, tmp_path, name="free", steps=2)
    assert unlimited["global_steps"] == 2 and unlimited["stopped_at_wall_limit"] is False


def test_halo_bc_loss_equals_trl_loss(tiny_model, train_files, tmp_path):
    from halo_lib.rl.train_bc import build_bc_trainer

    cfg = BCConfig(data=str(train_files["bc"]), model=str(tiny_model), name="cmp", out_root=str(tmp_path), max_steps=1)
    losses = []
    for fast in (True, False):
        trainer, *_ = build_bc_trainer(cfg, fast_loss=fast)
        batch = next(iter(trainer.get_train_dataloader()))
        trainer.model.eval()
        with torch.no_grad():
            losses.append(float(trainer.compute_loss(trainer.model, dict(batch))))
    assert losses[0] == pytest.approx(losses[1], rel=1e-4)


def test_dpo_from_bc_moves_the_adapter(tiny_model, train_files, tmp_path):
    from halo_lib.rl.train_dpo import train_dpo

    _bc(tiny_model, train_files, tmp_path, name="bc0", steps=1)
    before = _lora_tensors(tmp_path / "bc0")
    cfg = DPOConfig(
        data=str(train_files["dpo"]),
        model=str(tiny_model),
        init_adapter=str(tmp_path / "bc0"),
        name="dpo",
        out_root=str(tmp_path),
        max_steps=2,
        grad_accum=1,
        learning_rate=1e-2,
        progress=False,
    )
    metrics = train_dpo(cfg)
    out = tmp_path / "dpo"
    _check_outputs(out, metrics, 2)
    after = _lora_tensors(out)
    assert set(after) == set(before)  # the BC adapter kept training (no reference adapter saved with it)
    assert any(not torch.equal(after[k], before[k]) for k in before)
    _generates(tiny_model, out)


def test_continuing_an_adapter_with_lora_top_layers_trains_only_those_layers(tiny_model, train_files, tmp_path):
    from halo_lib.rl.train_dpo import train_dpo

    _bc(tiny_model, train_files, tmp_path, name="bc2", steps=1)
    before = _lora_tensors(tmp_path / "bc2")
    cfg = DPOConfig(
        data=str(train_files["dpo"]),
        model=str(tiny_model),
        init_adapter=str(tmp_path / "bc2"),
        name="dpo_top",
        out_root=str(tmp_path),
        max_steps=2,
        grad_accum=1,
        learning_rate=1e-2,
        lora_top_layers=1,
        progress=False,
    )
    train_dpo(cfg)
    after = _lora_tensors(tmp_path / "dpo_top")
    moved = {k for k in before if not torch.equal(after[k], before[k])}
    assert moved and all(".layers.1." in k for k in moved)  # the 2-layer model: only the top layer trained
    assert all(torch.equal(after[k], before[k]) for k in before if ".layers.0." in k)


@pytest.mark.parametrize("top_layers", [0, 1])
def test_dpo_from_bc_resumes_from_its_checkpoint(tiny_model, train_files, tmp_path, top_layers):
    from halo_lib.rl.train_dpo import train_dpo

    _bc(tiny_model, train_files, tmp_path, name="bc3", steps=1)
    common = dict(
        data=str(train_files["dpo"]),
        model=str(tiny_model),
        init_adapter=str(tmp_path / "bc3"),
        name="dpo_resume",
        out_root=str(tmp_path),
        grad_accum=1,
        learning_rate=1e-2,
        lora_top_layers=top_layers,
        save_steps=1,
        progress=False,
    )
    train_dpo(DPOConfig(**common, max_steps=2))
    metrics = train_dpo(DPOConfig(**common, max_steps=3))
    assert metrics["resumed_from"].endswith("checkpoint-2") and metrics["global_steps"] == 3
    assert [p["step"] for p in metrics["loss_curve"]] == [1, 2, 3]
    if top_layers:
        before, after = _lora_tensors(tmp_path / "bc3"), _lora_tensors(tmp_path / "dpo_resume")
        assert all(torch.equal(after[k], before[k]) for k in before if ".layers.0." in k)  # still frozen after the resume


def test_grpo_rewards_and_trains(tiny_model, train_files, tmp_path):
    from halo_lib.rl.train_grpo import train_grpo

    _bc(tiny_model, train_files, tmp_path, name="bc1", steps=1)
    before = _lora_tensors(tmp_path / "bc1")
    cfg = GRPOConfig(
        data=str(train_files["grpo"]),
        model=str(tiny_model),
        init_adapter=str(tmp_path / "bc1"),
        name="grpo",
        out_root=str(tmp_path),
        max_steps=2,
        num_generations=2,
        batch_size=2,
        max_completion_length=8,
        learning_rate=1e-2,
        progress=False,
    )
    metrics = train_grpo(cfg)
    out = tmp_path / "grpo"
    assert (out / "adapter_model.safetensors").is_file() and metrics["global_steps"] == 2
    assert metrics["reward_curve"] and all(math.isfinite(p["reward"]) for p in metrics["reward_curve"])
    after = _lora_tensors(out)
    assert any(not torch.equal(after[k], before[k]) for k in before)
    _generates(tiny_model, out)


def test_bad_trainer_input_gets_one_sentence(tiny_model, tmp_path):
    from halo_lib.rl.train_bc import train_bc
    from halo_lib.rl.train_dpo import train_dpo

    with pytest.raises(HaloError, match="does not exist"):
        train_bc(BCConfig(data=str(tmp_path / "missing.jsonl"), model=str(tiny_model)))
    data = tmp_path / "d.jsonl"
    data.write_text('{"prompt": [], "chosen": [], "rejected": []}\n')
    with pytest.raises(HaloError, match="LoRA adapter folder .*no adapter_config.json"):
        train_dpo(DPOConfig(data=str(data), model=str(tiny_model), init_adapter=str(tmp_path / "nope")))
    with pytest.raises(HaloError, match="BCConfig.epochs must be float"):
        from_dict(BCConfig, {"epochs": "three"})
    with pytest.raises(HaloError, match="Unknown GRPOConfig key 'num_generation'.*num_generations"):
        from_dict(GRPOConfig, {"num_generation": 4})


def test_unsloth_by_default_only_with_cuda_and_the_package_and_on_request_wherever_installed():
    yes, no = (lambda: True), (lambda: False)
    assert choose_backend("auto", cuda=yes, installed=yes) == "unsloth"
    assert choose_backend("auto", cuda=no, installed=yes) == "trl"
    assert choose_backend("auto", cuda=yes, installed=no) == "trl"
    assert choose_backend("trl", cuda=yes, installed=yes) == "trl"
    assert choose_backend("unsloth", cuda=no, installed=yes) == "unsloth"  # Unsloth's CPU fallback (SFT LoRA)
    with pytest.raises(HaloError, match=r"needs the unsloth package.*\./run\.sh unsloth-env"):
        choose_backend("unsloth", cuda=yes, installed=no)
    assert choose_backend("auto") == ("unsloth" if torch.cuda.is_available() and _importable("unsloth") else "trl")


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_cli_train_takes_any_config_field(tiny_model, train_files, tmp_path, capsys):
    """`halo train bc` with fields the hand-written parser could not set (lora_top_layers, lora_alpha, max_length)."""
    from halo_lib.cli import main

    code = main(
        [
            "train",
            "bc",
            "--data",
            str(train_files["bc"]),
            "--model",
            str(tiny_model),
            "--name",
            "cli_bc",
            "--out_root",
            str(tmp_path),
            "--max-steps",
            "1",
            "--grad-accum",
            "1",
            "--lora-top-layers",
            "1",
            "--lora-alpha",
            "8",
            "--max-length",
            "1024",
            "--no-progress",
        ]
    )
    assert code == 0
    assert "bc: 1 steps" in capsys.readouterr().out
    saved = json.loads((tmp_path / "cli_bc" / "config.json").read_text())["config"]
    assert (saved["lora_top_layers"], saved["lora_alpha"], saved["max_length"], saved["progress"]) == (1, 8, 1024, False)
    lora = [k for k in _lora_tensors(tmp_path / "cli_bc") if "lora_A" in k]
    assert lora and all(".layers.1." in k for k in lora)  # the tiny model has 2 layers: only the top one got LoRA
