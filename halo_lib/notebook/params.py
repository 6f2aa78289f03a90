"""The notebooks' parameters: flat literal values -> one typed config per notebook, unknown names rejected.

A notebook's `parameters` cell holds flat literals; the next cell calls

    cfg = notebook_config(EvalParams, globals())

which collects every literal global that is not private (what the parameters cell and papermill's injected
cell defined), builds the dataclass with `halo_lib.config.from_dict` (an unknown or misspelled name fails with
one sentence naming the closest valid one), resolves `out_dir` (default: artifacts/<kind>/<timestamp>_<name>_<hash>)
and writes the resolved config to `out_dir/params.json`.

Paths: relative paths are read from the project root (a kernel's working folder is notebooks/); the artifacts
root is $HALO_ARTIFACTS when set (tests point it at a temp folder), else the project's artifacts/.
"""
from __future__ import annotations

import dataclasses
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from halo_lib.config import SPEED_MODE_STEPS, AgentConfig, EnvConfig, RunConfig, SitesConfig, config_hash, from_dict, mode_folder
from halo_lib.errors import HaloError
from halo_lib.paths import artifacts_root, resolve_path  # noqa: F401 - the notebooks import them from here

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


# ---- one typed config per notebook ----------------------------------------------------------------------

@dataclass(frozen=True)
class EvalParams:
    """02_eval (and 03_rollout): evaluate one or several modes on a task spec."""

    modes: str = "expert"  # comma list of modes from params/modes.yaml (NAME:key=value,... overrides); several -> one run folder per mode under out_dir
    tasks: str = "v2.omnizon-13"  # task ids, site names, "local" (every replica task), "random:N", "type:T" or task JSON paths, comma list
    rollouts_per_task: int = 1  # episodes per task (rollouts sample with `temperature`)
    workers: int = 1  # parallel episodes (Ray when > 1)
    max_steps: int = SPEED_MODE_STEPS  # SPEED_MODE_STEPS (25) or SCORE_MODE_STEPS (70)
    temperature: float = 0.0  # worker sampling temperature (0 = greedy)
    seed: int = 0  # episode k of a task uses seed + k
    sites: Literal["local", "real"] = "local"  # local replicas or the real sites (online)
    sites_port: int = 0  # first replica port; 0 = $HALO_SITES_PORT or 8601
    caches: Literal["shared", "per_mode"] = "shared"  # per_mode: each mode gets out_dir/<mode>/cache (a fair ablation)
    cache_dir: str = ""  # shared cache folder; "" = $HALO_CACHE_DIR or artifacts/cache
    report: bool = True  # write a standalone HTML report of this run to artifacts/reports/
    journal: str = ""  # reproducibility journal CSV; "" = artifacts/reports/journal.csv, "none" = no journal
    retry_errors: bool = False  # on resume, rerun episodes that ended in an infrastructure error (RunConfig.retry_errors)
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
        return RunConfig(
            mode=mode, tasks=self.tasks, out_dir=str(run_dir), rollouts_per_task=self.rollouts_per_task,
            workers=self.workers, max_steps=self.max_steps, seed=self.seed, env=EnvConfig(sites=self.sites),
            sites=sites_config(self.sites_port), agent=AgentConfig(temperature=self.temperature, cache_dir=cache_dir),
            retry_errors=self.retry_errors,
        )

    def report_path(self) -> Path:
        """artifacts/reports/<run folder name>.html"""
        return artifacts_root() / "reports" / f"{Path(self.out_dir).name}.html"

    def journal_path(self) -> Path | None:
        if self.journal == "none":
            return None
        return resolve_path(self.journal) if self.journal else artifacts_root() / "reports" / "journal.csv"


