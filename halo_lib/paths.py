"""One place for HALO's folders: the project root, params/, and the artifacts root.

The artifacts root is `$HALO_ARTIFACTS` when set (tests point it at a temp folder; a cluster at a shared disk),
else the project's `artifacts/`. `resolve_path` reads a relative path from the project root wherever the process
runs (a notebook kernel's working folder is notebooks/), and a relative `artifacts/...` path from the artifacts
root, so every default folder follows `$HALO_ARTIFACTS`.

    from halo_lib.paths import artifacts_root, resolve_path
    resolve_path("artifacts/runs/main_expert")   # $HALO_ARTIFACTS/runs/main_expert, or <project>/artifacts/...
    resolve_path("params/02_eval/main.yaml")     # <project>/params/02_eval/main.yaml
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PARAMS = PROJECT_ROOT / "params"
ARTIFACTS = PROJECT_ROOT / "artifacts"  # the default artifacts root (see artifacts_root)
# The local model converted once from its wheel: a cache, not a run's output, so it stays in the project's
# artifacts/ whatever $HALO_ARTIFACTS says (a test session with a temp root does not convert it again).
MODELS_DIR = ARTIFACTS / "models"


def artifacts_root() -> Path:
    """$HALO_ARTIFACTS, else the project's artifacts/ folder."""
    return Path(os.environ["HALO_ARTIFACTS"]).expanduser() if os.environ.get("HALO_ARTIFACTS") else ARTIFACTS


def resolve_path(path: str | Path) -> Path:
    """An absolute path as is; `artifacts/...` under the artifacts root; anything else from the project root."""
    path = Path(path).expanduser()
    if path.is_absolute():
        return path
    if path.parts and path.parts[0] == "artifacts":
        return artifacts_root().joinpath(*path.parts[1:])
    return PROJECT_ROOT / path
