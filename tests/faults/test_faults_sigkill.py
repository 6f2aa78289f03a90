"""The eval process killed with SIGKILL mid-run (as the OOM killer would), then rerun into the same folder: every
finished episode is kept as it was, the unfinished one is rerun, the unstarted one is run, none is duplicated,
and summary.json is consistent. The killed run leaves no replica server or Chromium behind."""

from __future__ import annotations

import json
import shutil
import tempfile
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from halo_lib.sites import local_urls, replica_names
from halo_lib.sites.server import probe
from halo_lib.ports import free_port_block
from tests.support.faults import assert_summary_consistent, step_recorded, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

TASKS = ["v2.omnizon-13", "v2.gomail-1", "v2.gomail-24"]


def _sigkill_when(cmd: list[str], ready, within_s: float, what: str, **popen) -> list[psutil.Process]:
    """Start `cmd`, wait until ready() (or it exits), SIGKILL it as the OOM killer would; returns the child
    processes it had at that moment (to check that none outlives it)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)
    try:
        wait_for(lambda: ready() or proc.poll() is not None, within_s, what)
        children = psutil.Process(proc.pid).children(recursive=True)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    return children


@pytest.fixture
def short_tmp():
    """A temp folder with a short path: Chromium's singleton socket lives under TMPDIR, and a Unix socket path may not
    exceed 107 bytes (under pytest's tmp_path Chromium could not start)."""
    folder = Path(tempfile.mkdtemp(prefix="halo-sk-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_sigkill_mid_run_then_resume(tmp_path, short_tmp):
    out = tmp_path / "run"
    port = free_port_block(len(replica_names()))  # nothing runs there: the eval starts (and owns) its replicas
    cmd = [
        sys.executable,
        "-m",
        "halo_lib.cli",
        "eval",
        "--mode",
        "expert",
        "--tasks",
        ",".join(TASKS),
        "--out",
        str(out),
        "--sites-port",
        str(port),
        "--max-steps",
        "20",
    ]
    scratch = short_tmp  # the run's temp folder: the replica server's log goes there
    env = {**os.environ, "TMPDIR": str(scratch)}
    children = _sigkill_when(
        cmd,
        # the server's log is there while it runs (checked before the kill: once its lease holder is dead the server
        # may exit, and remove the log, within half a second)
        lambda: step_recorded(out / "episodes" / "v2.gomail-1__0.jsonl", 1) and bool(list(scratch.glob("halo-sites-*.log"))),
        120,
        "the second episode's step 1, with the replica server's log in the run's temp folder",
        env=env,
    )
    first = out / "episodes" / "v2.omnizon-13__0.jsonl"
    finished_before = first.read_bytes()
    assert json.loads(finished_before.splitlines()[-1])["type"] == "end"
    interrupted = (out / "episodes" / "v2.gomail-1__0.jsonl").read_text().splitlines()
    assert all(json.loads(line)["type"] != "end" for line in interrupted if line.strip())
    killed_summary = json.loads((out / "summary.json").read_text())  # consistent even at the moment of the kill
    assert [e["task_id"] for e in killed_summary["episodes"]] == ["v2.omnizon-13"]

    # nothing left behind: the replica server exits with its parent, Chromium with Playwright's driver
    urls = local_urls("127.0.0.1", port)
    wait_for(lambda: all(probe(url) == "down" for url in urls.values()), 10, "the orphaned replica server to exit")
    wait_for(lambda: not list(scratch.glob("halo-sites-*.log")), 5, "the orphaned replica server to remove its log")
    wait_for(
        lambda: not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE],
        15,
        "the killed run's child processes to exit",
    )

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=150, env=env)
    assert rerun.returncode == 0, rerun.stderr
    assert not list(scratch.glob("halo-sites-*.log"))  # a run that ends normally removes its server's log
    assert first.read_bytes() == finished_before  # kept, not rerun
    summary = json.loads((out / "summary.json").read_text())
    assert_summary_consistent(summary, 3)
    assert [e["task_id"] for e in summary["episodes"]] == TASKS
    assert all(e["success"] and e["error"] is None for e in summary["episodes"])
    for task in TASKS[1:]:
        records = [json.loads(line) for line in (out / "episodes" / f"{task}__0.jsonl").read_text().splitlines()]
        assert [r["type"] for r in records].count("start") == 1 and records[-1]["type"] == "end"
    progress = [line for line in rerun.stdout.splitlines() if line.startswith("[")]
    assert len(progress) == 2 and "omnizon-13" not in "".join(progress)  # it ran the two others, not the kept one


RAY_TASKS = ["v2.omnizon-13", "v2.gomail-1", "v2.gomail-24", "v2.omnizon-24"]


@pytest.mark.heavy  # ~110 s; the one-worker SIGKILL test above stays in the default suite
@pytest.mark.timeout(720)
def test_sigkill_of_a_two_worker_ray_run_then_resume(tmp_path):
    """The same with two Ray workers: episodes finish out of order and two are in flight at the kill. Rerun: the
    finished ones are kept byte for byte, the rest run once; the killed run's Ray workers, browsers and replicas
    are gone. (Before Ray workers watched their driver, an orphaned in-flight episode went on, failed when the
    replicas exited, and wrote an errored end record that the resume then kept.)"""
    out = tmp_path / "run"
    port = free_port_block(len(replica_names()))
    cmd = [
        sys.executable,
        "-m",
        "halo_lib.cli",
        "eval",
        "--mode",
        "expert",
        "--tasks",
        ",".join(RAY_TASKS),
        "--out",
        str(out),
        "--sites-port",
        str(port),
        "--max-steps",
        "20",
        "--workers",
        "2",
    ]
    episodes = out / "episodes"

    def ended() -> list[str]:
        done = []
        for task in RAY_TASKS:
            path = episodes / f"{task}__0.jsonl"
            if (
                path.is_file()
                and path.read_text().rstrip().endswith("}")
                and json.loads(path.read_text().splitlines()[-1])["type"] == "end"
            ):
                done.append(task)
        return done

    children = _sigkill_when(
        cmd,
        lambda: len(ended()) >= 1 and any(step_recorded(episodes / f"{t}__0.jsonl", 1) for t in RAY_TASKS if t not in ended()),
        240,
        "one finished episode and another in flight",
        start_new_session=True,
    )
    kept = {task: (episodes / f"{task}__0.jsonl").read_bytes() for task in ended()}
    assert 1 <= len(kept) < len(RAY_TASKS)
    urls = local_urls("127.0.0.1", port)
    wait_for(lambda: all(probe(url) == "down" for url in urls.values()), 20, "the orphaned replica server to exit")

    def alive() -> list[str]:
        out = []
        for child in children:
            try:
                if child.is_running() and child.status() != psutil.STATUS_ZOMBIE:
                    out.append(" ".join(child.cmdline()[:2])[:80])
            except psutil.NoSuchProcess:
                pass
        return out

    started = time.monotonic()
    # Ray's own reaper takes the head processes (GCS, raylet) down, and the raylet its workers, after the driver
    # is gone: a slower chain than one process's children
    try:
        wait_for(lambda: not alive(), 180, "the killed run's Ray processes and browsers to exit")
    except AssertionError:
        raise AssertionError(f"the killed run's processes still alive after 180 s: {alive()}") from None
    print(f"killed Ray run's {len(children)} child processes gone after {time.monotonic() - started:.1f} s")

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    for task, data in kept.items():
        assert (episodes / f"{task}__0.jsonl").read_bytes() == data  # kept, not rerun
    summary = json.loads((out / "summary.json").read_text())
    assert_summary_consistent(summary, len(RAY_TASKS))
    assert sorted(e["task_id"] for e in summary["episodes"]) == sorted(RAY_TASKS)
    assert all(e["success"] and e["error"] is None for e in summary["episodes"])
    for task in RAY_TASKS:
        records = [json.loads(line) for line in (episodes / f"{task}__0.jsonl").read_text().splitlines()]
        assert [r["type"] for r in records].count("start") == 1 and records[-1]["type"] == "end"


def test_a_killed_benchmark_leaves_no_eval_behind(tmp_path):
    """`halo bench parallel` runs `halo eval` as a child; the benchmark SIGKILLed mid-episode (or stopped with
    SIGTERM, which runs no cleanup either) takes that eval, its replica server and its Chromium with it."""
    cmd = [sys.executable, "-m", "halo_lib.cli", "bench", "parallel", "--workers", "1", "--tasks", "v2.omnizon-13"]
    cmd += ["--out", str(tmp_path)]

    def eval_playing() -> bool:
        return any("chromium" in p.name() for child in psutil.Process(bench.pid).children() for p in child.children(recursive=True))

    # its scratch folder (tempfile) outlives a SIGKILL: keep it in this test's folder, not in /tmp
    bench = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "TMPDIR": str(tmp_path)})
    try:
        wait_for(lambda: bench.poll() is not None or eval_playing(), 120, "the benchmark's eval to open Chromium")
        assert bench.poll() is None, "the benchmark ended before its eval started an episode"
        children = psutil.Process(bench.pid).children(recursive=True)
        assert any("eval" in c.cmdline() for c in children)
        os.kill(bench.pid, signal.SIGKILL)
        bench.wait(10)
    finally:
        if bench.poll() is None:
            bench.kill()
    wait_for(
        lambda: not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE],
        20,
        "the killed benchmark's eval, replica server and Chromium to exit",
    )
