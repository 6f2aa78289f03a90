"""The `halo` command: argument parsing only; every command calls a library function.

    halo tasks [--sites local|real]
    halo eval --mode expert --tasks local --out artifacts/runs/x [--workers N] [--rollouts-per-task K] [--config FILE.yaml]
              [--max-steps N] [--episode-timeout S] [--sites local|real] [--speed] [--temperature T] [--cache-dir D]
              [--worker-backend auto|openai|vllm|local] [--worker-model M] [--vllm-url URL]
    halo eval --experiment hierarchy_ablation --out artifacts/runs/ablation      (a study of params/studies/)
    halo study run NAME [ARM...] [--out DIR] [--set KEY=VALUE]... | halo study report NAME | halo study list
    halo smoke
    halo cache list [--site omnizon] [--cache-dir D] | halo cache clear [--vac | --macros]
    halo sites serve [--host 127.0.0.1] [--port 8601]
    halo bench step [--task v2.omnizon-13[,v2.gomail-1]] [--out artifacts/reports]
    halo bench parallel [--workers 1,2,4] [--tasks ...] [--rollouts 2]
    halo bench load [--workers 1,2,4,6] [--tasks local|per-site|...] [--hog-workers 2 | --no-hog]
    halo bench soak [--tasks local|per-site|...] [--rollouts 5] [--workers 2]
    halo bench all [--out artifacts/reports] [--skip llm,agent] [--quick]
    halo bench llm [--prompt-tokens 600] [--new-tokens 32] [--no-dequantize] [--no-server]
    halo bench agent [--modes a,b] [--tasks local] [--max-steps 25] [--passes cold,seeded,second] [--out DIR]
    halo nb run NOTEBOOK [-f params/<notebook>/<name>.yaml] [-p NAME VALUE]... [--out DIR]   (papermill, headless)
    halo nb matrix [-f params/02_eval/<name>.yaml] [-p NAME VALUE]... [--out DIR]  (then 09_compare; no -f: study ablation)
    halo nb list | halo nb strip [NOTEBOOK...]                                  (clear outputs before a commit)
    halo lab [--port 8888]                                                       (JupyterLab on notebooks/)

    halo rollout --mode M --tasks SPEC --k 4 --temperature 0.7 [--out DIR]          (RL pipeline, halo_lib/rl)
    halo export --runs DIR[,DIR] --out artifacts/datasets/rl [--strategies ...] [--val-tasks ...]
    halo train bc|dpo|grpo --data FILE [--name N] [--epochs E] [--max-steps N] [--config YAML]
    halo serve vllm [--print]
    halo bench train --data FILE [--steps 6]

Errors a user can cause print one sentence (no traceback) and exit with status 2.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from halo_lib.config import SCORE_MODE_STEPS, SPEED_MODE_STEPS
from halo_lib.errors import HaloError
from halo_lib.paths import resolve_path


def _add_sites_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sites", choices=["local", "real"], default=None, help="local replicas (default) or the real sites")
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


def _file_run_config(args: argparse.Namespace):
    """--config FILE: the file's settings, then every command-line flag that was given (differs from its default)."""
    import dataclasses

    from halo_lib.config import load_run_config

    base = load_run_config(args.config)
    top: dict = {}
    for flag, field_name, default in (("mode", "mode", ""), ("tasks", "tasks", None), ("out", "out_dir", ""),
                                      ("workers", "workers", 1), ("rollouts_per_task", "rollouts_per_task", 1),
                                      ("ray_address", "ray_address", ""), ("seed", "seed", 0),
                                      ("episode_timeout", "episode_timeout_s", 0.0), ("retry_errors", "retry_errors", False)):
        value = getattr(args, flag)
        if value != default and value is not None:
            top[field_name] = value
    if args.max_steps or args.speed:
        top["max_steps"] = args.max_steps or SPEED_MODE_STEPS
    env = dict(sites=args.sites) if args.sites else {}
    if args.headed:
        env["headless"] = False
    agent = {k: v for k, v in (("worker_backend", args.worker_backend if args.worker_backend != "auto" else ""),
                               ("worker_model", args.worker_model), ("vllm_url", args.vllm_url),
                               ("temperature", args.temperature), ("cache_dir", args.cache_dir)) if v}
    config = dataclasses.replace(base, **top)
    if env:
        config = dataclasses.replace(config, env=dataclasses.replace(config.env, **env))
    if agent:
        config = dataclasses.replace(config, agent=dataclasses.replace(config.agent, **agent))
    if args.sites_port:
        config = dataclasses.replace(config, sites=dataclasses.replace(config.sites, base_port=args.sites_port))
    return config


