"""What the three trainers share: model + tokenizer loading (base or base + a LoRA adapter), the LoRA config,
the backend choice (TRL on CPU, Unsloth's FastLanguageModel on CUDA when installed), TRL arguments that work
on a CPU, and the output folder (adapter, config.json, metrics.json with the loss curve, data hash).

    model, tokenizer, peft_config = load_policy(cfg)          # cfg: BCConfig | DPOConfig | GRPOConfig
    out = output_dir(cfg); ...; write_outputs(out, cfg, trainer, data_hash)

Nothing downloads: models load with local_files_only and HF_HUB_OFFLINE is set for the process.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import time
from pathlib import Path
from typing import Any

from halo_lib.errors import HaloError
from halo_lib.paths import resolve_path
from halo_lib.rl.unsloth_glue import choose_backend

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")


def base_model_folder(cfg: Any) -> Path:
    if cfg.model:
        folder = resolve_path(cfg.model)
        if not (folder / "config.json").is_file():
            raise HaloError(f"Base model folder '{cfg.model}' has no config.json: give an HF model folder.")
        return folder
    from halo_lib.policy.local_model import ensure_local_model

    return ensure_local_model()


def check_adapter(path: str) -> Path:
    folder = resolve_path(path)
    if not (folder / "adapter_config.json").is_file():
        raise HaloError(f"LoRA adapter folder '{path}' does not exist (no adapter_config.json): train it first or set init_adapter to ''.")
    return folder


def check_data(path: str, what: str) -> Path:
    if not path:
        raise HaloError(f"No {what} data given: set `data` to a jsonl written by `halo export`.")
    p = resolve_path(path)
    if not p.is_file():
        raise HaloError(f"{what} data file '{path}' does not exist: run `halo export` first.")
    if p.stat().st_size == 0:
        raise HaloError(f"{what} data file '{path}' is empty: export more trajectories (successful ones for BC, pairs for DPO).")
    return p


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def lora_config(cfg: Any, n_layers: int | None = None):
    from peft import LoraConfig

    layers = None
    if cfg.lora_top_layers > 0 and n_layers:
        layers = list(range(max(0, n_layers - cfg.lora_top_layers), n_layers))
    return LoraConfig(
        layers_to_transform=layers,
        r=cfg.lora_r,
        lora_alpha=cfg.lora_alpha,
        lora_dropout=cfg.lora_dropout,
        bias="none",
        task_type="CAUSAL_LM",
        target_modules=[t.strip() for t in cfg.lora_targets.split(",") if t.strip()],
    )


def load_policy(cfg: Any) -> tuple[Any, Any, Any, str]:
    """(model, tokenizer, peft_config or None, backend). With `init_adapter` the model is a PeftModel whose
    adapter keeps training (peft_config None); else the trainer wraps the base model with a fresh LoRA."""
    backend = choose_backend(cfg.backend)
    folder = base_model_folder(cfg)
    adapter = check_adapter(cfg.init_adapter) if cfg.init_adapter else None
    if backend == "unsloth":
        from halo_lib.rl.unsloth_glue import load_unsloth

        model, tokenizer = load_unsloth(cfg, folder, adapter)
        return model, tokenizer, None, backend
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.manual_seed(cfg.seed)
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True, dtype=torch.float32)
    if adapter is not None:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, adapter, is_trainable=True)
        freeze_lower_lora(model, cfg.lora_top_layers, getattr(model.config, "num_hidden_layers", 0))
        return model, tokenizer, None, backend
    return model, tokenizer, lora_config(cfg, getattr(model.config, "num_hidden_layers", None)), backend


def freeze_lower_lora(model: Any, top_layers: int, n_layers: int) -> int:
    """Continuing an adapter with `lora_top_layers` N > 0: only the top N layers' LoRA weights train (the
    backward pass stops there, as for a fresh top-N LoRA); returns how many tensors were frozen."""
    if top_layers <= 0 or not n_layers:
        return 0
    first = n_layers - top_layers
    frozen = 0
    for name, param in model.named_parameters():
        match = re.search(r"\.layers\.(\d+)\.", name)
        if "lora_" in name and match and int(match.group(1)) < first and param.requires_grad:
            param.requires_grad = False
            frozen += 1
    return frozen


def output_dir(cfg: Any) -> Path:
    return resolve_path(cfg.out_root) / cfg.name


def common_args(cfg: Any, out: Path) -> dict[str, Any]:
    """TRL/transformers TrainingArguments that work on a 2-core CPU as well as on a GPU."""
    import torch

    cuda = torch.cuda.is_available()
    return dict(
        output_dir=str(out / "trainer"),
        per_device_train_batch_size=cfg.batch_size,
        gradient_accumulation_steps=cfg.grad_accum,
        learning_rate=cfg.learning_rate,
        num_train_epochs=cfg.epochs,
        max_steps=cfg.max_steps,
        warmup_steps=cfg.warmup_ratio,  # transformers 5: a float < 1 is a ratio of the total steps
        logging_steps=cfg.logging_steps,
        save_strategy="steps" if cfg.save_steps > 0 else "no",
        save_steps=cfg.save_steps if cfg.save_steps > 0 else 500,
        save_total_limit=2,
        report_to="none",
        seed=cfg.seed,
        use_cpu=not cuda,
        bf16=use_bf16(cfg.precision),
        gradient_checkpointing=False,  # slower on CPU, and TRL turns it on by default
        disable_tqdm=not cfg.progress,
        dataloader_num_workers=0,
    )


def last_checkpoint(out: Path) -> str | None:
    folder = out / "trainer"
    if not folder.is_dir():
        return None
    from transformers.trainer_utils import get_last_checkpoint

    return get_last_checkpoint(str(folder))


def keep_lower_lora_frozen_on_resume(trainer: Any, top_layers: int) -> None:
    """transformers reloads a PEFT checkpoint's adapter as trainable before it builds the optimizer, which unfroze
    the layers below `lora_top_layers` and made the saved optimizer state not fit ("parameter group doesn't match");
    freeze them again right after that reload."""
    load = trainer._load_from_checkpoint

    def load_then_freeze(*args: Any, **kwargs: Any) -> Any:
        result = load(*args, **kwargs)
        freeze_lower_lora(trainer.model, top_layers, getattr(trainer.model.config, "num_hidden_layers", 0))
        return result

    trainer._load_from_checkpoint = load_then_freeze


def run_training(trainer: Any, cfg: Any, out: Path) -> dict[str, Any]:
    """Train (resuming from the newest checkpoint when asked), measure tokens/s, return timing facts."""
    resume = last_checkpoint(out) if cfg.resume else None
    if resume and cfg.init_adapter and cfg.lora_top_layers > 0:
        keep_lower_lora_frozen_on_resume(trainer, cfg.lora_top_layers)
    started = time.perf_counter()
    limit = wall_clock_limit(cfg.max_wall_s, started)
    if cfg.max_wall_s > 0:
        trainer.add_callback(limit)
    result = trainer.train(resume_from_checkpoint=resume)
    wall = time.perf_counter() - started
    tokens = getattr(trainer.state, "num_input_tokens_seen", 0) or 0
    return {
        "train_wall_s": round(wall, 2),
        "resumed_from": resume,
        "train_loss": float(result.training_loss),
        "global_steps": int(trainer.state.global_step),
        "input_tokens_seen": int(tokens),
        "tokens_per_s": round(tokens / wall, 1) if wall > 0 and tokens else None,
        "stopped_at_wall_limit": limit.stopped,
        "device": training_device(),
        "precision": "bf16" if trainer.args.bf16 else "fp32",
    }


def cpu_has_native_bf16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether this CPU computes bfloat16 in hardware (avx512_bf16 or AMX); without, PyTorch emulates it slowly."""
    try:
        flags = cpuinfo.read_text()
    except OSError:
        return False
    return bool(re.search(r"\b(avx512_bf16|amx_bf16)\b", flags))


