"""OpenDining replica without a browser: the catalog the scripts need (River View Café's id, Italian lunch and
3 PM tables, Haight-Ashbury dinners, breakfast places, Evening Delight's fully booked 5 PM, waterfront words
only on the Embarcadero), and the state /finish reports after reservation flows over HTTP, graded by
agisdk's own opendining scripts.

    .venv/bin/python -m pytest tests/unit/test_opendining_replica.py -q
"""

from __future__ import annotations

import re
import urllib.parse

import pytest

from halo_lib.obs.summary import summarize
from halo_lib.sites.opendining.app import OpenDining
from halo_lib.sites.opendining.seed import (
    RESTAURANTS,
    RIVER_VIEW_ID,
    TODAY,
    is_available,
    is_open_at,
    restaurant_by_id,
    search_restaurants,
    top_rated,
)
from tests.support.replica_http import ReplicaUser, grade, serve_replica

SCRIPTS = [f"opendining_{n}" for n in (1, 2, 4, 5, 6, 7, 9, 12, 17, 20, 24)]
WATERFRONT = [
    "embarcadero",
    "pier",
    "bay",
    "waterfront",
    "harbor",
    "harbour",
    "river",
    "marina",
    "seaside",
    "ferry",
    "wharf",
    "boardwalk",
    "quay",
    "shore",
]  # eval_opendining_7.py's keywords


def named(name: str) -> dict:
    found = [r for r in RESTAURANTS if r["name"] == name]
    assert len(found) == 1, name
    return found[0]


def names(restaurants) -> set[str]:
    return {r["name"] for r in restaurants}


# ---- catalog ----------------------------------------------------------------------------------------------
def test_catalog_has_breadth_and_unique_ids():
    assert len(RESTAURANTS) >= 20
    assert len({r["id"] for r in RESTAURANTS}) == len({r["name"] for r in RESTAURANTS}) == len(RESTAURANTS)
    assert len({r["food_type"] for r in RESTAURANTS}) >= 10 and len({r["area"] for r in RESTAURANTS}) >= 8
    ratings = [r["rating"] for r in RESTAURANTS]
    for floor in (3.0, 3.5, 4.0):
        assert any(x < floor for x in ratings) and any(x >= floor for x in ratings)


def test_river_view_cafe_has_the_id_opendining_12_matches():
    river = restaurant_by_id(RIVER_VIEW_ID)
    assert river["name"] == "River View Café" and river["area"] == "Embarcadero"
    assert is_available(river, "3:00 PM") and is_available(river, "3:30 PM")
    assert names(search_restaurants("River View")) == {"River View Café"}
    assert names(search_restaurants("river view cafe")) == {"River View Café"}


def test_italian_tables_at_lunch_and_3pm_with_alternatives():
    italian = [r for r in RESTAURANTS if r["food_type"] == "Italian"]
    assert names(search_restaurants("Italian")) == names(italian) and len(italian) >= 4
    assert {r["name"] for r in italian if is_available(r, "3:00 PM")} >= {"Yellowy Bistro", "Luigi's Trattoria"}
    assert is_open_at(named("Trattoria Roma"), "12:30 PM") and not is_available(named("Trattoria Roma"), "12:30 PM")
    assert not is_open_at(named("Nonna's Table"), "12:30 PM") and is_available(named("Luigi's Trattoria"), "12:30 PM")
    # opendining-1 also takes "italian" in a name or description: only Italian restaurants say it
    assert {r["name"] for r in RESTAURANTS if "italian" in (r["name"] + r["description"]).lower()} == names(italian)


def test_waterfront_words_only_on_the_embarcadero():
    for r in RESTAURANTS:
        text = " ".join([r["name"], r["description"], f"/images/{r['id']}.svg"]).lower()
        hit = [w for w in WATERFRONT if w in text]
        assert bool(hit) == (r["area"] == "Embarcadero"), (r["name"], hit)
    assert names(search_restaurants("Embarcadero")) == {"River View Café", "Ocean Breeze", "Crowded Corner"}


