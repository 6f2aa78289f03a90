"""Zilloft replica without a browser: the seed the tasks need, the search, and the state that /finish reports
after search / tour / contact flows over HTTP, graded by agisdk's own zilloft scripts.

    .venv/bin/python -m pytest tests/unit/test_zilloft_replica.py -q
"""

from __future__ import annotations

import json
import urllib.parse
from collections import Counter

import pytest

from halo_lib.sites.zilloft import expert
from halo_lib.sites.zilloft.app import TIMES, Zilloft, parse_amount, tour_days
from halo_lib.sites.zilloft.seed import AGENTS, HOMES, agents_in, home_by_id, search_homes
from tests.support.replica_http import ReplicaUser, grade, serve_replica

SCRIPTS = [f"zilloft_{n}" for n in (2, 3, 5, 6, 9, 10, 14, 15, 22, 23)]


# ---- seed ---------------------------------------------------------------------------------------------------
def test_breadth_dozens_of_homes_per_city_and_agents_everywhere():
    per_city = Counter(h["city"] for h in HOMES)
    assert len(per_city) == 15 and min(per_city.values()) >= 22 and len(HOMES) > 400
    assert len({h["zpid"] for h in HOMES}) == len(HOMES) and len({h["address"].lower() for h in HOMES}) == len(HOMES)
    assert all(Counter(a["city"] for a in AGENTS)[city] >= 3 for city in per_city)
    assert all(home_by_id(h["zpid"]) is h for h in HOMES)
    assert {h["type"] for h in HOMES} == {"house", "townhouse", "condo", "manufactured"}


def test_addresses_read_the_way_the_scripts_parse_them():
    for h in HOMES:
        assert h["address"] == f"{h['street']}, {h['city']}, {h['state']} {h['zip']}"
        lowered = h["street"].lower()
        if h["type"] == "house":  # eval_zilloft_2 rejects "apt"/"unit"/"condo" in the message
            assert not any(word in lowered for word in ("apt", "unit", "condo"))
        if h["type"] == "condo":
            assert any(word in lowered for word in ("apt", "unit", "#"))
    wright = [h for h in HOMES if h["address"] == "1 Wright St, San Francisco, CA 94110"]  # named by eval_zilloft_23
    assert len(wright) == 1 and wright[0]["beds"] >= 3 and wright[0]["price"] <= 900_000


def test_each_goal_has_matches_and_traps():
    long_beach = search_homes("Long Beach, CA")
    assert sum(h["beds"] == 3 and h["baths"] == 2 and h["type"] == "house" for h in long_beach) >= 3
    assert sum(h["beds"] == 3 and h["baths"] == 2 and h["type"] == "condo" for h in long_beach) >= 2
    la = search_homes("Los Angeles, CA", max_price=350_000, min_beds=2, min_baths=1)
    assert len(la) >= 2 and len(search_homes("Los Angeles, CA")) > 25
    sac = search_homes("Sacramento, CA", min_price=500_000, max_price=1_100_000, min_beds=4, min_baths=2)
    assert (
        len(sac) >= 3
        and search_homes("Sacramento, CA", min_beds=4, min_price=1_100_001)
        and search_homes("Sacramento, CA", min_beds=4, max_price=499_999)
    )
    boston = search_homes("Boston, MA")
    assert sum(h["price"] < 1_000_000 for h in boston) >= 4 and sum(h["price"] >= 1_000_000 for h in boston) >= 15
    bay = search_homes("San Francisco Bay Area", max_price=1_000_000, min_beds=3)
    assert len(bay) >= 10 and {h["city"] for h in bay} >= {"San Francisco", "Oakland", "San Jose"}
    assert search_homes("San Francisco Bay Area", min_price=1_000_001, min_beds=3)
    assert len(search_homes("Southern California", max_price=1_000_000)) >= 30
    assert len(search_homes("California", max_price=900_000, min_beds=3)) >= 20
    assert len(search_homes("", max_price=500_000, min_beds=2)) >= 20
    sizes = [h["sqft"] for h in HOMES]
    assert sum(s > 1000 for s in sizes) > 100 and sum(s < 1000 for s in sizes) > 30
    san_jose = agents_in("San Jose, CA")
    assert len(san_jose) == 5 and all(a["city"] == "San Jose" for a in san_jose)


