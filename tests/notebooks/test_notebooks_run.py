"""Each notebook run headless (papermill) on its smoke params, asserting on what it recorded: summary.json values,
episodes, files in the run folder, the HTML report, the journal row, the exported trajectories."""

from __future__ import annotations

import csv
import json

import pytest

from halo_lib.notebook.headless import run_notebook

pytestmark = pytest.mark.browser


def _outputs_of(notebook_path) -> list[str]:
    """Every text/html output of the executed notebook, concatenated per cell."""
    book = json.loads(notebook_path.read_text())
    texts = []
    for cell in book["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            texts.append("".join(out.get("text", [])) + "".join(data.get("text/plain", [])) + "".join(data.get("text/html", [])))
    return texts


def test_eval_notebook_writes_the_run_folder(eval_run, nb_artifacts):
    run = eval_run["out_dir"]
    summary = json.loads((run / "summary.json").read_text())
    assert summary["mode"] == "expert" and summary["tasks"] == "v2.omnizon-13"
    assert summary["n_episodes"] == 1 and summary["success_rate"] == 1.0 and summary["n_errors"] == 0
    assert summary["episodes"][0]["steps"] > 0
    assert (run / "episodes" / "v2.omnizon-13__0.jsonl").is_file()
    for name in ("config.json", "manifest.json", "params.json", "02_eval.ipynb", "outputs.json"):
        assert (run / name).is_file(), name
    assert json.loads((run / "params.json").read_text())["params"]["out_dir"] == str(run)
    outputs = eval_run["outputs"]
    assert outputs["summaries"] == [str(run / "summary.json")]
    report = nb_artifacts / "reports" / "eval_smoke.html"
    # reports share one plotly.min.js beside them (include_plotlyjs="directory"): the page is small and names it
    assert outputs["report"] == str(report) and report.stat().st_size < 1_000_000 and "plotly.min.js" in report.read_text()
    assert (report.parent / "plotly.min.js").stat().st_size > 1_000_000
    rows = list(csv.DictReader(open(nb_artifacts / "reports" / "journal.csv")))
    mine = [r for r in rows if r["run_dir"] == str(run)]
    assert len(mine) == 1 and mine[0]["mode"] == "expert" and float(mine[0]["success_rate"]) == 1.0
    assert mine[0]["git_commit"] and "agisdk=0.3.5" in mine[0]["versions"] and mine[0]["std_err"] == "0.0"
    texts = _outputs_of(run / "02_eval.ipynb")
    assert any("success_rate" in t and "std_err" in t and "cache_hits" in t for t in texts)  # the results table


def test_eval_notebook_resumes_into_its_run_folder(eval_run, nb_artifacts):
    run = eval_run["out_dir"]
    episode = run / "episodes" / "v2.omnizon-13__0.jsonl"
    kept = episode.read_text()
    journal = (nb_artifacts / "reports" / "journal.csv").read_text()
    again = run_notebook("02_eval", ["params/02_eval/smoke.yaml"], out_dir=run, progress=False)
    assert episode.read_text() == kept  # the finished episode was not played again
    assert json.loads((run / "summary.json").read_text())["n_episodes"] == 1
    assert (nb_artifacts / "reports" / "journal.csv").read_text() == journal  # nothing new ran: no new row
    assert again["outputs"]["summaries"] == [str(run / "summary.json")]


def test_debug_notebook_runs_one_task_and_shows_it(nb_artifacts):
    result = run_notebook("debug", ["params/01_debug/smoke.yaml"], out_dir=nb_artifacts / "runs" / "debug_smoke", progress=False)
    outputs = result["outputs"]
    records = [json.loads(line) for line in open(outputs["episode"])]
    steps = [r for r in records if r["type"] == "step"]
    assert outputs["steps"] == len(steps) > 0 and outputs["finished"] is True and outputs["reward"] == 1.0
    assert outputs["sources"] == {"expert": len(steps)}
    book = json.loads(result["notebook"].read_text())
    widgets = [o for c in book["cells"] for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widgets  # the step viewer was displayed
    # agisdk's grader output (the env state dump, emoji lines) is in the run's log, not in the notebook
    assert "Environment State" in (result["out_dir"] / "run.log").read_text()
    assert "Environment State" not in result["notebook"].read_text()


def test_debug_notebook_opens_a_finished_episode(eval_run, nb_artifacts):
    episode = eval_run["out_dir"] / "episodes" / "v2.omnizon-13__0.jsonl"
    result = run_notebook(
        "debug", ["params/01_debug/smoke.yaml"], {"episode": str(episode)}, out_dir=nb_artifacts / "runs" / "debug_open", progress=False
    )
    assert result["outputs"]["episode"] == str(episode) and result["outputs"]["reward"] == 1.0
    assert not (result["out_dir"] / "summary.json").exists()  # nothing was run


def test_rollout_notebook_samples_rollouts_per_task(nb_artifacts):
    result = run_notebook("rollout", ["params/03_rollout/smoke.yaml"], out_dir=nb_artifacts / "runs" / "rollout_smoke", progress=False)
    summary = json.loads((result["out_dir"] / "summary.json").read_text())
    assert summary["n_episodes"] == 2 and [e["rollout"] for e in summary["episodes"]] == [0, 1]
    assert json.loads((result["out_dir"] / "config.json").read_text())["resolved"]["agent"]["temperature"] == 0.8
    assert result["outputs"]["episodes"] == 2
    texts = _outputs_of(result["notebook"])
    assert any("distinct_trajectories" in t for t in texts)
    # sampled by halo_lib.rl.rollout: trajectories with per-step progress signals, shown per mode and per step
    assert result["outputs"]["trajectories"] == [str(result["out_dir"] / "trajectories.jsonl")]
    trajectories = [json.loads(line) for line in open(result["outputs"]["trajectories"][0])]
    assert sorted(t["rollout"] for t in trajectories) == [0, 1]
    for t, row in zip(sorted(trajectories, key=lambda t: t["rollout"]), summary["episodes"]):
        progress = [s["progress"] for s in t["steps"]]
        assert len(t["steps"]) == row["steps"] > 0 and t["success"] == row["success"]
        assert progress[-1] == sum(s["held"] and s["agrees"] is not False for s in t["steps"]) and progress == sorted(progress)
        if t["success"]:  # the rollouts' own successes are the verified actions
            assert all(s["agrees"] for s in t["steps"] if s["held"] and not s["error"])
    assert any("held_rate" in t and "agreement_rate" in t for t in texts)  # the signals table


def test_export_notebook_writes_trajectories(eval_run, nb_artifacts):
    result = run_notebook(
        "export",
        ["params/04_export/smoke.yaml"],
        {"runs": str(eval_run["out_dir"])},
        out_dir=nb_artifacts / "datasets" / "export_smoke",
        progress=False,
    )
    outputs = result["outputs"]
    lines = [json.loads(line) for line in open(outputs["trajectories"])]
    summary = json.loads((eval_run["out_dir"] / "summary.json").read_text())
    assert outputs["episodes"] == len(lines) == 1
    assert lines[0]["task_id"] == "v2.omnizon-13" and lines[0]["success"] is True
    assert len(lines[0]["trajectory"]) == summary["episodes"][0]["steps"]
    assert all(s["action"] and s["source"] == "expert" and s["prompt"] for s in lines[0]["trajectory"])
    assert len(list(csv.DictReader(open(outputs["table"])))) == 1
    # the RL datasets from the same run folder: one expert trajectory, all BC training rows, no validation task
    card = json.loads(open(outputs["card"]).read())
    assert card["trajectories"] == {"total": 1, "successful": 1, "expert": 1} and card["val_tasks"] == []
    assert outputs["datasets"] == card["files"] and card["files"]["bc_train.jsonl"] > 0 and card["files"]["bc_val.jsonl"] == 0
    assert (result["out_dir"] / "bc_train.jsonl").is_file() and (result["out_dir"] / "README.md").is_file()


def test_compare_notebook_reads_run_folders_and_exports_html(eval_run, nb_artifacts):
    report = nb_artifacts / "reports" / "compare_smoke.html"
    result = run_notebook(
        "compare",
        ["params/09_compare/smoke.yaml"],
        {"runs": str(eval_run["out_dir"]), "report": str(report)},
        out_dir=nb_artifacts / "reports" / "compare_smoke",
        progress=False,
    )
    assert result["outputs"]["report"] == str(report) and result["outputs"]["runs"] == [str(eval_run["out_dir"])]
    html = report.read_text()
    for figure in ("success", "cost", "steps", "cache", "sites", "matrix"):
        assert f"id='fig-{figure}'" in html
    assert "v2.omnizon-13" in html and "HALO smoke comparison" in html