def test_choices_each_script_needs():
    american = [r for r in RESTAURANTS if "american" in r["food_type"].lower()]
    assert any(is_available(r, "7:30 PM") for r in american) and any(r["rating"] < 3 for r in american)
    haight = search_restaurants("Haight-Ashbury")
    assert len(haight) == 3 and all(r["area"] == "Haight-Ashbury" for r in haight)
    assert all(any(is_available(r, t) for t in ("8:00 PM", "8:30 PM")) for r in haight)
    breakfast = search_restaurants("breakfast")
    assert any(r["rating"] >= 3 and is_available(r, "8:00 AM") for r in breakfast)
    assert any(r["rating"] < 3 and is_available(r, "8:00 AM") for r in breakfast)
    evening = named("Evening Delight")
    assert is_open_at(evening, "5:00 PM") and not is_available(evening, "5:00 PM") and is_available(evening, "5:30 PM")
    assert top_rated(6)[0]["name"] == "The Royal Dine" and all(r["rating"] >= 4.5 for r in top_rated(6))
    assert is_available(named("The Royal Dine"), "9:00 PM") and any(is_available(r, "1:30 PM") for r in RESTAURANTS)


# ---- a live replica over HTTP ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base_url():
    with serve_replica(OpenDining()) as base:
        yield base


class Diner(ReplicaUser):
    """One OpenDining user: search, pick a slot, complete the details form, ask for an alert."""

    def search(self, q: str, date: str = "2024-07-18", time: str = "7:00 PM", party: int = 2) -> str:
        return self.get("/search?" + urllib.parse.urlencode({"q": q, "date": date, "time": time, "party": party}))

    def book(self, name: str, time: str, *, date: str = "2024-07-18", party: int = 2, occasion: str = "", **contact) -> str:
        restaurant = named(name)
        self.get(f"/restaurant/{restaurant['id']}?" + urllib.parse.urlencode({"date": date, "time": time, "party": party}))
        self.post("/booking/select", restaurant_id=restaurant["id"], date=date, time=time, party=party)
        form = {
            "first_name": "Alex",
            "last_name": "Johnson",
            "phone": "(415) 555-0142",
            "email": "alex.johnson@example.com",
            "occasion": occasion,
            "special_request": "",
        }
        return self.post("/booking/complete", **{**form, **contact})

    def notify(self, name: str, time: str, date: str = "2024-07-18", party: int = 2) -> str:
        return self.post("/notify", restaurant_id=named(name)["id"], date=date, time=time, party=party)


def fresh(base_url: str, task: str = "opendining-1") -> Diner:
    return Diner(base_url, task)


def test_an_untouched_session_fails_every_script(base_url, tmp_path):
    finish = fresh(base_url).finish()
    diff = finish["initialfinaldiff"]
    assert diff["added"] == {"config": {"open_dining": {"run_id": "0", "error_booking": False}}}
    assert diff["updated"] == {} and diff["deleted"] == {} and set(finish) == {"initialfinaldiff"}
    for script in SCRIPTS:
        assert grade(script, finish, tmp_path) == "FAILURE", script


def test_browsing_changes_nothing(base_url):
    diner = fresh(base_url)
    diner.search("Italian", time="3:00 PM")
    diner.get(f"/restaurant/{RIVER_VIEW_ID}")
    diner.get("/reservations"), diner.get("/notifications"), diner.get("/finish")
    assert diner.finish()["initialfinaldiff"]["updated"] == {}