def test_search_places_and_filters():
    assert {h["city"] for h in search_homes("Boston")} == {"Boston"}
    assert {h["city"] for h in search_homes("boston, massachusetts")} == {"Boston"}
    assert {h["state"] for h in search_homes("CA")} == {"CA"} and search_homes("California") == search_homes("ca")
    assert {h["city"] for h in search_homes("SoCal")} == {"Los Angeles", "Long Beach", "Huntington Beach", "San Diego", "Irvine"}
    assert [h["zip"] for h in search_homes("94110")] and all(h["zip"] == "94110" for h in search_homes("94110"))
    assert [h["address"] for h in search_homes("1 wright st")] == ["1 Wright St, San Francisco, CA 94110"]
    assert search_homes("Atlantis") == []
    priced = search_homes("Boston, MA", sort="price-asc")
    assert [h["price"] for h in priced] == sorted(h["price"] for h in priced)
    assert parse_amount("$500,000") == parse_amount("500k") == 500_000 and parse_amount("1.1M") == 1_100_000 and parse_amount("x") is None
    assert tour_days()[0] == ("2024-07-18", "Thu, Jul 18 (today)") and tour_days()[2] == ("2024-07-20", "Sat, Jul 20")
    assert TIMES[0] == "8:00 AM" and "12:00 PM" in TIMES and TIMES[-1] == "7:00 PM"


def test_expert_homes_meet_their_goals():
    assert expert.LONG_BEACH_HOUSE["city"] == "Long Beach" and (expert.LONG_BEACH_HOUSE["beds"], expert.LONG_BEACH_HOUSE["baths"]) == (3, 2)
    assert expert.LA_UNDER_350K["price"] <= 350_000 and expert.LA_UNDER_350K["beds"] >= 2
    assert 500_000 <= expert.SACRAMENTO_4BD["price"] <= 1_100_000 and expert.SACRAMENTO_4BD["beds"] >= 4
    assert expert.OVER_1000_SQFT["sqft"] > 1000 and expert.OVER_1000_SQFT["type"] == "house"
    assert expert.UNDER_500K_2BD["price"] <= 500_000 and expert.UNDER_500K_2BD["beds"] >= 2
    assert expert.BOSTON_UNDER_1M["city"] == "Boston" and expert.BOSTON_UNDER_1M["price"] < 1_000_000
    assert expert.BAY_AREA_3BD["price"] <= 1_000_000 and expert.BAY_AREA_3BD["beds"] >= 3
    assert expert.SOCAL_UNDER_1M["price"] < 1_000_000
    assert [a["name"] for a in agents_in("San Jose, CA")][0] == "Jorge Patel"


# ---- a live replica over HTTP -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base_url():
    with serve_replica(Zilloft()) as base:
        yield base


class Buyer(ReplicaUser):
    """One Zilloft user: search, request tours, contact agents."""

    name, email, phone = "Alex Johnson", "alex.johnson@example.com", "(415) 555-0142"

    def search(self, q: str, **filters) -> str:
        return self.get("/homes?" + urllib.parse.urlencode({"q": q, **filters}))

    def tour(self, home: dict, *slots: tuple[str, str], **fields) -> str:
        self.get(f"/homedetails/{home['zpid']}")
        form = {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "message": f"I am interested in {home['address']}.",
            "tour_type": "in-person",
        }
        for index, (day, time) in enumerate(slots):
            form[f"date{index}"], form[f"time{index}"] = day, time
        return self.post(f"/homedetails/{home['zpid']}/tour", **{**form, **fields})

    def contact(self, home: dict, day: str = "", time: str = "", **fields) -> str:
        self.get(f"/homedetails/{home['zpid']}/contact")
        form = {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "message": f"I am interested in {home['address']}.",
            "date": day,
            "time": time,
        }
        return self.post(f"/homedetails/{home['zpid']}/contact", **{**form, **fields})

    def hire(self, agent_id: str) -> str:
        self.get(f"/agents/{agent_id}")
        return self.post(
            f"/agents/{agent_id}/contact",
            name=self.name,
            email=self.email,
            phone=self.phone,
            intent="buy",
            message="I'm looking for an agent to help me buy a home.",
        )


