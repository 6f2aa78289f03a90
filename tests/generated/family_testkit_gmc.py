"""Shared checks for the task-family tests of gomail, gocalendar and networkin (tests/generated/test_families_*.py).

- `generated(tmp_path_factory, site)`: a task set of 40 per family written by the real generator;
- `assert_family_basics(family, tasks)`: distinct tasks, every template formats, the clean split, agisdk's schema;
- `finish(client)`: agisdk's finish JSON of a replica driven through FastAPI's TestClient;
- `verdict(set_dir, task, state)`: the task's generated checker script run as agisdk runs it (a subprocess,
  SUCCESS or FAILURE on stdout);
- `Detour(actions, expert)`: a learner's detour (its first actions), then the family's expert from that page.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from halo_lib.generated.family import Family, GeneratedTask
from halo_lib.generated.generate import GenerateConfig, generate_set, load_manifest
from halo_lib.generated.split import near_duplicates, same_parameters
from halo_lib.sites.framework import create_app

PER_FAMILY = 40


def generated(folder: Path, site: str, per_family: int = PER_FAMILY) -> tuple[Path, list[GeneratedTask]]:
    out = generate_set(GenerateConfig(name=f"{site}_test", sites=[site], per_family=per_family, generated_dir=str(folder)))
    return out, load_manifest(out / "manifest.jsonl")


def assert_family_basics(family: Family, tasks: list[GeneratedTask], set_dir: Path) -> None:
    from agisdk.REAL.browsergym.webclones.task_config import TaskConfig

    mine = [t for t in tasks if t.family == family.key]
    assert len(mine) >= PER_FAMILY, f"{family.key} gave only {len(mine)} distinct tasks"
    identities = {family.identity(t.params) for t in mine}
    assert len(identities) == len(mine)
    assert not identities & {family.identity(p) for p in family.real_params()}
    assert len(family.templates) >= 3
    for template in range(len(family.templates)):  # every phrasing formats, with no field left over
        goal = family.goal(mine[0].params, template)
        assert goal and "{" not in goal, goal
    assert len({t.goal for t in mine}) == len(mine)
    assert near_duplicates(mine) == []
    assert same_parameters(mine) == []
    config = TaskConfig(str(set_dir / "tasks" / f"{mine[0].name}.json"), "v2", is_path=True)  # agisdk's own loader
    assert config.get_goal() == mine[0].goal and config.get_evals()[0].script.startswith("check_")


def client_for(replica, task_id: str = "v2.gen.test") -> TestClient:
    client = TestClient(create_app(replica))
    client.get(f"/config?run_id=0&task_id={task_id}&latency=0")
    return client


def finish(client: TestClient) -> dict:
    text = client.get("/finish").text
    return json.loads(html.unescape(re.search(r"<pre>(.*)</pre>", text, re.S).group(1)))


def task_of(tasks: list[GeneratedTask], family: Family, pick=lambda params: True) -> GeneratedTask:
    return next(t for t in tasks if t.family == family.key and pick(t.params))


def verdict(set_dir: Path, task: GeneratedTask, state: dict, tmp_path: Path) -> str:
    """Run the task's checker script the way agisdk's evaluator does; its stdout verdict."""
    path = tmp_path / f"finish_{task.name}.json"
    path.write_text(json.dumps(state))
    done = subprocess.run([sys.executable, task.script, str(path)], cwd=set_dir / "checkers", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = done.stdout.strip()
    assert out in ("SUCCESS", "FAILURE"), f"checker crashed or printed nothing: {done.stdout!r} {done.stderr!r}"
    return out


class Detour:
    """A learner's detour (each of `actions` maps the page's View to an action string), then the family's
    expert takes over from whatever page the detour left."""

    source = "expert"

    def __init__(self, actions, expert):
        self.actions, self.expert, self.finished = list(actions), expert, False

    def act(self, obs):
        from halo_lib.sites.expert import View

        if self.actions:
            return self.actions.pop(0)(View(obs))
        action = self.expert.act(obs)
        self.finished = self.expert.finished
        return action

    def again(self, obs):
        return self.expert.again(obs)
