"""Staynb replica without a browser: the seed the scripts need, and the state /finish reports after search,
filter, wishlist, share and booking flows over HTTP, graded by agisdk's own staynb scripts.

    .venv/bin/python -m pytest tests/unit/test_staynb_replica.py -q
"""

from __future__ import annotations

import pytest

from halo_lib.config import ObsConfig
from halo_lib.sites.staynb.app import Staynb, card_errors
from halo_lib.sites.staynb.seed import DESTINATIONS, LISTINGS, NEARBY, listing_by_id, search_listings, suggest
from tests.support.replica_http import ReplicaUser, grade, serve_replica

SCRIPTS = [
    "staynb_1",
    "staynb_4",
    "staynb_5",
    "staynb_6",
    "staynb_9",
    "staynb_12",
    "staynb_13",
    "staynb_14",
    "staynb_15",
    "staynb_17",
    "staynb_19",
]


# ---- seed ---------------------------------------------------------------------------------------------------
def test_every_place_a_task_names_is_a_suggestion_with_dozens_of_listings():
    for place in [
        "Delhi, India",
        "Miami, USA",
        "Rome, Italy",
        "San Jose, Costa Rica",
        "Provence, France",
        "Vancouver, Canada",
        "San Francisco, USA",
        "Paris, France",
        "Cape Town, South Africa",
        "Vienna, Austria",
    ]:
        assert place in DESTINATIONS
        assert len(search_listings(place)) >= 24, place
    assert len(search_listings("Austria")) >= 40 and len(search_listings(NEARBY)) >= 24
    assert 300 <= len(LISTINGS) <= 400 and len({item["id"] for item in LISTINGS}) == len(LISTINGS)
    assert listing_by_id("101")["location"] == "Vienna, Austria"


def test_suggestions_offer_the_exact_strings_and_look_alikes():
    assert suggest("Austria")[:2] == ["Austria", "Vienna, Austria"]
    assert suggest("san jose") == ["San Jose, Costa Rica", "San Jose, USA"]
    assert suggest("vancouver") == ["Vancouver, Canada", "Vancouver, USA"]
    assert suggest("Provence") == ["Provence, France"] and suggest("near")[0] == NEARBY
    assert "Miami Beach, USA" in suggest("miami") and suggest("")[0] == NEARBY


def test_each_task_leaves_a_choice():
    def split(place, guests, **filters):
        every = search_listings(place, guests)
        fit = search_listings(place, guests, filters)
        return len(fit), len(every) - len(fit)

    for place, guests, filters in [
        ("Cape Town, South Africa", 4, {"bedrooms": 2, "beds": 2, "amenities": ["Wifi"]}),
        ("Rome, Italy", 4, {"bedrooms": 2, "amenities": ["Wifi"]}),
        ("Paris, France", 3, {"amenities": ["Wifi", "Free parking", "Air conditioning"]}),
        (NEARBY, 0, {"amenities": ["Pool", "Wifi", "Free parking", "Air conditioning"]}),
        ("Provence, France", 3, {"amenities": ["Wifi"]}),
        ("San Francisco, USA", 2, {"amenities": ["Wifi"]}),
        ("Austria", 3, {"bedrooms": 2}),
    ]:
        fit, miss = split(place, guests, **filters)
        assert fit >= 3 and miss >= 3, (place, fit, miss)
    assert 5 <= len(search_listings("Vancouver, Canada", 5)) < len(search_listings("Vancouver, Canada"))


def test_card_validation_messages():
    assert card_errors({}) == {
        "cardNumber": "Card number is required",
        "expiration": "Expiration is required",
        "cvv": "CVV is required",
        "zipcode": "ZIP code is required",
    }
    bad = card_errors({"cardNumber": "4242", "expiration": "13/26", "cvv": "12", "zipcode": "!"})
    assert all(bad.values())
    assert (
        card_errors({"cardNumber": "4242 4242 4242 4242", "expiration": "06/24", "cvv": "123", "zipcode": "94110"})["expiration"]
        == "Card is expired"
    )
    assert not any(card_errors({"cardNumber": "4242 4242 4242 4242", "expiration": "12/27", "cvv": "123", "zipcode": "94110"}).values())


# ---- a live replica over HTTP -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base_url():
    with serve_replica(Staynb()) as base:
        yield base


