"""Eval and rollout runs from a notebook: one run per mode with a progress bar, results tables with
standard errors, and the reproducibility journal (one CSV row per finished run).

    cfg = notebook_config(EvalParams, globals(), name="eval")
    summaries = run_modes(cfg)                     # {mode: summary dict}, each also in its run folder
    results_table(summaries)                       # pandas: one row per mode
    episodes_table(summaries)                      # pandas: one row per episode

The rollout notebook calls the same `run_modes` with RolloutParams (rollouts_per_task > 1 and a temperature:
episode k of a task is seeded seed + k, so the rollouts of one task differ where the worker samples). With
`trajectories` (its default) each mode is sampled by halo_lib.rl.rollout.sample_rollouts - the same run folder plus
trajectories.jsonl with per-step progress signals - and read back here:

    cfg = notebook_config(RolloutParams, globals(), name="rollout")
    summaries = run_modes(cfg)                     # each summary also has "trajectories" and "progress"
    rollout_table(run_dirs(summaries))             # pandas: one row per (mode, task), how its rollouts spread
    signals_table(summaries)                       # pandas: one row per mode, the progress signals' rates
    progress_table(summaries)                      # pandas: one row per step of every trajectory
"""

from __future__ import annotations

import csv
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

from halo_lib.paths import resolve_path
from halo_lib.notebook.params import EvalParams, RolloutParams, split_list
from halo_lib.notebook.threads import off_loop

JOURNAL_COLUMNS = (
    "date",
    "git_commit",
    "git_dirty",
    "versions",
    "mode",
    "tasks",
    "n_episodes",
    "success_rate",
    "std_err",
    "config_hash",
    "run_dir",
)
VERSION_PACKAGES = ("halo-workbench", "agisdk", "playwright", "transformers", "torch", "peft", "trl")


def _progress_bar(total: int, desc: str):
    """A widget bar in Jupyter; run headless by `halo nb run` ($HALO_HEADLESS), a text bar on the terminal too."""
    if os.environ.get("HALO_HEADLESS"):
        from tqdm.std import tqdm

        return tqdm(total=total, desc=desc, unit="episode", file=sys.__stderr__, mininterval=1.0)
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="episode")


def mode_arm(cfg: EvalParams, mode: str):
    """One mode of `cfg` as a study arm (runner/study.py): its RunConfig, sampled with trajectories when `cfg` asks
    for them (RolloutParams.trajectories: halo_lib.rl.rollout.sample_run, the same run folder as `halo rollout`)."""
    from halo_lib.runner.study import Arm

    rollouts = isinstance(cfg, RolloutParams) and cfg.trajectories
    reference = ",".join(str(resolve_path(p)) for p in split_list(cfg.reference)) if rollouts else ""
    return Arm(name=mode, config=cfg.run_config(mode), trajectories=rollouts, reference=reference)


def sample_mode(cfg: EvalParams, mode: str, progress=None) -> dict[str, Any]:
    """One mode's episodes (resuming its run folder), sampled as `mode_arm` says. Returns the run's summary."""
    from halo_lib.runner.study import play_arm

    return play_arm(mode_arm(cfg, mode), progress=progress)


