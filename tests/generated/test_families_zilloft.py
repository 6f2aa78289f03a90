"""Zilloft's task families (halo_lib/sites/zilloft/families.py): distinct tasks from every template, the clean split
against REAL's zilloft tasks, and each checker run as agisdk runs it (the generated script in a subprocess on a
finish JSON the replica app made through FastAPI's TestClient): SUCCESS on the right search / tour / message,
FAILURE on the mistakes a careless agent makes. Heavy: the page-driven expert through Chromium.

    .venv/bin/python -m pytest tests/generated/test_families_zilloft.py -q
    .venv/bin/python -m pytest tests/generated/test_families_zilloft.py -q -m heavy    # the browser episodes
"""

from __future__ import annotations

import html
import json
import random
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from halo_lib.generated.family import GeneratedTask, PageExpert, family_by_key
from halo_lib.generated.generate import GenerateConfig, generate_set, load_manifest
from halo_lib.generated.split import JACCARD_LIMIT, closest_real_goal, near_duplicates, same_parameters
from halo_lib.sites.expert import Click, Fill, Select, Target, View
from halo_lib.sites.framework import create_app
from halo_lib.sites.zilloft.app import Zilloft
from halo_lib.sites.zilloft.families import FAMILIES, cheapest_home
from halo_lib.sites.zilloft.seed import AGENTS, search_homes

PER_FAMILY = 40


