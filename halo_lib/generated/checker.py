"""Checkers for generated tasks, in the form of agisdk's v2 eval scripts: `python check_X.py FINISH.json` prints
SUCCESS or FAILURE (the reasons go to stderr). agisdk's evaluator runs them from the task set's `checkers/`
folder (`TaskConfig.eval_scripts_dir`), exactly as it runs REAL's own scripts.

Each script is three lines written by `generate.py`; the grading is the family's `check(params, state)`:

    run_checker("gomail.archive_from_sender", {"sender": "Lena"}, "/tmp/finish.json")   # prints SUCCESS/FAILURE

Helpers for strict checks over agisdk's `initialfinaldiff` (added / updated / deleted):

    changes(state)                  # {"email.emails.3.archived": ("updated", True), ...}
    unexpected(state, allowed)      # changed paths outside the allowed prefixes (ui noise excluded)
"""

from __future__ import annotations

import json
import sys
from typing import Any, Iterable

# what a page visit changes without the user meaning it, on most replicas; a site that keeps data under `ui`
# (networkin) passes its own `noise` to unexpected()
NOISE_PREFIXES = ("ui.", "ui", "router.", "session.")


def changes(state: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """Every leaf path of `initialfinaldiff` -> (kind, value); kind is added / updated / deleted."""
    diff = state.get("initialfinaldiff") or {}
    found: dict[str, tuple[str, Any]] = {}
    for kind in ("added", "updated", "deleted"):
        _walk(diff.get(kind) or {}, "", kind, found)
    return found


def _walk(value: Any, prefix: str, kind: str, found: dict[str, tuple[str, Any]]) -> None:
    if isinstance(value, dict) and value:
        for key, child in value.items():
            _walk(child, f"{prefix}.{key}" if prefix else str(key), kind, found)
    elif prefix:  # an empty top-level kind ({"added": {}}) is no change
        found[prefix] = (kind, value)


def unexpected(state: dict[str, Any], allowed: Iterable[str], noise: Iterable[str] = NOISE_PREFIXES) -> list[str]:
    """Changed paths that start with none of `allowed` (nor the noise prefixes)."""
    allowed, noise = tuple(allowed), tuple(noise)
    return sorted(
        path
        for path in changes(state)
        if not any(path == a or path.startswith(a.rstrip(".") + ".") for a in allowed) and not path.startswith(noise)
    )


def grade(family_key: str, params: dict[str, Any], state: dict[str, Any]) -> list[str]:
    """The family's problems with `state` ([] = success); a state the checker cannot read is one problem."""
    from halo_lib.generated.family import family_by_key

    family = family_by_key(family_key)
    try:
        return list(family.check(params, state))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        return [f"the finish state has an unexpected shape ({type(exc).__name__}: {exc})"]


def run_checker(family_key: str, params: dict[str, Any], finish_path: str) -> int:
    """What a checker script does: read agisdk's finish JSON, print SUCCESS or FAILURE, reasons on stderr."""
    try:
        with open(finish_path, encoding="utf-8") as f:
            state = json.load(f)
    except (OSError, json.JSONDecodeError) as exc:
        print("FAILURE")
        print(f"cannot read the finish JSON: {exc}", file=sys.stderr)
        return 0
    problems = grade(family_key, params, state if isinstance(state, dict) else {})
    print("FAILURE" if problems else "SUCCESS")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 0


SCRIPT = '''"""Checker for HALO generated task {name} (family {family}): prints SUCCESS or FAILURE."""
import sys
sys.path.insert(0, {root!r})
from halo_lib.generated.checker import run_checker
run_checker({family!r}, {params!r}, sys.argv[1])
'''
