"""OpenDining's task families (halo_lib/sites/opendining/families.py): generation, the clean split, strict checkers
on states the real replica makes (through FastAPI's TestClient, the forms the UI posts), the checker scripts run as
agisdk runs them, and (heavy) the page-driven expert in the real browser, also after a learner's detour.

    .venv/bin/python -m pytest tests/generated/test_families_opendining.py -q            # fast: no browser
    .venv/bin/python -m pytest tests/generated/test_families_opendining.py -q -m heavy   # the expert in Chromium
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from halo_lib.generated.checker import grade
from halo_lib.generated.family import family_by_key
from halo_lib.sites.expert import Click, Select, Target
from halo_lib.sites.opendining.families import FULL_TIMES, USER, best_rated
from halo_lib.sites.opendining.seed import RESTAURANTS, is_available, restaurant_by_id
from tests.support.family_checks import DetourThenExpert, by_family, expert_solves, finish, make_set, replica_client, verdict

SITE = "opendining"
FAMILY_NAMES = ["book_table", "book_occasion", "book_request", "best_of_cuisine", "notify_me"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return make_set(tmp_path_factory, SITE, per_family=40)


def first(rows, family: str) -> dict:
    return by_family(rows)[f"{SITE}.{family}"][0]


def book(client, params: dict, **change) -> None:
    p = {**params, **change}
    client.post(
        "/booking/select", data={"restaurant_id": p["restaurant_id"], "date": p["date"], "time": p["time"], "party": str(p["party"])}
    )
    client.post(
        "/booking/complete",
        data={
            "first_name": p.get("first_name", USER["First name"]),
            "last_name": USER["Last name"],
            "phone": USER["Phone number"],
            "email": USER["Email"],
            "occasion": p.get("occasion", ""),
            "special_request": p.get("request", ""),
        },
    )


def notify(client, params: dict, **change) -> None:
    p = {**params, **change}
    client.post("/notify", data={"restaurant_id": p["restaurant_id"], "date": p["date"], "time": p["time"], "party": str(p["party"])})


def next_day(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def other_time(params: dict) -> str:
    restaurant = restaurant_by_id(params["restaurant_id"])
    hour = int(params["time"].split(":")[0])
    return next(
        t for t in ("12:00 PM", "1:00 PM", "6:00 PM", "8:00 PM", "9:00 PM") if is_available(restaurant, t) and not t.startswith(f"{hour}:")
    )


def other_restaurant(params: dict) -> str:
    return next(r["id"] for r in RESTAURANTS if r["id"] != params["restaurant_id"] and is_available(r, params["time"]))


def outcomes(row, scenarios) -> dict[str, list[str]]:
    found = {}
    for name, play in scenarios.items():
        client = replica_client(SITE, row["name"])
        play(client)
        found[name] = grade(row["family"], row["params"], finish(client))
    return found


def test_no_task_is_today_for_two(generated):
    folder, rows = generated
    for row in rows:  # never "today for two", the shape of most REAL tasks
        assert not (row["params"]["date"] == "2024-07-18" and row["params"]["party"] == 2)


@pytest.mark.parametrize("family", ["book_table", "book_occasion", "book_request", "best_of_cuisine"])
def test_booking_checkers(generated, tmp_path, family):
    folder, rows = generated
    row = first(rows, family)
    params = row["params"]
    scenarios = {
        "right": lambda c: book(c, params),
        "initial": lambda c: None,
        "slot_only": lambda c: c.post(
            "/booking/select",
            data={"restaurant_id": params["restaurant_id"], "date": params["date"], "time": params["time"], "party": str(params["party"])},
        ),
        "other_day": lambda c: book(c, params, date=next_day(params["date"])),
        "other_time": lambda c: book(c, params, time=other_time(params)),
        "other_party": lambda c: book(c, params, party=params["party"] + 1),
        "other_restaurant": lambda c: book(c, params, restaurant_id=other_restaurant(params)),
        "twice": lambda c: (book(c, params), book(c, params)),
        "other_name": lambda c: book(c, params, first_name="Sam"),
        "alert_too": lambda c: (book(c, params), notify(c, params)),
    }
    if family == "book_occasion":
        scenarios["no_occasion"] = lambda c: book(c, {**params, "occasion": ""})
        scenarios["wrong_occasion"] = lambda c: book(
            c, {**params, "occasion": "Birthday" if params["occasion"] != "Birthday" else "Anniversary"}
        )
    if family == "book_request":
        scenarios["no_request"] = lambda c: book(c, {**params, "request": ""})
    else:
        scenarios["stray_request"] = lambda c: book(c, {**params, "request": "Window seat."})
    found = outcomes(row, scenarios)
    assert found["right"] == [], found["right"]
    assert all(found[name] for name in found if name != "right"), found
    client = replica_client(SITE, row["name"])
    book(client, params)
    assert verdict(folder, row, finish(client), tmp_path) == "SUCCESS"
    client = replica_client(SITE, row["name"])
    book(client, params, party=params["party"] + 1)
    assert verdict(folder, row, finish(client), tmp_path) == "FAILURE"


def test_best_of_cuisine_is_the_top_of_the_sorted_search(generated):
    for row in by_family(generated[1])[f"{SITE}.best_of_cuisine"]:
        cuisine_places = [
            r for r in RESTAURANTS if row["params"]["cuisine"].lower() in (r["food_type"] + " " + " ".join(r["tags"])).lower()
        ]
        assert row["params"]["restaurant_id"] == best_rated(row["params"]["cuisine"])["id"]
        assert len(cuisine_places) >= 2


def test_notify_checker(generated, tmp_path):
    folder, rows = generated
    row = first(rows, "notify_me")
    params = row["params"]
    assert (restaurant_by_id(params["restaurant_id"]), params["time"]) in FULL_TIMES
    found = outcomes(
        row,
        {
            "right": lambda c: notify(c, params),
            "initial": lambda c: None,
            "other_day": lambda c: notify(c, params, date=next_day(params["date"])),
            "other_party": lambda c: notify(c, params, party=params["party"] + 1),
            "booked_other_time": lambda c: (notify(c, params), book(c, params, time=other_time(params))),
            "two_alerts": lambda c: (notify(c, params), notify(c, params, date=next_day(params["date"]))),
        },
    )
    assert found["right"] == [], found["right"]
    assert all(found[name] for name in found if name != "right"), found
    client = replica_client(SITE, row["name"])
    notify(client, params)
    assert verdict(folder, row, finish(client), tmp_path) == "SUCCESS"
    client = replica_client(SITE, row["name"])
    notify(client, params, party=params["party"] + 1)
    assert verdict(folder, row, finish(client), tmp_path) == "FAILURE"


# ---- the expert in the real browser (heavy) ----------------------------------------------------------------
@pytest.mark.heavy
@pytest.mark.browser
@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_expert_solves_two_tasks(generated, run_policy, family):
    folder, rows = generated
    for row in by_family(rows)[f"{SITE}.{family}"][:2]:
        expert_solves(run_policy, folder, row)


@pytest.mark.heavy
@pytest.mark.browser
def test_expert_recovers_from_a_detour(generated, run_policy):
    """A learner opened a top-rated restaurant that is not the one asked for and set a wrong party size there; the
    expert leaves it, finds the right restaurant and books exactly what was asked."""
    folder, rows = generated
    row = first(rows, "book_occasion")
    top = next(r for r in sorted(RESTAURANTS, key=lambda r: (-r["rating"], -r["reviews"]))[:6] if r["id"] != row["params"]["restaurant_id"])
    detour = [Click(Target("link", top["name"])), Select(Target("combobox", "Party size"), "9 people")]
    policy = DetourThenExpert(detour, family_by_key(row["family"]), row["params"])
    result = run_policy(str(folder / "tasks" / f"{row['name']}.json"), policy)
    assert result.error is None, result.error
    assert result.reward == 1.0 and result.verdict == "SUCCESS", (result.verdict, result.steps)
