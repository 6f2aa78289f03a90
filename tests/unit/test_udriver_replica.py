"""Udriver replica without a browser: the places and wallet REAL's scripts name, search, pricing, and the state
/finish reports after ride, wallet and payment flows over HTTP, graded by agisdk's own udriver scripts.

    .venv/bin/python -m pytest tests/unit/test_udriver_replica.py -q
"""

from __future__ import annotations

import json
import urllib.parse

import pytest

from halo_lib.sites.udriver import seed
from halo_lib.sites.udriver.app import Udriver
from halo_lib.sites.udriver.expert import MISTAKES, SOLUTIONS
from tests.support.replica_http import ReplicaUser, grade, serve_replica

SCRIPTS = [
    "udriver_2",
    "udriver_3",
    "udriver_4",
    "udriver_6",
    "udriver_7",
    "udriver_9",
    "udriver_11",
    "udriver_13",
    "udriver_14",
    "udriver_15",
    "udriver_16",
    "udriver_17",
    "udriver_19",
    "udriver_20",
]


# ---- seed ------------------------------------------------------------------------------------------------------
def test_places_the_scripts_name_have_their_ids():
    fixed = {
        201: "Club X",
        723: "Fox Plaza Apartments",
        739: "388 Beale",
        52: "Amber India",
        699: "1 Hotel San Francisco",
        717: "100 Van Ness",
        370: "AI Electronics Center",
        733: "333 Fremont Apartments",
        129: "22nd & Irving",
    }
    for place_id, name in fixed.items():
        assert seed.place(place_id)["name"] == name
    assert seed.place(699)["address"] == "8 Mission St"
    assert seed.place(370)["identifier"] == "RF1" and seed.place(733)["identifier"] == "DLO"
    irving = seed.place(129)
    assert irving["identifier"] == "SPR" and irving["addressComponents"]["street"] == "2101 Irving St"
    names = [p["name"] for p in seed.PLACES]
    for name in (
        "Golden Gate Apartments",
        "1001 Castro Street",
        "1030 Post Street Apartments",
        "1000 Chestnut St",
        "Rooftop 25",
        "Aaha Indian Cuisine",
        "Casa Loma Hotel",
        "Club 26 Mix",
        "201 Turk Street Apartments",
    ):
        assert names.count(name) == 1, name
    assert names.count("Chase Bank") >= 2 and names.count("7-Eleven") >= 2
    assert len(seed.PLACES) >= 40 and len({p["id"] for p in seed.PLACES}) == len(seed.PLACES)


def test_no_other_place_passes_a_scripts_loose_match():
    def lower(p):
        return " ".join([p["name"], p["address"], p["formattedAddress"]]).lower()

    assert [p["id"] for p in seed.PLACES if "irving st" in lower(p)] == [129]  # udriver-7 matches any Irving St address
    assert [p["id"] for p in seed.PLACES if "100 van ness" in lower(p)] == [717]
    assert [p["id"] for p in seed.PLACES if "8 mission" in lower(p)] == [699]
    assert [p["id"] for p in seed.PLACES if "golden gate" in p["name"].lower() and "apart" in p["name"].lower()] == [310]
    assert [p["id"] for p in seed.PLACES if "amber india" in lower(p)] == [52]
    assert [p["id"] for p in seed.PLACES if "rooftop 25" in lower(p)] == [640]


def test_wallet_card_and_ledger():
    store = seed.store()
    wallet = store["user"]["wallet"]
    assert wallet["balance"] == 25.5
    assert round(sum(t["amount"] for t in wallet["transactions"]), 2) == 25.5
    assert not [t for t in wallet["transactions"] if t["description"] == "Wallet Top-up"]
    card = [m for m in wallet["paymentMethods"] if m["type"] == "credit"]
    assert [(c["id"], c["last4"], c["isDefault"]) for c in card] == [("1", "4242", False)]
    assert store["ride"]["selectedPaymentMethod"]["type"] == "wallet"
    # past trips never sit on a task's route
    for trip in store["ride"]["trips"]:
        assert trip["destination"]["id"] not in (723, 850, 52, 717, 640, 565, 402, 403, 404, 901, 902, 903)