@dataclass(frozen=True)
class RolloutParams(EvalParams):
    """03_rollout: several sampled episodes per task (rollouts_per_task, a temperature), per mode. With `trajectories`
    each mode's rollouts are sampled by halo_lib.rl.rollout.sample_rollouts: the same eval run folder plus
    trajectories.jsonl with per-step progress signals (what 04_export turns into RL datasets)."""

    rollouts_per_task: int = 2  # episodes per task (episode k is seeded seed + k)
    temperature: float = 0.8  # worker sampling temperature (the expert ignores it)
    trajectories: bool = True  # write trajectories.jsonl with per-step progress signals (halo_lib.rl.rollout; local sites)
    reference: str = ""  # run folders whose successful episodes define the verified actions; "" = these rollouts' own
    obs_budget_tokens: int = 0  # page summary budget in tokens (0 = the agent's 1500); training data and evaluation alike
    history_steps: int = 8  # previous actions in the worker's prompt

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
            config.agent, cache_dir=str(cache_dir(config.agent)), history_steps=self.history_steps,
            obs=ObsConfig(budget_tokens=self.obs_budget_tokens) if self.obs_budget_tokens else ObsConfig(),
        )
        return dataclasses.replace(config, agent=agent)

    def rollout_config(self, mode: str):
        """halo_lib.rl.config.RolloutConfig of `mode` (its run folder, cache, replica port and prompt settings)."""
        from halo_lib.rl.config import RolloutConfig

        config = self.run_config(mode)
        return RolloutConfig(
            mode=mode, tasks=self.tasks, k=self.rollouts_per_task, temperature=self.temperature, max_steps=self.max_steps,
            workers=self.workers, seed=self.seed, out_dir=config.out_dir, cache_dir=config.agent.cache_dir,
            reference=",".join(str(resolve_path(p)) for p in split_list(self.reference)), sites_port=config.sites.base_port,
            obs_budget_tokens=self.obs_budget_tokens, history_steps=self.history_steps, retry_errors=self.retry_errors,
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
            mode=self.mode, tasks=self.task, out_dir=self.out_dir, max_steps=self.max_steps, seed=self.seed,
            env=EnvConfig(sites=self.sites), sites=sites_config(self.sites_port),
            agent=AgentConfig(temperature=self.temperature, cache_dir=str(resolve_path(self.cache_dir)) if self.cache_dir else ""),
        )


@dataclass(frozen=True)
class ExportParams:
    """04_export: from run folders, the trajectory table of finished episodes and the RL datasets (bc/dpo/grpo jsonl
    split by task, with a dataset card: halo_lib.rl.export; the fields after only_success are ExportConfig's)."""

    runs: str = ""  # comma list of run folders, or folders holding them; "" = every run under artifacts/runs
    only_success: bool = False  # trajectories.jsonl/csv keep only successful episodes (the RL datasets pick their own)
    strategies: str = "progress_ranked,outcome,expert_vs_policy"  # DPO pairing strategies (comma list)
    bc_sources: Literal["any", "expert"] = "any"  # BC rows from successful episodes of any mode, or the expert's only
    tasks: str = ""  # RL datasets: only these task ids (comma list); "" = all
    val_fraction: float = 0.2  # share of each site's tasks held out for validation (when val_tasks is "")
    val_tasks: str = ""  # explicit validation tasks (comma list); overrides val_fraction
    seed: int = 0  # the task split's hash seed
    visible_targets_only: bool = True  # keep only steps whose target is listed in the worker's page summary
    bc_focus_copies: int = 0  # extra copies of the expert's BC row where a failed policy episode first left its path
    out_dir: str = ""  # dataset folder; "" = artifacts/datasets/<timestamp>_<name>_<hash>

    def export_config(self, run_dirs: list[Path]):
        """halo_lib.rl.config.ExportConfig writing into out_dir, from these run folders."""
        from halo_lib.rl.config import ExportConfig

        return ExportConfig(
            runs=",".join(str(p) for p in run_dirs), out_dir=self.out_dir, strategies=self.strategies,
            bc_sources=self.bc_sources, tasks=self.tasks, val_fraction=self.val_fraction, val_tasks=self.val_tasks,
            seed=self.seed, visible_targets_only=self.visible_targets_only, bc_focus_copies=self.bc_focus_copies,
        )


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
NOTEBOOKS: dict[str, tuple[type, str]] = {
    "01_debug": (DebugParams, "runs"),
    "02_eval": (EvalParams, "runs"),
    "03_rollout": (RolloutParams, "runs"),
    "04_export": (ExportParams, "datasets"),
    "09_compare": (CompareParams, "reports"),
}

_LITERALS = (str, int, float, bool, type(None))  # parameters are flat scalars; tables, dicts and lists are results
_IPYTHON_NAMES = {"In", "Out", "exit", "quit", "get_ipython"}


def collect_params(namespace: dict[str, Any]) -> dict[str, Any]:
    """The flat scalar globals of a notebook namespace (its parameters), private and IPython names left out.

    Notebook cells after the config cell must not rebind a parameter's name, nor bind another scalar global,
    so that rerunning the config cell sees the same parameters."""
    return {
        name: value for name, value in namespace.items()
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
