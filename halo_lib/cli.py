"""The `halo` command: argument parsing only; every command calls a library function.

    halo tasks [--sites local|real]
    halo eval --mode expert --tasks local --out artifacts/runs/x [--workers N] [--rollouts-per-task K]
              [--max-steps N] [--sites local|real] [--speed]
    halo sites serve [--host 127.0.0.1] [--port 8601]
    halo bench step [--task v2.omnizon-13] [--out artifacts/reports]

Errors a user can cause print one sentence (no traceback) and exit with status 2.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from halo_lib.errors import HaloError

SPEED_MODE_STEPS = 25
SCORE_MODE_STEPS = 70


def _add_sites_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sites", choices=["local", "real"], default="local", help="local replicas (default) or the real sites")
    parser.add_argument("--sites-port", type=int, default=None, help="first replica port (default 8601)")


def cmd_tasks(args: argparse.Namespace) -> int:
    from halo_lib.env.tasks import natural_key, site_of, v2_task_json, v2_task_names
    from halo_lib.sites import replica_names

    local = set(replica_names())
    rows = []
    for name in sorted(v2_task_names(), key=natural_key):
        if args.sites == "local" and site_of(name) not in local:
            continue
        goal = v2_task_json(name)["goal"]
        rows.append((f"v2.{name}", site_of(name), "yes" if site_of(name) in local else "no", goal))
    if args.json:
        print(json.dumps([dict(zip(("task_id", "site", "local", "goal"), row)) for row in rows], indent=2))
        return 0
    print(f"{'task':18s} {'site':11s} {'local':5s}  goal")
    for task_id, site, has_local, goal in rows:
        print(f"{task_id:18s} {site:11s} {has_local:5s}  {goal}")
    print(f"\n{len(rows)} tasks" + (" served by local replicas" if args.sites == "local" else ""))
    return 0


def _run_config(args: argparse.Namespace):
    from halo_lib.config import EnvConfig, RunConfig, SitesConfig

    sites = SitesConfig(base_port=args.sites_port) if args.sites_port else SitesConfig()
    max_steps = args.max_steps or (SPEED_MODE_STEPS if args.speed else SCORE_MODE_STEPS)
    return RunConfig(
        mode=args.mode,
        tasks=args.tasks,
        out_dir=args.out or "",
        rollouts_per_task=args.rollouts_per_task,
        workers=args.workers,
        max_steps=max_steps,
        ray_address=args.ray_address or "",
        env=EnvConfig(sites=args.sites, headless=not args.headed),
        sites=sites,
    )


def cmd_eval(args: argparse.Namespace) -> int:
    from halo_lib.runner.eval import run_eval

    config = _run_config(args)

    def progress(result, done: int, total: int) -> None:
        status = "ERROR " + (result.error or "") if result.error else f"reward {result.reward:.0f}"
        print(f"[{done}/{total}] {result.task_id}#{result.rollout}: {status} ({result.steps} steps, {result.wall_s:.1f} s)", flush=True)

    summary = run_eval(config, progress=progress)
    print(
        f"\n{summary['mode']}: success {summary['n_success']}/{summary['n_episodes']} "
        f"({100 * summary['success_rate']:.1f}% ± {100 * summary['success_stderr']:.1f}), "
        f"errors {summary['n_errors']} -> {summary['out_dir']}/summary.json"
    )
    return 0


def cmd_sites_serve(args: argparse.Namespace) -> int:
    from halo_lib.config import SitesConfig
    from halo_lib.sites.server import serve

    config = SitesConfig(host=args.host, base_port=args.port)
    print("Serving HALO replicas (Ctrl-C stops):")
    try:
        serve(config)
    except KeyboardInterrupt:
        pass
    return 0


def cmd_bench_step(args: argparse.Namespace) -> int:
    from halo_lib.runner.bench import bench_step

    report = bench_step(args.task, rounds=args.rounds, out_dir=Path(args.out))
    print(report["markdown"])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="halo", description="HALO: a hierarchical browser agent workbench for REAL v2.")
    sub = parser.add_subparsers(dest="command", required=True)

    tasks = sub.add_parser("tasks", help="list REAL v2 task ids with site, goal and whether a replica serves them")
    tasks.add_argument("--sites", choices=["local", "real"], default="real", help="local: only tasks a replica serves")
    tasks.add_argument("--json", action="store_true")
    tasks.set_defaults(func=cmd_tasks)

    ev = sub.add_parser("eval", help="evaluate a mode on tasks; resumes into an existing --out folder")
    ev.add_argument("--mode", required=True, help="a mode from params/modes.yaml (expert, baseline_worker, ...)")
    ev.add_argument("--tasks", default="local", help="task ids, site names, 'local', or task JSON paths (comma list)")
    ev.add_argument("--out", default="", help="run folder (default artifacts/runs/<timestamp>_<mode>_<hash>)")
    ev.add_argument("--workers", type=int, default=1, help="parallel episodes (Ray when > 1)")
    ev.add_argument("--rollouts-per-task", type=int, default=1)
    ev.add_argument("--max-steps", type=int, default=0, help="default 70 (score mode) or 25 with --speed")
    ev.add_argument("--speed", action="store_true", help="speed mode: at most 25 steps")
    ev.add_argument("--ray-address", default="", help="join an existing Ray cluster instead of starting one")
    ev.add_argument("--headed", action="store_true", help="show the browser windows (needs a display)")
    _add_sites_args(ev)
    ev.set_defaults(func=cmd_eval)

    sites = sub.add_parser("sites", help="the offline replicas")
    sites_sub = sites.add_subparsers(dest="sites_command", required=True)
    serve = sites_sub.add_parser("serve", help="serve every replica on loopback until Ctrl-C")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8601, help="first replica's port; the others follow")
    serve.set_defaults(func=cmd_sites_serve)

    bench = sub.add_parser("bench", help="benchmarks that print numbers")
    bench_sub = bench.add_subparsers(dest="bench_command", required=True)
    step = bench_sub.add_parser("step", help="step time: agisdk's defaults vs HALO's settings, same task, one run")
    step.add_argument("--task", default="v2.omnizon-13")
    step.add_argument("--rounds", type=int, default=2, help="expert episodes per setting")
    step.add_argument("--out", default="artifacts/reports")
    step.set_defaults(func=cmd_bench_step)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except HaloError as exc:
        print(f"halo: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("halo: interrupted; finished episodes are kept, rerun the same command to resume.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