class Guest(ReplicaUser):
    """One Staynb guest using the search bar's form the way its buttons post it."""

    def bar(self, **fields) -> str:
        return self.post("/bar", back="/", **fields)

    def search(self, place: str, start: str | None = None, end: str | None = None, typed: str | None = None, **guests: int) -> str:
        self.bar(where=typed or place)  # Enter in the box: the suggestions
        self.bar(where=typed or place, pick=place)
        if start:
            self.bar(where=place, day=start)
            self.bar(where=place, day=end or start)
        for kind, count in guests.items():
            for _ in range(count):
                self.bar(where=place, guest=f"{kind}:+")
        return self.bar(where=place, action="search")

    def filters(self, bedrooms: str = "Any", beds: str = "Any", bathrooms: str = "Any", amenities: tuple = ()) -> str:
        return self.post("/s/filters", bedrooms=bedrooms, beds=beds, bathrooms=bathrooms, amenities=list(amenities), action="apply")

    def save_new(self, listing_id: str, name: str) -> str:
        self.get(f"/rooms/{listing_id}/save")
        return self.post(f"/rooms/{listing_id}/save", action="create", name=name)


def finish_of(base_url, task, flow) -> dict:
    guest = Guest(base_url, task)
    flow(guest)
    return guest.finish()


def test_an_untouched_session_fails_every_script(base_url, tmp_path):
    finish = Guest(base_url, "staynb-9").finish()
    assert finish == {
        "initialfinaldiff": {"added": {"config": {"staynb": {"run_id": "0", "removePopup": True}}}, "updated": {}, "deleted": {}}
    }
    for script in SCRIPTS:
        assert grade(script, finish, tmp_path) == "FAILURE", script


def test_search_lands_whole_in_added_and_recent_searches_are_keyed_by_index(base_url, tmp_path):
    guest = Guest(base_url, "staynb-1")
    guest.search("Vienna, Austria", "2024-08-02", "2024-08-06")  # the counters carry over to the next search
    page = guest.search("Austria", "2024-08-01", "2024-08-05", Adults=2, Children=1)
    assert "places in Austria" in page and "Aug 1, 2024 – Aug 5, 2024 (4 nights)" in page
    page = guest.filters(bedrooms="2")
    assert "Filters (1)" in page
    finish = guest.finish()
    search = finish["initialfinaldiff"]["added"]["search"]
    assert search["appliedDestination"] == "Austria"
    assert search["appliedDates"] == {"startDate": "2024-08-01T00:00:00.000Z", "endDate": "2024-08-05T00:00:00.000Z"}
    assert search["appliedGuestCounts"] == {"Adults": 2, "Children": 1, "Infants": 0, "Pets": 0}
    assert search["appliedFilters"] == {"amenities": [], "bedrooms": 2, "beds": 0, "bathrooms": 0}
    assert [search["recentSearches"][k]["destination"] for k in ("0", "1")] == ["Austria", "Vienna, Austria"]
    assert search["recentSearches"]["0"]["guests"] == "3 Guests"
    assert (
        "search" not in finish["initialfinaldiff"]["updated"] or "appliedDestination" not in finish["initialfinaldiff"]["updated"]["search"]
    )
    assert guest.finish() == finish  # /finish changes nothing
    assert grade("staynb_1", finish, tmp_path) == "SUCCESS"
    assert grade("staynb_17", finish, tmp_path) == "FAILURE"


def test_calendar_clicks_make_a_range_or_a_single_night(base_url):
    guest = Guest(base_url, "staynb-13")
    guest.bar(where="Miami", pick="Miami, USA")
    guest.bar(where="Miami, USA", day="2024-07-20")
    guest.bar(where="Miami, USA", day="2024-07-19")  # before check-in: starts over
    guest.bar(where="Miami, USA", day="2024-07-17")  # the past is refused
    dates = guest.finish()["initialfinaldiff"]["updated"]["searchForm"]["dates"]
    assert dates == {"startDate": "2024-07-19T00:00:00.000Z"}
    page = guest.bar(where="Miami, USA", nav="2025-01")
    assert "January 2025" in page and 'aria-label="Friday, January 3, 2025"' in page


