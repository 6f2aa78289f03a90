"""Generate a task set: distinct tasks per family, written in agisdk's task JSON format with their checkers.

    halo gen tasks --name train --per-family 200 --seed 0            # every site's families
    halo gen tasks --name omz --sites omnizon --per-family 20
    halo eval --mode expert --tasks gen:train:50                     # the first 50 tasks of the set

A set is a folder under artifacts/generated/<name>/:
- `tasks/<task name>.json`: agisdk's v2 task JSON (goal, website, one script eval), with the family, its
  parameters and the template in `config.halo_generated`;
- `checkers/check_<task>.py`: the task's checker (see checker.py), run by agisdk's evaluator from this folder;
- `manifest.jsonl`: one line per task, in an order that interleaves sites and families, so the first N tasks of
  the manifest are a balanced subset and smaller subsets are prefixes of larger ones (100 ⊂ 300 ⊂ 1000);
- `CARD.md`: the dataset card (families, counts, the split rule and its check);
- `generation.json`: the settings it was made with (per_family, seed, sites, families), which a run that makes
  its set when missing (`halo generalize`'s generate_per_family) checks against its own.

Tasks are drawn with `seed`: the same config writes the same set. A family that cannot give `per_family` distinct
tasks gives all it has (the card says how many). Tasks that break the clean split (split.py) are never written.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from halo_lib.errors import HaloError
from halo_lib.generated.checker import SCRIPT
from halo_lib.generated.family import Family, GeneratedTask, all_families
from halo_lib.generated.split import JACCARD_LIMIT, closest_real_goal
from halo_lib.paths import PROJECT_ROOT, resolve_path


@dataclass(frozen=True)
class GenerateConfig:
    """A generated task set."""

    name: str = "train"  # the set's folder under generated_dir
    sites: list[str] = field(default_factory=list)  # sites whose families to use (empty: every site with families)
    families: list[str] = field(default_factory=list)  # only these families ("gomail.send_new_email"); empty: all
    per_family: int = 100  # distinct tasks per family (fewer when the family has fewer)
    seed: int = 0
    generated_dir: str = "artifacts/generated"
    overwrite: bool = False  # replace an existing set of that name


GENERATION_FILE = "generation.json"  # a set's GenerateConfig settings, beside its manifest


def set_dir(name: str, generated_dir: str = "artifacts/generated") -> Path:
    return resolve_path(generated_dir) / name


def draw_tasks(family: Family, count: int, rng: random.Random, start: int = 0) -> list[GeneratedTask]:
    """Up to `count` tasks of `family` with distinct identities, none with a REAL task's parameters or a goal
    that near-duplicates a REAL goal."""
    real = {family.identity(p) for p in family.real_params()}
    seen: set = set()
    tasks: list[GeneratedTask] = []
    attempts = 0
    while len(tasks) < count and attempts < max(200, 40 * count):
        attempts += 1
        params = family.sample(rng)
        identity = family.identity(params)
        if identity in seen or identity in real:
            continue
        seen.add(identity)
        template = rng.randrange(len(family.templates))
        goal = family.goal(params, template)
        if closest_real_goal(goal, params)[1] >= JACCARD_LIMIT:
            continue
        tasks.append(GeneratedTask(family.key, start + len(tasks), json.loads(json.dumps(params)), template, goal))
    return tasks


def _interleave(groups: list[list[GeneratedTask]], rng: random.Random) -> list[GeneratedTask]:
    """Round-robin over families (shuffled within each), the families themselves taken a site at a time (one
    family of each site, then the next of each, ...), so every prefix is balanced over sites and families."""
    groups = [list(g) for g in groups]
    for group in groups:
        rng.shuffle(group)
    by_site: dict[str, list[list[GeneratedTask]]] = {}
    for group in groups:
        if group:
            by_site.setdefault(group[0].site, []).append(group)
    groups = [
        site_groups[i]
        for i in range(max(map(len, by_site.values()), default=0))
        for site_groups in by_site.values()
        if i < len(site_groups)
    ]
    order: list[GeneratedTask] = []
    while any(groups):
        for group in groups:
            if group:
                order.append(group.pop())
    return order


def task_json(task: GeneratedTask, set_name: str) -> dict[str, Any]:
    from halo_lib.env.tasks import v2_task_json, v2_task_names, site_of

    real = next((v2_task_json(n) for n in v2_task_names() if site_of(n) == task.site), None)
    website = dict(real["website"]) if real else {"id": task.site, "name": task.site.title(), "url": ""}
    return {
        "id": task.name,
        "goal": task.goal,
        "website": website,
        "difficulty": "generated",
        "challengeType": "action",
        "possible": True,
        "evals": [{"script": task.script}],
        "points": 1,
        "config": {"halo_generated": {"set": set_name, "family": task.family, "params": task.params, "template": task.template}},
        "version": "v2",
    }


def generate_set(config: GenerateConfig) -> Path:
    families = all_families(config.sites or None)
    if config.families:
        unknown = sorted(set(config.families) - {f.key for f in families})
        if unknown:
            raise HaloError(f"Unknown task family '{unknown[0]}': run `halo gen list` for the families there are.")
        families = [f for f in families if f.key in config.families]
    if not families:
        raise HaloError("No task families for those sites: run `halo gen list` to see which sites have families.")
    if config.per_family < 1:
        raise HaloError(f"per_family must be at least 1, got {config.per_family}.")
    out = set_dir(config.name, config.generated_dir)
    if out.exists():
        if not config.overwrite:
            raise HaloError(f"Task set '{out}' exists: pick another --name or pass --overwrite to replace it.")
        shutil.rmtree(out)
    rng = random.Random(config.seed)
    groups = [draw_tasks(family, config.per_family, random.Random(rng.random())) for family in families]
    order = _interleave(groups, rng)
    (out / "tasks").mkdir(parents=True)
    (out / "checkers").mkdir()
    with open(out / "manifest.jsonl", "w") as manifest:
        for task in order:
            (out / "tasks" / f"{task.name}.json").write_text(json.dumps(task_json(task, config.name), indent=2))
            script = SCRIPT.format(name=task.name, family=task.family, params=task.params, root=str(PROJECT_ROOT))
            (out / "checkers" / task.script).write_text(script)
            row = {
                "name": task.name,
                "family": task.family,
                "site": task.site,
                "goal": task.goal,
                "params": task.params,
                "template": task.template,
            }
            manifest.write(json.dumps(row) + "\n")
    (out / "CARD.md").write_text(card(config, families, groups))
    settings = {"per_family": config.per_family, "seed": config.seed, "sites": config.sites, "families": config.families}
    (out / GENERATION_FILE).write_text(json.dumps(settings, indent=2) + "\n")
    return out


def check_set_settings(name: str, per_family: int, seed: int, generated_dir: str = "artifacts/generated") -> None:
    """One sentence when the existing set `name` was generated with another per_family or seed than a run asks
    for (a set made before generation.json existed cannot be checked and passes)."""
    record = set_dir(name, generated_dir) / GENERATION_FILE
    if not record.is_file():
        return
    made = json.loads(record.read_text())
    if (made.get("per_family"), made.get("seed")) != (per_family, seed):
        raise HaloError(
            f"Task set '{name}' was generated with {made.get('per_family')} per family and seed {made.get('seed')}, "
            f"not {per_family} and {seed}: give another train_set, or delete {record.parent} to regenerate it."
        )


def load_manifest(path: Path) -> list[GeneratedTask]:
    tasks = []
    for line in path.read_text().splitlines():
        row = json.loads(line)
        index = int(row["name"].rsplit(".", 1)[1])
        tasks.append(GeneratedTask(row["family"], index, row["params"], int(row.get("template", 0)), row["goal"]))
    return tasks


def set_task_paths(spec: str, generated_dir: str = "artifacts/generated") -> list[str]:
    """`gen:NAME` (every task of the set, manifest order), `gen:NAME:N` (its first N), `gen:NAME:N:-SITE:-SITE2`
    (the first N of the tasks on other sites: leave-one-site-out; N = 0 for all) -> task JSON paths."""
    parts = spec.split(":")
    name = parts[1] if len(parts) > 1 else ""
    folder = set_dir(name, generated_dir)
    if not name or not (folder / "manifest.jsonl").is_file():
        raise HaloError(f"No generated task set '{name}' in {folder.parent}: make it with `halo gen tasks --name {name or 'NAME'}`.")
    rows = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]
    left_out = {part[1:] for part in parts[3:]}
    if any(not part.startswith("-") or part == "-" for part in parts[3:]):
        raise HaloError(f"'{spec}': after gen:{name}:N come only sites to leave out, each as :-SITE (gen:{name}:0:-gomail).")
    unknown = left_out - {row["site"] for row in rows}
    if unknown:
        raise HaloError(f"'{spec}' leaves out {sorted(unknown)}, which set '{name}' has no tasks on: name a site of the set.")
    rows = [row for row in rows if row["site"] not in left_out]
    if len(parts) > 2:
        if not parts[2].isdigit() or (int(parts[2]) < 1 and not left_out):
            raise HaloError(f"'{spec}' needs a positive whole number after the set name, e.g. gen:{name}:100.")
        rows = rows[: int(parts[2]) or None]
    return [str(folder / "tasks" / f"{row['name']}.json") for row in rows]


def card(config: GenerateConfig, families: list[Family], groups: list[list[GeneratedTask]]) -> str:
    lines = [
        f"# Generated task set `{config.name}`",
        "",
        f"{sum(len(g) for g in groups)} tasks from {len(families)} families over {len({f.site for f in families})} "
        f"sites, seed {config.seed}, at most {config.per_family} per family.",
        "",
        "## The split rule",
        "No REAL v2 task, trajectory or paraphrase of a REAL goal is in this set: REAL v2 tasks are the test set. "
        "Every goal was compared with every REAL v2 goal after replacing entities by placeholders; a token-set "
        f"Jaccard similarity >= {JACCARD_LIMIT} was never written. No task has the parameters of a REAL task of the "
        "same shape (each family lists those in `real_params()`). The checkers are HALO's own, strict (the exact "
        "change and nothing else), in the form of agisdk's v2 eval scripts.",
        "",
        "## Families",
        "| family | kind | tasks | templates |",
        "|---|---|---:|---:|",
    ]
    for family, group in zip(families, groups):
        lines.append(f"| {family.key} | {family.kind} | {len(group)} | {len(family.templates)} |")
    return "\n".join(lines) + "\n"
