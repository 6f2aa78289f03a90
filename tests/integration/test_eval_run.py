"""`run_eval` writes the contract's run folder, resumes without rerunning finished episodes, and refuses to
mix configs in one folder."""

from __future__ import annotations

import json

import pytest

from halo_lib.config import SPEED_MODE_STEPS, RunConfig
from halo_lib.errors import HaloError
from halo_lib.runner.eval import run_eval

pytestmark = pytest.mark.browser

TASKS = "v2.omnizon-13,v2.gomail-24"


def test_run_folder_contract_and_resume(sites_config, tmp_path):
    out = tmp_path / "run"
    config = RunConfig(mode="expert", tasks=TASKS, out_dir=str(out), sites=sites_config)
    first = run_eval(config)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["mode"] == "expert" and summary["n_episodes"] == 2 and summary["config_hash"]
    assert {"commit", "dirty"} <= set(summary["git"])
    row = summary["episodes"][0]
    assert {
        "task_id",
        "rollout",
        "reward",
        "success",
        "steps",
        "worker_calls",
        "manager_calls",
        "vac_hits",
        "macro_hits",
        "wall_s",
        "error",
    } <= set(row)
    assert first["n_episodes"] == 2

    episode = out / "episodes" / "v2.omnizon-13__0.jsonl"
    records = [json.loads(line) for line in episode.read_text().splitlines()]
    assert records[0]["type"] == "start" and records[-1]["type"] == "end"
    steps = [r for r in records if r["type"] == "step"]
    assert steps and all({"url", "action", "error", "timings", "screenshot"} <= set(s) for s in steps)
    assert all((out / s["screenshot"]).is_file() for s in steps)

    # A crash mid-episode: the gomail episode lost its end record; the omnizon one is finished.
    gomail = out / "episodes" / "v2.gomail-24__0.jsonl"
    gomail.write_text("\n".join(gomail.read_text().splitlines()[:2]) + "\n")
    kept = episode.read_text()
    second = run_eval(config)
    assert episode.read_text() == kept  # not rerun
    assert json.loads(gomail.read_text().splitlines()[-1])["type"] == "end"  # rerun to its end
    assert second["n_episodes"] == 2
    assert [e["task_id"] for e in second["episodes"]] == ["v2.omnizon-13", "v2.gomail-24"]

    with pytest.raises(HaloError, match="different config"):
        run_eval(RunConfig(mode="expert", tasks=TASKS, out_dir=str(out), max_steps=SPEED_MODE_STEPS, sites=sites_config))
