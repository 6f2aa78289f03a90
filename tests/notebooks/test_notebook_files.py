"""The committed notebooks: no outputs, one flat `parameters` cell that papermill documents and that matches the
notebook's typed config (generated from it, library fields included), params files that the notebook's class
accepts, and unknown names refused."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from halo_lib.config import PARAMS, PROJECT_ROOT
from halo_lib.errors import HaloError
from halo_lib.config import from_dict
from halo_lib.notebook.headless import declared_parameters, load_params, resolve_notebook, run_notebook
from halo_lib.notebook.params import NOTEBOOKS, EvalParams, collect_params, notebook_config, parameters_cell

NOTEBOOK_FILES = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))
# every notebook is numbered and registered: its parameters are a typed config in halo_lib.notebook.params
WORKBENCH_FILES = [p for p in NOTEBOOK_FILES if p.stem in NOTEBOOKS]
# parameters cells worded by hand (their names, types and defaults are still checked against the class below)
HAND_WORDED = {"01_debug", "09_compare"}


def test_every_numbered_notebook_is_there():
    assert [p.stem for p in WORKBENCH_FILES] == list(NOTEBOOKS)
    assert [p.stem for p in NOTEBOOK_FILES] == list(NOTEBOOKS)  # no notebook outside the registry
    assert all(stem[:2].isdigit() and stem[2] == "_" for stem in NOTEBOOKS)


@pytest.mark.parametrize("path", [p for p in WORKBENCH_FILES if p.stem not in HAND_WORDED], ids=lambda p: p.stem)
def test_parameters_cell_is_generated_from_the_class(path: Path):
    """The cell is params.parameters_cell(cls): a new library config field shows up here, documented, by itself."""
    book = json.loads(path.read_text())
    cell = next(c for c in book["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    assert "".join(cell["source"]) == parameters_cell(NOTEBOOKS[path.stem][0]), (
        f"{path.name}'s parameters cell is out of step with its class: run `.venv/bin/python -m halo_lib.notebook.headless sync`")


def test_library_fields_are_parameters():
    """The RL notebooks' classes hold every field of the library configs they drive (no copy to keep in step)."""
    from halo_lib.rl.config import BCConfig, DPOConfig, ExportConfig, GRPOConfig, RolloutConfig

    def names(cls):
        return {f.name for f in dataclasses.fields(cls)}

    for stem, config in (("04_export", ExportConfig), ("05_train_bc", BCConfig), ("06_train_dpo", DPOConfig), ("07_train_grpo", GRPOConfig)):
        assert names(config) <= names(NOTEBOOKS[stem][0]), stem
    # 03 holds RolloutConfig's fields, mode and k under its own names (modes, rollouts_per_task)
    assert names(RolloutConfig) - {"mode", "k"} <= names(NOTEBOOKS["03_rollout"][0])
    pipeline = names(NOTEBOOKS["08_rl_pipeline"][0])
    assert {f"bc_{n}" for n in names(BCConfig) - {"name", "data", "eval_data", "out_root", "init_adapter"}} <= pipeline


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
        from_dict(NOTEBOOKS[path.stem][0], data, where=str(file))  # the notebook's class accepts it (types, literals)


@pytest.mark.parametrize("path", sorted((PARAMS / "rl").glob("*.yaml")), ids=lambda p: p.stem)
def test_trainer_params_files_parse(path: Path):
    """params/rl/{bc,dpo,grpo}_*.yaml are `halo train --config` files: their trainer's config accepts each."""
    from halo_lib.rl.config import BCConfig, DPOConfig, GRPOConfig

    config = {"bc": BCConfig, "dpo": DPOConfig, "grpo": GRPOConfig}[path.stem.split("_", 1)[0]]
    from_dict(config, yaml.safe_load(path.read_text()) or {}, where=str(path))


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


def test_relative_paths_resolve_from_the_project_root_wherever_the_kernel_runs(tmp_path, monkeypatch):
    """A kernel started in notebooks/ (JupyterLab, papermill) or anywhere else reads relative paths from the project
    root, and `artifacts/...` from the artifacts root ($HALO_ARTIFACTS)."""
    from halo_lib.notebook.params import PipelineParams, ResultParams, TrainBCParams

    monkeypatch.chdir(PROJECT_ROOT / "notebooks")
    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path / "arts"))
    cfg = notebook_config(TrainBCParams, {"data": "tests/fixtures/rl/dataset/bc_train.jsonl", "out_dir": "artifacts/train/x"}, name="bc")
    assert cfg.out_dir == str(tmp_path / "arts" / "train" / "x") and (tmp_path / "arts" / "train" / "x" / "params.json").is_file()
    train = cfg.train_config()
    assert train.data == str(PROJECT_ROOT / "tests/fixtures/rl/dataset/bc_train.jsonl") and train.out_root == str(tmp_path / "arts" / "checkpoints")
    assert type(train).__name__ == "BCConfig" and not hasattr(train, "out_dir")  # the trainer gets its own config, nothing else
    default = notebook_config(TrainBCParams, {}, name="bc")  # no out_dir: a fresh record folder under the artifacts root
    assert Path(default.out_dir).parent == tmp_path / "arts" / "train"
    pipeline = notebook_config(PipelineParams, {"out_dir": str(tmp_path / "pipe")}, name="rl_pipeline")
    assert pipeline.bc_config().out_root == str(tmp_path / "pipe" / "checkpoints")
    result = notebook_config(ResultParams, {"runs": "e=tests/fixtures/rl/runs/expert", "out_dir": str(tmp_path / "r")}, name="r")
    assert result.table_args()["runs"] == {"e": PROJECT_ROOT / "tests/fixtures/rl/runs/expert"}
    assert result.table_args()["card"] == tmp_path / "arts" / "datasets/rl_omz/card.json"  # the default card, under $HALO_ARTIFACTS
    with pytest.raises(HaloError, match="LABEL=RUN_FOLDER"):
        ResultParams(runs="tests/fixtures/rl/runs/expert").run_map()


def test_nb_list_shows_every_registered_notebook_with_its_smoke_params():
    from halo_lib.notebook.headless import list_notebooks

    rows = list_notebooks()
    assert [Path(row["notebook"]).stem for row in rows] == list(NOTEBOOKS)
    for row, (stem, (cls, _)) in zip(rows, NOTEBOOKS.items()):
        assert f"params/{stem}/smoke.yaml" in row["params_files"] and list(row["parameters"]) == [f.name for f in dataclasses.fields(cls)]