def test_prices_follow_the_formula_and_the_tasks_turn_on_them():
    def final(a, b, car):
        return seed.fare(seed.place(a), seed.place(b), car)["finalPrice"]

    for car, cfg in seed.CARS.items():
        base = seed.place(201)["basePrice"] + seed.place(723)["basePrice"]
        assert abs(final(201, 723, car) - base * cfg["multiplier"] * (1 - cfg["discount"])) <= 0.005 + 1e-9
    assert final(201, 723, "UdriverX") <= 25.5 < final(201, 723, "UdriverXL")  # udriver-11
    assert final(77, 850, "UdriverX") > 25.5  # udriver-6: top up first
    assert final(739, 52, "UdriverXL") <= 25.5  # udriver-15
    assert final(370, 733, "UdriverX") > 25.5  # udriver-19: not enough
    assert final(226, 717, "UdriverX") < final(226, 717, "UdriverXL")  # udriver-20


def test_search_finds_what_a_rider_types():
    def first(query):
        return seed.search_places(query)[0]["id"]

    assert first("Golden Gates apartments") == 310
    assert first("Amber Indian Restaurants") == 52
    assert first("22 and Irving") == 129
    assert seed.search_places("7/11")[0]["name"] == "7-Eleven"
    assert {p["name"] for p in seed.search_places("chase bank")[:3]} == {"Chase Bank"}
    assert first("100 Van Ness") == 717 and first("Club X") == 201 and first("1 Hotel San Francisco") == 699
    assert seed.search_places("") == []


def test_every_task_has_a_solution():
    assert sorted(SOLUTIONS) == sorted(s.replace("_", "-") for s in SCRIPTS)
    assert all(name in SOLUTIONS for name in MISTAKES)


# ---- a live replica over HTTP ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base_url():
    with serve_replica(Udriver()) as base:
        yield base


class Rider(ReplicaUser):
    def route(self, pickup: int, dest: int) -> str:
        self.get("/?" + urllib.parse.urlencode({"pq": seed.place(pickup)["name"]}))
        self.post("/ride/place", role="pickup", place_id=pickup)
        self.post("/ride/place", role="destination", place_id=dest)
        return self.post("/ride/prices")

    def book(self, car: str = "UdriverX", payment: str = "wallet") -> str:
        if car != "UdriverX":
            self.post("/ride/car", car_type=car)
        return self.post("/ride/book", payment=payment)

    def top_up(self, amount: str) -> str:
        return self.post("/wallet/topup", amount=amount, method_id="1")


def test_an_untouched_session_fails_every_script(base_url, tmp_path):
    rider = Rider(base_url, "udriver-19")
    finish = rider.finish()
    added = finish["initialfinaldiff"]["added"]
    assert set(added) == {"ride", "user", "config"}  # the store hydrates after REAL's snapshot
    assert isinstance(added["ride"]["trips"], list) and isinstance(added["user"]["wallet"]["transactions"], list)
    assert added["config"]["udriver"]["cars"] == seed.CARS
    assert finish["initialfinaldiff"]["updated"] == {} and "differences" not in finish
    for script in SCRIPTS:
        assert grade(script, finish, tmp_path) == "FAILURE", script


def test_page_views_change_nothing(base_url):
    rider = Rider(base_url, "udriver-3")
    before = rider.finish()
    for path in ("/", "/?pq=club", "/rides", "/trips", "/wallet", "/trip/T-7001", "/nowhere", "/favicon.ico"):
        rider.get(path)
    assert rider.finish() == before


