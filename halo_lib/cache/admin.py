"""List and clear the caches (the CLI's `halo cache` and the notebooks call these).

report = cache_report()                       # {"folder", "vac": {...stats, "entries": [...]}, "macros": {...}}
clear_caches(vac=True, macros=False)          # -> {"vac": n_removed}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from halo_lib.cache.macros import MacroStore
from halo_lib.cache.vac import VerifiedActionCache


def _folder(folder: str | Path | None) -> Path:
    from halo_lib.agent.build import cache_dir
    from halo_lib.config import AgentConfig

    return Path(folder) if folder else cache_dir(AgentConfig())


def cache_report(folder: str | Path | None = None, site: str | None = None, limit: int = 50) -> dict[str, Any]:
    root = _folder(folder)
    report: dict[str, Any] = {"folder": str(root), "vac": None, "macros": None}
    if (root / "vac.sqlite").exists():
        vac = VerifiedActionCache(root / "vac.sqlite")
        report["vac"] = {**vac.stats(), "recent": vac.entries(site, limit)}
        vac.close()
    if (root / "macros.sqlite").exists():
        store = MacroStore(root / "macros.sqlite")
        report["macros"] = {
            **store.stats(),
            "skills": [{"id": m.id, "site": m.site, "support": m.support, "skill": m.describe()} for m in store.promoted(site)],
        }
        store.close()
    return report


def clear_caches(folder: str | Path | None = None, vac: bool = True, macros: bool = True) -> dict[str, int]:
    root = _folder(folder)
    removed = {}
    if vac and (root / "vac.sqlite").exists():
        cache = VerifiedActionCache(root / "vac.sqlite")
        removed["vac"] = cache.clear()
        cache.close()
    if macros and (root / "macros.sqlite").exists():
        store = MacroStore(root / "macros.sqlite")
        removed["macros"] = store.clear()
        store.close()
    return removed
