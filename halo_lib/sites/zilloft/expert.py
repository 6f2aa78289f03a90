"""Scripted solutions for Zilloft's ten v2 tasks, and plausible wrong ones (see halo_lib/sites/expert.py).

Every step goes through the site's UI as a home buyer would: type a place in the Location box, set the price,
beds, baths, type or size filters, search, open a home from the results by its address, then request a tour
(dates and times from the lists, name, phone, email; the message comes prefilled with the address) or contact
the agent, or find an agent in the directory. Elements are found by role and accessible name only. The homes
picked are the ones the results show for those filters (their addresses come from the seed, never a bid).

`MISTAKES` are episodes a careless agent could produce; each one is graded 0 by the task's own script
(a condo instead of a house, a weekday or a morning tour, the wrong day, a tour instead of a message...).

    .venv/bin/halo eval --mode expert --tasks zilloft --sites-port 9180 --out /tmp/zilloft_run
    .venv/bin/python -m pytest tests/integration/test_replica_tasks.py -k zilloft -m "heavy or not heavy" -q
"""

from __future__ import annotations

from halo_lib.sites.expert import Answer, Click, Fill, Select, Target
from halo_lib.sites.zilloft.app import PAGE_SIZE
from halo_lib.sites.zilloft.seed import search_homes

LOCATION = Target("searchbox", "Location")
NAME, EMAIL, PHONE = "Alex Johnson", "alex.johnson@example.com", "(415) 555-0142"


def pick(query: str, beds: int | None = None, baths: float | None = None, **filters) -> dict:
    """The first home the results list for these filters (with exactly `beds`/`baths` if given): the one
    the expert clicks, on the first page of results."""
    found = [
        h
        for h in search_homes(query, **filters)[:PAGE_SIZE]
        if (beds is None or h["beds"] == beds) and (baths is None or h["baths"] == baths)
    ]
    return found[0]


# ---- steps a buyer repeats --------------------------------------------------------------------------------
def search(place: str, min_price: str = "", max_price: str = "", beds: str = "", baths: str = "", home_type: str = "", sqft: str = ""):
    """Fill the results page's search form (reached from the Buy link) and submit it."""
    yield Click(Target("link", "Buy"))
    yield Fill(LOCATION, place)
    if min_price:
        yield Fill(Target("textbox", "Min price"), min_price)
    if max_price:
        yield Fill(Target("textbox", "Max price"), max_price)
    if beds:
        yield Select(Target("combobox", "Beds"), beds)
    if baths:
        yield Select(Target("combobox", "Baths"), baths)
    if home_type:
        yield Select(Target("combobox", "Home type"), home_type)
    if sqft:
        yield Select(Target("combobox", "Min square feet"), sqft)
    view = yield Click(Target("button", "Search"))
    return view


def open_home(home: dict):
    view = yield Click(Target("link", contains=home["address"]))
    return view


def contact_details():
    yield Fill(Target("textbox", "Full name"), NAME)
    yield Fill(Target("textbox", "Phone"), PHONE)
    view = yield Fill(Target("textbox", "Email"), EMAIL)
    return view


def request_tour(slots: list[tuple[str, str]], share: bool = False):
    """On a home page: Request a tour with up to three (day label, time) choices, then send it."""
    yield Click(Target("link", "Request a tour"))
    for prefix, (day, time) in zip(("Preferred", "Second choice", "Third choice"), slots):
        yield Select(Target("combobox", f"{prefix} date"), day)
        yield Select(Target("combobox", f"{prefix} time"), time)
    yield from contact_details()
    if share:
        yield Click(Target("checkbox", contains="Share my info"))
    view = yield Click(Target("button", "Send tour request"))
    return view


def contact_agent(day: str = "", time: str = ""):
    """On a home page: Contact agent, with a tour date and time if given, then send the message."""
    yield Click(Target("link", "Contact agent"))
    yield from contact_details()
    if day:
        yield Select(Target("combobox", "Tour date"), day)
    if time:
        yield Select(Target("combobox", "Tour time"), time)
    view = yield Click(Target("button", "Send message"))
    return view


