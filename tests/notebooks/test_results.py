"""Results tables, standard errors, the reproducibility journal and the comparison figures, on summaries in
summary.json's exact shape (runner/eval.py), written to real run folders."""
from __future__ import annotations

import csv
import json
import math

import pytest

from halo_lib.errors import HaloError
from halo_lib.env.tasks import site_of
from halo_lib.notebook.report import compare_figures, load_runs, summary_frame, write_report
from halo_lib.notebook.runs import JOURNAL_COLUMNS, append_journal, read_journal, results_rows, std_err
from halo_lib.runner.results import find_runs


def _episode(task_id: str, rollout: int, success: bool, steps: int, worker_calls: int = 0, vac_hits: int = 0, error=None):
    return {"task_id": task_id, "rollout": rollout, "reward": float(success), "success": success, "steps": steps,
            "worker_calls": worker_calls, "manager_calls": 1 if worker_calls else 0, "vac_hits": vac_hits, "macro_hits": 0,
            "worker_tokens": 100 * worker_calls, "manager_tokens": 50 if worker_calls else 0, "llm_latency_s": 0.0,
            "parse_errors": 0, "wall_s": 1.0, "error": error, "truncated": False}


def _write_run(folder, mode, episodes):
    folder.mkdir(parents=True)
    n, wins = len(episodes), sum(e["success"] for e in episodes)
    summary = {"mode": mode, "config_hash": "abc", "git": {"commit": "deadbeef", "dirty": False}, "tasks": "local",
               "n_episodes": n, "n_success": wins, "n_errors": 0, "success_rate": wins / n,
               "success_stderr": std_err(wins, n), "cost": {}, "episodes": episodes}
    (folder / "summary.json").write_text(json.dumps(summary))
    return folder


@pytest.fixture
def runs(tmp_path):
    _write_run(tmp_path / "ablation" / "expert", "expert", [
        _episode("v2.omnizon-13", 0, True, 7), _episode("v2.gomail-2", 0, True, 4)])
    _write_run(tmp_path / "ablation" / "hierarchy_vac", "hierarchy_vac", [
        _episode("v2.omnizon-13", 0, True, 10, worker_calls=6, vac_hits=2), _episode("v2.gomail-2", 0, False, 25, worker_calls=25, error="step 3: boom")])
    _write_run(tmp_path / "other" / "expert_again", "expert", [_episode("v2.omnizon-13", 0, False, 3)])
    return tmp_path


def test_std_err():
    assert std_err(0, 0) == 0.0 and std_err(4, 4) == 0.0
    assert std_err(1, 2) == pytest.approx(math.sqrt(0.25 / 2))


def test_find_runs(runs):
    found = find_runs(str(runs / "ablation"))
    assert [p.name for p in found] == ["expert", "hierarchy_vac"]
    assert len(find_runs(f"{runs / 'ablation'}, {runs / 'other' / 'expert_again'}")) == 3
    with pytest.raises(HaloError, match="does not exist"):
        find_runs(str(runs / "missing"))
    (runs / "empty").mkdir()
    with pytest.raises(HaloError, match="No run folders"):
        find_runs(str(runs / "empty"))


def test_results_rows_and_summary_frame(runs):
    loaded = load_runs(find_runs(str(runs)))
    assert [r["label"] for r in loaded] == ["expert (expert)", "hierarchy_vac", "expert (expert_again)"]
    rows = {r["mode"] + str(i): r for i, r in enumerate(results_rows(loaded))}
    vac = rows["hierarchy_vac1"]
    assert vac["episodes"] == 2 and vac["success_rate"] == 0.5 and vac["std_err"] == pytest.approx(std_err(1, 2))
    assert vac["worker_calls"] == 31 and vac["manager_calls"] == 2 and vac["tokens"] == 3100 + 100
    assert vac["cache_hits"] == 2 and vac["cache_hit_rate"] == pytest.approx(2 / 35) and vac["errors"] == 1
    table = summary_frame(loaded)
    assert table.loc["hierarchy_vac", "calls_per_solved"] == 33  # 31 worker + 2 manager calls, one task solved
    assert math.isnan(table.loc["expert (expert_again)", "calls_per_solved"])  # nothing solved: no cost per solve


def test_compare_figures_and_report(runs, tmp_path):
    loaded = load_runs(find_runs(str(runs / "ablation")))
    figs = compare_figures(loaded)
    assert set(figs) == {"success", "cost", "steps", "cache", "sites", "matrix"}
    success = figs["success"].data[0]
    assert list(success.x) == ["expert", "hierarchy_vac"] and list(success.y) == [1.0, 0.5]
    assert list(success.error_y.array) == [0.0, pytest.approx(std_err(1, 2))]
    sites = {trace.name: dict(zip(trace.x, trace.y)) for trace in figs["sites"].data}
    assert sites["hierarchy_vac"] == {"gomail": 0.0, "omnizon": 1.0}
    heat = figs["matrix"].data[0]
    assert list(heat.y) == ["expert", "hierarchy_vac"] and list(heat.x) == ["v2.gomail-2", "v2.omnizon-13"]
    assert heat.z.tolist() == [[1.0, 1.0], [0.0, 1.0]]
    path = write_report(loaded, figs, tmp_path / "reports" / "r.html", title="T")
    text = path.read_text()
    assert text.count("plotly.js v") <= 2 and "<h1>T</h1>" in text and str(runs / "ablation" / "expert") in text
    assert site_of("v2.omnizon-13") == "omnizon" and site_of("v2.my_task") == "my_task"


def test_journal(tmp_path):
    summary = {"mode": "expert", "tasks": "local", "n_episodes": 31, "success_rate": 30 / 31,
               "success_stderr": std_err(30, 31), "config_hash": "abc", "git": {"commit": "deadbeef", "dirty": False},
               "out_dir": "/runs/x"}
    path = tmp_path / "reports" / "journal.csv"
    assert read_journal(path).empty
    append_journal(summary, path)
    append_journal({**summary, "mode": "hierarchy_vac", "success_rate": 0.5}, path)
    rows = list(csv.DictReader(open(path)))
    assert list(rows[0]) == list(JOURNAL_COLUMNS) and len(rows) == 2
    assert rows[0]["git_commit"] == "deadbeef" and rows[0]["success_rate"] == "0.9677" and rows[0]["std_err"] == "0.0317"
    assert rows[1]["mode"] == "hierarchy_vac" and "agisdk=" in rows[0]["versions"] and rows[0]["date"].endswith("Z")
    assert list(read_journal(path)["mode"]) == ["expert", "hierarchy_vac"]
