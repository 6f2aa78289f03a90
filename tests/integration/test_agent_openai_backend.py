"""The agent's online path, offline: an open-worker mode talks to an OpenAI-compatible server on loopback.

`transformers serve` plays the part of the GPU user's vLLM server (same /v1 chat API) and serves the local
model; the mode is configured exactly as the seed documents (HALO_WORKER_BACKEND=vllm, HALO_VLLM_URL,
HALO_WORKER_MODEL), so the openai backend code path runs for real inside whole episodes.
"""

from __future__ import annotations

import json

import pytest

from halo_lib.config import AgentConfig, RunConfig
from halo_lib.policy.local_server import serve_local_model
from halo_lib.policy.local_model import ensure_local_model
from halo_lib.runner.eval import run_eval

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_open_worker_through_an_openai_compatible_server(sites_config, tmp_path, monkeypatch):
    folder = ensure_local_model()
    with serve_local_model(folder) as url:
        monkeypatch.setenv("HALO_WORKER_BACKEND", "vllm")
        monkeypatch.setenv("HALO_VLLM_URL", url)
        monkeypatch.setenv("HALO_WORKER_MODEL", str(folder))  # transformers serve answers to the name it was started with
        config = RunConfig(
            mode="qwen_worker_zero",
            tasks="v2.gomail-16",
            out_dir=str(tmp_path / "run"),
            max_steps=2,
            sites=sites_config,
            agent=AgentConfig(cache_dir=str(tmp_path / "cache"), max_new_tokens=24, max_parse_retries=0),
        )
        summary = run_eval(config)
    worker = summary["backends"]["worker"]
    assert worker["kind"] == "openai" and worker["base_url"] == url and worker["api_key_env"] == "HALO_VLLM_API_KEY"
    episode = summary["episodes"][0]
    assert episode["error"] is None and episode["worker_calls"] >= 1 and episode["worker_tokens"] > 0
    records = [json.loads(line) for line in (tmp_path / "run" / "episodes" / "v2.gomail-16__0.jsonl").read_text().splitlines()]
    attempts = [a for r in records if r["type"] == "step" for a in r["decision"].get("worker", [])]
    assert attempts and all(a["prompt_tokens"] > 100 and a["latency_s"] > 0 for a in attempts)
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["backends"]["worker"]["base_url"] == url and manifest["config_hash"] == summary["config_hash"]
