"""Typed configs, one per concern, built from flat dicts / YAML with unknown keys rejected.

Every config is a frozen dataclass whose fields are documented in place. `from_dict` checks keys and
primitive types and raises HaloError with one sentence naming the bad key (and the closest valid one);
`config_hash` hashes the whole resolved config (never a subset) plus the code version.

    from halo_lib.config import EnvConfig, from_dict
    env = from_dict(EnvConfig, {"sites": "local", "headless": True})
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from halo_lib.errors import HaloError
from halo_lib.paths import ARTIFACTS, PARAMS, PROJECT_ROOT  # noqa: F401 - re-exported for older imports

SitesMode = Literal["local", "real"]

# REAL's step limits: score mode (the leaderboard's) and speed mode. Every default below uses these names.
SCORE_MODE_STEPS = 70
SPEED_MODE_STEPS = 25


@dataclass(frozen=True)
class SitesConfig:
    """Where the offline replicas listen (loopback only)."""

    host: str = "127.0.0.1"  # loopback address the replica server binds; never a public interface
    base_port: int = 8601  # first replica's port; each replica gets base_port + its index in sites.REPLICAS
    start_timeout_s: float = 20.0  # how long to wait for an auto-started replica server to answer


@dataclass(frozen=True)
class EnvConfig:
    """How one episode's browser environment is opened and stepped."""

    sites: SitesMode = "local"  # "local": replicas on loopback; "real": agisdk's URLs untouched (needs internet)
    headless: bool = True  # False opens visible windows (needs a display)
    viewport_width: int = 1280  # browser viewport in CSS pixels
    viewport_height: int = 720  # browser viewport in CSS pixels
    slow_mo_ms: int = 0  # Playwright slow_mo; agisdk's task default is 1000
    # waits: "halo" = settled-page wait after actions; "agisdk" = agisdk's stock waits (fixed 0.5 s sleep after
    # actions, networkidle on /config and /finish); "none" = no wait at all (the floor, for benchmarks only)
    settle: Literal["halo", "agisdk", "none"] = "halo"
    settle_quiet_ms: int = 60  # HALO settle: no network request and no DOM mutation for this long
    settle_max_ms: int = 3000  # HALO settle: upper bound on the wait
    settle_adaptive: bool = True  # HALO settle: stretch quiet_ms to 3x the page's measured round trip (a busy machine)
    # Playwright's default timeout for the context: page loads (reset's goto), /finish, waits. Each returns as soon
    # as the page is there, so this is only the give-up point; 5 s was exceeded by page loads at 6 workers on 2 cores
    action_timeout_ms: int = 15000
    # how long an element action (click, fill, ...) waits for its element to be actionable; agisdk fixes 500 ms,
    # which a loaded machine exceeds (env/actions.py). Playwright returns as soon as the element is ready.
    element_timeout_ms: int = 2000
    # an action that timed out before it acted, leaving the page unchanged, is tried again this many times, with
    # twice the element timeout (runner/episode.py's step_with_retries; the step record lists the attempts)
    action_retries: int = 2
    screenshot_format: Literal["jpeg", "png"] = "jpeg"  # format of the per-step screenshots in the trace
    replica_latency_ms: int = 0  # local replicas delay every page by this much (REAL's /config `latency`; load tests)
    leaderboard_run_id: str = ""  # non-empty: submit results to REAL's leaderboard with this run id (online only)


@dataclass(frozen=True)
class ObsConfig:
    """How a page is summarized for the LLM (obs/summary.py)."""

    budget_tokens: int = 1500  # upper bound on the page summary in tokens (SmolLM2 reads 8k; CPU prefill costs time)
    # conservative estimate used for the budget: SmolLM2's tokenizer gives 2.4-2.9 chars/token on page summaries
    # (every digit of a bid is its own token), so 2.2 keeps the real count under budget_tokens
    chars_per_token: float = 2.2
    max_name_chars: int = 100  # longer accessible names are cut with an ellipsis
    max_text_chars: int = 80  # longer static text lines are cut
    # over budget, keep what the goal names longest and drop unrelated links before buttons and fields (summary.py)
    goal_aware: bool = True