def use_bf16(precision: str, cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """TrainCommon.precision -> whether training runs in bfloat16 autocast on this machine."""
    import torch

    if precision not in ("auto", "bf16", "fp32"):
        raise HaloError(f"Unknown precision '{precision}': use auto, bf16 or fp32.")
    if precision != "auto":
        return precision == "bf16"
    if torch.cuda.is_available():
        return torch.cuda.is_bf16_supported()
    return cpu_has_native_bf16(cpuinfo)


def training_device() -> str:
    """Where the training ran, in words: the GPU's name, or the CPU and its cores."""
    import torch

    if torch.cuda.is_available():
        return f"cuda: {torch.cuda.get_device_name(0)}"
    return f"cpu: {os.cpu_count()} cores"


def wall_clock_limit(limit_s: float, started: float) -> Any:
    """A TrainerCallback that ends training after the optimizer step that passes `limit_s` seconds from `started`
    (its `stopped` says whether it did); the trainer then saves as after its last step."""
    from transformers import TrainerCallback

    class WallClockLimit(TrainerCallback):
        stopped = False

        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
            if time.perf_counter() - started >= limit_s:
                control.should_training_stop = self.stopped = True
            return control

    return WallClockLimit()


def write_outputs(out: Path, cfg: Any, trainer: Any, data_hash: str, facts: dict[str, Any], backend: str) -> dict[str, Any]:
    """Save the adapter (only the trained one, at the folder's top) and config.json / metrics.json beside it."""
    out.mkdir(parents=True, exist_ok=True)
    model = trainer.model
    if hasattr(model, "peft_config") and "ref" in getattr(model, "peft_config", {}):
        model.save_pretrained(str(out), selected_adapters=["default"])
    else:
        model.save_pretrained(str(out))
    tokenizer = getattr(trainer, "processing_class", None)
    if tokenizer is not None and hasattr(tokenizer, "save_pretrained"):
        tokenizer.save_pretrained(str(out))
    history = [h for h in trainer.state.log_history]
    curve = [{"step": h["step"], "loss": h["loss"]} for h in history if "loss" in h]
    evals = [{"step": h["step"], "eval_loss": h["eval_loss"]} for h in history if "eval_loss" in h]
    metrics = {"loss_curve": curve, "eval_curve": evals, "log_history": history, **facts, "backend": backend}
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, default=str))
    (out / "config.json").write_text(
        json.dumps({"method": type(cfg).__name__, "config": dataclasses.asdict(cfg), "data_hash": data_hash, "backend": backend}, indent=2)
    )
    (out / "data_hash.txt").write_text(data_hash + "\n")
    return metrics


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
