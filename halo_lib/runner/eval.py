"""Evaluate a mode on a set of tasks: pre-flight, episodes (in parallel on Ray), resume, summary.json.

    summary = run_eval(RunConfig(mode="expert", tasks="local", out_dir="artifacts/runs/x"))

The run folder holds `config.json` (the resolved config), `manifest.json` (git, versions, resolved config,
backends, adapter hashes, config hash), `episodes/<task>__<k>.jsonl` and `summary.json` (DESIGN.md's
contract plus backends and cost totals), rewritten after every episode so a crash leaves it consistent. Rerunning into the same folder keeps finished episodes and reruns the rest;
rerunning with a different config into the same folder is refused. An episode that breaks (browser gone, site
down, LLM server failing) is an errored row with its `error_kind` ("infra": the machine; "agent": the agent's own
failure; totals `n_infra_errors` + `n_agent_errors` = `n_errors`); if a local replica stopped answering, it is
restarted before the next episode, and summary.json's `warnings` says so (with the episodes' own warnings, e.g. a
broken cache). With `retry_errors` (`halo eval --retry-errors`), a resume also reruns the episodes that ended in
an "infra" error, keeping the earlier attempt under `episodes/<episode>/attempt-N/`; each row's `attempt` and the
totals `n_attempts` / `n_retried` count them. Every LLM backend the mode uses (OpenAI's API, a vLLM or local
server, the local model's files) is checked once, before anything is written (env/preflight.py).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import time
from pathlib import Path
from typing import Any, Callable

from halo_lib.config import RunConfig, config_hash, load_mode, to_dict
from halo_lib.env.preflight import check_llm_servers, preflight
from halo_lib.env.tasks import ResolvedTask
from halo_lib.errors import HaloError
from halo_lib.paths import artifacts_root, resolve_path
from halo_lib.runner.episode import INFRA, EpisodeResult, classify_error, play_episode
from halo_lib.trace.episode import episode_name, keep_attempt, read_end
from halo_lib.trace.manifest import build_manifest, git_info
from halo_lib.trace.redact import redact


def resolved_backends(config: RunConfig) -> dict[str, Any]:
    """The mode's backend specs as plain dicts (part of the run's identity); fails fast on a bad setup."""
    from halo_lib.agent.build import resolve_mode_backends

    specs = resolve_mode_backends(load_mode(config.mode), config.agent)
    return {role: (dataclasses.asdict(spec) if spec else None) for role, spec in specs.items()}


def prepare_backends(backends: dict[str, Any]) -> None:
    """Dequantize the local model once, before parallel workers would race to do it."""
    if any(spec and spec["kind"] == "local" and not spec["model"] for spec in backends.values()):
        from halo_lib.policy.local_model import ensure_local_model

        ensure_local_model()


def default_out_dir(config: RunConfig) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return artifacts_root() / "runs" / f"{stamp}_{config.mode}_{config_hash(config)[:6]}"


def _identity(config: RunConfig, backends: dict[str, Any]) -> dict[str, Any]:
    """The parts of the config that define a run's results (out_dir and parallelism do not)."""
    data = to_dict(config)
    for key in ("out_dir", "workers", "ray_address", "retry_errors"):
        data.pop(key)
    if config.agent.vllm_serve:  # a server started for the run: its port differs from run to run, its model does not
        data["agent"]["vllm_url"] = ""
        backends = {
            role: ({**spec, "base_url": ""} if spec and spec.get("api_key_env") == "HALO_VLLM_API_KEY" else spec)
            for role, spec in backends.items()
        }
    data["backends"] = backends
    return data


