"""Rollout sampler: K rollouts per task at temperature T for any mode, each from a fresh site state, written as
trajectories with per-step progress signals (postcondition held, agreement with verified actions, progress,
final reward).

Each rollout is a full HALO episode (runner/episode.py): its own browser, and its own replica session (agisdk's
`/config` call starts a fresh one), so parallel rollouts of one task (workers > 1, on Ray) never share state.
Rollout k uses seed + k for sampling. The run folder is a normal eval run (summary.json, episodes/, resumable)
plus `trajectories.jsonl`. The policy sees only the goal, the page and its own history.

    from halo_lib.rl.rollout import sample_rollouts
    result = sample_rollouts(RolloutConfig(mode="qwen_worker_bc", tasks="omnizon", k=4, temperature=0.8))
    halo rollout --mode expert --tasks local --k 1 --temperature 0 --out artifacts/rl/rollouts/expert
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from halo_lib.config import AgentConfig, ObsConfig, RunConfig, SitesConfig, mode_folder
from halo_lib.paths import artifacts_root, resolve_path
from halo_lib.rl.config import RolloutConfig
from halo_lib.rl.trajectories import load_trajectories, verified_actions, write_trajectories


def rollout_out_dir(cfg: RolloutConfig) -> Path:
    if cfg.out_dir:
        return resolve_path(cfg.out_dir)
    return artifacts_root() / "rl" / "rollouts" / f"{mode_folder(cfg.mode)}_k{cfg.k}_t{cfg.temperature:g}"


def run_config(cfg: RolloutConfig, out: Path) -> RunConfig:
    cache_dir = cfg.cache_dir or str(out / "cache")  # private: rollouts never read or pollute artifacts/cache
    sites = SitesConfig(base_port=cfg.sites_port) if cfg.sites_port else SitesConfig()
    return RunConfig(
        mode=cfg.mode,
        tasks=cfg.tasks,
        out_dir=str(out),
        rollouts_per_task=cfg.k,
        workers=cfg.workers,
        max_steps=cfg.max_steps,
        seed=cfg.seed,
        sites=sites,
        retry_errors=cfg.retry_errors,
        expert_labels=cfg.expert_labels,
        agent=AgentConfig(
            temperature=cfg.temperature,
            cache_dir=cache_dir,
            history_steps=cfg.history_steps,
            worker_decoding=cfg.worker_decoding,
            worker_model=cfg.worker_model,
            local_dtype=cfg.worker_dtype,
            obs=ObsConfig(budget_tokens=cfg.obs_budget_tokens) if cfg.obs_budget_tokens else ObsConfig(),
        ),
    )


def _event_loop_running() -> bool:
    import asyncio

    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:
        return False


def sample_rollouts(cfg: RolloutConfig, progress: Callable | None = None) -> dict[str, Any]:
    """Run (or resume) the rollouts; returns the eval summary plus the trajectories file and progress stats.

    Inside Jupyter (an asyncio loop is running, and Playwright's sync API refuses to run there) the episodes run
    in one long-lived worker thread: the Playwright connection belongs to the thread that started it."""
    if _event_loop_running():
        return _browser_thread().submit(_sample_rollouts, cfg, progress).result()
    return _sample_rollouts(cfg, progress)


_POOL = None


def _browser_thread():
    global _POOL
    if _POOL is None:
        from concurrent.futures import ThreadPoolExecutor

        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="halo-browser")
    return _POOL


def _sample_rollouts(cfg: RolloutConfig, progress: Callable | None = None) -> dict[str, Any]:
    return sample_run(run_config(cfg, rollout_out_dir(cfg)), cfg.reference, progress=progress)


def sample_run(config: RunConfig, reference_runs: str = "", progress: Callable | None = None) -> dict[str, Any]:
    """Any RunConfig's episodes (resuming config.out_dir), then its trajectories.jsonl with progress signals; agreement
    is judged against the verified actions of `reference_runs` (comma list of run folders; "" = none). A study's arms
    with `trajectories: true` are sampled this way (runner/study.py)."""
    from halo_lib.runner.eval import run_eval

    out = resolve_path(config.out_dir)
    summary = run_eval(config, progress=progress)
    reference = None
    if reference_runs:
        reference = verified_actions(load_trajectories([str(resolve_path(r.strip())) for r in reference_runs.split(",") if r.strip()]))
    trajectories = load_trajectories(out, reference=reference)
    path = write_trajectories(trajectories, out / "trajectories.jsonl")
    summary["trajectories"] = str(path)
    summary["progress"] = progress_stats(trajectories)
    return summary


def progress_stats(trajectories: list) -> dict[str, Any]:
    """A run's progress signals (its summary's `progress`): steps, the share whose postcondition held, the share
    that agrees with a verified action (None: no reference for any state), the mean final progress."""
    steps = [s for t in trajectories for s in t.steps]
    judged = [s for s in steps if s.agrees is not None]
    return {
        "steps": len(steps),
        "held_rate": sum(s.held for s in steps) / len(steps) if steps else 0.0,
        "agreement_rate": sum(bool(s.agrees) for s in judged) / len(judged) if judged else None,
        "mean_final_progress": sum(t.steps[-1].progress for t in trajectories if t.steps) / max(1, len(trajectories)),
    }
