"""Compare runs: run folders (summary.json only) -> tables and plotly figures -> a standalone HTML report.

    runs = load_runs(find_runs("artifacts/runs/ablation"))     # summaries, each with a unique "label"
    figs = compare_figures(runs)       # {"success", "cost", "steps", "cache", "sites", "matrix"}: plotly Figures
    path = write_report(runs, figs, "artifacts/reports/ablation.html", title="Ablation")

Success rates carry standard errors over episodes (binomial). A run is labelled by its label in a study (an arm
folder beside study.json, runner/study.py), else by its mode, or by mode and folder name when two runs share a mode. The HTML embeds plotly.js once, so it opens offline.
"""
from __future__ import annotations

import html
import math
import time
from pathlib import Path
from typing import Any

from halo_lib.env.tasks import site_of
from halo_lib.notebook.runs import results_rows, std_err
from halo_lib.runner.results import load_summary

FIGURES = ("success", "cost", "steps", "cache", "sites", "matrix")


def load_runs(run_dirs: list[Path]) -> list[dict[str, Any]]:
    """The summaries of `run_dirs`, each with a unique display label."""
    from halo_lib.runner.study import arm_label

    runs = [load_summary(d) for d in run_dirs]
    modes = [r.get("mode", "?") for r in runs]
    for run in runs:
        mode = run.get("mode", "?")
        run["label"] = arm_label(run["out_dir"]) or (mode if modes.count(mode) == 1 else f"{mode} ({Path(run['out_dir']).name})")
    return runs


def episodes_frame(runs: list[dict[str, Any]]):
    """pandas DataFrame: one row per episode of every run, with its run label and site."""
    import pandas as pd

    rows = []
    for run in runs:
        for e in run.get("episodes", []):
            rows.append({
                "label": run["label"], "mode": run.get("mode"), "task_id": e["task_id"], "site": site_of(e["task_id"]),
                "rollout": e["rollout"], "success": bool(e["success"]), "reward": e["reward"], "steps": e["steps"],
                "calls": e.get("worker_calls", 0) + e.get("manager_calls", 0),
                "tokens": e.get("worker_tokens", 0) + e.get("manager_tokens", 0),
                "vac_hits": e.get("vac_hits", 0), "macro_hits": e.get("macro_hits", 0), "error": e.get("error"),
            })
    return pd.DataFrame(rows, columns=["label", "mode", "task_id", "site", "rollout", "success", "reward", "steps",
                                       "calls", "tokens", "vac_hits", "macro_hits", "error"])


def summary_frame(runs: list[dict[str, Any]]):
    """pandas DataFrame: one row per run (results_rows plus cost per solved task), indexed by label."""
    import pandas as pd

    rows = []
    for run, row in zip(runs, results_rows(runs)):
        solved = round(row.get("success_rate", 0.0) * row.get("episodes", 0))
        calls = row.get("worker_calls", 0) + row.get("manager_calls", 0)
        rows.append({"label": run["label"], **row,
                     "calls_per_solved": calls / solved if solved else math.nan,
                     "tokens_per_solved": row.get("tokens", 0) / solved if solved else math.nan,
                     "run_dir": run["out_dir"]})
    return pd.DataFrame(rows).set_index("label")