def test_a_reservation_has_the_shapes_the_scripts_read(base_url, tmp_path):
    diner = fresh(base_url, "opendining-1")
    page = diner.book("Yellowy Bistro", "3:00 PM")
    assert "Reservation confirmed" in page and re.search(r"Confirmation number: \d{7}", page)
    diff = diner.finish()["initialfinaldiff"]
    booking = diff["added"]["booking"]
    assert set(booking) == {"bookingDetails", "index", "time", "date", "guests"}
    assert booking["index"] == RESTAURANTS.index(named("Yellowy Bistro")) + 1
    assert (booking["time"], booking["date"], booking["guests"]) == ("3:00 PM", "2024-07-18T00:00:00.000Z", "2 people")
    detail = booking["bookingDetails"]["0"]
    assert detail["restaurant"]["food_type"] == "Italian" and detail["restaurant"]["rating"] == 4.5
    assert detail["optionals"] == {"occasion": "", "request": ""} and detail["tel"] == "(415) 555-0142"
    assert diff["updated"] == {"booking": {"bookingCompleted": True}}
    assert grade("opendining_1", diner.finish(), tmp_path) == "SUCCESS"
    assert grade("opendining_24", diner.finish(), tmp_path) == "FAILURE"  # 3 PM, not 12:30 PM
    # a second reservation appends under the next index; the pending selection follows it
    diner.book("Luigi's Trattoria", "12:30 PM")
    booking = diner.finish()["initialfinaldiff"]["added"]["booking"]
    assert list(booking["bookingDetails"]) == ["0", "1"] and booking["time"] == "12:30 PM"
    assert grade("opendining_24", diner.finish(), tmp_path) == "SUCCESS"


@pytest.mark.parametrize(
    "task,right,wrongs",
    [
        (
            "opendining_1",
            dict(name="Yellowy Bistro", time="3:00 PM"),
            [dict(name="Yellowy Bistro", time="4:00 PM"), dict(name="Fancy Lights Bistro", time="3:00 PM")],
        ),
        (
            "opendining_24",
            dict(name="Luigi's Trattoria", time="12:30 PM"),
            [dict(name="Luigi's Trattoria", time="1:00 PM"), dict(name="Sushi Zen", time="12:30 PM")],
        ),
        (
            "opendining_2",
            dict(name="Vintage Bites", time="7:30 PM", occasion="Birthday"),
            [
                dict(name="Vintage Bites", time="8:30 PM", occasion="Birthday"),
                dict(name="Taco Loco", time="7:30 PM", occasion="Birthday"),
                dict(name="Vintage Bites", time="7:30 PM"),
                dict(name="Vintage Bites", time="7:30 PM", occasion="Birthday", party=3),
            ],
        ),
        (
            "opendining_4",
            dict(name="The Royal Dine", time="9:00 PM"),
            [dict(name="Bar Central", time="9:00 PM"), dict(name="The Royal Dine", time="8:30 PM")],
        ),
        (
            "opendining_5",
            dict(name="Expensive Taste", time="7:00 PM", occasion="Birthday"),
            [
                dict(name="Expensive Taste", time="7:00 PM"),
                dict(name="The Golden Spoon", time="7:00 PM", occasion="Birthday"),
                dict(name="Expensive Taste", time="7:00 PM", occasion="Birthday", party=3),
            ],
        ),
        (
            "opendining_6",
            dict(name="Bangkok Garden", time="1:30 PM"),
            [dict(name="Bangkok Garden", time="1:30 PM", date="2024-07-19"), dict(name="Bangkok Garden", time="1:00 PM")],
        ),
        (
            "opendining_7",
            dict(name="Ocean Breeze", time="7:30 PM"),
            [dict(name="Luigi's Trattoria", time="7:00 PM"), dict(name="Evening Delight", time="6:00 PM")],
        ),
        (
            "opendining_9",
            dict(name="Golden Griddle", time="8:00 AM"),
            [dict(name="Sunrise Diner", time="8:00 AM"), dict(name="Golden Griddle", time="10:30 AM")],
        ),
        (
            "opendining_12",
            dict(name="River View Café", time="3:00 PM", date="2025-09-29", party=5),
            [
                dict(name="River View Café", time="3:30 PM", date="2025-09-29", party=5),
                dict(name="River View Café", time="3:00 PM", date="2025-09-29", party=4),
                dict(name="Ocean Breeze", time="3:00 PM", date="2025-09-29", party=5),
            ],
        ),
        (
            "opendining_17",
            dict(name="The Painted Lady", time="8:30 PM", date="2024-09-22", party=6, occasion="Business meal"),
            [
                dict(name="The Painted Lady", time="7:30 PM", date="2024-09-22", party=6, occasion="Business meal"),
                dict(name="The Painted Lady", time="8:30 PM", date="2024-09-22", party=6, occasion="Celebration"),
                dict(name="The Painted Lady", time="8:30 PM", date="2024-09-22", party=5, occasion="Business meal"),
            ],
        ),
        (
            "opendining_20",
            dict(name="Evening Delight", time="5:00 PM"),  # fully booked: book() cannot take it
            [dict(name="Evening Delight", time="5:30 PM")],
        ),
    ],
)
def test_right_and_wrong_reservations(base_url, tmp_path, task, right, wrongs):
    if task != "opendining_20":
        diner = fresh(base_url)
        assert "Reservation confirmed" in diner.book(**right)
        assert grade(task, diner.finish(), tmp_path) == "SUCCESS"
    for wrong in wrongs:
        diner = fresh(base_url)
        assert "Reservation confirmed" in diner.book(**wrong), wrong
        assert grade(task, diner.finish(), tmp_path) == "FAILURE", wrong