def grades(finish: dict, tmp_path) -> dict[str, str]:
    return {script: grade(script, finish, tmp_path) for script in SCRIPTS}


def test_an_untouched_session_fails_every_script(base_url, tmp_path):
    buyer = Buyer(base_url, "zilloft-3")
    buyer.get("/homes")
    buyer.get("/homedetails/20480541")
    buyer.get("/agents?location=San+Jose")
    finish = buyer.finish()
    assert finish["initialfinaldiff"] == {
        "added": {"config": {"zilloft": {"run_id": "0", "task_id": "v2.zilloft-3"}}},
        "updated": {},
        "deleted": {},
    }
    assert finish["differences"]["requestTours"] == {"added": {}, "updated": {}, "deleted": {}}
    assert set(grades(finish, tmp_path).values()) == {"FAILURE"}


def test_a_tour_request_has_the_shapes_the_scripts_read(base_url, tmp_path):
    buyer = Buyer(base_url, "zilloft-2")
    buyer.search("Long Beach, CA", beds="3", baths="2", type="house")
    home = expert.LONG_BEACH_HOUSE
    form = buyer.get(f"/homedetails/{home['zpid']}/tour")
    assert f"I am interested in {home['address']}." in form and "Fri, Jul 19 (tomorrow)" in form
    page = buyer.tour(home, ("2024-07-19", "11:00 AM"), ("2024-07-20", "1:30 PM"), share="on")
    assert "Tour request sent" in page
    finish = buyer.finish()
    diff = finish["initialfinaldiff"]
    entry = diff["added"]["tourRequests"]["requestTourList"]["0"]
    assert list(entry)[:2] == ["id", "createdAt"] and entry["createdAt"].startswith("2024-07-18T")
    assert entry["requestTourData"]["options"] == [
        {"date": "2024-07-19T00:00:00.000Z", "time": "11:00 AM"},
        {"date": "2024-07-20T00:00:00.000Z", "time": "1:30 PM"},
    ]
    assert entry["requestTourData"]["formValues"]["message"] == f"I am interested in {home['address']}."
    assert entry["requestTourData"]["shareInfoDetails"] == {"shareWithLender": True}
    assert entry["home"]["price"] == home["price"] and entry["home"]["beds"] == 3
    assert finish["differences"]["requestTours"]["added"] == {entry["id"]: entry}
    assert diff["added"]["config"]["zilloft"]["run_id"] == "0"
    assert diff["updated"]["searchQueryState"] == {
        "usersSearchTerm": "Long Beach, CA",
        "filterState": {"minBeds": 3, "minBaths": 2.0, "homeType": "house"},
    }
    assert buyer.finish() == finish  # /finish changes nothing
    assert "11:00 AM" in buyer.get("/myzilloft")
    verdicts = grades(finish, tmp_path)
    assert verdicts["zilloft_2"] == verdicts["zilloft_3"] == "SUCCESS"
    # zilloft-9 and -22 accept any tour request (loose scripts, see below); zilloft-10 reads the home's price
    # ($1,095,000 is over its $500k), and the others want a contact message, the Bay Area, or the weekend
    assert verdicts["zilloft_9"] == verdicts["zilloft_22"] == "SUCCESS" and verdicts["zilloft_10"] == "FAILURE"
    assert verdicts["zilloft_5"] == verdicts["zilloft_6"] == verdicts["zilloft_14"] == verdicts["zilloft_15"] == "FAILURE"


def test_a_second_request_appends_by_index(base_url, tmp_path):
    buyer = Buyer(base_url, "zilloft-22")
    buyer.tour(expert.SOCAL_UNDER_1M, ("2024-07-20", "11:30 AM"))
    buyer.tour(expert.LONG_BEACH_CONDO, ("2024-07-21", "9:00 AM"))
    added = buyer.finish()["initialfinaldiff"]["added"]["tourRequests"]["requestTourList"]
    assert list(added) == ["0", "1"] and added["1"]["home"]["zpid"] == expert.LONG_BEACH_CONDO["zpid"]


