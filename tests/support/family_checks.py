"""The one test kit of the task-family tests (tests/generated/test_families_*.py): a generated set, a replica driven
through FastAPI's TestClient, the set's checker scripts run as agisdk runs them, the generic per-family checks
(tests/generated/test_families_common.py runs them over every family of every site) and a learner's detour.

    folder = task_set(tmp_path_factory, "omnizon")            # 40 per family, generated once per site and session
    rows, tasks = manifest_rows(folder), load_manifest(folder / "manifest.jsonl")
    client = replica_client("omnizon", rows[0]["name"])       # /config done, ready for the forms the UI posts
    verdict(folder, rows[0], finish(client), tmp_path)       # "SUCCESS" / "FAILURE" from the checker script
    policy = Detour(intents, PageExpert(family, params))      # a learner's wrong steps, then the page expert
    expert_solves(run_policy, folder, rows[0], policy)        # heavy: reward 1 through Chromium
"""

from __future__ import annotations

import html
import itertools
import json
import re
import subprocess
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from halo_lib.generated.family import Family, GeneratedTask, PageExpert, family_by_key
from halo_lib.generated.generate import GenerateConfig, generate_set, load_manifest
from halo_lib.generated.split import JACCARD_LIMIT, closest_real_goal, near_duplicates, same_parameters
from halo_lib.sites import load_replica
from halo_lib.sites.expert import View
from halo_lib.sites.framework import create_app

PER_FAMILY = 40
_SETS: dict[tuple[str, int], Path] = {}
_FINISH_FILES = itertools.count()


# ---- a generated set -----------------------------------------------------------------------------------------
def task_set(tmp_path_factory, site: str, per_family: int = PER_FAMILY) -> Path:
    """The real generator's set for `site`, written once per test session (every module of the session shares it)."""
    key = (site, per_family)
    if key not in _SETS:
        config = GenerateConfig(name=f"{site}_test", sites=[site], per_family=per_family, generated_dir=str(tmp_path_factory.mktemp(site)))
        _SETS[key] = generate_set(config)
    return _SETS[key]


def manifest_rows(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]


def make_set(tmp_path_factory, site: str, per_family: int = PER_FAMILY) -> tuple[Path, list[dict]]:
    folder = task_set(tmp_path_factory, site, per_family)
    return folder, manifest_rows(folder)


def generated(tmp_path_factory, site: str, per_family: int = PER_FAMILY) -> tuple[Path, list[GeneratedTask]]:
    folder = task_set(tmp_path_factory, site, per_family)
    return folder, load_manifest(folder / "manifest.jsonl")


def by_family(rows: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row["family"]].append(row)
    return groups


def task_of(tasks: list[GeneratedTask], family: Family | str, pick=lambda params: True) -> GeneratedTask:
    """The first task of `family` (a Family or its key "site.name") whose params satisfy `pick`."""
    key = family if isinstance(family, str) else family.key
    return next(t for t in tasks if t.family == key and pick(t.params))


# ---- the generic checks of one family --------------------------------------------------------------------------
def check_family(family: Family, tasks: list[GeneratedTask], folder: Path, per_family: int = PER_FAMILY) -> None:
    """`per_family` distinct tasks and goals, every template formats, none is a REAL goal, paraphrase or REAL params,
    and agisdk's own loader reads the task JSON (its goal and its checker script)."""
    from agisdk.REAL.browsergym.webclones.task_config import TaskConfig

    mine = [t for t in tasks if t.family == family.key]
    assert len(mine) == per_family, f"{family.key} gave {len(mine)} tasks"
    identities = {family.identity(t.params) for t in mine}
    assert len(identities) == len(mine), f"{family.key} repeats a task"
    assert len({t.goal for t in mine}) == len(mine), f"{family.key} repeats a goal"
    assert not identities & {family.identity(p) for p in family.real_params()}, f"{family.key} drew REAL parameters"
    assert near_duplicates(mine) == [] and same_parameters(mine) == []
    assert all(closest_real_goal(t.goal, t.params)[1] < JACCARD_LIMIT for t in mine)
    assert len(family.templates) >= 3
    for template in range(len(family.templates)):  # every phrasing formats, with no field left over
        for task in mine[:10]:
            goal = family.goal(task.params, template)
            assert "{" not in goal and "}" not in goal and len(goal) > 20, goal
            assert closest_real_goal(goal, task.params)[1] < JACCARD_LIMIT, goal
    for task in mine[:3]:
        path = folder / "tasks" / f"{task.name}.json"
        data = json.loads(path.read_text())
        assert data["evals"][0]["script"] == task.script and (folder / "checkers" / task.script).is_file()
        config = TaskConfig(str(path), "v2", is_path=True)  # agisdk's own loader
        assert config.get_goal() == task.goal and config.get_evals()[0].script == task.script


