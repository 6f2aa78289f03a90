"""Reproducibility manifest: git commit, package versions, Python, platform.

    manifest = build_manifest()     # {"git": {...}, "packages": {...}, "python": ..., "platform": ...}
"""
from __future__ import annotations

import platform
import subprocess
import sys
from importlib import metadata

from halo_lib.config import PROJECT_ROOT

PACKAGES = ("agisdk", "playwright", "fastapi", "ray", "torch", "transformers", "peft", "trl", "halo-workbench")


def git_info() -> dict[str, str | bool]:
    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=5, check=True
            ).stdout.strip()
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


def build_manifest() -> dict:
    return {
        "git": git_info(),
        "packages": package_versions(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
    }