def test_club_x_to_fox_plaza_with_credits(base_url, tmp_path):
    rider = Rider(base_url, "udriver-11")
    page = rider.route(201, 723)
    assert "UdriverX price $22.53" in page and "UdriverXL price $35.25" in page
    page = rider.book()
    assert "Trip completed" in page
    finish = rider.finish()
    added = finish["initialfinaldiff"]["added"]
    trip = added["ride"]["trips"][-1]
    assert trip["status"] == "completed" and trip["car"]["finalPrice"] == 22.53 and trip["paymentMethod"]["type"] == "wallet"
    assert added["ride"]["trip"]["pickup"]["id"] == 201
    assert added["user"]["wallet"]["balance"] == round(25.5 - 22.53, 2)
    assert added["user"]["wallet"]["transactions"][-1]["description"] == "Trip to Fox Plaza Apartments"
    assert grade("udriver_11", finish, tmp_path) == "SUCCESS"
    assert grade("udriver_3", finish, tmp_path) == "FAILURE"


def test_xl_by_card_fails_11_and_the_wallet_refuses_xl(base_url, tmp_path):
    rider = Rider(base_url, "udriver-11")
    rider.route(201, 723)
    page = rider.book("UdriverXL", "wallet")
    assert "Insufficient wallet balance" in page
    assert "trip" not in rider.finish()["initialfinaldiff"]["added"]["ride"]
    rider.book("UdriverXL", "1")
    assert grade("udriver_11", rider.finish(), tmp_path) == "FAILURE"


def test_top_up_100(base_url, tmp_path):
    rider = Rider(base_url, "udriver-2")
    assert "$100.00 added to your wallet" in rider.top_up("100")
    finish = rider.finish()
    wallet = finish["initialfinaldiff"]["added"]["user"]["wallet"]
    assert wallet["balance"] == 125.5 and wallet["transactions"][-1]["type"] == "credit"
    assert grade("udriver_2", finish, tmp_path) == "SUCCESS"
    rider.top_up("100")
    assert grade("udriver_2", rider.finish(), tmp_path) == "FAILURE"


@pytest.mark.parametrize("amounts", [["10"], ["50", "50"], ["0"], ["abc"]])
def test_other_top_ups_fail_2(base_url, tmp_path, amounts):
    rider = Rider(base_url, "udriver-2")
    for amount in amounts:
        rider.top_up(amount)
    assert grade("udriver_2", rider.finish(), tmp_path) == "FAILURE"


def test_casa_loma_needs_a_top_up(base_url, tmp_path):
    rider = Rider(base_url, "udriver-6")
    page = rider.route(77, 850)
    assert "not enough for this UdriverX ride" in page
    assert "Insufficient wallet balance" in rider.book()
    rider.top_up("10")
    rider.post("/ride/prices")
    rider.book()
    finish = rider.finish()
    assert finish["initialfinaldiff"]["added"]["user"]["wallet"]["balance"] == round(35.5 - 29.33, 2)
    assert grade("udriver_6", finish, tmp_path) == "SUCCESS"
    card = Rider(base_url, "udriver-6")
    card.route(77, 850)
    card.book(payment="1")
    assert grade("udriver_6", card.finish(), tmp_path) == "FAILURE"


@pytest.mark.parametrize(
    "script,pickup,dest,car",
    [
        ("udriver_3", 118, 565, "UdriverX"),
        ("udriver_4", 611, 640, "UdriverX"),
        ("udriver_7", 129, 901, "UdriverX"),
        ("udriver_13", 310, 403, "UdriverX"),
        ("udriver_15", 739, 52, "UdriverXL"),
        ("udriver_16", 699, 717, "UdriverX"),
        ("udriver_20", 226, 717, "UdriverX"),
    ],
)
def test_rides_booked_now_pass_and_their_mirror_images_fail(base_url, tmp_path, script, pickup, dest, car):
    rider = Rider(base_url, script.replace("_", "-"))
    rider.route(pickup, dest)
    rider.book(car)
    assert grade(script, rider.finish(), tmp_path) == "SUCCESS"
    reversed_rider = Rider(base_url, script.replace("_", "-"))
    reversed_rider.route(dest, pickup)
    reversed_rider.book(car, "1")
    assert grade(script, reversed_rider.finish(), tmp_path) == "FAILURE"