@pytest.fixture(scope="module")
def task_set(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("gen")
    return generate_set(GenerateConfig(name="zl", sites=["zilloft"], per_family=PER_FAMILY, generated_dir=str(folder)))


@pytest.fixture(scope="module")
def tasks(task_set) -> list[GeneratedTask]:
    return load_manifest(task_set / "manifest.jsonl")


def first(tasks: list[GeneratedTask], family: str, where=lambda p: True) -> GeneratedTask:
    return next(t for t in tasks if t.family == f"zilloft.{family}" and where(t.params))


# ---- the replica through TestClient, and the checker as agisdk runs it ---------------------------------------------
def client() -> TestClient:
    c = TestClient(create_app(Zilloft()))
    c.get("/config?run_id=0&task_id=v2.gen.zilloft.test&latency=0")
    return c


def finish(c: TestClient) -> dict:
    return json.loads(html.unescape(re.search(r"<pre>(.*)</pre>", c.get("/finish").text, re.S).group(1)))


def verdict(task_set: Path, task: GeneratedTask, state: dict, tmp_path: Path) -> str:
    """The task's generated checker script on `state`, as agisdk's evaluator runs it: its stdout's verdict."""
    path = tmp_path / f"finish_{task.index}_{random.random():.6f}.json"
    path.write_text(json.dumps(state))
    out = subprocess.run([sys.executable, str(task_set / "checkers" / task.script), str(path)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    said = out.stdout.strip()
    assert said in ("SUCCESS", "FAILURE"), out.stdout
    return said


def search(c: TestClient, place: str, max_price="", beds="", home_type="", **more) -> None:
    query = {
        "q": place,
        "min_price": "",
        "max_price": max_price,
        "beds": beds,
        "baths": "",
        "type": home_type,
        "sqft": "",
        "sort": "newest",
        **more,
    }
    assert c.get("/homes?" + urlencode(query)).status_code == 200


def tour(c: TestClient, zpid: str, slot: dict, person: dict, tour_type: str = "in-person", **more) -> None:
    form = {"tour_type": tour_type, "date0": slot["date"], "time0": slot["time"], **person, "message": "Hello", **more}
    assert "Tour request sent" in c.post(f"/homedetails/{zpid}/tour", data=form).text


def message_home(c: TestClient, zpid: str, p: dict, **change) -> None:
    form = {**p["person"], "message": p["message"], "date": p["slot"]["date"], "time": p["slot"]["time"], **change}
    assert "Message sent to" in c.post(f"/homedetails/{zpid}/contact", data=form).text


def message_agent(c: TestClient, agent_id: str, p: dict, **change) -> None:
    form = {"intent": p["intent"], **p["person"], "message": "Please get in touch.", **change}
    assert "Message sent to" in c.post(f"/agents/{agent_id}/contact", data=form).text


# ---- sampling and the split ----------------------------------------------------------------------------------------
def test_five_families_each_give_40_distinct_tasks(tasks):
    assert len(FAMILIES) >= 5
    for family in FAMILIES:
        mine = [t for t in tasks if t.family == family.key]
        assert len(mine) == PER_FAMILY, family.key
        assert len({family.identity(t.params) for t in mine}) == PER_FAMILY
        assert len(family.templates) >= 3


def test_every_template_formats_with_seed_entities():
    rng = random.Random(5)
    for family in FAMILIES:
        params = family.sample(rng)
        for index in range(len(family.templates)):
            goal = family.goal(params, index)
            assert "{" not in goal and "}" not in goal, goal
            named = params.get("agent") or (
                params["address"].split(",")[0] if "address" in params and "place" not in params else params["place"].split(",")[0]
            )
            assert named in goal, (family.key, goal)


def test_no_generated_task_is_a_real_task_or_a_paraphrase(tasks):
    assert near_duplicates(tasks) == []
    assert same_parameters(tasks) == []
    assert all(closest_real_goal(t.goal, t.params)[1] < JACCARD_LIMIT for t in tasks)
    for family in FAMILIES:
        real = {family.identity(p) for p in family.real_params()}
        drawn = {family.identity(t.params) for t in tasks if t.family == family.key}
        assert not drawn & real, family.key
    local = family_by_key("zilloft.contact_local_agent")
    san_jose = {a["id"] for a in AGENTS if a["city"] == "San Jose"}
    assert san_jose and {p["agent_id"] for p in local.real_params()} == san_jose  # zilloft-5 hires one of them


# ---- the checkers on states the replica made -----------------------------------------------------------------------
def test_filter_search_checker(task_set, tasks, tmp_path):
    task = first(tasks, "filter_search", lambda p: p["home_type"] and p["beds"] > 1)
    p = task.params
    assert verdict(task_set, task, finish(client()), tmp_path) == "FAILURE"  # nothing done

    c = client()
    search(c, p["place"], p["max_price"], p["beds"], p["home_type"], sort="price-asc")
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    c = client()  # "700k" in the box is the same cap
    search(c, p["place"], f"{p['max_price'] // 1000}k", p["beds"], p["home_type"])
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    for change in ({"beds": p["beds"] - 1}, {"home_type": ""}, {"max_price": p["max_price"] + 100_000}, {"baths": "2"}):
        c = client()
        args = {"max_price": p["max_price"], "beds": p["beds"], "home_type": p["home_type"], **change}
        search(c, p["place"], **args)
        assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE", change

    c = client()  # the right search, then a tour of a result
    search(c, p["place"], p["max_price"], p["beds"], p["home_type"])
    home = search_homes(p["place"], max_price=p["max_price"], min_beds=p["beds"], home_type=p["home_type"])[0]
    tour(c, home["zpid"], {"date": "2024-07-20", "time": "10:00 AM"}, {"name": "A B", "email": "a@b.co", "phone": "4155550100"})
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


def test_request_tour_checker(task_set, tasks, tmp_path):
    task = first(tasks, "request_tour")
    p = task.params

    c = client()
    tour(c, p["zpid"], p["slot"], p["person"], p["tour_type"])
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    other_type = "video-chat" if p["tour_type"] == "in-person" else "in-person"
    later = "7:00 PM" if p["slot"]["time"] != "7:00 PM" else "8:00 AM"
    mistakes = [
        dict(tour_type=other_type),  # the other kind of tour
        dict(time0=later),  # another time
        dict(date1="2024-07-30", time1="9:00 AM"),  # a second choice nobody asked for
        dict(share="on"),  # shared with a lender
        dict(phone="415-555-9999"),  # a wrong phone number
    ]
    for change in mistakes:
        c = client()
        tour_type = change.pop("tour_type", p["tour_type"])
        tour(c, p["zpid"], p["slot"], {**p["person"], **({"phone": change.pop("phone")} if "phone" in change else {})}, tour_type, **change)
        assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE", change

    c = client()  # the right tour, sent twice
    tour(c, p["zpid"], p["slot"], p["person"], p["tour_type"])
    tour(c, p["zpid"], p["slot"], p["person"], p["tour_type"])
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


def test_contact_listing_agent_checker(task_set, tasks, tmp_path):
    task = first(tasks, "contact_listing_agent")
    p = task.params

    c = client()
    message_home(c, p["zpid"], p)
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    for change in ({"message": "I am interested in this home."}, {"date": "", "time": ""}, {"email": "other@example.com"}):
        c = client()
        message_home(c, p["zpid"], p, **change)
        assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE", change

    c = client()  # a tour request instead of the message
    tour(c, p["zpid"], p["slot"], p["person"])
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


def test_contact_local_agent_checker(task_set, tasks, tmp_path):
    task = first(tasks, "contact_local_agent")
    p = task.params
    colleague = next(a for a in AGENTS if a["city"] == p["place"].split(",")[0] and a["id"] != p["agent_id"])

    c = client()
    c.get("/agents?" + urlencode({"location": p["place"]}))
    message_agent(c, p["agent_id"], p)
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    c = client()  # another agent in the same city
    message_agent(c, colleague["id"], p)
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # the form's default intent (buy), whatever the task said
    other = next(i for i in ("buy", "sell", "rent") if i != p["intent"])
    message_agent(c, p["agent_id"], p, intent=other)
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # the right message, twice
    message_agent(c, p["agent_id"], p)
    message_agent(c, p["agent_id"], p)
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


def test_tour_cheapest_match_checker(task_set, tasks, tmp_path):
    task = first(tasks, "tour_cheapest_match", lambda p: len(search_homes(p["place"], max_price=p["max_price"], min_beds=p["beds"])) > 1)
    p = task.params
    found = search_homes(p["place"], max_price=p["max_price"], min_beds=p["beds"], sort="price-asc")
    assert found[0]["zpid"] == p["zpid"] == cheapest_home(p["place"], p["beds"], p["max_price"])["zpid"]

    c = client()
    search(c, p["place"], p["max_price"], p["beds"], sort="price-asc")
    tour(c, p["zpid"], p["slot"], p["person"])
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    c = client()  # the second cheapest
    tour(c, found[1]["zpid"], p["slot"], p["person"])
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # the newest listing (the default sort's first card) when it is not the cheapest
    newest = search_homes(p["place"], max_price=p["max_price"], min_beds=p["beds"])[0]
    if newest["zpid"] != p["zpid"]:
        tour(c, newest["zpid"], p["slot"], p["person"])
        assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # the cheapest, as a video chat
    tour(c, p["zpid"], p["slot"], p["person"], "video-chat")
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


# ---- the page-driven expert through Chromium (heavy) ----------------------------------------------------------------
class Detour:
    """A learner's detour first (intents played as they are), then the family's expert takes over."""

    source = "expert"

    def __init__(self, detour: list, expert: PageExpert):
        self.detour, self.expert = list(detour), expert

    def act(self, obs: dict) -> str:
        if self.detour:
            return self.detour.pop(0).action(View(obs))
        return self.expert.act(obs)


@pytest.mark.heavy
@pytest.mark.browser
@pytest.mark.parametrize("family", [f.name for f in FAMILIES])
def test_expert_solves_two_tasks_per_family(task_set, tasks, family, run_policy):
    mine = [t for t in tasks if t.family == f"zilloft.{family}"][:2]
    for task in mine:
        result = run_policy(str(task_set / "tasks" / f"{task.name}.json"), PageExpert(family_by_key(task.family), task.params))
        assert result.error is None and result.reward == 1.0, (task.name, task.goal, result)


@pytest.mark.heavy
@pytest.mark.browser
def test_expert_recovers_from_a_detour(task_set, tasks, run_policy):
    """The learner searched another city with a wrong bedroom minimum and left the form half-edited; the expert
    still finds the cheapest match and requests the tour."""
    task = first(tasks, "tour_cheapest_match")
    elsewhere = next(f"{a['city']}, {a['state']}" for a in AGENTS if not task.params["place"].startswith(a["city"]))
    detour = [
        Click(Target("link", "Buy")),
        Fill(Target("searchbox", "Location"), elsewhere),
        Select(Target("combobox", "Beds"), "5+"),
        Click(Target("button", "Search")),
        Fill(Target("textbox", "Max price"), "123456"),
    ]
    policy = Detour(detour, PageExpert(family_by_key(task.family), task.params))
    result = run_policy(str(task_set / "tasks" / f"{task.name}.json"), policy)
    assert result.error is None and result.reward == 1.0, (task.goal, result)
