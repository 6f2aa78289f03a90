"""Studies: the unit of experiment. A YAML file in params/studies/NAME.yaml names arms (label -> mode spec), the
tasks, the run settings and the cache policy; each arm is an ordinary, resumable eval run folder.

    halo study run NAME [ARM...]      # runs or resumes every arm (or the named ones) -> artifacts/studies/NAME/<arm>/
    halo study report NAME            # 09_compare (or the study's report notebook) over its arms -> the study folder
    halo study list                   # params/studies and their arms

    study = load_study("hierarchy_ablation")              # or a path to a YAML file
    index = run_study(study, arms=["expert"])             # {"arms": {arm: {"label", "mode", "out_dir", "summary"}}}

A study file (every key checked, an unknown one refused with one sentence):

    description: what it compares
    tasks: local                       # task spec as for `halo eval --tasks`
    run: {max_steps: 25, seed: 0, agent: {temperature: 0}}   # RunConfig fields (any of them, nested as mappings)
    cache: per_arm                     # per_arm | shared | fresh (below)
    trajectories: false                # true: sample like `halo rollout` (trajectories.jsonl with progress signals)
    reference: ""                      # with trajectories: run folders whose verified actions define "agrees"
    arms:
      expert: expert                                           # label: mode spec (params/modes.yaml + overrides)
      bc: qwen_worker_bc:vac=false,adapter=artifacts/checkpoints/bc_b1500_focus
      seeded: {mode: hierarchy_vac, cache_from: expert, label: "VAC, seeded by the expert", tasks: omnizon, run: {max_steps: 15}}
    report: {notebook: 09_compare, params: {title: ...}}      # or rl_result with its card/reference/notes

Cache policies (the verified action cache and macro store an arm reads and writes):
- `per_arm` (default): each arm has its own folder `<arm>/cache`, empty when the arm starts (a cold, fair
  ablation) and kept, so a resumed arm goes on with it; an arm with `cache_from: OTHER` starts from a copy of
  OTHER's cache taken once (OTHER runs first): the expert-seeded pass and the second pass of `bench agent`.
- `shared`: every arm reads and writes one folder, `run.agent.cache_dir` (empty: $HALO_CACHE_DIR or
  artifacts/cache), in arm order: what earlier arms (or earlier runs) learned serves the later ones.
- `fresh`: each arm gets an empty folder (`<arm>/fresh_cache`), deleted when the arm ends: nothing an arm learns
  outlives it (a resumed arm's remaining episodes start empty again).

`run_arms` is the one loop over modes: `halo eval --experiment`, the eval/rollout notebooks' `modes`
(notebook/runs.py run_modes), `halo nb matrix` and `halo bench agent`'s passes all play their arms through it.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import shutil
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal

from halo_lib.config import PARAMS, RunConfig, SitesConfig, from_dict, load_mode
from halo_lib.errors import HaloError
from halo_lib.paths import artifacts_root, resolve_path

STUDIES = PARAMS / "studies"
CachePolicy = Literal["per_arm", "shared", "fresh"]
REPORT_NOTEBOOKS = Literal["09_compare", "rl_result"]
# set by the study (per arm), never in its `run:` mapping
_ARM_OWNED = {"mode": "each arm's mode spec in `arms`", "tasks": "`tasks` (study or arm)", "out_dir": "the study folder (--out)"}


@dataclass(frozen=True)
class ArmConfig:
    """One arm of a study: a mode spec, and optionally its own label, tasks, run settings and starting cache."""

    mode: str = ""  # a mode of params/modes.yaml with overrides, e.g. qwen_worker_bc:vac=false,adapter=artifacts/checkpoints/x
    label: str = ""  # the name reports show ("" = the arm's key)
    tasks: str = ""  # "" = the study's tasks
    run: dict[str, Any] = field(default_factory=dict)  # RunConfig fields for this arm only (over the study's `run`)
    cache_from: str = ""  # an earlier arm: start from a copy of its cache (cache policy per_arm only)


@dataclass(frozen=True)
class ReportConfig:
    """How `halo study report` renders the study: which notebook, with which extra parameters."""

    notebook: REPORT_NOTEBOOKS = "09_compare"
    params: dict[str, Any] = field(default_factory=dict)  # the notebook's other parameters (title; card, reference, notes, bench)


@dataclass(frozen=True)
class StudyConfig:
    """One study: arms compared on the same tasks with the same run settings (see the module docstring)."""

    description: str = ""
    tasks: str = "local"  # task spec as for `halo eval --tasks`
    run: dict[str, Any] = field(default_factory=dict)  # RunConfig fields (seed, max_steps, workers, agent, env, ...)
    cache: CachePolicy = "per_arm"  # per_arm | shared | fresh (module docstring)
    trajectories: bool = False  # sample each arm like `halo rollout`: trajectories.jsonl with per-step progress signals
    reference: str = ""  # with trajectories: run folders whose successful episodes define the verified actions
    arms: dict[str, Any] = field(default_factory=dict)  # arm name -> mode spec, or an ArmConfig mapping
    report: dict[str, Any] = field(default_factory=dict)  # ReportConfig mapping (default: 09_compare)
    out_dir: str = ""  # "" = artifacts/studies/<name>


@dataclass(frozen=True)
class Study:
    """A loaded study: its name, file, config and parsed arms (in file order)."""

    name: str
    path: Path
    config: StudyConfig
    arms: dict[str, ArmConfig]
    report: ReportConfig


@dataclass(frozen=True)
class Arm:
    """One arm resolved into what `run_arms` plays: a complete RunConfig (out_dir and cache_dir set)."""

    name: str
    config: RunConfig
    label: str = ""
    trajectories: bool = False  # sample like `halo rollout` (trajectories.jsonl); else a plain eval
    reference: str = ""  # with trajectories: verified actions from these run folders
    cache_from: str = ""  # a cache folder copied into config.agent.cache_dir once, before the arm's first episode
    fresh_cache: bool = False  # config.agent.cache_dir is emptied before the arm plays and deleted after


# ---- loading ------------------------------------------------------------------------------------------------


def study_names() -> list[str]:
    return sorted(p.stem for p in STUDIES.glob("*.yaml"))


def study_path(name: str) -> Path:
    """A study name (params/studies/NAME.yaml) or a path to a YAML file."""
    if name.endswith((".yaml", ".yml")) or "/" in name:
        path = resolve_path(name)
        if not path.is_file():
            raise HaloError(f"Study file {name} does not exist: give a YAML file, or a name from params/studies/.")
        return path
    path = STUDIES / f"{name}.yaml"
    if not path.is_file():
        close = difflib.get_close_matches(name, study_names(), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise HaloError(f"Unknown study '{name}'{hint}: pick one of {', '.join(study_names())} (params/studies/), or give a YAML path.")
    return path


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` on `base`, nested mappings merged key by key."""
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def _check_run(run: dict[str, Any], where: str) -> None:
    for key, owner in _ARM_OWNED.items():
        if key in run:
            raise HaloError(f"`run: {key}` in {where} is set by the study: use {owner} instead.")
    from_dict(RunConfig, run, where=where)  # unknown or mistyped RunConfig fields fail here