def compare_figures(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The comparison's plotly figures (see FIGURES)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    table = summary_frame(runs)
    episodes = episodes_frame(runs)
    labels = list(table.index)
    figs: dict[str, Any] = {}

    figs["success"] = go.Figure(go.Bar(
        x=labels, y=table["success_rate"], error_y={"type": "data", "array": table["std_err"], "visible": True},
        text=[f"{r:.0%}" for r in table["success_rate"]], textposition="outside"))
    figs["success"].update_layout(title="Success rate per mode (± standard error over episodes)", yaxis={"range": [0, 1.15], "tickformat": ".0%"})

    cost = make_subplots(rows=1, cols=2, subplot_titles=("LLM calls per solved task", "tokens per solved task"))
    cost.add_trace(go.Bar(x=labels, y=table["calls_per_solved"], name="calls"), row=1, col=1)
    cost.add_trace(go.Bar(x=labels, y=table["tokens_per_solved"], name="tokens"), row=1, col=2)
    cost.update_layout(title="Cost per solved task (no bar: nothing solved)", showlegend=False)
    figs["cost"] = cost

    steps = go.Figure()
    for label in labels:
        steps.add_trace(go.Box(y=episodes.loc[episodes["label"] == label, "steps"], name=label, boxpoints="all"))
    steps.update_layout(title="Steps per episode", showlegend=False, yaxis_title="steps")
    figs["steps"] = steps

    cache = go.Figure([
        go.Bar(x=labels, y=table["cache_hit_rate"], name="cache hits / step"),
        go.Bar(x=labels, y=[(r["macro_steps"] / (r["mean_steps"] * r["episodes"])) if r["episodes"] and r["mean_steps"] else 0.0
                            for _, r in table.iterrows()], name="macro steps / step"),
    ])
    cache.update_layout(title="Verified action cache and macro hit rates", barmode="group", yaxis={"tickformat": ".0%"})
    figs["cache"] = cache

    sites = go.Figure()
    for label in labels:
        mine = episodes[episodes["label"] == label].groupby("site")["success"].agg(["sum", "count"])
        sites.add_trace(go.Bar(
            x=list(mine.index), y=list(mine["sum"] / mine["count"]), name=label,
            error_y={"type": "data", "array": [std_err(int(s), int(n)) for s, n in zip(mine["sum"], mine["count"])], "visible": True}))
    sites.update_layout(title="Success rate per site (± standard error)", barmode="group", yaxis={"range": [0, 1.15], "tickformat": ".0%"})
    figs["sites"] = sites

    if len(episodes):
        matrix = episodes.pivot_table(index="label", columns="task_id", values="success", aggfunc="mean").reindex(labels)
        tasks = sorted(matrix.columns, key=lambda t: (site_of(t), _number(t)))
        matrix = matrix[tasks]
        z = matrix.to_numpy(dtype=float)
        heat = go.Figure(go.Heatmap(
            z=z, x=tasks, y=labels, zmin=0, zmax=1, colorscale="RdYlGn", colorbar={"title": "success"},
            text=[["" if math.isnan(v) else f"{v:.0%}" for v in row] for row in z], texttemplate="%{text}"))
    else:
        heat = go.Figure()
    heat.update_layout(title="Per-task success (mode x task; mean over rollouts)", height=max(300, 60 * len(labels) + 160))
    figs["matrix"] = heat
    return figs


def _number(task_id: str) -> int:
    tail = task_id.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def write_report(runs: list[dict[str, Any]], figs: dict[str, Any], path: str | Path, title: str = "HALO report") -> Path:
    """A standalone HTML file: title, the per-run table, every figure (plotly.js embedded once), the run folders."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = summary_frame(runs).drop(columns=["run_dir"])
    parts = []
    for i, (name, fig) in enumerate(figs.items()):
        parts.append(f"<section id='fig-{name}'>" + fig.to_html(full_html=False, include_plotlyjs=(i == 0)) + "</section>")
    folders = "".join(f"<li><code>{html.escape(r['out_dir'])}</code> ({html.escape(r['label'])}, config {html.escape(str(r.get('config_hash', '')))}, "
                      f"git {html.escape(str((r.get('git') or {}).get('commit', ''))[:10])})</li>" for r in runs)
    document = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:24px}} table{{border-collapse:collapse}} td,th{{border:1px solid #ccc;padding:4px 8px}}</style>
</head><body>
<h1>{html.escape(title)}</h1>
<p>Generated {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())} from {len(runs)} run folder(s).</p>
{table.to_html(float_format=lambda v: f"{v:.3g}", na_rep="-")}
{''.join(parts)}
<h2>Run folders</h2><ul>{folders}</ul>
</body></html>"""
    path.write_text(document, encoding="utf-8")
    return path
