"""Zilloft's task families (see halo_lib/generated/family.py): home searches, tours and messages to agents over the
seed's 423 homes in 15 cities and its 47 agents (the site's today is Thu 2024-07-18; tours run two weeks).

- filter_search: search a city with a price cap, a bedroom minimum and a home type;
- request_tour: request a tour of a named home (an address) at a date and time, in person or by video chat;
- contact_listing_agent: message the listing agent of a named home, with a question and a preferred tour slot;
- contact_local_agent: find a named agent in the directory of a city and message them (buy / sell / rent);
- tour_cheapest_match: request a tour of the cheapest home in a city that meets a bedroom minimum and a price cap.

The checkers read agisdk's finish JSON (`initialfinaldiff` over searchQueryState and tourRequests): the exact
search, or exactly one tour request / message with the right home or agent, slot and contact details and
nothing else. The experts read the page: the search form's values, the results' cards and pager, the home page,
the request forms, the agent directory and "My tours and messages" (where a request that was sent shows).

    halo gen tasks --name zl --sites zilloft --per-family 10 && halo eval --mode expert --tasks gen:zl --workers 2
"""

from __future__ import annotations

import random
import re
from typing import Any, Sequence

from halo_lib.generated.checker import unexpected as changed_outside
from halo_lib.generated.family import Family, Params
from halo_lib.sites.expert import Answer, Click, Fill, Goto, Intent, Select, Target, View
from halo_lib.sites.zilloft.seed import AGENTS, CITIES, HOMES, agent_by_id, agents_in, home_by_id, money, search_homes


# The checkers import this module in a fresh process (agisdk gives them 30 s, even on a loaded machine), so it does
# not import the replica's app (FastAPI) at the top: the tour calendar comes from it only when needed.
def tour_days() -> list[tuple[str, str]]:
    from halo_lib.sites.zilloft.app import tour_days

    return tour_days()


def tour_times() -> list[str]:
    from halo_lib.sites.zilloft.app import TIMES

    return TIMES


PEOPLE = [
    ("Maya Patel", "maya.patel@example.com", "415-555-0134"),
    ("Jonas Berg", "jonas.berg@example.com", "312-555-0178"),
    ("Aisha Okafor", "aisha.okafor@example.com", "646-555-0102"),
    ("Diego Ramirez", "diego.ramirez@example.com", "305-555-0147"),
    ("Hannah Cole", "hannah.cole@example.com", "206-555-0191"),
    ("Wei Chen", "wei.chen@example.com", "617-555-0125"),
    ("Lucia Romano", "lucia.romano@example.com", "512-555-0163"),
    ("Tom Fischer", "tom.fischer@example.com", "213-555-0156"),
]
QUESTIONS = [
    "Is the price negotiable?",
    "Are there any offers on this home yet?",
    "How old is the roof?",
    "Is the HOA fee likely to go up next year?",
    "Can I see the inspection report?",
    "Are pets allowed?",
    "When was the kitchen last renovated?",
    "Is there parking for two cars?",
]
PRICE_CAPS = [400_000, 500_000, 600_000, 750_000, 900_000, 1_000_000, 1_250_000, 1_500_000, 2_000_000]
TYPE_WORDS = {"": "homes", "house": "houses", "condo": "condos", "townhouse": "townhomes"}
TYPE_OPTIONS = {"": "All types", "house": "Houses", "condo": "Condos/Co-ops", "townhouse": "Townhomes"}
INTENT_WORDS = {"buy": ("buy a home", "Buy a home"), "sell": ("sell my home", "Sell a home"), "rent": ("rent a home", "Rent a home")}
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
BASE_ALLOWED = ["searchQueryState", "config"]


# ---- parameters ---------------------------------------------------------------------------------------------------
def draw_person(rng: random.Random) -> dict[str, str]:
    name, email, phone = rng.choice(PEOPLE)
    return {"name": name, "email": email, "phone": phone}


def draw_slot(rng: random.Random) -> dict[str, str]:
    day, label = rng.choice(tour_days()[1:])
    return {"date": day, "day_label": label, "time": rng.choice(tour_times())}