def test_invalid_forms_record_nothing(base_url):
    buyer = Buyer(base_url, "zilloft-3")
    home = expert.LA_UNDER_350K
    assert "Choose a date and a time" in buyer.tour(home)
    assert "valid phone" in buyer.tour(home, ("2024-07-19", "10:00 AM"), phone="12")
    assert "valid email" in buyer.contact(home, email="nope")
    assert "Choose a tour date" in buyer.contact(home, day="2025-01-01", time="1:00 PM")
    assert "tourRequests" not in buyer.finish()["initialfinaldiff"]["added"]


# ---- each task: the right flow passes, plausible wrong ones fail ----------------------------------------
def test_zilloft_2_house_in_long_beach_not_a_condo(base_url, tmp_path):
    right = Buyer(base_url, "zilloft-2")
    right.tour(expert.LONG_BEACH_HOUSE, ("2024-07-19", "11:00 AM"))
    assert grade("zilloft_2", right.finish(), tmp_path) == "SUCCESS"
    condo = Buyer(base_url, "zilloft-2")
    condo.tour(expert.LONG_BEACH_CONDO, ("2024-07-19", "11:00 AM"))
    assert grade("zilloft_2", condo.finish(), tmp_path) == "FAILURE"
    elsewhere = Buyer(base_url, "zilloft-2")
    elsewhere.tour(expert.LA_HOUSE_3BD, ("2024-07-19", "11:00 AM"))
    assert grade("zilloft_2", elsewhere.finish(), tmp_path) == "FAILURE"


def test_zilloft_3_needs_a_tour_with_contact_details_and_run_id(base_url, tmp_path):
    right = Buyer(base_url, "zilloft-3")
    right.search("Los Angeles, CA", max_price="350000", beds="2", baths="1", type="house")
    right.tour(expert.LA_UNDER_350K, ("2024-07-19", "10:00 AM"))
    finish = right.finish()
    assert grade("zilloft_3", finish, tmp_path) == "SUCCESS"
    finish["initialfinaldiff"]["added"]["config"]["zilloft"]["run_id"] = ""  # the script's run_id rule
    assert grade("zilloft_3", finish, tmp_path) == "FAILURE"
    message = Buyer(base_url, "zilloft-3")
    message.contact(expert.LA_UNDER_350K, "2024-07-19", "10:00 AM")
    assert grade("zilloft_3", message.finish(), tmp_path) == "FAILURE"


def test_zilloft_5_contact_an_agent(base_url, tmp_path):
    right = Buyer(base_url, "zilloft-5")
    right.get("/agents?location=San+Jose%2C+CA")
    assert "Message sent to Jorge Patel" in right.hire(agents_in("San Jose, CA")[0]["id"])
    finish = right.finish()
    entry = finish["initialfinaldiff"]["added"]["tourRequests"]["contactAgentList"]["0"]
    assert entry["agent"]["city"] == "San Jose" and "selectedDate" not in entry["contactAgentData"]
    assert entry["contactAgentData"]["formValues"]["intent"] == "buy"
    verdicts = grades(finish, tmp_path)
    assert verdicts["zilloft_5"] == "SUCCESS" and verdicts["zilloft_6"] == verdicts["zilloft_14"] == verdicts["zilloft_3"] == "FAILURE"
    tour = Buyer(base_url, "zilloft-5")
    tour.tour(search_homes("San Jose, CA")[0], ("2024-07-19", "10:00 AM"))
    assert grade("zilloft_5", tour.finish(), tmp_path) == "FAILURE"


def test_zilloft_6_july_19_around_1_pm(base_url, tmp_path):
    home = expert.SACRAMENTO_4BD
    for day, time, verdict in [
        ("2024-07-19", "1:00 PM", "SUCCESS"),
        ("2024-07-19", "12:30 PM", "SUCCESS"),
        ("2024-07-19", "10:00 AM", "FAILURE"),
        ("2024-07-20", "1:00 PM", "FAILURE"),
        ("", "", "FAILURE"),
    ]:
        buyer = Buyer(base_url, "zilloft-6")
        buyer.search("Sacramento, CA", min_price="500000", max_price="1100000", beds="4", baths="2")
        assert "Message sent" in buyer.contact(home, day, time)
        assert grade("zilloft_6", buyer.finish(), tmp_path) == verdict, (day, time)
    tour = Buyer(base_url, "zilloft-6")
    tour.tour(home, ("2024-07-19", "1:00 PM"))
    assert grade("zilloft_6", tour.finish(), tmp_path) == "FAILURE"  # a tour request is not contacting the agent


