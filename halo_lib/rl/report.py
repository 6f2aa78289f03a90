"""The RL result table: success of each evaluated policy on the same tasks and seeds, split into the tasks its
training data covered and the held-out ones, plus per-step signals and the training benchmark.

Reads only run folders' summary.json / trajectories.jsonl, dataset cards and checkpoint metrics.

    from halo_lib.rl.report import result_table
    table = result_table({"zero-shot": "artifacts/rl/evals/zero", "BC": "artifacts/rl/evals/bc"},
                         card="artifacts/datasets/rl_omz/card.json", out_dir="artifacts/reports/rl_result")
    print(table["markdown"])
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from halo_lib.rl.trajectories import load_trajectories, read_trajectories_file, verified_actions


def _rate(episodes: list[dict]) -> tuple[int, int, float, float]:
    n = len(episodes)
    k = sum(bool(e["success"]) for e in episodes)
    p = k / n if n else 0.0
    return k, n, p, math.sqrt(p * (1 - p) / n) if n else 0.0


def _fmt(k: int, n: int, p: float, se: float) -> str:
    return f"{k}/{n} ({100 * p:.0f}% ± {100 * se:.0f})" if n else "-"


def row_for(label: str, run_dir: str | Path, train_tasks: set[str], val_tasks: set[str], reference: dict | None = None) -> dict[str, Any]:
    run_dir = Path(run_dir)
    summary = json.loads((run_dir / "summary.json").read_text())
    config = json.loads((run_dir / "config.json").read_text())["resolved"] if (run_dir / "config.json").is_file() else {}
    episodes = summary["episodes"]
    row: dict[str, Any] = {
        "policy": label,
        "run": str(run_dir),
        "mode": summary["mode"],
        "max_steps": config.get("max_steps"),
        "all": _rate(episodes),
    }
    row["train_tasks"] = _rate([e for e in episodes if e["task_id"] in train_tasks])
    row["held_out"] = _rate([e for e in episodes if e["task_id"] in val_tasks])
    trajectories = run_dir / "trajectories.jsonl"
    trajs = None
    if trajectories.is_file():
        trajs = read_trajectories_file(trajectories)
    elif reference is not None and (run_dir / "episodes").is_dir():  # a run still going (or stopped): its finished episodes
        trajs = load_trajectories(run_dir, reference=reference)
    if trajs is not None:
        steps = [s for t in trajs for s in t.steps]
        worker_steps = [s for s in steps if s.source == "worker"]
        judged = [s for s in steps if s.agrees is not None]
        row["steps"] = len(steps)
        row["valid_worker_actions"] = f"{len(worker_steps)}/{len(steps)}"
        row["agreement"] = f"{sum(bool(s.agrees) for s in judged)}/{len(judged)}" if judged else "-"
        row["held"] = f"{sum(s.held for s in steps)}/{len(steps)}"
    row["errors"] = summary.get("n_errors", 0)
    return row


def result_table(
    runs: dict[str, str | Path],
    card: str | Path | None = None,
    out_dir: str | Path | None = None,
    notes: list[str] | None = None,
    bench: dict | None = None,
    reference: str | Path | None = None,
) -> dict[str, Any]:
    """`reference`: a run folder (the expert's) whose successful episodes define the verified actions."""
    ref = verified_actions(load_trajectories(reference)) if reference else None
    train_tasks: set[str] = set()
    val_tasks: set[str] = set()
    if card and Path(card).is_file():
        data = json.loads(Path(card).read_text())
        train_tasks, val_tasks = set(data["train_tasks"]), set(data["val_tasks"])
    rows = [row_for(label, run, train_tasks, val_tasks, ref) for label, run in runs.items() if (Path(run) / "summary.json").is_file()]
    lines = [
        "| policy | mode | max steps | success, all tasks | trained tasks | held-out tasks | steps by the worker (rest: manager/fallback) | agrees with expert | postcondition held |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['policy']} | `{r['mode']}` | {r['max_steps']} | {_fmt(*r['all'])} | {_fmt(*r['train_tasks'])} | "
            f"{_fmt(*r['held_out'])} | {r.get('valid_worker_actions', '-')} | {r.get('agreement', '-')} | {r.get('held', '-')} |"
        )
    if bench:
        body = bench["markdown"].split("\n", 1)[1] if bench["markdown"].startswith("# ") else bench["markdown"]  # its own title
        lines += ["", "BC training throughput (same data, LoRA, batch 1):", "", body.strip()]
    if notes:
        lines += [""] + [f"- {n}" for n in notes]
    table = {"rows": rows, "train_tasks": sorted(train_tasks), "val_tasks": sorted(val_tasks), "markdown": "\n".join(lines)}
    if out_dir:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "result.json").write_text(json.dumps(table, indent=2, default=str))
        (out / "result.md").write_text(table["markdown"] + "\n")
    return table


def result_figure(table: dict[str, Any]):
    """Success per policy (all / trained / held-out) with standard-error bars, as a plotly figure."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for key, name in (("all", "all tasks"), ("train_tasks", "trained tasks"), ("held_out", "held-out tasks")):
        fig.add_bar(
            name=name,
            x=[r["policy"] for r in table["rows"]],
            y=[r[key][2] for r in table["rows"]],
            error_y={"type": "data", "array": [r[key][3] for r in table["rows"]]},
        )
    fig.update_layout(barmode="group", yaxis_title="success rate", yaxis_range=[0, 1], title="RL pipeline: success on the replica tasks")
    return fig


def step_accuracy(
    adapter: str,
    data: str | Path,
    limit: int = 0,
    model: str = "",
    decoding: str = "free",
    batch_size: int = 1,
    dtype: str = "auto",
) -> dict[str, Any]:
    """Teacher-forced step accuracy: the worker's greedy reply (base + adapter, HALO's local backend; `decoding` as
    AgentConfig.worker_decoding) to each recorded prompt of a bc jsonl file, compared with the expert's action there
    (exact canonical action). `batch_size` > 1 (free decoding): that many prompts per padded `generate` call, for a
    GPU (the same replies up to float rounding). `dtype`: the local backend's (BackendSpec.dtype)."""
    from halo_lib.policy.backends import BackendSpec, LocalBackend
    from halo_lib.policy.grammar import ActionParseError, parse_action
    from halo_lib.policy.ranked import WORKER_STOP, worker_complete

    rows = [json.loads(line) for line in Path(data).read_text().splitlines() if line.strip()]
    rows = rows[:limit] if limit else rows
    backend = LocalBackend(BackendSpec("local", model, adapter=adapter, dtype=dtype))
    if batch_size > 1 and decoding == "free":
        replies = backend.greedy_texts([row["prompt"] for row in rows], max_tokens=64, stop=WORKER_STOP, batch_size=batch_size)
    else:
        replies = [worker_complete(backend, row["prompt"], decoding=decoding, max_tokens=64).text for row in rows]
    out = []
    for row, reply_text in zip(rows, replies):
        expected = row["completion"][0]["content"].removeprefix("Action: ")
        try:
            got = parse_action(reply_text).code()
        except ActionParseError:
            got = None
        out.append(
            {
                "task_id": row["task_id"],
                "step": row.get("step"),
                "expected": expected,
                "reply": reply_text,
                "exact": got == expected,
                "parses": got is not None,
            }
        )
    n = len(out)
    return {
        "adapter": adapter,
        "data": str(data),
        "decoding": decoding,
        "n": n,
        "exact": sum(r["exact"] for r in out),
        "parses": sum(r["parses"] for r in out),
        "rows": out,
    }