def slot_text(slot: dict) -> str:
    label = slot["day_label"].replace(" (tomorrow)", "")
    return f"{label.split(', ')[1]} ({label.split(',')[0]}) at {slot['time']}"


def price_text(value: int) -> str:
    return f"${value / 1_000_000:g} million" if value >= 1_000_000 else f"${value // 1000}k"


# ---- reading the finish state -------------------------------------------------------------------------------------
def diff(state: dict) -> dict:
    return state.get("initialfinaldiff") or {}


def unexpected(state: dict, allowed: Sequence[str]) -> list[str]:
    return [f"unexpected change: {path}" for path in changed_outside(state, allowed) if path]


def added_list(state: dict, key: str) -> list[dict]:
    found = ((diff(state).get("added") or {}).get("tourRequests") or {}).get(key) or {}
    return [found[k] for k in sorted(found, key=int)] if isinstance(found, dict) else list(found)


def person_problems(values: dict, person: dict) -> list[str]:
    problems = []
    if (values.get("name") or "").strip() != person["name"]:
        problems.append(f"name {values.get('name')!r}, not {person['name']!r}")
    if (values.get("email") or "").strip().lower() != person["email"]:
        problems.append(f"email {values.get('email')!r}, not {person['email']!r}")
    if re.sub(r"\D", "", values.get("phone") or "") != re.sub(r"\D", "", person["phone"]):
        problems.append(f"phone {values.get('phone')!r}, not {person['phone']!r}")
    return problems


def tour_problems(state: dict, zpid: str, slot: dict, tour_type: str, person: dict) -> list[str]:
    tours = added_list(state, "requestTourList")
    if len(tours) != 1:
        return [f"expected exactly one tour request, found {len(tours)}"] + unexpected(
            state, [*BASE_ALLOWED, "tourRequests.requestTourList"]
        )
    tour, problems = tours[0], []
    if str(tour.get("zpid")) != zpid:
        problems.append(f"the tour is of {(tour.get('home') or {}).get('address')!r}, not {home_by_id(zpid)['address']!r}")
    data = tour.get("requestTourData") or {}
    options = (
        [o for o in (data.get("options") or {}).values()] if isinstance(data.get("options"), dict) else list(data.get("options") or [])
    )
    want = [{"date": f"{slot['date']}T00:00:00.000Z", "time": slot["time"]}]
    if options != want:
        problems.append(f"the tour times are {options}, not {want}")
    if data.get("tourType") != tour_type:
        problems.append(f"tour type {data.get('tourType')!r}, not {tour_type!r}")
    problems += person_problems(data.get("formValues") or {}, person)
    if (data.get("shareInfoDetails") or {}).get("shareWithLender"):
        problems.append("the buyer's details were shared with a lender, which nobody asked for")
    return problems + unexpected(state, [*BASE_ALLOWED, "tourRequests.requestTourList"])


# ---- reading the page ---------------------------------------------------------------------------------------------
def texts(view: View, within: Any = None) -> list[str]:
    return [n.name for n in view.find_all("StaticText", within=within)]


def path_of(view: View) -> str:
    return re.sub(r"^[a-z]+://[^/]+", "", view.url).split("?")[0] or "/"


def origin(view: View) -> str:
    found = re.match(r"^[a-z]+://[^/]+", view.url)
    return found.group(0) if found else ""


def flash(view: View) -> str:
    status = view.find("status")
    return " ".join(texts(view, within=status)) if status is not None else ""


def request_count(view: View) -> int:
    link = view.find("link", contains="My tours and messages")
    found = re.search(r"\((\d+)\)", link.name) if link else None
    return int(found.group(1)) if found else 0


def form_values_step(view: View, fields: Sequence[tuple[str, str, str]]) -> Intent | None:
    """(role, label, wanted value) for each field of a form: the first one that needs filling or choosing."""
    for role, label, wanted in fields:
        node = view.find(role, label)
        if node is None:
            continue
        if role == "combobox":
            if (node.value or "") != wanted:
                return Select(node, wanted)
        elif (node.value or "").strip() != wanted:
            return Fill(node, wanted)
    return None


def person_fields(person: dict) -> list[tuple[str, str, str]]:
    return [("textbox", "Full name", person["name"]), ("textbox", "Phone", person["phone"]), ("textbox", "Email", person["email"])]


