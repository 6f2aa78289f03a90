"""Export trajectories as training data: bc.jsonl, dpo.jsonl, grpo.jsonl, split by task, with a dataset card.

- `bc`   : from successful episodes, each step's prompt (exactly the messages the worker saw, or for the
           expert would have seen: the step record's `decision.prompt`) -> the action taken, as TRL's
           conversational prompt/completion format, so the loss falls on the action only.
           With `bc_focus_copies` N, the expert's row at each state where a failed policy episode first left the
           expert's path (a training task's first differing action) is repeated N more times in bc_train: the
           learner's own mistakes, labelled by the expert, weigh more (one DAgger round on the expert's states).
- `dpo`  : (prompt, chosen, rejected) with the prompt of the step where `rejected` was taken, and pairing
           strategies:
           (a state: the same task, page fingerprint and step number)
           `progress_ranked`   same task and state, the action of the trajectory that got further
                               is chosen (progress = verified steps, success counts most);
           `outcome`           a successful episode's action vs a failed episode's action at the same state;
           `expert_vs_policy`  the expert's action vs a policy's different action at the same state: where an
                               expert run reached it too, and at every state of a DAgger run (the expert's
                               label, `expert_action`, against the action the policy took there). With
                               `judged` (rl/judge.py), a judged run's pair is kept only where the policy's
                               action was a mistake by the expert's cost-to-go, not another route.
           A chosen action whose element is not on the rejected step's page is skipped (it could not be taken).
           A pair found by several strategies is one row; its `strategies` lists them (the card counts each).
- `grpo` : prompts (one per distinct state) with the page's bids and the verified actions for that state,
           for the reward functions in rl/rewards.py.
Everything is deduplicated, split into train/validation by task (no task in both), and described by
`card.json` + `README.md` (counts per site and strategy, content hash).

    from halo_lib.rl.export import ExportConfig, export
    card = export(ExportConfig(runs="artifacts/rl/rollouts/expert", out_dir="artifacts/datasets/rl"))
    halo export --runs artifacts/rl/rollouts/expert,artifacts/rl/rollouts/zero --out artifacts/datasets/rl
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable

from halo_lib.env.tasks import site_of
from halo_lib.errors import HaloError
from halo_lib.paths import resolve_path
from halo_lib.rl.config import ExportConfig
from halo_lib.rl.trajectories import Step, Trajectory, action_bid, load_trajectories, prompt_hash, verified_steps

STRATEGIES = ("progress_ranked", "outcome", "expert_vs_policy")
ACTION_PREFIX = "Action: "  # the worker answers `Action: <call>` (policy/prompts.py's example)


def completion_text(action: str) -> str:
    return f"{ACTION_PREFIX}{action}"


def is_expert(traj: Trajectory) -> bool:
    return traj.mode == "expert" or all(s.source == "expert" for s in traj.steps)


def state_of(traj: Trajectory, step: Step) -> tuple[str, str, int]:
    """The state DPO pairs and GRPO's verified actions are keyed by: a page at a point of the episode (task, page
    fingerprint, step number). gomail's inbox after a sent mail has the start inbox's fingerprint: keyed by that
    alone, DPO paired send_msg over Compose and the reverse, and GRPO verified both at each."""
    return traj.task_id, step.fingerprint, step.step


def usable(step: Step, action: str | None = None) -> bool:
    """The action (the step's own by default) is one the worker could have produced from its prompt (its bid is on
    the listed page)."""
    bid = action_bid(action if action is not None else step.action)
    return bid is None or bid in step.page_bids()


def _bc_row(traj: Trajectory, step: Step, action: str, source: str) -> dict:
    """One BC row: the prompt the step was decided on -> `action`, as TRL's conversational prompt/completion."""
    return {
        "prompt": step.prompt,
        "completion": [{"role": "assistant", "content": completion_text(action)}],
        "task_id": traj.task_id,
        "site": traj.site,
        "step": step.step,
        "source": source,
    }


def split_tasks(task_ids: Iterable[str], config: ExportConfig) -> tuple[set[str], set[str]]:
    """(train tasks, validation tasks): explicit `val_tasks`, else a deterministic hash-ranked fraction per site."""
    tasks = sorted(set(task_ids))
    if config.val_tasks:
        val = {t.strip() for t in config.val_tasks.split(",") if t.strip()}
        unknown = val - set(tasks)
        if unknown:
            raise HaloError(f"Validation task(s) {', '.join(sorted(unknown))} have no trajectories: fix val_tasks.")
        return set(tasks) - val, val
    by_site: dict[str, list[str]] = defaultdict(list)
    for task in tasks:
        by_site[site_of(task)].append(task)
    val: set[str] = set()
    for site, members in by_site.items():
        ranked = sorted(members, key=lambda t: hashlib.sha256(f"{config.seed}:{t}".encode()).hexdigest())
        n_val = int(round(len(members) * config.val_fraction))
        if config.val_fraction > 0 and len(members) > 1:
            n_val = max(1, min(n_val, len(members) - 1))
        val.update(ranked[:n_val])
    return set(tasks) - val, val