def _check_choice(value: Any, choices: Any, what: str) -> None:
    allowed = typing.get_args(choices)
    if value not in allowed:
        raise HaloError(f"{what} must be one of {', '.join(allowed)}, got {value!r}: fix its value.")


def parse_study(data: Any, name: str, path: Path, where: str | None = None) -> Study:
    """A Study from the mapping of a study file; every mistake is one sentence naming the key."""
    where = where or path.name
    if not isinstance(data, dict):
        raise HaloError(f"Study file {where} must hold a mapping (description, tasks, run, cache, arms, ...): fix the file.")
    _check_choice(data.get("cache", "per_arm"), CachePolicy, f"`cache` in {where}")
    if isinstance(data.get("report"), dict):
        _check_choice(data["report"].get("notebook", "09_compare"), REPORT_NOTEBOOKS, f"`report: notebook` in {where}")
    config = from_dict(StudyConfig, data, where=where)
    if not config.arms:
        raise HaloError(f"Study {where} has no arms: add `arms:` with at least one `label: mode` line.")
    _check_run(config.run, f"{where}:run")
    arms: dict[str, ArmConfig] = {}
    for arm_name, spec in config.arms.items():
        arm_where = f"{where}:arms:{arm_name}"
        if not isinstance(arm_name, str) or not arm_name or "/" in arm_name or arm_name.startswith("."):
            raise HaloError(f"Arm name {arm_name!r} in {where} must be a plain folder name: rename it.")
        arm = (
            ArmConfig(mode=spec)
            if isinstance(spec, str)
            else from_dict(ArmConfig, spec if isinstance(spec, dict) else {"mode": spec}, where=arm_where)
        )
        if not arm.mode:
            raise HaloError(f"Arm '{arm_name}' in {where} has no mode: give a mode of params/modes.yaml (with overrides).")
        load_mode(arm.mode)  # an unknown mode or override fails here, before anything runs
        _check_run(arm.run, f"{arm_where}:run")
        if arm.cache_from:
            if config.cache != "per_arm":
                raise HaloError(f"Arm '{arm_name}' in {where} sets cache_from, which needs `cache: per_arm`: change one of them.")
            if arm.cache_from not in arms:
                raise HaloError(
                    f"Arm '{arm_name}' in {where} starts from the cache of '{arm.cache_from}', which is not an earlier arm: list it above."
                )
        arms[arm_name] = arm
    report = from_dict(ReportConfig, config.report, where=f"{where}:report")
    if report.notebook == "rl_result":
        bad = [a.label or n for n, a in arms.items() if "," in (a.label or n) or "=" in (a.label or n)]
        if bad:
            raise HaloError(f"Label '{bad[0]}' in {where} has a comma or '=', which the rl_result table cannot read: reword it.")
    return Study(name=name, path=path, config=config, arms=arms, report=report)