def _run_config(args: argparse.Namespace):
    from halo_lib.config import AgentConfig, EnvConfig, RunConfig, SitesConfig

    if getattr(args, "config", ""):
        return _file_run_config(args)

    agent = AgentConfig(
        worker_backend=args.worker_backend, worker_model=args.worker_model, vllm_url=args.vllm_url,
        temperature=args.temperature, cache_dir=args.cache_dir,
    )
    sites = SitesConfig(base_port=args.sites_port) if args.sites_port else SitesConfig()
    max_steps = args.max_steps or (SPEED_MODE_STEPS if args.speed else SCORE_MODE_STEPS)
    return RunConfig(
        mode=args.mode,
        tasks=args.tasks or "local",
        out_dir=args.out or "",
        rollouts_per_task=args.rollouts_per_task,
        workers=args.workers,
        max_steps=max_steps,
        ray_address=args.ray_address or "",
        seed=args.seed,
        episode_timeout_s=args.episode_timeout,
        retry_errors=args.retry_errors,
        env=EnvConfig(sites=args.sites or "local", headless=not args.headed),
        sites=sites,
        agent=agent,
    )


def _print_summary(summary: dict) -> None:
    if "error" in summary:
        print(f"{summary['mode']}: not run: {summary['error']}")
        return
    total = summary["cost"]["total"]
    print(
        f"{summary['mode']}: success {summary['n_success']}/{summary['n_episodes']} "
        f"({100 * summary['success_rate']:.1f}% ± {100 * summary['success_stderr']:.1f}), errors {summary['n_errors']}, "
        f"worker calls {total['worker_calls']}, manager calls {total['manager_calls']}, cache hits {total['vac_hits']}, "
        f"macro steps {total['macro_hits']} -> {summary['out_dir']}/summary.json"
    )
    for warning in summary.get("warnings", []):
        print(f"  warning: {warning}")


def cmd_eval(args: argparse.Namespace) -> int:
    from halo_lib.runner.eval import run_eval

    if not args.mode and not args.experiment and not args.config:
        raise HaloError("Give --mode NAME (params/modes.yaml) or --experiment NAME (a study of params/studies/).")

    def progress(result, done: int, total: int) -> None:
        status = "ERROR " + (result.error or "") if result.error else f"reward {result.reward:.0f}"
        calls = f", {result.worker_calls} worker/{result.manager_calls} manager calls" if result.worker_calls or result.manager_calls else ""
        print(f"[{done}/{total}] {result.task_id}#{result.rollout}: {status} ({result.steps} steps{calls}, {result.wall_s:.1f} s)", flush=True)

    if args.experiment:
        from halo_lib.runner.study import run_experiment

        args.mode = args.mode or "expert"
        summaries = run_experiment(args.experiment, _run_config(args), progress=progress)
        print()
        for summary in summaries.values():
            _print_summary(summary)
        return 0
    config = _run_config(args)
    summary = run_eval(config, progress=progress)
    print()
    _print_summary(summary)
    return 0


def cmd_smoke(args: argparse.Namespace) -> int:
    from halo_lib.runner.smoke import run_smoke

    def report(row: dict) -> None:
        print(f"{'ok  ' if row['ok'] else 'FAIL'} {row['check']:15s} {row['seconds']:6.1f} s  {row['detail']}", flush=True)

    started = time.perf_counter()
    rows = run_smoke(base_port=args.sites_port, report=report)
    failed = [row["check"] for row in rows if not row["ok"]]
    print(f"\nsmoke: {len(rows) - len(failed)}/{len(rows)} checks passed in {time.perf_counter() - started:.1f} s")
    return 1 if failed else 0


def cmd_cache(args: argparse.Namespace) -> int:
    from halo_lib.cache.admin import cache_report, clear_caches

    if args.cache_command == "clear":
        both = not args.vac and not args.macros
        removed = clear_caches(args.cache_dir or None, vac=args.vac or both, macros=args.macros or both)
        print(", ".join(f"{name}: removed {n}" for name, n in removed.items()) or "nothing to clear")
        return 0
    report = cache_report(args.cache_dir or None, site=args.site, limit=args.limit)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"cache folder: {report['folder']}")
    vac = report["vac"]
    if vac is None:
        print("verified action cache: empty")
    else:
        print(f"verified action cache: {vac['entries']} entries, {vac['hits']} hits, {vac['invalidated']} invalidated")
        for row in vac["recent"]:
            print(f"  {row['site']:8s} {row['goal'][:50]:50s} {row['action'][:80]}  (verified {row['verified']}x, {row['hits']} hits)")
    macros = report["macros"]
    if macros is None:
        print("macros: none mined yet")
    else:
        print(f"macros: {macros['promoted']} promoted of {macros['candidates']} candidates")
        for macro in macros["skills"][: args.limit]:
            print(f"  {macro['site']:8s} support {macro['support']}: {macro['skill'][:150]}")
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
    from halo_lib.bench.step import bench_step

    report = bench_step(args.task, rounds=args.rounds, out_dir=resolve_path(args.out))
    print(report["markdown"])
    return 0


