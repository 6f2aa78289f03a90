"""`halo bench load` and `halo bench soak` end to end on one task (heavy: several expert episodes, one beside a
CPU hog): the rows agree, and the soak run loses, duplicates and leaves behind nothing."""

from __future__ import annotations

import pytest

from halo_lib.bench.load import bench_load, bench_soak

pytestmark = [pytest.mark.browser, pytest.mark.heavy, pytest.mark.timeout(1800)]


def test_bench_load_rows_agree_and_the_report_is_written(tmp_path):
    report = bench_load([1], tasks="v2.omnizon-3", hog_workers=1, out_dir=tmp_path, progress=lambda _: None)
    assert [r["row"] for r in report["rows"]] == ["1 workers", "1 workers + CPU hog"]
    assert all(r["success"] == 1 and r["errors"] == 0 and r["steps"] > 0 for r in report["rows"])
    assert "The same 1 episodes succeeded in every row." in report["markdown"]
    assert sorted(p.suffix for p in tmp_path.glob("bench_load_*")) == [".json", ".md"]


def test_bench_soak_loses_nothing_and_leaves_nothing_running(tmp_path):
    report = bench_soak("v2.omnizon-3", rollouts=2, workers=2, out_dir=tmp_path, progress=lambda _: None)
    assert report["ok"], report["markdown"]
    assert report["episode_files"] == report["expected_episodes"] == 2 and report["n_success"] == 2
    assert report["processes_after"] == {"chromium": 0, "replica": 0, "other": 0}
    assert report["sqlite_integrity"] and set(report["sqlite_integrity"].values()) == {"ok"}
    assert report["driver_rss_mib"]["100%"] > 0
