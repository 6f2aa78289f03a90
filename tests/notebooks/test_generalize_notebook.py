"""11_generalize headless: drawing a finished run (the committed result of the CPU profile, tests/fixtures/generalize/)
renders its table and plots by default; the loop itself at smoke size under papermill (params/11_generalize/smoke.yaml:
it makes its own generated set, trains every arm and grades them on two REAL tasks) is heavy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from halo_lib.notebook.headless import run_notebook

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "generalize"


def test_generalize_notebook_draws_a_finished_run(tmp_path):
    out = tmp_path / "nb"
    run_notebook("11_generalize", [], out_dir=out, progress=False, overrides={"run": False, "out_root": str(FIXTURE), "name": "gen_cpu"})
    outputs = json.loads((out / "outputs.json").read_text())
    assert Path(outputs["run_folder"]) == FIXTURE / "gen_cpu"
    for figure in ("sites.html", "curve.html"):
        assert (out / figure).stat().st_size > 1000 and (out / "plotly.min.js").is_file()
    executed = (out / "11_generalize.ipynb").read_text()
    result = json.loads((FIXTURE / "gen_cpu" / "result.json").read_text())
    assert f"trained on {result['train_tasks']} generated tasks" in executed and "| all |" in executed


@pytest.mark.heavy
@pytest.mark.browser
@pytest.mark.timeout(3600)
def test_generalize_notebook_runs_the_loop_at_smoke_size(nb_artifacts, tmp_path):
    out = tmp_path / "nb"
    run_notebook("11_generalize", ["params/11_generalize/smoke.yaml"], out_dir=out, progress=False)
    result = json.loads((nb_artifacts / "generalize" / "gen_nb_smoke" / "result.json").read_text())
    assert set(result["arms"]) == {"zero", "bc", "dpo", "grpo"} and result["unseen_real"]["n_tasks"] == 2
    assert result["training"]["bc"]["tokens_per_s"] > 0 and result["wall_s"]["total"] > 0
    assert (nb_artifacts / "generated" / "nb_smoke" / "manifest.jsonl").is_file()
    assert (out / "sites.html").is_file() and (out / "curve.html").is_file()
