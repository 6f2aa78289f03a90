"""Agent benchmark: what each mode costs and solves, with empty caches and with caches seeded by the expert.

For every mode it prints success rate (with standard error), steps, worker/manager calls and tokens per
episode, cache and macro hits, and worker calls per solved task, in up to three passes:

- ``cold``: each mode on the tasks with an empty cache folder of its own;
- ``seeded``: one expert pass fills a cache; each caching mode then runs on a copy of it;
- ``second``: each caching mode runs again on the cache its seeded pass left.

Modes that read no cache (``vac: false, macros: false``) run only cold. It also measures the observation
the worker reads against the raw AXTree (BrowserGym's flattened text) on every page the expert visits, in
the local model's tokens.

    halo bench agent --modes baseline_worker,hierarchy_vac_macros --tasks local --max-steps 25
    report = bench_agent(BenchAgentConfig(modes=["hierarchy_vac"], tasks="omnizon"))

Every pass is an ordinary eval run folder (``<out>/runs/<pass>/<mode>``), so an interrupted benchmark
resumes where it stopped. Writes ``<out>/bench_agent_<time>.json`` and ``.md`` (bench/report.py's format).
"""

from __future__ import annotations

import dataclasses
import math
import statistics
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from halo_lib.bench.report import finish_report, start_clock, write_report
from halo_lib.config import SCORE_MODE_STEPS, SPEED_MODE_STEPS, RunConfig, load_mode
from halo_lib.errors import HaloError
from halo_lib.paths import artifacts_root, resolve_path

PASSES = ("cold", "seeded", "second")
EXPERT_MAX_STEPS = SCORE_MODE_STEPS  # the expert seeds the cache (and visits the measured pages) in full episodes: only successes count


@dataclass(frozen=True)
class BenchAgentConfig:
    """What the agent benchmark runs."""

    modes: list[str] = field(
        default_factory=lambda: ["baseline_worker", "hierarchy_mgr_gate", "hierarchy_vac", "hierarchy_vac_macros"]
    )  # modes of params/modes.yaml (comma list)
    tasks: str = "local"  # task spec as for `halo eval --tasks`
    max_steps: int = SPEED_MODE_STEPS  # per episode
    passes: list[str] = field(default_factory=lambda: list(PASSES))  # any of cold, seeded, second
    measure_observations: bool = True  # summary vs raw AXTree tokens on the expert's pages
    workers: int = 1  # parallel episodes per pass (Ray when > 1)
    out_dir: str = ""  # empty: artifacts/reports/bench_agent


def _reads_cache(mode: str) -> bool:
    spec = load_mode(mode)
    return bool(spec.vac or spec.macros)


def _mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else float("nan")


def pass_row(mode: str, pass_name: str, summary: dict[str, Any]) -> dict[str, Any]:
    """One table row from a run's summary.json: per-episode means and per-solved-task worker calls."""
    episodes = summary.get("episodes", [])
    n = len(episodes)
    solved = sum(e["success"] for e in episodes)
    rate = solved / n if n else 0.0

    def per_episode(key: str) -> float:
        return _mean([float(e.get(key) or 0) for e in episodes])

    worker_calls = sum(e.get("worker_calls") or 0 for e in episodes)
    return {
        "mode": mode,
        "pass": pass_name,
        "episodes": n,
        "solved": solved,
        "success_rate": rate,
        "success_stderr": math.sqrt(rate * (1 - rate) / n) if n else 0.0,
        "errors": sum(e.get("error") is not None for e in episodes),
        "steps": per_episode("steps"),
        "worker_calls": per_episode("worker_calls"),
        "manager_calls": per_episode("manager_calls"),
        "worker_tokens": per_episode("worker_tokens"),
        "manager_tokens": per_episode("manager_tokens"),
        "vac_hits": per_episode("vac_hits"),
        "macro_hits": per_episode("macro_hits"),
        "llm_latency_s": per_episode("llm_latency_s"),
        "wall_s": per_episode("wall_s"),
        "worker_calls_per_solved": worker_calls / solved if solved else None,
    }


def _copy_cache(source: Path, dest: Path) -> None:
    """A private copy of a cache folder (once: a resumed pass keeps the copy it started with)."""
    from halo_lib.runner.study import copy_cache

    copy_cache(source, dest)


