"""Serving and mode selection for trained adapters: the vllm command line, the openai backend aimed at it, and
per-run mode overrides (NAME:key=value) that the RL measurements use."""

from __future__ import annotations

import json

import pytest

from halo_lib.agent.build import resolve_mode_backends
from halo_lib.config import AgentConfig, load_mode
from halo_lib.errors import HaloError
from halo_lib.rl.serve import describe, start_vllm, vllm_command


def _adapter(folder, base="/models/Qwen2.5-3B-Instruct"):
    folder.mkdir(parents=True)
    (folder / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": base, "r": 16}))
    return folder


def test_vllm_command_serves_every_adapter_as_a_lora_module(tmp_path):
    adapters = {"qwen_bc": _adapter(tmp_path / "qwen_bc"), "qwen_dpo": _adapter(tmp_path / "qwen_dpo")}
    command = vllm_command(adapters=adapters, port=8010)
    assert command[:3] == ["vllm", "serve", "/models/Qwen2.5-3B-Instruct"] and "--enable-lora" in command
    modules = command[command.index("--lora-modules") + 1 :]
    assert modules == [f"qwen_bc={tmp_path / 'qwen_bc'}", f"qwen_dpo={tmp_path / 'qwen_dpo'}"]
    text = describe(command, 8010)
    assert "HALO_WORKER_MODEL=qwen_dpo" in text and "--mode qwen_worker_dpo" in text and "localhost:8010/v1" in text


def test_adapters_on_different_bases_need_an_explicit_base(tmp_path):
    adapters = {"a": _adapter(tmp_path / "a", "/m/one"), "b": _adapter(tmp_path / "b", "/m/two")}
    with pytest.raises(HaloError, match="different base models"):
        vllm_command(adapters=adapters)
    assert vllm_command(base="/m/one", adapters=adapters)[2] == "/m/one"


def test_starting_vllm_without_vllm_says_what_to_do(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(HaloError, match="halo serve vllm --print"):
        start_vllm(["vllm", "serve", "x"])


def test_the_openai_backend_talks_to_the_served_module(tmp_path, monkeypatch):
    adapter = _adapter(tmp_path / "qwen_bc")
    monkeypatch.setenv("HALO_WORKER_BACKEND", "vllm")
    monkeypatch.setenv("HALO_VLLM_URL", "http://gpu:8000/v1")
    monkeypatch.delenv("HALO_WORKER_MODEL", raising=False)
    specs = resolve_mode_backends(load_mode(f"qwen_worker_bc:adapter={adapter},manager=none"), AgentConfig())
    worker = specs["worker"]
    assert worker.kind == "openai" and worker.model == "qwen_bc" and worker.base_url == "http://gpu:8000/v1"
    assert specs["manager"] is None


def test_mode_overrides_are_typed_and_checked():
    mode = load_mode("qwen_worker_bc:vac=false,macros=false,manager=none")
    assert (mode.worker, mode.vac, mode.macros, mode.manager, mode.adapter) == (
        "open",
        False,
        False,
        "none",
        "adapters/qwen_bc",
    )
    assert load_mode("qwen_worker_zero:adapter=").adapter == ""
    assert load_mode("qwen_worker_bc:vac:false,macros:false,manager:none") == mode  # the form papermill can parse
    with pytest.raises(HaloError, match="Unknown ModeConfig key 'vacc'.*did you mean 'vac'"):
        load_mode("qwen_worker_bc:vacc=false")
    with pytest.raises(HaloError, match="must be key=value"):
        load_mode("qwen_worker_bc:vac")
    with pytest.raises(HaloError, match="ModeConfig.vac .*must be bool"):
        load_mode("qwen_worker_bc:vac=maybe")
    with pytest.raises(HaloError, match="Unknown mode 'qwen_worker_bcc'"):
        load_mode("qwen_worker_bcc:vac=false")


# ---------------------------------------------------------------- a real vLLM server (halo_lib/rl/serve.py)


def _peft_adapter(base, folder, seed=1):
    """A real LoRA adapter on `base` whose B matrices are random (so it changes the model's output)."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_pretrained(base, local_files_only=True)
    peft_model = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], init_lora_weights=False))
    peft_model.save_pretrained(folder)
    return folder


def test_server_command_serves_lora_modules_from_the_serve_environment(tmp_path):
    from halo_lib.rl.serve import VllmServeConfig, server_command

    adapters = {"qwen_bc": _adapter(tmp_path / "qwen_bc")}
    command = server_command(VllmServeConfig(), tmp_path / "py", "/m/base", "base", 8123, adapters)
    assert command[:3] == [str(tmp_path / "py"), "-m", "vllm.entrypoints.openai.api_server"]
    assert command[command.index("--model") + 1] == "/m/base" and command[command.index("--port") + 1] == "8123"
    assert command[command.index("--lora-modules") + 1] == f"qwen_bc={tmp_path / 'qwen_bc'}"
    merged = server_command(VllmServeConfig(), tmp_path / "py", "/m/merged", "qwen_bc", 8123)
    assert "--enable-lora" not in merged and merged[merged.index("--served-model-name") + 1] == "qwen_bc"


def test_serving_without_the_serve_environment_says_how_to_make_it(tmp_path):
    from halo_lib.rl.serve import VllmServeConfig, vllm_server

    with pytest.raises(HaloError, match=r"\./run\.sh serve-env"):
        with vllm_server(VllmServeConfig(python=str(tmp_path / "nope" / "python"))):
            pass


def test_merged_adapter_gives_the_same_logits_as_base_plus_adapter(tiny_model, tmp_path):
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from halo_lib.rl.serve import merge_adapter

    adapter = _peft_adapter(str(tiny_model), tmp_path / "qwen_bc")
    merged = merge_adapter(adapter, str(tiny_model), out_root=tmp_path / "merged")
    assert merge_adapter(adapter, str(tiny_model), out_root=tmp_path / "merged") == merged  # cached by content
    ids = torch.tensor([[1, 42, 7, 99, 5]])
    base = AutoModelForCausalLM.from_pretrained(str(tiny_model), local_files_only=True)
    with torch.no_grad():
        plain = base(ids).logits
        with_adapter = PeftModel.from_pretrained(base, str(adapter)).eval()(ids).logits
        from_merged = AutoModelForCausalLM.from_pretrained(str(merged), local_files_only=True)(ids).logits
    assert not torch.allclose(plain, with_adapter, atol=1e-4)  # the adapter does change the model
    assert torch.allclose(with_adapter, from_merged, atol=1e-4)


def test_the_local_backend_serves_an_adapter_merged_into_the_weights(tiny_model, tmp_path):
    """In-process inference merges the adapter (no LoRA matmuls per layer): the same logits as PeftModel's unmerged
    base + adapter; in bfloat16 the merged float32 weights are rounded once, and the greedy reply stays a reply."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from halo_lib.policy.backends import BackendSpec, LocalBackend

    adapter = _peft_adapter(str(tiny_model), tmp_path / "qwen_bc")
    ids = torch.tensor([[1, 42, 7, 99, 5]])
    base = AutoModelForCausalLM.from_pretrained(str(tiny_model), local_files_only=True)
    with torch.no_grad():
        unmerged = PeftModel.from_pretrained(base, str(adapter)).eval()(ids).logits
        backend = LocalBackend(BackendSpec("local", str(tiny_model), adapter=str(adapter)))
        assert not any("lora" in name for name, _ in backend.model.named_parameters())
        assert torch.allclose(backend.model(ids).logits, unmerged, atol=1e-4)
        half = LocalBackend(BackendSpec("local", str(tiny_model), adapter=str(adapter), dtype="bfloat16"))
        assert next(half.model.parameters()).dtype == torch.bfloat16
        assert torch.allclose(half.model(ids).logits.float(), unmerged, atol=0.1)
    assert half.complete([{"role": "user", "content": "Next action?"}], max_tokens=4).completion_tokens >= 1


@pytest.mark.heavy
def test_a_real_vllm_server_answers_for_base_lora_and_merged_then_is_gone(tmp_path):
    """Needs `./run.sh serve-env` (skipped without it): the server starts, greedy answers come back for the base
    model and the LoRA module (different from the base's), and no process is left after the context."""
    import openai

    from halo_lib.policy.local_model import ensure_local_model
    from halo_lib.rl.serve import SERVE_ENV, VllmServeConfig, vllm_server

    if not (SERVE_ENV / "bin" / "python").is_file():
        pytest.skip("no .venv-vllm: run ./run.sh serve-env")
    base = str(ensure_local_model())
    adapter = _peft_adapter(base, tmp_path / "qwen_bc")
    messages = [{"role": "user", "content": "Name a colour."}]
    with vllm_server(VllmServeConfig(adapters=str(adapter), log=str(tmp_path / "vllm.log"))) as served:
        client = openai.OpenAI(base_url=served.url, api_key="EMPTY")
        replies = {
            name: client.chat.completions.create(model=name, messages=messages, max_tokens=8, temperature=0).choices[0].message.content
            for name in served.names
        }
        process = served.process
    assert set(replies) == {"SmolLM2-135M-Instruct", "qwen_bc"} and all(replies.values())
    assert replies["qwen_bc"] != replies["SmolLM2-135M-Instruct"]
    assert process.poll() is not None


@pytest.mark.heavy
def test_a_run_with_vllm_serve_starts_its_server_uses_it_and_stops_it(tmp_path, sites_config):
    """`agent.vllm_serve: lora`: the run starts a vLLM server for the mode's adapter, every worker call goes to it,
    and no vLLM process is left when the run ends (needs ./run.sh serve-env)."""
    import dataclasses

    import psutil

    from halo_lib.config import RunConfig
    from halo_lib.policy.local_model import ensure_local_model
    from halo_lib.rl.serve import SERVE_ENV
    from halo_lib.runner.eval import run_eval

    if not (SERVE_ENV / "bin" / "python").is_file():
        pytest.skip("no .venv-vllm: run ./run.sh serve-env")
    adapter = _peft_adapter(str(ensure_local_model()), tmp_path / "qwen_tiny")
    config = RunConfig(
        mode=f"qwen_worker_zero:adapter={adapter},manager=none,vac=false,macros=false",
        tasks="v2.gomail-1",
        max_steps=2,
        out_dir=str(tmp_path / "run"),
        sites=sites_config,
    )
    config = dataclasses.replace(config, agent=dataclasses.replace(config.agent, vllm_serve="lora"))
    summary = run_eval(config)
    worker = json.loads((tmp_path / "run" / "config.json").read_text())["backends"]["worker"]
    assert worker["kind"] == "openai" and worker["model"] == "qwen_tiny"
    assert summary["n_episodes"] == 1 and summary["cost"]["total"]["worker_calls"] >= 1 and summary["n_infra_errors"] == 0
    leftovers = [p for p in psutil.process_iter(["cmdline"]) if "vllm.entrypoints" in " ".join(p.info["cmdline"] or [])]
    assert not leftovers
    assert run_eval(config)["n_episodes"] == 1  # resumes although the new server listens on another port