# ---- the replica through TestClient ----------------------------------------------------------------------------
@lru_cache(maxsize=None)
def replica_app(site: str):
    """One app per site for the whole test session (its templates compiled once); each client is its own session."""
    return create_app(load_replica(site))


def replica_client(site: str, task_name: str = "gen.test", *, home: bool = False) -> TestClient:
    """A client of the site's shared app, /config done for `v2.<task_name>` (and the home page opened if `home`)."""
    client = TestClient(replica_app(site))
    client.get(f"/config?run_id=0&task_id=v2.{task_name}&latency=0")
    if home:
        client.get("/")
    return client


def client_for(replica, task_id: str = "v2.gen.test") -> TestClient:
    """A client of a fresh app of `replica` (a replica object, e.g. Gomail()), /config done."""
    client = TestClient(create_app(replica))
    client.get(f"/config?run_id=0&task_id={task_id}&latency=0")
    return client


def finish(client: TestClient) -> dict[str, Any]:
    """agisdk's finish JSON of the client's session (what /finish shows in its <pre>)."""
    text = client.get("/finish").text
    return json.loads(html.unescape(re.search(r"<pre>(.*)</pre>", text, re.S).group(1)))


# ---- the checker script, as agisdk runs it ---------------------------------------------------------------------
def verdict(folder: Path, task: GeneratedTask | dict, state: dict, tmp_path: Path) -> str:
    """The task's checker script run as agisdk's evaluator runs it: `python check_X.py finish.json` -> its stdout,
    which must be SUCCESS or FAILURE (a crash is an error, never a FAILURE)."""
    name = task["name"] if isinstance(task, dict) else task.name
    script = "check_" + name.replace(".", "_") + ".py"
    finish_path = tmp_path / f"finish_{next(_FINISH_FILES)}.json"
    finish_path.write_text(json.dumps(state))
    out = subprocess.run([sys.executable, script, str(finish_path)], cwd=folder / "checkers", capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr[-800:]
    said = out.stdout.strip()
    assert said in ("SUCCESS", "FAILURE"), f"checker crashed or printed nothing: {out.stdout!r} {out.stderr[-800:]!r}"
    return said


def player(make_client, folder: Path, task: GeneratedTask | dict, tmp_path: Path):
    """`run(*steps)`: a fresh client from `make_client()`, each step a function of it (the forms a page posts), then
    the task's checker script's verdict on the finish state ("SUCCESS" / "FAILURE")."""

    def run(*steps) -> str:
        client = make_client()
        for step in steps:
            step(client)
        return verdict(folder, task, finish(client), tmp_path)

    return run


# ---- the expert in the real browser (heavy tests; `run_policy` is tests/conftest.py's fixture) ----------------------
def expert_solves(run_policy, folder: Path, task: GeneratedTask | dict, policy=None):
    """`policy` (default: the task's family's PageExpert) earns reward 1 on `task` through Chromium, with agisdk's
    evaluator saying SUCCESS; the episode's result."""
    if isinstance(task, dict):
        name, key, params = task["name"], task["family"], task["params"]
    else:
        name, key, params = task.name, task.family, task.params
    policy = policy or PageExpert(family_by_key(key), params, label=name)
    result = run_policy(str(folder / "tasks" / f"{name}.json"), policy)
    assert result.error is None, f"{name}: {result.error}"
    assert result.reward == 1.0 and result.verdict == "SUCCESS", f"{name}: {result.verdict} in {result.steps} steps"
    return result


# ---- a learner's detour, then the expert -------------------------------------------------------------------------
class Detour:
    """A learner's detour, then `expert` takes over from whatever page the detour left. Each step is an intent
    (Click, Fill, ... : `.action(view)`) or a function of the page's View that returns an action string. With
    `share_history` the detour's actions go into the expert's history too (as if the expert had taken them)."""

    source = "expert"

    def __init__(self, steps: list, expert: PageExpert, share_history: bool = False):
        self.steps, self.expert, self.share_history = list(steps), expert, share_history
        self.history: list[str] = []

    @property
    def finished(self) -> bool:
        return self.expert.finished

    def act(self, obs: dict[str, Any]) -> str:
        if self.steps:
            step = self.steps.pop(0)
            action = step.action(View(obs)) if hasattr(step, "action") else step(View(obs))
            self.history.append(action)
            if self.share_history:
                self.expert.history.append(action)
            return action
        return self.expert.act(obs)

    def again(self, obs: dict[str, Any]) -> str:
        return self.expert.again(obs)


def DetourThenExpert(detour: list, family: Family, params: dict, label: str = "detour") -> Detour:  # noqa: N802
    """The detour then the family's page expert, which counts the detour's actions as its own history."""
    return Detour(detour, PageExpert(family, params, label=label), share_history=True)
