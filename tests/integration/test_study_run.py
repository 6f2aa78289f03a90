"""A study end to end through the real browser env: `halo study run` with one arm named, then all (the named one
resumes), a rerun that plays nothing, an arm that starts on a copy of another's cache, and `halo nb matrix -f` on the
study file (its alias) rendering 09_compare with the study's labels."""

from __future__ import annotations

import json

import pytest

from tests.integration.test_cli import halo

pytestmark = pytest.mark.browser

STUDY = """
description: two expert arms on one task
tasks: v2.omnizon-13
run: {max_steps: 25}
arms:
  cold: expert
  again: {mode: expert, label: "expert on a copy of cold's cache", cache_from: cold}
"""


def _episode_stamps(out):
    return {p.relative_to(out): p.stat().st_mtime_ns for p in sorted(out.glob("*/episodes/*.jsonl"))}


def test_a_study_runs_its_arms_resumes_and_reports(sites_config, tmp_path):
    path = tmp_path / "studies" / "two.yaml"
    path.parent.mkdir()
    path.write_text(STUDY)
    env = {"HALO_ARTIFACTS": str(tmp_path / "art")}
    port = str(sites_config.base_port)
    out = tmp_path / "art" / "studies" / "two"

    first = halo("study", "run", str(path), "cold", "--sites-port", port, env=env)
    assert first.returncode == 0, first.stdout + first.stderr[-3000:]
    assert (out / "cold" / "summary.json").is_file() and not (out / "again").exists()
    index = json.loads((out / "study.json").read_text())
    episode = json.loads((out / "cold" / "summary.json").read_text())["episodes"][0]
    assert index["arms"]["cold"]["summary"]["n_success"] == 1, episode
    assert index["arms"]["again"]["summary"] is None

    both = halo("study", "run", str(path), "--sites-port", port, env=env)
    assert both.returncode == 0, both.stdout + both.stderr[-3000:]
    assert both.stdout.count("[1/1] v2.omnizon-13#0: reward 1") == 1  # only `again` played; `cold` resumed finished
    for arm in ("cold", "again"):
        summary = json.loads((out / arm / "summary.json").read_text())
        assert summary["mode"] == "expert" and summary["n_episodes"] == 1 and summary["success_rate"] == 1.0
        assert summary["episodes"][0]["steps"] <= 25
    # `again` started on a copy of the cache `cold`'s successful episode wrote
    assert (out / "cold" / "cache" / "vac.sqlite").is_file() and (out / "again" / "cache" / "vac.sqlite").is_file()
    index = json.loads((out / "study.json").read_text())
    assert {a: v["summary"]["n_success"] for a, v in index["arms"].items()} == {"cold": 1, "again": 1}
    assert index["arms"]["again"]["out_dir"] == str(out / "again")

    stamps = _episode_stamps(out)
    matrix = halo("nb", "matrix", "-f", str(path), "--quiet", env={**env, "HALO_SITES_PORT": port})
    assert matrix.returncode == 0, matrix.stdout + matrix.stderr[-3000:]
    assert "reward" not in matrix.stdout and _episode_stamps(out) == stamps  # the rerun played no episode
    report = out / "report.html"
    assert report.is_file() and f"report: {report}" in matrix.stdout
    text = report.read_text()
    assert "expert on a copy of cold&#x27;s cache" in text or "expert on a copy of cold's cache" in text
    assert (out / "report" / "09_compare.ipynb").is_file()
