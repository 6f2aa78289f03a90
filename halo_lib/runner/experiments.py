"""Ablation experiments from params/experiments.yaml: several modes, same tasks and seeds, one folder per mode.

    results = run_experiment("hierarchy_ablation", RunConfig(out_dir="artifacts/runs/ablation"))
    # artifacts/runs/ablation/<mode>/summary.json for each mode, and experiment.json listing them

Each mode's run resumes like any eval. With `caches: per_mode` each mode gets <out>/<mode>/cache as its
cache folder, so no mode is served by another's cache.
"""
from __future__ import annotations

import dataclasses
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal

from halo_lib.config import PARAMS, SCORE_MODE_STEPS, RunConfig, from_dict, load_mode
from halo_lib.errors import HaloError
from halo_lib.paths import artifacts_root, resolve_path


@dataclass(frozen=True)
class ExperimentConfig:
    """One ablation: which modes to compare, on which tasks, how."""

    description: str = ""
    modes: list[str] = field(default_factory=list)  # modes from params/modes.yaml, run in this order
    tasks: str = "local"  # task spec as for `halo eval --tasks`
    rollouts_per_task: int = 1
    max_steps: int = SCORE_MODE_STEPS
    caches: Literal["per_mode", "shared"] = "per_mode"


def load_experiments(path: Path | None = None) -> dict[str, ExperimentConfig]:
    import yaml

    path = path or PARAMS / "experiments.yaml"
    raw = yaml.safe_load(path.read_text()) or {}
    experiments = {name: from_dict(ExperimentConfig, spec, where=f"{path.name}:{name}") for name, spec in raw.items()}
    for name, experiment in experiments.items():
        for mode in experiment.modes:
            load_mode(mode)  # an unknown mode fails here, before anything runs
    return experiments


def load_experiment(name: str) -> ExperimentConfig:
    experiments = load_experiments()
    if name not in experiments:
        close = difflib.get_close_matches(name, list(experiments), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise HaloError(f"Unknown experiment '{name}'{hint}: pick one of {', '.join(experiments)} (params/experiments.yaml).")
    return experiments[name]


def run_experiment(name: str, base: RunConfig, progress: Callable | None = None) -> dict[str, Any]:
    """Run every mode of experiment `name` with `base`'s settings; returns {mode: summary}."""
    from halo_lib.runner.eval import run_eval

    experiment = load_experiment(name)
    out = resolve_path(base.out_dir) if base.out_dir else artifacts_root() / "runs" / f"experiment_{name}"
    out.mkdir(parents=True, exist_ok=True)
    (out / "experiment.json").write_text(json.dumps({"name": name, **dataclasses.asdict(experiment)}, indent=2))
    summaries = {}
    for mode in experiment.modes:
        agent = base.agent
        if experiment.caches == "per_mode":
            agent = dataclasses.replace(agent, cache_dir=str(out / mode / "cache"))
        config = dataclasses.replace(
            base, mode=mode, tasks=experiment.tasks, rollouts_per_task=experiment.rollouts_per_task,
            max_steps=experiment.max_steps, out_dir=str(out / mode), agent=agent,
        )
        try:
            summaries[mode] = run_eval(config, progress=progress)
        except HaloError as exc:  # e.g. a mode whose adapter is not trained yet: say so, run the others
            summaries[mode] = {"mode": mode, "error": str(exc)}
    return summaries