def pass_arms(bench: BenchAgentConfig, base: RunConfig, out: Path) -> list:
    """The benchmark's passes as study arms (runner/study.py), in the order they run: cold for every mode, the expert's
    seeding run, then seeded and second for each caching mode. Each arm's folder is <out>/runs/<pass>/<mode>."""
    from halo_lib.runner.study import Arm

    def arm(pass_name: str, mode: str, folder: Path, cache_from: Path | None = None, **changes: Any) -> Arm:
        agent = dataclasses.replace(base.agent, cache_dir=str(folder / "cache"))
        config = dataclasses.replace(base, mode=mode, out_dir=str(folder), agent=agent, **changes)
        return Arm(name=f"{pass_name}/{mode}", label=pass_name, config=config, cache_from=str(cache_from) if cache_from else "")

    runs = out / "runs"
    arms = [arm("cold", mode, runs / "cold" / mode) for mode in bench.modes] if "cold" in bench.passes else []
    caching = [m for m in bench.modes if _reads_cache(m)]
    if caching and ("seeded" in bench.passes or "second" in bench.passes):
        arms.append(arm("seed", "expert", runs / "expert_seed", max_steps=EXPERT_MAX_STEPS))
        for mode in caching:
            arms.append(arm("seeded", mode, runs / "seeded" / mode, cache_from=runs / "expert_seed" / "cache"))
            if "second" in bench.passes:
                arms.append(arm("second", mode, runs / "second" / mode, cache_from=runs / "seeded" / mode / "cache"))
    return arms


def run_passes(bench: BenchAgentConfig, base: RunConfig, out: Path, progress: Callable | None = None) -> list[dict[str, Any]]:
    """Run the requested passes for every mode through the study loop; returns one row per (mode, pass)."""
    from halo_lib.runner.study import run_arms

    unknown = [p for p in bench.passes if p not in PASSES]
    if unknown:
        raise HaloError(f"Unknown bench pass {unknown[0]!r}: use any of {', '.join(PASSES)}.")
    for mode in bench.modes:
        load_mode(mode)  # an unknown mode fails before anything runs
    base = dataclasses.replace(base, tasks=bench.tasks, max_steps=bench.max_steps, workers=bench.workers)
    arms = pass_arms(bench, base, out)
    summaries = run_arms(arms, progress, errors="raise")
    # the seeded pass runs whenever `second` is asked (it fills the second pass's cache) but is a row only when asked
    return [pass_row(arm.config.mode, arm.label, summaries[arm.name]) for arm in arms if arm.label != "seeded" or "seeded" in bench.passes]


