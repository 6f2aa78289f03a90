"""Scripted solutions for Staynb's eleven v2 tasks, and plausible wrong ones (see halo_lib/sites/expert.py).

Every step goes through the search bar as a guest would: type the destination and pick its suggestion, page
the calendar to the check-in month and click the check-in and check-out days, raise the guest counters, press
Search, then open Filters (rooms and beds minimums, amenities) and show the places; where the goal says so,
open a place and save it to a new wishlist or share it with Messages. Elements are found by role and
accessible name only.

`MISTAKES` are episodes a careless agent could produce; each one is graded 0 by the task's own script
(a city instead of the country, a forgotten filter, a wrong guest count, the wrong weekend, a place that
misses the bedroom minimum, starting a booking when only asked to look).

    .venv/bin/halo eval --mode expert --tasks staynb --sites-port 9160 --out /tmp/staynb_run
    .venv/bin/python -m pytest tests/integration/test_replica_tasks.py -k staynb -m "heavy or not heavy" -q
"""

from __future__ import annotations

from datetime import date

from halo_lib.sites.expert import Answer, Click, ExpertError, Fill, Target
from halo_lib.sites.staynb.app import day_label, iso, short_day
from halo_lib.sites.staynb.seed import search_listings

WHERE = Target("textbox", "Where")
RESULTS = Target("list", "Search results")


# ---- steps a guest repeats ------------------------------------------------------------------------------
def click_until(target: Target, done):
    """Click, and stop with an ExpertError if the page does not show the click's effect (a click that timed out
    before acting on a busy machine has already been stepped again by the runner: runner/episode.py)."""
    view = yield Click(target)
    if not done(view):
        raise ExpertError(f"clicking {target.describe()} did not take effect")
    return view


def is_checked(name: str, role: str):
    return lambda view: any(str(n.properties.get("checked")).lower() == "true" for n in view.find_all(role, name))


def at_path(path: str):
    return lambda view: view.url.split("?")[0].endswith(path)


def choose_destination(typed: str, suggestion: str):
    yield Fill(WHERE, typed)  # a fill that timed out on a page still loading is typed again by the runner
    view = yield Click(Target("button", suggestion))
    return view


def to_day(view, day: date):
    """Page the open calendar forward (or back) until `day` shows."""
    for _ in range(24):
        if view.find("button", day_label(day)):
            break
        title = next((n.name for n in view.find_all("grid")), "")
        shown = title.split()
        forward = True
        if len(shown) == 2 and shown[1].isdigit():
            month = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ].index(shown[0]) + 1
            forward = (day.year, day.month) > (int(shown[1]), month)
        view = yield Click(Target("button", "Next month" if forward else "Previous month"))
    else:
        raise ExpertError(f"the calendar never showed {day}")
    return view


def choose_dates(view, start: date, end: date):
    if not view.find("dialog", "Select dates"):
        view = yield Click(Target("button", contains="Check in"))
    view = yield from to_day(view, start)
    view = yield from click_until(
        Target("button", day_label(start)), lambda v: bool(v.find("button", f"Check in: {short_day(iso(start))}"))
    )
    view = yield from to_day(view, end)
    view = yield from click_until(Target("button", day_label(end)), lambda v: bool(v.find("button", f"Check out: {short_day(iso(end))}")))
    return view


def add_guests(**counts: int):
    view = yield Click(Target("button", contains="Who:"))
    for kind in ("Adults", "Children", "Infants", "Pets"):
        for count in range(1, counts.get(kind, 0) + 1):
            shows = lambda v, kind=kind, count=count: any(n.value == str(count) for n in v.find_all("spinbutton", kind))
            view = yield from click_until(Target("button", f"Increase {kind}"), shows)
    return view


def search(typed: str, suggestion: str, start: date | None = None, end: date | None = None, **guests: int):
    """The whole search bar: destination, dates, guests, then Search."""
    view = yield from choose_destination(typed, suggestion)
    if start:
        view = yield from choose_dates(view, start, end or start)
    if guests:
        yield from add_guests(**guests)
    view = yield from click_until(Target("button", "Search"), at_path("/s"))
    return view


