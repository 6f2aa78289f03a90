"""Staynb's task families (see halo_lib/generated/family.py): searches, filters, wishlists and bookings over the
seed's listings in 18 destinations, on the site's calendar (today is Thu 2024-07-18).

- search_stays: search a destination for dates and a party (adults, children);
- filtered_search: the same, then the filters dialog (a bedroom minimum and amenities);
- save_to_new_wishlist: save a named listing to a new wishlist with a given name;
- save_cheapest_match: save the cheapest place in a destination that fits a party and has an amenity;
- book_stay: book a named listing for dates and a party, paying with a given card.

The checkers read agisdk's finish JSON: the applied search (`added.search.applied*`), the wishlists, the bookings
and shares, exactly as asked and nothing else (no booking when asked to search, no stray wishlist or share, no
half-finished booking). The experts read the page: the search bar's values (Where, the Check in / Check out /
Who buttons, the calendar and the guest counters), the results heading and its summary line, the filters
dialog, the listing page's reservation box, the wishlist dialog and the trips page.

    halo gen tasks --name sn --sites staynb --per-family 10 && halo eval --mode expert --tasks gen:sn --workers 2
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any, Sequence

from halo_lib.generated.checker import unexpected as changed_outside
from halo_lib.generated.family import Family, Params
from halo_lib.sites.expert import Answer, Click, Fill, Intent, Target, View
from halo_lib.sites.staynb.seed import DESTINATIONS, TODAY, search_listings

# The checkers import this module in a fresh process (agisdk gives them 30 s, even on a loaded machine), so it does
# not import the replica's app (FastAPI) at the top: its page helpers are imported when the expert needs them.


def day_label(day: date) -> str:
    from halo_lib.sites.staynb.app import day_label

    return day_label(day)


def guests_summary(counts: dict) -> str:
    from halo_lib.sites.staynb.app import guests_summary

    return guests_summary(counts)


def iso(day: date) -> str:
    from halo_lib.sites.staynb.app import iso

    return iso(day)


def short_day(value: str) -> str:
    from halo_lib.sites.staynb.app import short_day

    return short_day(value)


PLACES = [d for d in DESTINATIONS]
FILTER_AMENITIES = ["Wifi", "Kitchen", "Washer", "Air conditioning", "Free parking", "Pool", "Hot tub", "Dedicated workspace", "TV"]
NUMBER_WORDS = {0: "no", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
MONTHS = "January February March April May June July August September October November December".split()
WISHLIST_NAMES = [
    "Summer escape",
    "Weekend ideas",
    "Family trip",
    "Work retreat",
    "Honeymoon",
    "Dream stays",
    "Girls trip",
    "Road trip stops",
]
CARDS = [
    ("4111 1111 1111 1111", "12/27", "123", "94110"),
    ("5500 0000 0000 0004", "08/26", "456", "10001"),
    ("3400 0000 0000 009", "03/28", "7890", "60601"),
]
SEARCH_ALLOWED = ["searchForm", "search", "config"]


# ---- parameters ---------------------------------------------------------------------------------------------------
def draw_dates(rng: random.Random) -> tuple[str, str]:
    start = TODAY + timedelta(days=rng.randint(1, 130))
    return start.isoformat(), (start + timedelta(days=rng.randint(1, 6))).isoformat()


def draw_party(rng: random.Random) -> tuple[int, int]:
    adults = rng.randint(1, 5)
    children = rng.choice([0, 0, 0, 1, 2]) if adults >= 2 else 0
    return adults, children


def long_date(iso_day: str) -> str:
    day = date.fromisoformat(iso_day)
    return f"{MONTHS[day.month - 1]} {day.day}"


def party_text(adults: int, children: int) -> str:
    text = f"{NUMBER_WORDS[adults]} adult{'s' if adults != 1 else ''}"
    if children:
        text += f" and {NUMBER_WORDS[children]} child{'ren' if children != 1 else ''}"
    return text


def stay_fields(params: Params) -> dict[str, Any]:
    start, end = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
    n = (end - start).days
    return {
        "start_text": long_date(params["start"]),
        "end_text": long_date(params["end"]),
        "nights": f"{NUMBER_WORDS.get(n, n)} night{'s' if n != 1 else ''}",
        "party": party_text(params["adults"], params["children"]),
        "total": params["adults"] + params["children"],
        "city": params["destination"].split(",")[0],
    }


def counts_of(params: Params) -> dict[str, int]:
    return {"Adults": params["adults"], "Children": params["children"], "Infants": 0, "Pets": 0}


# ---- reading the finish state -------------------------------------------------------------------------------------
def diff(state: dict) -> dict:
    return state.get("initialfinaldiff") or {}


def unexpected(state: dict, allowed: Sequence[str]) -> list[str]:
    return [f"unexpected change: {path}" for path in changed_outside(state, allowed) if path]


def as_list(value: Any) -> list:
    if isinstance(value, dict):
        return [value[k] for k in sorted(value, key=lambda k: int(k) if str(k).isdigit() else 0)]
    return list(value or [])


def applied(state: dict) -> dict:
    """The last search the guest ran (agisdk's diff: the applied keys are absent initially, so 'added')."""
    return (diff(state).get("added") or {}).get("search") or {}


def search_problems(state: dict, params: Params, filters: dict | None = None) -> list[str]:
    search = applied(state)
    if "appliedDestination" not in search:
        return ["no search was run"]
    problems = []
    if search.get("appliedDestination") != params["destination"]:
        problems.append(f"searched {search.get('appliedDestination')!r}, not {params['destination']!r}")
    dates = search.get("appliedDates") or {}
    if ((dates.get("startDate") or "")[:10], (dates.get("endDate") or "")[:10]) != (params["start"], params["end"]):
        problems.append(f"dates {dates}, not {params['start']}..{params['end']}")
    counts = {k: int(v or 0) for k, v in (search.get("appliedGuestCounts") or {}).items()}
    if counts != counts_of(params):
        problems.append(f"guests {counts}, not {counts_of(params)}")
    if filters is not None:
        got = search.get("appliedFilters") or {}
        want = {"amenities": sorted(filters.get("amenities", [])), "bedrooms": filters.get("bedrooms", 0), "beds": 0, "bathrooms": 0}
        have = {
            "amenities": sorted(as_list(got.get("amenities"))),
            "bedrooms": int(got.get("bedrooms") or 0),
            "beds": int(got.get("beds") or 0),
            "bathrooms": int(got.get("bathrooms") or 0),
        }
        if have != want:
            problems.append(f"filters {have}, not {want}")
    return problems


def nothing_else(state: dict, allowed: Sequence[str]) -> list[str]:
    """Changes outside `allowed` (bookings, wishlists, shares, a booking left half-done), as problems."""
    return unexpected(state, [*SEARCH_ALLOWED, *allowed])


def wishlists(state: dict) -> list[dict]:
    added = ((diff(state).get("added") or {}).get("wishlist") or {}).get("wishlists") or {}
    return list(added.values()) if isinstance(added, dict) else list(added)


def wishlist_problems(state: dict, name: str, listing_id: str) -> list[str]:
    lists = wishlists(state)
    if len(lists) != 1:
        return [f"expected exactly one new wishlist, found {len(lists)}"]
    problems = []
    if (lists[0].get("name") or "").strip() != name:
        problems.append(f"the wishlist is called {lists[0].get('name')!r}, not {name!r}")
    ids = [str(s.get("id")) for s in as_list(lists[0].get("stays"))]
    if ids != [listing_id]:
        problems.append(f"the wishlist holds {ids}, not [{listing_id!r}]")
    return problems + nothing_else(state, ["wishlist"])


# ---- reading the page ---------------------------------------------------------------------------------------------
def texts(view: View, within: Any = None) -> list[str]:
    return [n.name for n in view.find_all("StaticText", within=within)]


def path_of(view: View) -> str:
    return re.sub(r"^[a-z]+://[^/]+", "", view.url).split("?")[0] or "/"


def search_bar_step(view: View, destination: str, start: str | None, end: str | None, counts: dict | None) -> Intent | None:
    """The next step that makes the search bar say this search (None: it does, press Search). `start` None: any
    dates; `counts` None: any party (else the counters must be open and show exactly these counts)."""
    where = view.find("textbox", "Where")
    if where is None:
        return Click(Target("link", "Staynb home"))
    if (where.value or "").strip() != destination:
        return Fill(where, destination)
    suggestions = view.find("dialog", "Destination suggestions")
    if suggestions is not None and view.find("button", destination, within=suggestions):
        return Click(Target("button", destination, within=suggestions))
    if start:
        step = dates_step(view, start, end or start)
        if step:
            return step
    if counts is not None:
        panel = view.find("dialog", "Who's coming")
        if panel is None:
            return Click(Target("button", contains="Who:"))
        for kind, wanted in counts.items():
            box = view.find("spinbutton", kind, within=panel)
            have = int(box.value or 0) if box is not None and (box.value or "").isdigit() else 0
            if have != wanted:
                return Click(Target("button", f"{'Increase' if have < wanted else 'Decrease'} {kind}", within=panel))
    return None


def dates_step(view: View, start: str, end: str) -> Intent | None:
    want_in, want_out = f"Check in: {short_day(iso(date.fromisoformat(start)))}", f"Check out: {short_day(iso(date.fromisoformat(end)))}"
    in_ok, out_ok = bool(view.find("button", want_in)), bool(view.find("button", want_out))
    if in_ok and out_ok:
        return None
    calendar = view.find("dialog", "Select dates")
    if calendar is None:
        return Click(Target("button", contains="Check in:"))
    out_set = view.find("button", "Check out: Add dates") is None
    if out_set:  # a wrong range is picked: start over
        return Click(Target("button", "Clear dates", within=calendar))
    day = date.fromisoformat(end if in_ok else start)
    if view.find("button", day_label(day)):
        return Click(Target("button", day_label(day)))
    grid = view.find("grid", within=calendar)
    shown = (grid.name if grid else "").split()
    forward = True
    if len(shown) == 2 and shown[0] in MONTHS and shown[1].isdigit():
        forward = (day.year, day.month) > (int(shown[1]), MONTHS.index(shown[0]) + 1)
    return Click(Target("button", "Next month" if forward else "Previous month", within=calendar))


def results_show(view: View, destination: str, start: str | None, end: str | None, counts: dict | None) -> bool:
    """A results page for this applied search (dates and party checked when given)."""
    if path_of(view) != "/s":
        return False
    title = view.find("heading", contains=" in ")
    if title is None or not re.fullmatch(rf"\d+ places? in {re.escape(destination)}", title.name):
        return False
    line = next((t for t in texts(view) if " · " in t and ("night" in t or "Any week" in t)), "")
    if start:
        a, b = date.fromisoformat(start), date.fromisoformat(end or start)
        if not line.startswith(f"{short_day(iso(a))} – {short_day(iso(b))} ("):
            return False
    if counts is not None:
        rest = line.split(" · ", 1)[1] if " · " in line else ""
        if not (rest == guests_summary(counts) or rest.startswith(guests_summary(counts) + " · ")):
            return False
    return True


def shown_amenities(view: View) -> list[str]:
    line = next((t for t in texts(view) if " · " in t and ("night" in t or "Any week" in t)), "")
    parts = line.split(" · ")
    return sorted(a.strip() for a in parts[2].split(",")) if len(parts) > 2 else []


def filter_count(view: View) -> int:
    link = view.find("link", contains="Filters")
    found = re.search(r"\((\d+)\)", link.name) if link else None
    return int(found.group(1)) if found else 0


def filters_step(view: View, bedrooms: int, amenities: Sequence[str]) -> Intent:
    """On the filters dialog: make it say exactly these filters, then show places."""
    dialog = view.find("dialog", "Filters")
    for title, value in (("Bedrooms", bedrooms), ("Beds", 0), ("Bathrooms", 0)):
        name = f"{title}: {value}+" if value else f"{title}: Any"
        radio = view.find("radio", name, within=dialog)
        if radio is not None and not radio.checked:
            return Click(radio)
    for box in view.find_all("checkbox", within=dialog):
        if box.checked != (box.name in amenities):
            return Click(box)
    return Click(Target("button", "Show places", within=dialog))


def filters_match(view: View, bedrooms: int, amenities: Sequence[str]) -> bool:
    return shown_amenities(view) == sorted(amenities) and filter_count(view) == len(amenities) + (1 if bedrooms else 0)


def search_step(view: View, params: Params, filters: dict | None) -> Intent:
    """The next step to the results of this search (with exactly `filters` when given)."""
    counts = counts_of(params)
    if view.find("dialog", "Filters") and filters is not None:
        return filters_step(view, filters.get("bedrooms", 0), filters.get("amenities", []))
    if results_show(view, params["destination"], params["start"], params["end"], counts) and filters is not None:
        return Click(Target("link", contains="Filters"))
    step = search_bar_step(view, params["destination"], params["start"], params["end"], counts)
    return step or Click(Target("button", "Search"))


def searched(view: View, params: Params, filters: dict | None) -> bool:
    if not results_show(view, params["destination"], params["start"], params["end"], counts_of(params)):
        return False
    return filters is None or filters_match(view, filters.get("bedrooms", 0), filters.get("amenities", []))


def open_listing_step(view: View, destination: str, title: str) -> Intent:
    """From any page, the next step to the listing's own page: search the destination (no party, no filters), page
    through the results and open it."""
    if view.find("dialog", "Filters"):
        return filters_step(view, 0, [])
    if results_show(view, destination, None, None, None):
        link = view.find("link", title, within=Target("list", "Search results"))
        if link is not None:
            return Click(link)
        if filter_count(view):
            return Click(Target("link", contains="Filters"))
        if view.find("link", "Next page"):
            return Click(Target("link", "Next page"))
        if view.find("link", "Previous page"):
            return Click(Target("link", "Previous page"))
    step = search_bar_step(view, destination, None, None, {"Adults": 0, "Children": 0, "Infants": 0, "Pets": 0})
    return step or Click(Target("button", "Search"))


def on_listing(view: View, title: str) -> bool:
    return path_of(view).startswith("/rooms/") and view.find("heading", title) is not None and view.find("dialog") is None


# ---- the families -------------------------------------------------------------------------------------------------
class SearchStays(Family):
    """Search a destination for a date range and a party of adults and children."""

    site, name, kind = "staynb", "search_stays", "search"
    templates = (
        "Look for stays in {destination} from {start_text} to {end_text} for {party}.",
        "On Staynb, search {city} ({destination}) for {nights} checking in {start_text}, {party}.",
        "I need somewhere in {destination} between {start_text} and {end_text}; we are {party}. Show me what's there.",
        "Find places to stay: {destination}, check-in {start_text}, check-out {end_text}, guests: {party}.",
    )

    def sample(self, rng: random.Random) -> Params:
        start, end = draw_dates(rng)
        adults, children = draw_party(rng)
        return {"destination": rng.choice(PLACES), "start": start, "end": end, "adults": adults, "children": children}

    def fields(self, params: Params) -> dict[str, Any]:
        return {**params, **stay_fields(params)}

    def real_params(self) -> Sequence[Params]:  # staynb-12, -13, -19 (its search)
        return [
            {"destination": "Delhi, India", "start": "2024-09-07", "end": "2024-09-09", "adults": 2, "children": 0},
            {"destination": "Miami, USA", "start": "2024-07-18", "end": "2024-07-18", "adults": 0, "children": 0},
            {"destination": "Vancouver, Canada", "start": "2024-11-15", "end": "2024-11-18", "adults": 5, "children": 0},
        ]

    def check(self, params: Params, state: dict) -> list[str]:
        problems = search_problems(state, params)
        filters = applied(state).get("appliedFilters") or {}
        if as_list(filters.get("amenities")) or any(filters.get(k) for k in ("bedrooms", "beds", "bathrooms")):
            problems.append(f"filters were applied ({filters}) though none were asked for")
        return problems + nothing_else(state, [])

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        if searched(view, params, {"bedrooms": 0, "amenities": []}):
            heading = view.find("heading", contains=" in ")
            return Answer(f"Here are the stays: {heading.name if heading else ''} for {stay_fields(params)['party']}.")
        return search_step(view, params, {"bedrooms": 0, "amenities": []})


class FilteredSearch(Family):
    """Search, then narrow the results with a bedroom minimum and amenities."""

    site, name, kind = "staynb", "filtered_search", "filter"
    templates = (
        "Search {destination} for {start_text} to {end_text}, {party}, and only show places with {needs}.",
        "We are {party} going to {city} for {nights} from {start_text}. Filter the stays to {needs}.",
        "Show stays in {destination} ({start_text} – {end_text}) for {party} that have {needs}.",
    )

    def sample(self, rng: random.Random) -> Params:
        while True:
            start, end = draw_dates(rng)
            adults, children = draw_party(rng)
            bedrooms = rng.choice([0, 0, 2, 3])
            amenities = sorted(rng.sample(FILTER_AMENITIES, rng.randint(1 if bedrooms else 1, 3)))
            params = {
                "destination": rng.choice(PLACES),
                "start": start,
                "end": end,
                "adults": adults,
                "children": children,
                "bedrooms": bedrooms,
                "amenities": amenities,
            }
            if search_listings(params["destination"], adults + children, {"bedrooms": bedrooms, "amenities": amenities}):
                return params

    def fields(self, params: Params) -> dict[str, Any]:
        needs = [a.lower() if a not in ("Wifi", "TV") else a for a in params["amenities"]]
        if params["bedrooms"]:
            needs = [f"at least {NUMBER_WORDS[params['bedrooms']]} bedrooms"] + needs
        text = ", ".join(needs[:-1]) + (" and " if len(needs) > 1 else "") + needs[-1]
        return {**params, **stay_fields(params), "needs": text}

    def real_params(self) -> Sequence[Params]:  # staynb-1, -4, -5, -9, -14, -17
        return [
            {
                "destination": "Austria",
                "start": "2024-08-01",
                "end": "2024-08-05",
                "adults": 2,
                "children": 1,
                "bedrooms": 2,
                "amenities": [],
            },
            {
                "destination": "San Francisco, USA",
                "start": "2024-09-27",
                "end": "2024-09-29",
                "adults": 2,
                "children": 0,
                "bedrooms": 0,
                "amenities": ["Wifi"],
            },
            {
                "destination": "Paris, France",
                "start": "2024-10-15",
                "end": "2024-10-19",
                "adults": 3,
                "children": 0,
                "bedrooms": 0,
                "amenities": ["Air conditioning", "Free parking", "Wifi"],
            },
            {
                "destination": "Nearby",
                "start": "2024-07-18",
                "end": "2024-07-18",
                "adults": 0,
                "children": 0,
                "bedrooms": 0,
                "amenities": ["Air conditioning", "Free parking", "Pool", "Wifi"],
            },
            {
                "destination": "Rome, Italy",
                "start": "2025-01-03",
                "end": "2025-01-05",
                "adults": 4,
                "children": 0,
                "bedrooms": 2,
                "amenities": ["Wifi"],
            },
            {
                "destination": "Provence, France",
                "start": "2024-08-01",
                "end": "2024-08-04",
                "adults": 2,
                "children": 1,
                "bedrooms": 0,
                "amenities": ["Wifi"],
            },
        ]

    def check(self, params: Params, state: dict) -> list[str]:
        filters = {"bedrooms": params["bedrooms"], "amenities": params["amenities"]}
        return search_problems(state, params, filters) + nothing_else(state, [])

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        filters = {"bedrooms": params["bedrooms"], "amenities": params["amenities"]}
        if searched(view, params, filters):
            heading = view.find("heading", contains=" in ")
            return Answer(f"{heading.name if heading else 'The results'} with {self.fields(params)['needs']}.")
        return search_step(view, params, filters)


def wishlist_step(view: View, destination: str, title: str, name: str) -> Intent:
    """From any page: open the listing, Save, and create the wishlist `name` (or pick it once it exists)."""
    dialog = view.find("dialog", "Save to wishlist")
    if dialog is not None:
        if f"{title} · " not in " ".join(texts(view, within=dialog)):
            return Click(Target("link", "Cancel", within=dialog))
        if view.find("button", f"Save to {name}", within=dialog) is not None:  # made earlier: save into it
            return Click(Target("button", f"Save to {name}", within=dialog))
        box = view.find("textbox", "Wishlist name", within=dialog)
        if box is not None and (box.value or "") != name:
            return Fill(box, name)
        return Click(Target("button", "Create", within=dialog))
    if on_listing(view, title):
        return Click(Target("link", "Save"))
    return open_listing_step(view, destination, title)


def saved_to(view: View, name: str) -> bool:
    """The toast after saving says so; the wishlists page shows it too."""
    return view.find("status", contains=f"Saved to {name}") is not None or any(t == f"Saved to {name}" for t in texts(view))


def wishlist_done(view: View, title: str, name: str) -> bool:
    if saved_to(view, name):
        return True
    if path_of(view) == "/wishlists":
        section = view.find("region", name)
        return section is not None and view.find("link", title, within=section) is not None
    return False


class SaveToNewWishlist(Family):
    """Save a named listing to a new wishlist with a given name."""

    site, name, kind = "staynb", "save_to_new_wishlist", "save"
    templates = (
        'Save "{title}" in {destination} to a new wishlist called "{wishlist}".',
        'Create a wishlist named "{wishlist}" and put the {destination} listing "{title}" in it.',
        'I like "{title}" ({city}). Add it to a brand-new wishlist, "{wishlist}".',
    )

    def sample(self, rng: random.Random) -> Params:
        destination = rng.choice(PLACES)
        item = rng.choice(search_listings(destination))
        return {"destination": destination, "listing_id": item["id"], "title": item["title"], "wishlist": rng.choice(WISHLIST_NAMES)}

    def fields(self, params: Params) -> dict[str, Any]:
        return {**params, "city": params["destination"].split(",")[0]}

    def identity(self, params: Params) -> tuple:
        return (params["listing_id"],)

    def check(self, params: Params, state: dict) -> list[str]:
        return wishlist_problems(state, params["wishlist"], params["listing_id"])

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        if wishlist_done(view, params["title"], params["wishlist"]):
            return Answer(f"Saved {params['title']} to your new wishlist {params['wishlist']}.")
        return wishlist_step(view, params["destination"], params["title"], params["wishlist"])


def cheapest_match(destination: str, guests: int, amenity: str) -> dict | None:
    """The one cheapest listing that fits; None when the results need a second page or the cheapest price ties."""
    found = search_listings(destination, guests, {"amenities": [amenity]})
    prices = sorted(item["price"] for item in found)
    if not found or len(found) > 12 or (len(prices) > 1 and prices[0] == prices[1]):
        return None
    return min(found, key=lambda item: item["price"])


def card_prices(view: View) -> list[tuple[int, str]]:
    listing = view.find("list", "Search results")
    rows = []
    for card in view.find_all("listitem", within=listing) if listing else []:
        link = view.find("link", within=card)
        price = re.search(r"\$(\d+)", " ".join(texts(view, within=card)))
        if link is not None and price:
            rows.append((int(price.group(1)), link.name))
    return rows


class SaveCheapestMatch(Family):
    """Find the cheapest place in a destination for a party with an amenity and save it to a new wishlist."""

    site, name, kind = "staynb", "save_cheapest_match", "search-save"
    templates = (
        'Find the cheapest place in {destination} for {party} from {start_text} to {end_text} that has {amenity_text}, and save it to a new wishlist "{wishlist}".',
        'Budget trip to {city}: {party}, {start_text}–{end_text}, must have {amenity_text}. Put the lowest-priced option in a new wishlist named "{wishlist}".',
        'Which stay with {amenity_text} in {destination} costs least per night for {party} ({nights} from {start_text})? Save it to a wishlist called "{wishlist}".',
    )

    def sample(self, rng: random.Random) -> Params:
        while True:
            start, end = draw_dates(rng)
            adults, children = draw_party(rng)
            destination, amenity = rng.choice(PLACES), rng.choice(FILTER_AMENITIES)
            item = cheapest_match(destination, adults + children, amenity)
            if item:
                return {
                    "destination": destination,
                    "start": start,
                    "end": end,
                    "adults": adults,
                    "children": children,
                    "amenity": amenity,
                    "wishlist": rng.choice(WISHLIST_NAMES),
                    "listing_id": item["id"],
                    "title": item["title"],
                }

    def fields(self, params: Params) -> dict[str, Any]:
        amenity = params["amenity"] if params["amenity"] in ("Wifi", "TV") else params["amenity"].lower()
        return {**params, **stay_fields(params), "amenity_text": amenity}

    def identity(self, params: Params) -> tuple:
        return (params["destination"], params["adults"] + params["children"], params["amenity"], params["start"], params["end"])

    def real_params(self) -> Sequence[Params]:  # staynb-6 saves a Cape Town place for 4 with wifi, Oct 1-6
        return [
            {
                "destination": "Cape Town, South Africa",
                "adults": 4,
                "children": 0,
                "amenity": "Wifi",
                "start": "2024-10-01",
                "end": "2024-10-06",
            }
        ]

    def check(self, params: Params, state: dict) -> list[str]:
        item = cheapest_match(params["destination"], params["adults"] + params["children"], params["amenity"])
        return wishlist_problems(state, params["wishlist"], item["id"] if item else params["listing_id"])

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        # the listing's title (the answer the checker wants) is used to recognise its page and the save dialog once
        # there; which listing to open is read off the filtered results' prices
        if wishlist_done(view, params["title"], params["wishlist"]):
            return Answer(f"The cheapest match is {params['title']}; I saved it to {params['wishlist']}.")
        if view.find("dialog", "Save to wishlist") or on_listing(view, params["title"]):
            return wishlist_step(view, params["destination"], params["title"], params["wishlist"])
        filters = {"bedrooms": 0, "amenities": [params["amenity"]]}
        if searched(view, params, filters) and not view.find("link", "Next page") and not view.find("link", "Previous page"):
            prices = card_prices(view)
            if prices:
                return Click(Target("link", min(prices)[1], within=Target("list", "Search results")))
        return search_step(view, params, filters)


class BookStay(Family):
    """Book a named listing for dates and a party, paying with a given card."""

    site, name, kind = "staynb", "book_stay", "book"
    templates = (
        'Book "{title}" in {destination} from {start_text} to {end_text} for {party}. Pay with card {card} (exp {expiration}, CVV {cvv}, ZIP {zipcode}).',
        'Reserve the {city} place "{title}" for {nights} starting {start_text}, {party}. Card: {card}, expires {expiration}, security code {cvv}, billing ZIP {zipcode}.',
        'Please make a booking at "{title}" ({destination}), check-in {start_text}, check-out {end_text}, for {party}; card number {card}, {expiration}, CVV {cvv}, postcode {zipcode}.',
    )

    def sample(self, rng: random.Random) -> Params:
        while True:
            start, end = draw_dates(rng)
            adults, children = draw_party(rng)
            destination = rng.choice(PLACES)
            fits = search_listings(destination, adults + children)
            if fits:
                item = rng.choice(fits)
                card, expiration, cvv, zipcode = rng.choice(CARDS)
                return {
                    "destination": destination,
                    "listing_id": item["id"],
                    "title": item["title"],
                    "start": start,
                    "end": end,
                    "adults": adults,
                    "children": children,
                    "card": card,
                    "expiration": expiration,
                    "cvv": cvv,
                    "zipcode": zipcode,
                }

    def fields(self, params: Params) -> dict[str, Any]:
        return {**params, **stay_fields(params)}

    def identity(self, params: Params) -> tuple:
        return (params["listing_id"], params["start"], params["end"], params["adults"], params["children"])

    def check(self, params: Params, state: dict) -> list[str]:
        booking = ((diff(state).get("added") or {}).get("booking") or {}).get("bookingDetails") or {}
        trips = as_list(booking)
        if len(trips) != 1:
            return [f"expected exactly one confirmed booking, found {len(trips)}"] + nothing_else(
                state, ["booking.bookingDetails", "booking.errors"]
            )
        trip, problems = trips[0], []
        if str(trip.get("listingId")) != params["listing_id"]:
            problems.append(f"booked {trip.get('title')!r}, not {params['title']!r}")
        if ((trip.get("startDate") or "")[:10], (trip.get("endDate") or "")[:10]) != (params["start"], params["end"]):
            problems.append(f"booked {trip.get('startDate')}..{trip.get('endDate')}, not {params['start']}..{params['end']}")
        counts = {k: int(v or 0) for k, v in (trip.get("guestCounts") or {}).items()}
        if counts != counts_of(params):
            problems.append(f"booked for {counts}, not {counts_of(params)}")
        if trip.get("cardLast4") != re.sub(r"\D", "", params["card"])[-4:]:
            problems.append(f"paid with the card ending {trip.get('cardLast4')}, not {params['card'][-4:]}")
        return problems + nothing_else(state, ["booking.bookingDetails", "booking.errors"])

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        title = params["title"]
        start, end = (short_day(iso(date.fromisoformat(params[k]))) for k in ("start", "end"))
        party = guests_summary(counts_of(params))
        if path_of(view) == "/trips":
            trip = view.find("region", contains="Trip ")
            lines = " ".join(texts(view))
            if trip is not None and view.find("link", title) and f"{start} – {end} · {party}" in lines:
                code = re.search(r"Confirmation code (\S+)", lines)
                return Answer(f"Booked {title}, {start} to {end}; confirmation code {code.group(1) if code else ''}.")
        if view.find("heading", "Request to book"):
            page = " ".join(texts(view))
            if view.find("heading", title) and f"Dates: {start} – {end}" in page and f"Guests: {party}" in page:
                for label, key in (("Card number", "card"), ("Expiration", "expiration"), ("CVV", "cvv"), ("ZIP code", "zipcode")):
                    box = view.find("textbox", label)
                    if box is not None and (box.value or "") != params[key]:
                        return Fill(box, params[key])
                return Click(Target("button", "Confirm and pay"))
            return Click(Target("button", "Cancel booking"))
        if on_listing(view, title):
            box = view.find("complementary", "Reserve")  # the stay the listing will book (not the bar's draft)
            lines = texts(view, within=box) if box is not None else []
            if f"Check-in {start} · Checkout {end}" in lines and party in lines:
                return Click(Target("button", "Reserve", within=box))
        if searched(view, params, None):
            link = view.find("link", title, within=Target("list", "Search results"))
            if link is not None:
                return Click(link)
            if filter_count(view):
                return Click(Target("link", contains="Filters"))
            for label in ("Next page", "Previous page"):
                if view.find("link", label):
                    return Click(Target("link", label))
        if view.find("dialog", "Filters"):
            return filters_step(view, 0, [])
        step = search_bar_step(view, params["destination"], params["start"], params["end"], counts_of(params))
        return step or Click(Target("button", "Search"))


FAMILIES: list[Family] = [SearchStays(), FilteredSearch(), SaveToNewWishlist(), SaveCheapestMatch(), BookStay()]
