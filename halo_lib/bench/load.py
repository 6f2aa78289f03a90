"""Results under load: the expert on a task set at several worker counts and once beside a CPU hog, and a soak run.

`bench_load` runs `halo eval --mode expert` once per worker count (default 1, 2, 4, 6) and once more at
`hog_workers` (2) while a CPU hog keeps every core busy (one busy-looping process per core, each with its own
deadline, stopped at the end of the row, on an error and on Ctrl-C). Per row: successes, errors, episodes/min,
p50/p95 of the step time (the environment's step including retries, from the step records), steps that were
retried after a timeout, peak RSS of the eval's process tree, and the load average when the row started. The
aim is the same successes in every row; the report says which tasks differ.

`bench_soak` runs tasks x `rollouts` in one eval (its own replica server, started and stopped by that eval) and
checks: one episode file per (task, rollout), each with one end record (nothing lost or duplicated); no Chromium
or replica process of the run left afterwards (processes carry a tag in their environment, counted via psutil
before and after); the driver's RSS when 10% and 100% of the episodes had ended; `PRAGMA integrity_check` of the
run's cache and macro SQLite databases.

    halo bench load --tasks per-site --workers 1,2,4          # one task per replica site; default: every replica task
    halo bench soak --tasks per-site --rollouts 3 --workers 2
    report = bench_load([1, 2], tasks="v2.omnizon-13,v2.gomail-1", out_dir=Path("artifacts/reports"))
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Iterator

from halo_lib.bench.parallel import eval_command, run_measured
from halo_lib.bench.report import finish_report, load_note, start_clock, write_report
from halo_lib.config import PROJECT_ROOT, SPEED_MODE_STEPS, SitesConfig
from halo_lib.errors import HaloError
from halo_lib.lifetime import tied_env
from halo_lib.ports import free_port_block

DEFAULT_TASKS = "local"  # every replica task
PER_SITE = "per-site"  # the first expert-solvable task of each replica site
RUN_TAG = "HALO_BENCH_RUN"  # environment variable every process of a measured run inherits


def per_site_tasks() -> str:
    """The first task of each replica site that its expert solves and its eval script can pass."""
    from halo_lib.env.tasks import natural_key
    from halo_lib.sites import replica_names
    from halo_lib.sites.expert import solutions_for, unsolvable_for

    picks = []
    for site in replica_names():
        solvable = sorted(set(solutions_for(site)[0]) - set(unsolvable_for(site)), key=natural_key)
        if solvable:
            picks.append(f"v2.{solvable[0]}")
    return ",".join(picks)


def task_spec(tasks: str) -> str:
    return per_site_tasks() if tasks.strip() == PER_SITE else tasks


HOG_CODE = "import sys, time\nend = time.time() + float(sys.argv[1])\nwhile time.time() < end:\n    pass\n"


@contextlib.contextmanager
def cpu_hog(seconds: float, processes: int | None = None) -> Iterator[list[subprocess.Popen]]:
    """One busy-looping process per core for at most `seconds` (each stops itself then); killed when the block
    ends, however it ends (an error, Ctrl-C)."""
    procs = [
        subprocess.Popen([sys.executable, "-c", HOG_CODE, str(seconds)], stdin=subprocess.DEVNULL)
        for _ in range(processes or os.cpu_count() or 2)
    ]
    try:
        yield procs
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
        for proc in procs:
            proc.wait()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def step_records(run_dir: Path) -> Iterator[dict[str, Any]]:
    for path in sorted((Path(run_dir) / "episodes").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            with contextlib.suppress(json.JSONDecodeError):
                record = json.loads(line)
                if record.get("type") == "step":
                    yield record


def step_stats(run_dir: Path) -> dict[str, Any]:
    """p50/p95 of the environment's step time (every attempt of a retried step) and the retried steps."""
    times, retried = [], []
    for record in step_records(run_dir):
        log = record.get("attempt_log")
        times.append(sum(a["step_s"] for a in log) if log else float((record.get("timings") or {}).get("step_s", 0.0)))
        if log:
            retried.append({"action": record["action"], "errors": [(a["error"] or "")[:120] for a in log]})
    return {
        "steps": len(times),
        "p50_step_s": percentile(times, 0.5),
        "p95_step_s": percentile(times, 0.95),
        "retried_steps": len(retried),
        "retried": retried[:20],
    }


