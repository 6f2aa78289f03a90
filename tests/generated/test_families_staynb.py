"""Staynb's task families (halo_lib/sites/staynb/families.py): distinct tasks from every template, the clean split
against REAL's staynb tasks, and each checker run as agisdk runs it (the generated script in a subprocess on a
finish JSON the replica app made through FastAPI's TestClient): SUCCESS on the right search / wishlist / booking,
FAILURE on the mistakes a careless agent makes. Heavy: the page-driven expert through Chromium.

    .venv/bin/python -m pytest tests/generated/test_families_staynb.py -q
    .venv/bin/python -m pytest tests/generated/test_families_staynb.py -q -m heavy    # the browser episodes
"""

from __future__ import annotations

import random

import pytest
from fastapi.testclient import TestClient

from halo_lib.generated.family import GeneratedTask, PageExpert, family_by_key
from halo_lib.sites.expert import Click, Fill, Target
from halo_lib.sites.staynb.families import FAMILIES, cheapest_match
from halo_lib.sites.staynb.seed import search_listings
from tests.support.family_checks import Detour, expert_solves, finish, replica_client, verdict

SITE = "staynb"


def first(tasks: list[GeneratedTask], family: str, where=lambda p: True) -> GeneratedTask:
    return next(t for t in tasks if t.family == f"staynb.{family}" and where(t.params))


# ---- the replica through TestClient, and the checker as agisdk runs it ---------------------------------------------
def client() -> TestClient:
    return replica_client(SITE, "gen.staynb.test")


def search(c: TestClient, p: dict, **change) -> None:
    """The search bar as the UI posts it: destination, check-in and check-out days, the counters, Search."""
    p = {**p, **change}
    c.post("/bar", data={"where": p["destination"], "back": "/"})
    c.post("/bar", data={"day": p["start"], "back": "/"})
    c.post("/bar", data={"day": p["end"], "back": "/"})
    c.post("/bar", data={"count_Adults": p["adults"], "count_Children": p["children"], "back": "/", "action": "close"})
    assert c.post("/bar", data={"action": "search", "back": "/"}).status_code == 200


def filters(c: TestClient, bedrooms: int = 0, amenities=()) -> None:
    c.post("/s/filters", data={"bedrooms": str(bedrooms) if bedrooms else "Any", "amenities": list(amenities), "action": "apply"})


def save(c: TestClient, listing_id: str, name: str) -> None:
    assert c.post(f"/rooms/{listing_id}/save", data={"action": "create", "name": name}).status_code == 200


def book(c: TestClient, p: dict, pay: bool = True, **change) -> None:
    c.post(f"/book/{p['listing_id']}/start")
    if pay:
        form = {"cardNumber": p["card"], "expiration": p["expiration"], "cvv": p["cvv"], "zipcode": p["zipcode"], **change}
        assert "Reservation confirmed" in c.post(f"/book/{p['listing_id']}/pay", data=form).text


# ---- sampling and the split ----------------------------------------------------------------------------------------
def test_every_template_formats_with_seed_entities():
    rng = random.Random(5)
    for family in FAMILIES:
        params = family.sample(rng)
        for index in range(len(family.templates)):
            goal = family.goal(params, index)
            assert "{" not in goal and "}" not in goal, goal
            assert params["destination"].split(",")[0] in goal, (family.key, goal)
            if "title" in params and "cheapest" not in family.name:
                assert params["title"] in goal


def test_sampled_tasks_can_be_done():
    rng = random.Random(11)
    for family in FAMILIES:
        for _ in range(10):
            p = family.sample(rng)
            if "listing_id" in p and "adults" in p:
                assert p["listing_id"] in {i["id"] for i in search_listings(p["destination"], p["adults"] + p["children"])}
            if family.name == "save_cheapest_match":
                assert cheapest_match(p["destination"], p["adults"] + p["children"], p["amenity"])["id"] == p["listing_id"]


# ---- the checkers on states the replica made -----------------------------------------------------------------------
def test_search_checker(task_set, tasks, tmp_path):
    task = first(tasks, "search_stays")
    p = task.params
    assert verdict(task_set, task, finish(client()), tmp_path) == "FAILURE"  # nothing done

    c = client()
    search(c, p)
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    c = client()  # one more adult
    search(c, p, adults=p["adults"] + 1)
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # a filter nobody asked for
    search(c, p)
    filters(c, amenities=["Pool"])
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # searched right, then started booking a place
    search(c, p)
    item = search_listings(p["destination"], p["adults"] + p["children"])[0]
    c.post(f"/book/{item['id']}/start")
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


