"""Marrisuite's task families (see halo_lib/generated/family.py): hotel searches and reservations over the seed's
58 hotels in 12 destinations, on the site's calendar (Thu 2024-07-18 plus 45 days).

- search_hotels: run a search for a destination, dates, rooms and guests (nothing booked);
- book_room: reserve a named room type at a named hotel for a stay, under a guest's name, email and phone;
- book_cheapest_room_at_hotel: the least expensive room that is free for the whole stay at a named hotel;
- book_cheapest_in_city: the cheapest available stay in a destination (results are sorted by price);
- book_top_rated_in_city: the cheapest room at the highest-rated hotel with availability in a destination.

The checkers read agisdk's finish JSON (`initialfinaldiff` over hotelSearch / recentSearches / bookingDetails) and
want the exact change: one reservation with the right hotel, room, dates, rooms, guests and guest details (or, for
a search, the last search exactly as asked and no reservation). The experts read the page: the search form's
values, the results heading and stay line, the hotel page's rate table, the reservation form and its summary.

    halo gen tasks --name ms --sites marrisuite --per-family 10 && halo eval --mode expert --tasks gen:ms --workers 2
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any, Callable, Sequence

from halo_lib.generated.checker import unexpected as changed_outside
from halo_lib.generated.family import Family, Params
from halo_lib.sites.expert import Answer, Click, Fill, Intent, Select, Target, View
from halo_lib.sites.marrisuite.seed import DESTINATIONS, HOTELS, ROOM_TYPES, hotel_by_id, search_hotels, stay_quote

# The checkers import this module in a fresh process (agisdk gives them 30 s, even on a loaded machine), so it does
# not import the replica's app (FastAPI) at the top: the calendar and page helpers come from it only when needed.
ROOM_NAMES = {key: name for key, name, _, _ in ROOM_TYPES}  # as app.ROOM_NAMES


def site_app():
    from halo_lib.sites.marrisuite import app

    return app


def long_day(iso: str) -> str:
    return site_app().long_day(iso)


ROOM_WORDS = {"king": "king room", "queen": "room with two queen beds", "suite": "suite"}
GUESTS = [
    ("Maya Patel", "maya.patel@example.com", "415-555-0134"),
    ("Jonas Berg", "jonas.berg@example.com", "312-555-0178"),
    ("Aisha Okafor", "aisha.okafor@example.com", "646-555-0102"),
    ("Diego Ramirez", "diego.ramirez@example.com", "305-555-0147"),
    ("Hannah Cole", "hannah.cole@example.com", "206-555-0191"),
    ("Wei Chen", "wei.chen@example.com", "617-555-0125"),
    ("Lucia Romano", "lucia.romano@example.com", "512-555-0163"),
    ("Samuel Brooks", "sam.brooks@example.com", "619-555-0188"),
    ("Priya Nair", "priya.nair@example.com", "408-555-0117"),
    ("Tom Fischer", "tom.fischer@example.com", "213-555-0156"),
]
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
HOME = Target("link", "Find & Reserve")


# ---- parameters -------------------------------------------------------------------------------------------------
def destination(city: str) -> str:
    """What a person types for a seed city: 'Goleta, California'."""
    return next(f"{c}, {state}" for c, state in DESTINATIONS if c == city)


def draw_stay(rng: random.Random, max_nights: int = 5) -> dict[str, Any]:
    app = site_app()
    nights = rng.randint(1, max_nights)
    start = rng.randrange(0, app.BOOKING_DAYS - nights)
    check_in = app.TODAY + timedelta(days=start)
    rooms = rng.choice([1, 1, 1, 2])
    return {
        "checkin": check_in.isoformat(),
        "checkout": (check_in + timedelta(days=nights)).isoformat(),
        "rooms": rooms,
        "guests": rng.randint(rooms, 2 * rooms + 1),
    }


def draw_guest(rng: random.Random) -> dict[str, str]:
    name, email, phone = rng.choice(GUESTS)
    return {"name": name, "email": email, "phone": phone}


def quotes(hotel: dict, params: Params) -> dict[str, dict]:
    check_in, check_out = date.fromisoformat(params["checkin"]), date.fromisoformat(params["checkout"])
    return {room: stay_quote(hotel, room, check_in, check_out) for room in ROOM_NAMES}


def cheapest_room(hotel: dict, params: Params) -> str | None:
    """The one available room type with the lowest average rate; None if none is free or two tie."""
    free = sorted((q["average"], room) for room, q in quotes(hotel, params).items() if q["available"])
    if not free or (len(free) > 1 and free[0][0] == free[1][0]):
        return None
    return free[0][1]


def stay_fields(params: Params) -> dict[str, Any]:
    check_in, check_out = date.fromisoformat(params["checkin"]), date.fromisoformat(params["checkout"])
    nights = (check_out - check_in).days
    rooms, guests = params["rooms"], params["guests"]
    return {
        "check_in": f"{check_in:%B} {check_in.day}",
        "check_out": f"{check_out:%B} {check_out.day}",
        "check_in_day": f"{check_in:%A}, {check_in:%B} {check_in.day}",
        "nights": f"{NUMBER_WORDS.get(nights, nights)} night{'s' if nights != 1 else ''}",
        "rooms_text": f"{NUMBER_WORDS[rooms]} room{'s' if rooms != 1 else ''}",
        "guests_text": f"{NUMBER_WORDS[guests]} guest{'s' if guests != 1 else ''}",
        "guests_n": guests,
    }


# ---- reading the finish state -------------------------------------------------------------------------------------
def unexpected(state: dict, allowed: Sequence[str]) -> list[str]:
    """Changed paths outside `allowed` (checker.unexpected without the '' an empty added/updated/deleted gives)."""
    return [f"unexpected change: {path}" for path in changed_outside(state, allowed) if path]


def diff(state: dict) -> dict:
    return state.get("initialfinaldiff") or {}


def added_bookings(state: dict) -> list[dict]:
    added = diff(state).get("added", {}).get("bookingDetails") or {}
    return [added[k] for k in sorted(added, key=int)] if isinstance(added, dict) else list(added)


def final_search(state: dict) -> dict:
    final = {"destination": "", "checkInDate": "", "checkOutDate": "", "rooms": 1, "guests": 1}
    final.update(diff(state).get("updated", {}).get("hotelSearch") or {})
    return final


def booking_problems(state: dict, params: Params, hotel_id: str, room: str, guest: dict | None) -> list[str]:
    """The reservation must be exactly one, of `room` at `hotel_id` for the stay and guest; nothing else changed."""
    problems = []
    bookings = added_bookings(state)
    changed = diff(state)
    if changed.get("updated", {}).get("bookingDetails") or changed.get("deleted", {}).get("bookingDetails"):
        problems.append("existing reservations were changed")
    if len(bookings) != 1:
        return problems + [f"expected exactly one reservation, found {len(bookings)}"]
    b = bookings[0]
    hotel = hotel_by_id(hotel_id) or {"name": hotel_id}
    if b.get("hotelId") != hotel_id:
        problems.append(f"reserved {b.get('hotelName')!r}, not {hotel['name']!r}")
    if b.get("roomType") != ROOM_NAMES[room]:
        problems.append(f"reserved room {b.get('roomType')!r}, not {ROOM_NAMES[room]!r}")
    if (b.get("checkInDate"), b.get("checkOutDate")) != (params["checkin"], params["checkout"]):
        problems.append(f"stay {b.get('checkInDate')}..{b.get('checkOutDate')}, not {params['checkin']}..{params['checkout']}")
    if (b.get("rooms"), b.get("guests")) != (params["rooms"], params["guests"]):
        problems.append(f"{b.get('rooms')} rooms for {b.get('guests')} guests, not {params['rooms']} for {params['guests']}")
    if guest is not None:
        got = b.get("guest") or {}
        if (got.get("name") or "").strip() != guest["name"]:
            problems.append(f"guest name {got.get('name')!r}, not {guest['name']!r}")
        if (got.get("email") or "").strip().lower() != guest["email"]:
            problems.append(f"email {got.get('email')!r}, not {guest['email']!r}")
        if re.sub(r"\D", "", got.get("phone") or "") != re.sub(r"\D", "", guest["phone"]):
            problems.append(f"phone {got.get('phone')!r}, not {guest['phone']!r}")
    return problems + unexpected(state, ["hotelSearch", "recentSearches", "bookingDetails"])


# ---- reading the page ---------------------------------------------------------------------------------------------
def texts(view: View, within: Any = None) -> list[str]:
    return [n.name for n in view.find_all("StaticText", within=within)]


def heading(view: View, contains: str) -> str | None:
    node = view.find("heading", contains=contains)
    return node.name if node else None


def party(params: Params) -> str:
    rooms, guests = params["rooms"], params["guests"]
    return f"{rooms} room{'s' if rooms != 1 else ''}, {guests} guest{'s' if guests != 1 else ''}"


def shows_stay(view: View, params: Params) -> bool:
    """The page's stay line is this stay: '<check-in> to <check-out> · ... <rooms> room(s), <guests> guest(s)'."""
    dates = f"{long_day(params['checkin'])} to {long_day(params['checkout'])}"
    return any(dates in t and re.search(rf"(?<!\d){re.escape(party(params))}(?!s)", t) for t in texts(view))


