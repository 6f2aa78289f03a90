"""Zilloft's task families (halo_lib/sites/zilloft/families.py): distinct tasks from every template, the clean split
against REAL's zilloft tasks, and each checker run as agisdk runs it (the generated script in a subprocess on a
finish JSON the replica app made through FastAPI's TestClient): SUCCESS on the right search / tour / message,
FAILURE on the mistakes a careless agent makes. Heavy: the page-driven expert through Chromium.

    .venv/bin/python -m pytest tests/generated/test_families_zilloft.py -q
    .venv/bin/python -m pytest tests/generated/test_families_zilloft.py -q -m heavy    # the browser episodes
"""

from __future__ import annotations

import random
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from halo_lib.generated.family import GeneratedTask, PageExpert, family_by_key
from halo_lib.sites.expert import Click, Fill, Select, Target
from halo_lib.sites.zilloft.families import FAMILIES, cheapest_home
from halo_lib.sites.zilloft.seed import AGENTS, search_homes
from tests.support.family_checks import Detour, expert_solves, finish, replica_client, verdict

SITE = "zilloft"


def first(tasks: list[GeneratedTask], family: str, where=lambda p: True) -> GeneratedTask:
    return next(t for t in tasks if t.family == f"zilloft.{family}" and where(t.params))


# ---- the replica through TestClient, and the checker as agisdk runs it ---------------------------------------------
def client() -> TestClient:
    return replica_client(SITE, "gen.zilloft.test")


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


def test_real_parameters_are_the_real_tasks_own():
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
@pytest.mark.heavy
@pytest.mark.browser
@pytest.mark.parametrize("family", [f.name for f in FAMILIES])
def test_expert_solves_two_tasks_per_family(task_set, tasks, family, run_policy):
    for task in [t for t in tasks if t.family == f"zilloft.{family}"][:2]:
        expert_solves(run_policy, task_set, task)


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
