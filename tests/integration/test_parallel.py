"""Parallel episodes on a local Ray: every episode runs to its end in its own worker, results come back in
task order, and rollouts of one task never share site state (each one's order is its own)."""

from __future__ import annotations

import json

import pytest

from halo_lib.config import RunConfig
from halo_lib.runner.eval import run_eval
from halo_lib.trace.episode import read_records

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_two_workers_run_rollouts_in_parallel(sites_config, tmp_path):
    out = tmp_path / "run"
    summary = run_eval(
        RunConfig(mode="expert", tasks="v2.omnizon-13", rollouts_per_task=3, workers=2, out_dir=str(out), sites=sites_config)
    )
    assert summary["n_episodes"] == 3 and summary["n_errors"] == 0
    assert [e["rollout"] for e in summary["episodes"]] == [0, 1, 2]
    assert all(e["success"] for e in summary["episodes"])
    assert json.loads((out / "summary.json").read_text())["n_success"] == 3
    for k in range(3):
        end = list(read_records(out / "episodes" / f"v2.omnizon-13__{k}.jsonl"))[-1]
        assert end["type"] == "end" and end["success"]
        graded = json.loads((out / end["finish"]).read_text())
        assert len(graded["initialfinaldiff"]["added"]["order"]["orders"]) == 1  # its own order only
