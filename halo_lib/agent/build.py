"""From a mode name to a ready agent: resolve the backends behind its roles, open the caches, build HaloAgent.

    specs = resolve_mode_backends(load_mode("hierarchy_vac"), AgentConfig())   # {"worker": spec, "manager": spec}
    agent = build_agent("hierarchy_vac", task, run_config, rollout=0)

Backends are built once per process and shared by its episodes (the local model loads once per Ray worker).
The expert mode is a HaloAgent whose worker is the scripted expert: it reads no cache, but its successful
episodes write the verified action cache and feed the macro miner like any other.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from halo_lib.agent.orchestrator import HaloAgent
from halo_lib.cache.macros import MacroStore
from halo_lib.cache.vac import VerifiedActionCache
from halo_lib.config import AgentConfig, ModeConfig, RunConfig, load_mode
from halo_lib.errors import HaloError
from halo_lib.obs.fingerprint import FINGERPRINT_VERSION
from halo_lib.paths import artifacts_root, resolve_path
from halo_lib.policy.backends import BackendSpec, make_backend, resolve_backend

_BACKENDS: dict[BackendSpec, Any] = {}
# set by runner/cluster.py inside a cluster worker: (config, mode) -> (vac, macros) served by the driver's cache actor
CACHE_PROVIDER: Any = None


def resolve_mode_backends(mode: ModeConfig, agent: AgentConfig) -> dict[str, BackendSpec | None]:
    """The worker's and manager's backend specs for `mode` (None where the mode has no such LLM)."""
    specs: dict[str, BackendSpec | None] = {"worker": None, "manager": None}
    if mode.worker in ("small", "open"):
        adapter = ""
        if mode.worker == "open" and mode.adapter:
            adapter = str(resolve_path(mode.adapter))
        backend = agent.worker_backend
        if mode.worker == "small" and backend == "vllm":
            backend = "auto"  # vLLM serves the open worker; the small worker stays on OpenAI / local
        spec = resolve_backend(mode.worker, backend=backend, model=agent.worker_model, adapter=adapter, vllm_url=agent.vllm_url)
        specs["worker"] = dataclasses.replace(spec, timeout_s=agent.llm_timeout_s, max_retries=agent.llm_retries, dtype=agent.local_dtype)
        if agent.worker_decoding == "ranked" and spec.kind != "local":
            raise HaloError(
                "Ranked decoding scores the page's actions with the in-process model's logits: run the worker on the "
                "local backend (--agent.worker_backend local), or set --agent.worker_decoding free."
            )
    if mode.manager == "large":
        spec = resolve_backend("large", backend=agent.manager_backend, model=agent.manager_model)
        specs["manager"] = dataclasses.replace(spec, timeout_s=agent.llm_timeout_s, max_retries=agent.llm_retries)
    return specs


def shared_backend(spec: BackendSpec) -> Any:
    if spec not in _BACKENDS:
        _BACKENDS[spec] = make_backend(spec)
    return _BACKENDS[spec]


def cache_dir(agent: AgentConfig) -> Path:
    """agent.cache_dir, else $HALO_CACHE_DIR (tests point it at a temp folder), else artifacts/cache."""
    if agent.cache_dir:
        return Path(agent.cache_dir)
    return Path(os.environ.get("HALO_CACHE_DIR") or artifacts_root() / "cache")


def cache_scope(config: RunConfig) -> dict[str, Any]:
    """What a cached state/action means depends on: recipes, site mode, viewport (not on the mode deciding)."""
    return {
        "fingerprint": FINGERPRINT_VERSION,
        "sites": config.env.sites,
        "viewport": [config.env.viewport_width, config.env.viewport_height],
    }


def open_caches(config: RunConfig, mode: ModeConfig) -> tuple[VerifiedActionCache | None, MacroStore | None]:
    writes = mode.worker == "expert" or mode.vac or mode.macros
    if not writes:
        return None, None
    if CACHE_PROVIDER is not None:
        return CACHE_PROVIDER(config, mode)
    folder = cache_dir(config.agent)
    vac = VerifiedActionCache(folder / "vac.sqlite", scope=cache_scope(config))
    macros = MacroStore(folder / "macros.sqlite")
    return vac, macros


def build_agent(mode_name: str, task: Any, config: RunConfig, rollout: int = 0, worker: Any = None, manager: Any = None) -> HaloAgent:
    """The agent for `mode_name` on `task`; `worker`/`manager` override the mode's backends (tests, notebooks)."""
    mode = load_mode(mode_name)
    if worker is None:
        if mode.worker == "expert":
            from halo_lib.sites.expert import ExpertPolicy

            worker = ExpertPolicy.for_task(task)
        else:
            worker = shared_backend(resolve_mode_backends(mode, config.agent)["worker"])
    if mode.manager != "large":
        manager = None  # the mode has no manager, whatever was offered
    elif manager is None:
        manager = shared_backend(resolve_mode_backends(mode, config.agent)["manager"])
    vac, macros = open_caches(config, mode)
    agent = HaloAgent(mode, config.agent, worker=worker, manager=manager, vac=vac, macros=macros, seed=config.seed + rollout)
    agent.source = "expert" if mode.worker == "expert" else "agent"
    return agent
