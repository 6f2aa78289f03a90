"""Run the numbered notebooks headless with papermill: a params file, overrides, a run folder.

    halo nb run eval -f params/02_eval/smoke.yaml [-p modes baseline_worker] [--out DIR]
    halo nb matrix [--out DIR]                                        # study params/studies/ablation.yaml, then its report
    halo nb matrix -f params/02_eval/smoke.yaml [-p NAME VALUE]       # 02_eval on a params file, then 09_compare on it
    halo nb list                                                      # notebooks, their parameters and params files
    halo nb strip [NOTEBOOK...]                                       # clear outputs before a commit
    .venv/bin/python -m halo_lib.notebook.headless sync [NOTEBOOK...] # rewrite parameters cells from their typed classes

    result = run_notebook("02_eval", ["params/02_eval/smoke.yaml"], {"tasks": "v2.gomail-1"})
    result["out_dir"], result["notebook"], result["outputs"]          # outputs: what the notebook recorded

Parameters are checked against the notebook's `parameters` cell before a kernel starts (an unknown name fails
with the closest valid one). The executed notebook is saved in the run folder as <stem>.ipynb. The kernel is
the `python3` kernel of the Python running this (the project's venv), started in notebooks/.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

from halo_lib.config import PARAMS, PROJECT_ROOT
from halo_lib.errors import HaloError
from halo_lib.notebook.params import NOTEBOOKS, artifacts_root, default_out_dir, parameters_cell, resolve_path

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
KERNEL = "python3"
MATRIX_STUDY = "ablation"  # params/studies/ablation.yaml


def resolve_notebook(name: str) -> Path:
    """'02_eval', 'eval', '02_eval.ipynb' or a path -> the notebook file."""
    path = resolve_path(name)
    if path.suffix == ".ipynb" and path.is_file():
        return path
    stem = Path(name).stem
    for candidate in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        if candidate.stem == stem or candidate.stem.split("_", 1)[-1] == stem:
            return candidate
    names = [p.stem for p in sorted(NOTEBOOKS_DIR.glob("*.ipynb"))]
    close = difflib.get_close_matches(stem, names + [n.split("_", 1)[-1] for n in names], n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise HaloError(f"No notebook '{name}'{hint}: pick one of {', '.join(names)}.")


def declared_parameters(notebook: Path) -> dict[str, dict[str, Any]]:
    """The notebook's parameters cell as papermill reads it: {name: {"inferred_type_name", "default", "help"}}."""
    import papermill

    return papermill.inspect_notebook(str(notebook))


def load_params(files: list[str], overrides: dict[str, Any] | list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """YAML params files merged in order, then overrides: a dict as given, or (name, text) pairs from `-p` read as YAML."""
    import yaml

    params: dict[str, Any] = {}
    for name in files:
        path = resolve_path(name)
        if not path.is_file():
            raise HaloError(f"Params file {name} does not exist: see params/<notebook>/*.yaml.")
        data = yaml.safe_load(path.read_text()) or {}
        if not isinstance(data, dict) or any(isinstance(v, (dict, list)) for v in data.values()):
            raise HaloError(f"Params file {name} must be a flat mapping of name: value: fix its layout.")
        params.update(data)
    if isinstance(overrides, dict):  # from Python: values as given
        params.update(overrides)
    for key, value in [] if isinstance(overrides, dict) else (overrides or []):  # `-p NAME VALUE`: YAML scalars
        params[key] = yaml.safe_load(value) if isinstance(value, str) else value
    return params


def check_parameters(notebook: Path, params: dict[str, Any]) -> None:
    declared = declared_parameters(notebook)
    for key in params:
        if key not in declared:
            close = difflib.get_close_matches(key, list(declared), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(declared)})"
            raise HaloError(f"Unknown parameter '{key}' for {notebook.name}{hint}: fix or remove it.")