def test_zilloft_9_and_22_pass_on_any_tour_request(base_url, tmp_path):
    # Loose scripts, confirmed: a tour of a 2-bedroom, 860 sqft Seattle house passes zilloft-9 ("over 1000
    # square feet") and a tour of a $3.95M Boston house passes zilloft-22 ("SoCal, under 1 million").
    small = next(h for h in HOMES if h["address"].startswith("2410 NW 59th St"))
    assert small["sqft"] < 1000
    buyer = Buyer(base_url, "zilloft-9")
    buyer.tour(small, ("2024-07-19", "10:00 AM"))
    assert grade("zilloft_9", buyer.finish(), tmp_path) == "SUCCESS"
    pricey = next(h for h in HOMES if h["address"].startswith("42 Mount Vernon St"))
    buyer = Buyer(base_url, "zilloft-22")
    buyer.tour(pricey, ("2024-07-20", "10:00 AM"))
    assert grade("zilloft_22", buyer.finish(), tmp_path) == "SUCCESS"
    # the right flows pass too, and a contact-agent message is no tour request
    right = Buyer(base_url, "zilloft-9")
    right.search("Seattle, WA", type="house", sqft="1000")
    right.tour(expert.OVER_1000_SQFT, ("2024-07-20", "10:00 AM"))
    assert grade("zilloft_9", right.finish(), tmp_path) == "SUCCESS"
    message = Buyer(base_url, "zilloft-22")
    message.contact(expert.SOCAL_UNDER_1M, "2024-07-20", "11:30 AM")
    assert grade("zilloft_22", message.finish(), tmp_path) == "FAILURE"


def test_zilloft_10_under_500k_with_2_bedrooms(base_url, tmp_path):
    right = Buyer(base_url, "zilloft-10")
    right.search("Fresno, CA", max_price="500000", beds="2", type="house")
    right.tour(expert.UNDER_500K_2BD, ("2024-07-19", "4:00 PM"))
    assert grade("zilloft_10", right.finish(), tmp_path) == "SUCCESS"
    no_filters = Buyer(base_url, "zilloft-10")  # the home itself is under $500k with 2+ beds
    no_filters.tour(expert.UNDER_500K_2BD, ("2024-07-19", "4:00 PM"))
    assert grade("zilloft_10", no_filters.finish(), tmp_path) == "SUCCESS"
    over = Buyer(base_url, "zilloft-10")
    over.search("Fresno, CA", min_price="500001", beds="2")
    over.tour(expert.OVER_500K, ("2024-07-19", "4:00 PM"))
    assert grade("zilloft_10", over.finish(), tmp_path) == "FAILURE"
    loose_cap = Buyer(base_url, "zilloft-10")  # searched up to $750k: the script fails a cap over $500k
    loose_cap.search("Fresno, CA", max_price="750000", beds="2")
    loose_cap.tour(expert.UNDER_500K_2BD, ("2024-07-19", "4:00 PM"))
    assert grade("zilloft_10", loose_cap.finish(), tmp_path) == "FAILURE"
    one_bed = Buyer(base_url, "zilloft-10")
    small = next(h for h in HOMES if h["beds"] == 1 and h["price"] < 500_000)
    one_bed.tour(small, ("2024-07-19", "4:00 PM"))
    assert grade("zilloft_10", one_bed.finish(), tmp_path) == "FAILURE"