@pytest.mark.parametrize(
    "task,flow",
    [
        ("staynb_1", lambda g: (g.search("Austria", "2024-08-01", "2024-08-05", Adults=2, Children=1), g.filters(bedrooms="2"))),
        ("staynb_4", lambda g: (g.search("San Francisco, USA", "2024-09-27", "2024-09-29", Adults=2), g.filters(amenities=("Wifi",)))),
        (
            "staynb_5",
            lambda g: (
                g.search("Paris, France", "2024-10-15", "2024-10-19", Adults=3),
                g.filters(amenities=("Wifi", "Free parking", "Air conditioning")),
            ),
        ),
        (
            "staynb_9",
            lambda g: (
                g.search(NEARBY, "2024-07-18", "2024-07-18"),
                g.filters(amenities=("Pool", "Wifi", "Free parking", "Air conditioning")),
            ),
        ),
        ("staynb_12", lambda g: g.search("Delhi, India", "2024-09-07", "2024-09-09", Adults=2)),
        ("staynb_13", lambda g: g.search("Miami, USA", "2024-07-18", "2024-07-18")),
        (
            "staynb_14",
            lambda g: (g.search("Rome, Italy", "2025-01-03", "2025-01-05", Adults=4), g.filters(bedrooms="2", amenities=("Wifi",))),
        ),
        ("staynb_15", lambda g: g.search("San Jose, Costa Rica")),
        (
            "staynb_17",
            lambda g: (g.search("Provence, France", "2024-08-01", "2024-08-04", Adults=2, Children=1), g.filters(amenities=("Wifi",))),
        ),
        (
            "staynb_19",
            lambda g: (
                g.search("Vancouver, Canada", "2024-11-15", "2024-11-18", Adults=5),
                g.post(
                    "/rooms/" + search_listings("Vancouver, Canada", 5)[0]["id"] + "/share", channel="Messages", recipient="Trip group chat"
                ),
            ),
        ),
    ],
)
def test_the_right_flow_passes(base_url, tmp_path, task, flow):
    assert grade(task, finish_of(base_url, task.replace("_", "-"), flow), tmp_path) == "SUCCESS"


@pytest.mark.parametrize(
    "task,flow",
    [
        ("staynb_1", lambda g: g.search("Vienna, Austria", "2024-08-01", "2024-08-05", Adults=2, Children=1)),
        ("staynb_1", lambda g: g.search("Austria", "2024-08-01", "2024-08-06", Adults=2, Children=1)),
        ("staynb_4", lambda g: g.search("San Francisco, USA", "2024-09-27", "2024-09-29", Adults=1)),
        (
            "staynb_5",
            lambda g: (
                g.search("Paris, France", "2024-10-15", "2024-10-19", Adults=2),
                g.filters(amenities=("Wifi", "Free parking", "Air conditioning")),
            ),
        ),
        (
            "staynb_5",
            lambda g: (g.search("Paris, France", "2024-10-15", "2024-10-19", Adults=3), g.filters(amenities=("Wifi", "Free parking"))),
        ),
        (
            "staynb_9",
            lambda g: (
                g.search(NEARBY, "2024-07-18", "2024-07-19"),
                g.filters(amenities=("Pool", "Wifi", "Free parking", "Air conditioning")),
            ),
        ),
        (
            "staynb_9",
            lambda g: (
                g.search(NEARBY, "2024-07-18", "2024-07-18"),
                g.filters(amenities=("Pool", "Wifi", "Paid parking", "Air conditioning")),
            ),
        ),
        (
            "staynb_9",
            lambda g: (
                g.search(NEARBY, "2024-07-18", "2024-07-18"),
                g.filters(bedrooms="1", amenities=("Pool", "Wifi", "Free parking", "Air conditioning")),
            ),
        ),
        ("staynb_9", lambda g: g.search(NEARBY, "2024-07-18", "2024-07-18")),  # no amenities: run_id "0" is even
        ("staynb_12", lambda g: g.search("Delhi, India", "2024-09-07", "2024-09-08", Adults=2)),
        ("staynb_12", lambda g: g.search("Mumbai, India", "2024-09-07", "2024-09-09", Adults=2)),
        ("staynb_13", lambda g: g.search("Miami, USA", "2024-07-18", "2024-07-19")),
        (
            "staynb_14",
            lambda g: (g.search("Rome, Italy", "2025-01-04", "2025-01-06", Adults=4), g.filters(bedrooms="2", amenities=("Wifi",))),
        ),
        ("staynb_14", lambda g: (g.search("Rome, Italy", "2025-01-03", "2025-01-05", Adults=4), g.filters(amenities=("Wifi",)))),
        (
            "staynb_14",
            lambda g: (g.search("Florence, Italy", "2025-01-03", "2025-01-05", Adults=4), g.filters(bedrooms="2", amenities=("Wifi",))),
        ),
        ("staynb_15", lambda g: g.search("San Jose, USA")),
        ("staynb_17", lambda g: g.search("Provence, France", "2024-08-01", "2024-08-04", Adults=2, Children=1)),
        ("staynb_17", lambda g: (g.search("Provence, France", "2024-08-01", "2024-08-04", Adults=3), g.filters(amenities=("Wifi",)))),
        ("staynb_19", lambda g: g.search("Vancouver, USA", "2024-11-15", "2024-11-18", Adults=5)),
        ("staynb_19", lambda g: g.search("Vancouver, Canada", "2024-11-15", "2024-11-18", Adults=4)),
    ],
)
def test_plausible_wrong_flows_fail(base_url, tmp_path, task, flow):
    assert grade(task, finish_of(base_url, task.replace("_", "-"), flow), tmp_path) == "FAILURE"


