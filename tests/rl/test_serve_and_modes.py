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
    modules = command[command.index("--lora-modules") + 1:]
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
    assert (mode.worker, mode.vac, mode.macros, mode.manager, mode.adapter) == ("open", False, False, "none", "artifacts/checkpoints/qwen_bc")
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
