"""`halo smoke`: check the installation end to end in well under a minute, one line per check.

Chromium is found; the replicas start; the real agisdk environment plays the expert on one replica task and
agisdk's own eval script grades it 1; the local model loads (dequantized once into artifacts/models/) and
its reply goes through the action parser; the SQLite caches write and read back.

    halo smoke            # exit status 0 when every check passes
"""

from __future__ import annotations

import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Callable

SMOKE_TASK = "v2.omnizon-13"


def _check(name: str, fn: Callable[[], str], report: Callable[[dict], None]) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        detail, ok = fn(), True
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line of the report
        detail, ok = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}", False
        if not isinstance(exc, RuntimeError):
            detail += " | " + traceback.format_exc(limit=1).strip().splitlines()[-1]
    row = {"check": name, "ok": ok, "seconds": round(time.perf_counter() - start, 2), "detail": detail}
    report(row)
    return row


def run_smoke(base_port: int = 8690, report: Callable[[dict], None] = lambda row: None) -> list[dict[str, Any]]:
    from halo_lib.config import AgentConfig, RunConfig, SitesConfig
    from halo_lib.env.browser import require_chromium
    from halo_lib.sites import replica_names

    rows: list[dict[str, Any]] = []
    state: dict[str, Any] = {}
    scratch = Path(tempfile.mkdtemp(prefix="halo-smoke-"))

    def chromium() -> str:
        return str(require_chromium())

    def sites() -> str:
        from halo_lib.sites.server import ensure_sites

        state["sites"] = SitesConfig(base_port=base_port)
        state["handle"] = ensure_sites(state["sites"], replica_names())
        return f"{', '.join(replica_names())} on 127.0.0.1:{base_port}+"

    def episode() -> str:
        from halo_lib.agent.build import build_agent
        from halo_lib.env.tasks import resolve_task
        from halo_lib.runner.episode import run_episode
        from halo_lib.sites import local_urls

        config = RunConfig(mode="expert", tasks=SMOKE_TASK, sites=state["sites"], agent=AgentConfig(cache_dir=str(scratch / "cache")))
        task = resolve_task(SMOKE_TASK, sites="local", local_urls=local_urls(config.sites.host, config.sites.base_port))
        result = run_episode(task, build_agent("expert", task, config), config, scratch / "run")
        if result.error or result.reward < 1:
            raise RuntimeError(f"expert episode on {SMOKE_TASK}: reward {result.reward}, error {result.error}")
        return f"expert solved {SMOKE_TASK} in {result.steps} steps ({result.wall_s:.1f} s), graded by agisdk's script"

    def local_model() -> str:
        from halo_lib.policy.backends import BackendSpec, make_backend
        from halo_lib.policy.grammar import ActionParseError, parse_action
        from halo_lib.policy.local_model import ensure_local_model
        from halo_lib.policy.prompts import worker_messages

        ensure_local_model()
        llm = make_backend(BackendSpec(kind="local", model=""))
        page = "Page: 'Shop' at /\n[7] searchbox 'Search'\n[8] button 'Go'"
        completion = llm.complete(worker_messages("Search for a cooking pot.", page, []), max_tokens=24)
        try:
            verdict = f"parsed as {parse_action(completion.text, {'7', '8'}).code()}"
        except ActionParseError as exc:
            verdict = f"rejected by the parser ({exc})"
        tok_s = completion.completion_tokens / completion.latency_s if completion.latency_s else 0.0
        return f"{completion.completion_tokens} tokens in {completion.latency_s:.1f} s ({tok_s:.0f} tok/s); reply {verdict}"

    def caches() -> str:
        from halo_lib.cache.macros import MacroStore
        from halo_lib.cache.portable import PortableAction
        from halo_lib.cache.vac import VacEntry, VerifiedActionCache

        vac = VerifiedActionCache(scratch / "cache" / "vac.sqlite")
        stats = vac.stats()
        MacroStore(scratch / "cache" / "macros.sqlite").stats()
        if stats["entries"] == 0:  # the episode check did not run: write one entry ourselves
            key = vac.key("omnizon", "goal", "fp", "start")
            vac.commit([VacEntry(key, "omnizon", "goal", "fp", "start", PortableAction("go_back", None, ()))])
            stats = vac.stats()
        return f"verified action cache holds {stats['entries']} entries after the expert episode"

    try:
        for name, fn in (
            ("chromium", chromium),
            ("replicas", sites),
            ("agisdk episode", episode),
            ("local model", local_model),
            ("caches", caches),
        ):
            if name == "agisdk episode" and "sites" not in state:
                continue
            rows.append(_check(name, fn, report))
    finally:
        if "handle" in state:
            state["handle"].close()
    return rows
