"""`halo nb matrix` end to end from a shell: the eval notebook on a params file, then the compare notebook on its
run folders, each saved executed, and the paths printed; a bad parameter is one sentence and exit status 2."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from halo_lib.config import PROJECT_ROOT

pytestmark = pytest.mark.browser


def _halo(args, env):
    return subprocess.run([sys.executable, "-m", "halo_lib.cli", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def test_nb_matrix_runs_eval_then_compare(sites_config, tmp_path):
    env = {**os.environ, "HALO_ARTIFACTS": str(tmp_path), "HALO_SITES_PORT": str(sites_config.base_port)}
    out = tmp_path / "runs" / "matrix"
    done = _halo(["nb", "matrix", "-f", "params/02_eval/smoke.yaml", "-p", "tasks", "v2.gomail-1", "--out", str(out), "--quiet"], env)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["tasks"] == "v2.gomail-1" and summary["n_episodes"] == 1 and summary["success_rate"] == 1.0
    assert (out / "02_eval.ipynb").is_file()
    compare = tmp_path / "reports" / "matrix_compare"
    assert (compare / "09_compare.ipynb").is_file()
    report = Path(json.loads((compare / "outputs.json").read_text())["report"])
    assert report == tmp_path / "reports" / "matrix_compare.html" and report.is_file()
    assert lines["report"] == str(report) and lines["summary"] == str(out / "summary.json")

    bad = _halo(["nb", "run", "eval", "-p", "max_step", "3"], env)
    assert bad.returncode == 2 and bad.stderr.strip() == (
        "halo: Unknown parameter 'max_step' for 02_eval.ipynb (did you mean 'max_steps'?): fix or remove it.")
