"""A run folder at a glance: one row per episode and its errors grouped into a short report (widget.run_view shows it).

    table = run_table("artifacts/runs/main_expert")   # pandas: task_id, rollout, outcome, steps, error, error_kind,
                                                       # tokens, calls, path (natural task order)
    error_groups(table)                                # [{"error", "kind", "count", "episodes"}], most frequent first

Rows come from summary.json when the run has one (its episodes' `error_kind`, "infra" | "agent", when the runner
recorded it), else from the episode files themselves (a run still going, or one that crashed). Errors are grouped
by their text with the step number, numbers and quoted values blanked, so "step 3: Timeout 5000ms" and
"step 7: Timeout 5000ms" are one group.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from halo_lib.errors import HaloError
from halo_lib.notebook.debugger import episode_index, natural_key
from halo_lib.paths import resolve_path

COLUMNS = ["task_id", "rollout", "outcome", "steps", "error", "error_kind", "tokens", "calls", "path"]


def run_table(folder: str | Path):
    """pandas DataFrame: one row per episode of the run folder `folder` (see module docstring)."""
    import pandas as pd

    folder = resolve_path(folder)
    if not folder.is_dir():
        raise HaloError(f"Run folder {folder} does not exist: give a folder that holds summary.json or episodes/.")
    summary_path = folder / "summary.json"
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    if summary_path.is_file():
        summary = json.loads(summary_path.read_text())
        for e in summary.get("episodes", []):
            outcome = "error" if e.get("error") else ("success" if e.get("success") else "failure")
            rows[(e["task_id"], int(e["rollout"]))] = {
                "task_id": e["task_id"],
                "rollout": int(e["rollout"]),
                "outcome": outcome,
                "steps": e.get("steps", 0),
                "error": e.get("error"),
                "error_kind": e.get("error_kind") or ("" if not e.get("error") else None),
                "tokens": e.get("worker_tokens", 0) + e.get("manager_tokens", 0),
                "calls": e.get("worker_calls", 0) + e.get("manager_calls", 0),
                "path": str(folder / "episodes" / f"{e['task_id']}__{e['rollout']}.jsonl"),
            }
    for entry in episode_index(folder):  # episodes the summary does not list yet (a run in progress)
        key = (entry.task_id, entry.rollout)
        if key not in rows:
            rows[key] = {
                "task_id": entry.task_id,
                "rollout": entry.rollout,
                "outcome": entry.outcome,
                "steps": entry.steps,
                "error": entry.error,
                "error_kind": None if entry.error else "",
                "tokens": 0,
                "calls": 0,
                "path": str(entry.path),
            }
    ordered = sorted(rows.values(), key=lambda r: (natural_key(r["task_id"]), r["rollout"]))
    for row in ordered:
        if row["error_kind"] is None:
            row["error_kind"] = ""  # the runner did not classify it (a summary from before error_kind)
    return pd.DataFrame(ordered, columns=COLUMNS)


def error_signature(error: str) -> str:
    """The error with the step number, quoted values and numbers blanked: what groups equal failures."""
    text = re.sub(r"^(reset|step \d+|policy):\s*", "", str(error).strip())
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", text)
    text = re.sub(r"\d+(\.\d+)?", "N", text)
    return text[:200]


def error_groups(table) -> list[dict[str, Any]]:
    """The table's errors grouped by signature: [{"error", "kind", "count", "episodes"}], most frequent first."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for row in table.itertuples(index=False):
        if not isinstance(row.error, str) or not row.error:  # None, or NaN in a pandas column
            continue
        key = (error_signature(row.error), row.error_kind if isinstance(row.error_kind, str) else "")
        group = groups.setdefault(key, {"error": key[0], "kind": key[1], "count": 0, "episodes": [], "example": row.error})
        group["count"] += 1
        group["episodes"].append(f"{row.task_id}#{row.rollout}")
    return sorted(groups.values(), key=lambda g: (-g["count"], g["error"]))
