"""Step-time benchmark: agisdk's default waits vs HALO's settled wait, same replica task, one process.

Plays the scripted expert on one task under each setting, `rounds` episodes each, interleaved so that
machine noise spreads evenly, and reports the median step time (action + wait + observation), the median
reset time, whole-episode time and success per setting. Writes JSON and a markdown table.

    halo bench step --task v2.omnizon-13,v2.gomail-1 --rounds 2
    report = bench_step("v2.omnizon-13", rounds=2, out_dir=Path("artifacts/reports"))
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path
from typing import Any

from halo_lib.bench.report import finish_report, load_note, start_clock, write_report
from halo_lib.config import EnvConfig, RunConfig, SitesConfig
from halo_lib.env.tasks import resolve_task
from halo_lib.runner.episode import run_episode
from halo_lib.sites import local_urls
from halo_lib.sites.expert import ExpertPolicy
from halo_lib.trace.episode import read_records

SETTINGS: dict[str, EnvConfig] = {
    "agisdk defaults (slow_mo 1000, sleep 0.5 s, networkidle)": EnvConfig(slow_mo_ms=1000, settle="agisdk"),
    "agisdk waits, slow_mo 0": EnvConfig(slow_mo_ms=0, settle="agisdk"),
    "HALO (slow_mo 0, settled wait)": EnvConfig(slow_mo_ms=0, settle="halo"),
    "floor (no wait at all)": EnvConfig(slow_mo_ms=0, settle="none"),
}


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def bench_step(
    task_ref: str = "v2.omnizon-13", rounds: int = 2, out_dir: Path | None = None, sites: SitesConfig | None = None
) -> dict[str, Any]:
    from halo_lib.sites.server import ensure_sites

    clock = start_clock()
    if sites is None:  # free ports: a `halo sites serve` or another run may hold the default ones
        from halo_lib.ports import free_port_block
        from halo_lib.sites import replica_names

        sites = SitesConfig(base_port=free_port_block(len(replica_names())))
    rows: dict[str, dict[str, list]] = {name: {"step_s": [], "reset_s": [], "episode_s": [], "success": []} for name in SETTINGS}
    urls = local_urls(sites.host, sites.base_port)
    tasks = [resolve_task(ref, sites="local", local_urls=urls) for ref in task_ref.split(",") if ref.strip()]
    with ensure_sites(sites, sorted({task.site for task in tasks})):
        with tempfile.TemporaryDirectory(prefix="halo-bench-") as scratch:
            for round_index in range(rounds):
                for task_index, task in enumerate(tasks):
                    for setting_index, (name, env) in enumerate(SETTINGS.items()):
                        config = RunConfig(mode="expert", env=env, sites=sites)
                        run_dir = Path(scratch) / f"{round_index}_{task_index}_{setting_index}"
                        result = run_episode(task, ExpertPolicy.for_task(task), config, run_dir)
                        records = list(read_records(run_dir / "episodes" / f"{task.task_id}__0.jsonl"))
                        rows[name]["reset_s"] += [r["timings"]["reset_s"] for r in records if r["type"] == "start"]
                        rows[name]["step_s"] += [r["timings"]["step_s"] for r in records if r["type"] == "step" and not r["done"]]
                        rows[name]["episode_s"].append(result.wall_s)
                        rows[name]["success"].append(result.success)
    table = []
    for name, data in rows.items():
        table.append(
            {
                "setting": name,
                "median_step_s": _median(data["step_s"]),
                "median_reset_s": _median(data["reset_s"]),
                "median_episode_s": _median(data["episode_s"]),
                "steps_measured": len(data["step_s"]),
                "success": f"{sum(data['success'])}/{len(data['success'])}",
            }
        )
    base = table[0]["median_step_s"]
    floor = table[-1]["median_step_s"]
    for row in table:
        row["speedup_vs_agisdk_defaults"] = base / row["median_step_s"]
        row["x_floor"] = row["median_step_s"] / floor
    lines = [
        f"Expert, {rounds} episode(s) per task and setting, interleaved; step = action + wait + observation, answer step excluded.",
        "",
        "| setting | median step (s) | speed-up vs agisdk defaults | x floor | median reset (s) | median episode (s) | success |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in table:
        lines.append(
            f"| {row['setting']} | {row['median_step_s']:.3f} | {row['speedup_vs_agisdk_defaults']:.1f}x | "
            f"{row['x_floor']:.2f} | {row['median_reset_s']:.2f} | {row['median_episode_s']:.2f} | {row['success']} |"
        )
    halo = next(row for row in table if row["setting"].startswith("HALO"))
    targets = {
        "halo_within_1.5x_of_floor": halo["x_floor"] <= 1.5,
        "halo_at_least_5x_faster_than_agisdk_defaults": halo["speedup_vs_agisdk_defaults"] >= 5.0,
        "success_unchanged": len({row["success"] for row in table}) == 1,
    }
    lines += ["", "Targets: " + ", ".join(f"{name.replace('_', ' ')}: {'met' if ok else 'NOT met'}" for name, ok in targets.items())]
    report = {
        "kind": "step",
        "task": task_ref,
        "rounds": rounds,
        "rows": table,
        "targets": targets,
        "load": load_note(),
        "markdown": "\n".join(lines),
    }
    finish_report(report, clock, f"Step time on {task_ref}")
    if out_dir is not None:
        write_report(out_dir, "bench_step", report)
    return report