def bc_examples(trajectories: list[Trajectory], config: ExportConfig) -> tuple[list[dict], Counter]:
    """BC rows from successful episodes (steps that held), see ExportConfig.visible_targets_only; and, with
    `bc_expert_labels`, from every step an expert labelled (DAgger: the prompt the policy saw -> the expert's action)."""
    skipped: Counter = Counter()
    out = []
    for traj in trajectories:
        labelled = [s for s in traj.steps if s.expert_action] if config.bc_expert_labels else []
        if labelled:
            out += _labelled_rows(traj, labelled, config, skipped)
            continue
        if not traj.success:
            continue
        if config.bc_sources == "expert" and not is_expert(traj):
            continue
        for step in traj.steps:
            if step.error or not step.held:
                skipped["step failed"] += 1
                continue
            if not usable(step):
                if config.visible_targets_only:
                    skipped["target not in the page summary"] += 1
                    continue
                skipped["kept: target not in the page summary"] += 1
            out.append(_bc_row(traj, step, step.action, "expert" if is_expert(traj) else traj.mode))
    return out, skipped


def _labelled_rows(traj: Trajectory, steps: list[Step], config: ExportConfig, skipped: Counter) -> list[dict]:
    rows = []
    for step in steps:
        if not usable(step, step.expert_action):
            if config.visible_targets_only:
                skipped["label's target not in the page summary"] += 1
                continue
            skipped["kept: label's target not in the page summary"] += 1
        rows.append(_bc_row(traj, step, step.expert_action or "", "dagger"))
    return rows


def _pair(rejected_step: Step, chosen: str, strategy: str, traj_r: Trajectory, chosen_from: str, visible_only: bool = True) -> dict | None:
    if chosen == rejected_step.action:
        return None
    bid = action_bid(chosen)
    if visible_only and bid is not None and bid not in rejected_step.page_bids():
        return None
    return {
        "prompt": rejected_step.prompt,
        "chosen": [{"role": "assistant", "content": completion_text(chosen)}],
        "rejected": [{"role": "assistant", "content": completion_text(rejected_step.action)}],
        "task_id": traj_r.task_id,
        "site": traj_r.site,
        "strategy": strategy,
        "fingerprint": rejected_step.fingerprint,
        "chosen_from": chosen_from,
        "rejected_from": f"{traj_r.mode}#{traj_r.rollout}",
    }


def dpo_pairs(
    trajectories: list[Trajectory],
    strategies: Iterable[str],
    visible_only: bool = True,
    judged: dict[tuple[str, str, int, int], str] | None = None,
    dropped: Counter | None = None,
) -> list[dict]:
    """The pairs of `strategies` (module docstring). With `judged` (rl/judge.read_judgements), an expert_vs_policy
    pair whose rejected step is on a judged run is kept only where its verdict is "mistake"; `dropped` counts the
    others by verdict, or as "not judged" (the policy took the expert's label there, so an expert run's other action
    is a route too; or the label's element is not in the page summary)."""
    strategies = list(strategies)
    bad = [s for s in strategies if s not in STRATEGIES]
    if bad:
        raise HaloError(f"Unknown pairing strategy {', '.join(bad)}: use {', '.join(STRATEGIES)}.")
    judged_runs = {key[0] for key in judged or {}}
    dropped = dropped if dropped is not None else Counter()

    def judged_out(traj: Trajectory, step: Step) -> bool:
        run = str(Path(traj.run_dir).resolve())
        if run not in judged_runs:
            return False
        found = (judged or {}).get((run, traj.task_id, traj.rollout, step.step), "not judged")
        if found != "mistake":
            dropped[found] += 1
        return found != "mistake"

    by_state: dict[tuple[str, str, int], list[tuple[Trajectory, Step]]] = defaultdict(list)
    for traj in trajectories:
        for step in traj.steps:
            by_state[state_of(traj, step)].append((traj, step))
    pairs = []
    for entries in by_state.values():
        for traj_r, step_r in entries:
            if is_expert(traj_r):
                continue  # rejected actions come from policies, never from the expert
            for traj_c, step_c in entries:
                if traj_c is traj_r or not step_c.held or step_c.error or step_c.key == step_r.key:
                    continue
                candidates = []
                if "progress_ranked" in strategies and traj_c.final_progress > traj_r.final_progress:
                    candidates.append("progress_ranked")
                if "outcome" in strategies and traj_c.success and not traj_r.success:
                    candidates.append("outcome")
                if "expert_vs_policy" in strategies and is_expert(traj_c) and not judged_out(traj_r, step_r):
                    candidates.append("expert_vs_policy")
                for strategy in candidates:
                    pair = _pair(step_r, step_c.action, strategy, traj_r, f"{traj_c.mode}#{traj_c.rollout}", visible_only)
                    if pair is not None:
                        pairs.append(pair)
    if "expert_vs_policy" in strategies:  # DAgger runs: the expert's label at every state the policy reached
        for traj in [t for t in trajectories if not is_expert(t)]:
            for step in [s for s in traj.steps if s.expert_action]:
                pair = _pair(step, step.expert_action, "expert_vs_policy", traj, "expert label", visible_only)
                if pair is not None and not judged_out(traj, step):
                    pairs.append(pair)
    return pairs


