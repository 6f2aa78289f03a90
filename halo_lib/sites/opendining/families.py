"""OpenDining's task families (see halo_lib/generated/family.py): generated reservations over the seed restaurants.

Five families: book a named restaurant for a date, time and party size; the same with an occasion; the same
with a special request; the best-rated restaurant of a cuisine (found through search, sorted by rating); and a
"notify me" alert for a fully booked time. "Today" is the site's Thursday 2024-07-18; dates run two weeks on.
Checkers are strict: exactly one new reservation with that restaurant, date, time, party, occasion and request
and the diner's own details (or exactly one alert and no reservation), nothing else changed. The expert works
from the page: it finds the restaurant (its link on the page, else a search by name), sets party size, date and
time in the reservation widget until the page shows them, takes the slot, fixes the details form, completes it,
and answers from the confirmation (or the notifications list).

    halo gen tasks --name od --sites opendining --per-family 10
    halo eval --mode expert --tasks gen:od --out /tmp/od_gen --sites-port 9200 --workers 2
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any, Sequence
from urllib.parse import parse_qs, urlparse

from halo_lib.generated.checker import unexpected
from halo_lib.generated.family import Family, Params
from halo_lib.sites.expert import Answer, Click, Fill, Intent, Select, Target, View
from halo_lib.sites.opendining.seed import RESTAURANTS, TODAY, is_available, restaurant_by_id, search_restaurants

USER = {"First name": "Alex", "Last name": "Johnson", "Phone number": "(415) 555-0142", "Email": "alex.johnson@example.com"}
SEARCH = Target("searchbox", "Location, Restaurant, or Cuisine")
HOME = Target("link", "OpenDining home")
TIMES = [f"{h}:{m:02d} {'AM' if hh < 12 else 'PM'}" for hh in range(11, 22) for m in (0, 30) for h in [hh % 12 or 12]]
OCCASIONS = {
    "Birthday": "a birthday",
    "Anniversary": "our anniversary",
    "Date night": "a date night",
    "Business meal": "a business meal",
    "Celebration": "a celebration",
}
REQUESTS = [
    "A quiet table by the window, please.",
    "We need a high chair for a toddler.",
    "One guest has a severe nut allergy.",
    "Please seat us on the patio if possible.",
    "We'd like a booth away from the kitchen.",
    "Wheelchair-accessible table, please.",
    "It's a surprise, please don't mention it when we arrive.",
    "Could we have a table near the bar?",
]
EVENING_DELIGHT_5PM = ("Evening Delight", "5:00 PM")  # opendining-20's alert


def guests(party: int) -> str:
    return "1 person" if party == 1 else f"{party} people"


def iso(day: str) -> str:
    return f"{day}T00:00:00.000Z"


def long_date(day: str) -> str:
    return date.fromisoformat(day).strftime("%a, %b %-d, %Y")


def day_phrase(day: str) -> str:
    offset = (date.fromisoformat(day) - TODAY).days
    if offset == 0:
        return "today"
    if offset == 1:
        return "tomorrow"
    return "on " + date.fromisoformat(day).strftime("%A, %B %-d")


def draw_when(rng: random.Random, restaurant: dict) -> tuple[str, str, int]:
    """A bookable (date, time, party) at `restaurant`, never today for two (the shape of most REAL tasks)."""
    times = [t for t in TIMES if is_available(restaurant, t)]
    while True:
        day = (TODAY + timedelta(days=rng.randrange(14))).isoformat()
        party = rng.choice([1, 2, 2, 3, 4, 4, 5, 6, 8])
        if not (day == TODAY.isoformat() and party == 2):
            return day, rng.choice(times), party


def other_changes(state: dict, allowed: list[str]) -> list[str]:
    return [f"changed {path}" for path in unexpected(state, allowed) if path]


def url_parts(view: View) -> tuple[str, dict[str, str]]:
    parsed = urlparse(view.url)
    return parsed.path or "/", {k: v[0] for k, v in parse_qs(parsed.query).items()}


def texts(view: View) -> list[str]:
    return [n.name.strip() for n in view.nodes if n.name]


class Reservation(Family):
    """Shared: book `restaurant` for `date`/`time`/`party` (+ occasion / request), or ask to be notified."""

    site = "opendining"
    notify = False

    def identity(self, params: Params) -> tuple:
        keys = ("restaurant_id", "date", "time", "party", "occasion", "request")
        return tuple(params.get(k, "") for k in keys)

    def real_params(self) -> Sequence[Params]:
        # opendining-12 (River View Café, 5 people, 2025-09-29, 3 PM) and -17 (Haight-Ashbury, 6, 2025-09-22);
        # the other REAL tasks are "today for two", which draw_when never produces.
        river_view = next(r for r in RESTAURANTS if r["name"].startswith("River View"))
        found = [{"restaurant_id": river_view["id"], "date": "2025-09-29", "time": "3:00 PM", "party": 5}]
        for r in RESTAURANTS:
            if r["area"] == "Haight-Ashbury":
                for t in ("8:00 PM", "8:30 PM", "9:00 PM", "9:30 PM", "10:00 PM"):
                    found.append({"restaurant_id": r["id"], "date": "2025-09-22", "time": t, "party": 6, "occasion": "Business meal"})
        return found

    # ---- grading -------------------------------------------------------------------------------------------
    def check(self, params: Params, state: dict) -> list[str]:
        added = (state.get("initialfinaldiff") or {}).get("added") or {}
        bookings = list(((added.get("booking") or {}).get("bookingDetails") or {}).values())
        notes = list(((added.get("notification") or {}).get("notifications") or {}).values())
        if self.notify:
            problems = [] if not bookings else [f"{len(bookings)} reservation(s) made; the task asked for an alert only"]
            if len(notes) != 1:
                return problems + [f"expected exactly one new alert, found {len(notes)}"]
            note = notes[0]
            want = {
                "restaurantId": params["restaurant_id"],
                "date": iso(params["date"]),
                "time": params["time"],
                "guests": guests(params["party"]),
            }
            got = {k: note.get(k) for k in want}
            if got != want:
                problems.append(f"the alert is for {got}, not {want}")
            pending = ["booking.index", "booking.time", "booking.date", "booking.guests", "booking.bookingCompleted"]
            return problems + other_changes(state, ["notification.notifications", "config", *pending])
        problems = [] if not notes else ["an availability alert was set; the task asked for a reservation"]
        if len(bookings) != 1:
            return problems + [f"expected exactly one new reservation, found {len(bookings)}"]
        booking = bookings[0]
        want = {
            "restaurant": params["restaurant_id"],
            "date": iso(params["date"]),
            "time": params["time"],
            "guests": guests(params["party"]),
            "occasion": params.get("occasion", ""),
            "request": params.get("request", ""),
            "diner": (USER["First name"], USER["Last name"], USER["Phone number"], USER["Email"]),
        }
        optionals = booking.get("optionals") or {}
        got = {
            "restaurant": (booking.get("restaurant") or {}).get("id"),
            "date": booking.get("date"),
            "time": booking.get("time"),
            "guests": booking.get("guests"),
            "occasion": optionals.get("occasion", ""),
            "request": (optionals.get("request") or "").strip(),
            "diner": (booking.get("firstName"), booking.get("lastName"), booking.get("tel"), booking.get("email")),
        }
        problems += [f"{key} is {got[key]!r}, not {want[key]!r}" for key in want if got[key] != want[key]]
        return problems + other_changes(state, ["booking", "config"])

    # ---- the expert ----------------------------------------------------------------------------------------
    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        name = restaurant_by_id(params["restaurant_id"])["name"]
        path, query = url_parts(view)
        shown = texts(view)
        if path == "/booking/confirmation" and view.find("heading", "Reservation confirmed"):
            wanted = [f"Time: {params['time']}", f"Party size: {guests(params['party'])}", f"Date: {long_date(params['date'])}"]
            if all(w in shown for w in wanted) and any(t.startswith(f"Restaurant: {name} (") for t in shown):
                return Answer(self.done_message(params, name))
            return Click(HOME)
        if path == "/notifications" and self.notify:
            if view.find("article", f"{name}, {long_date(params['date'])} at {params['time']}") is not None:
                return Answer(self.done_message(params, name))
            return Click(HOME)
        if path == "/booking/details":
            return self.on_details(view, params, name, shown)
        if path == f"/restaurant/{params['restaurant_id']}":
            return self.on_restaurant(view, params, name, query, history)
        link = view.find("link", name)
        if link is not None and not self.find_via_search(params):
            return Click(link)
        return self.search_step(view, params, name, path, query)

    def find_via_search(self, params: Params) -> bool:
        return False

    def search_step(self, view: View, params: Params, name: str, path: str, query: dict[str, str]) -> Intent:
        box = view.find("searchbox", "Location, Restaurant, or Cuisine")
        if box is None:
            return Click(HOME)
        if (box.value or "") != name:
            return Fill(SEARCH, name)
        return Click(Target("button", "Let's go"))

    def on_restaurant(self, view: View, params: Params, name: str, query: dict[str, str], history: Sequence[str]) -> Intent:
        party, day, time = guests(params["party"]), params["date"], params["time"]
        applied = (query.get("party"), query.get("date"), query.get("time"))
        if applied != (str(params["party"]), day, time):
            size = view.find("combobox", "Party size")
            if size is not None and (size.value or "") != party:
                return Select(size, party)
            when = view.find("combobox", "Time")
            if when is not None and (when.value or "") != time:
                return Select(when, time)
            field = view.find(None, "Date")
            filled = any(f"'{day}')" in action and action.startswith("fill(") for action in history[-4:])
            if field is not None and (field.value or "") != day and not filled:
                return Fill(field, day)
            return Click(Target("button", "Find a time"))
        if self.notify:
            return Click(Target("button", f"Notify me when {time} is available"))
        return Click(Target("button", time, within=Target("group", f"Available times at {name}")))

    def on_details(self, view: View, params: Params, name: str, shown: list[str]) -> Intent:
        summary_ok = (
            view.find("heading", name) is not None
            and long_date(params["date"]) in shown
            and params["time"] in shown
            and guests(params["party"]) in shown
        )
        if self.notify or not summary_ok:
            return Click(Target("link", "Change date, time or party size"))
        for label, value in USER.items():
            box = view.find("textbox", label)
            if box is not None and (box.value or "") != value:
                return Fill(box, value)
        occasion = view.find("combobox", "Occasion")
        wanted = params.get("occasion") or "Select an occasion"
        if occasion is not None and (occasion.value or "Select an occasion") != wanted:
            return Select(occasion, wanted)
        request = view.find("textbox", "Special request")
        if request is not None and (request.value or "").strip() != params.get("request", ""):
            return Fill(request, params.get("request", ""))
        return Click(Target("button", "Complete reservation"))

    def done_message(self, params: Params, name: str) -> str:
        when = f"{day_phrase(params['date'])} at {params['time']} for {guests(params['party'])}"
        if self.notify:
            return f"{name} is fully booked then; you'll be notified if a table opens {when}."
        return f"I booked {name} {when}."

    def fields(self, params: Params) -> dict[str, Any]:
        return {
            "restaurant": restaurant_by_id(params["restaurant_id"])["name"],
            "day": day_phrase(params["date"]),
            "time": params["time"],
            "party": params["party"],
            "guests": guests(params["party"]),
            "occasion": OCCASIONS.get(params.get("occasion", ""), ""),
            "request": params.get("request", ""),
        }


BOOKABLE = [r for r in RESTAURANTS if not r["name"].startswith("River View")]


class BookTable(Reservation):
    """A table at a named restaurant for a date, time and party size."""

    name, kind = "book_table", "book"
    templates = (
        "Book a table for {party} at {restaurant} {day} at {time}.",
        "Reserve {restaurant} for {guests}, {day}, {time}.",
        "I need a reservation at {restaurant}: {guests} {day} at {time}.",
    )

    def sample(self, rng: random.Random) -> Params:
        restaurant = rng.choice(BOOKABLE)
        day, time, party = draw_when(rng, restaurant)
        return {"restaurant_id": restaurant["id"], "date": day, "time": time, "party": party}


class BookForOccasion(Reservation):
    """A reservation marked with an occasion."""

    name, kind = "book_occasion", "book"
    templates = (
        "Book {restaurant} {day} at {time} for {guests}; it's for {occasion}, so mark the occasion.",
        "Reserve a table for {party} at {restaurant} at {time} {day} and note that it's {occasion}.",
        "We're celebrating {occasion}: get us a table at {restaurant} for {guests} {day}, {time}.",
    )

    def sample(self, rng: random.Random) -> Params:
        restaurant = rng.choice(BOOKABLE)
        day, time, party = draw_when(rng, restaurant)
        return {"restaurant_id": restaurant["id"], "date": day, "time": time, "party": party, "occasion": rng.choice(list(OCCASIONS))}


class BookWithRequest(Reservation):
    """A reservation with a special request written on the details form."""

    name, kind = "book_request", "book"
    templates = (
        'Book {restaurant} for {guests} {day} at {time}, with the special request "{request}"',
        'Reserve a table for {party} at {restaurant}, {day} at {time}. Add this request: "{request}"',
        'Make a reservation at {restaurant} {day}, {time}, {guests}, and tell them: "{request}"',
    )

    def sample(self, rng: random.Random) -> Params:
        restaurant = rng.choice(BOOKABLE)
        day, time, party = draw_when(rng, restaurant)
        return {"restaurant_id": restaurant["id"], "date": day, "time": time, "party": party, "request": rng.choice(REQUESTS)}


def best_rated(cuisine: str) -> dict:
    return sorted(search_restaurants(cuisine), key=lambda r: (-r["rating"], -r["reviews"]))[0]


CUISINE_CHOICES = sorted({r["food_type"] for r in RESTAURANTS if len(search_restaurants(r["food_type"])) >= 2})


class BestRatedOfCuisine(Reservation):
    """Search a cuisine, sort by rating and book the best-rated one (a cuisine with two or more places)."""

    name, kind = "best_of_cuisine", "filter"
    templates = (
        "Find the highest-rated {cuisine} restaurant and book it for {guests} {day} at {time}.",
        "Book a table for {party} at the best-rated {cuisine} place, {day} at {time}.",
        "Search {cuisine} restaurants, sort by rating, and reserve the top one for {guests} {day} at {time}.",
    )

    def sample(self, rng: random.Random) -> Params:
        cuisine = rng.choice(CUISINE_CHOICES)
        restaurant = best_rated(cuisine)
        day, time, party = draw_when(rng, restaurant)
        return {"cuisine": cuisine, "restaurant_id": restaurant["id"], "date": day, "time": time, "party": party}

    def fields(self, params: Params) -> dict[str, Any]:
        return {**super().fields(params), "cuisine": params["cuisine"]}

    def find_via_search(self, params: Params) -> bool:
        return True

    def search_step(self, view: View, params: Params, name: str, path: str, query: dict[str, str]) -> Intent:
        if path == "/search" and query.get("q", "").strip().lower() == params["cuisine"].lower():
            if query.get("sort") != "rating":
                sort = view.find("combobox", contains="Sort")
                if sort is not None and (sort.value or "") != "Highest rated":
                    return Select(sort, "Highest rated")
                return Click(Target("button", "Apply filters"))
            link = view.find("link", name)
            if link is not None:
                return Click(link)
        box = view.find("searchbox", "Location, Restaurant, or Cuisine")
        if box is None:
            return Click(HOME)
        if (box.value or "") != params["cuisine"]:
            return Fill(SEARCH, params["cuisine"])
        return Click(Target("button", "Let's go"))


FULL_TIMES = [(r, t) for r in RESTAURANTS for t in r["booked"] if (r["name"], t) != EVENING_DELIGHT_5PM]


class NotifyWhenFree(Reservation):
    """Ask to be told when a fully booked time opens up (no reservation)."""

    name, kind, notify = "notify_me", "schedule", True
    templates = (
        "{restaurant} is full at {time} {day}; set an alert so I hear if a table for {party} opens up.",
        "Ask OpenDining to notify me when {restaurant} has a {time} table for {guests} {day}.",
        "Put me on the notification list for {restaurant}, {day} at {time}, party of {party}.",
    )

    def sample(self, rng: random.Random) -> Params:
        restaurant, time = rng.choice(FULL_TIMES)
        day = (TODAY + timedelta(days=rng.randrange(14))).isoformat()
        return {"restaurant_id": restaurant["id"], "date": day, "time": time, "party": rng.choice([1, 2, 3, 4, 5, 6])}

    def real_params(self) -> Sequence[Params]:
        evening = next(r for r in RESTAURANTS if r["name"] == "Evening Delight")
        return [{"restaurant_id": evening["id"], "date": TODAY.isoformat(), "time": "5:00 PM", "party": p} for p in range(1, 21)]


FAMILIES: list[Family] = [BookTable(), BookForOccasion(), BookWithRequest(), BestRatedOfCuisine(), NotifyWhenFree()]
