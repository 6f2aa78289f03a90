"""The notebooks' parameters: flat literal values -> one typed config per notebook, unknown names rejected.

A notebook's `parameters` cell holds flat literals; the next cell calls

    cfg = notebook_config(EvalParams, globals())

which collects every literal global that is not private (what the parameters cell and papermill's injected
cell defined), builds the dataclass with `halo_lib.config.from_dict` (an unknown or misspelled name fails with
one sentence naming the closest valid one), resolves `out_dir` (default: artifacts/<kind>/<timestamp>_<name>_<hash>)
and writes the resolved config to `out_dir/params.json`.

Every numbered notebook has its class here, registered in NOTEBOOKS. The classes hold or derive from the library
configs instead of copying their fields: ExportParams and the trainers' TrainBCParams/TrainDPOParams/TrainGRPOParams
subclass ExportConfig and BCConfig/DPOConfig/GRPOConfig; EvalParams, RolloutParams and PipelineParams take the scalar
fields of RunConfig, RolloutConfig and BCConfig (prefixed `bc_`) through `config_fields`, and `library_config` builds
the library config back from them. A notebook's `parameters` cell is `parameters_cell(cls)` (tests check it;
`python -m halo_lib.notebook.headless sync` rewrites it), so a new library field reaches the notebook by itself.

Paths: relative paths are read from the project root (a kernel's working folder is notebooks/), `artifacts/...`
from the artifacts root: $HALO_ARTIFACTS when set (tests point it at a temp folder), else the project's artifacts/.
"""

from __future__ import annotations

import dataclasses
import inspect
import io
import json
import os
import textwrap
import time
import tokenize
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal, TypeVar

from halo_lib.config import SPEED_MODE_STEPS, AgentConfig, EnvConfig, RunConfig, SitesConfig, config_hash, from_dict, mode_folder
from halo_lib.errors import HaloError
from halo_lib.paths import artifacts_root, resolve_path  # noqa: F401 - the notebooks import them from here
from halo_lib.rl.config import BCConfig, DPOConfig, ExportConfig, GRPOConfig, RolloutConfig
from halo_lib.rl.generalize import GeneralizeConfig

T = TypeVar("T")

DEFAULT_SITES_PORT = 8601


def split_list(value: str) -> list[str]:
    """'a, b,,c' -> ['a', 'b', 'c']."""
    return [part.strip() for part in str(value).split(",") if part.strip()]


def split_modes(value: str) -> list[str]:
    """A comma list of modes, each optionally with per-run overrides (`NAME:key=value,key=value`, see
    config.load_mode): 'expert, qwen_worker_bc:vac=false,macros=false' -> ['expert', 'qwen_worker_bc:vac=false,macros=false'].
    A part that starts with a mode field name (worker, manager, vac, macros, adapter) continues the previous mode."""
    from halo_lib.config import ModeConfig

    keys = {f.name for f in dataclasses.fields(ModeConfig)}
    modes: list[str] = []
    for part in split_list(value):
        head = part.split("=", 1)[0].split(":", 1)[0].strip()
        if modes and ":" in modes[-1] and head in keys and head != part:
            modes[-1] = f"{modes[-1]},{part}"
        else:
            modes.append(part)
    return modes


def default_out_dir(kind: str, name: str, params: dict[str, Any]) -> Path:
    """artifacts/<kind>/<timestamp>_<name>_<hash of the params>."""
    digest = config_hash({k: v for k, v in params.items() if k != "out_dir"})[:6]
    return artifacts_root() / kind / f"{time.strftime('%Y%m%d-%H%M%S')}_{name}_{digest}"


def sites_config(port: int) -> SitesConfig:
    """Replica ports: `port`, else $HALO_SITES_PORT, else 8601."""
    return SitesConfig(base_port=port or int(os.environ.get("HALO_SITES_PORT") or DEFAULT_SITES_PORT))


# ---- parameters derived from the library configs ---------------------------------------------------------