def facts(home: dict) -> str:
    return f"{home['address']} ({'${:,}'.format(home['price'])}, {home['beds']} bd, {home['baths']:g} ba, {home['sqft']:,} sqft)"


FRI_19, SAT_20, SUN_21 = "Fri, Jul 19 (tomorrow)", "Sat, Jul 20", "Sun, Jul 21"

# ---- the homes each solution ends on (the first result for its filters) -----------------------------------
LONG_BEACH_HOUSE = pick("Long Beach, CA", beds=3, baths=2, min_beds=3, min_baths=2, home_type="house")
LA_UNDER_350K = pick("Los Angeles, CA", max_price=350_000, min_beds=2, min_baths=1, home_type="house")
SACRAMENTO_4BD = pick("Sacramento, CA", min_price=500_000, max_price=1_100_000, min_beds=4, min_baths=2)
OVER_1000_SQFT = pick("Seattle, WA", home_type="house", min_sqft=1000)
UNDER_500K_2BD = pick("Fresno, CA", max_price=500_000, min_beds=2, home_type="house")
BOSTON_UNDER_1M = pick("Boston, MA", max_price=1_000_000, home_type="house")
BAY_AREA_3BD = pick("San Francisco Bay Area", max_price=1_000_000, min_beds=3)
SOCAL_UNDER_1M = pick("Southern California", max_price=1_000_000, home_type="house")


# ---- solutions --------------------------------------------------------------------------------------------
def zilloft_2(view):
    yield from search("Long Beach, CA", beds="3+", baths="2+", home_type="Houses")
    yield from open_home(LONG_BEACH_HOUSE)
    yield from request_tour([(FRI_19, "11:00 AM")])
    yield Answer(f"I requested a tour of the 3 bed, 2 bath house at {facts(LONG_BEACH_HOUSE)} for Friday, July 19 at 11:00 AM.")


def zilloft_3(view):
    yield from search("Los Angeles, CA", max_price="350000", beds="2+", baths="1+", home_type="Houses")
    yield from open_home(LA_UNDER_350K)
    yield from request_tour([(FRI_19, "10:00 AM")])
    yield Answer(f"I requested a tour of {facts(LA_UNDER_350K)} for July 19 at 10:00 AM.")


def zilloft_5(view):
    yield Click(Target("link", "Find an agent"))
    yield Fill(Target("searchbox", "Agent location"), "San Jose, CA")
    yield Click(Target("button", "Find agents"))
    yield Click(Target("link", contains="Jorge Patel"))
    yield Select(Target("combobox", "I want to"), "Buy a home")
    yield from contact_details()
    yield Click(Target("button", "Send message"))
    yield Answer("I contacted Jorge Patel, a San Jose, CA agent, to hire them to help you buy a home.")


def zilloft_6(view):
    yield from search("Sacramento, CA", min_price="500000", max_price="1100000", beds="4+", baths="2+")
    yield from open_home(SACRAMENTO_4BD)
    yield from contact_agent(FRI_19, "1:00 PM")
    yield Answer(f"I contacted the agent for {facts(SACRAMENTO_4BD)} and asked for a tour on July 19 at 1:00 PM.")


def zilloft_9(view):
    yield from search("Seattle, WA", home_type="Houses", sqft="1,000+")
    yield from open_home(OVER_1000_SQFT)
    yield from request_tour([(SAT_20, "10:00 AM")])
    yield Answer(
        f"I found {facts(OVER_1000_SQFT)}, a house over 1,000 square feet, and requested a tour for Saturday, July 20 at 10:00 AM."
    )


def zilloft_10(view):
    yield from search("Fresno, CA", max_price="500000", beds="2+", home_type="Houses")
    yield from open_home(UNDER_500K_2BD)
    yield from request_tour([(FRI_19, "4:00 PM")])
    yield Answer(f"I booked a tour of {facts(UNDER_500K_2BD)} for July 19 at 4:00 PM.")


