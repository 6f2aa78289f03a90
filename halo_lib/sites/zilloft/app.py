"""Zilloft, a Zillow-like home search (REAL v2 site `zilloft`): search homes for sale by place, price, beds,
baths, home type and size; home pages with address, price, beds, baths and square feet; request a tour
(up to three date/time choices, contact details, a message prefilled with the address, share-info option);
contact the listing agent (with a preferred tour date and time); find an agent by city and contact them.
All server-rendered (post/redirect/get, no JavaScript needed). Pages: `/` (search box, cities), `/homes`
(filters and 15 results a page), `/homedetails/<zpid>` with `/tour` and `/contact` forms, `/agents?location=`
and `/agents/<id>` (profile and contact form), `/myzilloft` (your tour requests and messages).

The site's clock is frozen at Thursday 2024-07-18 (REAL's scripts assume it: "July 19th", "tomorrow", "the
weekend"): tour dates run from that day for two weeks, and records are stamped with that date.

State (what /finish diffs; the initial snapshot is taken at /config, before its parameters are applied):
    config.zilloft                 {run_id, task_id}: set by /config, so it lands in `added`
    searchQueryState               {usersSearchTerm, filterState {minPrice, maxPrice, minBeds, minBaths,
                                    homeType, minSqft}, sort}: the last search submitted (None = any)
    tourRequests.requestTourList   [] initially; each tour request is
                                   {id, createdAt, zpid, home {zpid, address, price, beds, baths, sqft, homeType},
                                    requestTourData {formValues {name, email, phone, message},
                                    options [{date "YYYY-MM-DDT00:00:00.000Z", time "h:mm AM"}], tourType,
                                    shareInfoDetails {shareWithLender}}}
    tourRequests.contactAgentList  [] initially; each message to an agent is {id, createdAt, then either
                                    zpid + home (from a home page, with contactAgentData.selectedDate {date, time})
                                    or agent {id, name, brokerage, city, state} (from the agent directory)},
                                    contactAgentData {formValues {name, email, phone, message[, intent]}}
so a first request shows in /finish as `added.tourRequests.requestTourList = {"0": {...}}`. `differences`
repeats them keyed by id: `differences.requestTours.{added, updated, deleted}` and
`differences.contactAgents.{added, updated, deleted}`. Each record's `createdAt` comes first in it, so the
first timestamp in /finish is always "today" (eval_zilloft_14 measures "tomorrow" from it).

Run it alone: `python -m halo_lib.sites.server --sites zilloft --base-port 9180`, then open
http://127.0.0.1:9180/ (or call /config?task_id=v2.zilloft-2, browse, and read /finish).
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request

from halo_lib.sites.framework import Replica
from halo_lib.sites.zilloft.seed import (
    AGENTS,
    CITIES,
    HOME_TYPES,
    STATE_NAMES,
    TYPE_LABELS,
    agent_by_id,
    agents_in,
    home_by_id,
    money,
    place_matches,
    search_homes,
)

TODAY = date(2024, 7, 18)
TOUR_DAYS = 14
PAGE_SIZE = 15  # homes per results page (digit-heavy lines: 20 would overrun the agent's 1500-token page summary)
TIMES = [
    f"{h12}:{m:02d} {ampm}" for h24 in range(8, 20) for m in (0, 30) for h12, ampm in [((h24 - 1) % 12 + 1, "AM" if h24 < 12 else "PM")]
][:-1]  # 8:00 AM .. 7:00 PM
BEDS = [("", "Any"), ("1", "1+"), ("2", "2+"), ("3", "3+"), ("4", "4+"), ("5", "5+")]
BATHS = [("", "Any"), ("1", "1+"), ("1.5", "1.5+"), ("2", "2+"), ("3", "3+"), ("4", "4+")]
SQFT = [
    ("", "Any"),
    ("500", "500+"),
    ("750", "750+"),
    ("1000", "1,000+"),
    ("1250", "1,250+"),
    ("1500", "1,500+"),
    ("2000", "2,000+"),
    ("3000", "3,000+"),
]
SORTS = [("newest", "Newest"), ("price-asc", "Price (Low to High)"), ("price-desc", "Price (High to Low)"), ("sqft", "Square Feet")]
OPTION_NAMES = ["Preferred", "Second choice", "Third choice"]
INTENTS = [("buy", "Buy a home"), ("sell", "Sell a home"), ("buy-sell", "Buy and sell"), ("rent", "Rent a home")]


def tour_days() -> list[tuple[str, str]]:
    """(ISO date, label) for the days a tour can be asked for: today and the next 13."""
    days = []
    for offset in range(TOUR_DAYS):
        day = TODAY + timedelta(days=offset)
        suffix = " (today)" if offset == 0 else " (tomorrow)" if offset == 1 else ""
        days.append((day.isoformat(), day.strftime("%a, %b %-d") + suffix))
    return days


def now_iso() -> str:
    """A timestamp on the site's frozen day, at the real time of day."""
    clock = datetime.now(timezone.utc).time()
    return datetime.combine(TODAY, clock).isoformat(timespec="milliseconds") + "Z"


