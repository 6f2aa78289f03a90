"""Trajectories: the episodes of one or more run folders, read back as (prompt, action, progress) steps.

A run folder written by `halo eval` / `halo rollout` holds `episodes/<task>__<k>.jsonl`; each step record
carries the decision (the exact messages the worker got or, for the expert, would have got: `decision.prompt`),
the action executed, and its verification. `load_trajectories(run_dir)` turns those into `Trajectory`
objects with per-step progress signals:

- `held`:     the step's postcondition held (fill -> the field holds the text, click -> the page changed, ...)
- `agrees`:   the action matches a verified action known for this (task, state fingerprint) - from the
              reference set given (e.g. the expert's and every successful episode's verified steps), else None
- `progress`: cumulative count of steps that held and did not disagree with a verified action
- `reward`:   the episode's final reward (agisdk's evaluator), on the trajectory

    from halo_lib.rl.trajectories import load_trajectories, verified_actions
    trajs = load_trajectories("artifacts/rl/rollouts/expert")
    ref = verified_actions(trajs)                        # {(task_id, fingerprint): {action key, ...}}
    trajs = load_trajectories("artifacts/rl/rollouts/zero", reference=ref)
    write_trajectories(trajs, "trajectories.jsonl")

Nothing here reads eval scripts, expert code or replica internals: only what the step records hold.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from halo_lib.env.tasks import site_of
from halo_lib.trace.episode import read_records

_BID_LINE = re.compile(r"^\s*\[([^\]]+)\]", re.MULTILINE)
_BID_ARG = re.compile(r"^(click|fill|select_option|press)\(\s*(['\"])(.*?)\2")


@dataclass
class Step:
    task_id: str
    rollout: int
    step: int
    goal: str
    prompt: list[dict]  # the messages the worker saw (system + example + user)
    action: str  # the canonical action executed, e.g. "click('42')"
    source: str  # who decided: expert, worker, manager, cache, macro, fallback
    fingerprint: str
    element: dict | None  # the acted-on element's identity (role, name, ...), when the action had a bid
    held: bool  # postcondition held
    error: str | None  # browser error text, if any
    agrees: bool | None = None  # matches a verified action for this (task, fingerprint); None: no reference
    progress: int = 0  # cumulative held-and-not-disagreeing steps up to and including this one
    expert_action: str | None = None  # the expert's label for this state (DAgger runs: RunConfig.expert_labels)

    @property
    def key(self) -> str:
        """The action independent of bid numbering: name + element identity + other args."""
        return action_key(self.action, self.element)

    def page_bids(self) -> set[str]:
        return prompt_bids(self.prompt)


@dataclass
class Trajectory:
    task_id: str
    rollout: int
    mode: str
    run_dir: str
    reward: float
    success: bool
    steps: list[Step] = field(default_factory=list)
    error: str | None = None

    @property
    def site(self) -> str:
        return site_of(self.task_id)

    @property
    def final_progress(self) -> float:
        """How far the episode got: its last step's progress, plus a large bonus for success."""
        last = self.steps[-1].progress if self.steps else 0
        return last + (1000.0 if self.success else 0.0)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["site"] = self.site
        return data


def prompt_bids(prompt: list[dict]) -> set[str]:
    """The bids listed on the page in the worker's last user message (what the worker could act on)."""
    if not prompt:
        return set()
    return set(_BID_LINE.findall(prompt[-1]["content"]))


def action_bid(action: str) -> str | None:
    match = _BID_ARG.match(action.strip())
    return match.group(3) if match else None


def action_key(action: str, element: dict | None) -> str:
    """Bid-free identity of an action: the element it targets (role, name, ...) replaces the bid."""
    match = _BID_ARG.match(action.strip())
    if match is None or not element:
        return action.strip()
    rest = action.strip()[match.end() :]
    return f"{match.group(1)}(<{json.dumps(element, sort_keys=True)}>{rest}"


def prompt_hash(prompt: list[dict]) -> str:
    return hashlib.sha256(json.dumps(prompt, sort_keys=True).encode()).hexdigest()[:16]


