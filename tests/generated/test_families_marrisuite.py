"""Marrisuite's task families (halo_lib/sites/marrisuite/families.py): distinct tasks from every template, the clean
split against REAL's marrisuite-8, and each checker run as agisdk runs it (the generated script in a subprocess on
a finish JSON the replica app made through FastAPI's TestClient): SUCCESS on the right reservation or search,
FAILURE on the mistakes a careless agent makes. Heavy: the page-driven expert through Chromium.

    .venv/bin/python -m pytest tests/generated/test_families_marrisuite.py -q
    .venv/bin/python -m pytest tests/generated/test_families_marrisuite.py -q -m heavy    # the browser episodes
"""

from __future__ import annotations

import random
import re
from datetime import date
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from halo_lib.generated.family import GeneratedTask, PageExpert, family_by_key
from halo_lib.sites.expert import Click, Fill, Select, Target
from halo_lib.sites.marrisuite.families import FAMILIES, city_choice, cheapest_room, quotes
from halo_lib.sites.marrisuite.seed import HOTELS, hotel_by_id, search_hotels
from tests.support.family_checks import Detour, expert_solves, finish, replica_client, verdict

SITE = "marrisuite"


def first(tasks: list[GeneratedTask], family: str) -> GeneratedTask:
    return next(t for t in tasks if t.family == f"marrisuite.{family}")


# ---- the replica through TestClient, and the checker as agisdk runs it ---------------------------------------------
def client() -> TestClient:
    return replica_client(SITE, "gen.marrisuite.test")


def search(c: TestClient, where: str, p: dict, **change) -> None:
    stay = {"destination": where, "checkin": p["checkin"], "checkout": p["checkout"], "rooms": p["rooms"], "guests": p["guests"], **change}
    assert c.get("/search?" + urlencode(stay)).status_code == 200


def reserve(c: TestClient, hotel_id: str, room: str, p: dict, **change) -> None:
    form = {
        "room": room,
        "checkin": p["checkin"],
        "checkout": p["checkout"],
        "rooms": p["rooms"],
        "guests": p["guests"],
        **p["guest"],
        **change,
    }
    response = c.post(f"/hotels/{hotel_id}/reserve", data=form)
    assert response.status_code == 200 and "Your reservation is confirmed" in response.text, response.text[-400:]


def other_free_room(hotel: dict, p: dict, not_room: str) -> str:
    return next(room for room, q in quotes(hotel, p).items() if q["available"] and room != not_room)


# ---- sampling and the split ----------------------------------------------------------------------------------------
def test_every_template_formats_with_seed_entities():
    rng = random.Random(7)
    for family in FAMILIES:
        params = family.sample(rng)
        for index in range(len(family.templates)):
            goal = family.goal(params, index)
            assert "{" not in goal and "}" not in goal, goal
            assert re.search(r"[A-Z][a-z]+", goal)
            named = params.get("where") or params.get("hotel")
            assert named and named.split(",")[0] in goal, (family.key, goal)


def test_real_parameters_are_the_real_tasks_own(tasks):
    search_family = family_by_key("marrisuite.search_hotels")
    real = search_family.real_params()[0]
    assert real["city"] == "Goleta" and (real["checkin"], real["checkout"]) == ("2024-07-26", "2024-07-28")
    drawn = {search_family.identity(t.params) for t in tasks if t.family == search_family.key}
    assert not drawn & {search_family.identity(p) for p in search_family.real_params()}


def test_city_answers_are_unique_and_read_from_the_seed(tasks):
    for task in tasks:
        if task.family.endswith("_in_city"):
            rule = "cheapest" if "cheapest" in task.family else "top_rated"
            hotel, room = city_choice(task.params["city"], task.params, rule)
            assert (hotel["id"], room) == (task.params["hotel_id"], task.params["room"])
            assert hotel["city"] == task.params["city"]


# ---- the checkers on states the replica made -----------------------------------------------------------------------
def test_search_checker(task_set, tasks, tmp_path):
    task = first(tasks, "search_hotels")
    p = task.params
    assert verdict(task_set, task, finish(client()), tmp_path) == "FAILURE"  # nothing done

    c = client()
    search(c, "Somewhere else", p, checkin=p["checkin"])  # a first try, then the right search: fine
    search(c, p["where"], p)
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    c = client()  # the guests left at the form's default
    search(c, p["where"], p, guests=p["guests"] % 8 + 1)
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # the right search, then another one last (the page no longer shows the asked stay)
    search(c, p["where"], p)
    search(c, p["where"], p, rooms=p["rooms"] % 4 + 1)
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # searched right, then booked a room though the task said only search
    search(c, p["where"], p)
    hotel = next(h for h in search_hotels(p["where"]) if any(q["available"] for q in quotes(h, p).values()))
    reserve(c, hotel["id"], other_free_room(hotel, p, ""), {**p, "guest": {"name": "A B", "email": "a@b.co", "phone": "4155550100"}})
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