def cmd_bench_parallel(args: argparse.Namespace) -> int:
    from halo_lib.bench.parallel import bench_parallel

    workers = [int(n) for n in args.workers.split(",") if n.strip()]
    report = bench_parallel(workers, tasks=args.tasks, rollouts=args.rollouts, mode=args.mode,
                            max_steps=args.max_steps, out_dir=resolve_path(args.out))
    print(report["markdown"])
    return 0


def cmd_bench_load(args: argparse.Namespace) -> int:
    from halo_lib.bench.load import bench_load

    workers = [int(n) for n in args.workers.split(",") if n.strip() and n.strip() != "none"]
    report = bench_load(workers, tasks=args.tasks, hog_workers=None if args.no_hog else args.hog_workers,
                        max_steps=args.max_steps, out_dir=resolve_path(args.out))
    print(report["markdown"])
    return 0


def cmd_bench_soak(args: argparse.Namespace) -> int:
    from halo_lib.bench.load import bench_soak

    report = bench_soak(args.tasks, rollouts=args.rollouts, workers=args.workers, max_steps=args.max_steps,
                        out_dir=resolve_path(args.out))
    print(report["markdown"])
    return 0 if report["ok"] else 1


def cmd_bench_all(args: argparse.Namespace) -> int:
    from halo_lib.bench.all import SECTIONS, bench_all

    skip = [s for s in args.skip.split(",") if s]
    unknown = [s for s in skip if s not in SECTIONS]
    if unknown:
        raise HaloError(f"Unknown benchmark section '{unknown[0]}' in --skip: use any of {', '.join(SECTIONS)}.")

    def report(name: str, result: dict) -> None:
        print(f"\n## {name} ({result['seconds']:.0f} s)\n{result.get('markdown', '')}", flush=True)

    combined = bench_all(resolve_path(args.out), skip=skip, quick=args.quick, report=report)
    print("\nwritten: " + ", ".join(combined["paths"]))
    return 0


def cmd_bench_llm(args: argparse.Namespace) -> int:
    from halo_lib.bench.llm import main as bench_llm

    bench_llm(args.rest)
    return 0


def cmd_bench_agent(args: argparse.Namespace) -> int:
    from halo_lib.config import RunConfig, SitesConfig
    from halo_lib.bench.agent import BenchAgentConfig, bench_agent

    def progress(result, done: int, total: int) -> None:
        status = "ERROR " + (result.error or "") if result.error else f"reward {result.reward:.0f}"
        print(f"  [{done}/{total}] {result.task_id}: {status} ({result.steps} steps, {result.worker_calls} worker calls, "
              f"{result.vac_hits} cache hits, {result.wall_s:.1f} s)", flush=True)

    bench = BenchAgentConfig(
        modes=[m.strip() for m in args.modes.split(",") if m.strip()], tasks=args.tasks, max_steps=args.max_steps,
        passes=[p.strip() for p in args.passes.split(",") if p.strip()], measure_observations=not args.no_obs,
        workers=args.workers, out_dir=args.out,
    )
    base = RunConfig(sites=SitesConfig(base_port=args.sites_port) if args.sites_port else SitesConfig())
    report = bench_agent(bench, base, progress=progress)
    print(report["markdown"])
def _print_notebook_result(result: dict) -> None:
    print(f"executed notebook: {result['notebook']}")
    outputs = result.get("outputs") or {}
    for summary in outputs.get("summaries") or []:
        print(f"summary: {summary}")
    for key in ("report", "trajectories", "table", "episode", "journal"):
        if outputs.get(key):
            print(f"{key}: {outputs[key]}")


def cmd_nb_run(args: argparse.Namespace) -> int:
    from halo_lib.notebook.headless import run_notebook

    result = run_notebook(args.notebook, args.params_file or [], args.param or [], out_dir=args.out or None,
                          progress=not args.quiet)
    _print_notebook_result(result)
    return 0


def cmd_nb_matrix(args: argparse.Namespace) -> int:
    from halo_lib.notebook.headless import run_matrix

    files = args.params_file or []
    if not files or any(resolve_path(f).parent.name == "studies" for f in files):  # the matrix is a study: run it, then its report
        if len(files) > 1 or args.param:
            raise HaloError("A study matrix takes one study file and no parameters: use `halo study run NAME --set KEY=VALUE`.")
        args.name, args.arms, args.set, args.workers, args.sites_port = files[0] if files else "ablation", [], [], 0, 0
        cmd_study_run(args)
        return cmd_study_report(args)
    result = run_matrix(args.params_file or None, args.param or [], out_dir=args.out or None, progress=not args.quiet)
    _print_notebook_result(result["eval"])
    _print_notebook_result(result["compare"])
    return 0