def test_wishlist_of_a_new_list_is_a_list_of_stays_with_rooms(base_url, tmp_path):
    guest = Guest(base_url, "staynb-6")
    guest.search("Cape Town, South Africa", "2024-10-01", "2024-10-06", Adults=4)
    fits = search_listings("Cape Town, South Africa", 4, {"bedrooms": 2, "beds": 2, "amenities": ["Wifi"]})
    page = guest.filters(bedrooms="2", beds="2", amenities=("Wifi",))
    assert fits[0]["title"] in page and f"{len(fits)} places in Cape Town" in page
    page = guest.save_new(fits[0]["id"], "Cape Town trip")
    assert "Saved to Cape Town trip" in page
    finish = guest.finish()
    wishlists = finish["initialfinaldiff"]["added"]["wishlist"]["wishlists"]
    assert list(wishlists) == ["wl-1"] and isinstance(wishlists["wl-1"]["stays"], list)
    assert wishlists["wl-1"]["stays"][0]["rooms"]["bedrooms"] >= 2
    assert grade("staynb_6", finish, tmp_path) == "SUCCESS"
    assert "Remove" in guest.get("/wishlists") and fits[0]["title"] in guest.get("/wishlists")


def test_saving_a_place_that_misses_the_minimums_fails_6(base_url, tmp_path):
    guest = Guest(base_url, "staynb-6")
    guest.search("Cape Town, South Africa", "2024-10-01", "2024-10-06", Adults=4)
    wrong = next(i for i in search_listings("Cape Town, South Africa", 4) if i["bedrooms"] < 2)
    guest.save_new(wrong["id"], "Cape Town")
    assert grade("staynb_6", guest.finish(), tmp_path) == "FAILURE"


def test_guest_counters_take_typed_numbers_and_keep_an_adult(base_url):
    guest = Guest(base_url, "staynb-19")
    guest.bar(where="", action="guests")
    page = guest.bar(where="", count_Adults="0", count_Children="2", count_Infants="0", count_Pets="0", action="guests")
    assert 'aria-label="Adults" min="0" max="16" value="1"' in page and 'aria-label="Who: 3 guests"' in page
    page = guest.bar(where="", count_Adults="1", count_Children="2", count_Infants="0", count_Pets="0", guest="Adults:+")
    assert 'aria-label="Who: 4 guests"' in page
    counts = guest.finish()["initialfinaldiff"]["updated"]["searchForm"]["guestCounts"]
    assert counts == {"Adults": 2, "Children": 2}


def test_booking_records_errors_then_details_and_fails_look_only_tasks(base_url, tmp_path):
    guest = Guest(base_url, "staynb-12")
    guest.search("Delhi, India", "2024-09-07", "2024-09-09", Adults=2)
    assert grade("staynb_12", guest.finish(), tmp_path) == "SUCCESS"
    place = search_listings("Delhi, India", 2)[0]
    page = guest.post(f"/book/{place['id']}/start")
    assert "Request to book" in page and "Sep 7, 2024 – Sep 9, 2024" in page
    diff = guest.finish()["initialfinaldiff"]
    assert diff["updated"]["booking"]["isBooking"] is True and diff["updated"]["booking"]["currentBooking"]["listingId"] == place["id"]
    assert grade("staynb_12", guest.finish(), tmp_path) == "FAILURE"
    page = guest.post(f"/book/{place['id']}/pay", cardNumber="4242", expiration="12/27", cvv="", zipcode="110001")
    assert "Card number is invalid" in page and "CVV is required" in page
    assert guest.finish()["initialfinaldiff"]["updated"]["booking"]["errors"] == {
        "cardNumber": "Card number is invalid",
        "cvv": "CVV is required",
    }
    page = guest.post(f"/book/{place['id']}/pay", cardNumber="4242 4242 4242 4242", expiration="12/27", cvv="123", zipcode="110001")
    assert "Reservation confirmed" in page and place["title"] in page
    diff = guest.finish()["initialfinaldiff"]
    assert diff["added"]["booking"]["bookingDetails"]["0"]["cardLast4"] == "4242"
    assert "isBooking" not in diff["updated"].get("booking", {})
    assert grade("staynb_12", guest.finish(), tmp_path) == "SUCCESS"  # a finished booking leaves no trace 12 reads


