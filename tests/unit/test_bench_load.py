"""The pieces of `halo bench load` / `soak` (bench/load.py): the CPU hog stops however its block ends, step
statistics come from the step records (a retried step counts every attempt), leftover processes are found by
the run's tag, SQLite integrity is read, and one task per site is picked from what each expert can solve."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from halo_lib.bench.load import RUN_TAG, count_episodes, cpu_hog, integrity, per_site_tasks, step_stats, tagged_processes
from halo_lib.sites import replica_names


def test_cpu_hog_runs_one_process_per_core_and_is_stopped_even_on_an_error():
    with pytest.raises(KeyboardInterrupt), cpu_hog(seconds=60, processes=2) as hogs:
        time.sleep(0.3)
        assert [h.poll() for h in hogs] == [None, None]
        raise KeyboardInterrupt  # Ctrl-C inside the measured row
    assert all(h.poll() is not None for h in hogs)


def test_step_stats_count_every_attempt_of_a_retried_step(tmp_path):
    episodes = tmp_path / "episodes"
    episodes.mkdir()
    records = [
        {"type": "start"},
        {"type": "step", "action": "click('1')", "timings": {"step_s": 1.0}, "attempts": 1},
        {
            "type": "step",
            "action": "click('2')",
            "timings": {"step_s": 2.0},
            "attempts": 2,
            "attempt_log": [
                {"error": "TimeoutError: Locator.click: Timeout 500ms exceeded.", "step_s": 1.5, "retry": "..."},
                {"error": None, "step_s": 2.0, "retry": None},
            ],
        },
        {"type": "end"},
    ]
    (episodes / "v2.x-1__0.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    stats = step_stats(tmp_path)
    assert stats["steps"] == 2 and stats["retried_steps"] == 1
    assert stats["p95_step_s"] == 3.5 and stats["p50_step_s"] in (1.0, 3.5)
    assert count_episodes(tmp_path) == (1, {"v2.x-1__0": 1})


def test_leftover_processes_are_found_by_the_runs_tag():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], env={**os.environ, RUN_TAG: "t123"})
    try:
        time.sleep(0.3)
        assert tagged_processes("t123")["other"] == 1
    finally:
        child.kill()
        child.wait()
    assert tagged_processes("t123") == {"chromium": 0, "replica": 0, "other": 0}


def test_integrity_check_reads_ok_and_reports_a_broken_file(tmp_path):
    good = tmp_path / "good.sqlite"
    with sqlite3.connect(good) as conn:
        conn.execute("create table t (x)")
        conn.execute("insert into t values (1)")
    assert integrity(good) == "ok"
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    assert integrity(bad) != "ok"


def test_per_site_picks_one_solvable_task_for_every_replica_site():
    picks = per_site_tasks().split(",")
    assert [p.split(".", 1)[1].rsplit("-", 1)[0] for p in picks] == list(replica_names())
