"""Staynb, an Airbnb-like stays site (REAL v2 site `staynb`): a search bar (destination with suggestions and
recent searches, a date-range calendar, guest counters), results with a filters dialog (bedrooms, beds,
bathrooms, amenities), listing pages, wishlists, sharing, and booking with card-field validation. All pages
are server-rendered; every button posts a form and the server redirects (post/redirect/get). The only JavaScript
fills the destination suggestions as the guest types (Enter shows the same list from the server). The guest
counters are +/- buttons beside number fields (the count is then part of the page state an agent sees).

State (what /finish diffs; the initial snapshot is taken at /config, before its parameters apply):
    searchForm.destination, .dates{startDate,endDate}, .guestCounts{Adults,Children,Infants,Pets}
                                  the search bar as the guest edits it (a draft, outside `search`: staynb-15
                                  replaces `added.search` with `updated.search` wholesale, so nothing already
                                  in `search` may change)
    search.recentSearches         [] initially; each search puts {destination, dates, guests: "N Guests",
                                  guestCounts} first, so /finish shows `added.search.recentSearches = {"0": ...}`
    search.appliedDestination, .appliedDates, .appliedGuestCounts, .appliedFilters{amenities[], bedrooms,
                                  beds, bathrooms}
                                  absent initially, set by a search (filters by the filters dialog, kept across
                                  searches), so they show whole in `added.search`
    booking.isBooking, .currentBooking (None / the stay being booked), .errors{cardNumber, expiration, cvv,
                                  zipcode} ("" = no error), .bookingDetails [] (confirmed bookings)
    wishlist.wishlists            {} initially; a new wishlist is `added.wishlist.wishlists.<id>` with its
                                  `stays` list (each stay carries rooms{bedrooms, beds, bathrooms})
    share.shares                  [] initially; {listingId, title, channel, recipient} per share
    config.staynb{run_id, removePopup}
                                  written by /config after the snapshot (`added.config`); removePopup is true
                                  unless /config says removePopup=false (then the home page shows a promo)
Dates are ISO strings at UTC midnight ("2024-08-01T00:00:00.000Z"); "today" is 2024-07-18.

Run it alone: `python -m halo_lib.sites.server --sites staynb --base-port 9160`, then open
http://127.0.0.1:<9160 + staynb's index in REPLICAS>/ (or call /config?task_id=v2.staynb-1, browse, and read
/finish).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request

from halo_lib.sites.framework import Replica
from halo_lib.sites.staynb.seed import (
    AMENITIES,
    DESTINATIONS,
    HOME_CITY,
    LISTINGS,
    NEARBY,
    REGIONS,
    TODAY,
    listing_by_id,
    search_listings,
    suggest,
)

GUEST_KINDS = [("Adults", "Ages 13 or above"), ("Children", "Ages 2–12"), ("Infants", "Under 2"), ("Pets", "Bringing a service animal?")]
PAGE_SIZE = 12
MAX_MONTHS_AHEAD = 18
ROOM_CHOICES = ["Any", "1", "2", "3", "4", "5", "6", "7", "8+"]
SHARE_CHANNELS = ["Copy link", "Email", "Messages", "WhatsApp", "Messenger", "Facebook", "Twitter", "Embed"]
CONTACTS = ["Mom", "Jordan Lee", "Priya Patel", "Trip group chat", "Sam Carter"]
SERVICE_FEE = 0.14
CLEANING_FEE = 45


def iso(day: date) -> str:
    return f"{day.isoformat()}T00:00:00.000Z"


def day_of(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def day_label(day: date) -> str:
    """The calendar button's name, e.g. 'Thursday, August 1, 2024'."""
    return f"{day.strftime('%A, %B')} {day.day}, {day.year}"


def short_day(value: Any) -> str:
    day = day_of(value)
    return f"{day.strftime('%b')} {day.day}, {day.year}" if day else ""


def guest_total(counts: dict) -> int:
    return int(counts.get("Adults", 0)) + int(counts.get("Children", 0))


def guests_text(counts: dict) -> str:
    total = guest_total(counts)
    return f"{total} Guest{'' if total == 1 else 's'}"


