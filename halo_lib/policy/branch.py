"""Counterfactual branches: replay the first k actions a recorded episode took, then let the task's expert play on.

A branch answers "how far from the goal is the state this episode reached at step k?": the expert's steps from
there to a passing checker (its cost-to-go), or a failure when it cannot get there. rl/judge.py uses it to tell a
policy's mistake (the state after its action is further from the goal than the state before it, by the expert's
measure) from another route to the goal. The replica's state after the replay is checked, not assumed: the first
step the expert takes records the page's fingerprint and whether it is the one the recorded episode saw at step k
(`decision.branch`).

Only a generated task can be branched: its family's expert acts from any page (sites/expert's REAL-task solutions
only know their own path). A run gets branches from RunConfig.branch_from / branch_step (runner/episode.py):

    halo eval --mode expert --tasks <task json> --branch-from artifacts/generalize/gen/dagger1 --branch-step 3
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from halo_lib.errors import HaloError


def recorded_steps(run_dir: str | Path, task_id: str, rollout: int = 0) -> list[dict[str, Any]]:
    """The step records of `task_id`'s rollout in `run_dir`, in step order (one sentence when it has none)."""
    from halo_lib.trace.episode import episode_name, read_records

    path = Path(run_dir) / "episodes" / f"{episode_name(task_id, rollout)}.jsonl"
    if not path.is_file():
        raise HaloError(f"{run_dir} has no episode of {task_id} (rollout {rollout}) to branch from: give the run folder that played it.")
    steps = [r for r in read_records(path) if r.get("type") == "step"]
    return sorted(steps, key=lambda r: int(r["step"]))


class BranchPolicy:
    """Plays `prefix` (the recorded actions), then `expert` from the page they lead to."""

    source = "replay"

    def __init__(self, prefix: list[str], expert: Any, recorded_fingerprint: str = ""):
        self.prefix = list(prefix)
        self.expert = expert
        self.recorded_fingerprint = recorded_fingerprint  # the page the recorded episode saw after the prefix ("": none)
        self.expert.history = list(prefix)  # the page-driven expert reads what was done before it
        self.last_decision: dict[str, Any] = {}
        self._next = 0

    def act(self, obs: dict[str, Any]) -> str:
        if self._next < len(self.prefix):
            action = self.prefix[self._next]
            self._next += 1
            self.last_decision = {"source": "replay"}
            return action
        decision: dict[str, Any] = {"source": self.expert.source}
        if self._next == len(self.prefix):  # the branch point: is this the recorded state?
            from halo_lib.obs.summary import summarize
            from halo_lib.runner.episode import NOT_CARRIED_OUT

            seen = summarize(obs).fingerprint
            same = seen == self.recorded_fingerprint if self.recorded_fingerprint else None
            decision["branch"] = {"step": len(self.prefix), "fingerprint": seen, "same_page": same}
            if obs.get(NOT_CARRIED_OUT):  # the recorded policy's last action failed there too: the expert's page, not its failure
                decision["branch"]["replayed_not_carried_out"] = obs[NOT_CARRIED_OUT]
                obs = {key: value for key, value in obs.items() if key != NOT_CARRIED_OUT}
            self._next += 1
        action = self.expert.act(obs)
        self.last_decision = decision
        return action


def branch_policy(task: Any, run_dir: str, step: int) -> BranchPolicy:
    """The branch of `task` at `step` of its rollout 0 in `run_dir` (see module docstring)."""
    if not getattr(task, "generated", None):
        raise HaloError(
            f"{task.task_id} is not a generated task: only a generated task's expert can play on from a replayed page (branch_from)."
        )
    from halo_lib.sites.expert import ExpertPolicy

    records = recorded_steps(run_dir, task.task_id)
    if step < 0 or step > len(records):
        raise HaloError(
            f"branch_step {step} is outside {task.task_id}'s recorded episode (0 .. {len(records)} steps): pick a step it reached."
        )
    prefix = [str(r["action"]) for r in records[:step]]
    recorded = ((records[step].get("decision") or {}).get("fingerprint", "")) if step < len(records) else ""
    return BranchPolicy(prefix, ExpertPolicy.for_task(task), recorded_fingerprint=recorded)
