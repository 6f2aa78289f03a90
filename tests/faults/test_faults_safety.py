"""Secrets and safety: redaction and the secrets grep, replicas on loopback only, eval scripts only from
agisdk's folder. (RUNID never submitting is tests/integration/test_cli.py; a leaderboard id with local replicas
is refused in tests/integration/test_preflight.py's neighbour, halo_lib/env/preflight.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from halo_lib.config import SitesConfig
from halo_lib.env.tasks import eval_script_dirs, v2_task_json
from halo_lib.errors import HaloError
from halo_lib.trace.episode import EpisodeTrace
from halo_lib.trace.redact import find_secrets, notebook_output_text, redact, secret_values

KEY = "sk-proj-SAFETY-test-abcdefghijklmnop"


def test_traces_are_redacted_and_the_grep_finds_what_leaks(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("HALO_VLLM_API_KEY", "vllm-secret-42424242")
    monkeypatch.setenv("HALO_VLLM_URL", "http://127.0.0.1:8000/v1")  # not a secret: left alone
    assert KEY in secret_values() and "http://127.0.0.1:8000/v1" not in secret_values()
    assert redact(f"Bearer {KEY} and vllm-secret-42424242") == "Bearer *** and ***"
    trace = EpisodeTrace(tmp_path / "run", "v2.omnizon-13", 0)
    trace.write({"type": "step", "decision": {"worker": [{"text": f"my key is {KEY}"}]}})
    trace.save_json("finish", {"echo": KEY})
    trace.close()
    assert find_secrets([tmp_path / "run"], [KEY]) == []
    assert "***" in (tmp_path / "run" / "episodes" / "v2.omnizon-13__0.jsonl").read_text()

    # the grep itself: files (recursively), notebook outputs, captured streams
    leaky = tmp_path / "leaky"
    (leaky / "sub").mkdir(parents=True)
    (leaky / "sub" / "log.txt").write_text(f"ok\nkey={KEY}\n")
    notebook = {
        "cells": [{"cell_type": "code", "source": "print(key)", "outputs": [{"output_type": "stream", "name": "stdout", "text": [KEY]}]}]
    }
    (leaky / "run.ipynb").write_text(json.dumps(notebook))
    found = find_secrets([leaky], [KEY], texts={"stderr": f"a\nb {KEY}"})
    assert f"{leaky / 'sub' / 'log.txt'}:2" in found and "stderr:2" in found
    assert any(f.startswith(str(leaky / "run.ipynb")) for f in found)
    assert KEY in notebook_output_text(leaky / "run.ipynb")


@pytest.mark.browser
def test_replicas_listen_on_loopback_only(own_sites):
    from halo_lib.sites.server import ensure_sites

    with pytest.raises(HaloError, match="not a loopback address"):
        ensure_sites(SitesConfig(host="0.0.0.0", base_port=own_sites[0].base_port), ["omnizon"])
    _, handle = own_sites
    listening = [c for c in psutil.Process(handle.process.pid).net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
    assert len(listening) >= 2 and {c.laddr.ip for c in listening} == {"127.0.0.1"}


@pytest.mark.parametrize("script", ["/tmp/halo_evil_eval.py", "../../../../../../tmp/halo_evil_eval.py", "eval_no_such_task.py"])
def test_eval_scripts_run_only_from_agisdks_folder(script, tmp_path):
    marker = tmp_path / "ran"
    evil = Path("/tmp/halo_evil_eval.py")
    evil.write_text(f"open({str(marker)!r}, 'w').write('ran')\nprint('true')\n")
    task = v2_task_json("omnizon-13")
    task["evals"][0]["script"] = script
    path = tmp_path / "evil_task.json"
    path.write_text(json.dumps(task))
    proc = subprocess.run(
        [sys.executable, "-m", "halo_lib.cli", "eval", "--mode", "expert", "--tasks", str(path), "--out", str(tmp_path / "run")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert f"names eval script '{script}'" in proc.stderr
    assert ("which is a path" in proc.stderr) == ("/" in script)
    assert not marker.exists() and not (tmp_path / "run").exists()
    assert (eval_script_dirs()[0] / "eval_omnizon_13.py").is_file()  # the shipped one is where we look
