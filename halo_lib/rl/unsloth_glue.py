"""Unsloth on CUDA: the same trainer configs, with the model loaded by Unsloth's FastLanguageModel.

Unsloth pins older transformers/trl/datasets than HALO's CPU stack, so it lives in its own environment
(`./run.sh unsloth-env` -> .venv-unsloth, from requirements-unsloth.txt). `choose_backend("auto")` picks it only
when CUDA is present and the `unsloth` package is importable (found without importing it); `backend: unsloth`
asks for it wherever it is installed: on a CPU, Unsloth (2026.10) falls back to CPU training for text LoRA with
SFTTrainer (slow; the smoke run shows the path works).

    choose_backend("auto")     # "unsloth" on a CUDA machine with unsloth installed, else "trl"
    .venv-unsloth/bin/halo train bc --data tests/fixtures/rl/bc_train.jsonl --backend unsloth --max-steps 2
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any, Callable

from halo_lib.errors import HaloError


def _cuda() -> bool:
    try:
        import torch

        return bool(torch.cuda.is_available())
    except ImportError:
        return False


def _unsloth_installed() -> bool:
    return importlib.util.find_spec("unsloth") is not None


def choose_backend(requested: str = "auto", *, cuda: Callable[[], bool] = _cuda, installed: Callable[[], bool] = _unsloth_installed) -> str:
    """'trl' or 'unsloth' for a trainer config's `backend` field (see module docstring)."""
    if requested not in ("auto", "trl", "unsloth"):
        raise HaloError(f"Unknown trainer backend '{requested}': use auto, trl or unsloth.")
    if requested == "trl":
        return "trl"
    if requested == "unsloth":
        if not installed():
            raise HaloError(
                "The unsloth backend needs the unsloth package, in its own environment: run "
                "`./run.sh unsloth-env` and use .venv-unsloth/bin/halo, or use backend 'auto' or 'trl'."
            )
        return "unsloth"
    return "unsloth" if cuda() and installed() else "trl"


def load_unsloth(cfg: Any, folder: Path, adapter: Path | None) -> tuple[Any, Any]:  # pragma: no cover - its own env
    """The model as Unsloth's FastLanguageModel with the config's LoRA (or the given adapter, trainable)."""
    from unsloth import FastLanguageModel  # noqa: PLC0415 - only in .venv-unsloth

    model, tokenizer = FastLanguageModel.from_pretrained(
        model_name=str(adapter or folder),
        max_seq_length=cfg.max_length,
        load_in_4bit=False,
        dtype=None,
    )
    if adapter is None:
        model = FastLanguageModel.get_peft_model(
            model,
            r=cfg.lora_r,
            lora_alpha=cfg.lora_alpha,
            lora_dropout=cfg.lora_dropout,
            target_modules=[t.strip() for t in cfg.lora_targets.split(",") if t.strip()],
            use_gradient_checkpointing="unsloth",
            random_state=cfg.seed,
        )
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer
