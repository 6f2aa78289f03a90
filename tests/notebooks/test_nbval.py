"""`pytest --nbval-lax` over the workbench notebooks (01, 02, 03, 04, 09): each saved notebook runs top to bottom with its default parameters (the tiny
offline profile) without an error, in order (01 debug, 02 eval, 03 rollout, 04 export and 09 compare read the
runs the earlier ones wrote). Artifacts go to a temp folder; replicas are the session's."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from halo_lib.config import PROJECT_ROOT

pytestmark = pytest.mark.browser

# the workbench notebooks; the RL notebooks (05-08, 10_rl_result) run in tests/notebooks/test_rl_notebooks.py on smoke data
WORKBENCH = [PROJECT_ROOT / "notebooks" / f"{stem}.ipynb" for stem in ("01_debug", "02_eval", "03_rollout", "04_export", "09_compare")]


def test_saved_notebooks_run_with_their_defaults(sites_config, tmp_path):
    env = {**os.environ, "HALO_ARTIFACTS": str(tmp_path), "HALO_SITES_PORT": str(sites_config.base_port)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", *(str(p.relative_to(PROJECT_ROOT)) for p in WORKBENCH), "-p", "no:cacheprovider", "-q",
         "--nbval-cell-timeout=300", "-o", "addopts="],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    cells = sum(1 for path in WORKBENCH
                for cell in json.loads(path.read_text())["cells"] if cell["cell_type"] == "code")
    assert f"{cells} passed" in done.stdout  # nbval runs each code cell as one test item
    # what the default profiles wrote: three runs (debug, eval, rollout), a dataset, two reports, journal rows
    runs = sorted(p.parent.name for p in (tmp_path / "runs").glob("*/summary.json"))
    assert [name.split("_")[1] for name in runs] == ["debug", "eval", "rollout"]
    summaries = {name.split("_")[1]: json.loads((tmp_path / "runs" / name / "summary.json").read_text()) for name in runs}
    assert summaries["eval"]["n_episodes"] == 1 and summaries["eval"]["success_rate"] == 1.0
    assert summaries["rollout"]["n_episodes"] == 2
    assert len(list((tmp_path / "datasets").glob("*/trajectories.jsonl"))) == 1
    assert len((tmp_path / "reports" / "journal.csv").read_text().splitlines()) == 1 + 2  # header + eval + rollout
    assert len(list((tmp_path / "reports").glob("*compare*.html"))) == 1