def test_booking_fails_15_and_5(base_url, tmp_path):
    guest = Guest(base_url, "staynb-5")
    guest.search("Paris, France", "2024-10-15", "2024-10-19", Adults=3)
    guest.filters(amenities=("Wifi", "Free parking", "Air conditioning"))
    assert grade("staynb_5", guest.finish(), tmp_path) == "SUCCESS"
    place = search_listings("Paris, France", 3, {"amenities": ["Wifi", "Free parking", "Air conditioning"]})[0]
    guest.post(f"/book/{place['id']}/start")
    guest.post(f"/book/{place['id']}/pay", cardNumber="4242424242424242", expiration="01/28", cvv="999", zipcode="75001")
    assert grade("staynb_5", guest.finish(), tmp_path) == "FAILURE"
    guest = Guest(base_url, "staynb-15")
    guest.search("San Jose, Costa Rica")
    place = search_listings("San Jose, Costa Rica")[0]
    page = guest.post(f"/book/{place['id']}/start")  # no dates: the guest is sent to the calendar
    assert "Select dates" in page
    guest.search("San Jose, Costa Rica", "2024-08-01", "2024-08-03", Adults=1)
    guest.post(f"/book/{place['id']}/start")
    assert grade("staynb_15", guest.finish(), tmp_path) == "FAILURE"
    guest.post(f"/book/{place['id']}/cancel")
    assert grade("staynb_15", guest.finish(), tmp_path) == "SUCCESS"


def test_recent_search_reruns_and_pages(base_url, tmp_path):
    guest = Guest(base_url, "staynb-12")
    guest.search("Delhi, India", "2024-09-07", "2024-09-09", Adults=2)
    guest.search("Mumbai, India", "2024-09-07", "2024-09-09", Adults=2)
    page = guest.get("/?panel=where&q=")
    assert "Recent searches" in page and "Delhi, India · Sep 7, 2024 – Sep 9, 2024 · 2 Guests" in page
    page = guest.bar(where="", recent="1")
    assert "places in Delhi, India" in page
    assert grade("staynb_12", guest.finish(), tmp_path) == "SUCCESS"
    assert "Next page" in page and "Page 1 of 2" in page and "Page 2 of 2" in guest.get("/s?page=2")


def test_share_is_recorded_and_pages_render(base_url):
    guest = Guest(base_url, "staynb-19")
    for path in [
        "/",
        "/s",
        "/s/filters",
        "/rooms/101",
        "/rooms/101/save",
        "/rooms/101/share",
        "/wishlists",
        "/trips",
        "/?panel=dates",
        "/?panel=guests",
        "/?panel=where&q=van",
        "/rooms/9999",
        "/book/101",
    ]:
        page = guest.get(path)
        assert "<html" in page and "Traceback" not in page, path
    page = guest.get("/rooms/101/share?channel=Messages")
    assert 'aria-label="Send to Trip group chat"' in page
    page = guest.post("/rooms/101/share", channel="Messages", recipient="Trip group chat")
    assert "Sent to Trip group chat" in page
    assert guest.finish()["initialfinaldiff"]["added"]["share"]["shares"] == {
        "0": {"listingId": "101", "title": listing_by_id("101")["title"], "channel": "Messages", "recipient": "Trip group chat"}
    }


def test_config_removepopup_false_shows_a_promo_and_lands_in_added(base_url, tmp_path):
    guest = Guest(base_url, "staynb-14")
    guest.get("/config?run_id=2024-07-18T10-00-01&task_id=v2.staynb-14&latency=0&removePopup=false")
    assert "Get the Staynb app" in guest.get("/")
    assert "Get the Staynb app" not in guest.post("/promo/close")
    guest.search("Rome, Italy", "2025-01-03", "2025-01-05", Adults=4)
    guest.filters(bedrooms="2", amenities=("Wifi",))
    finish = guest.finish()
    assert finish["initialfinaldiff"]["added"]["config"] == {"staynb": {"run_id": "2024-07-18T10-00-01", "removePopup": False}}
    assert grade("staynb_14", finish, tmp_path) == "FAILURE"  # 14 demands removePopup