def parse_amount(text: str) -> int | None:
    """'500000', '$500,000', '500k', '1.1M' -> an int; '' or nonsense -> None."""
    s = (text or "").strip().lower().replace("$", "").replace(",", "").replace(" ", "")
    if not s:
        return None
    scale = 1
    if s.endswith(("k", "m")):
        scale = 1_000 if s[-1] == "k" else 1_000_000
        s = s[:-1]
    try:
        value = float(s) * scale
    except ValueError:
        return None
    return int(value) if value >= 0 else None


def parse_number(text: str, cast=int):
    try:
        return cast(text) if text not in ("", None) else None
    except ValueError:
        return None


def home_summary(home: dict) -> dict[str, Any]:
    """The home as a request records it."""
    return {
        "zpid": home["zpid"],
        "address": home["address"],
        "price": home["price"],
        "beds": home["beds"],
        "baths": home["baths"],
        "sqft": home["sqft"],
        "homeType": TYPE_LABELS[home["type"]],
    }


def baths_text(value: float) -> str:
    return f"{value:g}"


def empty_search() -> dict[str, Any]:
    return {
        "usersSearchTerm": "",
        "filterState": {"minPrice": None, "maxPrice": None, "minBeds": None, "minBaths": None, "homeType": "", "minSqft": None},
        "sort": "newest",
    }


