"""Generated tasks' framework: a set is written in agisdk's format, deterministic and nested by prefix; its tasks
resolve with their checkers folder; a checker script graded as agisdk runs it says SUCCESS on the state the right
actions leave (made by the real gomail replica through TestClient) and FAILURE on mistakes; the split rules refuse
REAL goals and REAL parameters.

    .venv/bin/python -m pytest tests/unit/test_generated_framework.py -q
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from halo_lib.env.tasks import expand_task_spec, resolve_task, v2_task_json
from halo_lib.errors import HaloError
from halo_lib.generated.family import family_by_key
from halo_lib.generated.generate import GenerateConfig, draw_tasks, generate_set, set_task_paths
from halo_lib.generated.split import closest_real_goal, goal_tokens, jaccard
from halo_lib.rl.generalize import GeneralizeConfig, train_spec
from halo_lib.sites import replica_names
from halo_lib.sites.framework import create_app
from halo_lib.sites.gomail.app import Gomail
from tests.support.family_checks import finish

FAMILY = "gomail.send_new_email"


@pytest.fixture
def gen_dir(tmp_path: Path) -> str:
    return str(tmp_path / "generated")


def make_set(gen_dir: str, name: str = "s", per_family: int = 6, seed: int = 0) -> Path:
    return generate_set(GenerateConfig(name=name, families=[FAMILY], per_family=per_family, seed=seed, generated_dir=gen_dir))


def test_a_set_holds_task_jsons_checkers_manifest_and_card(gen_dir):
    out = make_set(gen_dir)
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert len(rows) == 6 and len({r["name"] for r in rows}) == 6
    for row in rows:
        data = json.loads((out / "tasks" / f"{row['name']}.json").read_text())
        script = data["evals"][0]["script"]
        assert (out / "checkers" / script).is_file() and "/" not in script
        assert data["config"]["halo_generated"]["family"] == FAMILY and data["goal"] == row["goal"]
    assert "split rule" in (out / "CARD.md").read_text()


def test_the_same_seed_writes_the_same_set_and_prefixes_nest(gen_dir):
    a = make_set(gen_dir, "a").joinpath("manifest.jsonl").read_text()
    b = make_set(gen_dir, "b").joinpath("manifest.jsonl").read_text()
    assert a.replace('"set": "a"', "") == b.replace('"set": "b"', "")
    assert make_set(gen_dir, "c", seed=1).joinpath("manifest.jsonl").read_text() != a
    paths = set_task_paths("gen:a", gen_dir)
    assert set_task_paths("gen:a:2", gen_dir) == paths[:2] and len(paths) == 6


def test_every_prefix_of_the_manifest_is_balanced_over_sites(gen_dir):
    """One task per family on every site: the first 11 tasks are on 11 different sites (the CPU profile grades
    its BC worker on the first 10 it trained on), and until the site with the fewest families runs out, no site has
    two tasks more than another in any prefix."""
    out = generate_set(GenerateConfig(name="all", per_family=1, generated_dir=gen_dir))
    sites = [json.loads(line)["site"] for line in (out / "manifest.jsonl").read_text().splitlines()]
    n_sites = len(set(sites))
    assert n_sites == len(replica_names()) and len(set(sites[:n_sites])) == n_sites
    fewest = min(sites.count(site) for site in set(sites))
    for n in range(1, n_sites * fewest + 1):
        counts = [sites[:n].count(site) for site in set(sites)]
        assert max(counts) - min(counts) <= 1, (n, sites[:n])


def test_leaving_a_site_out_keeps_the_other_sites_tasks_in_order(gen_dir):
    generate_set(GenerateConfig(name="two", families=[FAMILY, "omnizon.order_product"], per_family=3, generated_dir=gen_dir))
    every = set_task_paths("gen:two", gen_dir)
    site = {path: json.loads(Path(path).read_text())["config"]["halo_generated"]["family"].split(".")[0] for path in every}
    assert sorted(set(site.values())) == ["gomail", "omnizon"] and len(every) == 6
    off_gomail = set_task_paths("gen:two:0:-gomail", gen_dir)
    assert off_gomail == [path for path in every if site[path] == "omnizon"]  # manifest order kept
    assert set_task_paths("gen:two:2:-gomail", gen_dir) == off_gomail[:2]
    assert set_task_paths("gen:two:0:-gomail:-omnizon", gen_dir) == []
    with pytest.raises(HaloError, match="has no tasks on"):
        set_task_paths("gen:two:0:-zilloft", gen_dir)
    with pytest.raises(HaloError, match=":-SITE"):
        set_task_paths("gen:two:0:gomail", gen_dir)
    # what `halo generalize --leave-out-sites gomail` trains on
    spec = train_spec(GeneralizeConfig(train_set="two", leave_out_sites=["gomail"]))
    assert set_task_paths(spec, gen_dir) == off_gomail
    assert (
        set_task_paths(train_spec(GeneralizeConfig(train_set="two", train_tasks=1, leave_out_sites=["gomail"])), gen_dir) == off_gomail[:1]
    )


def test_bad_input_gets_one_sentence(gen_dir):
    make_set(gen_dir, "a")
    with pytest.raises(HaloError, match="exists"):
        make_set(gen_dir, "a")
    with pytest.raises(HaloError, match="halo gen tasks"):
        set_task_paths("gen:missing", gen_dir)
    with pytest.raises(HaloError, match="positive whole number"):
        set_task_paths("gen:a:zero", gen_dir)
    with pytest.raises(HaloError, match="Unknown site"):
        generate_set(GenerateConfig(name="x", sites=["nosuch"], generated_dir=gen_dir))


def test_a_generated_task_resolves_with_its_checkers_folder(gen_dir, monkeypatch):
    out = make_set(gen_dir)
    path = set_task_paths("gen:s:1", gen_dir)[0]
    task = resolve_task(path, local_urls={"gomail": "http://127.0.0.1:1"})
    assert task.generated["family"] == FAMILY and task.site == "gomail"
    assert task.eval_scripts_dir == str(out / "checkers")
    assert task.task_config().eval_scripts_dir == str(out / "checkers")
    monkeypatch.setenv("HALO_ARTIFACTS", str(Path(gen_dir).parent))
    assert expand_task_spec("gen:s:2", local_sites=replica_names()) == set_task_paths("gen:s:2", gen_dir)


def test_a_plain_task_json_still_cannot_name_a_script_outside_agisdk(tmp_path):
    data = {**v2_task_json("gomail-1"), "evals": [{"script": "check_anything.py"}]}
    path = tmp_path / "tasks" / "mine.json"
    path.parent.mkdir()
    path.write_text(json.dumps(data))
    (tmp_path / "checkers").mkdir()
    (tmp_path / "checkers" / "check_anything.py").write_text("print('SUCCESS')")
    with pytest.raises(HaloError, match="does not ship"):
        resolve_task(str(path), local_urls={"gomail": "http://127.0.0.1:1"})


def _checker_says(script: Path, state: dict, tmp_path: Path) -> str:
    finish = tmp_path / "finish.json"
    finish.write_text(json.dumps(state))
    done = subprocess.run([sys.executable, str(script), str(finish)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize(
    "change, verdict",
    [
        ({}, "SUCCESS"),
        ({"subject": "Something else"}, "FAILURE"),
        ({"to": "kevin.moore@example.com"}, "FAILURE"),
        ({"intent": "draft"}, "FAILURE"),
    ],
)
def test_the_checker_grades_the_replica_state_as_agisdk_runs_it(gen_dir, tmp_path, change, verdict):
    out = make_set(gen_dir)
    row = json.loads((out / "manifest.jsonl").read_text().splitlines()[0])
    params = row["params"]
    client = TestClient(create_app(Gomail()))
    client.get(f"/config?run_id=0&task_id=v2.{row['name']}&latency=0")
    form = {"to": params["address"], "subject": params["subject"], "body": params["body"], "intent": "send", "return_to": "/"}
    client.post("/send", data={**form, **change})
    script = next((out / "checkers").glob(f"check_{row['name'].replace('.', '_')}.py"))
    assert _checker_says(script, finish(client), tmp_path) == verdict


def test_the_checker_says_failure_on_an_unreadable_state(gen_dir, tmp_path):
    out = make_set(gen_dir)
    script = next((out / "checkers").glob("*.py"))
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    done = subprocess.run([sys.executable, str(script), str(bad)], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "FAILURE" and "cannot read" in done.stderr
    assert _checker_says(script, {"initialfinaldiff": None, "differences": []}, tmp_path) == "FAILURE"


def test_split_rules_refuse_real_goals_and_real_parameters():
    real = v2_task_json("gomail-1")["goal"]
    assert closest_real_goal(real, {})[1] == 1.0
    assert jaccard(goal_tokens("Email Kevin Moore about lunch", ["Kevin Moore"]), goal_tokens("Email <e> about lunch")) == 1.0
    family = family_by_key(FAMILY)

    drawn = draw_tasks(family, 20, random.Random(0))
    assert len(drawn) == 20

    class HalfReal(type(family)):  # REAL "has" the tasks drawn above: none of them may come back
        def real_params(self):
            return [t.params for t in drawn]

    again = draw_tasks(HalfReal(), 20, random.Random(0))
    assert again and not {family.identity(t.params) for t in again} & {family.identity(t.params) for t in drawn}


def test_changes_lists_leaf_paths_and_unexpected_ignores_allowed_and_noise():
    from halo_lib.generated.checker import changes, unexpected

    state = {"initialfinaldiff": {"added": {}, "updated": {"email": {"emails": {"3": {"starred": True}}}, "ui": {"x": 1}}}}
    assert changes(state) == {"email.emails.3.starred": ("updated", True), "ui.x": ("updated", 1)}
    assert unexpected(state, ["email.emails.3"]) == [] and unexpected(state, ["email.emails.4"]) == ["email.emails.3.starred"]
    assert changes({"initialfinaldiff": {"added": {}, "updated": {}, "deleted": {}}}) == {}
