"""Reading finished runs back: run folders (summary.json), their episodes and step records.

What comparisons and exports read (DESIGN.md: summary.json and trajectories only, never a notebook's internals).

    runs = find_runs("artifacts/runs/ablation")          # every folder with a summary.json under it, sorted
    runs = find_runs("")                                 # every run under artifacts/runs (or $HALO_ARTIFACTS/runs)
    summary = load_summary(runs[0])                      # the dict, with "out_dir" set to the folder
    for episode in iter_episodes(runs, only_finished=True):
        episode["mode"], episode["task_id"], episode["success"], episode["steps"]   # steps: the step records
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from halo_lib.paths import artifacts_root, resolve_path
from halo_lib.errors import HaloError
from halo_lib.trace.episode import read_records


def _runs_root() -> Path:
    return artifacts_root() / "runs"


def find_runs(spec: str | list[str] | None = "") -> list[Path]:
    """Run folders named by `spec` (comma list or list of run folders, or folders holding them; "" = every run)."""
    parts = [str(p).strip() for p in (spec.split(",") if isinstance(spec, str) else (spec or [])) if str(p).strip()]
    roots = [resolve_path(p) for p in parts] or [_runs_root()]
    found: list[Path] = []
    for root in roots:
        if (root / "summary.json").is_file():
            found.append(root)
        elif root.is_dir():
            found.extend(sorted(p.parent for p in root.rglob("summary.json")))
        else:
            raise HaloError(f"Run folder {root} does not exist: name a folder holding summary.json (or folders that do).")
    unique = list(dict.fromkeys(p.resolve() for p in found))
    if not unique:
        where = ", ".join(str(r) for r in roots)
        raise HaloError(
            f"No run folders (summary.json) under {where}: run notebooks/02_eval.ipynb (or `halo eval`) first, or name run folders."
        )
    return unique


def load_summary(run_dir: str | Path) -> dict[str, Any]:
    run_dir = Path(run_dir)
    path = run_dir / "summary.json"
    try:
        summary = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise HaloError(f"{path} is missing or not JSON ({type(exc).__name__}): rerun that eval to rewrite it.") from None
    summary["out_dir"] = str(run_dir)
    return summary


def iter_episodes(run_dirs: list[Path], only_finished: bool = True) -> Iterator[dict[str, Any]]:
    """Each episode of each run (summary.json's order): its summary row plus goal, run, mode and step records."""
    for run_dir in run_dirs:
        summary = load_summary(run_dir)
        for row in summary.get("episodes", []):
            path = Path(run_dir) / "episodes" / f"{row['task_id']}__{row['rollout']}.jsonl"
            records = list(read_records(path)) if path.is_file() else []
            end = next((r for r in reversed(records) if r.get("type") == "end"), None)
            if only_finished and end is None:
                continue
            start = next((r for r in records if r.get("type") == "start"), {})
            yield {
                **row,
                "run_dir": str(run_dir),
                "mode": summary.get("mode", ""),
                "goal": start.get("goal", ""),
                "episode_file": str(path),
                "steps_records": [r for r in records if r.get("type") == "step"],
            }