def run_modes(cfg: EvalParams, progress: bool = True) -> dict[str, dict[str, Any]]:
    """Each mode of `cfg` as an arm of the study loop (runner/study.py run_arms), resuming existing run folders; a
    journal row per run that played episodes (a rerun of a finished run adds none).

    A mode that cannot run (e.g. its LoRA adapter is not trained yet) gets {"mode", "error"} and the others go on.
    """
    from halo_lib.env.preflight import resolve_all
    from halo_lib.runner.study import run_arms

    modes = cfg.mode_list()
    bars: dict[str, Any] = {}

    def progress_for(arm):
        if not progress:
            return None
        bar = bars[arm.name] = _progress_bar(len(resolve_all(arm.config)) * arm.config.rollouts_per_task, arm.name)

        def tick(result, done: int, total: int) -> None:
            bar.n = done
            bar.set_postfix_str(f"{result.task_id}#{result.rollout} reward {result.reward:.0f}" + (" ERROR" if result.error else ""))
            bar.refresh()

        return tick

    def on_done(arm, summary: dict[str, Any], played: int) -> None:
        bar = bars.pop(arm.name, None)
        if bar is not None:
            bar.n = summary.get("n_episodes", bar.n)  # resumed episodes count as done
            bar.close()
        if "error" not in summary and played and cfg.journal_path() is not None:
            append_journal(summary, cfg.journal_path())

    try:
        summaries = run_arms(
            [mode_arm(cfg, mode) for mode in modes],
            progress_for=progress_for,
            on_done=on_done,
            errors="raise" if len(modes) == 1 else "record",
            call=off_loop,
        )
    finally:
        for bar in bars.values():
            bar.close()
    if os.environ.get("HALO_HEADLESS") and "ray" in sys.modules:  # headless: stop Ray before the kernel is shut down
        import ray

        if ray.is_initialized():
            ray.shutdown()
    return summaries


def run_dirs(summaries: dict[str, dict[str, Any]]) -> list[Path]:
    """The run folders of the modes that ran."""
    return [Path(s["out_dir"]) for s in summaries.values() if "episodes" in s]


def rollout_table(run_folders: list[Path]):
    """pandas DataFrame, one row per (mode, task): rollouts, successes, success rate with standard error, mean
    steps, and how many distinct action sequences the rollouts took (the spread a preference or GRPO set needs)."""
    import pandas as pd

    from halo_lib.runner.results import iter_episodes

    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for episode in iter_episodes(run_folders, only_finished=True):
        groups.setdefault((episode["mode"], episode["task_id"]), []).append(episode)
    rows = []
    for (mode, task_id), episodes in groups.items():
        wins = sum(bool(e["success"]) for e in episodes)
        sequences = {tuple(r.get("action") for r in e["steps_records"]) for e in episodes}
        rows.append(
            {
                "mode": mode,
                "task_id": task_id,
                "rollouts": len(episodes),
                "successes": wins,
                "success_rate": wins / len(episodes),
                "std_err": std_err(wins, len(episodes)),
                "mean_steps": sum(e["steps"] for e in episodes) / len(episodes),
                "distinct_trajectories": len(sequences),
            }
        )
    return pd.DataFrame(
        rows, columns=["mode", "task_id", "rollouts", "successes", "success_rate", "std_err", "mean_steps", "distinct_trajectories"]
    )


def signals_table(summaries: dict[str, dict[str, Any]]):
    """pandas DataFrame, one row per mode sampled with trajectories: its episodes and successes, the steps, the share
    whose postcondition held, the share that agrees with a verified action (None: no reference for any state),
    the mean final progress, and the trajectories file."""
    import pandas as pd

    rows = [
        {"mode": mode, "episodes": s["n_episodes"], "successes": s["n_success"], **s["progress"], "trajectories": s["trajectories"]}
        for mode, s in summaries.items()
        if s.get("trajectories")
    ]
    return pd.DataFrame(
        rows, columns=["mode", "episodes", "successes", "steps", "held_rate", "agreement_rate", "mean_final_progress", "trajectories"]
    )


def progress_table(summaries: dict[str, dict[str, Any]]):
    """pandas DataFrame, one row per step of every trajectory the modes wrote (trajectories.jsonl): mode, task,
    rollout, `episode` (task#rollout), the episode's reward and success, step, action, source, whether its
    postcondition held, whether it agrees with a verified action, and the cumulative progress (rl/trajectories.py)."""
    import pandas as pd

    from halo_lib.rl.trajectories import read_trajectories_file

    rows = []
    for mode, summary in summaries.items():
        if not summary.get("trajectories"):
            continue
        for traj in read_trajectories_file(summary["trajectories"]):
            for step in traj.steps:
                rows.append(
                    {
                        "mode": mode,
                        "task_id": traj.task_id,
                        "rollout": traj.rollout,
                        "episode": f"{traj.task_id}#{traj.rollout}",
                        "reward": traj.reward,
                        "success": traj.success,
                        "step": step.step,
                        "action": step.action,
                        "source": step.source,
                        "held": step.held,
                        "agrees": step.agrees,
                        "progress": step.progress,
                    }
                )
    return pd.DataFrame(
        rows,
        columns=["mode", "task_id", "rollout", "episode", "reward", "success", "step", "action", "source", "held", "agrees", "progress"],
    )


