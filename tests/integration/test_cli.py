"""The `halo` command end to end: task listing, a quiet expert eval, and no leaderboard submission unless asked."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from halo_lib.config import EnvConfig
from halo_lib.env.environment import HaloWebCloneTask
from halo_lib.env.tasks import resolve_task

pytestmark = pytest.mark.browser


def halo(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "halo_lib.cli", *args], capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})}
    )


def test_tasks_lists_every_replica_task():
    proc = halo("tasks", "--sites", "local", "--json")
    rows = json.loads(proc.stdout)
    assert len(rows) == 121  # every REAL v2 task has a replica
    assert {r["site"] for r in rows} == {
        "omnizon",
        "gomail",
        "dashdish",
        "opendining",
        "gocalendar",
        "marrisuite",
        "staynb",
        "zilloft",
        "networkin",
        "topwork",
        "udriver",
    }
    assert all(r["local"] == "yes" for r in rows)
    everything = json.loads(halo("tasks", "--json").stdout)
    assert len(everything) == 121 and [r["task_id"] for r in everything] == [r["task_id"] for r in rows]


def test_eval_is_quiet_and_ignores_runid(sites_config, tmp_path):
    out = tmp_path / "run"
    proc = halo(
        "eval",
        "--mode",
        "expert",
        "--tasks",
        "v2.omnizon-13",
        "--out",
        str(out),
        "--sites-port",
        str(sites_config.base_port),
        env={"RUNID": "leaderboard-run-123"},
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0].startswith("[1/1] v2.omnizon-13#0: reward 1")
    assert "success 1/1" in lines[-1]
    assert len(lines) <= 3  # agisdk's env-state dump and per-step logging stay out of the console
    assert "initialfinaldiff" not in proc.stdout + proc.stderr
    assert json.loads((out / "summary.json").read_text())["n_success"] == 1


def test_task_never_takes_a_leaderboard_run_id_from_the_environment(monkeypatch):
    monkeypatch.setenv("RUNID", "leaderboard-run-123")
    task = resolve_task("v2.omnizon-13", sites="real")
    assert HaloWebCloneTask(0, task, EnvConfig()).run_id == "0"
    assert HaloWebCloneTask(0, task, EnvConfig(leaderboard_run_id="my-run")).run_id == "my-run"


def test_sites_serve_answers_on_loopback_until_stopped(tmp_path):
    import time

    from halo_lib.ports import free_port
    from halo_lib.sites import local_urls
    from halo_lib.sites.server import probe

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "halo_lib.cli", "sites", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        urls = local_urls("127.0.0.1", port)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not all(probe(u) == "ours" for u in urls.values()):
            time.sleep(0.2)
        assert all(probe(u) == "ours" for u in urls.values())
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert all(probe(u) == "down" for u in urls.values())
