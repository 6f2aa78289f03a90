"""Paired comparison of runs on the same tasks: which tasks flipped, whether a difference is more than noise, and
where two trajectories of the same task parted.

    outcomes(run)                         # {(task_id, rollout): 0/1} from a summary (load_summary / report.load_runs)
    flips(run_a, run_b)                   # {"a_only": [...], "b_only": [...], "both": [...], "neither": [...], "n": pairs}
    mcnemar_exact(b, c)                   # two-sided exact McNemar p-value from the discordant counts
    paired_bootstrap_ci(run_a, run_b)     # (diff, low, high): 95% CI of rate(b) - rate(a), tasks resampled (paired)
    wilson_interval(successes, n)         # (low, high): 95% Wilson score interval of one success rate
    paired_table(runs)                    # pandas: each run against the first - rates, diff, CI, McNemar p, flips
    divergence(path_a, path_b)            # where two episode files first differ (step, both actions, both urls)
    divergence_table(run_a, run_b)        # pandas: one row per shared task: first differing step and both actions
    divergences(runs)                     # the same for every run against the first, with both labels

Tests and intervals (the report says which): McNemar's exact test (binomial on the discordant pairs) for the
p-value, a paired bootstrap over tasks (2,000 resamples, fixed seed, percentile interval) for the difference's
95% CI, and the Wilson score interval for one run's rate. Pairs are (task, rollout) keys present in both runs
with no error in either; an errored episode (infra or agent) is left out of the pairing, and counted.
"""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

from halo_lib.trace.episode import read_records

BOOTSTRAP_RESAMPLES = 2000
METHODS = (
    "paired differences: McNemar's exact test (p) and a paired bootstrap over tasks (95% CI, "
    f"{BOOTSTRAP_RESAMPLES} resamples); per-run rates: Wilson 95% score interval"
)


def outcomes(run: dict[str, Any], with_errors: bool = False) -> dict[tuple[str, int], int]:
    """{(task_id, rollout): 1 if solved else 0}; errored episodes are left out unless `with_errors`."""
    return {
        (e["task_id"], int(e["rollout"])): int(bool(e.get("success"))) for e in run.get("episodes", []) if with_errors or not e.get("error")
    }


