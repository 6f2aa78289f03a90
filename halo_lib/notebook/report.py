"""Compare runs: run folders (summary.json, and the episode files for the paired views) -> tables and plotly
figures -> an HTML report.

    runs = load_runs(find_runs("artifacts/runs/ablation"))     # summaries, each with a unique "label"
    figs = compare_figures(runs)       # {"success", "cost", "steps", "cache", "sites", "matrix"}: plotly Figures
    report_table(runs)                 # the compact per-run table the report shows (fits the page)
    paired_table(runs)                 # each run against the first: flips, diff with CI, McNemar p (paired.py)
    matrix_html(runs, base_dir)        # mode x task table, each cell linking to its episode
    path = write_report(runs, figs, "artifacts/reports/ablation.html", title="Ablation")

Success rates carry 95% Wilson intervals over episodes; differences between runs are paired over tasks (paired.py
says which test and interval). A run is labelled by its label in a study (an arm folder beside study.json,
runner/study.py), else by its mode, or by mode and folder name when two runs share a mode. Reports share one plotly.min.js written beside them (plotly's include_plotlyjs="directory"), so each HTML
file stays small and every report in the folder opens offline. Errors are split into infra and agent errors when
the runner recorded `error_kind`.
"""

from __future__ import annotations

import html
import math
import os
import time
from pathlib import Path
from typing import Any

from halo_lib.env.tasks import site_of
from halo_lib.notebook.paired import METHODS, divergence_table, episode_path, paired_table, wilson_interval
from halo_lib.notebook.runs import results_rows, std_err  # noqa: F401 - std_err: the notebooks' import
from halo_lib.runner.results import load_summary

FIGURES = ("success", "cost", "steps", "cache", "sites", "matrix")
PLOTLY_JS = "plotly.min.js"


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
            rows.append(
                {
                    "label": run["label"],
                    "mode": run.get("mode"),
                    "task_id": e["task_id"],
                    "site": site_of(e["task_id"]),
                    "rollout": e["rollout"],
                    "success": bool(e["success"]),
                    "reward": e["reward"],
                    "steps": e["steps"],
                    "calls": e.get("worker_calls", 0) + e.get("manager_calls", 0),
                    "tokens": e.get("worker_tokens", 0) + e.get("manager_tokens", 0),
                    "vac_hits": e.get("vac_hits", 0),
                    "macro_hits": e.get("macro_hits", 0),
                    "error": e.get("error"),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "label",
            "mode",
            "task_id",
            "site",
            "rollout",
            "success",
            "reward",
            "steps",
            "calls",
            "tokens",
            "vac_hits",
            "macro_hits",
            "error",
        ],
    )


def summary_frame(runs: list[dict[str, Any]]):
    """pandas DataFrame: one row per run (results_rows plus cost per solved task), indexed by label."""
    import pandas as pd

    rows = []
    for run, row in zip(runs, results_rows(runs)):
        solved = round(row.get("success_rate", 0.0) * row.get("episodes", 0))
        calls = row.get("worker_calls", 0) + row.get("manager_calls", 0)
        low, high = wilson_interval(solved, row.get("episodes", 0))
        episodes = run.get("episodes", [])
        kinds = [e.get("error_kind") for e in episodes if e.get("error")]
        rows.append(
            {
                "label": run["label"],
                **row,
                "solved": solved,
                "ci_low": low,
                "ci_high": high,
                "infra_errors": run.get("n_infra_errors", sum(k == "infra" for k in kinds)),
                "agent_errors": run.get("n_agent_errors", sum(k == "agent" for k in kinds)),
                "calls_per_solved": calls / solved if solved else math.nan,
                "tokens_per_solved": row.get("tokens", 0) / solved if solved else math.nan,
                "run_dir": run["out_dir"],
            }
        )
    table = pd.DataFrame(rows).set_index("label")
    table.index.name = None  # no empty `label` header row when rendered
    return table


def report_table(runs: list[dict[str, Any]]):
    """The per-run table the report shows: few columns, rates as percentages with their interval, so it fits a page."""
    import pandas as pd

    table = summary_frame(runs)
    rows = []
    for label, r in table.iterrows():
        if r.get("episodes", 0) == 0 and isinstance(r.get("not_run"), str):
            rows.append({"run": label, "success (95% CI)": f"not run: {r['not_run']}"[:80]})
            continue
        errors = int(r.get("errors", 0))
        infra, agent = int(r.get("infra_errors", 0)), int(r.get("agent_errors", 0))
        rows.append(
            {
                "run": label,
                "episodes": int(r["episodes"]),
                "solved": int(r["solved"]),
                "success (95% CI)": f"{r['success_rate']:.0%} [{r['ci_low']:.0%}, {r['ci_high']:.0%}]",
                "mean steps": f"{r['mean_steps']:.1f}",
                "LLM calls": int(r["worker_calls"] + r["manager_calls"]),
                "tokens": int(r["tokens"]),
                "cache hits": f"{r['cache_hit_rate']:.0%}",
                "errors": (f"{errors} (infra {infra}, agent {agent})" if (infra or agent) else str(errors)),
                "wall": f"{r['wall_s']:.0f} s",
            }
        )
    return pd.DataFrame(rows).set_index("run").rename_axis(None)