def on_home(view: View, address: str) -> bool:
    return (
        path_of(view).startswith("/homedetails/")
        and view.find("heading", address) is not None
        and view.find("link", "Request a tour") is not None
    )


def open_home_step(view: View, address: str) -> Intent:
    """From any page, the next step to a home's page: search its address and open the result."""
    if path_of(view) == "/homes":
        box = view.find("searchbox", "Location")
        results = view.find("list", "Homes for sale")
        link = view.find("link", contains=address, within=results) if results is not None else None
        if link is not None:
            return Click(link)
        if box is not None and (box.value or "").strip() != address:
            return Fill(box, address)
        return Click(Target("button", "Search"))
    return Click(Target("link", "Buy"))


def listed_at_my_requests(view: View, section: str, contains: Sequence[str]) -> bool:
    """My tours and messages lists a request whose line holds every text in `contains`."""
    listing = view.find("list", section)
    if listing is None:
        return False
    for item in view.find_all("listitem", within=listing):
        line = " ".join([n.name for n in view.find_all("link", within=item)] + texts(view, within=item))
        if all(text in line for text in contains):
            return True
    return False


def just_clicked(history: Sequence[str]) -> bool:
    """The last action was a click (a form may have been sent); the page alone cannot tell once its toast is gone."""
    return bool(history) and history[-1].startswith("click(")


def request_step(
    view: View,
    params: Params,
    history: Sequence[str],
    address: str,
    form_link: str,
    form_heading: str,
    fields: list,
    send: str,
    sent: str,
    section: str,
    proof: list[str],
) -> Intent:
    """From any page, the next step to one request (a tour or a message) about the home at `address`."""
    if sent in flash(view) and (on_home(view, address) or path_of(view).startswith("/homedetails/")):
        return Answer(f"Done: {flash(view)}")
    if path_of(view) == "/myzilloft":
        if listed_at_my_requests(view, section, proof):
            return Answer(f"Done: the request about {address} is listed under {section}.")
        return Goto(f"{origin(view)}/homedetails/{params['zpid']}/{form_link}")
    if view.find("heading", form_heading) and path_of(view).endswith(f"/{form_link}"):
        if address not in " ".join(texts(view)):
            return Click(Target("link", "Back to the home"))
        return form_values_step(view, fields) or Click(Target("button", send))
    if on_home(view, address):
        if request_count(view) and just_clicked(history):  # maybe sent, its toast already gone: look before sending again
            return Click(Target("link", contains="My tours and messages"))
        return Click(Target("link", "Request a tour" if form_link == "tour" else "Contact agent"))
    return open_home_step(view, address)