def _source_comments(cls: type) -> dict[str, str]:
    """{field name: its comment} from `cls`'s own source: the comment after `name: type = default`, else the comment
    lines just above it."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    comments: dict[str, str] = {}
    above: list[str] = []
    line_tokens: list[tokenize.TokenInfo] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER):
            names = [t for t in line_tokens if t.type not in (tokenize.INDENT, tokenize.DEDENT)]
            comment = " ".join(t.string.lstrip("#").strip() for t in names if t.type == tokenize.COMMENT)
            if names and names[0].type == tokenize.COMMENT:
                above.append(comment)
            elif len(names) > 1 and names[0].type == tokenize.NAME and names[1].string == ":":
                comments[names[0].string] = comment or " ".join(above)
                above = []
            else:
                above = []
            line_tokens = []
        else:
            line_tokens.append(token)
    return comments


def field_help(cls: type, name: str) -> str:
    """The documentation of field `name` of dataclass `cls`: its `help` metadata, else its comment in the nearest class
    that declares it with one, else where it is defined ('BCConfig.lora_r')."""
    target = next(f for f in dataclasses.fields(cls) if f.name == name)
    if target.metadata.get("help"):
        return target.metadata["help"]
    for klass in cls.__mro__:
        if name in getattr(klass, "__annotations__", {}):
            comment = _source_comments(klass).get(name)
            if comment:
                return comment
    origin = target.metadata.get("source") or next(k.__name__ for k in reversed(cls.__mro__) if name in getattr(k, "__annotations__", {}))
    return f"{origin}.{name}" if "." not in origin else origin


def config_fields(config: type, *, prefix: str = "", skip: Iterable[str] = (), defaults: dict[str, Any] | None = None) -> type:
    """A frozen dataclass with the scalar fields of library config `config` (less `skip`), named `prefix + name`, with
    the library's types, defaults (unless `defaults` names another) and comments: a base class that brings every
    setting of a library config into a notebook's parameters, so a new library field appears there by itself."""
    hints = typing.get_type_hints(config)
    defaults = defaults or {}
    specs = []
    for f in dataclasses.fields(config):
        if f.name in skip or dataclasses.is_dataclass(hints[f.name]):
            continue
        default = defaults.get(f.name, f.default)
        meta = {"help": field_help(config, f.name), "source": f"{config.__name__}.{f.name}"}
        specs.append((prefix + f.name, hints[f.name], field(default=default, metadata=meta)))
    return dataclasses.make_dataclass(f"{config.__name__}Fields", specs, frozen=True)


def library_config(config_cls: type[T], params: Any, prefix: str = "", **overrides: Any) -> T:
    """`config_cls` built from the fields of `params` named like its own (with `prefix`), then `overrides`."""
    values = {f.name: getattr(params, prefix + f.name) for f in dataclasses.fields(config_cls) if hasattr(params, prefix + f.name)}
    return config_cls(**{**values, **overrides})


def _literal(value: Any) -> str:
    return json.dumps(value) if isinstance(value, str) else repr(value)


def _type_name(annotation: Any) -> str:
    if typing.get_origin(annotation) is Literal:
        return type(typing.get_args(annotation)[0]).__name__
    return getattr(annotation, "__name__", str(annotation))


def parameters_cell(cls: type) -> str:
    """The source of a notebook's `parameters` cell for params class `cls`: one `name: type = default  # help` line
    per field, in field order (tests/notebooks/test_notebook_files.py checks every committed cell against it;
    `python -m halo_lib.notebook.headless sync` rewrites them)."""
    hints = typing.get_type_hints(cls)
    lines = []
    for f in dataclasses.fields(cls):
        # papermill reads a line with more than one `=` as no parameter at all: the comment says `x: y`, not `x = y`
        comment = field_help(cls, f.name).replace(" = ", ": ").replace("=", ":")
        lines.append(f"{f.name}: {_type_name(hints[f.name])} = {_literal(f.default)}  # {comment}")
    return "\n".join(lines)