def flips(run_a: dict[str, Any], run_b: dict[str, Any]) -> dict[str, Any]:
    """The (task, rollout) pairs both runs played (no error in either), by who solved them."""
    a, b = outcomes(run_a), outcomes(run_b)
    keys = sorted(set(a) & set(b), key=lambda k: (_natural(k[0]), k[1]))
    label = lambda k: k[0] if k[1] == 0 else f"{k[0]}#{k[1]}"  # noqa: E731
    return {
        "a_only": [label(k) for k in keys if a[k] and not b[k]],
        "b_only": [label(k) for k in keys if b[k] and not a[k]],
        "both": [label(k) for k in keys if a[k] and b[k]],
        "neither": [label(k) for k in keys if not a[k] and not b[k]],
        "n": len(keys),
        "left_out": len((set(outcomes(run_a, True)) | set(outcomes(run_b, True))) - set(keys)),
    }


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value: the discordant pairs b (only A solved) and c (only B solved) under
    Binomial(b + c, 1/2). 1.0 when there is no discordant pair."""
    n = b + c
    if n == 0:
        return 1.0
    k = min(b, c)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return min(1.0, 2 * tail)


def paired_bootstrap_ci(
    run_a: dict[str, Any], run_b: dict[str, Any], resamples: int = BOOTSTRAP_RESAMPLES, level: float = 0.95, seed: int = 0
) -> tuple[float, float, float]:
    """(diff, low, high): rate(B) - rate(A) over the shared tasks (each task's mean over its rollouts), and its
    percentile bootstrap interval from resampling tasks with replacement (both runs' outcomes move together)."""
    a, b = outcomes(run_a), outcomes(run_b)
    keys = set(a) & set(b)
    per_task: dict[str, list[int]] = {}
    for task, rollout in keys:
        per_task.setdefault(task, []).append(b[(task, rollout)] - a[(task, rollout)])
    diffs = [sum(v) / len(v) for _, v in sorted(per_task.items())]
    if not diffs:
        return (math.nan, math.nan, math.nan)
    mean = sum(diffs) / len(diffs)
    rng = random.Random(seed)
    n = len(diffs)
    draws = sorted(sum(diffs[rng.randrange(n)] for _ in range(n)) / n for _ in range(resamples))
    low = draws[int(math.floor((1 - level) / 2 * resamples))]
    high = draws[min(resamples - 1, int(math.ceil((1 + level) / 2 * resamples)) - 1)]
    return (mean, low, high)


def wilson_interval(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval of a success rate (sensible at 0/n and n/n, unlike rate ± standard error)."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def paired_table(runs: list[dict[str, Any]]):
    """pandas DataFrame: every run after the first against the first (the baseline), on their shared pairs:
    both rates, the difference with its bootstrap CI, McNemar's p, and the tasks that flipped each way."""
    import pandas as pd

    rows = []
    if len(runs) >= 2:
        base = runs[0]
        for other in runs[1:]:
            f = flips(base, other)
            n = f["n"]
            rate_a = (len(f["a_only"]) + len(f["both"])) / n if n else math.nan
            rate_b = (len(f["b_only"]) + len(f["both"])) / n if n else math.nan
            diff, low, high = paired_bootstrap_ci(base, other)
            rows.append(
                {
                    "baseline": base["label"],
                    "run": other["label"],
                    "pairs": n,
                    "rate_baseline": rate_a,
                    "rate_run": rate_b,
                    "diff": diff,
                    "ci_low": low,
                    "ci_high": high,
                    "mcnemar_p": mcnemar_exact(len(f["a_only"]), len(f["b_only"])),
                    "gained": ", ".join(f["b_only"]),
                    "lost": ", ".join(f["a_only"]),
                    "left_out": f["left_out"],
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "baseline",
            "run",
            "pairs",
            "rate_baseline",
            "rate_run",
            "diff",
            "ci_low",
            "ci_high",
            "mcnemar_p",
            "gained",
            "lost",
            "left_out",
        ],
    )


def _steps(path: Path) -> list[dict[str, Any]]:
    return [r for r in read_records(path) if r.get("type") == "step"] if path.is_file() else []


def _target(record: dict[str, Any]) -> str:
    """What a step did, comparable across runs: the action with its bid replaced by the element's role and name
    when the decision recorded it (bids are renumbered between page loads)."""
    element = (record.get("decision") or {}).get("element")
    action = str(record.get("action", ""))
    if isinstance(element, dict) and element.get("role"):
        name = action.split("(", 1)[0]
        rest = action.split(",", 1)[1].rstrip(")").strip() if "," in action else ""
        return f"{name}({element.get('role')} {element.get('name', '')!r}{', ' + rest if rest else ''})"
    return action


def divergence(path_a: str | Path, path_b: str | Path) -> dict[str, Any]:
    """Where two episodes of the same task parted: the first step whose action (or page URL) differs.
    {"step": index or None (identical), "a": action, "b": action, "url_a", "url_b", "steps_a", "steps_b"}."""
    a, b = _steps(Path(path_a)), _steps(Path(path_b))
    for i in range(max(len(a), len(b))):
        ra = a[i] if i < len(a) else None
        rb = b[i] if i < len(b) else None
        if ra is None or rb is None or _target(ra) != _target(rb) or ra.get("url") != rb.get("url"):
            return {
                "step": i,
                "a": (ra or {}).get("action", "(ended)"),
                "b": (rb or {}).get("action", "(ended)"),
                "url_a": (ra or {}).get("url", ""),
                "url_b": (rb or {}).get("url", ""),
                "steps_a": len(a),
                "steps_b": len(b),
            }
    return {"step": None, "a": "", "b": "", "url_a": "", "url_b": "", "steps_a": len(a), "steps_b": len(b)}


def episode_path(run: dict[str, Any], task_id: str, rollout: int = 0) -> Path:
    return Path(run["out_dir"]) / "episodes" / f"{task_id}__{rollout}.jsonl"


def divergence_table(run_a: dict[str, Any], run_b: dict[str, Any]):
    """pandas DataFrame: one row per (task, rollout) both runs played: outcome of each, first differing step
    (None: the same trajectory), both actions there, both episode files."""
    import pandas as pd

    a, b = outcomes(run_a, True), outcomes(run_b, True)
    rows = []
    for task, rollout in sorted(set(a) & set(b), key=lambda k: (_natural(k[0]), k[1])):
        pa, pb = episode_path(run_a, task, rollout), episode_path(run_b, task, rollout)
        d = divergence(pa, pb)
        rows.append(
            {
                "task_id": task,
                "rollout": rollout,
                "success_a": bool(a[(task, rollout)]),
                "success_b": bool(b[(task, rollout)]),
                "first_diff_step": d["step"],
                "action_a": d["a"],
                "action_b": d["b"],
                "steps_a": d["steps_a"],
                "steps_b": d["steps_b"],
                "episode_a": str(pa),
                "episode_b": str(pb),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "task_id",
            "rollout",
            "success_a",
            "success_b",
            "first_diff_step",
            "action_a",
            "action_b",
            "steps_a",
            "steps_b",
            "episode_a",
            "episode_b",
        ],
    )


def divergences(runs: list[dict[str, Any]]):
    """divergence_table of every run after the first against the first, with `baseline` and `run` labels
    (an empty table for fewer than two runs)."""
    import pandas as pd

    frames = []
    for other in runs[1:]:
        table = divergence_table(runs[0], other)
        table.insert(0, "run", other["label"])
        table.insert(0, "baseline", runs[0]["label"])
        frames.append(table)
    if not frames:
        return pd.DataFrame(columns=["baseline", "run"] + list(divergence_table({"episodes": []}, {"episodes": []}).columns))
    return pd.concat(frames, ignore_index=True)


def _natural(text: str) -> list:
    from halo_lib.notebook.debugger import natural_key

    return natural_key(text)