def measure_row(label: str, workers: int, cmd: list[str], out: Path, timeout_s: float) -> dict[str, Any]:
    load_before = load_note()
    measured = run_measured(cmd, timeout_s)
    summary_path = out / "summary.json"
    if not summary_path.exists():
        raise HaloError(f"The eval of row '{label}' wrote no summary (exit {measured['returncode']}): {measured['tail'][-300:]}")
    summary = json.loads(summary_path.read_text())
    episodes = summary["episodes"]
    return {
        "row": label,
        "workers": workers,
        "episodes": summary["n_episodes"],
        "success": summary["n_success"],
        "errors": summary["n_errors"],
        "wall_s": measured["wall_s"],
        "episodes_per_min": 60 * summary["n_episodes"] / measured["wall_s"],
        **step_stats(out),
        "peak_rss_mib": measured["peak_rss_mib"],
        "peak_pss_mib": measured["peak_pss_mib"],
        "load_before": load_before,
        "load_after": load_note(),
        "returncode": measured["returncode"],
        "tail": measured["tail"][-1500:],
        "solved": sorted(f"{e['task_id']}#{e['rollout']}" for e in episodes if e["success"]),
        "failures": [
            f"{e['task_id']}#{e['rollout']}: {e['error'] or 'reward 0'} ({e['steps']} steps)" for e in episodes if not e["success"]
        ],
    }


def bench_load(
    workers: list[int] | None = None,
    *,
    tasks: str = DEFAULT_TASKS,
    hog_workers: int | None = 2,
    mode: str = "expert",
    max_steps: int = SPEED_MODE_STEPS,
    out_dir: Path | None = None,
    timeout_s: float = 3600,
    progress=print,
) -> dict[str, Any]:
    """The load table (see module docstring): one row per worker count, and the hog row unless hog_workers is None."""
    from halo_lib.sites import replica_names
    from halo_lib.sites.server import ensure_sites

    clock = start_clock()
    workers = [1, 2, 4, 6] if workers is None else workers
    spec = task_spec(tasks)
    sites = SitesConfig(base_port=free_port_block(len(replica_names())))
    rows = []
    plan = [(f"{n} workers", n, False) for n in workers] + (
        [(f"{hog_workers} workers + CPU hog", hog_workers, True)] if hog_workers else []
    )
    with ensure_sites(sites, replica_names()), tempfile.TemporaryDirectory(prefix="halo-bench-load-") as scratch:
        for i, (label, n, hog) in enumerate(plan):
            out = Path(scratch) / f"row{i}"
            cmd = eval_command(mode, spec, n, 1, max_steps, out, sites.base_port, Path(scratch) / f"cache{i}")
            progress(f"[bench load] {label} ({load_note()})")
            with cpu_hog(timeout_s) if hog else contextlib.nullcontext():
                rows.append(measure_row(label, n, cmd, out, timeout_s))
            progress(f"[bench load] {label}: {rows[-1]['success']}/{rows[-1]['episodes']} solved, {rows[-1]['wall_s']:.0f} s")
    report = {
        "kind": "load",
        "mode": mode,
        "tasks": spec,
        "max_steps": max_steps,
        "cores": os.cpu_count(),
        "rows": rows,
        "markdown": load_markdown(rows, mode, spec, max_steps),
    }
    finish_report(report, clock, "Load: the same successes at any worker count?")
    if out_dir is not None:
        report["files"] = [str(p) for p in write_report(out_dir, "bench_load", report)]
    return report


