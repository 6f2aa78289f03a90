"""Scripted solutions for OpenDining's eleven v2 tasks, and plausible wrong ones (see halo_lib/sites/expert.py).

Every step goes through the site as a diner would: set the date, time and party size in the search bar,
type a cuisine / neighborhood / name, pick a time-slot button inside the restaurant's result card (or open
the restaurant page from the home page's "Top rated" row), choose an occasion on the details form and
complete the reservation. For Evening Delight at 5:00 PM (always fully booked) it asks to be notified.
"Today" is Thursday 2024-07-18. Elements are found by role and accessible name only.

`MISTAKES` are episodes a careless agent could produce; each is graded 0 by the task's own script (wrong
hour, wrong cuisine, wrong party size or occasion, a restaurant under the rating floor, another day).

    .venv/bin/halo eval --mode expert --tasks opendining --out /tmp/opendining_run --sites-port 9120
    .venv/bin/python -m pytest tests/integration/test_replica_tasks.py -k opendining -q
"""

from __future__ import annotations

from halo_lib.sites.expert import Answer, Click, Fill, Select, Target

SEARCH = Target("searchbox", "Location, Restaurant, or Cuisine")
DATE = Target(None, "Date")
TIME = Target("combobox", "Time")
PARTY = Target("combobox", "Party size")


def guests(party: int) -> str:
    return "1 person" if party == 1 else f"{party} people"


# ---- steps a diner repeats ------------------------------------------------------------------------------
def when(day: str | None = None, time: str | None = None, party: int | None = None):
    """Set the date (YYYY-MM-DD), time and party size of the search bar or the reservation widget."""
    view = None
    if day:
        view = yield Fill(DATE, day)
    if time:
        view = yield Select(TIME, time)
    if party:
        view = yield Select(PARTY, guests(party))
    return view


def search(query: str, day: str | None = None, time: str | None = None, party: int | None = None):
    yield from when(day, time, party)
    yield Fill(SEARCH, query)
    view = yield Click(Target("button", "Let's go"))
    return view


def pick(restaurant: str, time: str):
    """Click a time slot in the restaurant's result card."""
    view = yield Click(Target("button", time, within=Target("article", restaurant)))
    return view


def complete(occasion: str | None = None):
    if occasion:
        yield Select(Target("combobox", "Occasion"), occasion)
    view = yield Click(Target("button", "Complete reservation"))
    return view


def book(
    query: str,
    restaurant: str,
    time: str,
    *,
    day: str | None = None,
    search_time: str | None = None,
    party: int | None = None,
    occasion: str | None = None,
):
    """Search, pick `time` at `restaurant`, complete the details form."""
    yield from search(query, day, search_time or time, party)
    yield from pick(restaurant, time)
    view = yield from complete(occasion)
    return view


def booked_via_page(restaurant: str, time: str, occasion: str | None = None):
    """From the home page: open the restaurant, ask the widget for `time`, take that slot."""
    yield Click(Target("link", restaurant))
    if time != "7:00 PM":  # the widget opens on the home page's 7:00 PM
        yield Select(TIME, time)
        yield Click(Target("button", "Find a time"))
    yield Click(Target("button", time, within=Target("group", f"Available times at {restaurant}")))
    view = yield from complete(occasion)
    return view


def confirmation(view) -> str:
    for node in view.nodes:
        if node.name.startswith("Confirmation number:"):
            return " " + node.name.strip() + "."
    return ""


def done(view, what: str):
    yield Answer(f"I booked {what}.{confirmation(view)}")


# ---- solutions ------------------------------------------------------------------------------------------
def opendining_1(view):
    view = yield from book("Italian", "Yellowy Bistro", "3:00 PM")
    yield from done(view, "a table for 2 at Yellowy Bistro (Italian, North Beach) today, Thursday July 18, at 3:00 PM")


def opendining_2(view):
    view = yield from book("American", "Vintage Bites", "7:30 PM", search_time="7:00 PM", party=2, occasion="Birthday")
    yield from done(view, "Vintage Bites (American, Haight-Ashbury) for 2 people today at 7:30 PM, marked as a birthday")