def load_study(name: str | Path, overrides: list[str] | None = None) -> Study:
    """Study NAME (params/studies/NAME.yaml) or a YAML path; `overrides` are `key=value` lines (dotted keys into
    `run`, e.g. `run.max_steps=3`, `tasks=v2.omnizon-13`) applied before validation."""
    import yaml

    path = study_path(str(name))
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise HaloError(f"Study file {path.name} is not valid YAML{f' at line {mark.line + 1}' if mark else ''}: fix the file.") from None
    if isinstance(data, dict):
        for item in overrides or []:
            key, eq, value = item.partition("=")
            if not eq or not key.strip():
                raise HaloError(f"Study override '{item}' must be key=value (e.g. run.max_steps=3): fix it.")
            target = data
            *parents, last = key.strip().split(".")
            for part in parents:
                target = target.setdefault(part, {})
                if not isinstance(target, dict):
                    raise HaloError(f"Study override '{item}': '{part}' is not a mapping: fix the key.")
            parsed = yaml.safe_load(value) if value.strip() else ""
            target[last] = "" if parsed is None else parsed
    return parse_study(data, path.stem, path)


def study_out_dir(study: Study, out: str | Path | None = None) -> Path:
    if out:
        return resolve_path(out)
    return resolve_path(study.config.out_dir) if study.config.out_dir else artifacts_root() / "studies" / study.name


# ---- arms -> run configs ------------------------------------------------------------------------------------


