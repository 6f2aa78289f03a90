"""Judge a DAgger run's disagreements by the expert's cost-to-go: a mistake, or another route to the goal?

A DAgger run (RunConfig.expert_labels) records, at every state the policy reached, the expert's label. Where the
policy acted otherwise, DPO's `expert_vs_policy` pair rejects the policy's action. That is wrong when the action
was another way to the goal (a search where the expert clicks a department, Enter where it clicks the button).

The judge measures both actions by the expert's cost-to-go C(s): the steps the task's expert needs from state s
to a passing checker (a branch: replay the recorded actions up to s, then the expert; policy/branch.py), or no
cost when it cannot get there. At a disagreement at step t (state s_t, the policy's action leading to s_t+1):

    chosen cost   = C(s_t)           (the expert's own label is its first step from s_t)
    rejected cost = 1 + C(s_t+1)     (the policy's step, then the expert from where it led)
    verdict       mistake   when the rejected cost is higher, or none (the goal is out of the expert's reach)
                  route     when it is no higher: the policy's action is as good a step
                  unknown   when C(s_t) has none (the goal was already out of reach: the mistake came earlier,
                            e.g. an order placed wrongly before the answer; or the expert cannot act on the page),
                            or a replay did not reach the recorded page (the fingerprints differ, or it broke)

The last step of an episode that ended on it (an answer) is judged by the episode's own outcome. This is
AggreVaTe's cost-to-go with the expert as the roll-out policy (Ross & Bagnell 2014), measured, not assumed.
Export keeps a DAgger label's pair only where the verdict is `mistake` (ExportConfig.judged).

Branches run as normal eval runs, one folder per branch step (`branch<k>/`, resumable), and `judgements.jsonl`
holds one row per disagreement; `summary.json` counts the verdicts.

    from halo_lib.rl.judge import judge_run
    judge_run(JudgeConfig(run="artifacts/generalize/gen/dagger1", tasks="gen:train:50", out_dir="artifacts/generalize/gen/judge1"))
    halo judge --run artifacts/generalize/gen/dagger1 --tasks gen:train:50 --out artifacts/generalize/gen/judge1 --workers 2
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from halo_lib.config import RunConfig, SitesConfig
from halo_lib.errors import HaloError
from halo_lib.paths import resolve_path
from halo_lib.rl.config import JudgeConfig
from halo_lib.rl.trajectories import Trajectory, load_trajectories

VERDICTS = ("mistake", "route", "unknown")


def disagreements(traj: Trajectory) -> list[int]:
    """The steps where the expert labelled the state and the policy acted otherwise (on an element the worker's page
    summary lists: the pairs export can make; export.usable)."""
    from halo_lib.rl.export import usable

    return [s.step for s in traj.steps if s.expert_action and s.expert_action != s.action and usable(s, s.expert_action)]


def branch_points(traj: Trajectory, ended_on_last: bool) -> set[int]:
    """The states whose cost-to-go the judge needs: each disagreement's and the one after it (not after a last
    step that ended the episode: its outcome is the episode's)."""
    last = len(traj.steps) - 1
    points: set[int] = set()
    for t in disagreements(traj):
        points.add(t)
        if t < last or not ended_on_last:
            points.add(t + 1)
    return points


def verdict(chosen_cost: int | None, rejected_cost: int | None, same_page: bool = True) -> str:
    """See the module docstring (costs in steps; None: the expert could not reach the goal)."""
    if chosen_cost is None or not same_page:
        return "unknown"
    if rejected_cost is not None and rejected_cost <= chosen_cost:
        return "route"
    return "mistake"


def _episode_end(traj: Trajectory) -> dict[str, Any]:
    from halo_lib.trace.episode import episode_name, read_end

    return read_end(Path(traj.run_dir) / "episodes" / f"{episode_name(traj.task_id, traj.rollout)}.jsonl") or {}


def _task_refs(tasks: str) -> dict[str, str]:
    """task id -> its reference in the task spec `tasks` (a generated task's JSON path)."""
    from halo_lib.env.tasks import expand_task_spec, json_task_id
    from halo_lib.sites import replica_names

    refs = expand_task_spec(tasks, local_sites=replica_names())
    return {(json_task_id(ref) if ref.endswith(".json") else ref): ref for ref in refs}


def _branch_cost(branch_run: Path, task_id: str, step: int) -> tuple[int | None, bool | None, str]:
    """(cost-to-go, same page as recorded, error) of the branch of `task_id` at `step`."""
    from halo_lib.policy.branch import recorded_steps
    from halo_lib.trace.episode import episode_name, read_end

    end = read_end(branch_run / "episodes" / f"{episode_name(task_id, 0)}.jsonl") or {}
    if end.get("error"):
        return None, None, str(end["error"])
    records = recorded_steps(branch_run, task_id)
    at_branch = next((r for r in records if int(r["step"]) == step), None)
    same = ((at_branch or {}).get("decision") or {}).get("branch", {}).get("same_page")
    cost = int(end["steps"]) - step if end.get("success") else None
    return cost, same, ""