def load_markdown(rows: list[dict[str, Any]], mode: str, spec: str, max_steps: int) -> str:
    lines = [
        f"Results under load: `halo eval --mode {mode}` on {len(spec.split(','))} task selector(s) "
        f"(`{spec if len(spec) < 120 else spec[:117] + '...'}`, max {max_steps} steps), one eval process per row, "
        f"replicas shared; {os.cpu_count()} cores",
        "",
        "| row | episodes | success | errors | wall (s) | episodes/min | p50 step (s) | p95 step (s) | retried steps | peak RSS (MiB) | load at start |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['row']} | {r['episodes']} | {r['success']} | {r['errors']} | {r['wall_s']:.0f} | "
            f"{r['episodes_per_min']:.1f} | {r['p50_step_s']:.2f} | {r['p95_step_s']:.2f} | {r['retried_steps']} | "
            f"{r['peak_rss_mib']:.0f} | {r['load_before'].split(' (')[0].replace('load average ', '')} |"
        )
    solved = [set(r["solved"]) for r in rows]
    if solved and all(s == solved[0] for s in solved):
        lines += ["", f"The same {len(solved[0])} episodes succeeded in every row."]
    elif solved:
        union = set().union(*solved)
        for r, s in zip(rows, solved):
            if s != union:
                lines.append(f"- {r['row']}: not solved here but in another row: {', '.join(sorted(union - s))}")
    for r in rows:
        if r["failures"]:
            lines.append(f"- {r['row']} failures: " + "; ".join(r["failures"]))
        if r["returncode"] != 0 or not r["episodes"]:
            tail = r["tail"].strip().splitlines()[-3:]
            lines.append(f"- {r['row']}: the eval exited {r['returncode']} after {r['episodes']} episodes: " + " / ".join(tail))
    lines += ["", "Load average at each row's start: " + "; ".join(f"{r['row']}: {r['load_before']}" for r in rows)]
    return "\n".join(lines)


# ---- soak ---------------------------------------------------------------------------------------------------------
def tagged_processes(tag: str) -> dict[str, int]:
    """Live processes whose environment carries RUN_TAG=tag: Chromium, replica servers, the rest."""
    import psutil

    counts = {"chromium": 0, "replica": 0, "other": 0}
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if proc.environ().get(RUN_TAG) != tag:
                continue
            cmdline = " ".join(proc.info["cmdline"] or [])
        except (psutil.Error, OSError):
            continue
        kind = "chromium" if "chrom" in cmdline.lower() else "replica" if "halo_lib.sites.server" in cmdline else "other"
        counts[kind] += 1
    return counts


def integrity(db: Path) -> str:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.Error as exc:
        return f"error: {exc}"


def count_episodes(run_dir: Path) -> tuple[int, dict[str, int]]:
    """(episode files, end records per episode name)."""
    files = sorted((run_dir / "episodes").glob("*.jsonl")) if (run_dir / "episodes").exists() else []
    ends = {}
    for path in files:
        ends[path.stem] = 0
        for line in path.read_text().splitlines():
            if '"end"' in line:
                with contextlib.suppress(json.JSONDecodeError):
                    ends[path.stem] += json.loads(line).get("type") == "end"
    return len(files), ends