def filters(bedrooms: int = 0, beds: int = 0, bathrooms: int = 0, amenities: tuple[str, ...] = ()):
    yield from click_until(Target("link", contains="Filters"), at_path("/s/filters"))
    for title, value in (("Bedrooms", bedrooms), ("Beds", beds), ("Bathrooms", bathrooms)):
        if value:
            yield from click_until(Target("radio", f"{title}: {value}+"), is_checked(f"{title}: {value}+", "radio"))
    for amenity in amenities:
        yield from click_until(Target("checkbox", amenity), is_checked(amenity, "checkbox"))
    view = yield from click_until(Target("button", "Show places"), at_path("/s"))
    return view


def result_titles(view, count: int = 3) -> list[str]:
    return [node.name for node in view.find_all("link", within=RESULTS)][:count]


def show(view, what: str):
    titles = result_titles(view)
    heading = next((n.name for n in view.find_all("heading") if " in " in n.name and "place" in n.name), "")
    yield Answer(f"Here are {what}: {heading or 'the results'}" + (f", e.g. {'; '.join(titles)}." if titles else "."))


# ---- solutions ------------------------------------------------------------------------------------------
def staynb_1(view):
    yield from search("Austria", "Austria", date(2024, 8, 1), date(2024, 8, 5), Adults=2, Children=1)
    view = yield from filters(bedrooms=2)
    yield from show(view, "places with 2+ bedrooms in Austria for 2 adults and 1 child, Aug 1-5, 2024")


def staynb_4(view):
    yield from search("San Francisco", "San Francisco, USA", date(2024, 9, 27), date(2024, 9, 29), Adults=2)
    view = yield from filters(amenities=("Wifi",))
    yield from show(view, "places with wifi in San Francisco for 2 guests, Sep 27-29, 2024")


def staynb_5(view):
    yield from search("Paris", "Paris, France", date(2024, 10, 15), date(2024, 10, 19), Adults=3)
    view = yield from filters(amenities=("Wifi", "Free parking", "Air conditioning"))
    yield from show(view, "places in Paris with wifi, parking and AC for 3 adults, Oct 15-19, 2024")


def staynb_6(view):
    yield from search("Cape Town", "Cape Town, South Africa", date(2024, 10, 1), date(2024, 10, 6), Adults=4)
    view = yield from filters(bedrooms=2, beds=2, amenities=("Wifi",))
    title = result_titles(view, 1)[0]
    yield from click_until(Target("link", title, within=RESULTS), lambda v: "/rooms/" in v.url)
    yield from click_until(Target("link", "Save"), at_path("/save"))
    yield Fill(Target("textbox", "Wishlist name"), "Cape Town trip")
    yield from click_until(Target("button", "Create"), lambda v: not at_path("/save")(v))
    yield Answer(f"I saved {title} (2+ bedrooms, 2+ beds, wifi, fits 4 guests, Oct 1-6) to a new wishlist 'Cape Town trip'.")


def staynb_9(view):
    yield from search("Nearby", "Nearby", date(2024, 7, 18), date(2024, 7, 18))
    view = yield from filters(amenities=("Wifi", "Free parking", "Air conditioning", "Pool"))
    yield from show(view, "places near you for tonight with a pool, wifi, free parking and AC")


def staynb_12(view):
    view = yield from search("Delhi", "Delhi, India", date(2024, 9, 7), date(2024, 9, 9), Adults=2)
    yield from show(view, "places in Delhi, India for 2 guests, Sep 7-9, 2024")


def staynb_13(view):
    view = yield from search("Miami", "Miami, USA", date(2024, 7, 18), date(2024, 7, 18))
    yield from show(view, "places in Miami for the night of July 18, 2024")


def staynb_14(view):
    yield from search("Rome", "Rome, Italy", date(2025, 1, 3), date(2025, 1, 5), Adults=4)
    view = yield from filters(bedrooms=2, amenities=("Wifi",))
    yield from show(view, "places in Rome with 2+ bedrooms and wifi for 4 guests, Jan 3-5, 2025 (the first weekend of January)")


def staynb_15(view):
    view = yield from search("San Jose", "San Jose, Costa Rica")
    yield from show(view, "places in San Jose, Costa Rica")


def staynb_17(view):
    yield from search("Provence", "Provence, France", date(2024, 8, 1), date(2024, 8, 4), Adults=2, Children=1)
    view = yield from filters(amenities=("Wifi",))
    yield from show(view, "places with wifi in Provence for 2 adults and 1 child, Aug 1-4, 2024")