@pytest.mark.parametrize(
    "script,pickup,dest,car",
    [
        ("udriver_13", 310, 402, "UdriverXL"),
        ("udriver_15", 739, 52, "UdriverX"),
        ("udriver_20", 226, 717, "UdriverXL"),
    ],
)
def test_the_wrong_car_fails(base_url, tmp_path, script, pickup, dest, car):
    rider = Rider(base_url, script.replace("_", "-"))
    rider.route(pickup, dest)
    rider.book(car, "1")
    assert grade(script, rider.finish(), tmp_path) == "FAILURE"


def test_xl_now_in_cash(base_url, tmp_path):
    rider = Rider(base_url, "udriver-9")
    rider.route(699, 565)
    rider.book("UdriverXL", "cash")
    finish = rider.finish()
    assert finish["initialfinaldiff"]["added"]["ride"]["trips"][-1]["paymentMethod"] == {
        "type": "cash",
        "id": "cash",
        "displayName": "Cash",
    }
    assert grade("udriver_9", finish, tmp_path) == "SUCCESS"
    # scheduled instead of now, or by card: both fail
    later = Rider(base_url, "udriver-9")
    later.post("/ride/schedule", day="7/17/2024", hour="9", minute="00", half="AM")
    later.route(699, 565)
    page = later.book("UdriverXL", "cash")
    assert "Ride scheduled" in page
    added = later.finish()["initialfinaldiff"]["added"]["ride"]
    assert added["bookedTrip"]["status"] == "scheduled" and added["bookedTrips"][0]["date"] == "7/17/2024"
    assert grade("udriver_9", later.finish(), tmp_path) == "FAILURE"
    card = Rider(base_url, "udriver-9")
    card.route(699, 565)
    card.book("UdriverXL", "1")
    assert grade("udriver_9", card.finish(), tmp_path) == "FAILURE"


def test_default_card(base_url, tmp_path):
    rider = Rider(base_url, "udriver-14")
    rider.post("/wallet/default", method_id="1")
    finish = rider.finish()
    assert finish["initialfinaldiff"]["added"]["ride"]["selectedPaymentMethod"] == {
        "type": "credit",
        "id": "1",
        "displayName": "Visa •••• 4242",
    }
    assert grade("udriver_14", finish, tmp_path) == "SUCCESS"
    other = Rider(base_url, "udriver-14")
    page = other.post("/wallet/cards", number="5555 5555 5555 4444", expiry="10/28", cvc="123", holder="Jordan Lee")
    assert "Mastercard •••• 4444 added" in page
    other.post("/wallet/default", method_id="2")
    assert grade("udriver_14", other.finish(), tmp_path) == "FAILURE"
    other.post("/wallet/default", method_id="cash")
    assert grade("udriver_14", other.finish(), tmp_path) == "FAILURE"


def test_scheduled_quote(base_url, tmp_path):
    rider = Rider(base_url, "udriver-17")
    rider.post("/ride/place", role="pickup", place_id=733)
    rider.post("/ride/place", role="destination", place_id=744)
    page = rider.post("/ride/schedule", day="7/18/2024", hour="3", minute="30", half="PM")
    assert "Thu, Jul 18, 7/18/2024 at 3:30 PM" in page
    assert grade("udriver_17", rider.finish(), tmp_path) == "FAILURE"  # no price shown yet
    page = rider.post("/ride/prices")
    assert "Schedule UdriverX" in page
    finish = rider.finish()
    ride = finish["initialfinaldiff"]["added"]["ride"]
    assert (ride["pickupDate"], ride["pickupTime"], ride["calculatedPrice"]["finalPrice"]) == ("7/18/2024", "3:30 PM", 21.68)
    assert grade("udriver_17", finish, tmp_path) == "SUCCESS"
    rider.post("/ride/schedule", day="7/18/2024", hour="3", minute="00", half="PM")
    assert grade("udriver_17", rider.finish(), tmp_path) == "FAILURE"
    rider.post("/ride/now")
    assert grade("udriver_17", rider.finish(), tmp_path) == "FAILURE"