def run_notebook(
    name: str,
    files: list[str] | None = None,
    overrides: dict[str, Any] | list | None = None,
    out_dir: str | Path | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Execute notebook `name` headless with papermill (see module docstring)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook = resolve_notebook(name)
    params = load_params(files or [], overrides)
    check_parameters(notebook, params)
    _, kind = NOTEBOOKS.get(notebook.stem, (None, "runs"))
    label = notebook.stem.split("_", 1)[-1] + "".join(f"_{Path(f).stem}" for f in (files or []))
    if out_dir:
        target = resolve_path(out_dir)
    elif params.get("out_dir"):
        target = resolve_path(params["out_dir"])
    else:
        target = default_out_dir(kind, label, params)
    target.mkdir(parents=True, exist_ok=True)
    params["out_dir"] = str(target)
    executed = target / notebook.name
    previous = os.environ.get("HALO_HEADLESS")
    os.environ["HALO_HEADLESS"] = "1" if progress else ""  # the kernel inherits it: episode progress on the terminal
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=params,
            kernel_name=KERNEL,
            cwd=str(NOTEBOOKS_DIR),
            progress_bar=progress,
            log_output=False,
            report_mode=False,
        )
    except PapermillExecutionError as exc:
        raise HaloError(
            f"{notebook.name} failed in cell {exc.exec_count}: {exc.ename}: {str(exc.evalue).splitlines()[0] if exc.evalue else ''} "
            f"- the executed notebook with the traceback is {executed}."
        ) from None
    finally:
        if previous is None:
            os.environ.pop("HALO_HEADLESS", None)
        else:
            os.environ["HALO_HEADLESS"] = previous
    outputs_path = target / "outputs.json"
    outputs = json.loads(outputs_path.read_text()) if outputs_path.is_file() else {}
    return {"notebook": executed, "out_dir": target, "params": params, "outputs": outputs}


def run_matrix(
    files: list[str] | None = None, overrides: dict[str, Any] | list | None = None, out_dir: str | Path | None = None, progress: bool = True
) -> dict[str, Any]:
    """The ablation matrix. With no params file (or a study file): the study params/studies/ablation.yaml (or that
    one) through runner/study.py, then its report -> {"study": index, "report": ...}. With 02_eval params files:
    02_eval on them (its modes go through the same study loop), then 09_compare on its run folders -> {"eval", "compare"}."""
    if not files or any(resolve_path(f).parent.name == "studies" for f in files):
        from halo_lib.runner.study import load_study, report_study, run_study

        if len(files or []) > 1 or overrides:
            raise HaloError("A study matrix takes one study file and no parameters: use `halo study run NAME --set KEY=VALUE`.")
        study = load_study(files[0] if files else MATRIX_STUDY)
        return {"study": run_study(study, out=out_dir), "report": report_study(study, out=out_dir, progress=progress)}
    evaluation = run_notebook("02_eval", files, overrides, out_dir=out_dir, progress=progress)
    run_dir = evaluation["out_dir"]
    compare = run_notebook(
        "09_compare",
        [],
        {
            "runs": str(run_dir),
            "title": f"Ablation matrix: {run_dir.name}",
            "report": str(artifacts_root() / "reports" / f"{run_dir.name}_compare.html"),
        },
        out_dir=artifacts_root() / "reports" / f"{run_dir.name}_compare",
        progress=progress,
    )
    return {"eval": evaluation, "compare": compare}


def list_notebooks() -> list[dict[str, Any]]:
    """Each notebook with its declared parameters and its params files."""
    rows = []
    for path in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        files = sorted(str(p.relative_to(PROJECT_ROOT)) for p in (PARAMS / path.stem).glob("*.yaml"))
        rows.append({"notebook": str(path.relative_to(PROJECT_ROOT)), "parameters": declared_parameters(path), "params_files": files})
    return rows


def strip_outputs(path: Path) -> bool:
    """Clear a notebook's outputs, execution counts and papermill/widget metadata in place; True if it changed."""
    import nbformat

    book = nbformat.read(str(path), as_version=4)
    before = nbformat.writes(book)
    for cell in book.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in ("papermill", "execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
    for key in ("papermill", "widgets"):
        book.metadata.pop(key, None)
    after = nbformat.writes(book)
    if after != before:
        path.write_text(after + ("" if after.endswith("\n") else "\n"))
    return after != before


def sync_parameters_cell(path: Path) -> bool:
    """Rewrite a registered notebook's `parameters` cell from its typed class (params.parameters_cell: every field,
    library fields included, with its default and comment); True if it changed."""
    import nbformat

    cls, _ = NOTEBOOKS[path.stem]
    book = nbformat.read(str(path), as_version=4)
    cell = next(c for c in book.cells if "parameters" in c.metadata.get("tags", []))
    source = parameters_cell(cls)
    if cell.source == source:
        return False
    cell.source = source
    text = nbformat.writes(book)
    path.write_text(text + ("" if text.endswith("\n") else "\n"))
    return True


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] != ["sync"]:
        sys.exit("usage: python -m halo_lib.notebook.headless sync [NOTEBOOK...]")
    for target in [resolve_notebook(n) for n in sys.argv[2:]] or [NOTEBOOKS_DIR / f"{stem}.ipynb" for stem in NOTEBOOKS]:
        print(f"{target.name}: {'rewritten' if sync_parameters_cell(target) else 'in step'}")