def grpo_prompts(trajectories: list[Trajectory], visible_only: bool = True) -> list[dict]:
    """One prompt per state visited (see state_of), with the page's bids and the actions verified there."""
    verified: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    for traj, step in verified_steps(trajectories):
        verified[state_of(traj, step)].add(step.action)
    out = []
    for traj in trajectories:
        for step in traj.steps:
            state = state_of(traj, step)
            if state not in verified:
                continue
            bids = step.page_bids()
            if not visible_only:  # the verified actions' own bids count as present (see ExportConfig)
                bids |= {action_bid(a) for a in verified[state] if action_bid(a)}
            actions = sorted(a for a in verified[state] if action_bid(a) is None or action_bid(a) in bids)
            if not actions:
                continue
            out.append(
                {
                    "prompt": step.prompt,
                    "bids": sorted(bids),
                    "verified": actions,
                    "task_id": traj.task_id,
                    "site": traj.site,
                    "fingerprint": step.fingerprint,
                }
            )
    return out


def first_divergences(trajectories: list[Trajectory]) -> list[tuple[str, int]]:
    """(task id, expert step) where each failed non-expert episode first took another action than the expert's
    successful episode of that task, both having acted alike until then (bid-independent action keys)."""
    expert = {}
    for traj in trajectories:
        if is_expert(traj) and traj.success:
            expert.setdefault(traj.task_id, traj)
    found = []
    for traj in trajectories:
        reference = expert.get(traj.task_id)
        if traj.success or is_expert(traj) or reference is None:
            continue
        for mine, theirs in zip(traj.steps, reference.steps):
            if mine.key != theirs.key:
                found.append((traj.task_id, theirs.step))
                break
    return sorted(set(found))


def focus_rows(bc: list[dict], trajectories: list[Trajectory], copies: int) -> list[dict]:
    """`copies` more of each BC row at a first divergence (see first_divergences), marked `focus: true`."""
    at = {(row["task_id"], row["step"]): row for row in bc}
    return [{**at[key], "focus": True} for key in first_divergences(trajectories) if key in at for _ in range(copies)]


def _dedup(rows: list[dict], fields: tuple[str, ...]) -> list[dict]:
    seen, out = set(), []
    for row in rows:
        key = hashlib.sha256(json.dumps([row[f] for f in fields], sort_keys=True).encode()).hexdigest()
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def _merge_strategies(pairs: list[dict]) -> list[dict]:
    """One row per (prompt, chosen, rejected); `strategies` lists every strategy that produced it, `strategy` the first."""
    merged: dict[str, dict] = {}
    for pair in pairs:
        key = hashlib.sha256(json.dumps([pair["prompt"], pair["chosen"], pair["rejected"]], sort_keys=True).encode()).hexdigest()
        if key in merged:
            if pair["strategy"] not in merged[key]["strategies"]:
                merged[key]["strategies"].append(pair["strategy"])
        else:
            merged[key] = {**pair, "strategies": [pair["strategy"]]}
    return list(merged.values())


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, sort_keys=True) + "\n")