class _MeasuringPolicy:
    """Wraps a policy: before each action, counts the summary's and the raw AXTree's tokens."""

    def __init__(self, inner, count: Callable[[str], int], obs_config, task_id: str, rows: list[dict[str, Any]]):
        self.inner, self.count, self.obs_config, self.task_id, self.rows = inner, count, obs_config, task_id, rows

    def act(self, obs: dict[str, Any]) -> str:
        from agisdk.REAL.browsergym.utils.obs import flatten_axtree_to_str

        from halo_lib.obs.summary import summarize

        summary = summarize(obs, self.obs_config, getattr(self.inner, "goal", "")).text
        raw = flatten_axtree_to_str(obs["axtree_object"])
        self.rows.append(
            {
                "task_id": self.task_id,
                "url": obs.get("url", ""),
                "summary_chars": len(summary),
                "raw_chars": len(raw),
                "summary_tokens": self.count(summary),
                "raw_tokens": self.count(raw),
            }
        )
        return self.inner.act(obs)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def _quantiles(values: list[int]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    return {
        "min": ordered[0],
        "median": statistics.median(ordered),
        "p90": ordered[int(0.9 * (len(ordered) - 1))],
        "max": ordered[-1],
        "mean": statistics.fmean(ordered),
    }


def measure_observations(base: RunConfig, tasks: str) -> dict[str, Any]:
    """Summary vs raw AXTree size, in the local model's tokens, on every page the expert visits on `tasks`."""
    from transformers import AutoTokenizer

    from halo_lib.env.preflight import preflight
    from halo_lib.policy.local_model import ensure_local_model
    from halo_lib.runner.episode import run_episode
    from halo_lib.sites.expert import ExpertPolicy

    tokenizer = AutoTokenizer.from_pretrained(ensure_local_model())

    def count(text: str) -> int:
        return len(tokenizer(text, add_special_tokens=False)["input_ids"])

    config = dataclasses.replace(base, mode="expert", tasks=tasks, max_steps=EXPERT_MAX_STEPS)
    pages: list[dict[str, Any]] = []
    with preflight(config) as resolved, tempfile.TemporaryDirectory(prefix="halo-bench-obs-") as scratch:
        for task in resolved:
            policy = _MeasuringPolicy(ExpertPolicy.for_task(task), count, config.agent.obs, task.task_id, pages)
            run_episode(task, policy, config, Path(scratch))
    summary_tokens = [p["summary_tokens"] for p in pages]
    raw_tokens = [p["raw_tokens"] for p in pages]
    ratios = [p["raw_tokens"] / p["summary_tokens"] for p in pages if p["summary_tokens"]]
    return {
        "pages": len(pages),
        "budget_tokens": config.agent.obs.budget_tokens,
        "summary_tokens": _quantiles(summary_tokens),
        "raw_tokens": _quantiles(raw_tokens),
        "raw_over_summary": _quantiles(ratios) if ratios else {},
        "over_budget": sum(t > config.agent.obs.budget_tokens for t in summary_tokens),
        "per_page": pages,
    }


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return "-" if math.isnan(value) else f"{value:.{digits}f}"
    return str(value)


def _backend_label(spec: dict[str, Any] | None) -> str:
    if not spec:
        return "-"
    label = spec.get("kind", "?") + (f" {spec['model']}" if spec.get("model") else "")
    return label + (f" + {spec['adapter']}" if spec.get("adapter") else "")


def markdown(report: dict[str, Any]) -> str:
    backends = "; ".join(
        f"{mode}: " + ", ".join(f"{role} {_backend_label(spec)}" for role, spec in roles.items())
        for mode, roles in report.get("backends", {}).items()
    )
    lines = [
        f"Backends ('local' = SmolLM2-135M-Instruct in-process): {backends or '-'}",
        "",
        "| mode | pass | episodes | success | errors | steps/ep | worker calls/ep | manager calls/ep | worker tok/ep "
        "| manager tok/ep | cache hits/ep | macro hits/ep | worker calls/solved | LLM s/ep | wall s/ep |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["rows"]:
        lines.append(
            f"| {r['mode']} | {r['pass']} | {r['episodes']} | {100 * r['success_rate']:.0f}% ± {100 * r['success_stderr']:.0f} "
            f"| {r['errors']} | {_fmt(r['steps'])} | {_fmt(r['worker_calls'])} | {_fmt(r['manager_calls'])} "
            f"| {_fmt(r['worker_tokens'], 0)} | {_fmt(r['manager_tokens'], 0)} | {_fmt(r['vac_hits'])} | {_fmt(r['macro_hits'])} "
            f"| {_fmt(r['worker_calls_per_solved'])} | {_fmt(r['llm_latency_s'])} | {_fmt(r['wall_s'])} |"
        )
    obs = report.get("observations")
    if obs:
        s, raw, ratio = obs["summary_tokens"], obs["raw_tokens"], obs["raw_over_summary"]
        lines += [
            "",
            f"Observation size on {obs['pages']} pages the expert visited (SmolLM2 tokens; budget {obs['budget_tokens']}, "
            f"{obs['over_budget']} over it):",
            "",
            "| | min | median | p90 | max | mean |",
            "|---|---|---|---|---|---|",
            f"| summary | {_fmt(s['min'], 0)} | {_fmt(s['median'], 0)} | {_fmt(s['p90'], 0)} | {_fmt(s['max'], 0)} | {_fmt(s['mean'], 0)} |",
            f"| raw AXTree | {_fmt(raw['min'], 0)} | {_fmt(raw['median'], 0)} | {_fmt(raw['p90'], 0)} | {_fmt(raw['max'], 0)} | {_fmt(raw['mean'], 0)} |",
            f"| raw / summary | {_fmt(ratio.get('min'))} | {_fmt(ratio.get('median'))} | {_fmt(ratio.get('p90'))} | {_fmt(ratio.get('max'))} | {_fmt(ratio.get('mean'))} |",
        ]
    return "\n".join(lines) + "\n"


def bench_agent(bench: BenchAgentConfig, base: RunConfig | None = None, progress: Callable | None = None) -> dict[str, Any]:
    """Run the benchmark (resumable) and write bench_agent_<time>.json + .md; returns the report."""
    from halo_lib.runner.eval import resolved_backends

    clock = start_clock()
    base = base or RunConfig()
    out = resolve_path(bench.out_dir) if bench.out_dir else artifacts_root() / "reports" / "bench_agent"
    out.mkdir(parents=True, exist_ok=True)
    rows = run_passes(bench, base, out, progress)
    report: dict[str, Any] = {
        "tasks": bench.tasks,
        "max_steps": bench.max_steps,
        "config": dataclasses.asdict(bench),
        "backends": {mode: resolved_backends(dataclasses.replace(base, mode=mode)) for mode in bench.modes},
        "rows": rows,
    }
    if bench.measure_observations:
        report["observations"] = measure_observations(base, bench.tasks)
    report["markdown"] = markdown(report)
    finish_report(report, clock, f"HALO agent benchmark ({bench.tasks}, max {bench.max_steps} steps)")
    write_report(out, "bench_agent", report)
    return report
