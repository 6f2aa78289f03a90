"""What every site's family tests share (tests/generated/test_families_<site>.py): a generated set, a replica
driven through FastAPI's TestClient, the set's checker scripts run as agisdk runs them, and a learner's detour.

    folder, rows = make_set(tmp_path_factory, "omnizon", per_family=40)
    client = replica_client("omnizon", rows[0]["name"])       # /config done, ready for the forms the UI posts
    verdict(folder, rows[0], finish(client), tmp_path)       # "SUCCESS" / "FAILURE" from the checker script
    policy = DetourThenExpert(detour_intents, family, params) # a learner's wrong steps, then the page expert
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from halo_lib.generated.family import PageExpert, families_for
from halo_lib.generated.generate import GenerateConfig, generate_set
from halo_lib.generated.split import near_duplicates, same_parameters
from halo_lib.generated.generate import load_manifest
from halo_lib.sites import load_replica
from halo_lib.sites.expert import View
from halo_lib.sites.framework import create_app


def make_set(tmp_path_factory, site: str, per_family: int = 40, name: str = "fam") -> tuple[Path, list[dict]]:
    folder = generate_set(GenerateConfig(name=name, sites=[site], per_family=per_family, generated_dir=str(tmp_path_factory.mktemp(site))))
    rows = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]
    return folder, rows


def by_family(rows: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row["family"]].append(row)
    return groups


def check_generation(site: str, folder: Path, rows: list[dict], per_family: int = 40) -> None:
    """Each family gave `per_family` distinct tasks, every template formats, none is a REAL goal or REAL params."""
    families = families_for(site)
    assert len(families) >= 5, f"{site} has {len(families)} families"
    groups = by_family(rows)
    for family in families:
        group = groups[family.key]
        assert len(group) == per_family, f"{family.key} gave {len(group)} tasks"
        identities = {family.identity(row["params"]) for row in group}
        assert len(identities) == len(group), f"{family.key} repeats a task"
        assert len({row["goal"] for row in group}) == len(group), f"{family.key} repeats a goal"
        assert len(family.templates) >= 3
        for template in range(len(family.templates)):
            goal = family.goal(group[0]["params"], template)
            assert "{" not in goal and len(goal) > 15, goal
    tasks = load_manifest(folder / "manifest.jsonl")
    assert near_duplicates(tasks) == []
    assert same_parameters(tasks) == []
    for row in rows[:5]:  # agisdk's task JSON shape: what resolve_task validates
        data = json.loads((folder / "tasks" / f"{row['name']}.json").read_text())
        assert data["evals"][0]["script"] == "check_" + row["name"].replace(".", "_") + ".py"
        assert (folder / "checkers" / data["evals"][0]["script"]).is_file()


@lru_cache(maxsize=None)
def replica_app(site: str):
    """One app per site for the whole test session; each client gets its own session through /config."""
    return create_app(load_replica(site))


def replica_client(site: str, task_name: str) -> TestClient:
    client = TestClient(replica_app(site))
    client.get(f"/config?run_id=0&task_id=v2.{task_name}&latency=0")
    return client


def finish(client: TestClient) -> dict[str, Any]:
    text = client.get("/finish").text
    return json.loads(html.unescape(re.search(r"<pre>(.*)</pre>", text, re.S).group(1)))


def verdict(folder: Path, row: dict, state: dict, tmp_path: Path) -> str:
    """The task's checker script run as agisdk's evaluator runs it: `python check_X.py finish.json` -> stdout."""
    finish_path = tmp_path / f"finish_{abs(hash(json.dumps(state, sort_keys=True)))}.json"
    finish_path.write_text(json.dumps(state))
    script = folder / "checkers" / ("check_" + row["name"].replace(".", "_") + ".py")
    out = subprocess.run([sys.executable, str(script), str(finish_path)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


class DetourThenExpert:
    """A learner's detour (intents played first, each resolved on the page it meets), then the page expert."""

    source = "expert"

    def __init__(self, detour: list, family, params: dict, label: str = "detour"):
        self.detour = list(detour)
        self.expert = PageExpert(family, params, label=label)
        self.history: list[str] = []

    @property
    def finished(self) -> bool:
        return self.expert.finished

    def act(self, obs: dict[str, Any]) -> str:
        if self.detour:
            action = self.detour.pop(0).action(View(obs))
            self.history.append(action)
            self.expert.history.append(action)
            return action
        return self.expert.act(obs)

    def again(self, obs: dict[str, Any]) -> str:
        return self.expert.again(obs)