@dataclass(frozen=True)
class AgentConfig:
    """The hierarchical agent: backends behind the worker and manager roles, prompting, gate thresholds, caches."""

    # backends; "auto": OpenAI when OPENAI_API_KEY is set, else the local model (HALO_WORKER_BACKEND picks the
    # open worker's: vllm | openai | local); models "" = the role's default (gpt-4o-mini / gpt-4o / local SmolLM2)
    worker_backend: Literal["auto", "openai", "vllm", "local"] = "auto"
    worker_model: str = ""  # overrides HALO_WORKER_MODEL
    manager_backend: Literal["auto", "openai", "local"] = "auto"  # the manager role's backend ("auto" as above)
    manager_model: str = ""  # the manager's model ("" = gpt-4o with OpenAI, else the local model)
    vllm_url: str = ""  # overrides HALO_VLLM_URL (an OpenAI-compatible /v1 URL)
    # the in-process model's weights: "auto" = bfloat16 on CUDA, float32 on CPU (bench/llm.py measures both)
    local_dtype: Literal["auto", "float32", "bfloat16"] = "auto"
    # "lora" / "merged": start a vLLM server (./run.sh serve-env) for this run's open worker and its adapter (as a
    # LoRA module, or merged into the base) and stop it when the run ends; "" = use vllm_url / HALO_VLLM_URL as given
    vllm_serve: Literal["", "lora", "merged"] = ""
    llm_timeout_s: float = 60.0  # per request
    llm_retries: int = 3  # attempts on connection errors, timeouts, 429 and 5xx
    temperature: float = 0.0  # worker sampling temperature (0 = greedy); rollouts raise it
    max_new_tokens: int = 64  # worker and manager reply length
    # "free": the worker writes its action token by token; "ranked": every action the page allows is scored by the
    # in-process model and the likeliest is taken, its text argument then generated (policy/ranked.py; local only)
    worker_decoding: Literal["free", "ranked"] = "free"
    history_steps: int = 8  # previous actions shown to the worker
    max_parse_retries: int = 1  # re-asks of the worker after an unparseable reply, before the gate takes over
    loop_window: int = 8  # loop detection window (steps)
    loop_repeats: int = 2  # the same action in the same state this many times before -> loop
    error_streak: int = 2  # this many failed steps in a row -> the gate calls the manager
    # a mode without a manager cannot break a loop: end the episode (report_infeasible, reward 0) when the gate
    # sees one, instead of repeating the same action until max_steps
    stop_on_loop: bool = True
    cache_dir: str = ""  # SQLite caches; "" = artifacts/cache
    obs: ObsConfig = field(default_factory=ObsConfig)


@dataclass(frozen=True)
class RunConfig:
    """One evaluation run: which tasks, how many episodes, where results go."""

    mode: str = "expert"  # a mode from params/modes.yaml
    tasks: str = "local"  # comma list of task ids, site names, "local", "random:N" (drawn with seed), "type:T", or task JSON paths
    out_dir: str = ""  # run folder; empty: artifacts/runs/<timestamp>_<mode>
    rollouts_per_task: int = 1  # episodes per task (rollout k uses seed + k)
    workers: int = 1  # parallel episodes (Ray when > 1)
    max_steps: int = SCORE_MODE_STEPS  # SCORE_MODE_STEPS (70) or SPEED_MODE_STEPS (25)
    ray_address: str = ""  # empty: a local Ray; else an existing cluster's address
    seed: int = 0  # episode k uses seed + k (sampling, environment, random:N task draws)
    # > 0: an episode still going after this many seconds ends as errored with the step it reached (checked
    # before each decision; every wait inside a step has its own bound). An overnight matrix never stalls on one.
    episode_timeout_s: float = 0.0
    # a resume also reruns episodes that ended in an infrastructure error (error_kind "infra"), keeping the old attempt
    retry_errors: bool = False
    # DAgger: at every state the policy reaches, also record what the task's expert would do there
    # (`expert_action` in the step record; generated tasks only: their page-driven experts can label any page)
    expert_labels: bool = False
    # counterfactual branches (policy/branch.py, rl/judge.py): a run folder; each episode first replays the first
    # `branch_step` actions its task's rollout 0 took there, then the task's expert plays on ("" = no branch)
    branch_from: str = ""
    branch_step: int = 0  # how many of the recorded actions a branch replays before the expert takes over
    env: EnvConfig = field(default_factory=EnvConfig)
    sites: SitesConfig = field(default_factory=SitesConfig)
    agent: AgentConfig = field(default_factory=AgentConfig)


T = TypeVar("T")