def judge_run(cfg: JudgeConfig, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Judge every disagreement of the DAgger run `cfg.run` (see module docstring); resumes `cfg.out_dir`. Returns
    the summary."""
    from halo_lib.runner.eval import run_eval

    if not cfg.run or not cfg.tasks:
        raise HaloError("Give --run DIR (a DAgger run) and --tasks SPEC (the tasks it played).")
    run, tasks = resolve_path(cfg.run).resolve(), cfg.tasks
    out = resolve_path(cfg.out_dir) if cfg.out_dir else run.with_name(run.name + "_judged")
    if not (run / "episodes").is_dir():
        raise HaloError(f"{run} is not a run folder (it has no episodes/): give the DAgger run's folder.")
    trajectories = [t for t in load_trajectories(run) if any(s.expert_action for s in t.steps)]
    if not trajectories:
        raise HaloError(f"{run} has no steps labelled by the expert: judge a DAgger run (expert_labels).")
    refs = _task_refs(tasks)
    unknown = sorted({t.task_id for t in trajectories} - set(refs))
    if unknown:
        raise HaloError(f"{run} played {unknown[0]}, which the task spec '{tasks}' does not hold: give the spec the DAgger run played.")
    ends = {t.task_id: _episode_end(t) for t in trajectories}
    ended = {task: not end.get("truncated") and not end.get("error") for task, end in ends.items()}  # on its last step
    needed: dict[int, list[str]] = {}
    for traj in trajectories:
        for k in branch_points(traj, ended[traj.task_id]):
            needed.setdefault(k, []).append(traj.task_id)
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    costs: dict[tuple[str, int], tuple[int | None, bool | None, str]] = {}
    for k in sorted(needed):
        tasks = sorted(needed[k])
        log(f"[judge] branch at step {k}: {len(tasks)} task(s), the expert plays on")
        branch_run = out / f"branch{k:02d}"
        run_eval(
            RunConfig(
                mode="expert",
                tasks=",".join(refs[t] for t in tasks),
                out_dir=str(branch_run),
                workers=cfg.workers,
                max_steps=k + cfg.expert_steps,
                sites=SitesConfig(base_port=cfg.sites_port) if cfg.sites_port else SitesConfig(),
                branch_from=str(run),
                branch_step=k,
            )
        )
        for task_id in tasks:
            costs[(task_id, k)] = _branch_cost(branch_run, task_id, k)
    rows = []
    for traj in trajectories:
        for step in [s for s in traj.steps if s.step in set(disagreements(traj))]:
            t = step.step
            chosen, same_here, error_here = costs[(traj.task_id, t)]
            if (traj.task_id, t + 1) in costs:
                after, same_after, error_after = costs[(traj.task_id, t + 1)]
                rejected = None if after is None else 1 + after
            else:  # the episode ended on this step: its own outcome
                rejected, same_after, error_after = (1 if traj.success else None), True, ""
            same = same_here is not False and same_after is not False and not error_here and not error_after
            rows.append(
                {
                    "run": str(run),
                    "task_id": traj.task_id,
                    "rollout": traj.rollout,
                    "step": t,
                    "action": step.action,
                    "expert_action": step.expert_action,
                    "chosen_cost": chosen,
                    "rejected_cost": rejected,
                    "same_page": same,
                    "errors": [e for e in (error_here, error_after) if e],
                    "verdict": verdict(chosen, rejected, same),
                }
            )
    with open(out / "judgements.jsonl", "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    summary = {
        "run": str(run),
        "out_dir": str(out),
        "disagreements": len(rows),
        "verdicts": dict(Counter(r["verdict"] for r in rows)),
        "branches": sum(len(v) for v in needed.values()),
        "wall_s": round(time.perf_counter() - started, 1),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    log(f"[judge] {summary['disagreements']} disagreements: {summary['verdicts']} ({summary['branches']} branches)")
    return summary


def read_judgements(folders: str | list[str]) -> dict[tuple[str, str, int, int], str]:
    """(run folder, task id, rollout, step) -> verdict, from judge folders (a comma list or a list)."""
    names = [f.strip() for f in folders.split(",")] if isinstance(folders, str) else list(folders)
    table: dict[tuple[str, str, int, int], str] = {}
    for name in [n for n in names if n]:
        path = resolve_path(name) / "judgements.jsonl"
        if not path.is_file():
            raise HaloError(f"{path.parent} holds no judgements.jsonl: run the judge (rl/judge.py) on the DAgger run first.")
        for line in path.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                table[(str(Path(row["run"]).resolve()), row["task_id"], int(row["rollout"]), int(row["step"]))] = row["verdict"]
    return table