# ---- loose scripts, confirmed on real /finish JSON ---------------------------------------------------------------
def test_loose_scripts(base_url, tmp_path):
    # 4: with no amenity filter it accepts removePopup (true by default) in place of wifi.
    assert (
        grade(
            "staynb_4",
            finish_of(base_url, "staynb-4", lambda g: g.search("San Francisco, USA", "2024-09-27", "2024-09-29", Adults=2)),
            tmp_path,
        )
        == "SUCCESS"
    )
    # 1: the bedroom count is not checked.
    assert (
        grade(
            "staynb_1",
            finish_of(base_url, "staynb-1", lambda g: g.search("Austria", "2024-08-01", "2024-08-05", Adults=2, Children=1)),
            tmp_path,
        )
        == "SUCCESS"
    )
    # 5: any amenity holding the letters "ac" passes for AC (Dedicated workspace, Indoor fireplace).
    flow5 = lambda g: (
        g.search("Paris, France", "2024-10-15", "2024-10-19", Adults=3),
        g.filters(amenities=("Wifi", "Free parking", "Dedicated workspace")),
    )
    assert grade("staynb_5", finish_of(base_url, "staynb-5", flow5), tmp_path) == "SUCCESS"
    # 9: amenities it cannot name (Hot tub, Kitchen) are not counted as extras.
    flow9 = lambda g: (
        g.search(NEARBY, "2024-07-18", "2024-07-18"),
        g.filters(amenities=("Pool", "Wifi", "Free parking", "Air conditioning", "Hot tub")),
    )
    assert grade("staynb_9", finish_of(base_url, "staynb-9", flow9), tmp_path) == "SUCCESS"
    # 9: with no amenity filter at all, an odd last digit group of run_id passes.
    guest = Guest(base_url, "staynb-9")
    guest.get("/config?run_id=2024-07-18T10-00-01&task_id=v2.staynb-9&latency=0")
    guest.search(NEARBY, "2024-07-18", "2024-07-18")
    assert grade("staynb_9", guest.finish(), tmp_path) == "SUCCESS"
    # 6: wifi is not checked; 19: the share is not checked.
    flow6 = lambda g: (
        g.search("Cape Town, South Africa", "2024-10-01", "2024-10-06", Adults=4),
        g.save_new(search_listings("Cape Town, South Africa", 4, {"bedrooms": 2, "beds": 2})[0]["id"], "x"),
    )
    assert grade("staynb_6", finish_of(base_url, "staynb-6", flow6), tmp_path) == "SUCCESS"
    assert (
        grade(
            "staynb_19",
            finish_of(base_url, "staynb-19", lambda g: g.search("Vancouver, Canada", "2024-11-15", "2024-11-18", Adults=5)),
            tmp_path,
        )
        == "SUCCESS"
    )


# ---- page summaries of real pages ----------------------------------------------------------------------------------
def test_calendar_and_filters_pages_keep_the_needed_controls_in_the_summary(page_summary, load_page):
    calendar = page_summary("staynb-14__2")
    assert load_page("staynb-14__2")["url"].endswith("panel=dates&month=2024-07")
    for name in ("'Next month'", "'Thursday, July 18, 2024'", "'Wednesday, July 31, 2024'", "'Search'", "'Where'"):
        assert name in calendar.text, name
    january = page_summary("staynb-14__8")
    assert "'Friday, January 3, 2025'" in january.text and "'Sunday, January 5, 2025'" in january.text
    filters = page_summary("staynb-14__17")
    assert load_page("staynb-14__17")["url"].endswith("/s/filters")
    for name in ("'Bedrooms: 2+'", "'Wifi'", "'Show places'"):
        assert name in filters.text, name
    results = page_summary("staynb-14__16")
    assert "'Filters'" in results.text and "'Next page'" in results.text and results.text.count("to wishlist'") == 12
    guests = page_summary("staynb-14__11")
    assert "spinbutton 'Adults' value='0'" in guests.text and "'Increase Adults'" in guests.text
    for summary in (calendar, january, filters, results, guests):
        assert summary.estimated_tokens() <= ObsConfig().budget_tokens