def _study_overrides(args: argparse.Namespace) -> dict:
    overrides: dict = {}
    if getattr(args, "workers", 0):
        overrides["workers"] = args.workers
    if getattr(args, "sites_port", 0):
        overrides["sites"] = {"base_port": args.sites_port}
    return overrides


def cmd_study_run(args: argparse.Namespace) -> int:
    from halo_lib.runner.study import load_study, run_study

    study = load_study(args.name, args.set)

    def progress(result, done: int, total: int) -> None:
        status = "ERROR " + (result.error or "") if result.error else f"reward {result.reward:.0f}"
        print(f"[{done}/{total}] {result.task_id}#{result.rollout}: {status} ({result.steps} steps, {result.wall_s:.1f} s)", flush=True)

    def progress_for(arm):
        print(f"== {study.name} / {arm.name}: {arm.config.mode} -> {arm.config.out_dir}", flush=True)
        return None if args.quiet else progress

    index = run_study(study, arms=args.arms or None, out=args.out or None, overrides=_study_overrides(args), progress_for=progress_for)
    print()
    for name in (args.arms or list(study.arms)):
        summary = index["summaries"].get(name)
        if summary is not None:
            print(f"[{name}] " if name != summary.get("mode") else "", end="")
            _print_summary(summary)
    print(f"study index: {index['out_dir']}/study.json")
    return 0


def cmd_study_report(args: argparse.Namespace) -> int:
    from halo_lib.runner.study import load_study, report_study

    result = report_study(load_study(args.name, args.set), out=args.out or None, progress=not args.quiet)
    print(f"executed notebook: {result['notebook']}")
    print(f"report: {result['report_file']}")
    return 0


def cmd_study_list(args: argparse.Namespace) -> int:
    from halo_lib.runner.study import list_studies

    for row in list_studies():
        if "error" in row:
            print(f"{row['name']}: BROKEN: {row['error']}")
            continue
        print(f"{row['name']}: {row['description']}")
        for arm, spec in row["arms"].items():
            label = f" ({spec['label']})" if spec["label"] != arm else ""
            print(f"  {arm}{label}: {spec['mode']}")
    return 0


def cmd_nb_list(args: argparse.Namespace) -> int:
    from halo_lib.notebook.headless import list_notebooks

    for row in list_notebooks():
        print(row["notebook"])
        for name, spec in row["parameters"].items():
            print(f"  {name}: {spec['inferred_type_name']} = {spec['default']}  # {spec['help']}")
        print("  params files: " + (", ".join(row["params_files"]) or "none"))
    return 0


def cmd_nb_strip(args: argparse.Namespace) -> int:
    from halo_lib.notebook.headless import NOTEBOOKS_DIR, resolve_notebook, strip_outputs

    paths = [resolve_notebook(n) for n in args.notebooks] or sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    for path in paths:
        print(f"{'stripped' if strip_outputs(path) else 'clean   '} {path}")
    return 0


def cmd_lab(args: argparse.Namespace) -> int:
    import importlib.util
    import os

    from halo_lib.notebook.headless import NOTEBOOKS_DIR

    if importlib.util.find_spec("jupyterlab") is None:
        raise HaloError("JupyterLab is not installed: run `./run.sh lab` (installs it) or `.venv/bin/pip install -e '.[lab]'`.")
    command = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={NOTEBOOKS_DIR}", f"--port={args.port}",
               f"--ip={args.ip}", "--no-browser"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI run as root
    print(" ".join(command), flush=True)
    os.execv(sys.executable, command)
    return 0

# ---- the RL pipeline (halo_lib/rl) -------------------------------------------------------------------

