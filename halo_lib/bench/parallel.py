"""Parallel throughput and memory: the same eval with 1, 2 and 4 workers on Ray, episodes per minute and the
peak resident memory of the whole run (driver, Ray's processes and workers, every Chromium).

Each worker count runs `halo eval` as its own process (a fresh Ray each time) against replicas this benchmark
starts once, so the replica server's start is not in the timing; its memory is reported on its own line. RSS is
the sum over the eval process and all its descendants, sampled every 0.2 s; RSS counts shared pages once per
process (it overstates), PSS splits them among the processes sharing them (closest to what the machine spends).

    halo bench parallel --workers 1,2,4 --tasks omnizon --rollouts 1
    report = bench_parallel([1, 2, 4], tasks="v2.omnizon-13,v2.gomail-1", rollouts=2, out_dir=Path("artifacts/reports"))
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from halo_lib.bench.report import finish_report, load_note, start_clock, write_report
from halo_lib.config import PROJECT_ROOT, SPEED_MODE_STEPS, SitesConfig
from halo_lib.errors import HaloError
from halo_lib.lifetime import tied_env
from halo_lib.ports import free_port_block

DEFAULT_TASKS = "v2.omnizon-13,v2.omnizon-17,v2.gomail-1,v2.gomail-24"


class RssSampler:
    """Peak of the summed RSS of a process and its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval_s: float = 0.2):
        import psutil

        self._psutil = psutil
        self.pid = pid
        self.interval_s = interval_s
        self.peak_bytes = 0
        self.peak_pss_bytes = 0  # proportional set size: shared pages split among the processes sharing them
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def sample(self) -> int:
        psutil = self._psutil
        try:
            root = psutil.Process(self.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0
        total = pss = 0
        for proc in procs:
            try:
                info = proc.memory_full_info()
                total += info.rss
                pss += getattr(info, "pss", info.rss)
            except psutil.Error:
                pass
        if total > self.peak_bytes:
            self.peak_bytes, self.peak_processes = total, len(procs)
        self.peak_pss_bytes = max(self.peak_pss_bytes, pss)
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval_s)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def eval_command(mode: str, tasks: str, workers: int, rollouts: int, max_steps: int, out: Path, port: int, cache_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "halo_lib.cli",
        "eval",
        "--mode",
        mode,
        "--tasks",
        tasks,
        "--rollouts-per-task",
        str(rollouts),
        "--workers",
        str(workers),
        "--max-steps",
        str(max_steps),
        "--out",
        str(out),
        "--sites-port",
        str(port),
        "--cache-dir",
        str(cache_dir),
    ]


def run_measured(cmd: list[str], timeout_s: float, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `cmd`, returning wall time, exit status, the peak RSS of its process tree and its output's tail."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=str(PROJECT_ROOT), env=tied_env(env))
        sampler = RssSampler(proc.pid)
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise HaloError(f"`{' '.join(cmd[2:6])} ...` did not finish within {timeout_s:.0f} s.") from None
        finally:
            sampler.stop()
        log.seek(0)
        tail = log.read().decode(errors="replace")[-2000:]
    return {
        "wall_s": time.perf_counter() - started,
        "returncode": proc.returncode,
        "peak_rss_mib": sampler.peak_bytes / 2**20,
        "peak_pss_mib": sampler.peak_pss_bytes / 2**20,
        "peak_processes": sampler.peak_processes,
        "tail": tail,
    }


def bench_parallel(
    workers: list[int] | None = None,
    *,
    tasks: str = DEFAULT_TASKS,
    rollouts: int = 2,
    mode: str = "expert",
    max_steps: int = SPEED_MODE_STEPS,
    out_dir: Path | None = None,
    sites: SitesConfig | None = None,
    timeout_s: float = 900,
    title: str = "Parallel throughput and memory",
) -> dict[str, Any]:
    """Episodes per minute and peak RSS for each worker count (see module docstring)."""
    from halo_lib.sites import replica_names
    from halo_lib.sites.server import ensure_sites

    clock = start_clock()
    workers = workers or [1, 2, 4]
    sites = sites or SitesConfig(base_port=free_port_block(len(replica_names())))
    rows = []
    with ensure_sites(sites, replica_names()) as _urls, tempfile.TemporaryDirectory(prefix="halo-bench-par-") as scratch:
        import psutil

        server = [p for p in psutil.Process().children() if "halo_lib.sites.server" in " ".join(p.cmdline())]
        replica_rss = server[0].memory_info().rss / 2**20 if server else float("nan")
        for n in workers:
            out = Path(scratch) / f"w{n}"
            cmd = eval_command(mode, tasks, n, rollouts, max_steps, out, sites.base_port, Path(scratch) / f"cache{n}")
            load_before = load_note()
            measured = run_measured(cmd, timeout_s)
            if measured["returncode"] != 0:
                raise HaloError(f"The eval with {n} workers failed (exit {measured['returncode']}): {measured['tail'][-300:]}")
            summary = json.loads((out / "summary.json").read_text())
            episode_s = [e["wall_s"] for e in summary["episodes"]]
            rows.append(
                {
                    "workers": n,
                    "episodes": summary["n_episodes"],
                    "success": summary["n_success"],
                    "errors": summary["n_errors"],
                    "wall_s": measured["wall_s"],
                    "episodes_per_min": 60 * summary["n_episodes"] / measured["wall_s"],
                    "mean_episode_s": sum(episode_s) / len(episode_s) if episode_s else float("nan"),
                    "peak_rss_mib": measured["peak_rss_mib"],
                    "peak_pss_mib": measured["peak_pss_mib"],
                    "peak_processes": measured["peak_processes"],
                    "load_before": load_before,
                    "failures": [
                        f"{e['task_id']}#{e['rollout']}: {e['error'] or 'reward 0'} ({e['steps']} steps)"
                        for e in summary["episodes"]
                        if not e["success"]
                    ],
                }
            )
    lines = [
        f"`halo eval --mode {mode}` on {tasks} x {rollouts} rollouts (max {max_steps} steps), one process per worker "
        "count (Ray start included in wall time)",
        "",
        "| workers | episodes | success | errors | wall (s) | episodes/min | mean episode (s) | peak RSS sum (MiB) | peak PSS sum (MiB) | processes at peak |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['workers']} | {row['episodes']} | {row['success']} | {row['errors']} | {row['wall_s']:.1f} | "
            f"{row['episodes_per_min']:.1f} | {row['mean_episode_s']:.1f} | {row['peak_rss_mib']:.0f} | {row['peak_pss_mib']:.0f} | "
            f"{row['peak_processes']} |"
        )
    for row in rows:
        if row["failures"]:
            lines += ["", f"Not solved with {row['workers']} workers: " + "; ".join(row["failures"])]
    lines += [
        "",
        f"Replica server (shared, not in the sums): {replica_rss:.0f} MiB RSS. Machine: {os.cpu_count()} cores; "
        + "; ".join(f"{r['workers']} workers started at {r['load_before']}" for r in rows)
        + ".",
    ]
    report = {
        "kind": "parallel",
        "mode": mode,
        "tasks": tasks,
        "rollouts": rollouts,
        "max_steps": max_steps,
        "rows": rows,
        "replica_server_rss_mib": replica_rss,
        "markdown": "\n".join(lines),
    }
    finish_report(report, clock, title)
    if out_dir is not None:
        write_report(out_dir, "bench_parallel", report)
    return report
