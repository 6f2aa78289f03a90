"""The agent benchmark's bookkeeping: rows from summary.json, pass selection, the markdown table."""

from __future__ import annotations

import pytest

from halo_lib.config import RunConfig
from halo_lib.errors import HaloError
from halo_lib.bench.agent import BenchAgentConfig, _copy_cache, markdown, pass_row, run_passes


def _episode(success: bool, worker_calls: int, steps: int, error: str | None = None) -> dict:
    return {
        "task_id": "v2.omnizon-13",
        "rollout": 0,
        "success": success,
        "steps": steps,
        "worker_calls": worker_calls,
        "manager_calls": 1,
        "worker_tokens": 100 * worker_calls,
        "manager_tokens": 50,
        "vac_hits": 0,
        "macro_hits": 0,
        "llm_latency_s": 1.0,
        "wall_s": 2.0,
        "error": error,
    }


def test_pass_row_averages_per_episode_and_counts_calls_per_solved_task():
    summary = {"episodes": [_episode(True, 4, 5), _episode(False, 8, 25), _episode(False, 0, 1, error="step 0: boom")]}
    row = pass_row("hierarchy_vac", "cold", summary)
    assert row["episodes"] == 3 and row["solved"] == 1 and row["errors"] == 1
    assert row["success_rate"] == pytest.approx(1 / 3)
    assert row["success_stderr"] == pytest.approx(((1 / 3) * (2 / 3) / 3) ** 0.5)
    assert row["worker_calls"] == pytest.approx(4.0)  # (4 + 8 + 0) / 3
    assert row["steps"] == pytest.approx(31 / 3)
    assert row["worker_calls_per_solved"] == pytest.approx(12.0)


def test_pass_row_with_nothing_solved_has_no_per_solved_figure():
    row = pass_row("baseline_worker", "cold", {"episodes": [_episode(False, 3, 3)]})
    assert row["worker_calls_per_solved"] is None
    assert "| - |" in markdown({"tasks": "x", "max_steps": 3, "rows": [row]})


def test_markdown_has_one_line_per_row_and_the_observation_table():
    rows = [pass_row("hierarchy_vac", p, {"episodes": [_episode(True, 0, 7)]}) for p in ("seeded", "second")]
    q = {"min": 1, "median": 2, "p90": 3, "max": 4, "mean": 2.5}
    text = markdown(
        {
            "tasks": "local",
            "max_steps": 25,
            "rows": rows,
            "observations": {
                "pages": 9,
                "budget_tokens": 1500,
                "over_budget": 0,
                "summary_tokens": q,
                "raw_tokens": q,
                "raw_over_summary": q,
            },
        }
    )
    assert text.count("| hierarchy_vac |") == 2
    assert "| raw AXTree | 1 | 2 | 3 | 4 | 2 |" in text


def test_unknown_pass_or_mode_fails_before_anything_runs(tmp_path):
    with pytest.raises(HaloError, match="Unknown bench pass 'warm'"):
        run_passes(BenchAgentConfig(modes=["hierarchy_vac"], passes=["warm"]), RunConfig(), tmp_path)
    with pytest.raises(HaloError, match="hierarchy_vax"):
        run_passes(BenchAgentConfig(modes=["hierarchy_vax"]), RunConfig(), tmp_path)
    assert not (tmp_path / "runs").exists()


def test_cache_copy_is_taken_once_so_a_resumed_pass_keeps_its_own(tmp_path):
    source = tmp_path / "seed"
    source.mkdir()
    (source / "vac.sqlite").write_text("first")
    _copy_cache(source, tmp_path / "copy")
    (source / "vac.sqlite").write_text("changed later")
    _copy_cache(source, tmp_path / "copy")
    assert (tmp_path / "copy" / "vac.sqlite").read_text() == "first"
    _copy_cache(tmp_path / "missing", tmp_path / "empty")
    assert (tmp_path / "empty").is_dir() and not any((tmp_path / "empty").iterdir())
