"""Serving trained adapters: the `vllm serve` command line for GPU users (printed, or started where vLLM runs).

The modes qwen_worker_zero/_bc/_dpo/_grpo name an adapter folder (params/modes.yaml). In-process, the local
backend loads base + adapter itself (policy/backends.py). On a GPU, one vLLM server serves the base model and
every trained adapter as LoRA modules; HALO's openai backend talks to it (HALO_WORKER_BACKEND=vllm,
HALO_VLLM_URL, HALO_WORKER_MODEL=<module name>).

    from halo_lib.rl.serve import vllm_command
    print(vllm_command())            # vllm serve <base> --enable-lora --lora-modules qwen_bc=<abs path> ...
    halo serve vllm --print          # the same, plus the environment lines for `halo eval`
    halo serve vllm                  # starts it where the `vllm` command exists (a CUDA machine)
"""
from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

from halo_lib.config import load_modes
from halo_lib.errors import HaloError
from halo_lib.paths import resolve_path


def trained_adapters() -> dict[str, Path]:
    """module name -> adapter folder, for every open-worker mode whose adapter has been trained."""
    out: dict[str, Path] = {}
    for mode in load_modes().values():
        if mode.worker != "open" or not mode.adapter:
            continue
        folder = resolve_path(mode.adapter)
        if (folder / "adapter_config.json").is_file():
            out[folder.name] = folder
    return out


def base_of(adapter: Path) -> str:
    """The base model an adapter was trained on (its adapter_config.json)."""
    config = json.loads((adapter / "adapter_config.json").read_text())
    return config.get("base_model_name_or_path") or ""


def vllm_command(base: str = "", adapters: dict[str, Path] | None = None, port: int = 8000, max_lora_rank: int = 64) -> list[str]:
    adapters = trained_adapters() if adapters is None else adapters
    if not base:
        bases = {base_of(a) for a in adapters.values()} - {""}
        if len(bases) > 1:
            raise HaloError(f"The adapters were trained on different base models ({', '.join(sorted(bases))}): pass --base.")
        if not bases:
            from halo_lib.policy.local_model import DEFAULT_MODEL_DIR

            bases = {str(DEFAULT_MODEL_DIR)}
        base = bases.pop()
    command = ["vllm", "serve", base, "--port", str(port)]
    if adapters:
        command += ["--enable-lora", "--max-lora-rank", str(max_lora_rank), "--lora-modules"]
        command += [f"{name}={path}" for name, path in sorted(adapters.items())]
    return command


def describe(command: list[str], port: int = 8000) -> str:
    modules = [c.split("=", 1)[0] for c in command if "=" in c]
    lines = [" ".join(shlex.quote(c) for c in command), ""]
    for name in modules or ["<base>"]:
        lines.append(f"HALO_WORKER_BACKEND=vllm HALO_VLLM_URL=http://localhost:{port}/v1 HALO_WORKER_MODEL={name} "
                     f"halo eval --mode qwen_worker_{name.removeprefix('qwen_')} --tasks local")
    return "\n".join(lines)


def start_vllm(command: list[str]) -> subprocess.Popen:
    if shutil.which("vllm") is None:
        raise HaloError("vLLM is not installed here (it needs a CUDA machine): run `halo serve vllm --print` and start the printed command there.")
    return subprocess.Popen(command)