class Zilloft(Replica):
    name = "zilloft"
    title = "Zilloft"
    templates_dir = Path(__file__).resolve().parent / "templates"
    favicon_svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#006aff"/>'
        '<path d="M3 8l5-4 5 4v5H3z" fill="#fff"/></svg>'
    )

    def initial_state(self, task_id: str) -> dict[str, Any]:
        return {
            "searchQueryState": empty_search(),
            "tourRequests": {"requestTourList": [], "contactAgentList": []},
        }

    def apply_config(self, state: dict[str, Any], params: dict[str, str]) -> None:
        state["config"] = {"zilloft": {"run_id": params.get("run_id", "0"), "task_id": params.get("task_id", "")}}

    def differences(self, initial: dict[str, Any], final: dict[str, Any]) -> dict[str, Any]:
        def by_id(items: list[dict]) -> dict[str, dict]:
            return {item["id"]: item for item in items}

        out = {}
        for name, key in (("requestTours", "requestTourList"), ("contactAgents", "contactAgentList")):
            before, after = by_id(initial["tourRequests"][key]), by_id(final["tourRequests"][key])
            out[name] = {
                "added": {k: v for k, v in after.items() if k not in before},
                "updated": {k: v for k, v in after.items() if k in before and v != before[k]},
                "deleted": {k: v for k, v in before.items() if k not in after},
            }
        return out

    # ---- helpers ------------------------------------------------------------------------------------
    def page(self, request: Request, template: str, status_code: int = 200, **context: Any):
        state = self.session(request).state
        lists = state["tourRequests"]
        return self.render(
            request,
            template,
            status_code=status_code,
            money=money,
            type_labels=TYPE_LABELS,
            baths_text=baths_text,
            agent_by_id=agent_by_id,
            cities=CITIES,
            state_names=STATE_NAMES,
            request_count=len(lists["requestTourList"]) + len(lists["contactAgentList"]),
            **context,
        )

    def form_page(
        self, request: Request, template: str, home: dict | None, values: dict, error: str = "", status_code: int = 200, **context
    ):
        agent = agent_by_id(home["agent_id"]) if home else None
        return self.page(
            request,
            template,
            status_code=status_code,
            home=home,
            agent=agent,
            values=values,
            error=error,
            days=tour_days(),
            times=TIMES,
            option_names=OPTION_NAMES,
            intents=INTENTS,
            **context,
        )

    @staticmethod
    def contact_values(form) -> tuple[dict[str, str], str]:
        values = {k: (form.get(k) or "").strip() for k in ("name", "email", "phone", "message")}
        if not values["name"]:
            return values, "Enter your name."
        if "@" not in values["email"] or "." not in values["email"].split("@")[-1]:
            return values, "Enter a valid email address."
        if sum(ch.isdigit() for ch in values["phone"]) < 10:
            return values, "Enter a valid phone number."
        return values, ""

    # ---- pages --------------------------------------------------------------------------------------
    def register(self, router: APIRouter) -> None:
        @router.get("/")
        async def home(request: Request):
            return self.page(request, "home.html")

        @router.get("/homes")
        async def homes(request: Request):
            params = request.query_params
            state = self.session(request).state
            if "q" in params:  # a submitted search becomes the search state
                home_type = params.get("type", "")
                state["searchQueryState"] = {
                    "usersSearchTerm": params.get("q", "").strip(),
                    "filterState": {
                        "minPrice": parse_amount(params.get("min_price", "")),
                        "maxPrice": parse_amount(params.get("max_price", "")),
                        "minBeds": parse_number(params.get("beds", "")),
                        "minBaths": parse_number(params.get("baths", ""), float),
                        "homeType": home_type if home_type in dict(HOME_TYPES) else "",
                        "minSqft": parse_number(params.get("sqft", "")),
                    },
                    "sort": params.get("sort", "newest") if params.get("sort") in dict(SORTS) else "newest",
                }
            search = state["searchQueryState"]
            filters = search["filterState"]
            found = search_homes(
                search["usersSearchTerm"],
                min_price=filters["minPrice"],
                max_price=filters["maxPrice"],
                min_beds=filters["minBeds"],
                min_baths=filters["minBaths"],
                home_type=filters["homeType"],
                min_sqft=filters["minSqft"],
                sort=search["sort"],
            )
            _, place = place_matches(search["usersSearchTerm"])
            page_number = max(1, parse_number(params.get("page", "1")) or 1)
            pages = max(1, -(-len(found) // PAGE_SIZE))
            page_number = min(page_number, pages)
            shown = found[(page_number - 1) * PAGE_SIZE : page_number * PAGE_SIZE]

            def page_link(number: int) -> str:
                return "/homes?page=" + str(number)

            return self.page(
                request,
                "results.html",
                search=search,
                filters=filters,
                found=found,
                shown=shown,
                place=place,
                page_number=page_number,
                pages=pages,
                page_link=page_link,
                beds=BEDS,
                baths=BATHS,
                sqft=SQFT,
                sorts=SORTS,
                home_types=HOME_TYPES,
                amount=lambda v: "" if v is None else str(v),
                selected=lambda v: "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)),
            )

        @router.get("/homedetails/{zpid}")
        async def home_details(request: Request, zpid: str):
            item = home_by_id(zpid)
            if item is None:
                return self.page(request, "not_found.html", status_code=404)
            nearby = [h for h in search_homes(f"{item['city']}, {item['state']}") if h["zpid"] != zpid][:4]
            return self.page(request, "home_detail.html", home=item, agent=agent_by_id(item["agent_id"]), nearby=nearby)

        @router.get("/homedetails/{zpid}/tour")
        async def tour_form(request: Request, zpid: str):
            item = home_by_id(zpid)
            if item is None:
                return self.page(request, "not_found.html", status_code=404)
            values = {"message": f"I am interested in {item['address']}.", "tour_type": "in-person"}
            return self.form_page(request, "tour_form.html", item, values)

        @router.post("/homedetails/{zpid}/tour")
        async def request_tour(request: Request, zpid: str):
            item = home_by_id(zpid)
            if item is None:
                return self.page(request, "not_found.html", status_code=404)
            form = await request.form()
            values, error = self.contact_values(form)
            options = []
            for index in range(len(OPTION_NAMES)):
                day, time = (form.get(f"date{index}") or "").strip(), (form.get(f"time{index}") or "").strip()
                if day and time and day in dict(tour_days()) and time in TIMES:
                    options.append({"date": f"{day}T00:00:00.000Z", "time": time})
                values[f"date{index}"], values[f"time{index}"] = day, time
            values["tour_type"] = form.get("tour_type") or "in-person"
            values["share"] = form.get("share") == "on"
            if not options and not error:
                error = "Choose a date and a time for your tour."
            if error:
                return self.form_page(request, "tour_form.html", item, values, error=error, status_code=400)
            self.session(request).state["tourRequests"]["requestTourList"].append(
                {
                    "id": "rt-" + secrets.token_hex(6),
                    "createdAt": now_iso(),
                    "zpid": item["zpid"],
                    "home": home_summary(item),
                    "requestTourData": {
                        "formValues": values_for_state(values),
                        "options": options,
                        "tourType": "video-chat" if values["tour_type"] == "video-chat" else "in-person",
                        "shareInfoDetails": {"shareWithLender": values["share"]},
                    },
                }
            )
            agent = agent_by_id(item["agent_id"])
            self.flash(request, f"Tour request sent. {agent['name']} will contact you to confirm your tour of {item['street']}.")
            return self.redirect(f"/homedetails/{zpid}")

        @router.get("/homedetails/{zpid}/contact")
        async def contact_form(request: Request, zpid: str):
            item = home_by_id(zpid)
            if item is None:
                return self.page(request, "not_found.html", status_code=404)
            return self.form_page(request, "contact_form.html", item, {"message": f"I am interested in {item['address']}."})

        @router.post("/homedetails/{zpid}/contact")
        async def contact_listing_agent(request: Request, zpid: str):
            item = home_by_id(zpid)
            if item is None:
                return self.page(request, "not_found.html", status_code=404)
            form = await request.form()
            values, error = self.contact_values(form)
            day, time = (form.get("date") or "").strip(), (form.get("time") or "").strip()
            values["date"], values["time"] = day, time
            if day and day not in dict(tour_days()) or time and time not in TIMES:
                error = error or "Choose a tour date and time from the lists."
            if error:
                return self.form_page(request, "contact_form.html", item, values, error=error, status_code=400)
            self.session(request).state["tourRequests"]["contactAgentList"].append(
                {
                    "id": "ca-" + secrets.token_hex(6),
                    "createdAt": now_iso(),
                    "zpid": item["zpid"],
                    "home": home_summary(item),
                    "contactAgentData": {
                        "formValues": values_for_state(values),
                        "selectedDate": {"date": f"{day}T00:00:00.000Z" if day else "", "time": time},
                    },
                }
            )
            agent = agent_by_id(item["agent_id"])
            self.flash(request, f"Message sent to {agent['name']}. They will get back to you about {item['street']}.")
            return self.redirect(f"/homedetails/{zpid}")

        @router.get("/agents")
        async def agents(request: Request, location: str = ""):
            found = agents_in(location) if location.strip() else []
            return self.page(request, "agents.html", location=location.strip(), found=found, total=len(AGENTS))

        @router.get("/agents/{agent_id}")
        async def agent_profile(request: Request, agent_id: str):
            agent = agent_by_id(agent_id)
            if agent is None:
                return self.page(request, "not_found.html", status_code=404)
            listings = [h for h in search_homes(f"{agent['city']}, {agent['state']}") if h["agent_id"] == agent_id]
            values = {
                "message": f"Hi {agent['name'].split()[0]}, I'm looking for an agent to help me in {agent['city']}, {agent['state']}. Please get in touch.",
                "intent": "buy",
            }
            return self.page(request, "agent.html", agent=agent, listings=listings, values=values, error="", intents=INTENTS)

        @router.post("/agents/{agent_id}/contact")
        async def contact_agent(request: Request, agent_id: str):
            agent = agent_by_id(agent_id)
            if agent is None:
                return self.page(request, "not_found.html", status_code=404)
            form = await request.form()
            values, error = self.contact_values(form)
            values["intent"] = form.get("intent") if form.get("intent") in dict(INTENTS) else "buy"
            if error:
                listings = [h for h in search_homes(f"{agent['city']}, {agent['state']}") if h["agent_id"] == agent_id]
                return self.page(
                    request, "agent.html", status_code=400, agent=agent, listings=listings, values=values, error=error, intents=INTENTS
                )
            self.session(request).state["tourRequests"]["contactAgentList"].append(
                {
                    "id": "ca-" + secrets.token_hex(6),
                    "createdAt": now_iso(),
                    "agent": {k: agent[k] for k in ("id", "name", "brokerage", "city", "state")},
                    "contactAgentData": {"formValues": {**values_for_state(values), "intent": values["intent"]}},
                }
            )
            self.flash(request, f"Message sent to {agent['name']}. They will reach out to you soon.")
            return self.redirect(f"/agents/{agent_id}")

        @router.get("/myzilloft")
        async def my_requests(request: Request):
            lists = self.session(request).state["tourRequests"]
            return self.page(
                request,
                "my_requests.html",
                tours=list(reversed(lists["requestTourList"])),
                contacts=list(reversed(lists["contactAgentList"])),
                day_label=dict(tour_days()),
            )

        @router.get("/{path:path}")
        async def not_found(request: Request, path: str):
            return self.page(request, "not_found.html", status_code=404)


def values_for_state(values: dict) -> dict[str, str]:
    return {k: values[k] for k in ("name", "email", "phone", "message")}