def option_label(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%a, %b %-d")


def search_form_step(view: View, params: Params, where: str) -> Intent:
    """Make the search form say this stay and submit it (from any page: pages without the form go home first)."""
    box = view.find("searchbox", "Destination")
    if box is None:
        return Click(HOME)
    if (box.value or "").strip().lower() != where.lower():
        return Fill(box, where)
    for label, wanted in (
        ("Check-in date", option_label(params["checkin"])),
        ("Check-out date", option_label(params["checkout"])),
        ("Rooms", str(params["rooms"])),
        ("Guests", str(params["guests"])),
    ):
        combo = view.find("combobox", label)
        if combo is not None and (combo.value or "") != wanted:
            return Select(combo, wanted)
    return Click(Target("button", "Find Hotels"))


def results_match(view: View, params: Params, where: str) -> bool:
    """A results page for this destination (as typed) and this stay."""
    pattern = rf"\d+ hotels? in {re.escape(where)}"
    titles = [n.name for n in view.find_all("heading") if re.fullmatch(pattern, n.name, re.I)]
    return bool(titles) and shows_stay(view, params)


def result_rows(view: View) -> list[dict[str, Any]]:
    """Each hotel on the results page: name, rating, available, average price (None when sold out)."""
    listing = view.find("list", "Hotels")
    if listing is None:
        return []
    rows = []
    for item in view.find_all("listitem", within=listing):
        link = view.find("link", within=item)
        words = " ".join(texts(view, within=item))
        if link is None:
            continue
        rating = re.search(r"([\d.]+) stars", words)
        price = re.search(r"\$(\d+)\s*avg per night", words)
        available = "Available" in words and "Sold out" not in words
        rows.append(
            {
                "name": link.name,
                "rating": float(rating.group(1)) if rating else 0.0,
                "available": available,
                "average": int(price.group(1)) if (price and available) else None,
            }
        )
    return rows


def room_rows(view: View) -> list[tuple[str, int | None]]:
    """(room name, average per night or None when sold out) for each row of the hotel page's rate table."""
    table = view.find("table", "Rooms and rates")
    if table is None:
        return []
    rows = []
    for row in view.find_all("row", within=table):
        cells = view.find_all("cell", within=row)
        if len(cells) < 3:
            continue
        cell_text = " ".join([cells[2].name] + texts(view, within=cells[2]))
        avg = re.search(r"\$(\d+)/night", cell_text)
        rows.append((cells[0].name or " ".join(texts(view, within=cells[0])), int(avg.group(1)) if avg else None))
    return rows


def cheapest_on_page(view: View) -> str | None:
    free = [(avg, name) for name, avg in room_rows(view) if avg is not None]
    return min(free)[1] if free else None


def book_step(
    view: View,
    params: Params,
    where: str,
    hotel_name: str,
    pick_hotel: Callable[[View], str | None],
    pick_room: Callable[[View], str | None],
    guest: dict,
) -> Intent:
    """The next step towards one reservation at `hotel_name`, read off whichever page this is."""
    done = heading(view, "Your reservation is confirmed")
    if done:
        number = next((t for t in texts(view) if t.strip().isdigit()), "")
        return Answer(f"Reserved {hotel_name}; confirmation number {number}.".replace(" number .", "."))
    if heading(view, "Review and reserve"):
        summary = " ".join(texts(view))
        room_name = ROOM_NAMES[params["room"]]
        if f"{hotel_name}, {room_name}" in summary and shows_stay(view, params):
            for label, key in (("Guest name", "name"), ("Email", "email"), ("Phone", "phone")):
                box = view.find("textbox", label)
                if box is not None and (box.value or "").strip() != guest[key]:
                    return Fill(box, guest[key])
            return Click(Target("button", "Reserve now"))
        return Click(HOME)
    if view.find("link", "Back to search"):  # a hotel page
        title = view.find("heading", hotel_name)
        if title is not None and shows_stay(view, params):
            room = pick_room(view)
            if room and view.find("link", f"Select {room}"):
                return Click(Target("link", f"Select {room}"))
        return Click(Target("link", "Back to search"))
    if results_match(view, params, where):
        name = pick_hotel(view)
        if name and view.find("link", name):
            return Click(Target("link", name))
    return search_form_step(view, params, where)


# ---- the families -------------------------------------------------------------------------------------------------
class SearchHotels(Family):
    """Search a destination for a stay (dates, rooms, guests); nothing is reserved."""

    site, name, kind = "marrisuite", "search_hotels", "search"
    templates = (
        "Search Marrisuite for hotels in {where}, checking in {check_in} and out {check_out}, {rooms_text} for {guests_text}.",
        "I'm looking at {where} for {nights} starting {check_in_day}. List the hotels for {guests_text} in {rooms_text}.",
        "Which hotels in {where} can take {guests_text} ({rooms_text}) from {check_in} to {check_out}? Just search, don't book.",
        "Pull up Marrisuite results for {where}: arrival {check_in}, departure {check_out}, {guests_n} guests, {rooms_text}.",
    )

    def sample(self, rng: random.Random) -> Params:
        city = rng.choice(DESTINATIONS)[0]
        return {"city": city, "where": destination(city), **draw_stay(rng, max_nights=7)}

    def fields(self, params: Params) -> dict[str, Any]:
        return {**params, **stay_fields(params)}

    def identity(self, params: Params) -> tuple:
        return (params["city"], params["checkin"], params["checkout"], params["rooms"], params["guests"])

    def real_params(self) -> Sequence[Params]:
        # marrisuite-8: Goleta, California next weekend (Fri 26 to Sun 28 July), any party size
        stay = {"checkin": "2024-07-26", "checkout": "2024-07-28"}
        return [
            {"city": "Goleta", "where": "Goleta, California", **stay, "rooms": r, "guests": g} for r in range(1, 5) for g in range(1, 9)
        ]

    def check(self, params: Params, state: dict) -> list[str]:
        problems = []
        last = final_search(state)
        city_ids = {h["id"] for h in HOTELS if h["city"] == params["city"]}
        if {h["id"] for h in search_hotels(last["destination"])} != city_ids:
            problems.append(f"the last search was for {last['destination']!r}, not {params['where']!r}")
        if (last["checkInDate"], last["checkOutDate"]) != (params["checkin"], params["checkout"]):
            problems.append(f"searched {last['checkInDate']}..{last['checkOutDate']}, not {params['checkin']}..{params['checkout']}")
        if (last["rooms"], last["guests"]) != (params["rooms"], params["guests"]):
            problems.append(f"searched {last['rooms']} rooms for {last['guests']} guests, not {params['rooms']} for {params['guests']}")
        if added_bookings(state) or diff(state).get("updated", {}).get("bookingDetails"):
            problems.append("a reservation was made; the task was only to search")
        return problems + unexpected(state, ["hotelSearch", "recentSearches"])

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        if results_match(view, params, params["where"]):
            rows = result_rows(view)
            free = [f"{r['name']} (${r['average']}/night)" for r in rows if r["available"]]
            return Answer(f"{len(rows)} hotels in {params['where']}; available: " + ("; ".join(free) or "none") + ".")
        return search_form_step(view, params, params["where"])


class BookRoom(Family):
    """Reserve a named room type at a named hotel for a stay, for a named guest."""

    site, name, kind = "marrisuite", "book_room", "book"
    templates = (
        "Reserve a {room_words} at {hotel} from {check_in} to {check_out}: {rooms_text}, {guests_text}. "
        "The guest is {name}, {email}, {phone}.",
        "Book {hotel} for {nights} starting {check_in_day}, room type '{room_name}', {rooms_text} for {guests_text}. "
        "Use {name} / {email} / {phone} for the reservation.",
        "Please get me the {room_words} at {hotel}, checking in {check_in} and leaving {check_out}, {guests_text} in "
        "{rooms_text}. Name {name}, email {email}, phone {phone}.",
    )

    def sample(self, rng: random.Random) -> Params:
        while True:
            hotel = rng.choice(HOTELS)
            stay = draw_stay(rng)
            room = rng.choice(list(ROOM_NAMES))
            if quotes(hotel, stay)[room]["available"]:
                return {"hotel_id": hotel["id"], "hotel": hotel["name"], "room": room, **stay, "guest": draw_guest(rng)}

    def fields(self, params: Params) -> dict[str, Any]:
        room = params["room"]
        return {**params, **params["guest"], **stay_fields(params), "room_words": ROOM_WORDS[room], "room_name": ROOM_NAMES[room]}

    def identity(self, params: Params) -> tuple:
        return (params["hotel_id"], params["room"], params["checkin"], params["checkout"], params["rooms"], params["guests"])

    def check(self, params: Params, state: dict) -> list[str]:
        return booking_problems(state, params, params["hotel_id"], params["room"], params["guest"])

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        hotel = hotel_by_id(params["hotel_id"])
        return book_step(
            view,
            params,
            destination(hotel["city"]),
            params["hotel"],
            lambda v: params["hotel"],
            lambda v: ROOM_NAMES[params["room"]],
            params["guest"],
        )


class BookCheapestRoomAtHotel(Family):
    """Reserve whichever room type is cheapest (and free for every night) at a named hotel."""

    site, name, kind = "marrisuite", "book_cheapest_room_at_hotel", "book"
    templates = (
        "Book the least expensive room that's available at {hotel} from {check_in} to {check_out} for {guests_text} "
        "({rooms_text}). Reservation name {name}, email {email}, phone {phone}.",
        "At {hotel}, compare the room rates for {nights} from {check_in_day} and reserve the cheapest free one: "
        "{rooms_text}, {guests_text}, guest {name} ({email}, {phone}).",
        "{name} needs a room at {hotel}, {check_in} to {check_out}, {guests_text}, {rooms_text}. Pick the lowest "
        "average nightly rate and book it ({email}, {phone}).",
    )

    def sample(self, rng: random.Random) -> Params:
        while True:
            hotel = rng.choice(HOTELS)
            stay = draw_stay(rng)
            room = cheapest_room(hotel, stay)
            if room:
                return {"hotel_id": hotel["id"], "hotel": hotel["name"], **stay, "room": room, "guest": draw_guest(rng)}

    def fields(self, params: Params) -> dict[str, Any]:
        return {**params, **params["guest"], **stay_fields(params)}

    def identity(self, params: Params) -> tuple:
        return (params["hotel_id"], params["checkin"], params["checkout"], params["rooms"], params["guests"])

    def check(self, params: Params, state: dict) -> list[str]:
        room = cheapest_room(hotel_by_id(params["hotel_id"]), params)
        return booking_problems(state, params, params["hotel_id"], room or params["room"], params["guest"])

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        hotel = hotel_by_id(params["hotel_id"])
        return book_step(
            view, params, destination(hotel["city"]), params["hotel"], lambda v: params["hotel"], cheapest_on_page, params["guest"]
        )


def city_choice(city: str, stay: Params, rule: str) -> tuple[dict, str] | None:
    """(hotel, room) the rule picks in `city` for the stay: 'cheapest' (lowest best average) or 'top_rated' (highest
    rating among hotels with a free room, then its cheapest room); None when the choice is not unique."""
    options = []
    for hotel in search_hotels(destination(city)):
        free = sorted((q["average"], room) for room, q in quotes(hotel, stay).items() if q["available"])
        if free:
            options.append((hotel, free))
    if not options:
        return None
    if rule == "cheapest":
        ranked = sorted((free[0][0], hotel["id"], free[0][1]) for hotel, free in options)
        all_prices = sorted(avg for _, free in options for avg, _ in free)
        if len(all_prices) > 1 and all_prices[0] == all_prices[1]:
            return None
        return hotel_by_id(ranked[0][1]), ranked[0][2]
    ranked_by_rating = sorted(options, key=lambda o: -o[0]["rating"])
    if len(ranked_by_rating) > 1 and ranked_by_rating[0][0]["rating"] == ranked_by_rating[1][0]["rating"]:
        return None
    hotel = ranked_by_rating[0][0]
    room = cheapest_room(hotel, stay)
    return (hotel, room) if room else None


class _CityFamily(Family):
    rule = ""

    def sample(self, rng: random.Random) -> Params:
        while True:
            city = rng.choice(DESTINATIONS)[0]
            stay = draw_stay(rng)
            choice = city_choice(city, stay, self.rule)
            if choice:
                hotel, room = choice
                return {
                    "city": city,
                    "where": destination(city),
                    **stay,
                    "guest": draw_guest(rng),
                    "hotel_id": hotel["id"],
                    "hotel": hotel["name"],
                    "room": room,
                }

    def fields(self, params: Params) -> dict[str, Any]:
        return {**params, **params["guest"], **stay_fields(params)}

    def identity(self, params: Params) -> tuple:
        return (params["city"], params["checkin"], params["checkout"], params["rooms"], params["guests"])

    def check(self, params: Params, state: dict) -> list[str]:
        choice = city_choice(params["city"], params, self.rule)
        if choice is None:
            return ["the task has no single right hotel on these dates"]
        hotel, room = choice
        return booking_problems(state, params, hotel["id"], room, params["guest"])

    def pick_hotel(self, view: View) -> str | None:
        raise NotImplementedError

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        # `hotel` in the parameters is the answer the checker wants; the expert reads the results to reach it and
        # uses the name only to recognise the right hotel page once there (a hotel page does not say it is the cheapest)
        return book_step(view, params, params["where"], params["hotel"], self.pick_hotel, cheapest_on_page, params["guest"])


class BookCheapestInCity(_CityFamily):
    """Reserve the cheapest available stay in a destination (the lowest average nightly rate of any free room)."""

    site, name, kind, rule = "marrisuite", "book_cheapest_in_city", "buy-cheapest", "cheapest"
    templates = (
        "Find the cheapest hotel room available in {where} from {check_in} to {check_out} ({rooms_text}, {guests_text}) "
        "and book it for {name}, {email}, {phone}.",
        "On a budget: reserve the lowest-priced available stay in {where} for {nights} from {check_in_day}, "
        "{guests_text} in {rooms_text}. Guest details: {name}, {email}, {phone}.",
        "Book whatever is cheapest per night in {where} between {check_in} and {check_out} for {guests_text}, "
        "{rooms_text}; put it under {name} ({email}, {phone}).",
    )

    def pick_hotel(self, view: View) -> str | None:
        free = [(r["average"], r["name"]) for r in result_rows(view) if r["available"] and r["average"] is not None]
        return min(free)[1] if free else None


class BookTopRatedInCity(_CityFamily):
    """Reserve the cheapest room at the best-rated hotel that has a free room in a destination."""

    site, name, kind, rule = "marrisuite", "book_top_rated_in_city", "filter-book", "top_rated"
    templates = (
        "Book the cheapest room at the highest-rated hotel in {where} that still has availability from {check_in} "
        "to {check_out}; {rooms_text}, {guests_text}; guest {name}, {email}, {phone}.",
        "I want the best-reviewed available hotel in {where} for {nights} from {check_in_day} ({guests_text}, "
        "{rooms_text}). Take its lowest rate and reserve it for {name} ({email}, {phone}).",
        "Reserve a stay in {where}, {check_in} to {check_out}, at whichever open hotel has the top star rating, in "
        "its least expensive room. {rooms_text}, {guests_text}. Contact: {name}, {email}, {phone}.",
    )

    def pick_hotel(self, view: View) -> str | None:
        free = [(-r["rating"], r["name"]) for r in result_rows(view) if r["available"]]
        return min(free)[1] if free else None


FAMILIES: list[Family] = [SearchHotels(), BookRoom(), BookCheapestRoomAtHotel(), BookCheapestInCity(), BookTopRatedInCity()]