def guests_summary(counts: dict) -> str:
    total = guest_total(counts)
    if not total and not counts.get("Infants") and not counts.get("Pets"):
        return "Add guests"
    parts = [f"{total} guest{'' if total == 1 else 's'}"]
    for kind, singular in (("Infants", "infant"), ("Pets", "pet")):
        if counts.get(kind):
            parts.append(f"{counts[kind]} {singular}{'' if counts[kind] == 1 else 's'}")
    return ", ".join(parts)


def nights(dates: dict) -> int:
    start, end = day_of(dates.get("startDate")), day_of(dates.get("endDate"))
    if not start:
        return 0
    return max(1, (end - start).days) if end else 1


def default_filters() -> dict:
    return {"amenities": [], "bedrooms": 0, "beds": 0, "bathrooms": 0}


def month_start(text: str | None, fallback: date) -> date:
    if text and re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = int(text[:4]), int(text[5:])
        if 1 <= month <= 12:
            first = date(year, month, 1)
            low = TODAY.replace(day=1)
            high = date(TODAY.year + (TODAY.month - 1 + MAX_MONTHS_AHEAD) // 12, (TODAY.month - 1 + MAX_MONTHS_AHEAD) % 12 + 1, 1)
            return min(max(first, low), high)
    return fallback.replace(day=1)


def shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def stay_of(item: dict) -> dict:
    """What a wishlist keeps of a listing."""
    return {
        "id": item["id"],
        "title": item["title"],
        "location": item["location"],
        "price": item["price"],
        "rating": item["rating"],
        "rooms": {"bedrooms": item["bedrooms"], "beds": item["beds"], "bathrooms": item["bathrooms"]},
    }


def price_lines(item: dict, dates: dict) -> dict:
    count = nights(dates)
    base = item["price"] * count
    service = round(base * SERVICE_FEE)
    return {"nights": count, "base": base, "cleaning": CLEANING_FEE, "service": service, "total": base + CLEANING_FEE + service}


def card_errors(form: dict) -> dict:
    """Validation messages for the payment fields ("" when a field is fine)."""
    digits = re.sub(r"[\s-]", "", form.get("cardNumber", ""))
    errors = {"cardNumber": "", "expiration": "", "cvv": "", "zipcode": ""}
    if not digits:
        errors["cardNumber"] = "Card number is required"
    elif not digits.isdigit() or not 13 <= len(digits) <= 19:
        errors["cardNumber"] = "Card number is invalid"
    expiration = form.get("expiration", "").strip()
    match = re.fullmatch(r"(\d{1,2})\s*/\s*(\d{2}|\d{4})", expiration)
    if not expiration:
        errors["expiration"] = "Expiration is required"
    elif not match or not 1 <= int(match.group(1)) <= 12:
        errors["expiration"] = "Expiration is invalid"
    else:
        year = int(match.group(2)) % 100 + 2000
        if (year, int(match.group(1))) < (TODAY.year, TODAY.month):
            errors["expiration"] = "Card is expired"
    cvv = form.get("cvv", "").strip()
    if not cvv:
        errors["cvv"] = "CVV is required"
    elif not re.fullmatch(r"\d{3,4}", cvv):
        errors["cvv"] = "CVV is invalid"
    zipcode = form.get("zipcode", "").strip()
    if not zipcode:
        errors["zipcode"] = "ZIP code is required"
    elif not re.fullmatch(r"[A-Za-z0-9 -]{3,10}", zipcode):
        errors["zipcode"] = "ZIP code is invalid"
    return errors


class Staynb(Replica):
    name = "staynb"
    title = "Staynb"
    templates_dir = Path(__file__).resolve().parent / "templates"
    favicon_svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="4" fill="#ff385c"/><path d="M8 3l4 9H4z" fill="#fff"/></svg>'

    def __init__(self) -> None:
        self._promo_closed: set[str] = set()

    def initial_state(self, task_id: str) -> dict[str, Any]:
        return {
            "searchForm": {
                "destination": "",
                "dates": {"startDate": None, "endDate": None},
                "guestCounts": {"Adults": 0, "Children": 0, "Infants": 0, "Pets": 0},
            },
            "search": {"recentSearches": []},
            "booking": {
                "isBooking": False,
                "currentBooking": None,
                "errors": {"cardNumber": "", "expiration": "", "cvv": "", "zipcode": ""},
                "bookingDetails": [],
            },
            "wishlist": {"wishlists": {}},
            "share": {"shares": []},
        }

    def apply_config(self, state: dict[str, Any], params: dict[str, str]) -> None:
        remove = str(params.get("removePopup", "true")).lower() not in ("false", "0", "no")
        state["config"] = {"staynb": {"run_id": params.get("run_id", "0"), "removePopup": remove}}

    # ---- helpers ------------------------------------------------------------------------------------
    def page(self, request: Request, template: str, status_code: int = 200, **context: Any):
        session = self.session(request)
        state = session.state
        draft = state["searchForm"]
        params = request.query_params
        panel = params.get("panel", "")
        typed = params.get("q", draft["destination"])
        start = day_of(draft["dates"]["startDate"])
        first = month_start(params.get("month"), start or TODAY)
        saved = {stay["id"] for wl in state["wishlist"]["wishlists"].values() for stay in wl["stays"]}
        config = state.get("config", {}).get("staynb", {})
        promo = config.get("removePopup") is False and session.id not in self._promo_closed and request.url.path == "/"
        return self.render(
            request,
            template,
            status_code=status_code,
            panel=panel,
            typed=typed,
            suggestions=suggest(typed) if panel == "where" else [],
            all_places=[NEARBY] + DESTINATIONS + REGIONS,
            month=self.month_grid(first, draft["dates"]),
            prev_month=shift_month(first, -1),
            next_month=shift_month(first, 1),
            can_prev=first > TODAY.replace(day=1),
            guest_kinds=GUEST_KINDS,
            saved=saved,
            promo=promo,
            short_day=short_day,
            guests_summary=guests_summary,
            back=request.url.path,
            home_city=HOME_CITY,
            listing=listing_by_id,
            **context,
        )

    @staticmethod
    def month_grid(first: date, dates: dict) -> dict:
        start, end = day_of(dates.get("startDate")), day_of(dates.get("endDate"))
        weeks = []
        for week in calendar.Calendar(firstweekday=6).monthdatescalendar(first.year, first.month):
            row = []
            for day in week:
                if day.month != first.month:
                    row.append(None)
                    continue
                row.append(
                    {
                        "day": day,
                        "iso": day.isoformat(),
                        "label": day_label(day),
                        "past": day < TODAY,
                        "selected": day in (start, end),
                        "between": bool(start and end and start < day < end),
                    }
                )
            weeks.append(row)
        return {"title": first.strftime("%B %Y"), "key": first.strftime("%Y-%m"), "weeks": weeks}

    def commit_search(self, state: dict) -> None:
        search = state["search"]
        draft = state["searchForm"]
        destination = draft["destination"].strip()
        search["appliedDestination"] = destination
        search["appliedDates"] = dict(draft["dates"])
        search["appliedGuestCounts"] = dict(draft["guestCounts"])
        search["appliedFilters"] = search.get("appliedFilters") or default_filters()
        entry = {
            "destination": destination,
            "dates": dict(draft["dates"]),
            "guests": guests_text(draft["guestCounts"]),
            "guestCounts": dict(draft["guestCounts"]),
        }
        recent = [
            r
            for r in search["recentSearches"]
            if (r["destination"], r["dates"], r["guestCounts"]) != (entry["destination"], entry["dates"], entry["guestCounts"])
        ]
        search["recentSearches"] = ([entry] + recent)[:5]

    def results(self, state: dict) -> list[dict]:
        search = state["search"]
        return search_listings(
            search.get("appliedDestination", ""), guest_total(search.get("appliedGuestCounts", {})), search.get("appliedFilters")
        )

    @staticmethod
    def back_to(path: str, **query: Any) -> str:
        path = path if path.startswith("/") and not path.startswith("//") else "/"
        query = {k: v for k, v in query.items() if v}
        return path + ("?" + urlencode(query) if query else "")

    # ---- pages --------------------------------------------------------------------------------------
    def register(self, router: APIRouter) -> None:
        @router.get("/")
        async def home(request: Request):
            picks = [item for i, item in enumerate(LISTINGS) if i % 41 == 3][:8]
            return self.page(request, "home.html", picks=picks)

        @router.post("/promo/close")
        async def close_promo(request: Request):
            self._promo_closed.add(self.session(request).id)
            return self.redirect("/")

        @router.post("/bar")
        async def bar(request: Request):
            """Every control of the search bar posts here: the typed destination comes along each time."""
            form = await request.form()
            state = self.session(request).state
            search = state["search"]
            draft = state["searchForm"]
            back = str(form.get("back", "/"))
            if "where" in form:
                draft["destination"] = str(form.get("where", "")).strip()
            counts = draft["guestCounts"]
            for kind in counts:  # the counters' own number fields (typed, or as they stood when a button was pressed)
                typed_count = str(form.get(f"count_{kind}", "")).strip()
                if typed_count.isdigit():
                    counts[kind] = min(int(typed_count), {"Adults": 16, "Children": 15, "Infants": 5, "Pets": 5}[kind])
            if counts["Adults"] + counts["Children"] > 16:
                counts["Children"] = 16 - counts["Adults"]
            if not counts["Adults"] and (counts["Children"] or counts["Infants"] or counts["Pets"]):
                counts["Adults"] = 1
            if form.get("pick"):
                draft["destination"] = str(form["pick"])
                start = day_of(draft["dates"]["startDate"]) or TODAY
                return self.redirect(self.back_to(back, panel="dates", month=start.strftime("%Y-%m")))
            if form.get("recent") is not None and str(form.get("recent")).isdigit():
                index = int(str(form["recent"]))
                if index < len(search["recentSearches"]):
                    entry = search["recentSearches"][index]
                    draft["destination"] = entry["destination"]
                    draft["dates"] = dict(entry["dates"])
                    draft["guestCounts"] = dict(entry["guestCounts"])
                    self.commit_search(state)
                    return self.redirect("/s")
            if form.get("day"):
                day = day_of(str(form["day"]))
                if day and day >= TODAY:
                    dates = draft["dates"]
                    start, end = day_of(dates["startDate"]), day_of(dates["endDate"])
                    if start is None or end is not None or day < start:
                        dates["startDate"], dates["endDate"] = iso(day), None
                    else:
                        dates["endDate"] = iso(day)
                    return self.redirect(self.back_to(back, panel="dates", month=day.strftime("%Y-%m")))
                return self.redirect(self.back_to(back, panel="dates"))
            if form.get("nav"):
                return self.redirect(self.back_to(back, panel="dates", month=str(form["nav"])))
            if form.get("guest"):
                kind, _, step = str(form["guest"]).partition(":")
                counts = draft["guestCounts"]
                if kind in counts:
                    counts[kind] = max(0, counts[kind] + (1 if step == "+" else -1))
                    limit = {"Adults": 16, "Children": 15, "Infants": 5, "Pets": 5}[kind]
                    counts[kind] = min(counts[kind], limit)
                    if counts["Adults"] + counts["Children"] > 16:
                        counts[kind] -= 1
                    if kind != "Adults" and counts[kind] and not counts["Adults"]:
                        counts["Adults"] = 1
                    if kind == "Adults" and not counts["Adults"] and (counts["Children"] or counts["Infants"] or counts["Pets"]):
                        counts["Adults"] = 1
                return self.redirect(self.back_to(back, panel="guests"))
            action = str(form.get("action", "suggest"))
            if action == "clear_dates":
                draft["dates"] = {"startDate": None, "endDate": None}
                return self.redirect(self.back_to(back, panel="dates"))
            if action == "clear_guests":
                draft["guestCounts"] = {"Adults": 0, "Children": 0, "Infants": 0, "Pets": 0}
                return self.redirect(self.back_to(back, panel="guests"))
            if action in ("dates", "guests"):
                start = day_of(draft["dates"]["startDate"])
                return self.redirect(self.back_to(back, panel=action, month=start.strftime("%Y-%m") if action == "dates" and start else ""))
            if action == "close":
                return self.redirect(self.back_to(back))
            if action == "search":
                self.commit_search(state)
                return self.redirect("/s")
            return self.redirect(self.back_to(back, panel="where", q=draft["destination"] or ""))

        @router.get("/s")
        async def results(request: Request, page: int = 1):
            state = self.session(request).state
            if "appliedDestination" not in state["search"]:
                return self.redirect("/?panel=where")
            found = self.results(state)
            pages = max(1, (len(found) + PAGE_SIZE - 1) // PAGE_SIZE)
            page = min(max(1, page), pages)
            search = state["search"]
            return self.page(
                request,
                "results.html",
                found=found,
                shown=found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
                page_no=page,
                pages=pages,
                applied=search,
                filters=search["appliedFilters"],
                filter_count=sum(1 for k in ("bedrooms", "beds", "bathrooms") if search["appliedFilters"].get(k))
                + len(search["appliedFilters"]["amenities"]),
                stay_nights=nights(search["appliedDates"]),
            )

        @router.get("/s/filters")
        async def filters_page(request: Request):
            state = self.session(request).state
            if "appliedDestination" not in state["search"]:
                return self.redirect("/?panel=where")
            return self.page(
                request, "filters.html", filters=state["search"]["appliedFilters"], amenities=AMENITIES, room_choices=ROOM_CHOICES
            )

        @router.post("/s/filters")
        async def apply_filters(request: Request):
            form = await request.form()
            search = self.session(request).state["search"]
            if "appliedDestination" not in search:
                return self.redirect("/?panel=where")
            if form.get("action") == "clear":
                search["appliedFilters"] = default_filters()
                return self.redirect("/s/filters")
            chosen = {}
            for key in ("bedrooms", "beds", "bathrooms"):
                value = str(form.get(key, "Any")).rstrip("+")
                chosen[key] = int(value) if value.isdigit() else 0
            picked = set(form.getlist("amenities"))
            search["appliedFilters"] = {"amenities": [a for a in AMENITIES if a in picked], **chosen}
            return self.redirect("/s")

        @router.get("/rooms/{listing_id}")
        async def room(request: Request, listing_id: str):
            item = listing_by_id(listing_id)
            if item is None:
                return self.page(request, "not_found.html", status_code=404)
            search = self.session(request).state["search"]
            draft = self.session(request).state["searchForm"]
            dates = search.get("appliedDates") or draft["dates"]
            counts = search.get("appliedGuestCounts") or draft["guestCounts"]
            return self.page(
                request,
                "room.html",
                item=item,
                dates=dates,
                counts=counts,
                prices=price_lines(item, dates),
                fits=guest_total(counts) <= item["maxGuests"],
            )

        @router.get("/rooms/{listing_id}/save")
        async def save_page(request: Request, listing_id: str):
            item = listing_by_id(listing_id)
            if item is None:
                return self.page(request, "not_found.html", status_code=404)
            return self.page(
                request,
                "save.html",
                item=item,
                wishlists=self.session(request).state["wishlist"]["wishlists"],
                back_page=request.query_params.get("from", f"/rooms/{listing_id}"),
            )

        @router.post("/rooms/{listing_id}/save")
        async def save(request: Request, listing_id: str):
            form = await request.form()
            item = listing_by_id(listing_id)
            back = self.back_to(str(form.get("from", f"/rooms/{listing_id}")))
            if item is None:
                return self.redirect("/")
            wishlists = self.session(request).state["wishlist"]["wishlists"]
            if form.get("action") == "remove":
                for wl in wishlists.values():
                    wl["stays"] = [s for s in wl["stays"] if s["id"] != item["id"]]
                self.flash(request, f"Removed {item['title']} from your wishlists")
                return self.redirect(back)
            target = str(form.get("wishlist", ""))
            if form.get("action") == "create":
                name = str(form.get("name", "")).strip()[:50]
                if not name:
                    self.flash(request, "Give your wishlist a name")
                    return self.redirect(f"/rooms/{listing_id}/save?" + urlencode({"from": back}))
                target = f"wl-{len(wishlists) + 1}"
                while target in wishlists:
                    target += "x"
                wishlists[target] = {"id": target, "name": name, "stays": []}
            wl = wishlists.get(target)
            if wl is None:
                return self.redirect(f"/rooms/{listing_id}/save?" + urlencode({"from": back}))
            if all(s["id"] != item["id"] for s in wl["stays"]):
                wl["stays"].append(stay_of(item))
            self.flash(request, f"Saved to {wl['name']}")
            return self.redirect(back)

        @router.get("/rooms/{listing_id}/share")
        async def share_page(request: Request, listing_id: str, channel: str = ""):
            item = listing_by_id(listing_id)
            if item is None:
                return self.page(request, "not_found.html", status_code=404)
            return self.page(request, "share.html", item=item, channels=SHARE_CHANNELS, channel=channel, contacts=CONTACTS)

        @router.post("/rooms/{listing_id}/share")
        async def share(request: Request, listing_id: str):
            form = await request.form()
            item = listing_by_id(listing_id)
            if item is None:
                return self.redirect("/")
            channel = str(form.get("channel", ""))
            if channel not in SHARE_CHANNELS:
                return self.redirect(f"/rooms/{listing_id}/share")
            recipient = str(form.get("recipient", ""))
            if channel == "Messages" and recipient not in CONTACTS:
                return self.redirect(f"/rooms/{listing_id}/share?channel=Messages")
            self.session(request).state["share"]["shares"].append(
                {"listingId": item["id"], "title": item["title"], "channel": channel, "recipient": recipient}
            )
            self.flash(
                request, f"Sent to {recipient}" if recipient else ("Link copied" if channel == "Copy link" else f"Shared via {channel}")
            )
            return self.redirect(f"/rooms/{listing_id}")

        @router.post("/book/{listing_id}/start")
        async def start_booking(request: Request, listing_id: str):
            item = listing_by_id(listing_id)
            state = self.session(request).state
            search = state["search"]
            draft = state["searchForm"]
            dates = search.get("appliedDates") or draft["dates"]
            counts = search.get("appliedGuestCounts") or draft["guestCounts"]
            if item is None:
                return self.redirect("/")
            if not day_of(dates.get("startDate")):
                self.flash(request, "Add dates to book this place")
                return self.redirect(f"/rooms/{listing_id}?panel=dates")
            prices = price_lines(item, dates)
            booking = state["booking"]
            booking["isBooking"] = True
            booking["currentBooking"] = {
                "listingId": item["id"],
                "title": item["title"],
                "location": item["location"],
                "startDate": dates["startDate"],
                "endDate": dates.get("endDate") or dates["startDate"],
                "guestCounts": dict(counts),
                "nights": prices["nights"],
                "pricePerNight": item["price"],
                "total": prices["total"],
            }
            return self.redirect(f"/book/{listing_id}")

        @router.get("/book/{listing_id}")
        async def booking_page(request: Request, listing_id: str):
            state = self.session(request).state
            current = state["booking"]["currentBooking"]
            item = listing_by_id(listing_id)
            if item is None or not current or current["listingId"] != item["id"]:
                return self.redirect(f"/rooms/{listing_id}" if item else "/")
            dates = {"startDate": current["startDate"], "endDate": current["endDate"]}
            return self.page(
                request,
                "book.html",
                item=item,
                current=current,
                prices=price_lines(item, dates),
                errors=state["booking"]["errors"],
                values=request.query_params,
            )

        @router.post("/book/{listing_id}/pay")
        async def pay(request: Request, listing_id: str):
            form = {k: str(v) for k, v in (await request.form()).items()}
            booking = self.session(request).state["booking"]
            current = booking["currentBooking"]
            if not current or current["listingId"] != listing_id:
                return self.redirect(f"/rooms/{listing_id}")
            errors = card_errors(form)
            booking["errors"] = errors
            if any(errors.values()):
                kept = {k: form.get(k, "") for k in ("expiration", "zipcode", "country")}
                return self.redirect(f"/book/{listing_id}?" + urlencode(kept))
            digits = re.sub(r"\D", "", form.get("cardNumber", ""))
            code = (
                f"HM{len(booking['bookingDetails']) + 1:02d}{current['listingId']}{current['startDate'][5:7]}{current['startDate'][8:10]}"
            )
            booking["bookingDetails"].append({**current, "confirmationCode": code, "cardLast4": digits[-4:]})
            booking["isBooking"] = False
            booking["currentBooking"] = None
            self.flash(request, f"Reservation confirmed: {code}")
            return self.redirect("/trips")

        @router.post("/book/{listing_id}/cancel")
        async def cancel_booking(request: Request, listing_id: str):
            booking = self.session(request).state["booking"]
            booking["isBooking"] = False
            booking["currentBooking"] = None
            return self.redirect(f"/rooms/{listing_id}")

        @router.get("/wishlists")
        async def wishlists(request: Request):
            return self.page(request, "wishlists.html", wishlists=self.session(request).state["wishlist"]["wishlists"])

        @router.get("/trips")
        async def trips(request: Request):
            return self.page(request, "trips.html", trips=self.session(request).state["booking"]["bookingDetails"])
