"""resolve_backend: which LLM each role gets from arguments and env vars (no model, no network)."""

from __future__ import annotations

import dataclasses

import pytest

from halo_lib.errors import HaloError
from halo_lib.policy.backends import BackendSpec, resolve_backend

KEY = "sk-test-SECRET-0123456789"
VLLM_KEY = "vllm-SECRET-abcdef"


@pytest.fixture
def adapter_dir(tmp_path):
    folder = tmp_path / "adapter"
    folder.mkdir()
    (folder / "adapter_config.json").write_text("{}")
    return str(folder)


def test_small_and_large_use_openai_when_a_key_is_set():
    env = {"OPENAI_API_KEY": KEY}
    assert resolve_backend("small", environ=env) == BackendSpec("openai", "gpt-4o-mini")
    assert resolve_backend("large", environ=env) == BackendSpec("openai", "gpt-4o")
    assert resolve_backend("small", model="gpt-4.1-mini", environ=env).model == "gpt-4.1-mini"


def test_small_and_large_fall_back_to_the_local_default_model_without_a_key():
    for role in ("small", "large"):
        assert resolve_backend(role, environ={}) == BackendSpec("local", "")


def test_explicit_backend_overrides_the_key_for_small_and_large():
    env = {"OPENAI_API_KEY": KEY}
    assert resolve_backend("large", backend="local", environ=env).kind == "local"
    assert resolve_backend("small", backend="openai", environ=env).kind == "openai"


def test_open_worker_is_local_by_default_with_model_and_adapter(adapter_dir):
    assert resolve_backend("open", environ={"OPENAI_API_KEY": KEY}) == BackendSpec("local", "")
    spec = resolve_backend("open", adapter=adapter_dir, environ={"HALO_WORKER_MODEL": "/models/x"})
    assert (spec.kind, spec.model, spec.adapter) == ("local", "/models/x", adapter_dir)
    assert resolve_backend("open", model="/models/y", environ={"HALO_WORKER_MODEL": "/models/x"}).model == "/models/y"


def test_open_worker_vllm_from_env():
    env = {"HALO_WORKER_BACKEND": "vllm", "HALO_WORKER_MODEL": "Qwen/Qwen2.5-0.5B-Instruct"}
    spec = resolve_backend("open", environ=env)
    assert spec == BackendSpec("openai", "Qwen/Qwen2.5-0.5B-Instruct", base_url="http://localhost:8000/v1", api_key_env="HALO_VLLM_API_KEY")
    env["HALO_VLLM_URL"] = "http://10.0.0.5:8000/v1"
    assert resolve_backend("open", environ=env).base_url == "http://10.0.0.5:8000/v1"
    assert resolve_backend("open", vllm_url="http://127.0.0.1:9/v1", environ=env).base_url == "http://127.0.0.1:9/v1"


def test_vllm_lora_module_is_selected_by_its_served_name():
    # the seed: vllm serve BASE --lora-modules qwen_bc=<adapter>, then HALO_WORKER_MODEL=qwen_bc
    spec = resolve_backend("open", backend="vllm", adapter="/ckpt/qwen_bc", environ={"HALO_WORKER_MODEL": "qwen_bc"})
    assert (spec.model, spec.adapter) == ("qwen_bc", "/ckpt/qwen_bc")
    # without HALO_WORKER_MODEL the adapter folder's name is the module name
    assert resolve_backend("open", backend="vllm", adapter="/ckpt/qwen_dpo", environ={}).model == "qwen_dpo"


def test_vllm_without_a_model_is_a_clear_error():
    with pytest.raises(HaloError, match="HALO_WORKER_MODEL"):
        resolve_backend("open", backend="vllm", environ={})


def test_open_worker_openai_backend():
    env = {"HALO_WORKER_BACKEND": "openai", "OPENAI_API_KEY": KEY}
    assert resolve_backend("open", environ=env) == BackendSpec("openai", "gpt-4o-mini")
    env["HALO_WORKER_MODEL"] = "gpt-4.1-nano"
    assert resolve_backend("open", environ=env).model == "gpt-4.1-nano"


def test_explicit_argument_wins_over_the_env_backend():
    spec = resolve_backend("open", backend="local", environ={"HALO_WORKER_BACKEND": "vllm"})
    assert spec.kind == "local"


def test_explicit_openai_without_a_key_says_what_to_do():
    with pytest.raises(HaloError, match="set OPENAI_API_KEY or run on the local model"):
        resolve_backend("small", backend="openai", environ={})
    with pytest.raises(HaloError, match="OPENAI_API_KEY"):
        resolve_backend("open", environ={"HALO_WORKER_BACKEND": "openai"})


def test_missing_local_adapter_names_the_path(tmp_path):
    missing = str(tmp_path / "no-such-adapter")
    with pytest.raises(HaloError) as err:
        resolve_backend("open", adapter=missing, environ={})
    message = str(err.value)
    assert missing in message and "train it first" in message and "base model" in message


def test_unknown_backend_lists_the_valid_names():
    with pytest.raises(HaloError, match="auto, local, openai, vllm"):
        resolve_backend("open", backend="llamacpp", environ={})
    with pytest.raises(HaloError, match="auto, local, openai, vllm"):
        resolve_backend("open", environ={"HALO_WORKER_BACKEND": "ollama"})


def test_no_spec_field_holds_a_secret(adapter_dir):
    env = {"OPENAI_API_KEY": KEY, "HALO_VLLM_API_KEY": VLLM_KEY, "HALO_WORKER_MODEL": "m"}
    specs = [
        resolve_backend("small", environ=env),
        resolve_backend("large", environ=env),
        resolve_backend("open", backend="openai", environ=env),
        resolve_backend("open", backend="vllm", environ=env),
        resolve_backend("open", adapter=adapter_dir, environ=env),
    ]
    assert {s.api_key_env for s in specs[:3]} == {"OPENAI_API_KEY"}
    assert specs[3].api_key_env == "HALO_VLLM_API_KEY"
    for spec in specs:
        text = repr(spec) + repr(dataclasses.astuple(spec))
        assert KEY not in text and VLLM_KEY not in text
        hash(spec)  # frozen: usable as a cache key / in config hashes