def cmd_rollout(args: argparse.Namespace) -> int:
    from halo_lib.config import from_dict
    from halo_lib.rl.config import RolloutConfig
    from halo_lib.rl.rollout import sample_rollouts

    cfg = from_dict(RolloutConfig, {
        "mode": args.mode, "tasks": args.tasks, "k": args.k, "temperature": args.temperature,
        "max_steps": args.max_steps, "workers": args.workers, "seed": args.seed, "out_dir": args.out,
        "cache_dir": args.cache_dir, "reference": args.reference, "sites_port": args.sites_port or 0,
        "obs_budget_tokens": args.obs_budget_tokens,
    })

    def progress(result, done: int, total: int) -> None:
        status = "ERROR " + (result.error or "") if result.error else f"reward {result.reward:.0f}"
        print(f"[{done}/{total}] {result.task_id}#{result.rollout}: {status} ({result.steps} steps, {result.wall_s:.1f} s)", flush=True)

    summary = sample_rollouts(cfg, progress=progress)
    print(f"\n{summary['n_success']}/{summary['n_episodes']} successful rollouts; progress {summary['progress']}")
    print(f"trajectories: {summary['trajectories']}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from halo_lib.config import from_dict
    from halo_lib.rl.config import ExportConfig
    from halo_lib.rl.export import export

    cfg = from_dict(ExportConfig, {
        "runs": args.runs, "out_dir": args.out, "strategies": args.strategies, "bc_sources": args.bc_sources,
        "tasks": args.tasks, "val_fraction": args.val_fraction, "val_tasks": args.val_tasks, "seed": args.seed,
        "visible_targets_only": not args.include_unlisted_targets, "bc_focus_copies": args.bc_focus_copies,
    })
    export(cfg)
    print((resolve_path(cfg.out_dir) / "README.md").read_text())
    return 0


def _train_config(args: argparse.Namespace):
    import yaml

    from halo_lib.config import from_dict
    from halo_lib.rl.config import BCConfig, DPOConfig, GRPOConfig

    cls = {"bc": BCConfig, "dpo": DPOConfig, "grpo": GRPOConfig}[args.method]
    data: dict = {}
    if args.config:
        path = Path(args.config)
        if not path.is_file():
            raise HaloError(f"Trainer config file '{args.config}' does not exist: give a YAML file of {cls.__name__} keys.")
        data = yaml.safe_load(path.read_text()) or {}
    for key in ("data", "eval_data", "name", "model", "init_adapter", "epochs", "max_steps", "learning_rate", "batch_size",
                "grad_accum", "lora_r", "save_steps", "seed"):
        value = getattr(args, key, None)
        if value is not None:
            data[key] = value
    return from_dict(cls, data, where=args.config or "the command line")


def cmd_train(args: argparse.Namespace) -> int:
    cfg = _train_config(args)
    if args.method == "bc":
        from halo_lib.rl.train_bc import train_bc as train
    elif args.method == "dpo":
        from halo_lib.rl.train_dpo import train_dpo as train
    else:
        from halo_lib.rl.train_grpo import train_grpo as train
    metrics = train(cfg)
    curve = metrics["loss_curve"]
    print(f"{args.method}: {metrics['global_steps']} steps, loss {curve[0]['loss']:.3f} -> {curve[-1]['loss']:.3f}, "
          f"{metrics['train_wall_s']} s, {metrics['tokens_per_s']} tokens/s -> {metrics['out_dir']}" if curve else
          f"{args.method}: {metrics['global_steps']} steps -> {metrics['out_dir']}")
    return 0


def cmd_serve_vllm(args: argparse.Namespace) -> int:
    from halo_lib.rl.serve import describe, start_vllm, vllm_command

    command = vllm_command(base=args.base, port=args.port)
    print(describe(command, args.port))
    if not args.print_only:
        start_vllm(command).wait()
    return 0


def cmd_bench_train(args: argparse.Namespace) -> int:
    from halo_lib.bench.train import bench_train

    report = bench_train(args.data, steps=args.steps, model=args.model, out_dir=args.out)
    print(report["markdown"])
    return 0


def add_rl_parsers(sub, bench_sub) -> None:
    ro = sub.add_parser("rollout", help="K rollouts per task at temperature T (fresh site state each) -> trajectories")
    ro.add_argument("--mode", required=True, help="a mode, optionally with overrides: NAME:vac=false,macros=false")
    ro.add_argument("--tasks", default="local")
    ro.add_argument("--k", type=int, default=2, help="rollouts per task")
    ro.add_argument("--temperature", type=float, default=0.7)
    ro.add_argument("--max-steps", type=int, default=SPEED_MODE_STEPS)
    ro.add_argument("--workers", type=int, default=1)
    ro.add_argument("--seed", type=int, default=0)
    ro.add_argument("--out", default="")
    ro.add_argument("--cache-dir", default="", help="default: a private cache inside the run folder")
    ro.add_argument("--reference", default="", help="run folders whose successful episodes define verified actions")
    ro.add_argument("--sites-port", type=int, default=0)
    ro.add_argument("--obs-budget-tokens", type=int, default=0, help="page summary budget (0 = 1500); train and eval alike")
    ro.set_defaults(func=cmd_rollout)

    ex = sub.add_parser("export", help="trajectories -> bc.jsonl / dpo.jsonl / grpo.jsonl, split by task, with a card")
    ex.add_argument("--runs", required=True, help="comma list of run folders")
    ex.add_argument("--out", default="artifacts/datasets/rl")
    ex.add_argument("--strategies", default="progress_ranked,outcome,expert_vs_policy")
    ex.add_argument("--bc-sources", default="any", choices=["any", "expert"])
    ex.add_argument("--tasks", default="")
    ex.add_argument("--val-fraction", type=float, default=0.2)
    ex.add_argument("--val-tasks", default="")
    ex.add_argument("--seed", type=int, default=0)
    ex.add_argument("--include-unlisted-targets", action="store_true",
                    help="also keep steps whose target is not listed in the page summary (learnable only by memorising)")
    ex.add_argument("--bc-focus-copies", type=int, default=0,
                    help="repeat the expert's row where a failed policy episode in --runs first left its path N more times")
    ex.set_defaults(func=cmd_export)

    tr = sub.add_parser("train", help="train a LoRA adapter: bc (SFT), dpo or grpo -> artifacts/checkpoints/<name>/")
    tr.add_argument("method", choices=["bc", "dpo", "grpo"])
    tr.add_argument("--config", default="", help="YAML file of the method's config keys (the flags below override it)")
    tr.add_argument("--data")
    tr.add_argument("--eval-data")
    tr.add_argument("--name")
    tr.add_argument("--model", help="base model folder (default: the local SmolLM2-135M-Instruct)")
    tr.add_argument("--init-adapter", help="continue from this adapter ('' = a fresh LoRA)")
    tr.add_argument("--epochs", type=float)
    tr.add_argument("--max-steps", type=int)
    tr.add_argument("--learning-rate", type=float)
    tr.add_argument("--batch-size", type=int)
    tr.add_argument("--grad-accum", type=int)
    tr.add_argument("--lora-r", type=int)
    tr.add_argument("--save-steps", type=int)
    tr.add_argument("--seed", type=int)
    tr.set_defaults(func=cmd_train)

    sv = sub.add_parser("serve", help="serve trained adapters")
    sv_sub = sv.add_subparsers(dest="serve_command", required=True)
    vl = sv_sub.add_parser("vllm", help="print (and where vLLM runs, start) vllm serve <base> --enable-lora --lora-modules ...")
    vl.add_argument("--print", dest="print_only", action="store_true", help="only print the command")
    vl.add_argument("--base", default="", help="base model (default: the adapters' own base)")
    vl.add_argument("--port", type=int, default=8000)
    vl.set_defaults(func=cmd_serve_vllm)

    bt = bench_sub.add_parser("train", help="BC training tokens/s: HALO's trainer vs a plain TRL SFTTrainer, same data")
    bt.add_argument("--data", required=True)
    bt.add_argument("--steps", type=int, default=6)
    bt.add_argument("--model", default="")
    bt.add_argument("--out", default="artifacts/reports")
    bt.set_defaults(func=cmd_bench_train)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="halo", description="HALO: a hierarchical browser agent workbench for REAL v2.")
    sub = parser.add_subparsers(dest="command", required=True)

    tasks = sub.add_parser("tasks", help="list REAL v2 task ids with site, goal and whether a replica serves them")
    tasks.add_argument("--sites", choices=["local", "real"], default="real", help="local: only tasks a replica serves")
    tasks.add_argument("--json", action="store_true")
    tasks.set_defaults(func=cmd_tasks)

    ev = sub.add_parser("eval", help="evaluate a mode on tasks; resumes into an existing --out folder")
    ev.add_argument("--mode", default="", help="a mode from params/modes.yaml (expert, baseline_worker, ...)")
    ev.add_argument("--experiment", default="", help="run every arm of a study in params/studies/ (halo study run NAME)")
    ev.add_argument("--config", default="", help="YAML file of run settings (RunConfig fields: mode, tasks, env, agent, ...); "
                    "flags given on the command line override it")
    ev.add_argument("--tasks", default=None, help="task ids, site names, 'local', 'random:N' (drawn with --seed), 'type:T' (REAL challengeType filter) or task JSON paths (comma list; default local)")
    ev.add_argument("--out", default="", help="run folder (default artifacts/runs/<timestamp>_<mode>_<hash>)")
    ev.add_argument("--workers", type=int, default=1, help="parallel episodes (Ray when > 1)")
    ev.add_argument("--rollouts-per-task", type=int, default=1)
    ev.add_argument("--max-steps", type=int, default=0, help=f"default {SCORE_MODE_STEPS} (score mode) or {SPEED_MODE_STEPS} with --speed")
    ev.add_argument("--episode-timeout", type=float, default=0.0,
                    help="seconds an episode may run before it ends as errored (0 = no cap)")
    ev.add_argument("--retry-errors", action="store_true", help="on resume, rerun episodes that ended in an infrastructure error (the old attempt is kept)")
    ev.add_argument("--speed", action="store_true", help=f"speed mode: at most {SPEED_MODE_STEPS} steps")
    ev.add_argument("--ray-address", default="", help="join an existing Ray cluster instead of starting one")
    ev.add_argument("--headed", action="store_true", help="show the browser windows (needs a display)")
    ev.add_argument("--seed", type=int, default=0, help="episode k uses seed + k (sampling, environment)")
    ev.add_argument("--temperature", type=float, default=0.0, help="worker sampling temperature (0 = greedy)")
    ev.add_argument("--cache-dir", default="", help="verified action cache + macros folder (default artifacts/cache)")
    ev.add_argument("--worker-backend", default="auto", choices=["auto", "openai", "vllm", "local"],
                    help="auto: OpenAI if OPENAI_API_KEY is set, else the local model (HALO_WORKER_BACKEND for the open worker)")
    ev.add_argument("--worker-model", default="", help="model id (openai/vllm) or HF folder (local); default per role")
    ev.add_argument("--vllm-url", default="", help="OpenAI-compatible URL of a vLLM server (default $HALO_VLLM_URL)")
    _add_sites_args(ev)
    ev.set_defaults(func=cmd_eval)

    smoke = sub.add_parser("smoke", help="check the installation end to end (Chromium, replicas, agisdk, local model, caches)")
    smoke.add_argument("--sites-port", type=int, default=8690, help="first port for the smoke test's replicas")
    smoke.set_defaults(func=cmd_smoke)

    cache = sub.add_parser("cache", help="list or clear the verified action cache and the macros")
    cache_sub = cache.add_subparsers(dest="cache_command", required=True)
    listing = cache_sub.add_parser("list", help="entries, hits and promoted macros")
    listing.add_argument("--site", default=None)
    listing.add_argument("--limit", type=int, default=20)
    listing.add_argument("--json", action="store_true")
    clearing = cache_sub.add_parser("clear", help="empty the caches (both unless --vac or --macros)")
    clearing.add_argument("--vac", action="store_true")
    clearing.add_argument("--macros", action="store_true")
    for p in (listing, clearing):
        p.add_argument("--cache-dir", default="", help="default artifacts/cache")
        p.set_defaults(func=cmd_cache)

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
    parallel = bench_sub.add_parser("parallel", help="episodes per minute and peak memory with 1, 2, 4 Ray workers")
    parallel.add_argument("--workers", default="1,2,4", help="comma list of worker counts")
    parallel.add_argument("--tasks", default="v2.omnizon-13,v2.omnizon-17,v2.gomail-1,v2.gomail-24")
    parallel.add_argument("--rollouts", type=int, default=2, help="rollouts per task")
    parallel.add_argument("--mode", default="expert")
    parallel.add_argument("--max-steps", type=int, default=SPEED_MODE_STEPS)
    parallel.add_argument("--out", default="artifacts/reports")
    parallel.set_defaults(func=cmd_bench_parallel)
    load = bench_sub.add_parser("load", help="the expert at 1, 2, 4, 6 workers and beside a CPU hog: the same successes in every row?")
    load.add_argument("--workers", default="1,2,4,6", help="comma list of worker counts; none: only the CPU hog row")
    load.add_argument("--tasks", default="local", help="task spec (default: every replica task); per-site: one task per site")
    load.add_argument("--hog-workers", type=int, default=2, help="workers of the row run beside a CPU hog on every core")
    load.add_argument("--no-hog", action="store_true", help="leave out the CPU hog row")
    load.add_argument("--max-steps", type=int, default=SPEED_MODE_STEPS)
    load.add_argument("--out", default="artifacts/reports")
    load.set_defaults(func=cmd_bench_load)
    soak = bench_sub.add_parser("soak", help="tasks x N rollouts in one run: nothing lost, duplicated or left running")
    soak.add_argument("--tasks", default="local", help="task spec (default: every replica task); per-site: one task per site")
    soak.add_argument("--rollouts", type=int, default=5, help="rollouts per task")
    soak.add_argument("--workers", type=int, default=2)
    soak.add_argument("--max-steps", type=int, default=SPEED_MODE_STEPS)
    soak.add_argument("--out", default="artifacts/reports")
    soak.set_defaults(func=cmd_bench_soak)
    every = bench_sub.add_parser("all", help="step, parallel, memory, llm and agent benchmarks: one JSON + markdown report")
    every.add_argument("--out", default="artifacts/reports")
    every.add_argument("--skip", default="", help="comma list of sections to leave out (step, parallel, memory, llm, agent)")
    every.add_argument("--quick", action="store_true", help="fewer rounds and episodes (a smoke run of the benchmarks)")
    every.set_defaults(func=cmd_bench_all)
    llm = bench_sub.add_parser("llm", help="local model speed: dequantize, reload, prefill/decode, and via transformers serve",
                               add_help=False)
    llm.set_defaults(func=cmd_bench_llm)
    agent_bench = bench_sub.add_parser("agent", help="per mode: success, steps, LLM calls and tokens; cold, cache seeded by the expert, second pass")
    agent_bench.add_argument("--modes", default="baseline_worker,hierarchy_mgr_gate,hierarchy_vac,hierarchy_vac_macros")
    agent_bench.add_argument("--tasks", default="local", help="task spec as for `halo eval --tasks`")
    agent_bench.add_argument("--max-steps", type=int, default=SPEED_MODE_STEPS)
    agent_bench.add_argument("--passes", default="cold,seeded,second", help="any of cold, seeded, second")
    agent_bench.add_argument("--no-obs", action="store_true", help="skip the summary-vs-raw-AXTree measurement")
    agent_bench.add_argument("--workers", type=int, default=1)
    agent_bench.add_argument("--sites-port", type=int, default=0, help="first replica's port (default 8601)")
    agent_bench.add_argument("--out", default="", help="default artifacts/reports/bench_agent; rerun to resume")
    agent_bench.set_defaults(func=cmd_bench_agent)

    nb = sub.add_parser("nb", help="run the notebooks headless (papermill)")
    nb_sub = nb.add_subparsers(dest="nb_command", required=True)
    nb_run = nb_sub.add_parser("run", help="execute one notebook with a params file; saves it executed in its run folder")
    nb_run.add_argument("notebook", help="01_debug, 02_eval (or eval), 03_rollout, 04_export, 09_compare, or a path")
    nb_matrix = nb_sub.add_parser("matrix", help="the ablation matrix: study params/studies/ablation.yaml (or -f a study, or an "
                                  "02_eval params file), then 09_compare")
    for p in (nb_run, nb_matrix):
        p.add_argument("-f", "--params-file", action="append", help="params/<notebook>/<name>.yaml (repeatable; later wins)")
        p.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"), help="one parameter (YAML value)")
        p.add_argument("--out", default="", help="run folder (default artifacts/<kind>/<timestamp>_<name>_<hash>)")
        p.add_argument("--quiet", action="store_true", help="no cell progress bar")
    nb_run.set_defaults(func=cmd_nb_run)
    nb_matrix.set_defaults(func=cmd_nb_matrix)
    nb_list = nb_sub.add_parser("list", help="the notebooks, their parameters and params files")
    nb_list.set_defaults(func=cmd_nb_list)
    nb_strip = nb_sub.add_parser("strip", help="clear the outputs of notebooks (default: every notebook in notebooks/)")
    nb_strip.add_argument("notebooks", nargs="*")
    nb_strip.set_defaults(func=cmd_nb_strip)

    study = sub.add_parser("study", help="studies (params/studies/*.yaml): arms of modes, each a resumable run folder; report")
    study_sub = study.add_subparsers(dest="study_command", required=True)
    study_run = study_sub.add_parser("run", help="run or resume every arm (or the named ones) -> artifacts/studies/NAME/<arm>/")
    study_report = study_sub.add_parser("report", help="render the comparison (09_compare, or the study's report notebook) into the study folder")
    for p in (study_run, study_report):
        p.add_argument("name", help="a study of params/studies/ (halo study list), or a path to a study YAML file")
    study_run.add_argument("arms", nargs="*", help="only these arms (default: all, in the file's order)")
    study_run.add_argument("--workers", type=int, default=0, help="parallel episodes per arm (default: the study's run.workers)")
    study_run.add_argument("--sites-port", type=int, default=0, help="first replica's port (default: the study's, else 8601)")
    study_run.set_defaults(func=cmd_study_run)
    study_report.set_defaults(func=cmd_study_report)
    for p in (study_run, study_report):
        p.add_argument("--out", default="", help="the study folder (default: the study's out_dir, else artifacts/studies/NAME)")
        p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                       help="override a study field, dotted into run (e.g. tasks=v2.omnizon-13, run.max_steps=3)")
        p.add_argument("--quiet", action="store_true", help="no per-episode lines / cell progress bar")
    study_list = study_sub.add_parser("list", help="the studies in params/studies with their arms")
    study_list.set_defaults(func=cmd_study_list)

    lab = sub.add_parser("lab", help="JupyterLab on notebooks/ (./run.sh lab installs it first)")
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--ip", default="127.0.0.1", help="address to listen on (loopback by default)")
    lab.set_defaults(func=cmd_lab)

    add_rl_parsers(sub, bench_sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args, rest = build_parser().parse_known_args(argv)
    if rest and getattr(args, "func", None) is not cmd_bench_llm:
        build_parser().parse_args(argv)  # reports the unknown arguments and exits
    args.rest = rest
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
