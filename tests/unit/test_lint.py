"""The code is lint-clean and formatted: `ruff check` (pyproject.toml's rules: pyflakes and syntax errors) finds nothing and `ruff format --check` changes nothing.

.venv/bin/python -m ruff check .       # the same check; --fix repairs most findings
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_check_is_clean():
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "halo_lib", "tests"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-1000:]


def test_ruff_format_leaves_the_code_as_it_is():
    """`ruff format halo_lib tests` is the formatter: run it before a commit."""
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "halo_lib", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-1000:]