# ---- the families -------------------------------------------------------------------------------------------------
class FilterSearch(Family):
    """Search a city with a price cap, a bedroom minimum and a home type."""

    site, name, kind = "zilloft", "filter_search", "filter"
    templates = (
        "Show me {type_words} for sale in {place} priced at most {cap_text} with {beds_text} or more bedrooms.",
        "Search Zilloft: {place}, {type_words}, max price {cap_money}, at least {beds} beds.",
        "I'm house hunting in {city}. List {type_words} with {beds_text} or more bedrooms that cost no more than {cap_text}.",
    )

    def sample(self, rng: random.Random) -> Params:
        while True:
            city, st = rng.choice(CITIES)
            params = {
                "place": f"{city}, {st}",
                "max_price": rng.choice(PRICE_CAPS),
                "beds": rng.randint(1, 4),
                "home_type": rng.choice(list(TYPE_WORDS)),
            }
            if search_homes(params["place"], max_price=params["max_price"], min_beds=params["beds"], home_type=params["home_type"]):
                return params

    def fields(self, params: Params) -> dict[str, Any]:
        return {
            **params,
            "city": params["place"].split(",")[0],
            "type_words": TYPE_WORDS[params["home_type"]],
            "cap_text": price_text(params["max_price"]),
            "cap_money": money(params["max_price"]),
            "beds_text": NUMBER_WORDS[params["beds"]],
        }

    def real_params(self) -> Sequence[Params]:  # zilloft-2, -3, -6, -14, -23 searches (their filters)
        return [
            {"place": "Long Beach, CA", "max_price": None, "beds": 3, "home_type": "house"},
            {"place": "Los Angeles, CA", "max_price": 350_000, "beds": 2, "home_type": ""},
            {"place": "Los Angeles, CA", "max_price": 350_000, "beds": 2, "home_type": "house"},
            {"place": "Sacramento, CA", "max_price": 1_100_000, "beds": 4, "home_type": ""},
            {"place": "Boston, MA", "max_price": 1_000_000, "beds": 1, "home_type": "house"},
            {"place": "California", "max_price": 900_000, "beds": 3, "home_type": ""},
        ]

    def check(self, params: Params, state: dict) -> list[str]:
        updated = (diff(state).get("updated") or {}).get("searchQueryState") or {}
        if not updated:
            return ["no search was run"]
        term = updated.get("usersSearchTerm", "")
        filters = {"minPrice": None, "maxPrice": None, "minBeds": None, "minBaths": None, "homeType": "", "minSqft": None}
        filters.update(updated.get("filterState") or {})
        problems = []
        wanted_ids = {h["zpid"] for h in search_homes(params["place"])}
        if not term or {h["zpid"] for h in search_homes(term)} != wanted_ids:
            problems.append(f"searched {term!r}, not {params['place']!r}")
        want = {
            "minPrice": None,
            "maxPrice": params["max_price"],
            "minBeds": params["beds"],
            "minBaths": None,
            "homeType": params["home_type"],
            "minSqft": None,
        }
        if filters != want:
            problems.append(f"filters {filters}, not {want}")
        return problems + unexpected(state, BASE_ALLOWED)

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        if path_of(view) != "/homes":
            return Click(Target("link", "Buy"))
        fields = [
            ("searchbox", "Location", params["place"]),
            ("textbox", "Min price", ""),
            ("textbox", "Max price", str(params["max_price"])),
            ("combobox", "Beds", f"{params['beds']}+"),
            ("combobox", "Baths", "Any"),
            ("combobox", "Home type", TYPE_OPTIONS[params["home_type"]]),
            ("combobox", "Min square feet", "Any"),
        ]
        step = form_values_step(view, fields)
        if step:
            return step
        heading = view.find("heading", contains="Real Estate & Homes For Sale")
        edited = bool(history) and history[-1].startswith(("fill(", "select_option("))  # the form, not yet submitted
        if heading is not None and heading.name.startswith(params["place"]) and not edited:
            count = next((t for t in texts(view) if re.fullmatch(r"\d+ results?(, page .*)?", t)), "")
            return Answer(
                f"{count or 'The results'}: {self.fields(params)['type_words']} in {params['place']} up to {money(params['max_price'])} with {params['beds']}+ beds."
            )
        return Click(Target("button", "Search"))


class RequestTour(Family):
    """Request a tour of a named home at one date and time, in person or by video chat."""

    site, name, kind = "zilloft", "request_tour", "schedule"
    templates = (
        "Request an {tour_words} tour of {address} on {slot_text}. My details: {name}, {email}, {phone}.",
        "Book a {tour_words} viewing for the home at {address}, {slot_text}; contact {name} ({phone}, {email}).",
        "Could you set up a tour of {street} in {city} ({tour_words}) for {slot_text}? Use {name}, {email}, {phone}.",
    )

    def sample(self, rng: random.Random) -> Params:
        home = rng.choice(HOMES)
        return {
            "zpid": home["zpid"],
            "address": home["address"],
            "slot": draw_slot(rng),
            "tour_type": rng.choice(["in-person", "in-person", "video-chat"]),
            "person": draw_person(rng),
        }

    def fields(self, params: Params) -> dict[str, Any]:
        home = home_by_id(params["zpid"])
        return {
            **params,
            **params["person"],
            "street": home["street"],
            "city": home["city"],
            "slot_text": slot_text(params["slot"]),
            "tour_words": "in-person" if params["tour_type"] == "in-person" else "video-chat",
        }

    def identity(self, params: Params) -> tuple:
        return (params["zpid"], params["slot"]["date"], params["slot"]["time"], params["tour_type"])

    def check(self, params: Params, state: dict) -> list[str]:
        problems = tour_problems(state, params["zpid"], params["slot"], params["tour_type"], params["person"])
        if added_list(state, "contactAgentList"):
            problems.append("an agent was messaged as well")
        return problems

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        radio = view.find("radio", "In person" if params["tour_type"] == "in-person" else "Video chat")
        if radio is not None and not radio.checked and view.find("heading", "Request a tour"):
            return Click(radio)
        share = view.find("checkbox", contains="Share my info")
        if share is not None and share.checked:
            return Click(share)
        fields = [
            ("combobox", "Preferred date", params["slot"]["day_label"]),
            ("combobox", "Preferred time", params["slot"]["time"]),
            ("combobox", "Second choice date", "Optional"),
            ("combobox", "Second choice time", "Optional"),
            ("combobox", "Third choice date", "Optional"),
            ("combobox", "Third choice time", "Optional"),
            *person_fields(params["person"]),
        ]
        kind = "video chat" if params["tour_type"] == "video-chat" else "in person"
        proof = [params["address"], f"{params['slot']['day_label']} at {params['slot']['time']}", f"({kind})"]
        return request_step(
            view,
            params,
            history,
            params["address"],
            "tour",
            "Request a tour",
            fields,
            "Send tour request",
            "Tour request sent",
            "Tour requests",
            proof,
        )