def _fill_new_fields(previous: dict[str, Any], current: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """`previous` with the settings it predates (fields of `current` added to the configs since it was written)
    at their defaults, so a run folder made before a new field existed resumes unless the field is set otherwise."""
    filled = dict(previous)
    for key, value in current.items():
        default = defaults.get(key) if isinstance(defaults, dict) else None
        if key not in filled and key in defaults:
            filled[key] = default
        elif isinstance(value, dict) and isinstance(filled.get(key), dict) and isinstance(default, dict):
            filled[key] = _fill_new_fields(filled[key], value, default)
    return filled


def _default_identity(backends: dict[str, Any]) -> dict[str, Any]:
    from halo_lib.policy.backends import BackendSpec

    spec_defaults = {f.name: f.default for f in dataclasses.fields(BackendSpec) if f.default is not dataclasses.MISSING}
    return _identity(RunConfig(), {role: dict(spec_defaults) if spec else None for role, spec in backends.items()})


def _prepare_out_dir(config: RunConfig, out_dir: Path, backends: dict[str, Any]) -> None:
    config_path = out_dir / "config.json"
    identity = json.loads(redact(json.dumps(_identity(config, backends))))
    if config_path.is_file():
        previous = json.loads(config_path.read_text()).get("identity")
        if previous is not None:
            previous = _fill_new_fields(previous, identity, json.loads(json.dumps(_default_identity(backends))))
        if previous is not None and previous != identity:
            changed = sorted(k for k in set(previous) | set(identity) if previous.get(k) != identity.get(k))
            raise HaloError(
                f"{out_dir} holds a run with a different config ({', '.join(changed)} changed): "
                "use another --out folder or the same settings to resume."
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    config_path.write_text(redact(json.dumps({"identity": identity, "resolved": to_dict(config), "backends": backends}, indent=2)))
    run_hash = config_hash({"config": to_dict(config), "backends": backends}, str(git_info().get("commit", "")))
    manifest = build_manifest(run={"config": to_dict(config), "backends": backends, "config_hash": run_hash})
    (out_dir / "manifest.json").write_text(redact(json.dumps(manifest, indent=2)))


def _summary(config: RunConfig, out_dir: Path, results: list[EpisodeResult], manifest_git: dict, backends: dict) -> dict[str, Any]:
    n = len(results)
    successes = sum(r.success for r in results)
    rate = successes / n if n else 0.0
    return {
        "mode": config.mode,
        "config_hash": config_hash({"config": to_dict(config), "backends": backends}, str(manifest_git.get("commit", ""))),
        "backends": backends,
        "git": manifest_git,
        "tasks": config.tasks,
        "n_episodes": n,
        "n_success": successes,
        "n_errors": sum(r.error is not None for r in results),  # n_infra_errors + n_agent_errors
        "n_infra_errors": sum(r.error is not None and r.error_kind == INFRA for r in results),
        "n_agent_errors": sum(r.error is not None and r.error_kind != INFRA for r in results),
        "n_attempts": sum(r.attempt for r in results),  # > n_episodes when --retry-errors reran some
        "n_retried": sum(r.attempt > 1 for r in results),
        "n_grader_crashed": sum((r.verdict or "").startswith("crashed") for r in results),  # a 0 that is no FAILURE
        "success_rate": rate,
        "success_stderr": math.sqrt(rate * (1 - rate) / n) if n else 0.0,
        "cost": _cost(results),
        "episodes": [r.to_dict() for r in results],
    }


def _cost(results: list[EpisodeResult]) -> dict[str, Any]:
    """Totals over episodes, and per solved task (None when nothing was solved)."""
    keys = ("worker_calls", "manager_calls", "worker_tokens", "manager_tokens", "vac_hits", "macro_hits", "steps", "llm_latency_s")
    totals = {k: sum(getattr(r, k) for r in results) for k in keys}
    solved = sum(r.success for r in results)
    per_solved = {k: (totals[k] / solved if solved else None) for k in ("worker_calls", "manager_calls", "worker_tokens", "manager_tokens")}
    return {"total": totals, "per_solved_task": per_solved}


def _write_summary(out_dir: Path, summary: dict[str, Any]) -> None:
    tmp = out_dir / "summary.json.tmp"
    tmp.write_text(redact(json.dumps(summary, indent=2)))
    os.replace(tmp, out_dir / "summary.json")


def _result_from_end(end: dict[str, Any]) -> EpisodeResult:
    fields = EpisodeResult.__dataclass_fields__
    result = EpisodeResult(**{k: v for k, v in end.items() if k in fields})
    if result.error and not result.error_kind:  # written before error_kind existed
        result.error_kind = classify_error(result.error)
    return result


def _run_local(config: RunConfig, out_dir: Path, todo: list[tuple[ResolvedTask, int]], done: Callable[[EpisodeResult], None]) -> None:
    for task, rollout in todo:
        done(play_episode(config, out_dir, task, rollout))


def _run_ray(config: RunConfig, out_dir: Path, todo: list[tuple[ResolvedTask, int]], done: Callable[[EpisodeResult], None]) -> None:
    """A local Ray (workers share this machine's disk and loopback), or a joined cluster (runner/cluster.py)."""
    import ray

    from halo_lib.runner.parallel import remote_episode, start_ray

    start_ray(config)
    if config.ray_address:  # a joined cluster: its nodes may share nothing with this machine but Ray
        from halo_lib.runner.cluster import run_on_cluster

        run_on_cluster(config, out_dir, todo, sorted({task.site for task, _ in todo}), done)
        return
    driver_pid = os.getpid()  # a local Ray's workers exit with this process
    pending = {remote_episode.remote(config, str(out_dir), task, rollout, driver_pid): (task, rollout) for task, rollout in todo}
    while pending:
        ready, _ = ray.wait(list(pending), num_returns=1)
        for ref in ready:
            task, rollout = pending.pop(ref)
            try:
                done(ray.get(ref))
            except Exception as exc:  # noqa: BLE001 - a lost worker is an errored episode, not a lost run
                done(
                    EpisodeResult(
                        task_id=task.task_id, rollout=rollout, error=f"worker: {type(exc).__name__}: {exc}"[:300], error_kind=INFRA
                    )
                )


def _revive_sites(config: RunConfig, tasks: list[ResolvedTask], handles: list) -> str | None:
    """After an errored episode: if a local replica this run needs stopped answering, start it again.

    Returns a warning for summary.json (what happened and what was done), or None when the sites are fine."""
    if config.env.sites != "local":
        return None
    from halo_lib.sites import local_urls
    from halo_lib.sites.server import ensure_sites, probe

    urls = local_urls(config.sites.host, config.sites.base_port)
    sites = sorted({t.site for t in tasks})
    down = [site for site in sites if probe(urls[site]) == "down"]
    if not down:
        return None
    try:
        handles.append(ensure_sites(config.sites, sites))
    except HaloError as exc:
        return f"The {', '.join(down)} replica stopped answering and could not be restarted: {exc}"
    return f"The replica server ({', '.join(down)}) stopped answering mid-run; HALO restarted it for the next episodes."


def run_eval(config: RunConfig, progress: Callable[[EpisodeResult, int, int], None] | None = None) -> dict[str, Any]:
    """Run (or resume) an evaluation and return its summary (also written to summary.json). With
    `agent.vllm_serve`, a vLLM server for the mode's open worker is started first and stopped at the end."""
    if config.agent.vllm_serve:
        from halo_lib.rl.serve import served_for_run

        with served_for_run(config) as served:
            return _run_eval(served, progress)
    return _run_eval(config, progress)


def _run_eval(config: RunConfig, progress: Callable[[EpisodeResult, int, int], None] | None = None) -> dict[str, Any]:
    if config.rollouts_per_task < 1 or config.max_steps < 1 or config.workers < 1:
        raise HaloError("rollouts_per_task, max_steps and workers must each be at least 1.")
    if config.branch_from and config.mode != "expert":
        raise HaloError("A branch (branch_from) replays recorded steps and then the expert plays on: set mode to expert.")
    load_mode(config.mode)
    backends = resolved_backends(config)
    check_llm_servers(backends)
    out_dir = resolve_path(config.out_dir) if config.out_dir else default_out_dir(config)
    with preflight(config) as tasks:
        prepare_backends(backends)
        _prepare_out_dir(config, out_dir, backends)
        manifest_git = json.loads((out_dir / "manifest.json").read_text())["git"]
        order = [(task, k) for task in tasks for k in range(config.rollouts_per_task)]
        finished: dict[str, EpisodeResult] = {}
        todo = []
        for task, k in order:
            end = read_end(out_dir / "episodes" / f"{episode_name(task.task_id, k)}.jsonl")
            if end is not None and config.retry_errors and _result_from_end(end).error_kind == INFRA:
                keep_attempt(out_dir, task.task_id, k)  # the rerun's record goes beside it
                end = None
            if end is not None:
                finished[episode_name(task.task_id, k)] = _result_from_end(end)
            else:
                todo.append((task, k))

        run_warnings: list[str] = []
        revived: list = []

        def summary() -> dict[str, Any]:
            results = [finished[episode_name(t.task_id, k)] for t, k in order if episode_name(t.task_id, k) in finished]
            data = _summary(config, out_dir, results, manifest_git, backends)
            data["n_planned"] = len(order)  # episodes this run is to play: finished when n_episodes reaches it
            data["warnings"] = run_warnings + sorted({w for r in results for w in (r.warnings or [])})
            return data

        def done(result: EpisodeResult) -> None:
            finished[episode_name(result.task_id, result.rollout)] = result
            if result.error:
                warning = _revive_sites(config, tasks, revived)
                if warning:
                    run_warnings.append(f"after {result.task_id}#{result.rollout}: {warning}")
            _write_summary(out_dir, summary())
            if progress:
                progress(result, len(finished), len(order))

        try:
            _write_summary(out_dir, summary())
            if todo:
                (_run_ray if config.workers > 1 or config.ray_address else _run_local)(config, out_dir, todo, done)
        finally:
            for handle in revived:
                handle.close()
        result = summary()
        result["out_dir"] = str(out_dir)
        return result