def std_err(successes: int, n: int) -> float:
    """Standard error of a success rate over n episodes (binomial)."""
    if n == 0:
        return 0.0
    rate = successes / n
    return math.sqrt(rate * (1 - rate) / n)


def results_rows(summaries: dict[str, dict[str, Any]] | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per run: success rate with standard error, steps, calls, tokens, cache and macro hits, errors."""
    rows = []
    for summary in summaries.values() if isinstance(summaries, dict) else summaries:
        if "error" in summary and "episodes" not in summary:
            rows.append({"mode": summary["mode"], "episodes": 0, "not_run": summary["error"]})
            continue
        episodes = summary["episodes"]
        n = len(episodes)
        wins = sum(bool(e["success"]) for e in episodes)
        steps = sum(e["steps"] for e in episodes)
        rows.append(
            {
                "mode": summary["mode"],
                "episodes": n,
                "success_rate": wins / n if n else 0.0,
                "std_err": std_err(wins, n),
                "mean_steps": steps / n if n else 0.0,
                "worker_calls": sum(e.get("worker_calls", 0) for e in episodes),
                "manager_calls": sum(e.get("manager_calls", 0) for e in episodes),
                "tokens": sum(e.get("worker_tokens", 0) + e.get("manager_tokens", 0) for e in episodes),
                "cache_hits": sum(e.get("vac_hits", 0) for e in episodes),
                "macro_steps": sum(e.get("macro_hits", 0) for e in episodes),
                "cache_hit_rate": sum(e.get("vac_hits", 0) for e in episodes) / steps if steps else 0.0,
                "errors": sum(e.get("error") is not None for e in episodes),
                "wall_s": sum(e.get("wall_s", 0.0) for e in episodes),
            }
        )
    return rows


def results_table(summaries):
    """pandas DataFrame of `results_rows`, indexed by mode."""
    import pandas as pd

    return pd.DataFrame(results_rows(summaries)).set_index("mode")


def episodes_table(summaries):
    """pandas DataFrame: one row per episode of every run (mode, task, rollout, reward, steps, calls, ...)."""
    import pandas as pd

    rows = []
    for summary in summaries.values() if isinstance(summaries, dict) else summaries:
        for episode in summary.get("episodes", []):
            rows.append({"mode": summary["mode"], **{k: v for k, v in episode.items()}})
    return pd.DataFrame(rows)


def _versions() -> str:
    from importlib import metadata

    parts = []
    for name in VERSION_PACKAGES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return " ".join(parts)


def journal_row(summary: dict[str, Any]) -> dict[str, Any]:
    git = summary.get("git") or {}
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "git_commit": git.get("commit", ""),
        "git_dirty": git.get("dirty", ""),
        "versions": _versions(),
        "mode": summary["mode"],
        "tasks": summary.get("tasks", ""),
        "n_episodes": summary["n_episodes"],
        "success_rate": round(summary["success_rate"], 4),
        "std_err": round(summary["success_stderr"], 4),
        "config_hash": summary.get("config_hash", ""),
        "run_dir": summary.get("out_dir", ""),
    }


def append_journal(summary: dict[str, Any], path: Path) -> dict[str, Any]:
    """Append one row for a finished run to the journal CSV (header written when the file is new)."""
    row = journal_row(summary)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.is_file() or path.stat().st_size == 0
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=JOURNAL_COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow(row)
    return row


def read_journal(path: Path):
    """The journal as a pandas DataFrame (empty when there is none yet)."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        return pd.DataFrame(columns=list(JOURNAL_COLUMNS))
    return pd.read_csv(path)