# ---- one typed config per notebook ----------------------------------------------------------------------


@dataclass(frozen=True)
class EvalParams(config_fields(RunConfig, skip=("mode", "out_dir"), defaults={"tasks": "v2.omnizon-13", "max_steps": SPEED_MODE_STEPS})):
    """02_eval (and 03_rollout): evaluate one or several modes on a task spec. Every scalar RunConfig field is a
    parameter (tasks, rollouts_per_task, workers, max_steps, ray_address, seed, episode_timeout_s, ...); the fields
    below are the notebook's own or name nested settings (agent.temperature, env.sites, sites.base_port, agent.cache_dir)."""

    modes: str = "expert"  # comma list of modes from params/modes.yaml (NAME:key=value,... overrides); several -> one run folder per mode under out_dir
    temperature: float = 0.0  # worker sampling temperature (0 = greedy)
    sites: Literal["local", "real"] = "local"  # local replicas or the real sites (online)
    sites_port: int = 0  # first replica port; 0 = $HALO_SITES_PORT or 8601
    caches: Literal["shared", "per_mode"] = "shared"  # per_mode: each mode gets out_dir/<mode>/cache (a fair ablation)
    cache_dir: str = ""  # shared cache folder; "" = $HALO_CACHE_DIR or artifacts/cache
    report: bool = True  # write a standalone HTML report of this run to artifacts/reports/
    journal: str = ""  # reproducibility journal CSV; "" = artifacts/reports/journal.csv, "none" = no journal
    out_dir: str = ""  # run folder; "" = artifacts/runs/<timestamp>_<name>_<hash>

    def mode_list(self) -> list[str]:
        from halo_lib.config import load_mode

        modes = split_modes(self.modes)
        if not modes:
            raise HaloError("`modes` is empty: name at least one mode from params/modes.yaml.")
        for mode in modes:
            load_mode(mode)  # an unknown mode fails here, with the closest name
        return modes

    def mode_out_dir(self, mode: str) -> Path:
        """The run folder of `mode`: out_dir itself for a single mode, out_dir/<mode> for several."""
        return Path(self.out_dir) if len(split_modes(self.modes)) == 1 else Path(self.out_dir) / mode_folder(mode)

    def run_config(self, mode: str) -> RunConfig:
        if self.rollouts_per_task < 1 or self.max_steps < 1 or self.workers < 1:
            raise HaloError("rollouts_per_task, max_steps and workers must each be at least 1: fix the parameter.")
        run_dir = self.mode_out_dir(mode)
        cache_dir = str(run_dir / "cache") if self.caches == "per_mode" else (str(resolve_path(self.cache_dir)) if self.cache_dir else "")
        return library_config(
            RunConfig,
            self,
            mode=mode,
            out_dir=str(run_dir),
            env=EnvConfig(sites=self.sites),
            sites=sites_config(self.sites_port),
            agent=AgentConfig(temperature=self.temperature, cache_dir=cache_dir),
        )

    def report_path(self) -> Path:
        """artifacts/reports/<run folder name>.html"""
        return artifacts_root() / "reports" / f"{Path(self.out_dir).name}.html"

    def journal_path(self) -> Path | None:
        if self.journal == "none":
            return None
        return resolve_path(self.journal) if self.journal else artifacts_root() / "reports" / "journal.csv"


# RolloutConfig fields that EvalParams holds (same names, or modes/rollouts_per_task for mode/k); the rest are parameters
_ROLLOUT_FROM_EVAL = ("mode", "k", "tasks", "temperature", "max_steps", "workers", "seed", "out_dir", "cache_dir", "sites_port")