def test_filtered_search_checker(task_set, tasks, tmp_path):
    task = first(tasks, "filtered_search", lambda p: len(p["amenities"]) >= 2)
    p = task.params

    c = client()
    search(c, p)
    filters(c, p["bedrooms"], p["amenities"])
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    c = client()  # filters first, then the search (filters are kept across searches): still right
    c.post("/bar", data={"where": p["destination"], "action": "search", "back": "/"})
    filters(c, p["bedrooms"], p["amenities"])
    search(c, p)
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    c = client()  # one amenity forgotten
    search(c, p)
    filters(c, p["bedrooms"], p["amenities"][1:])
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # the search only, no filters
    search(c, p)
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # an extra amenity
    search(c, p)
    filters(c, p["bedrooms"], [*p["amenities"], "Gym"])
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


def test_save_to_new_wishlist_checker(task_set, tasks, tmp_path):
    task = first(tasks, "save_to_new_wishlist")
    p = task.params
    other = next(i for i in search_listings(p["destination"]) if i["id"] != p["listing_id"])

    c = client()
    save(c, p["listing_id"], p["wishlist"])
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    c = client()  # another place of the same destination
    save(c, other["id"], p["wishlist"])
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # the right place under another name
    save(c, p["listing_id"], p["wishlist"] + " 2")
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # the right place, plus a stray second one in the same list
    save(c, p["listing_id"], p["wishlist"])
    c.post(f"/rooms/{other['id']}/save", data={"wishlist": "wl-1"})
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # saved, and shared too
    save(c, p["listing_id"], p["wishlist"])
    c.post(f"/rooms/{p['listing_id']}/share", data={"channel": "Email"})
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


def test_save_cheapest_match_checker(task_set, tasks, tmp_path):
    task = first(tasks, "save_cheapest_match")
    p = task.params
    found = sorted(search_listings(p["destination"], p["adults"] + p["children"], {"amenities": [p["amenity"]]}), key=lambda i: i["price"])
    assert found[0]["id"] == p["listing_id"]

    c = client()
    search(c, p)
    filters(c, 0, [p["amenity"]])
    save(c, p["listing_id"], p["wishlist"])
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    cheaper_without = min(search_listings(p["destination"], p["adults"] + p["children"]), key=lambda i: i["price"])
    wrong = found[1]["id"] if len(found) > 1 else None
    for listing_id in {wrong, cheaper_without["id"]} - {None, p["listing_id"]}:  # the next cheapest / cheapest without the amenity
        c = client()
        save(c, listing_id, p["wishlist"])
        assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


def test_book_stay_checker(task_set, tasks, tmp_path):
    task = first(tasks, "book_stay")
    p = task.params

    c = client()
    search(c, p)
    book(c, p)
    assert verdict(task_set, task, finish(c), tmp_path) == "SUCCESS"

    c = client()  # got to the payment page and stopped
    search(c, p)
    book(c, p, pay=False)
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # booked without setting the party (the counters left at zero)
    search(c, p, adults=0, children=0)
    book(c, p)
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # paid with another card
    search(c, p)
    book(c, p, cardNumber="4000 0566 5566 5556")
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"

    c = client()  # booked twice
    search(c, p)
    book(c, p)
    book(c, p)
    assert verdict(task_set, task, finish(c), tmp_path) == "FAILURE"


# ---- the page-driven expert through Chromium (heavy) ----------------------------------------------------------------
@pytest.mark.heavy
@pytest.mark.browser
@pytest.mark.parametrize("family", [f.name for f in FAMILIES])
def test_expert_solves_two_tasks_per_family(task_set, tasks, family, run_policy):
    for task in [t for t in tasks if t.family == f"staynb.{family}"][:2]:
        expert_solves(run_policy, task_set, task)


@pytest.mark.heavy
@pytest.mark.browser
def test_expert_recovers_from_a_detour(task_set, tasks, run_policy):
    """The learner typed another destination, searched it and opened the wishlists page; the expert still books."""
    task = first(tasks, "book_stay")
    elsewhere = next(p for p in ("Nice, France", "Mumbai, India") if p != task.params["destination"])
    detour = [
        Fill(Target("textbox", "Where"), elsewhere),
        Click(Target("button", "Search")),
        Click(Target("link", "Wishlists")),
    ]
    policy = Detour(detour, PageExpert(family_by_key(task.family), task.params))
    result = run_policy(str(task_set / "tasks" / f"{task.name}.json"), policy)
    assert result.error is None and result.reward == 1.0, (task.goal, result)