def test_zilloft_14_contact_for_tomorrow_9_am_in_boston(base_url, tmp_path):
    home = expert.BOSTON_UNDER_1M
    right = Buyer(base_url, "zilloft-14")
    right.search("Boston, MA", max_price="1000000", type="house")
    right.tour(expert.BOSTON_UNDER_1M, ("2024-07-20", "10:00 AM"))  # an earlier tour request does not move "today"
    right.contact(home, "2024-07-19", "9:00 AM")
    finish = right.finish()
    assert json.dumps(finish).index('"createdAt": "2024-07-18T') < json.dumps(finish).index('"date"')
    assert grade("zilloft_14", finish, tmp_path) == "SUCCESS"
    for day in ("2024-07-18", "2024-07-20"):
        wrong_day = Buyer(base_url, "zilloft-14")
        wrong_day.search("Boston, MA", max_price="1000000")
        wrong_day.contact(home, day, "9:00 AM")
        assert grade("zilloft_14", wrong_day.finish(), tmp_path) == "FAILURE"
    cambridge = Buyer(base_url, "zilloft-14")
    cambridge.search("Cambridge, MA", max_price="1000000")
    cambridge.contact(search_homes("Cambridge, MA")[0], "2024-07-19", "9:00 AM")
    assert grade("zilloft_14", cambridge.finish(), tmp_path) == "FAILURE"
    tour = Buyer(base_url, "zilloft-14")
    tour.search("Boston, MA", max_price="1000000")
    tour.tour(home, ("2024-07-19", "9:00 AM"))
    assert grade("zilloft_14", tour.finish(), tmp_path) == "FAILURE"


def test_zilloft_15_bay_area_weekend_afternoon(base_url, tmp_path):
    home = expert.BAY_AREA_3BD
    for slots, verdict in [
        ([("2024-07-20", "1:00 PM")], "SUCCESS"),
        ([("2024-07-19", "2:00 PM"), ("2024-07-21", "12:00 PM")], "SUCCESS"),
        ([("2024-07-19", "2:00 PM")], "FAILURE"),
        ([("2024-07-20", "11:30 AM")], "FAILURE"),
    ]:
        buyer = Buyer(base_url, "zilloft-15")
        buyer.search("San Francisco Bay Area", max_price="1000000", beds="3")
        buyer.tour(home, *slots)
        assert grade("zilloft_15", buyer.finish(), tmp_path) == verdict, slots
    for wrong in (expert.BAY_AREA_2BD, next(h for h in search_homes("Oakland, CA", min_price=1_000_001, min_beds=3))):
        buyer = Buyer(base_url, "zilloft-15")
        buyer.tour(wrong, ("2024-07-20", "1:00 PM"))
        assert grade("zilloft_15", buyer.finish(), tmp_path) == "FAILURE", wrong["address"]
    socal = Buyer(base_url, "zilloft-15")
    socal.tour(expert.SOCAL_UNDER_1M, ("2024-07-20", "1:00 PM"))
    assert grade("zilloft_15", socal.finish(), tmp_path) == "FAILURE"


def test_zilloft_23_search_california_under_900k_3_beds(base_url, tmp_path):
    right = Buyer(base_url, "zilloft-23")
    assert "47 results" in right.search("California", max_price="900000", beds="3")
    finish = right.finish()
    assert finish["initialfinaldiff"]["updated"] == {
        "searchQueryState": {"usersSearchTerm": "California", "filterState": {"maxPrice": 900000, "minBeds": 3}}
    }
    assert grade("zilloft_23", finish, tmp_path) == "SUCCESS"
    city = Buyer(base_url, "zilloft-23")
    city.search("San Diego, CA", max_price="900k", beds="3")
    assert grade("zilloft_23", city.finish(), tmp_path) == "SUCCESS"
    for place, cap, beds in [("Austin, TX", "900000", "3"), ("California", "1500000", "3"), ("California", "900000", "")]:
        wrong = Buyer(base_url, "zilloft-23")
        wrong.search(place, max_price=cap, beds=beds)
        assert grade("zilloft_23", wrong.finish(), tmp_path) == "FAILURE", (place, cap, beds)


def test_pages_render(base_url):
    buyer = Buyer(base_url, "zilloft-2")
    assert "Search" in buyer.get("/") and "Boston, MA" in buyer.get("/")
    page = buyer.search("San Francisco Bay Area", max_price="1000000", beds="3")
    assert "page 1 of 2" in page and "Next page" in page
    assert "page 2 of 2" in buyer.get("/homes?page=2")
    assert "1 Wright St" in buyer.get("/homedetails/" + next(h["zpid"] for h in HOMES if h["street"] == "1 Wright St"))
    assert "Jorge Patel" in buyer.get("/agents?location=San+Jose")
    assert "No tour requests yet" in buyer.get("/myzilloft")
    assert "Page not found" in buyer.get("/homedetails/1")