class ContactListingAgent(Family):
    """Message the listing agent of a named home with a question and a preferred tour slot."""

    site, name, kind = "zilloft", "contact_listing_agent", "compose"
    templates = (
        'Message the listing agent of {address}: "{message}" Ask for a tour on {slot_text}. I am {name}, {email}, {phone}.',
        'Contact the agent for the home at {address} with the note "{message}" and a preferred tour time of {slot_text} ({name}, {phone}, {email}).',
        'Send the seller\'s agent of {street}, {city} this message: "{message}" Tour date and time: {slot_text}. Contact: {name} / {email} / {phone}.',
    )

    def sample(self, rng: random.Random) -> Params:
        home = rng.choice(HOMES)
        return {
            "zpid": home["zpid"],
            "address": home["address"],
            "message": rng.choice(QUESTIONS),
            "slot": draw_slot(rng),
            "person": draw_person(rng),
        }

    def fields(self, params: Params) -> dict[str, Any]:
        home = home_by_id(params["zpid"])
        return {**params, **params["person"], "street": home["street"], "city": home["city"], "slot_text": slot_text(params["slot"])}

    def identity(self, params: Params) -> tuple:
        return (params["zpid"], params["message"], params["slot"]["date"], params["slot"]["time"])

    def check(self, params: Params, state: dict) -> list[str]:
        messages = added_list(state, "contactAgentList")
        if len(messages) != 1:
            return [f"expected exactly one message to an agent, found {len(messages)}"] + unexpected(
                state, [*BASE_ALLOWED, "tourRequests.contactAgentList"]
            )
        message, problems = messages[0], []
        if str(message.get("zpid")) != params["zpid"]:
            problems.append(
                f"the message is about {(message.get('home') or {}).get('address') or message.get('agent')}, not {params['address']!r}"
            )
        data = message.get("contactAgentData") or {}
        values = data.get("formValues") or {}
        if (values.get("message") or "").strip() != params["message"]:
            problems.append(f"the message says {values.get('message')!r}, not {params['message']!r}")
        problems += person_problems(values, params["person"])
        chosen = data.get("selectedDate") or {}
        if ((chosen.get("date") or "")[:10], chosen.get("time")) != (params["slot"]["date"], params["slot"]["time"]):
            problems.append(f"tour slot {chosen}, not {params['slot']['date']} {params['slot']['time']}")
        return problems + unexpected(state, [*BASE_ALLOWED, "tourRequests.contactAgentList"])

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        fields = [
            *person_fields(params["person"]),
            ("textbox", "Message", params["message"]),
            ("combobox", "Tour date", params["slot"]["day_label"]),
            ("combobox", "Tour time", params["slot"]["time"]),
        ]
        proof = [params["address"], f"{params['slot']['day_label']} at {params['slot']['time']}", params["message"]]
        return request_step(
            view,
            params,
            history,
            params["address"],
            "contact",
            "Contact agent",
            fields,
            "Send message",
            "Message sent to",
            "Messages to agents",
            proof,
        )