def test_a_fully_booked_time_cannot_be_taken_but_can_be_watched(base_url, tmp_path):
    diner = fresh(base_url, "opendining-20")
    evening = named("Evening Delight")
    page = diner.get(f"/restaurant/{evening['id']}?time=5%3A00%20PM")
    assert "5:00 PM is fully booked" in page and "Notify me when 5:00 PM is available" in page
    diner.post("/booking/select", restaurant_id=evening["id"], date="2024-07-18", time="5:00 PM", party=2)
    assert "booking" not in diner.finish()["initialfinaldiff"]["added"]
    assert grade("opendining_20", diner.finish(), tmp_path) == "FAILURE"
    page = diner.notify("Evening Delight", "5:00 PM")
    assert "Evening Delight" in page and "We&#39;ll notify you" in page
    diner.notify("Evening Delight", "5:00 PM")  # asking twice keeps one alert
    finish = diner.finish()
    assert finish["initialfinaldiff"]["added"]["notification"]["notifications"] == {
        "0": {
            "id": "1",
            "restaurantId": evening["id"],
            "restaurantName": "Evening Delight",
            "date": "2024-07-18T00:00:00.000Z",
            "time": "5:00 PM",
            "guests": "2 people",
        }
    }
    assert grade("opendining_20", finish, tmp_path) == "SUCCESS"
    diner.post("/notifications/remove", id="1")
    assert grade("opendining_20", diner.finish(), tmp_path) == "FAILURE"


def test_an_alert_for_another_time_or_restaurant_fails_20(base_url, tmp_path):
    diner = fresh(base_url, "opendining-20")
    diner.notify("Evening Delight", "7:30 PM")
    diner.notify("Sushi Zen", "7:00 PM")
    assert grade("opendining_20", diner.finish(), tmp_path) == "FAILURE"


def test_the_details_form_validates_and_a_reservation_is_not_duplicated(base_url, tmp_path):
    diner = fresh(base_url, "opendining-6")
    page = diner.book("Bangkok Garden", "1:30 PM", phone="+1 1111")
    assert "Enter a valid phone number" in page and "You're almost done!" in page
    assert "bookingDetails" not in diner.finish()["initialfinaldiff"]["added"].get("booking", {})
    diner.post("/booking/complete", first_name="Alex", last_name="Johnson", phone="415 555 0142", email="a@example.com")
    diner.post("/booking/complete", first_name="Alex", last_name="Johnson", phone="415 555 0142", email="a@example.com")
    booking = diner.finish()["initialfinaldiff"]["added"]["booking"]
    assert list(booking["bookingDetails"]) == ["0"] and booking["bookingDetails"]["0"]["tel"] == "415 555 0142"
    assert grade("opendining_6", diner.finish(), tmp_path) == "SUCCESS"