def bench_soak(
    tasks: str = DEFAULT_TASKS,
    *,
    rollouts: int = 5,
    workers: int = 2,
    mode: str = "expert",
    max_steps: int = SPEED_MODE_STEPS,
    out_dir: Path | None = None,
    timeout_s: float = 4 * 3600,
    progress=print,
) -> dict[str, Any]:
    """The soak run (see module docstring)."""
    import psutil

    from halo_lib.env.tasks import expand_task_spec
    from halo_lib.sites import replica_names

    clock = start_clock()
    spec = task_spec(tasks)
    expected_tasks = expand_task_spec(spec, local_sites=replica_names())
    expected = {f"{t}__{k}" for t in expected_tasks for k in range(rollouts)}
    tag = uuid.uuid4().hex
    port = free_port_block(len(replica_names()))
    with tempfile.TemporaryDirectory(prefix="halo-bench-soak-") as scratch:
        out, cache = Path(scratch) / "run", Path(scratch) / "cache"
        cmd = eval_command(mode, spec, workers, rollouts, max_steps, out, port, cache)
        before = tagged_processes(tag)
        load_before = load_note()
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=str(PROJECT_ROOT), env=tied_env({**os.environ, RUN_TAG: tag})
        )
        log: list[bytes] = []
        reader = threading.Thread(target=lambda: log.extend(proc.stdout), daemon=True)
        reader.start()
        rss_at: dict[str, float] = {}
        peak_rss = 0.0
        try:
            while proc.poll() is None:
                if time.perf_counter() - started > timeout_s:
                    proc.kill()
                    raise HaloError(f"The soak run did not finish within {timeout_s:.0f} s.")
                with contextlib.suppress(psutil.Error):
                    rss = psutil.Process(proc.pid).memory_info().rss / 2**20
                    peak_rss = max(peak_rss, rss)
                    done = sum(count_episodes(out)[1].values())
                    if "10%" not in rss_at and done >= max(1, len(expected) // 10):
                        rss_at["10%"] = rss
                        progress(f"[bench soak] {done}/{len(expected)} episodes ended; driver RSS {rss:.0f} MiB")
                    rss_at["last"] = rss
                time.sleep(1.0)
        except KeyboardInterrupt:
            proc.kill()
            raise
        finally:
            proc.wait()
            reader.join(5)
        wall_s = time.perf_counter() - started
        rss_at["100%"] = rss_at.pop("last", float("nan"))
        time.sleep(2.0)  # what a clean exit leaves: give the last children a moment to go
        after = tagged_processes(tag)
        files, ends = count_episodes(out)
        summary = json.loads((out / "summary.json").read_text()) if (out / "summary.json").exists() else {}
        dbs = {db.name: integrity(db) for db in sorted(cache.glob("*.sqlite"))}
    missing = sorted(expected - set(ends))
    unexpected = sorted(set(ends) - expected)
    duplicated = sorted(name for name, n in ends.items() if n != 1)
    result = {
        "kind": "soak",
        "mode": mode,
        "tasks": spec,
        "rollouts": rollouts,
        "workers": workers,
        "expected_episodes": len(expected),
        "episode_files": files,
        "missing": missing,
        "unexpected": unexpected,
        "not_one_end_record": duplicated,
        "n_success": summary.get("n_success"),
        "n_errors": summary.get("n_errors"),
        "returncode": proc.returncode,
        "wall_s": wall_s,
        "episodes_per_min": 60 * files / wall_s,
        "driver_rss_mib": rss_at,
        "driver_peak_rss_mib": peak_rss,
        "processes_before": before,
        "processes_after": after,
        "sqlite_integrity": dbs,
        "load_before": load_before,
        "load_after": load_note(),
        "tail": b"".join(log).decode(errors="replace")[-1500:],
    }
    ok = not missing and not unexpected and not duplicated and not any(after.values()) and dbs and all(v == "ok" for v in dbs.values())
    result["ok"] = bool(ok)
    result["markdown"] = "\n".join(
        [
            f"Soak: `halo eval --mode {mode}` on {len(expected_tasks)} tasks x {rollouts} rollouts, {workers} workers, one run "
            f"({wall_s:.0f} s, {result['episodes_per_min']:.1f} episodes/min; {load_before} at start)",
            "",
            f"- episodes: {files} files for {len(expected)} expected; missing {len(missing)}, unexpected {len(unexpected)}, "
            f"without exactly one end record {len(duplicated)}; {summary.get('n_success')} succeeded, {summary.get('n_errors')} errored",
            f"- processes of the run left after it: {after} (before: {before})",
            f"- driver RSS: {rss_at.get('10%', float('nan')):.0f} MiB at 10% of the episodes, {rss_at['100%']:.0f} MiB at 100% (peak {peak_rss:.0f})",
            "- SQLite integrity_check: " + (", ".join(f"{k}: {v}" for k, v in dbs.items()) or "no database written"),
            f"- verdict: {'nothing lost, duplicated or left behind' if ok else 'NOT clean: see above'}",
        ]
    )
    finish_report(result, clock, "Soak: nothing lost, duplicated or left behind?")
    if out_dir is not None:
        result["files"] = [str(p) for p in write_report(out_dir, "bench_soak", result)]
    return result