@dataclass(frozen=True)
class RolloutParams(config_fields(RolloutConfig, skip=_ROLLOUT_FROM_EVAL), EvalParams):
    """03_rollout: several sampled episodes per task (rollouts_per_task, a temperature), per mode. With `trajectories`
    each mode's rollouts are sampled by halo_lib.rl.rollout.sample_rollouts: the same eval run folder plus
    trajectories.jsonl with per-step progress signals (what 04_export turns into RL datasets). Every RolloutConfig
    field is a parameter (those EvalParams holds under its own names)."""

    rollouts_per_task: int = 2  # episodes per task (episode k is seeded seed + k)
    temperature: float = 0.8  # worker sampling temperature (the expert ignores it)
    trajectories: bool = True  # write trajectories.jsonl with per-step progress signals (halo_lib.rl.rollout; local sites)

    def __post_init__(self) -> None:
        if self.trajectories and self.sites != "local":
            raise HaloError("Rollouts with trajectories run on the local replicas: set sites to 'local', or trajectories to False.")

    def run_config(self, mode: str) -> RunConfig:
        """EvalParams.run_config with the prompt settings, and the shared cache named explicitly: the RunConfig that
        `rollout_config(mode)` gives sample_rollouts, so either sampler resumes the other's run folder."""
        from halo_lib.agent.build import cache_dir
        from halo_lib.config import ObsConfig

        config = super().run_config(mode)
        agent = dataclasses.replace(
            config.agent,
            cache_dir=str(cache_dir(config.agent)),
            history_steps=self.history_steps,
            obs=ObsConfig(budget_tokens=self.obs_budget_tokens) if self.obs_budget_tokens else ObsConfig(),
        )
        return dataclasses.replace(config, agent=agent)

    def rollout_config(self, mode: str) -> RolloutConfig:
        """halo_lib.rl.config.RolloutConfig of `mode` (its run folder, cache, replica port and prompt settings)."""
        config = self.run_config(mode)
        return library_config(
            RolloutConfig,
            self,
            mode=mode,
            k=self.rollouts_per_task,
            out_dir=config.out_dir,
            cache_dir=config.agent.cache_dir,
            reference=",".join(str(resolve_path(p)) for p in split_list(self.reference)),
            sites_port=config.sites.base_port,
        )


@dataclass(frozen=True)
class DebugParams:
    """01_debug: run one task (any mode) and step through it, or open a finished episode."""

    mode: str = "expert"  # a mode from params/modes.yaml
    task: str = "v2.omnizon-13"  # one task id or task JSON path
    max_steps: int = SPEED_MODE_STEPS  # step limit of the episode
    temperature: float = 0.0  # worker sampling temperature
    seed: int = 0
    sites: Literal["local", "real"] = "local"
    sites_port: int = 0  # first replica port; 0 = $HALO_SITES_PORT or 8601
    cache_dir: str = ""  # "" = $HALO_CACHE_DIR or artifacts/cache
    episode: str = ""  # open this finished episode (.jsonl, or a run folder: its first episode) instead of running
    live: bool = False  # open a live session too: step one action at a time, the agent's or one typed by hand
    out_dir: str = ""  # run folder; "" = artifacts/runs/<timestamp>_<name>_<hash>

    def run_config(self) -> RunConfig:
        if "," in self.task:
            raise HaloError(f"The debugger runs one task, got '{self.task}': give a single task id.")
        return RunConfig(
            mode=self.mode,
            tasks=self.task,
            out_dir=self.out_dir,
            max_steps=self.max_steps,
            seed=self.seed,
            env=EnvConfig(sites=self.sites),
            sites=sites_config(self.sites_port),
            agent=AgentConfig(temperature=self.temperature, cache_dir=str(resolve_path(self.cache_dir)) if self.cache_dir else ""),
        )


@dataclass(frozen=True)
class ExportParams(ExportConfig):
    """04_export: from run folders, the trajectory table of finished episodes and the RL datasets (bc/dpo/grpo jsonl
    split by task, with a dataset card: halo_lib.rl.export). Every ExportConfig field is a parameter."""

    runs: str = ""  # comma list of run folders, or folders holding them; "" = every run under artifacts/runs
    out_dir: str = ""  # dataset folder; "" = artifacts/datasets/<timestamp>_<name>_<hash>
    only_success: bool = False  # trajectories.jsonl/csv keep only successful episodes (the RL datasets pick their own)

    def export_config(self, run_dirs: list[Path]) -> ExportConfig:
        """halo_lib.rl.config.ExportConfig writing into out_dir, from these run folders."""
        return library_config(ExportConfig, self, runs=",".join(str(p) for p in run_dirs), out_dir=str(resolve_path(self.out_dir)))


