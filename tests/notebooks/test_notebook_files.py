"""The committed notebooks: no outputs, one flat `parameters` cell that papermill documents and that matches the
notebook's typed config, params files whose names the notebook declares, and unknown names refused."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from halo_lib.config import PARAMS, PROJECT_ROOT
from halo_lib.errors import HaloError
from halo_lib.notebook.headless import declared_parameters, load_params, resolve_notebook, run_notebook
from halo_lib.notebook.params import NOTEBOOKS, EvalParams, collect_params, notebook_config

NOTEBOOK_FILES = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))
# the workbench notebooks, whose parameters are typed configs in halo_lib.notebook.params; the RL notebooks
# (05-08, rl_result) build halo_lib.rl configs with from_dict and are checked by the tests that apply to every notebook
WORKBENCH_FILES = [p for p in NOTEBOOK_FILES if p.stem in NOTEBOOKS]


def test_every_numbered_notebook_is_there():
    assert [p.stem for p in WORKBENCH_FILES] == list(NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path):
    book = json.loads(path.read_text())
    for cell in book["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{path.name} has outputs: run `halo nb strip`"
    tagged = [c for c in book["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1


@pytest.mark.parametrize("path", WORKBENCH_FILES, ids=lambda p: p.stem)
def test_parameters_cell_matches_the_typed_config(path: Path):
    cls, _ = NOTEBOOKS[path.stem]
    declared = declared_parameters(path)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    assert list(declared) == list(fields)  # every field is a documented parameter, same order
    for name, spec in declared.items():
        assert spec["help"], f"{path.name}: parameter {name} has no comment"
        assert eval(spec["default"]) == fields[name].default, f"{path.name}: default of {name} differs from {cls.__name__}"


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.stem)
def test_later_cells_do_not_rebind_parameters(path: Path):
    """Rerunning the config cell after the others must see the same parameters (collect_params reads globals)."""
    import ast

    declared = set(declared_parameters(path))
    book = json.loads(path.read_text())
    cells = [c for c in book["cells"] if c["cell_type"] == "code"]
    start = next(i for i, c in enumerate(cells) if "parameters" in c["metadata"].get("tags", []))
    for cell in cells[start + 1:]:
        tree = ast.parse("".join(cell["source"]))
        bound = {t.id for node in ast.walk(tree) if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign))
                 for t in ast.walk(node) if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store)}
        assert not bound & declared, f"{path.name} rebinds parameter(s) {bound & declared}"


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.stem)
def test_params_files_use_declared_names(path: Path):
    files = sorted((PARAMS / path.stem).glob("*.yaml"))
    assert "smoke.yaml" in [f.name for f in files]
    declared = declared_parameters(path)
    for file in files:
        data = yaml.safe_load(file.read_text()) or {}
        assert set(data) <= set(declared), f"{file}: unknown {set(data) - set(declared)}"


@pytest.mark.browser
def test_strip_clears_an_executed_notebook(eval_run, tmp_path):
    from halo_lib.notebook.headless import strip_outputs

    executed = tmp_path / "02_eval.ipynb"
    executed.write_text(eval_run["notebook"].read_text())
    assert strip_outputs(executed) is True and strip_outputs(executed) is False
    book = json.loads(executed.read_text())
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in book["cells"] if c["cell_type"] == "code")
    assert "papermill" not in book["metadata"]


def test_unknown_parameter_is_refused_before_a_kernel_starts():
    with pytest.raises(HaloError, match=r"Unknown parameter 'mdoes' for 02_eval.ipynb \(did you mean 'modes'\?\)"):
        run_notebook("eval", overrides={"mdoes": "expert"})


def test_unknown_notebook_and_params_file():
    with pytest.raises(HaloError, match="did you mean 'eval'"):
        resolve_notebook("evl")
    with pytest.raises(HaloError, match="does not exist"):
        load_params(["params/02_eval/nope.yaml"])


def test_misspelled_parameter_inside_the_notebook(tmp_path):
    namespace = {"modes": "expert", "max_step": 3, "In": [], "_i1": "x", "json": json}  # as a kernel's globals
    with pytest.raises(HaloError, match=r"Unknown EvalParams key 'max_step'.*did you mean 'max_steps'"):
        notebook_config(EvalParams, namespace, name="eval")
    with pytest.raises(HaloError, match="EvalParams.workers .* must be int"):
        notebook_config(EvalParams, {"workers": "two", "out_dir": str(tmp_path)}, name="eval")


def test_notebook_config_resolves_and_records(tmp_path):
    namespace = {"modes": "expert,baseline_worker", "tasks": "v2.gomail-1", "out_dir": str(tmp_path / "run"), "In": []}
    assert set(collect_params(namespace)) == {"modes", "tasks", "out_dir"}
    cfg = notebook_config(EvalParams, namespace, name="eval")
    assert json.loads((tmp_path / "run" / "params.json").read_text())["params"]["modes"] == "expert,baseline_worker"
    assert cfg.mode_out_dir("baseline_worker") == tmp_path / "run" / "baseline_worker"
    run = cfg.run_config("baseline_worker")
    assert run.mode == "baseline_worker" and run.tasks == "v2.gomail-1" and run.out_dir == str(tmp_path / "run" / "baseline_worker")
    with pytest.raises(HaloError, match="Unknown mode 'expret'"):
        dataclasses.replace(cfg, modes="expret").mode_list()