def resolve_arms(
    study: Study, out: Path, base: RunConfig | None = None, select: list[str] | None = None, overrides: dict[str, Any] | None = None
) -> list[Arm]:
    """The arms to play (all, or `select` in study order), each with its complete RunConfig: `base`, then the study's
    `run`, the arm's `run`, then `overrides` (RunConfig fields, e.g. from command-line flags). A replica port left at
    its default follows $HALO_SITES_PORT, as in the notebooks."""
    unknown = [a for a in (select or []) if a not in study.arms]
    if unknown:
        close = difflib.get_close_matches(unknown[0], list(study.arms), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise HaloError(f"Study '{study.name}' has no arm '{unknown[0]}'{hint}: pick any of {', '.join(study.arms)}.")
    names = [a for a in study.arms if not select or a in select]
    base_data = dataclasses.asdict(base or RunConfig())
    arms = []
    for name in names:
        spec = study.arms[name]
        data = _merge(_merge(_merge(base_data, study.config.run), spec.run), overrides or {})
        data.update(mode=spec.mode, tasks=spec.tasks or study.config.tasks, out_dir=str(out / name))
        cache_dir = data["agent"].get("cache_dir", "")
        if study.config.cache == "per_arm":
            cache_dir = str(out / name / "cache")
        elif study.config.cache == "fresh":
            cache_dir = str(out / name / "fresh_cache")  # emptied before the arm plays, deleted after (a fixed path: the run's identity)
        elif cache_dir:
            cache_dir = str(resolve_path(cache_dir))
        data["agent"] = {**data["agent"], "cache_dir": cache_dir}
        if data["sites"]["base_port"] == SitesConfig.base_port and os.environ.get("HALO_SITES_PORT"):
            data["sites"] = {**data["sites"], "base_port": int(os.environ["HALO_SITES_PORT"])}  # as the notebooks do
        config = from_dict(RunConfig, data, where=f"study {study.name}, arm {name}")
        source = str(out / spec.cache_from / "cache") if spec.cache_from else ""
        if spec.cache_from and spec.cache_from not in names and not Path(source).is_dir():
            raise HaloError(
                f"Arm '{name}' starts from the cache of arm '{spec.cache_from}', which has not run: "
                f"run it first (halo study run {study.name} {spec.cache_from}) or name both."
            )
        arms.append(
            Arm(
                name=name,
                config=config,
                label=spec.label or name,
                trajectories=study.config.trajectories,
                reference=study.config.reference,
                cache_from=source,
                fresh_cache=study.config.cache == "fresh",
            )
        )
    return arms


# ---- the one loop over modes --------------------------------------------------------------------------------


def copy_cache(source: str | Path, dest: str | Path) -> None:
    """A private copy of a cache folder, taken once: a resumed arm keeps the copy it started with."""
    source, dest = Path(source), Path(dest)
    if dest.exists():
        return
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(source, tmp) if source.exists() else tmp.mkdir(parents=True)
    tmp.rename(dest)


def play_arm(arm: Arm, progress: Callable | None = None) -> dict[str, Any]:
    """One arm's episodes (resuming its run folder): an eval, or rollouts with trajectories. Returns its summary."""
    config = arm.config
    if arm.fresh_cache:
        shutil.rmtree(config.agent.cache_dir, ignore_errors=True)
    elif arm.cache_from:
        copy_cache(arm.cache_from, config.agent.cache_dir)
    try:
        if arm.trajectories:
            from halo_lib.rl.rollout import sample_run

            return sample_run(config, arm.reference, progress=progress)
        from halo_lib.runner.eval import run_eval

        return run_eval(config, progress=progress)
    finally:
        if arm.fresh_cache:
            shutil.rmtree(config.agent.cache_dir, ignore_errors=True)


def run_arms(
    arms: list[Arm],
    progress: Callable | None = None,
    *,
    progress_for: Callable[[Arm], Callable | None] | None = None,
    on_done: Callable[[Arm, dict[str, Any], int], None] | None = None,
    errors: Literal["record", "raise"] = "record",
    call: Callable | None = None,
) -> dict[str, dict[str, Any]]:
    """Play `arms` in order, each resuming its run folder; returns {arm name: summary}.

    `progress(result, done, total)` (or `progress_for(arm)`'s callback) sees each finished episode; `on_done(arm,
    summary, played)` runs after each arm (played: episodes this call ran); `call(fn, *args, **kw)` wraps each arm's
    play (a notebook passes off_loop). With errors="record" an arm that cannot run (its adapter is not trained yet,
    ...) gets {"mode", "error", "out_dir"} and the others go on; with "raise" the HaloError propagates."""
    summaries: dict[str, dict[str, Any]] = {}
    for arm in arms:
        callback = progress_for(arm) if progress_for else progress
        played = [0]

        def tick(result, done: int, total: int, callback=callback, played=played) -> None:
            played[0] += 1
            if callback:
                callback(result, done, total)

        try:
            summaries[arm.name] = (call or (lambda fn, *a, **k: fn(*a, **k)))(play_arm, arm, progress=tick)
        except HaloError as exc:
            if errors == "raise":
                raise
            summaries[arm.name] = {"mode": arm.config.mode, "error": str(exc), "out_dir": arm.config.out_dir}
        if on_done:
            on_done(arm, summaries[arm.name], played[0])
    return summaries


# ---- studies: run, index, report, list ----------------------------------------------------------------------

INDEX = "study.json"


def _arm_summary(out_dir: Path) -> dict[str, Any] | None:
    path = out_dir / "summary.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text())
    keys = ("mode", "tasks", "n_episodes", "n_success", "n_errors", "n_grader_crashed", "success_rate", "success_stderr")
    return {k: data.get(k) for k in keys}


def write_index(study: Study, out: Path, errors: dict[str, str] | None = None) -> dict[str, Any]:
    """out/study.json: the study's config and, per arm, its label, mode, run folder and summary (None: not run yet)."""
    index = {
        "name": study.name,
        "file": str(study.path),
        "description": study.config.description,
        "config": dataclasses.asdict(study.config),
        "arms": {
            name: {
                "label": arm.label or name,
                "mode": arm.mode,
                "out_dir": str(out / name),
                "summary": _arm_summary(out / name),
                **({"error": errors[name]} if errors and name in errors else {}),
            }
            for name, arm in study.arms.items()
        },
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / INDEX).write_text(json.dumps(index, indent=2))
    return index


def read_index(out: str | Path) -> dict[str, Any] | None:
    path = Path(out) / INDEX
    return json.loads(path.read_text()) if path.is_file() else None


def arm_label(run_dir: str | Path) -> str | None:
    """The study label of a run folder that is an arm of a study (its parent holds study.json), else None."""
    run_dir = Path(run_dir)
    index = read_index(run_dir.parent)
    if not index:
        return None
    arm = index.get("arms", {}).get(run_dir.name)
    return arm.get("label") if arm else None


def run_study(
    study: Study | str,
    arms: list[str] | None = None,
    base: RunConfig | None = None,
    out: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    progress: Callable | None = None,
    progress_for: Callable[[Arm], Callable | None] | None = None,
) -> dict[str, Any]:
    """Run or resume the study's arms (all, or `arms`); writes and returns the index (study.json) with each arm's
    summary, plus "summaries" ({arm: full summary} of the arms this call played)."""
    study = load_study(study) if isinstance(study, str) else study
    folder = study_out_dir(study, out)
    resolved = resolve_arms(study, folder, base, arms, overrides)
    write_index(study, folder)
    errors: dict[str, str] = {}

    def done(arm: Arm, summary: dict[str, Any], played: int) -> None:
        if "error" in summary and "episodes" not in summary:
            errors[arm.name] = summary["error"]
        write_index(study, folder, errors)  # after every arm: an interrupted study still has a true index

    summaries = run_arms(resolved, progress, progress_for=progress_for, on_done=done)
    index = write_index(study, folder, errors)
    index["out_dir"] = str(folder)
    index["summaries"] = summaries
    return index


def _latest(pattern: str) -> str:
    found = sorted((artifacts_root() / "reports").glob(pattern), key=lambda p: p.stat().st_mtime)
    return str(found[-1]) if found else ""


def report_study(study: Study | str, out: str | Path | None = None, progress: bool = True) -> dict[str, Any]:
    """Render the study's comparison with its report notebook (papermill, halo_lib.notebook.headless) over the arms
    that have a summary, labelled as in the study; the executed notebook and the report go to <study>/report/."""
    from halo_lib.notebook.headless import run_notebook

    study = load_study(study) if isinstance(study, str) else study
    folder = study_out_dir(study, out)
    index = write_index(study, folder, {n: a["error"] for n, a in (read_index(folder) or {}).get("arms", {}).items() if a.get("error")})
    ran = {name: arm for name, arm in index["arms"].items() if arm["summary"]}
    if not ran:
        raise HaloError(f"No arm of study '{study.name}' has run yet under {folder}: run `halo study run {study.name}` first.")
    target = folder / "report"
    params = dict(study.report.params)
    for key, value in params.items():
        if value == "latest" and key == "bench":
            params[key] = _latest("bench_train_*.json")
        elif isinstance(value, str) and value.startswith(("artifacts/", "params/")):
            params[key] = str(resolve_path(value))
    if study.report.notebook == "rl_result":
        params["runs"] = ",".join(f"{arm['label']}={arm['out_dir']}" for arm in ran.values())
        params["out_dir"] = str(target)
    else:
        params = {
            "title": study.config.description or f"Study {study.name}",
            **params,
            "runs": ",".join(arm["out_dir"] for arm in ran.values()),
            "report": str(folder / "report.html"),
        }
    result = run_notebook(study.report.notebook, [], params, out_dir=target, progress=progress)
    outputs = result.get("outputs") or {}
    report = outputs.get("report") or (str(target / "result.md") if (target / "result.md").is_file() else "")
    index["report"] = {"notebook": str(result["notebook"]), "file": report}
    (folder / INDEX).write_text(json.dumps(index, indent=2))
    return {**index, "out_dir": str(folder), "notebook": result["notebook"], "report_file": report}


def list_studies() -> list[dict[str, Any]]:
    """Every study in params/studies with its description and arms (label: mode); a broken file says why."""
    rows = []
    for name in study_names():
        try:
            study = load_study(name)
            rows.append(
                {
                    "name": name,
                    "description": study.config.description,
                    "arms": {n: {"label": a.label or n, "mode": a.mode} for n, a in study.arms.items()},
                }
            )
        except HaloError as exc:
            rows.append({"name": name, "error": str(exc)})
    return rows


def run_experiment(name: str, base: RunConfig, progress: Callable | None = None) -> dict[str, dict[str, Any]]:
    """`halo eval --experiment NAME` (the old params/experiments.yaml entry point): study NAME with `base`'s settings
    under it, into base.out_dir (default artifacts/studies/NAME); also writes experiment.json (name, modes, settings)
    as before. Returns {arm: summary}."""
    study = load_study(name)
    out = study_out_dir(study, base.out_dir or None)
    out.mkdir(parents=True, exist_ok=True)
    run = study.config.run
    (out / "experiment.json").write_text(
        json.dumps(
            {
                "name": study.name,
                "description": study.config.description,
                "modes": [a.mode for a in study.arms.values()],
                "tasks": study.config.tasks,
                "rollouts_per_task": run.get("rollouts_per_task", base.rollouts_per_task),
                "max_steps": run.get("max_steps", base.max_steps),
                "caches": study.config.cache,
                "study": str(study.path),
            },
            indent=2,
        )
    )
    return run_study(study, base=dataclasses.replace(base, out_dir=""), out=out, progress=progress)["summaries"]