def _type_ok(value: Any, annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if annotation is Any:
        return True
    if origin is Literal:
        return value in typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_type_ok(value, arg) for arg in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    if annotation is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin in (list, tuple):
        return isinstance(value, (list, tuple))
    if origin is dict:
        return isinstance(value, dict)
    if isinstance(annotation, type):
        return isinstance(value, annotation)
    return True


def from_dict(cls: type[T], data: dict[str, Any] | None, *, where: str = "") -> T:
    """Build config `cls` from `data`, rejecting unknown keys and wrongly typed values."""
    data = dict(data or {})
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    context = f" in {where}" if where else ""
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            close = difflib.get_close_matches(key, names, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(names)})"
            raise HaloError(f"Unknown {cls.__name__} key '{key}'{context}{hint}: fix or remove it.")
        annotation = hints[key]
        if dataclasses.is_dataclass(annotation) and isinstance(value, dict):
            value = from_dict(annotation, value, where=where)
        elif not _type_ok(value, annotation):
            expected = getattr(annotation, "__name__", str(annotation)).replace("typing.", "")
            raise HaloError(f"{cls.__name__}.{key}{context} must be {expected}, got {value!r}: fix its value.")
        kwargs[key] = value
    return cls(**kwargs)


def to_dict(config: Any) -> dict[str, Any]:
    return dataclasses.asdict(config)


def config_hash(config: Any, code_version: str = "") -> str:
    """Stable short hash of the whole resolved config plus the code version."""
    data = config if isinstance(config, dict) else to_dict(config)
    payload = json.dumps({"config": data, "code": code_version}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class ModeConfig:
    """One agent mode from params/modes.yaml."""

    worker: Literal["small", "open", "expert"] = "small"  # "small"/"open": an LLM worker; "expert": the scripted oracle
    manager: Literal["none", "large"] = "none"  # "large": a stronger LLM gates high-stakes actions
    vac: bool = False  # verified action cache
    macros: bool = False  # macro replay
    adapter: str = ""  # LoRA adapter folder for the open worker ("" = base model)


def load_modes(path: Path | None = None) -> dict[str, ModeConfig]:
    """All modes in params/modes.yaml, validated."""
    import yaml

    path = path or PARAMS / "modes.yaml"
    raw = yaml.safe_load(path.read_text()) or {}
    return {name: from_dict(ModeConfig, spec, where=f"{path.name}:{name}") for name, spec in raw.items()}


def mode_folder(mode: str) -> str:
    """A mode (with overrides) as a folder name: 'qwen_worker_bc:vac=false,macros=false' -> 'qwen_worker_bc_vac-false_macros-false'."""
    return mode.replace(":", "_").replace("/", "_").replace(",", "_").replace("=", "-")


def load_mode(name: str) -> ModeConfig:
    """A mode by name; `NAME:key=value,key=value` (or `key:value`) overrides fields of NAME for one run (the RL pipeline's
    measurements use e.g. `qwen_worker_bc:vac=false,macros=false,manager=none,adapter=artifacts/checkpoints/x`)."""
    if ":" in name:
        return _mode_with_overrides(name)
    modes = load_modes()
    if name not in modes:
        close = difflib.get_close_matches(name, list(modes), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise HaloError(f"Unknown mode '{name}'{hint}: pick one of {', '.join(modes)}.")
    return modes[name]


def read_config_file(path: str | Path, cls: type) -> dict[str, Any]:
    """The mapping in a YAML (or JSON) file of `cls` fields; a missing, unreadable or non-mapping file is one sentence."""
    import yaml

    from halo_lib.paths import resolve_path

    given = Path(path)
    path = given if given.is_file() else resolve_path(given)  # else from the project root (artifacts/...: its root)
    if not path.is_file():
        raise HaloError(f"Config file '{given}' does not exist: give a YAML file of {cls.__name__} fields.")
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise HaloError(f"Config file '{path}' is not valid YAML{where}: fix the file.") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise HaloError(f"Config file '{path}' must hold a mapping of {cls.__name__} fields, not {type(data).__name__}: fix the file.")
    return data


def load_run_config(path: str | Path) -> RunConfig:
    """A RunConfig from a YAML or JSON file of its fields (nested `env`, `sites`, `agent` as mappings);
    unknown keys and wrongly typed values are refused with one sentence naming the key."""
    return from_dict(RunConfig, read_config_file(path, RunConfig), where=Path(path).name)


def _mode_with_overrides(spec: str) -> ModeConfig:
    import yaml

    base, _, rest = spec.partition(":")
    mode = load_mode(base)
    overrides: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in rest.split(","))):
        # key=value, or key:value where an `=` cannot go (a papermill parameter line with two `=` is not parsed)
        key, eq, value = item.partition("=" if "=" in item else ":")
        if not eq:
            raise HaloError(f"Mode override '{item}' in '{spec}' must be key=value or key:value (e.g. vac=false): fix it.")
        parsed = yaml.safe_load(value) if value.strip() else ""
        overrides[key.strip()] = "" if parsed is None else parsed
    merged = {**to_dict(mode), **overrides}
    return from_dict(ModeConfig, merged, where=f"mode '{spec}'")