# ---- the trainers (05-07): every field of the trainer's config, plus the notebook's own folder --------------

_TRAIN_OUT_DIR = 'this notebook\'s record (params.json, outputs.json); "" = artifacts/train/<timestamp>_<name>_<hash>; the checkpoint goes to out_root/name'


def trainer_config(config_cls: type[T], params: Any) -> T:
    """`config_cls` (BCConfig, DPOConfig, GRPOConfig) from a trainer notebook's parameters, its paths resolved."""
    paths = {
        name: str(resolve_path(getattr(params, name)))
        for name in ("data", "eval_data", "model", "init_adapter", "out_root")
        if getattr(params, name)
    }
    return library_config(config_cls, params, **paths)


@dataclass(frozen=True)
class TrainBCParams(BCConfig):
    """05_train_bc: behaviour cloning (halo_lib.rl.train_bc); every BCConfig field is a parameter."""

    out_dir: str = field(default="", metadata={"help": _TRAIN_OUT_DIR})

    def train_config(self) -> BCConfig:
        return trainer_config(BCConfig, self)


@dataclass(frozen=True)
class TrainDPOParams(DPOConfig):
    """06_train_dpo: DPO from a BC adapter (halo_lib.rl.train_dpo); every DPOConfig field is a parameter."""

    out_dir: str = field(default="", metadata={"help": _TRAIN_OUT_DIR})

    def train_config(self) -> DPOConfig:
        return trainer_config(DPOConfig, self)


@dataclass(frozen=True)
class TrainGRPOParams(GRPOConfig):
    """07_train_grpo: GRPO (halo_lib.rl.train_grpo); every GRPOConfig field is a parameter."""

    out_dir: str = field(default="", metadata={"help": _TRAIN_OUT_DIR})

    def train_config(self) -> GRPOConfig:
        return trainer_config(GRPOConfig, self)


# ---- 08: rollout (expert + a policy) -> export -> BC -> evaluation with the adapter ----------------------

# the rollout settings the pipeline sets per stage; RolloutConfig's other fields are parameters
_PIPELINE_ROLLOUT_SET = ("mode", "k", "temperature", "max_steps", "out_dir", "reference", "cache_dir")
# the BC settings the pipeline sets; BCConfig's other fields are parameters, prefixed bc_
_PIPELINE_BC_SET = ("name", "data", "eval_data", "out_root", "init_adapter")