def test_error_booking_config_lands_in_added_and_fails_the_booking(base_url, tmp_path):
    diner = fresh(base_url, "opendining-1")
    diner.get("/config?run_id=0&task_id=v2.opendining-1&latency=0&error_booking=true")
    page = diner.book("Yellowy Bistro", "3:00 PM")
    assert "could not be completed" in page
    finish = diner.finish()
    assert finish["initialfinaldiff"]["added"]["config"] == {"open_dining": {"run_id": "0", "error_booking": True}}
    assert grade("opendining_1", finish, tmp_path) == "FAILURE"


def test_dates_before_today_are_today(base_url):
    diner = fresh(base_url)
    diner.book("Bangkok Garden", "1:30 PM", date="2023-01-01")
    assert diner.finish()["initialfinaldiff"]["added"]["booking"]["date"] == f"{TODAY.isoformat()}T00:00:00.000Z"


# ---- loose scripts, confirmed on real /finish JSON (listed in the report; the replica is not shaped for them) ----
def test_loose_scripts_pass_goal_violations(base_url, tmp_path):
    # opendining-20: on the booking branch the restaurant is not read: 5 PM anywhere passes
    diner = fresh(base_url, "opendining-20")
    diner.book("Sushi Zen", "5:00 PM")
    assert grade("opendining_20", diner.finish(), tmp_path) == "SUCCESS"
    # opendining-7: the rating is not read: Crowded Corner (2.8 stars, not "over 3 stars") passes
    diner = fresh(base_url, "opendining-7")
    diner.book("Crowded Corner", "7:00 PM")
    assert grade("opendining_7", diner.finish(), tmp_path) == "SUCCESS"
    # opendining-17: neither the restaurant (Haight-Ashbury) nor the date (September 22nd) is read
    diner = fresh(base_url, "opendining-17")
    diner.book("Expensive Taste", "8:30 PM", party=6, occasion="Business meal")
    assert grade("opendining_17", diner.finish(), tmp_path) == "SUCCESS"
    # opendining-12: the date (September 29th, 2025) is not read (only 2025-10-21 is rejected): today passes
    diner = fresh(base_url, "opendining-12")
    diner.book("River View Café", "3:00 PM", party=5)
    assert grade("opendining_12", diner.finish(), tmp_path) == "SUCCESS"
    # opendining-1 / -2 / -24 / -9 / -4 / -5: "today" / "tonight" is not read: tomorrow passes
    diner = fresh(base_url, "opendining-1")
    diner.book("Yellowy Bistro", "3:00 PM", date="2024-07-19")
    assert grade("opendining_1", diner.finish(), tmp_path) == "SUCCESS"


# ---- saved pages: the elements each step needs survive the summary ------------------------------------------------
def test_search_page_summary_lists_every_slot_and_the_form(load_page):
    text = summarize(load_page("opendining-17__5")).text
    for needle in (
        "searchbox 'Location, Restaurant, or Cuisine'",
        "combobox 'Time'",
        "combobox 'Party size'",
        "Date 'Date'",
        "link 'The Painted Lady'",
        "button '8:30 PM'",
        "button '9:00 PM fully booked' disabled",
    ):
        assert needle in text, needle
    assert "more elements not shown" not in text


def test_restaurant_and_details_pages_keep_the_widget_and_the_form(load_page):
    restaurant = summarize(load_page("opendining-4__3")).text
    for needle in ("combobox 'Party size'", "combobox 'Time' value='9:00 PM'", "button 'Find a time'", "button '9:00 PM'"):
        assert needle in restaurant, needle
    details = summarize(load_page("opendining-17__6")).text
    for needle in ("combobox 'Occasion'", "Business meal", "textbox 'Phone number'", "button 'Complete reservation'"):
        assert needle in details, needle
    home = summarize(load_page("opendining-4__0")).text
    assert "heading 'Top rated restaurants people are talking about'" in home and "link 'The Royal Dine'" in home