def zilloft_14(view):
    yield from search("Boston, MA", max_price="1000000", home_type="Houses")
    yield from open_home(BOSTON_UNDER_1M)
    yield from contact_agent(FRI_19, "9:00 AM")
    yield Answer(f"I contacted the agent of {facts(BOSTON_UNDER_1M)} and scheduled the tour for tomorrow, July 19, at 9:00 AM.")


def zilloft_15(view):
    yield from search("San Francisco Bay Area", max_price="1000000", beds="3+")
    yield from open_home(BAY_AREA_3BD)
    yield from request_tour([(SAT_20, "1:00 PM"), (SUN_21, "2:30 PM")])
    yield Answer(f"I requested a tour of {facts(BAY_AREA_3BD)} for Saturday, July 20 at 1:00 PM (or Sunday, July 21 at 2:30 PM).")


def zilloft_22(view):
    yield from search("Southern California", max_price="1000000", home_type="Houses")
    yield from open_home(SOCAL_UNDER_1M)
    yield from request_tour([(SAT_20, "11:30 AM")])
    yield Answer(f"I booked a tour of {facts(SOCAL_UNDER_1M)} in Southern California for Saturday, July 20 at 11:30 AM.")


def zilloft_23(view):
    yield from search("California", max_price="900000", beds="3+")
    homes = search_homes("California", max_price=900_000, min_beds=3)
    yield Answer(
        f"Here are {len(homes)} homes in California under $900,000 with 3+ bedrooms, for example: "
        + "; ".join(facts(h) for h in homes[:3])
        + "."
    )


SOLUTIONS = {
    "zilloft-2": zilloft_2,
    "zilloft-3": zilloft_3,
    "zilloft-5": zilloft_5,
    "zilloft-6": zilloft_6,
    "zilloft-9": zilloft_9,
    "zilloft-10": zilloft_10,
    "zilloft-14": zilloft_14,
    "zilloft-15": zilloft_15,
    "zilloft-22": zilloft_22,
    "zilloft-23": zilloft_23,
}


# ---- plausible wrong episodes (each graded 0 by the task's script) ------------------------------------------
LONG_BEACH_CONDO = pick("Long Beach, CA", beds=3, baths=2, min_beds=3, min_baths=2, home_type="condo")
LA_HOUSE_3BD = pick("Los Angeles, CA", min_beds=3, min_baths=2, home_type="house")
BAY_AREA_2BD = pick("San Francisco Bay Area", beds=2, max_price=1_000_000, min_beds=2, home_type="house")
OVER_500K = pick("Fresno, CA", min_price=500_001, min_beds=2)


def long_beach_condo(view):  # zilloft-2: a 3 bd / 2 ba condo ("Apt"/"Unit" address), not a house
    yield from search("Long Beach, CA", beds="3+", baths="2+", home_type="Condos/Co-ops")
    yield from open_home(LONG_BEACH_CONDO)
    yield from request_tour([(FRI_19, "11:00 AM")])
    yield Answer(f"I requested a tour of {LONG_BEACH_CONDO['address']}.")


def los_angeles_house(view):  # zilloft-2: the right kind of house in the wrong city
    yield from search("Los Angeles, CA", beds="3+", baths="2+", home_type="Houses")
    yield from open_home(LA_HOUSE_3BD)
    yield from request_tour([(FRI_19, "11:00 AM")])
    yield Answer(f"I requested a tour of {LA_HOUSE_3BD['address']}.")


def message_instead_of_tour(view):  # zilloft-3: contacted the agent, never requested the tour
    yield from search("Los Angeles, CA", max_price="350000", beds="2+", baths="1+")
    yield from open_home(LA_UNDER_350K)
    yield from contact_agent(FRI_19, "10:00 AM")
    yield Answer("I messaged the agent about a tour on July 19.")


def tour_instead_of_agent(view):  # zilloft-5: a tour request on a San Jose home is not contacting an agent
    yield from search("San Jose, CA")
    home = pick("San Jose, CA")
    yield from open_home(home)
    yield from request_tour([(FRI_19, "10:00 AM")])
    yield Answer("I requested a tour with a San Jose agent.")


