"""Evaluate a mode on a set of tasks: pre-flight, episodes (in parallel on Ray), resume, summary.json.

    summary = run_eval(RunConfig(mode="expert", tasks="local", out_dir="artifacts/runs/x"))

The run folder holds `config.json` (the resolved config), `manifest.json` (git, versions),
`episodes/<task>__<k>.jsonl` and `summary.json` (DESIGN.md's contract), rewritten after every episode so a
crash leaves it consistent. Rerunning into the same folder keeps finished episodes and reruns the rest;
rerunning with a different config into the same folder is refused.
"""
from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import Any, Callable

from halo_lib.config import ARTIFACTS, RunConfig, config_hash, load_mode, to_dict
from halo_lib.env.preflight import preflight
from halo_lib.env.tasks import ResolvedTask
from halo_lib.errors import HaloError
from halo_lib.runner.episode import EpisodeResult, run_episode
from halo_lib.trace.episode import episode_name, read_end
from halo_lib.trace.manifest import build_manifest


def make_policy(mode: str, task: ResolvedTask):
    """The policy that plays `mode` on `task`."""
    spec = load_mode(mode)
    if spec.worker == "expert":
        from halo_lib.sites.expert import ExpertPolicy

        return ExpertPolicy.for_task(task)
    raise HaloError(f"Mode '{mode}' is defined in params/modes.yaml but its agent is not built yet: use --mode expert.")


def default_out_dir(config: RunConfig) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return ARTIFACTS / "runs" / f"{stamp}_{config.mode}_{config_hash(config)[:6]}"


def _identity(config: RunConfig) -> dict[str, Any]:
    """The parts of the config that define a run's results (out_dir and parallelism do not)."""
    data = to_dict(config)
    for key in ("out_dir", "workers", "ray_address"):
        data.pop(key)
    return data


def _prepare_out_dir(config: RunConfig, out_dir: Path) -> None:
    config_path = out_dir / "config.json"
    identity = _identity(config)
    if config_path.is_file():
        previous = json.loads(config_path.read_text()).get("identity")
        if previous is not None and previous != identity:
            changed = sorted(k for k in set(previous) | set(identity) if previous.get(k) != identity.get(k))
            raise HaloError(
                f"{out_dir} holds a run with a different config ({', '.join(changed)} changed): "
                "use another --out folder or the same settings to resume."
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    config_path.write_text(json.dumps({"identity": identity, "resolved": to_dict(config)}, indent=2))
    (out_dir / "manifest.json").write_text(json.dumps(build_manifest(), indent=2))


def _summary(config: RunConfig, out_dir: Path, results: list[EpisodeResult], manifest_git: dict) -> dict[str, Any]:
    n = len(results)
    successes = sum(r.success for r in results)
    rate = successes / n if n else 0.0
    return {
        "mode": config.mode,
        "config_hash": config_hash(config, str(manifest_git.get("commit", ""))),
        "git": manifest_git,
        "tasks": config.tasks,
        "n_episodes": n,
        "n_success": successes,
        "n_errors": sum(r.error is not None for r in results),
        "success_rate": rate,
        "success_stderr": math.sqrt(rate * (1 - rate) / n) if n else 0.0,
        "episodes": [r.to_dict() for r in results],
    }


def _write_summary(out_dir: Path, summary: dict[str, Any]) -> None:
    tmp = out_dir / "summary.json.tmp"
    tmp.write_text(json.dumps(summary, indent=2))
    os.replace(tmp, out_dir / "summary.json")


def _result_from_end(end: dict[str, Any]) -> EpisodeResult:
    fields = EpisodeResult.__dataclass_fields__
    return EpisodeResult(**{k: v for k, v in end.items() if k in fields})


def play_episode(config: RunConfig, out_dir: Path, task: ResolvedTask, rollout: int) -> EpisodeResult:
    """Build the mode's policy for `task` and run one episode; a policy that cannot be built is an errored episode."""
    try:
        policy = make_policy(config.mode, task)
    except HaloError as exc:
        return EpisodeResult(task_id=task.task_id, rollout=rollout, error=str(exc))
    return run_episode(task, policy, config, out_dir, rollout)


def _run_local(config: RunConfig, out_dir: Path, todo: list[tuple[ResolvedTask, int]], done: Callable[[EpisodeResult], None]) -> None:
    for task, rollout in todo:
        done(play_episode(config, out_dir, task, rollout))


def _run_ray(config: RunConfig, out_dir: Path, todo: list[tuple[ResolvedTask, int]], done: Callable[[EpisodeResult], None]) -> None:
    import ray

    from halo_lib.runner.parallel import remote_episode, start_ray

    start_ray(config)
    pending = {remote_episode.remote(config, str(out_dir), task, rollout): (task, rollout) for task, rollout in todo}
    while pending:
        ready, _ = ray.wait(list(pending), num_returns=1)
        for ref in ready:
            task, rollout = pending.pop(ref)
            try:
                done(ray.get(ref))
            except Exception as exc:  # noqa: BLE001 - a lost worker is an errored episode, not a lost run
                done(EpisodeResult(task_id=task.task_id, rollout=rollout, error=f"worker: {type(exc).__name__}: {exc}"[:300]))


def run_eval(config: RunConfig, progress: Callable[[EpisodeResult, int, int], None] | None = None) -> dict[str, Any]:
    """Run (or resume) an evaluation and return its summary (also written to summary.json)."""
    if config.rollouts_per_task < 1 or config.max_steps < 1 or config.workers < 1:
        raise HaloError("rollouts_per_task, max_steps and workers must each be at least 1.")
    load_mode(config.mode)
    out_dir = Path(config.out_dir) if config.out_dir else default_out_dir(config)
    with preflight(config) as tasks:
        _prepare_out_dir(config, out_dir)
        manifest_git = json.loads((out_dir / "manifest.json").read_text())["git"]
        order = [(task, k) for task in tasks for k in range(config.rollouts_per_task)]
        finished: dict[str, EpisodeResult] = {}
        todo = []
        for task, k in order:
            end = read_end(out_dir / "episodes" / f"{episode_name(task.task_id, k)}.jsonl")
            if end is not None:
                finished[episode_name(task.task_id, k)] = _result_from_end(end)
            else:
                todo.append((task, k))

        def summary() -> dict[str, Any]:
            results = [finished[episode_name(t.task_id, k)] for t, k in order if episode_name(t.task_id, k) in finished]
            return _summary(config, out_dir, results, manifest_git)

        def done(result: EpisodeResult) -> None:
            finished[episode_name(result.task_id, result.rollout)] = result
            _write_summary(out_dir, summary())
            if progress:
                progress(result, len(finished), len(order))

        _write_summary(out_dir, summary())
        if todo:
            (_run_ray if config.workers > 1 else _run_local)(config, out_dir, todo, done)
        result = summary()
        result["out_dir"] = str(out_dir)
        return result