def test_book_room_checker(task_set, tasks, tmp_path):
    task = first(tasks, "book_room")
    p = task.params
    hotel = hotel_by_id(p["hotel_id"])

    c = client()
    search(c, hotel["city"], p)
    reserve(c, p["hotel_id"], p["room"], p)
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    c = client()  # only looked at the hotel page: no reservation
    c.get(f"/hotels/{p['hotel_id']}?" + urlencode({"checkin": p["checkin"], "checkout": p["checkout"]}))
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    mistakes = [
        dict(room=next((r for r, q in quotes(hotel, p).items() if r != p["room"] and q["available"]), None)),  # other room
        dict(guests=p["guests"] + 1),  # wrong party size
        dict(name=p["guest"]["name"].split()[0]),  # only the first name
    ]
    for change in mistakes:
        if change.get("room", "x") is None:
            continue
        c = client()
        room = change.pop("room", p["room"])
        reserve(c, p["hotel_id"], room, p, **change)
        assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE", change

    c = client()  # the right room, booked twice
    reserve(c, p["hotel_id"], p["room"], p)
    reserve(c, p["hotel_id"], p["room"], p)
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


def test_cheapest_room_at_hotel_checker(task_set, tasks, tmp_path):
    task = first(tasks, "book_cheapest_room_at_hotel")
    p = task.params
    hotel = hotel_by_id(p["hotel_id"])
    right = cheapest_room(hotel, p)
    assert right == p["room"]

    c = client()
    reserve(c, p["hotel_id"], right, p)
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    pricier = [r for r, q in quotes(hotel, p).items() if r != right and q["available"]]
    for room in pricier:  # a free but dearer room
        c = client()
        reserve(c, p["hotel_id"], room, p)
        assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # the right room for one night fewer
    check_in = date.fromisoformat(p["checkin"])
    out = date.fromisoformat(p["checkout"])
    if (out - check_in).days > 1:
        reserve(c, p["hotel_id"], right, p, checkout=date.fromordinal(out.toordinal() - 1).isoformat())
    else:
        reserve(c, p["hotel_id"], right, p, rooms=p["rooms"] + 1)
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


@pytest.mark.parametrize("family", ["book_cheapest_in_city", "book_top_rated_in_city"])
def test_city_checkers(task_set, tasks, tmp_path, family):
    task = first(tasks, family)
    p = task.params

    c = client()
    search(c, p["where"], p)
    reserve(c, p["hotel_id"], p["room"], p)
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    others = [
        (h["id"], room)
        for h in search_hotels(p["where"])
        for room, q in quotes(h, p).items()
        if q["available"] and (h["id"], room) != (p["hotel_id"], p["room"])
    ]
    assert others, "the city has one free room only: the test needs another"
    hotel_id, room = others[0]  # another hotel or room in the same city
    c = client()
    reserve(c, hotel_id, room, p)
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # the right hotel and room under another guest's email
    reserve(c, p["hotel_id"], p["room"], {**p, "guest": {**p["guest"], "email": "someone.else@example.com"}})
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


def test_every_sampled_booking_is_reservable():
    """The families only draw stays the replica accepts (the room is free on every night); their room names are the
    app's (the module keeps its own copy so that checkers need not import FastAPI)."""
    from halo_lib.sites.marrisuite import app, families

    assert families.ROOM_NAMES == app.ROOM_NAMES
    rng = random.Random(3)
    for family in FAMILIES[1:]:
        for _ in range(20):
            p = family.sample(rng)
            assert quotes(hotel_by_id(p["hotel_id"]), p)[p["room"]]["available"], (family.key, p)


# ---- the page-driven expert through Chromium (heavy) ----------------------------------------------------------------
@pytest.mark.heavy
@pytest.mark.browser
@pytest.mark.parametrize("family", [f.name for f in FAMILIES])
def test_expert_solves_two_tasks_per_family(task_set, tasks, family, run_policy):
    for task in [t for t in tasks if t.family == f"marrisuite.{family}"][:2]:
        expert_solves(run_policy, task_set, task)


@pytest.mark.heavy
@pytest.mark.browser
def test_expert_recovers_from_a_detour(task_set, tasks, run_policy):
    """The learner searched another city with wrong dates and opened a hotel there; the expert still books right."""
    task = first(tasks, "book_cheapest_in_city")
    elsewhere = next(h for h in HOTELS if h["city"] != task.params["city"])
    detour = [
        Fill(Target("searchbox", "Destination"), elsewhere["city"]),
        Select(Target("combobox", "Check-in date"), "Thu, Jul 18"),
        Select(Target("combobox", "Check-out date"), "Sat, Jul 20"),
        Select(Target("combobox", "Guests"), "6"),
        Click(Target("button", "Find Hotels")),
        Click(Target("link", elsewhere["name"])),
    ]
    policy = Detour(detour, PageExpert(family_by_key(task.family), task.params))
    result = run_policy(str(task_set / "tasks" / f"{task.name}.json"), policy)
    assert result.error is None and result.reward == 1.0, (task.goal, result)