# ---- what the agent reads of real pages (tests/fixtures/axtrees, captured from the expert's zilloft-15) ----
def test_results_page_summary_lists_the_filters_and_every_home_on_the_page(page_summary):
    summary = page_summary("zilloft-15__5")  # Bay Area, up to $1M, 3+ beds: 21 results, 15 on page 1
    lines = summary.text.splitlines()
    assert summary.n_shown == summary.n_elements and summary.estimated_tokens() <= 1500
    for element in (
        "searchbox 'Location' value='San Francisco Bay Area'",
        "textbox 'Max price' value='1000000'",
        "combobox 'Beds' value='3+'",
        "combobox 'Home type'",
        "combobox 'Min square feet'",
        "button 'Search'",
        "link 'Next page'",
    ):
        assert any(element in line for line in lines), element
    homes = [line for line in lines if "] link '" in line and ", CA 9" in line]
    assert len(homes) == 15 and all("$" in line and " bd, " in line and "sqft" in line for line in homes)
    assert expert.BAY_AREA_3BD["address"] in homes[0]


@pytest.mark.parametrize("page", ["zilloft-15__7", "zilloft-15__14"])  # the tour form, empty and filled in
def test_tour_form_summary_lists_every_field(page, page_summary):
    summary = page_summary(page)
    lines = summary.text.splitlines()
    assert summary.n_shown == summary.n_elements and summary.estimated_tokens() <= 1500
    for prefix in ("Preferred", "Second choice", "Third choice"):
        assert any(f"combobox '{prefix} date'" in line and "Sat, Jul 20" in line for line in lines)
        assert any(f"combobox '{prefix} time'" in line and "1:00 PM" in line for line in lines)
    for element in (
        "textbox 'Full name'",
        "textbox 'Phone'",
        "textbox 'Email'",
        "checkbox 'Share my info",
        f"textbox 'Message' value='I am interested in {expert.BAY_AREA_3BD['address']}.'",
        "button 'Send tour request'",
    ):
        assert any(element in line for line in lines), element
    if page.endswith("__14"):
        assert any("'Preferred date' value='Sat, Jul 20'" in line for line in lines)
        assert any("'Full name' value='Alex Johnson'" in line for line in lines)


def test_loose_scripts_confirmed(base_url, tmp_path):
    """What else the unmodified scripts accept (reported as loose; the replica is not shaped for any of it)."""
    boston = expert.BOSTON_UNDER_1M
    # zilloft-5 ("contact an agent in San Jose to hire"): any contact form with a name, email or phone
    # zilloft-6 (Sacramento, 500k-1.1M, 4+ bd): any selectedDate on July 19 between 12 and 2 PM
    buyer = Buyer(base_url, "zilloft-6")
    buyer.contact(boston, "2024-07-19", "1:00 PM")
    finish = buyer.finish()
    assert grade("zilloft_5", finish, tmp_path) == "SUCCESS" and grade("zilloft_6", finish, tmp_path) == "SUCCESS"
    # zilloft-3 (Los Angeles, under $350k, 2+ bd, July 19): any tour request with the contact fields and a run_id
    # zilloft-2 (3 bd / 2 ba house in Long Beach): any Long Beach (or Huntington Beach) address without a unit
    two_bed = next(h for h in search_homes("Long Beach, CA", home_type="house") if h["beds"] == 2)
    buyer = Buyer(base_url, "zilloft-2")
    buyer.tour(two_bed, ("2024-07-25", "6:00 PM"))
    finish = buyer.finish()
    assert grade("zilloft_2", finish, tmp_path) == "SUCCESS" and grade("zilloft_3", finish, tmp_path) == "SUCCESS"
    # zilloft-23 (California, under 900k, 3+ bd): a minimum price under 900k counts as price evidence
    buyer = Buyer(base_url, "zilloft-23")
    buyer.search("California", min_price="100000", beds="3")
    assert grade("zilloft_23", buyer.finish(), tmp_path) == "SUCCESS"