def test_schedule_rejects_a_time_already_past(base_url):
    rider = Rider(base_url, "udriver-17")
    page = rider.post("/ride/schedule", day="7/16/2024", hour="9", minute="00", half="AM")
    assert "at least 15 minutes from now" in page
    assert "pickupDate" not in rider.finish()["initialfinaldiff"]["added"]["ride"]


def test_quote_then_check_credits(base_url, tmp_path):
    rider = Rider(base_url, "udriver-19")
    page = rider.route(370, 733)
    assert "UdriverX price $27.20" in page and "not enough for this UdriverX ride" in page
    finish = rider.finish()
    # loose: udriver-19 passes on the shown route and price alone; whether the credits suffice is the answer,
    # and the answer is not in /finish (the same holds for udriver-17's quoted price)
    assert grade("udriver_19", finish, tmp_path) == "SUCCESS"
    rider.post("/ride/swap")  # the route changed: the old quote is gone
    assert "calculatedPrice" not in rider.finish()["initialfinaldiff"]["added"]["ride"]
    rider.post("/ride/prices")
    assert grade("udriver_19", rider.finish(), tmp_path) == "FAILURE"


def test_trip_history_and_cancel(base_url):
    rider = Rider(base_url, "udriver-3")
    page = rider.get("/trips")
    assert "No scheduled rides." in page and "Salesforce Tower" in page and "cancelled" in page
    rider.post("/ride/schedule", day="7/20/2024", hour="8", minute="15", half="AM")
    rider.route(118, 565)
    rider.book()
    page = rider.post("/trips/cancel", trip_id="T-7006")
    assert "was cancelled" in page
    ride = rider.finish()["initialfinaldiff"]["added"]["ride"]
    assert ride["bookedTrips"][0]["status"] == "cancelled" and ride["bookedTrip"]["status"] == "cancelled"
    assert len(ride["trips"]) == 5


def test_a_visit_without_config_hydrates_on_its_first_page():
    with serve_replica(Udriver()) as base:
        import http.cookiejar
        import urllib.request

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with opener.open(base + "/wallet") as response:
            assert "$25.50" in response.read().decode()


def test_finish_is_json_safe(base_url):
    rider = Rider(base_url, "udriver-16")
    rider.route(699, 717)
    rider.book()
    assert json.loads(json.dumps(rider.finish()))


# ---- real pages (tests/fixtures/axtrees/udriver-17__*, captured from the expert) --------------------------------
def test_summaries_keep_the_controls_a_task_needs(page_summary):
    home = page_summary("udriver-17__0").text
    for line in (
        "searchbox 'Search pickup location'",
        "searchbox 'Search destination'",
        "combobox 'Pickup date'",
        "Thu, Jul 18",
        "combobox 'Hour'",
        "combobox 'Minute'",
        "combobox 'AM or PM'",
        "button 'Schedule pickup'",
        "button 'See prices'",
        "link 'Wallet'",
        "button 'Pick up at The Harrison Apartments",
    ):
        assert line in home, line
    searched = page_summary("udriver-17__2").text  # the pickup search results
    assert "button 'Pick up at 333 Fremont Apartments, 333 Fremont St'" in searched
    rides = page_summary("udriver-17__12")
    for line in (
        "UdriverX price $21.68",
        "UdriverXL price $33.92",
        "button 'Choose UdriverXL'",
        "combobox 'Payment method'",
        "Visa •••• 4242",
        "Cash",
        "button 'Schedule UdriverX'",
        "Thu, Jul 18, 7/18/2024 at 3:30 PM",
    ):
        assert line in rides.text, line
    assert rides.n_shown == rides.n_elements and page_summary("udriver-17__0").n_shown == page_summary("udriver-17__0").n_elements