def agent_form_not_sent(view):  # zilloft-5: filled the agent's form, never sent it
    yield Click(Target("link", "Find an agent"))
    yield Fill(Target("searchbox", "Agent location"), "San Jose, CA")
    yield Click(Target("button", "Find agents"))
    yield Click(Target("link", contains="Jorge Patel"))
    yield from contact_details()
    yield Answer("I found Jorge Patel, an agent in San Jose.")


def sacramento_morning(view):  # zilloft-6: 10:00 AM is not around 1 PM
    yield from search("Sacramento, CA", min_price="500000", max_price="1100000", beds="4+", baths="2+")
    yield from open_home(SACRAMENTO_4BD)
    yield from contact_agent(FRI_19, "10:00 AM")
    yield Answer("I contacted the agent for a tour on July 19 at 10 AM.")


def sacramento_wrong_day(view):  # zilloft-6: July 20, not July 19
    yield from search("Sacramento, CA", min_price="500000", max_price="1100000", beds="4+", baths="2+")
    yield from open_home(SACRAMENTO_4BD)
    yield from contact_agent(SAT_20, "1:00 PM")
    yield Answer("I contacted the agent for a tour on July 20 at 1 PM.")


def over_budget_tour(view):  # zilloft-10: the home is over $500,000
    yield from search("Fresno, CA", min_price="500001", beds="2+")
    yield from open_home(OVER_500K)
    yield from request_tour([(FRI_19, "4:00 PM")])
    yield Answer(f"I booked a tour of {OVER_500K['address']}.")


def boston_day_after_tomorrow(view):  # zilloft-14: Saturday, not tomorrow
    yield from search("Boston, MA", max_price="1000000", home_type="Houses")
    yield from open_home(BOSTON_UNDER_1M)
    yield from contact_agent(SAT_20, "9:00 AM")
    yield Answer("I contacted the agent and scheduled the tour for July 20 at 9 AM.")


def boston_tour_not_message(view):  # zilloft-14: a tour request, the agent never contacted
    yield from search("Boston, MA", max_price="1000000", home_type="Houses")
    yield from open_home(BOSTON_UNDER_1M)
    yield from request_tour([(FRI_19, "9:00 AM")])
    yield Answer("I requested a tour for tomorrow at 9 AM.")


def bay_area_weekday(view):  # zilloft-15: Friday is not the weekend
    yield from search("San Francisco Bay Area", max_price="1000000", beds="3+")
    yield from open_home(BAY_AREA_3BD)
    yield from request_tour([(FRI_19, "2:00 PM")])
    yield Answer("I requested a tour for Friday at 2 PM.")


def bay_area_two_bedrooms(view):  # zilloft-15: a 2-bedroom home on Saturday afternoon
    yield from search("San Francisco Bay Area", max_price="1000000", beds="2+", home_type="Houses")
    yield from open_home(BAY_AREA_2BD)
    yield from request_tour([(SAT_20, "1:00 PM")])
    yield Answer(f"I requested a tour of {BAY_AREA_2BD['address']} on Saturday at 1 PM.")


def search_in_texas(view):  # zilloft-23: the right filters in the wrong state
    yield from search("Austin, TX", max_price="900000", beds="3+")
    yield Answer("Here are homes under $900,000 with 3+ bedrooms.")


def california_over_budget(view):  # zilloft-23: a $1.5M price cap
    yield from search("California", max_price="1500000", beds="3+")
    yield Answer("Here are homes in California with 3+ bedrooms.")


MISTAKES = {
    "zilloft-2": [long_beach_condo, los_angeles_house],
    "zilloft-3": [message_instead_of_tour],
    "zilloft-5": [tour_instead_of_agent, agent_form_not_sent],
    "zilloft-6": [sacramento_morning, sacramento_wrong_day],
    "zilloft-10": [over_budget_tour],
    "zilloft-14": [boston_day_after_tomorrow, boston_tour_not_message],
    "zilloft-15": [bay_area_weekday, bay_area_two_bedrooms],
    "zilloft-23": [search_in_texas, california_over_budget],
}
