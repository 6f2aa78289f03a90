"""Two runs on the same replica ports share one replica server, and it lives as long as either of them: the run
that started it may end (normally, or by SIGKILL) mid-way through the other, and the other loses no episode. A run
killed with SIGKILL and rerun at once (the killed run's server still up for a moment) loses none either.
Real `halo eval` processes, real replicas, real SIGKILLs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from halo_lib.sites import local_urls, replica_names
from halo_lib.ports import free_port_block
from halo_lib.sites.server import probe, server_pid
from tests.support.faults import assert_summary_consistent, step_recorded, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]

SHORT = ["v2.omnizon-13"]
LONG = ["v2.gomail-1", "v2.omnizon-13", "v2.gomail-24", "v2.omnizon-24"]


def _eval(tasks: list[str], out, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "halo_lib.cli",
        "eval",
        "--mode",
        "expert",
        "--tasks",
        ",".join(tasks),
        "--out",
        str(out),
        "--sites-port",
        str(port),
        "--max-steps",
        "20",
    ]


def _n_done(out) -> int:
    try:
        return json.loads((out / "summary.json").read_text())["n_episodes"]
    except (OSError, ValueError, KeyError):
        return 0


def _assert_all_succeeded(out, tasks: list[str]) -> None:
    summary = json.loads((out / "summary.json").read_text())
    assert_summary_consistent(summary, len(tasks))
    bad = [(e["task_id"], e["error"]) for e in summary["episodes"] if not e["success"] or e["error"]]
    assert not bad, bad
    assert summary["n_infra_errors"] == summary["n_agent_errors"] == 0


@pytest.mark.parametrize("first_ends", ["normally", pytest.param("by SIGKILL", marks=pytest.mark.heavy)])
def test_the_run_that_started_the_replicas_ends_midway_through_another(tmp_path, first_ends):
    port = free_port_block(len(replica_names()))
    url = local_urls("127.0.0.1", port)["omnizon"]
    first_tasks = SHORT if first_ends == "normally" else LONG
    first = subprocess.Popen(_eval(first_tasks, tmp_path / "first", port), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = None
    try:
        wait_for(lambda: probe(url) == "ours" or first.poll() is not None, 120, "the first run's replicas")
        owner = server_pid(url)
        assert owner in [p.pid for p in psutil.Process(first.pid).children(recursive=True)]  # the first run started it
        second = subprocess.Popen(_eval(LONG, tmp_path / "second", port), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # the second run is under way (its first episode has stepped) when the first one goes
        wait_for(
            lambda: step_recorded(tmp_path / "second" / "episodes" / f"{LONG[0]}__0.jsonl", 1) or second.poll() is not None,
            180,
            "the second run's first steps",
        )
        if first_ends == "by SIGKILL":
            os.kill(first.pid, signal.SIGKILL)
            first.wait(10)
            assert first.returncode == -signal.SIGKILL
        else:
            _, err = first.communicate(timeout=180)
            assert first.returncode == 0, err[-2000:]
            _assert_all_succeeded(tmp_path / "first", SHORT)
        assert _n_done(tmp_path / "second") < len(LONG)  # mid-way through the second run
        time.sleep(1.5)  # longer than a shared server takes to notice that its last holder is gone
        assert probe(url) == "ours" and server_pid(url) == owner  # the second run holds it: still the same server
        _, err = second.communicate(timeout=300)
        assert second.returncode == 0, err[-2000:]
        _assert_all_succeeded(tmp_path / "second", LONG)
        # the last holder is gone: the server exits about a second later
        wait_for(lambda: probe(url) == "down", 10, "the shared server to exit after its last run")
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait(10)


def test_sigkill_then_rerun_at_once(tmp_path):
    """The rerun starts while the killed run's server may still answer: it takes that server over (or starts its
    own once it is gone) and every episode succeeds."""
    port = free_port_block(len(replica_names()))
    tasks = ["v2.omnizon-13", "v2.gomail-1"]
    out = tmp_path / "run"
    cmd = _eval(tasks, out, port)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(
            lambda: step_recorded(out / "episodes" / "v2.gomail-1__0.jsonl", 1) or proc.poll() is not None,
            180,
            "the second episode's step 1",
        )
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=240)  # at once
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    _assert_all_succeeded(out, tasks)