@dataclass(frozen=True)
class PipelineParams(
    config_fields(BCConfig, prefix="bc_", skip=_PIPELINE_BC_SET, defaults={"max_steps": 2, "learning_rate": 1e-3, "grad_accum": 1}),
    config_fields(RolloutConfig, skip=_PIPELINE_ROLLOUT_SET, defaults={"tasks": "v2.omnizon-13", "obs_budget_tokens": 300}),
):
    """08_rl_pipeline: the RL pipeline at smoke size, each stage's library config built here from the parameters."""

    policy_mode: str = "qwen_worker_zero:vac:false,macros:false"  # the policy whose rollouts give rejected actions (NAME:key:value,...)
    policy_steps: int = 1  # max steps of the policy rollouts
    eval_max_steps: int = 2  # steps of the evaluation episode with the adapter
    out_dir: str = "artifacts/rl/pipeline_smoke"  # everything this notebook writes goes under here

    def _rollout(self, name: str, **settings: Any) -> RolloutConfig:
        return library_config(RolloutConfig, self, k=1, temperature=0.0, out_dir=str(Path(self.out_dir) / name), **settings)

    def expert_config(self) -> RolloutConfig:
        return self._rollout("rollouts/expert", mode="expert", max_steps=SPEED_MODE_STEPS)

    def policy_config(self) -> RolloutConfig:
        return self._rollout(
            "rollouts/policy", mode=self.policy_mode, max_steps=self.policy_steps, reference=str(Path(self.out_dir) / "rollouts/expert")
        )

    def export_config(self) -> ExportConfig:
        runs = f"{self.expert_config().out_dir},{self.policy_config().out_dir}"
        return ExportConfig(runs=runs, out_dir=str(Path(self.out_dir) / "dataset"), val_fraction=0.0)

    def bc_config(self) -> BCConfig:
        return library_config(
            BCConfig,
            self,
            prefix="bc_",
            name="bc",
            data=str(Path(self.out_dir) / "dataset/bc_train.jsonl"),
            out_root=str(Path(self.out_dir) / "checkpoints"),
        )

    def eval_config(self) -> RolloutConfig:
        adapter = Path(self.out_dir) / "checkpoints/bc"
        return self._rollout("evals/bc", mode=f"qwen_worker_bc:vac=false,macros=false,adapter={adapter}", max_steps=self.eval_max_steps)


@dataclass(frozen=True)
class ResultParams:
    """10_rl_result: the RL result table (halo_lib.rl.report) of several evaluated policies: all, trained, held-out tasks."""

    out_dir: str = "artifacts/reports/rl_result"  # where result.md / result.json go
    runs: str = ""  # comma list of LABEL=RUN_FOLDER pairs (see params/10_rl_result/smoke.yaml)
    card: str = "artifacts/datasets/rl_omz/card.json"  # the dataset card that says which tasks were trained / held out
    bench: str = ""  # a bench_train_*.json report ("" = none)
    notes: str = ""  # extra lines for the table, separated by " | "
    reference: str = "artifacts/rl/rollouts/expert_b300"  # the expert run whose verified actions define "agrees" ("" = none)

    def run_map(self) -> dict[str, Path]:
        """{label: run folder}, each folder resolved from the project root."""
        pairs = [item.split("=", 1) for item in split_list(self.runs)]
        if not pairs or any(len(pair) != 2 for pair in pairs):
            raise HaloError(f"`runs` must be a comma list of LABEL=RUN_FOLDER pairs, got '{self.runs}': fix the parameter.")
        runs = {label.strip(): resolve_path(folder.strip()) for label, folder in pairs}
        for label, folder in runs.items():
            if not (folder / "summary.json").is_file():
                raise HaloError(f"Run '{label}' ({folder}) has no summary.json: evaluate it first, or fix its folder in `runs`.")
        return runs

    def table_args(self) -> dict[str, Any]:
        """The keyword arguments of halo_lib.rl.report.result_table, paths resolved."""
        return {
            "runs": self.run_map(),
            "card": resolve_path(self.card) if self.card else None,
            "out_dir": self.out_dir,
            "notes": [n.strip() for n in self.notes.split(" | ") if n.strip()],
            "bench": json.loads(resolve_path(self.bench).read_text()) if self.bench else None,
            "reference": resolve_path(self.reference) if self.reference else None,
        }


@dataclass(frozen=True)
class CompareParams:
    """09_compare: read run folders (summary.json + traces) and draw the comparison; export an HTML report."""

    runs: str = ""  # comma list of run folders, or folders holding them; "" = every run under artifacts/runs
    title: str = "HALO: mode comparison"  # the report's title
    report: str = ""  # HTML report path; "" = artifacts/reports/<out_dir name>.html
    out_dir: str = ""  # this comparison's folder; "" = artifacts/reports/<timestamp>_<name>_<hash>

    def report_path(self) -> Path:
        return resolve_path(self.report) if self.report else artifacts_root() / "reports" / f"{Path(self.out_dir).name}.html"