def compare_figures(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The comparison's plotly figures (see FIGURES)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    table = summary_frame(runs)
    episodes = episodes_frame(runs)
    labels = list(table.index)
    figs: dict[str, Any] = {}

    rates = table["success_rate"].fillna(0.0)
    figs["success"] = go.Figure(
        go.Bar(
            x=labels,
            y=rates,
            error_y={"type": "data", "array": table["std_err"], "visible": True},
            text=[f"{r:.0%} ({int(s)}/{int(n)})" for r, s, n in zip(rates, table["solved"], table["episodes"])],
            textposition="outside",
            customdata=list(zip(table["ci_low"], table["ci_high"])),
            hovertemplate="%{x}: %{y:.0%}, 95% Wilson interval [%{customdata[0]:.0%}, %{customdata[1]:.0%}]<extra></extra>",
        )
    )
    figs["success"].update_layout(
        title="Success rate per mode (± standard error; the 95% Wilson interval in the table and on hover)",
        yaxis={"range": [0, 1.15], "tickformat": ".0%"},
    )

    cost = make_subplots(rows=1, cols=2, subplot_titles=("LLM calls per solved task", "tokens per solved task"))
    for col, column in ((1, "calls_per_solved"), (2, "tokens_per_solved")):
        values = table[column]
        cost.add_trace(
            go.Bar(
                x=labels,
                y=values.fillna(0.0),
                name=column,
                text=["n/a: nothing solved" if math.isnan(v) else f"{v:,.0f}" for v in values],
                textposition="outside",
                cliponaxis=False,
            ),
            row=1,
            col=col,
        )
    unsolved = [label for label, v in zip(labels, table["solved"]) if not v]
    cost.update_layout(
        title="Cost per solved task" + (f" (n/a for {', '.join(unsolved)}: nothing solved)" if unsolved else ""), showlegend=False
    )
    cost.update_yaxes(rangemode="tozero")
    figs["cost"] = cost

    steps = go.Figure()
    for label in labels:
        steps.add_trace(go.Box(y=episodes.loc[episodes["label"] == label, "steps"], name=label, boxpoints="all"))
    steps.update_layout(title="Steps per episode", showlegend=False, yaxis_title="steps")
    figs["steps"] = steps

    cache = go.Figure(
        [
            go.Bar(x=labels, y=table["cache_hit_rate"], name="cache hits / step"),
            go.Bar(
                x=labels,
                y=[
                    (r["macro_steps"] / (r["mean_steps"] * r["episodes"])) if r["episodes"] and r["mean_steps"] else 0.0
                    for _, r in table.iterrows()
                ],
                name="macro steps / step",
            ),
        ]
    )
    cache.update_layout(
        title="Verified action cache and macro hit rates (share of steps)", barmode="group", yaxis={"tickformat": ".0%", "range": [0, 1]}
    )
    figs["cache"] = cache

    sites = go.Figure()
    for label in labels:
        mine = episodes[episodes["label"] == label].groupby("site")["success"].agg(["sum", "count"])
        sites.add_trace(
            go.Bar(
                x=list(mine.index),
                y=list(mine["sum"] / mine["count"]),
                name=label,
                error_y={"type": "data", "array": [std_err(int(s), int(n)) for s, n in zip(mine["sum"], mine["count"])], "visible": True},
            )
        )
    sites.update_layout(title="Success rate per site (± standard error)", barmode="group", yaxis={"range": [0, 1.15], "tickformat": ".0%"})
    # (per-site counts are small: the paired table below says whether a difference is more than noise)
    figs["sites"] = sites

    if len(episodes):
        matrix = episodes.pivot_table(index="label", columns="task_id", values="success", aggfunc="mean").reindex(labels)
        tasks = sorted(matrix.columns, key=lambda t: (site_of(t), _number(t)))
        matrix = matrix[tasks]
        z = matrix.to_numpy(dtype=float)
        heat = go.Figure(
            go.Heatmap(
                z=z,
                x=tasks,
                y=labels,
                zmin=0,
                zmax=1,
                colorscale="RdYlGn",
                colorbar={"title": "success"},
                text=[["" if math.isnan(v) else f"{v:.0%}" for v in row] for row in z],
                texttemplate="%{text}",
                hovertemplate="%{y} · %{x}: %{z:.0%}<extra></extra>",
            )
        )
    else:
        heat = go.Figure()
    heat.update_layout(title="Per-task success (mode x task; mean over rollouts)", height=max(300, 60 * len(labels) + 160))
    figs["matrix"] = heat
    return figs


def _number(task_id: str) -> int:
    tail = task_id.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def matrix_html(runs: list[dict[str, Any]], base_dir: str | Path) -> str:
    """The per-task matrix as an HTML table (mode x task): each cell links to its episode's files (the first
    rollout's screenshots folder; relative to `base_dir`, the report's folder) and says its outcome."""
    from halo_lib.notebook.debugger import natural_key

    tasks = sorted({e["task_id"] for r in runs for e in r.get("episodes", [])}, key=lambda t: (site_of(t), natural_key(t)))
    head = "".join(f"<th class='task'><span>{html.escape(t.removeprefix('v2.'))}</span></th>" for t in tasks)
    body = []
    for run in runs:
        by_task: dict[str, list[dict[str, Any]]] = {}
        for e in run.get("episodes", []):
            by_task.setdefault(e["task_id"], []).append(e)
        cells = []
        for task in tasks:
            eps = sorted(by_task.get(task, []), key=lambda e: e["rollout"])
            if not eps:
                cells.append("<td class='none'></td>")
                continue
            wins = sum(bool(e.get("success")) for e in eps)
            error = any(e.get("error") for e in eps)
            css = "err" if error and not wins else ("ok" if wins == len(eps) else ("mixed" if wins else "fail"))
            mark = "E" if css == "err" else (f"{wins}/{len(eps)}" if len(eps) > 1 else ("✓" if wins else "✗"))
            target = episode_path(run, task, eps[0]["rollout"])
            href = os.path.relpath(target.with_suffix(""), Path(base_dir))
            tip = f"{run['label']} · {task}: {wins}/{len(eps)} solved" + (f" · {eps[0].get('error')}" if error else "") + f" · {target}"
            cells.append(f"<td class='{css}'><a href='{html.escape(href)}/' title='{html.escape(tip)}'>{mark}</a></td>")
        body.append(f"<tr><th>{html.escape(run['label'])}</th>{''.join(cells)}</tr>")
    return f"<table class='matrix'><tr><th></th>{head}</tr>{''.join(body)}</table>"


def flips_html(runs: list[dict[str, Any]]) -> str:
    """Each run against the first: the rates, the difference with its CI and McNemar's p, and the flipped tasks."""
    table = paired_table(runs)
    if table.empty:
        return "<p>One run: nothing to pair.</p>"
    rows = []
    for r in table.itertuples(index=False):
        significant = r.mcnemar_p < 0.05
        rows.append(
            f"<tr><td>{html.escape(r.run)} vs {html.escape(r.baseline)}</td><td>{r.pairs}</td>"
            f"<td>{r.rate_baseline:.0%} → {r.rate_run:.0%}</td>"
            f"<td>{r.diff:+.0%} [{r.ci_low:+.0%}, {r.ci_high:+.0%}]</td>"
            f"<td class='{'sig' if significant else ''}'>{r.mcnemar_p:.3g}{' *' if significant else ''}</td>"
            f"<td class='gain'>{html.escape(r.gained) or '-'}</td><td class='loss'>{html.escape(r.lost) or '-'}</td>"
            f"<td>{r.left_out}</td></tr>"
        )
    return (
        "<table class='paired'><tr><th>comparison</th><th>paired tasks</th><th>success</th><th>difference [95% CI]</th>"
        "<th>McNemar p</th><th>gained (solved only by the run)</th><th>lost (solved only by the baseline)</th>"
        f"<th>left out (errors, unshared)</th></tr>{''.join(rows)}</table><p class='note'>{html.escape(METHODS)}. "
        "* p &lt; 0.05.</p>"
    )


def divergence_html(runs: list[dict[str, Any]], base_dir: str | Path, limit: int = 60) -> str:
    """For each run against the first, the tasks whose trajectories differ: the first differing step and both actions."""
    if len(runs) < 2:
        return ""
    parts = []
    for other in runs[1:]:
        table = divergence_table(runs[0], other)
        differ = table[table["first_diff_step"].notna()]
        same = len(table) - len(differ)
        rows = []
        for r in differ.head(limit).itertuples(index=False):
            link_a = os.path.relpath(Path(r.episode_a).with_suffix(""), Path(base_dir))
            link_b = os.path.relpath(Path(r.episode_b).with_suffix(""), Path(base_dir))
            rows.append(
                f"<tr><td>{html.escape(r.task_id)}{'' if r.rollout == 0 else '#' + str(r.rollout)}</td>"
                f"<td>{'✓' if r.success_a else '✗'} / {'✓' if r.success_b else '✗'}</td><td>{int(r.first_diff_step)}</td>"
                f"<td><a href='{html.escape(link_a)}/'><code>{html.escape(str(r.action_a))[:90]}</code></a></td>"
                f"<td><a href='{html.escape(link_b)}/'><code>{html.escape(str(r.action_b))[:90]}</code></a></td>"
                f"<td>{r.steps_a} / {r.steps_b}</td></tr>"
            )
        parts.append(
            f"<h3>{html.escape(other['label'])} vs {html.escape(runs[0]['label'])}: {len(differ)} of {len(table)} trajectories "
            f"differ ({same} identical)</h3>"
            + (
                "<table class='diverge'><tr><th>task</th><th>solved (baseline / run)</th><th>first differing step</th>"
                f"<th>{html.escape(runs[0]['label'])} did</th><th>{html.escape(other['label'])} did</th><th>steps</th></tr>"
                + "".join(rows)
                + "</table>"
                if rows
                else ""
            )
        )
    return "".join(parts)


def write_plotly_js(folder: str | Path) -> Path:
    """plotly.min.js beside the reports (written once per plotly version; what include_plotlyjs='directory' loads)."""
    from plotly.offline import get_plotlyjs

    target = Path(folder) / PLOTLY_JS
    script = get_plotlyjs()
    if not target.is_file() or target.stat().st_size != len(script.encode("utf-8")):
        target.write_text(script, encoding="utf-8")
    return target


STYLE = """body{font-family:sans-serif;margin:24px;max-width:1400px} table{border-collapse:collapse;font-size:13px}
td,th{border:1px solid #ccc;padding:3px 6px} .wide{overflow-x:auto;max-width:100%}
table.matrix td{text-align:center;min-width:18px} table.matrix a{text-decoration:none;color:inherit;display:block}
table.matrix th.task{height:110px;white-space:nowrap;vertical-align:bottom;padding:2px}
table.matrix th.task span{writing-mode:vertical-rl;transform:rotate(180deg)}
.ok{background:#c8e6c9} .fail{background:#ffcdd2} .mixed{background:#fff59d} .err{background:#b0bec5} .none{background:#fafafa}
td.gain{color:#1b5e20} td.loss{color:#b71c1c} td.sig{font-weight:bold} .note{color:#555;font-size:12px}"""


def write_report(runs: list[dict[str, Any]], figs: dict[str, Any], path: str | Path, title: str = "HALO report") -> Path:
    """An HTML file: title, the per-run table, the paired comparison (flips, CI, McNemar), every figure, the per-task
    matrix linking to episodes, where trajectories parted, the run folders. plotly.js is the plotly.min.js beside it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_plotly_js(path.parent)
    table = report_table(runs)
    parts = []
    for name, fig in figs.items():
        parts.append(f"<section id='fig-{name}'>" + fig.to_html(full_html=False, include_plotlyjs=False) + "</section>")
    folders = "".join(
        f"<li><code>{html.escape(r['out_dir'])}</code> ({html.escape(r['label'])}, config {html.escape(str(r.get('config_hash', '')))}, "
        f"git {html.escape(str((r.get('git') or {}).get('commit', ''))[:10])})</li>"
        for r in runs
    )
    document = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<script src="{PLOTLY_JS}"></script>
<style>{STYLE}</style>
</head><body>
<h1>{html.escape(title)}</h1>
<p>Generated {time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())} from {len(runs)} run folder(s).</p>
<div class="wide" id="summary">{table.to_html(na_rep="-", classes="dataframe")}</div>
<section id="paired"><h2>Paired comparison (each run against {html.escape(runs[0]["label"]) if runs else "-"})</h2>{flips_html(runs)}</section>
{"".join(parts)}
<section id="task-matrix"><h2>Per task (each cell opens its episode's screenshots)</h2><div class="wide">{matrix_html(runs, path.parent)}</div>
<p class="note">✓ solved · ✗ failed · E error · k/n rollouts solved</p></section>
<section id="divergence"><h2>Where trajectories parted</h2>{divergence_html(runs, path.parent)}</section>
<h2>Run folders</h2><ul>{folders}</ul>
</body></html>"""
    path.write_text(document, encoding="utf-8")
    return path