class ContactLocalAgent(Family):
    """Find a named agent in a city's agent directory and message them about buying, selling or renting."""

    site, name, kind = "zilloft", "contact_local_agent", "contact"
    templates = (
        "Find the agent {agent} in {place} on Zilloft and tell them I want to {intent_words}. I'm {name}, {email}, {phone}.",
        "Look up real estate agents in {place}, pick {agent} ({brokerage}) and send a message that I'd like to {intent_words}; contact {name}, {phone}, {email}.",
        "I want to {intent_words} in {city}. Reach out to {agent} from {brokerage} with my details: {name} / {email} / {phone}.",
    )

    def sample(self, rng: random.Random) -> Params:
        agent = rng.choice(AGENTS)
        return {
            "agent_id": agent["id"],
            "agent": agent["name"],
            "place": f"{agent['city']}, {agent['state']}",
            "intent": rng.choice(list(INTENT_WORDS)),
            "person": draw_person(rng),
        }

    def fields(self, params: Params) -> dict[str, Any]:
        agent = agent_by_id(params["agent_id"])
        return {
            **params,
            **params["person"],
            "brokerage": agent["brokerage"],
            "city": agent["city"],
            "intent_words": INTENT_WORDS[params["intent"]][0],
        }

    def identity(self, params: Params) -> tuple:
        return (params["agent_id"], params["intent"])

    def real_params(self) -> Sequence[Params]:  # zilloft-5: hire an agent in San Jose, CA (any of them, to buy)
        return [{"agent_id": a["id"], "intent": "buy"} for a in agents_in("San Jose, CA")]

    def check(self, params: Params, state: dict) -> list[str]:
        messages = added_list(state, "contactAgentList")
        if len(messages) != 1:
            return [f"expected exactly one message to an agent, found {len(messages)}"] + unexpected(
                state, [*BASE_ALLOWED, "tourRequests.contactAgentList"]
            )
        message, problems = messages[0], []
        if (message.get("agent") or {}).get("id") != params["agent_id"]:
            problems.append(f"the message went to {message.get('agent') or message.get('home')}, not {params['agent']!r}")
        values = (message.get("contactAgentData") or {}).get("formValues") or {}
        if values.get("intent") != params["intent"]:
            problems.append(f"intent {values.get('intent')!r}, not {params['intent']!r}")
        problems += person_problems(values, params["person"])
        return problems + unexpected(state, [*BASE_ALLOWED, "tourRequests.contactAgentList"])

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        agent = params["agent"]
        form = view.find("form", f"Contact {agent}")
        if f"Message sent to {agent}" in flash(view):
            return Answer(f"Done: {flash(view)}")
        if path_of(view) == "/myzilloft":
            if listed_at_my_requests(view, "Messages to agents", [agent]):
                return Answer(f"Done: the message to {agent} is listed.")
            return Goto(f"{origin(view)}/agents/{params['agent_id']}")
        if path_of(view).startswith("/agents/") and view.find("heading", agent):
            if request_count(view) and just_clicked(history):  # maybe sent, its toast already gone: look first
                return Click(Target("link", contains="My tours and messages"))
            fields = [("combobox", "I want to", INTENT_WORDS[params["intent"]][1]), *person_fields(params["person"])]
            return form_values_step(view, fields) or Click(
                Target("button", "Send message", within=form) if form else Target("button", "Send message")
            )
        if path_of(view) == "/agents":
            box = view.find("searchbox", "Agent location")
            listing = view.find("list", "Agents")
            link = view.find("link", contains=agent, within=listing) if listing is not None else None
            if link is not None:
                return Click(link)
            if box is not None and (box.value or "").strip() != params["place"]:
                return Fill(box, params["place"])
            return Click(Target("button", "Find agents"))
        return Click(Target("link", "Find an agent"))


def cheapest_home(place: str, beds: int, cap: int) -> dict | None:
    """The one cheapest home in `place` with `beds`+ bedrooms under `cap`; None when none or the price ties."""
    found = search_homes(place, max_price=cap, min_beds=beds, sort="price-asc")
    if not found or (len(found) > 1 and found[0]["price"] == found[1]["price"]):
        return None
    return found[0]