# notebook stem -> (params class, artifacts kind of its out_dir)
@dataclass(frozen=True)
class GeneralizeParams(config_fields(GeneralizeConfig, skip={"arms", "leave_out_sites"})):
    """11_generalize: train on generated tasks, grade on unseen REAL tasks (halo_lib.rl.generalize), then the table
    and plots; `run=False` only draws an existing run."""

    arms: str = "zero,bc,dpo,grpo"  # which workers to grade (comma list of zero, bc, dpo, grpo)
    leave_out_sites: str = ""  # train without these sites' tasks (comma list; leave-one-site-out)
    run: bool = True  # False: do not run anything, draw the table and plots of the run folder as it is
    curve: str = ""  # run folders (comma list) of the same loop at other train_tasks, for the learning curve
    out_dir: str = ""  # where the figures go ("" = artifacts/reports/<timestamp>_generalize_<hash>)

    def library_config(self) -> GeneralizeConfig:
        return library_config(GeneralizeConfig, self, arms=split_list(self.arms), leave_out_sites=split_list(self.leave_out_sites))

    def run_folder(self) -> Path:
        from halo_lib.rl.generalize import out_dir

        return out_dir(self.library_config())

    def curve_folders(self) -> list[Path]:
        """The curve's run folders and this run's, each once."""
        folders = [resolve_path(f) for f in split_list(self.curve)]
        return list(dict.fromkeys([*folders, self.run_folder()]))


NOTEBOOKS: dict[str, tuple[type, str]] = {
    "01_debug": (DebugParams, "runs"),
    "02_eval": (EvalParams, "runs"),
    "03_rollout": (RolloutParams, "runs"),
    "04_export": (ExportParams, "datasets"),
    "05_train_bc": (TrainBCParams, "train"),
    "06_train_dpo": (TrainDPOParams, "train"),
    "07_train_grpo": (TrainGRPOParams, "train"),
    "08_rl_pipeline": (PipelineParams, "rl"),
    "09_compare": (CompareParams, "reports"),
    "10_rl_result": (ResultParams, "reports"),
    "11_generalize": (GeneralizeParams, "reports"),
}

_LITERALS = (str, int, float, bool, type(None))  # parameters are flat scalars; tables, dicts and lists are results
_IPYTHON_NAMES = {"In", "Out", "exit", "quit", "get_ipython"}


def collect_params(namespace: dict[str, Any]) -> dict[str, Any]:
    """The flat scalar globals of a notebook namespace (its parameters), private and IPython names left out.

    Notebook cells after the config cell must not rebind a parameter's name, nor bind another scalar global,
    so that rerunning the config cell sees the same parameters."""
    return {
        name: value
        for name, value in namespace.items()
        if not name.startswith("_") and name not in _IPYTHON_NAMES and isinstance(value, _LITERALS)
    }


def notebook_config(cls: type[T], namespace: dict[str, Any], name: str = "notebook") -> T:
    """Build `cls` from a notebook's parameters (see module docstring); `name` labels the default out_dir."""
    params = collect_params(namespace)
    config = from_dict(cls, params, where="the notebook's parameters")
    kind = next((k for c, k in NOTEBOOKS.values() if c is cls), "runs")
    out_dir = resolve_path(config.out_dir) if config.out_dir else default_out_dir(kind, name, dataclasses.asdict(config))
    config = dataclasses.replace(config, out_dir=str(out_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "params.json").write_text(json.dumps({"notebook": name, "params": dataclasses.asdict(config)}, indent=2))
    return config


def record_outputs(out_dir: str | Path, **paths: Any) -> dict[str, Any]:
    """Merge `paths` (what the notebook wrote: summary, report, dataset...) into out_dir/outputs.json."""
    target = Path(out_dir) / "outputs.json"
    outputs = json.loads(target.read_text()) if target.is_file() else {}
    outputs.update({k: (str(v) if isinstance(v, Path) else v) for k, v in paths.items()})
    target.write_text(json.dumps(outputs, indent=2))
    return outputs