def opendining_4(view):
    view = yield from booked_via_page("The Royal Dine", "9:00 PM")
    yield from done(view, "The Royal Dine (4.8 stars, top rated) for 2 people tonight at 9:00 PM")


def opendining_5(view):
    view = yield from booked_via_page("Expensive Taste", "7:00 PM", occasion="Birthday")
    yield from done(view, "Expensive Taste (4.7 stars) for you and your girlfriend tonight at 7:00 PM, marked as a birthday")


def opendining_6(view):
    view = yield from book("", "Bangkok Garden", "1:30 PM")
    yield from done(view, "Bangkok Garden for 2 people today, July 18, at 1:30 PM")


def opendining_7(view):
    view = yield from book("Embarcadero", "Ocean Breeze", "7:30 PM", search_time="7:00 PM")
    yield from done(view, "Ocean Breeze (4.6 stars, Embarcadero) for 2 people today at 7:30 PM")


def opendining_9(view):
    view = yield from book("Breakfast", "Golden Griddle", "8:00 AM")
    yield from done(view, "breakfast at Golden Griddle (4.2 stars) for 2 people today at 8:00 AM")


def opendining_12(view):
    view = yield from book("River View", "River View Café", "3:00 PM", day="2025-09-29", party=5)
    yield from done(view, "River View Café for 5 people on Monday, September 29, 2025 at 3:00 PM")


def opendining_17(view):
    view = yield from book(
        "Haight-Ashbury", "The Painted Lady", "8:30 PM", day="2024-09-22", search_time="8:00 PM", party=6, occasion="Business meal"
    )
    yield from done(view, "The Painted Lady in Haight-Ashbury for 6 people on Sunday, September 22 at 8:30 PM, as a business meal")


def opendining_20(view):
    yield from search("Evening Delight", time="5:00 PM")
    yield Click(Target("link", "Evening Delight"))
    yield Click(Target("button", "Notify me when 5:00 PM is available"))
    yield Answer(
        "Evening Delight is fully booked at 5:00 PM today, so I could not reserve it; "
        "I set a notification to tell you when a 5:00 PM table opens up."
    )


def opendining_24(view):
    view = yield from book("Italian", "Luigi's Trattoria", "12:30 PM")
    yield from done(view, "Luigi's Trattoria (Italian) for 2 people today at 12:30 PM (Trattoria Roma was fully booked then)")


SOLUTIONS = {
    "opendining-1": opendining_1,
    "opendining-2": opendining_2,
    "opendining-4": opendining_4,
    "opendining-5": opendining_5,
    "opendining-6": opendining_6,
    "opendining-7": opendining_7,
    "opendining-9": opendining_9,
    "opendining-12": opendining_12,
    "opendining-17": opendining_17,
    "opendining-20": opendining_20,
    "opendining-24": opendining_24,
}


# ---- plausible wrong episodes (each graded 0 by the task's script) --------------------------------------
def italian_at_4pm(view):  # opendining-1: 4 PM, not 3 PM
    yield from book("Italian", "Yellowy Bistro", "4:00 PM", search_time="3:00 PM")
    yield Answer("I booked Yellowy Bistro at 4:00 PM.")


def french_at_3pm(view):  # opendining-1: a French bistro is not Italian
    yield from book("Union Square", "Fancy Lights Bistro", "3:00 PM")
    yield Answer("I booked Fancy Lights Bistro at 3:00 PM.")


def american_at_8_30(view):  # opendining-2: after 8 PM
    yield from book("American", "Vintage Bites", "8:30 PM", search_time="8:00 PM", occasion="Birthday")
    yield Answer("I booked Vintage Bites at 8:30 PM.")


def mexican_birthday(view):  # opendining-2: Mexican, not American
    yield from book("Mexican", "Taco Loco", "7:30 PM", search_time="7:00 PM", occasion="Birthday")
    yield Answer("I booked Taco Loco at 7:30 PM for the birthday.")


def low_rated_at_9(view):  # opendining-4: Bar Central has 2.5 stars
    yield from book("Bar Central", "Bar Central", "9:00 PM")
    yield Answer("I booked Bar Central at 9:00 PM.")