class TourCheapestMatch(Family):
    """Request a tour of the cheapest home in a city with a bedroom minimum and a price cap."""

    site, name, kind = "zilloft", "tour_cheapest_match", "search-schedule"
    templates = (
        "Find the cheapest home in {place} with at least {beds} bedrooms under {cap_text} and request an in-person tour for {slot_text}. I'm {name}, {email}, {phone}.",
        "In {city}, which {beds}+ bedroom home below {cap_text} has the lowest price? Ask for an in-person tour on {slot_text} ({name}, {phone}, {email}).",
        "Tour the least expensive listing in {place} that has {beds_text} or more bedrooms and costs under {cap_text}: in person, {slot_text}. Contact {name} / {email} / {phone}.",
    )

    def sample(self, rng: random.Random) -> Params:
        while True:
            city, st = rng.choice(CITIES)
            place, beds, cap = f"{city}, {st}", rng.randint(1, 4), rng.choice(PRICE_CAPS)
            home = cheapest_home(place, beds, cap)
            if home:
                return {
                    "place": place,
                    "beds": beds,
                    "max_price": cap,
                    "slot": draw_slot(rng),
                    "person": draw_person(rng),
                    "zpid": home["zpid"],
                    "address": home["address"],
                }

    def fields(self, params: Params) -> dict[str, Any]:
        return {
            **params,
            **params["person"],
            "city": params["place"].split(",")[0],
            "cap_text": price_text(params["max_price"]),
            "beds_text": NUMBER_WORDS[params["beds"]],
            "slot_text": slot_text(params["slot"]),
        }

    def identity(self, params: Params) -> tuple:
        return (params["place"], params["beds"], params["max_price"], params["slot"]["date"], params["slot"]["time"])

    def real_params(self) -> Sequence[Params]:  # zilloft-3: Los Angeles under $350k, 2+ bd, July 19
        return [
            {"place": "Los Angeles, CA", "beds": 2, "max_price": 350_000, "slot": {"date": "2024-07-19", "time": t}} for t in tour_times()
        ]

    def check(self, params: Params, state: dict) -> list[str]:
        home = cheapest_home(params["place"], params["beds"], params["max_price"])
        zpid = home["zpid"] if home else params["zpid"]
        return tour_problems(state, zpid, params["slot"], "in-person", params["person"])

    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        # the address (the answer the checker wants) recognises the home's page and forms once there; which home to
        # open is read off the results sorted by price
        on_way = path_of(view).startswith(("/homedetails/", "/myzilloft"))
        if on_way:
            return RequestTour().next_step(view, {**params, "tour_type": "in-person"}, history)
        if path_of(view) != "/homes":
            return Click(Target("link", "Buy"))
        fields = [
            ("searchbox", "Location", params["place"]),
            ("textbox", "Min price", ""),
            ("textbox", "Max price", str(params["max_price"])),
            ("combobox", "Beds", f"{params['beds']}+"),
            ("combobox", "Baths", "Any"),
            ("combobox", "Home type", "All types"),
            ("combobox", "Min square feet", "Any"),
            ("combobox", "Sort", "Price (Low to High)"),
        ]
        step = form_values_step(view, fields)
        if step:
            return step
        heading = view.find("heading", contains="Real Estate & Homes For Sale")
        edited = bool(history) and history[-1].startswith(("fill(", "select_option("))  # the form, not yet submitted
        if heading is not None and heading.name.startswith(params["place"]) and not edited:
            page = re.search(r"[?&]page=(\d+)", view.url)
            if page and int(page.group(1)) > 1:
                return Click(Target("link", "Previous page"))
            results = view.find("list", "Homes for sale")
            first = view.find("link", within=results) if results is not None else None
            if first is not None:  # sorted by price, low to high: the first card is the cheapest
                return Click(first)
        return Click(Target("button", "Search"))


FAMILIES: list[Family] = [FilterSearch(), RequestTour(), ContactListingAgent(), ContactLocalAgent(), TourCheapestMatch()]