def content_hash(folder: Path, names: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(names):
        path = folder / name
        if path.is_file():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def export(config: ExportConfig, trajectories: list[Trajectory] | None = None) -> dict[str, Any]:
    """Write {bc,dpo,grpo}_{train,val}.jsonl + card.json + README.md under config.out_dir; returns the card."""
    if trajectories is None:
        runs = [r.strip() for r in config.runs.split(",") if r.strip()]
        missing = [r for r in runs if not (Path(r) / "episodes").is_dir()]
        if not runs or missing:
            raise HaloError(f"No run folder with episodes at {', '.join(missing) or '(none given)'}: run `halo rollout` first.")
        trajectories = load_trajectories(runs)
    if config.tasks:
        keep = {t.strip() for t in config.tasks.split(",") if t.strip()}
        trajectories = [t for t in trajectories if t.task_id in keep]
    if not trajectories:
        raise HaloError("No finished trajectories to export: check the run folders and the task filter.")
    out = resolve_path(config.out_dir)
    train_tasks, val_tasks = split_tasks((t.task_id for t in trajectories), config)

    bc, bc_skipped = bc_examples(trajectories, config)
    bc = _dedup(bc, ("prompt", "completion"))
    bc += [row for row in focus_rows(bc, trajectories, config.bc_focus_copies) if row["task_id"] in train_tasks]
    strategies = [s.strip() for s in config.strategies.split(",") if s.strip()]
    judged = None
    if config.judged:
        from halo_lib.rl.judge import read_judgements

        judged = read_judgements(config.judged)
    judged_out: Counter = Counter()
    dpo = _merge_strategies(dpo_pairs(trajectories, strategies, config.visible_targets_only, judged, judged_out))
    grpo = _dedup(grpo_prompts(trajectories, config.visible_targets_only), ("prompt",))

    files = {}
    counts: dict[str, Any] = {}
    for kind, rows in (("bc", bc), ("dpo", dpo), ("grpo", grpo)):
        for split, tasks in (("train", train_tasks), ("val", val_tasks)):
            part = [r for r in rows if r["task_id"] in tasks]
            name = f"{kind}_{split}.jsonl"
            _write_jsonl(out / name, part)
            files[name] = len(part)
            counts.setdefault(kind, {})[split] = {
                "total": len(part),
                "per_site": dict(sorted(Counter(r["site"] for r in part).items())),
                **({"focus_copies": sum(bool(r.get("focus")) for r in part)} if kind == "bc" and config.bc_focus_copies else {}),
                **({"per_strategy": dict(sorted(Counter(s for r in part for s in r["strategies"]).items()))} if kind == "dpo" else {}),
            }
    # the names the issue uses: bc.jsonl / dpo.jsonl are the training splits
    for kind in ("bc", "dpo"):
        (out / f"{kind}.jsonl").write_bytes((out / f"{kind}_train.jsonl").read_bytes())
    card = {
        "name": out.name,
        "runs": config.runs,
        "config": config.__dict__
        if not hasattr(config, "__dataclass_fields__")
        else {k: getattr(config, k) for k in config.__dataclass_fields__},
        "trajectories": {
            "total": len(trajectories),
            "successful": sum(t.success for t in trajectories),
            "expert": sum(is_expert(t) for t in trajectories),
        },
        "train_tasks": sorted(train_tasks),
        "val_tasks": sorted(val_tasks),
        "files": files,
        "counts": counts,
        "bc_skipped": dict(bc_skipped),
        **({"dpo_judged_out": dict(judged_out)} if judged is not None else {}),
        "content_hash": content_hash(out, files),
        "prompt_hashes": len({prompt_hash(r["prompt"]) for r in bc}),
    }
    (out / "card.json").write_text(json.dumps(card, indent=2))
    (out / "README.md").write_text(_card_markdown(card))
    return card


def _card_markdown(card: dict) -> str:
    lines = [
        f"# Dataset {card['name']}",
        "",
        f"content hash `{card['content_hash']}`; from runs `{card['runs']}`",
        "",
        f"trajectories: {card['trajectories']['total']} ({card['trajectories']['successful']} successful, "
        f"{card['trajectories']['expert']} expert)",
        "",
        f"train tasks ({len(card['train_tasks'])}): {', '.join(card['train_tasks'])}",
        f"validation tasks ({len(card['val_tasks'])}): {', '.join(card['val_tasks']) or '-'}",
        "",
        "| file | split | rows | per site | per strategy |",
        "|---|---|---|---|---|",
    ]
    for kind, splits in card["counts"].items():
        for split, c in splits.items():
            lines.append(f"| {kind} | {split} | {c['total']} | {c['per_site']} | {c.get('per_strategy', '')} |")
    focus = card["counts"]["bc"]["train"].get("focus_copies")
    if focus is not None:
        lines += [
            "",
            f"bc_train holds {focus} focus copies: expert rows where a policy first left the expert's path "
            f"({card['config']['bc_focus_copies']} more of each)",
        ]
    lines += ["", f"BC steps skipped or flagged: {card['bc_skipped'] or 'none'}", ""]
    return "\n".join(lines)