def birthday_without_occasion(view):  # opendining-5: the occasion was left empty
    yield from booked_via_page("Expensive Taste", "7:00 PM")
    yield Answer("I booked Expensive Taste tonight at 7:00 PM.")


def under_four_stars(view):  # opendining-5: The Golden Spoon has 3.4 stars
    yield from book("Golden Spoon", "The Golden Spoon", "7:00 PM", occasion="Birthday")
    yield Answer("I booked The Golden Spoon tonight at 7:00 PM for your birthday.")


def tomorrow_at_1_30(view):  # opendining-6: July 19, not today
    yield from book("", "Bangkok Garden", "1:30 PM", day="2024-07-19")
    yield Answer("I booked Bangkok Garden at 1:30 PM.")


def at_1pm(view):  # opendining-6: 1:00 PM, not 1:30 PM
    yield from book("", "Bangkok Garden", "1:00 PM")
    yield Answer("I booked Bangkok Garden at 1:00 PM.")


def north_beach_instead(view):  # opendining-7: Luigi's is in North Beach
    yield from book("Italian", "Luigi's Trattoria", "7:00 PM")
    yield Answer("I booked Luigi's Trattoria today at 7:00 PM.")


def low_rated_breakfast(view):  # opendining-9: Sunrise Diner has 2.7 stars
    yield from book("Breakfast", "Sunrise Diner", "8:00 AM")
    yield Answer("I booked breakfast at Sunrise Diner at 8:00 AM.")


def breakfast_at_10_30(view):  # opendining-9: after 10 AM
    yield from book("Breakfast", "Golden Griddle", "10:30 AM")
    yield Answer("I booked Golden Griddle at 10:30 AM.")


def river_view_at_3_30(view):  # opendining-12: 3:30 PM, not 3 PM
    yield from book("River View", "River View Café", "3:30 PM", day="2025-09-29", search_time="3:00 PM", party=5)
    yield Answer("I booked River View Café at 3:30 PM for 5.")


def river_view_for_4(view):  # opendining-12: 4 people, not 5
    yield from book("River View", "River View Café", "3:00 PM", day="2025-09-29", party=4)
    yield Answer("I booked River View Café at 3:00 PM.")


def business_meal_at_7_30(view):  # opendining-17: before 8 PM
    yield from book(
        "Haight-Ashbury", "The Painted Lady", "7:30 PM", day="2024-09-22", search_time="8:00 PM", party=6, occasion="Business meal"
    )
    yield Answer("I booked The Painted Lady at 7:30 PM for 6.")


def celebration_not_business(view):  # opendining-17: the wrong occasion
    yield from book(
        "Haight-Ashbury", "The Painted Lady", "8:30 PM", day="2024-09-22", search_time="8:00 PM", party=6, occasion="Celebration"
    )
    yield Answer("I booked The Painted Lady at 8:30 PM for 6.")


def evening_delight_at_5_30(view):  # opendining-20: 5:30 PM is not "exactly 5pm", and no alert was set
    yield from book("Evening Delight", "Evening Delight", "5:30 PM", search_time="5:00 PM")
    yield Answer("5 PM was taken, so I booked Evening Delight at 5:30 PM.")


def italian_at_1pm(view):  # opendining-24: 1:00 PM, not 12:30 PM
    yield from book("Italian", "Luigi's Trattoria", "1:00 PM", search_time="12:30 PM")
    yield Answer("I booked Luigi's Trattoria at 1:00 PM.")


MISTAKES = {
    "opendining-1": [italian_at_4pm, french_at_3pm],
    "opendining-2": [american_at_8_30, mexican_birthday],
    "opendining-4": [low_rated_at_9],
    "opendining-5": [birthday_without_occasion, under_four_stars],
    "opendining-6": [tomorrow_at_1_30, at_1pm],
    "opendining-7": [north_beach_instead],
    "opendining-9": [low_rated_breakfast, breakfast_at_10_30],
    "opendining-12": [river_view_at_3_30, river_view_for_4],
    "opendining-17": [business_meal_at_7_30, celebration_not_business],
    "opendining-20": [evening_delight_at_5_30],
    "opendining-24": [italian_at_1pm],
}
