"""The agent's commands end to end: `halo smoke`, an experiment from params/experiments.yaml, `halo cache`."""

from __future__ import annotations

import json

import pytest

from tests.integration.test_cli import halo

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_smoke_checks_the_installation():
    proc = halo("smoke", "--sites-port", "8695")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    checks = [line for line in lines if line.startswith(("ok", "FAIL"))]
    assert [line.split()[1] for line in checks] == ["chromium", "replicas", "agisdk", "local", "caches"]
    assert all(line.startswith("ok") for line in checks)
    assert "5/5 checks passed" in lines[-1]


def test_experiment_runs_each_mode_with_its_own_cache_then_cache_commands(sites_config, tmp_path):
    out = tmp_path / "exp"
    proc = halo("eval", "--experiment", "smoke", "--out", str(out), "--sites-port", str(sites_config.base_port))
    assert proc.returncode == 0, proc.stderr
    experiment = json.loads((out / "experiment.json").read_text())
    assert experiment["modes"] == ["expert", "baseline_worker"]
    expert = json.loads((out / "expert" / "summary.json").read_text())
    worker = json.loads((out / "baseline_worker" / "summary.json").read_text())
    assert expert["n_episodes"] == worker["n_episodes"] == 1
    assert expert["episodes"][0]["steps"] <= 3 and worker["episodes"][0]["steps"] <= 3  # the experiment's max_steps
    assert worker["backends"]["worker"]["kind"] == "local" and expert["backends"]["worker"] is None
    assert worker["episodes"][0]["worker_calls"] >= 1 and worker["episodes"][0]["error"] is None
    assert "expert: success" in proc.stdout and "baseline_worker: success" in proc.stdout

    # the expert ran 3 of its 7 steps: truncated, unsolved, so nothing was written to its cache
    listing = json.loads(halo("cache", "list", "--json", "--cache-dir", str(out / "expert" / "cache")).stdout)
    assert listing["vac"] is None and listing["macros"] is None


def test_cache_list_and_clear_after_a_solved_episode(sites_config, tmp_path):
    cache = tmp_path / "cache"
    proc = halo(
        "eval",
        "--mode",
        "expert",
        "--tasks",
        "v2.gomail-16",
        "--out",
        str(tmp_path / "run"),
        "--cache-dir",
        str(cache),
        "--sites-port",
        str(sites_config.base_port),
    )
    assert proc.returncode == 0, proc.stderr
    listing = json.loads(halo("cache", "list", "--json", "--cache-dir", str(cache)).stdout)
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert listing["vac"]["entries"] == summary["episodes"][0]["steps"] == 4
    assert any("Create new label" in row["action"] for row in listing["vac"]["recent"])
    text = halo("cache", "list", "--cache-dir", str(cache)).stdout
    assert "verified action cache: 4 entries" in text
    cleared = halo("cache", "clear", "--vac", "--cache-dir", str(cache))
    assert "vac: removed 4" in cleared.stdout
    assert json.loads(halo("cache", "list", "--json", "--cache-dir", str(cache)).stdout)["vac"]["entries"] == 0