def _episode_files(run_dir: Path) -> list[Path]:
    return sorted((Path(run_dir) / "episodes").glob("*.jsonl"))


def _mode_of(run_dir: Path) -> str:
    summary = Path(run_dir) / "summary.json"
    if summary.is_file():
        try:
            return json.loads(summary.read_text()).get("mode", "")
        except json.JSONDecodeError:
            return ""
    return ""


def read_trajectory(path: Path, mode: str = "", run_dir: str = "") -> Trajectory | None:
    """One finished episode file as a Trajectory (None when it has no end record: unfinished)."""
    start, end, steps = None, None, []
    for record in read_records(path):
        kind = record.get("type")
        if kind == "start":
            start = record
        elif kind == "end":
            end = record
        elif kind == "step":
            steps.append(record)
    if start is None or end is None:
        return None
    traj = Trajectory(
        task_id=start["task_id"],
        rollout=int(start.get("rollout", 0)),
        mode=mode or start.get("mode", ""),
        run_dir=run_dir,
        reward=float(end.get("reward", 0.0)),
        success=bool(end.get("success")),
        error=end.get("error"),
    )
    for record in steps:
        decision = record.get("decision") or {}
        verify = record.get("verify") or {}
        prompt = decision.get("prompt") or []
        if not prompt:  # a policy without HALO's agent (no recorded prompt): not usable for training
            continue
        traj.steps.append(
            Step(
                task_id=traj.task_id,
                rollout=traj.rollout,
                step=int(record["step"]),
                goal=start.get("goal", ""),
                prompt=prompt,
                action=record["action"],
                source=record.get("source", ""),
                fingerprint=decision.get("fingerprint", ""),
                element=decision.get("element"),
                held=bool((verify.get("postcondition") or {}).get("held", not record.get("error"))),
                error=record.get("error"),
                expert_action=record.get("expert_action"),
            )
        )
    return traj


def load_trajectories(run_dirs: str | Path | Iterable[str | Path], reference: dict | None = None) -> list[Trajectory]:
    """Every finished episode in the run folder(s), with progress signals (see module docstring)."""
    if isinstance(run_dirs, (str, Path)):
        run_dirs = [run_dirs]
    out: list[Trajectory] = []
    for run_dir in run_dirs:
        run_dir = Path(run_dir)
        mode = _mode_of(run_dir)
        for path in _episode_files(run_dir):
            traj = read_trajectory(path, mode, str(run_dir))
            if traj is not None:
                out.append(traj)
    ref = reference if reference is not None else verified_actions(out)
    for traj in out:
        score_progress(traj, ref)
    return out


def verified_steps(trajectories: Iterable[Trajectory]) -> Iterator[tuple[Trajectory, Step]]:
    """The steps of successful episodes that held without an error: actions verified at their state."""
    for traj in trajectories:
        if traj.success:
            for step in traj.steps:
                if step.held and not step.error:
                    yield traj, step


def verified_actions(trajectories: Iterable[Trajectory]) -> dict[tuple[str, str], set[str]]:
    """(task_id, fingerprint) -> bid-free keys of actions that held in successful episodes."""
    ref: dict[tuple[str, str], set[str]] = {}
    for traj, step in verified_steps(trajectories):
        ref.setdefault((traj.task_id, step.fingerprint), set()).add(step.key)
    return ref


def score_progress(traj: Trajectory, reference: dict[tuple[str, str], set[str]]) -> None:
    total = 0
    for step in traj.steps:
        known = reference.get((traj.task_id, step.fingerprint))
        step.agrees = None if known is None else step.key in known
        if step.held and step.agrees is not False:
            total += 1
        step.progress = total


def write_trajectories(trajectories: Iterable[Trajectory], path: str | Path) -> Path:
    """One JSON line per trajectory (steps with prompts and progress signals)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for traj in trajectories:
            handle.write(json.dumps(traj.to_dict()) + "\n")
    return path


def read_trajectories_file(path: str | Path) -> list[Trajectory]:
    out = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            data = json.loads(line)
            data.pop("site", None)
            steps = [Step(**s) for s in data.pop("steps")]
            out.append(Trajectory(**data, steps=steps))
    return out
