"""Trajectories of finished episodes, from run folders: the table a researcher filters, and one JSONL line per
episode with every step (page prompt, action, where it came from, postcondition), for training sets.

    written = export_trajectories(find_runs("artifacts/runs/x"), out_dir, only_success=False)
    written["table"]      # pandas DataFrame: run, mode, task, rollout, reward, success, steps, actions
    # out_dir/trajectories.jsonl, out_dir/trajectories.csv

The export notebook (04) writes the RL datasets from the same run folders beside these files
(halo_lib.rl.export.export: bc/dpo/grpo jsonl, card.json) and shows their counts with `card_table(card)`.

This reads the run folders itself (runner.results.iter_episodes) rather than through
halo_lib.rl.trajectories.load_trajectories: a Trajectory keeps only the steps that carry a worker prompt and has no
step url, loop flag or raw postcondition (None where none was checked), and no step count of the episode, all of
which these records and the table hold.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from halo_lib.runner.results import iter_episodes


def trajectory(episode: dict[str, Any]) -> dict[str, Any]:
    """One episode as a trajectory record: the summary row and its steps (prompt, action, source, checks)."""
    steps = []
    for record in episode["steps_records"]:
        decision = record.get("decision") or {}
        verify = record.get("verify") or {}
        steps.append(
            {
                "step": record.get("step"),
                "url": record.get("url"),
                "action": record.get("action"),
                "source": record.get("source"),
                "error": record.get("error"),
                "prompt": decision.get("prompt"),
                "postcondition": (verify.get("postcondition") or {}).get("held"),
                "loop": bool(verify.get("loop")),
            }
        )
    keep = ("run_dir", "mode", "task_id", "rollout", "goal", "reward", "success", "steps", "error")
    return {**{k: episode.get(k) for k in keep}, "trajectory": steps}


def export_trajectories(run_dirs: list[Path], out_dir: str | Path, only_success: bool = False) -> dict[str, Any]:
    """Write trajectories.jsonl and trajectories.csv to out_dir; returns their paths, the count and the table."""
    import pandas as pd

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    jsonl = out / "trajectories.jsonl"
    with jsonl.open("w", encoding="utf-8") as handle:
        for episode in iter_episodes(run_dirs, only_finished=True):
            if only_success and not episode.get("success"):
                continue
            record = trajectory(episode)
            handle.write(json.dumps(record) + "\n")
            rows.append(
                {
                    "run": Path(record["run_dir"]).name,
                    "mode": record["mode"],
                    "task_id": record["task_id"],
                    "rollout": record["rollout"],
                    "reward": record["reward"],
                    "success": record["success"],
                    "steps": record["steps"],
                    "error": record["error"] or "",
                    "actions": " ; ".join(s["action"] or "" for s in record["trajectory"]),
                }
            )
    columns = ["run", "mode", "task_id", "rollout", "reward", "success", "steps", "error", "actions"]
    table = pd.DataFrame(rows, columns=columns)
    csv_path = out / "trajectories.csv"
    table.to_csv(csv_path, index=False)
    return {"jsonl": jsonl, "csv": csv_path, "episodes": len(rows), "table": table}


def card_table(card: dict[str, Any]):
    """pandas DataFrame of an RL dataset card's counts (halo_lib.rl.export): one row per (kind, split) with its rows,
    rows per site and, for dpo, per pairing strategy."""
    import pandas as pd

    rows = [
        {"kind": kind, "split": split, "rows": c["total"], "per_site": c["per_site"], "per_strategy": c.get("per_strategy", {})}
        for kind, splits in card["counts"].items()
        for split, c in splits.items()
    ]
    return pd.DataFrame(rows, columns=["kind", "split", "rows", "per_site", "per_strategy"])