def staynb_19(view):
    view = yield from search("Vancouver", "Vancouver, Canada", date(2024, 11, 15), date(2024, 11, 18), Adults=5)
    title = result_titles(view, 1)[0]
    yield from click_until(Target("link", title, within=RESULTS), lambda v: "/rooms/" in v.url)
    yield from click_until(Target("link", "Share"), at_path("/share"))
    yield from click_until(Target("link", "Messages"), lambda v: bool(v.find("button", "Send to Trip group chat")))
    yield from click_until(Target("button", "Send to Trip group chat"), lambda v: not at_path("/share")(v))
    yield Answer(f"I found {title} in Vancouver for 5 guests, Nov 15-18, 2024, and shared it to your Trip group chat in Messages.")


SOLUTIONS = {
    "staynb-1": staynb_1,
    "staynb-4": staynb_4,
    "staynb-5": staynb_5,
    "staynb-6": staynb_6,
    "staynb-9": staynb_9,
    "staynb-12": staynb_12,
    "staynb-13": staynb_13,
    "staynb-14": staynb_14,
    "staynb-15": staynb_15,
    "staynb-17": staynb_17,
    "staynb-19": staynb_19,
}


# ---- plausible wrong episodes (each earns 0) ------------------------------------------------------------------
def staynb_1_vienna(view):
    """Narrows "Austria" to its capital."""
    yield from search("Austria", "Vienna, Austria", date(2024, 8, 1), date(2024, 8, 5), Adults=2, Children=1)
    view = yield from filters(bedrooms=2)
    yield from show(view, "places in Vienna, Austria")


def staynb_5_two_adults(view):
    yield from search("Paris", "Paris, France", date(2024, 10, 15), date(2024, 10, 19), Adults=2)
    view = yield from filters(amenities=("Wifi", "Free parking", "Air conditioning"))
    yield from show(view, "places in Paris with wifi, parking and AC")


def staynb_6_one_bedroom(view):
    """Skips the filters and saves a place that misses the bedroom or bed minimum."""
    yield from search("Cape Town", "Cape Town, South Africa", date(2024, 10, 1), date(2024, 10, 6), Adults=4)
    shown = search_listings("Cape Town, South Africa", 4)[:12]
    wrong = next(item for item in shown if item["bedrooms"] < 2 or item["beds"] < 2)
    yield Click(Target("link", wrong["title"], within=RESULTS))
    yield Click(Target("link", "Save"))
    yield Fill(Target("textbox", "Wishlist name"), "Cape Town trip")
    yield Click(Target("button", "Create"))
    yield Answer(f"I saved {wrong['title']} to your wishlist.")


def staynb_9_paid_parking(view):
    yield from search("Nearby", "Nearby", date(2024, 7, 18), date(2024, 7, 18))
    view = yield from filters(amenities=("Wifi", "Paid parking", "Air conditioning", "Pool"))
    yield from show(view, "places near you for tonight")


def staynb_12_booked(view):
    """Starts booking the first place although the guest only asked to see places."""
    view = yield from search("Delhi", "Delhi, India", date(2024, 9, 7), date(2024, 9, 9), Adults=2)
    yield Click(Target("link", result_titles(view, 1)[0], within=RESULTS))
    yield Click(Target("button", "Reserve"))
    yield Click(Target("button", "Confirm and pay"))
    yield Answer("I tried to book the first place in Delhi.")


def staynb_14_wrong_weekend(view):
    yield from search("Rome", "Rome, Italy", date(2025, 1, 4), date(2025, 1, 6), Adults=4)
    view = yield from filters(bedrooms=2, amenities=("Wifi",))
    yield from show(view, "places in Rome for Jan 4-6, 2025")


def staynb_17_no_wifi(view):
    view = yield from search("Provence", "Provence, France", date(2024, 8, 1), date(2024, 8, 4), Adults=2, Children=1)
    yield from show(view, "places in Provence for 2 adults and 1 child, Aug 1-4")


MISTAKES = {
    "staynb-1": [staynb_1_vienna],
    "staynb-5": [staynb_5_two_adults],
    "staynb-6": [staynb_6_one_bedroom],
    "staynb-9": [staynb_9_paid_parking],
    "staynb-12": [staynb_12_booked],
    "staynb-14": [staynb_14_wrong_weekend],
    "staynb-17": [staynb_17_no_wifi],
}
