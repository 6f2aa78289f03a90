"""Bad input: each mistake is one sentence on stderr (exit status 2), in under 5 s, and leaves no run folder
that could pass for a result. One table for every case the issue lists, through the real `halo` command."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from halo_lib.config import PROJECT_ROOT
from halo_lib.ports import free_port

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def _cases(tmp: Path) -> dict[str, tuple[list[str], dict[str, str], list[str]]]:
    misspelled = tmp / "misspelled.yaml"
    misspelled.write_text("mode: expert\ntasks: v2.omnizon-13\nmax_step: 5\n")
    wrong_type = tmp / "wrong_type.yaml"
    wrong_type.write_text("mode: expert\ntasks: v2.omnizon-13\nagent: {llm_timeout_s: fast}\n")
    nested = tmp / "nested.yaml"
    nested.write_text("mode: expert\nenv: {headles: true}\n")
    dead = f"http://127.0.0.1:{free_port()}/v1"
    return {
        # name: (arguments after `halo eval`, environment, fragments of the one sentence)
        "unknown task id": (["--mode", "expert", "--tasks", "v2.omnizon-99"], {}, ["Unknown task 'v2.omnizon-99'", "halo tasks"]),
        "v1 task id": (["--mode", "expert", "--tasks", "v1.omnizon-13"], {}, ["REAL v1 task", "'v2.omnizon-13'"]),
        "unknown mode": (
            ["--mode", "hierarchy_vak", "--tasks", "v2.omnizon-13"],
            {},
            ["Unknown mode 'hierarchy_vak'", "did you mean 'hierarchy_vac'"],
        ),
        "misspelled params key": (
            ["--config", str(misspelled)],
            {},
            ["Unknown RunConfig key 'max_step' in misspelled.yaml", "did you mean 'max_steps'"],
        ),
        "misspelled nested key": (["--config", str(nested)], {}, ["Unknown EnvConfig key 'headles'", "did you mean 'headless'"]),
        "params of the wrong type": (
            ["--config", str(wrong_type)],
            {},
            ["AgentConfig.llm_timeout_s in wrong_type.yaml must be float, got 'fast'"],
        ),
        "missing OPENAI_API_KEY": (
            ["--mode", "baseline_worker", "--worker-backend", "openai", "--tasks", "v2.omnizon-13"],
            {},
            ["needs an API key", "set OPENAI_API_KEY"],
        ),
        "unreachable vLLM URL": (
            [
                "--mode",
                "qwen_worker_zero",
                "--worker-backend",
                "vllm",
                "--worker-model",
                "qwen",
                "--vllm-url",
                dead,
                "--tasks",
                "v2.omnizon-13",
            ],
            {},
            [f"at {dead} is unreachable", "HALO_VLLM_URL"],
        ),
        # no network here: api.openai.com does not answer (a machine online skips this case)
        "unreachable OpenAI API": (
            ["--mode", "baseline_worker", "--tasks", "v2.omnizon-13,v2.gomail-1"],
            {"OPENAI_API_KEY": "sk-preflight-test-0123456789"},
            ["at https://api.openai.com/v1 is unreachable", "--worker-backend local"],
        ),
        "unreachable OPENAI_BASE_URL": (
            ["--mode", "hierarchy_vac", "--tasks", "v2.omnizon-13,v2.gomail-1"],
            {"OPENAI_API_KEY": "sk-preflight-test-0123456789", "OPENAI_BASE_URL": dead},
            [f"at {dead} is unreachable", "OPENAI_BASE_URL"],
        ),
        "missing Chromium": (
            ["--mode", "expert", "--tasks", "v2.omnizon-13"],
            {"HALO_CHROMIUM": str(tmp / "no-chromium")},
            ["HALO_CHROMIUM=", "is not an executable file"],
        ),
        "missing adapter path": (
            ["--mode", "qwen_worker_dpo", "--tasks", "v2.omnizon-13"],
            {},
            ["LoRA adapter folder", "qwen_dpo' does not exist", "train it first"],
        ),
    }


CASES = [
    "unknown task id",
    "v1 task id",
    "unknown mode",
    "misspelled params key",
    "misspelled nested key",
    "params of the wrong type",
    "missing OPENAI_API_KEY",
    "unreachable vLLM URL",
    "unreachable OpenAI API",
    "unreachable OPENAI_BASE_URL",
    "missing Chromium",
    "missing adapter path",
]


def _online(url: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(url, timeout=3).close()
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False
    return True


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_fast_sentence_and_leaves_nothing(case, tmp_path):
    if case == "missing adapter path" and (PROJECT_ROOT / "artifacts/checkpoints/qwen_bc/adapter_config.json").is_file():
        pytest.skip("a qwen_bc adapter is trained on this machine")
    if case == "unreachable OpenAI API" and _online("https://api.openai.com/v1/models"):
        pytest.skip("this machine reaches api.openai.com")
    args, env, fragments = _cases(tmp_path)[case]
    out = tmp_path / "run"
    environ = {
        k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "HALO_VLLM_URL", "HALO_WORKER_BACKEND")
    }
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "halo_lib.cli", "eval", *args, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=30,
        env={**environ, **env},
        cwd=tmp_path,
    )
    seconds = time.perf_counter() - started
    print(f"{case}: {seconds:.2f} s: {proc.stderr.strip()}")
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("halo: ") and lines[0].rstrip().endswith("."), proc.stderr
    assert "Traceback" not in proc.stderr and not proc.stdout.strip()
    for fragment in fragments:
        assert fragment in lines[0]
    assert seconds < 5.0  # process start and imports included
    assert not out.exists()
