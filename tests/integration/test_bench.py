"""The step benchmark runs every setting on one task and writes its report (numbers are printed, not asserted)."""

import json

import pytest

from halo_lib.bench.step import SETTINGS, bench_step

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_bench_step_reports_every_setting(sites_config, tmp_path):
    report = bench_step("v2.omnizon-13", rounds=1, out_dir=tmp_path, sites=sites_config)
    print(report["markdown"])
    assert [row["setting"] for row in report["rows"]] == list(SETTINGS)
    assert all(row["success"] == "1/1" and row["steps_measured"] > 0 for row in report["rows"])
    written = sorted(tmp_path.glob("bench_step_*"))
    assert [p.suffix for p in written] == [".json", ".md"]
    assert json.loads(written[0].read_text())["task"] == "v2.omnizon-13"
