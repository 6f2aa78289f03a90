"""Marrisuite, a Marriott-like hotel site (REAL v2 site `marrisuite`): find hotels by destination, dates,
rooms and guests; a results page with each hotel's availability and nightly prices for the stay; hotel pages
with room types and per-night rates; reserve a room (guest details) and see the reservation. All
server-rendered (post/redirect/get, no JavaScript needed).

The site's clock is frozen at Thursday 2024-07-18 (the day REAL's v2 clones assume): dates run from that day
for 45 days, so "next weekend" is Friday 2024-07-26 to Sunday 2024-07-28.

State (what /finish diffs; the initial snapshot is taken at /config):
    hotelSearch       {destination, checkInDate, checkOutDate, rooms, guests}: the last search submitted
                      ("" / 1 initially), so a search shows in /finish under `updated.hotelSearch`
    recentSearches    [] initially; each search submitted is appended
                      {destination, checkInDate, checkOutDate, rooms, guests, hotelsFound}
    bookingDetails    [] initially; each reservation is {reservationId, hotelId, hotelName, address, roomType,
                      checkInDate, checkOutDate, rooms, guests, nightlyRates [{date, rate}], total,
                      guest {name, email, phone}, createdAt}
so a first search shows as `added.recentSearches = {"0": {...}}`. No `differences` block (no script reads one).

Run it alone: `python -m halo_lib.sites.server --sites marrisuite --base-port 9181`, then open
http://127.0.0.1:9181/ (or call /config?task_id=v2.marrisuite-8, browse, and read /finish).
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request

from halo_lib.sites.framework import Replica
from halo_lib.sites.marrisuite.seed import DESTINATIONS, ROOM_TYPES, hotel_by_id, search_hotels, stay_quote

TODAY = date(2024, 7, 18)
BOOKING_DAYS = 45
MAX_NIGHTS = 14
ROOM_NAMES = {k: name for k, name, _, _ in ROOM_TYPES}


def calendar() -> list[tuple[str, str]]:
    """(ISO date, label) for the days a stay can start or end on."""
    return [((TODAY + timedelta(days=i)).isoformat(), (TODAY + timedelta(days=i)).strftime("%a, %b %-d")) for i in range(BOOKING_DAYS)]


def parse_day(text: str) -> date | None:
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return day if TODAY <= day < TODAY + timedelta(days=BOOKING_DAYS) else None


def clamp(text: Any, low: int, high: int, default: int) -> int:
    try:
        return max(low, min(high, int(text)))
    except (TypeError, ValueError):
        return default


def long_day(iso: str) -> str:
    try:
        return date.fromisoformat(iso[:10]).strftime("%a, %b %-d, %Y")
    except ValueError:
        return iso


class Marrisuite(Replica):
    name = "marrisuite"
    title = "Marrisuite"
    templates_dir = Path(__file__).resolve().parent / "templates"
    favicon_svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1c1c1c"/>'
        '<path d="M3 12V4l5 5 5-5v8" stroke="#ff8d6b" stroke-width="1.6" fill="none"/></svg>'
    )

    def initial_state(self, task_id: str) -> dict[str, Any]:
        return {
            "hotelSearch": {"destination": "", "checkInDate": "", "checkOutDate": "", "rooms": 1, "guests": 1},
            "recentSearches": [],
            "bookingDetails": [],
        }

    # ---- helpers ------------------------------------------------------------------------------------
    def page(self, request: Request, template: str, status_code: int = 200, **context: Any):
        state = self.session(request).state
        return self.render(
            request,
            template,
            status_code=status_code,
            days=calendar(),
            destinations=DESTINATIONS,
            search=state["hotelSearch"],
            room_names=ROOM_NAMES,
            long_day=long_day,
            **context,
        )

    def stay(self, params) -> tuple[date, date, int, int, str]:
        """Dates, rooms and guests from a query string or form; an error text if the dates are wrong."""
        check_in = parse_day(params.get("checkin", ""))
        check_out = parse_day(params.get("checkout", ""))
        error = ""
        if check_in is None or check_out is None:
            error = "Choose check-in and check-out dates."
        elif check_out <= check_in:
            error = "Check-out must be after check-in."
        elif (check_out - check_in).days > MAX_NIGHTS:
            error = f"Stays are limited to {MAX_NIGHTS} nights."
        return check_in, check_out, clamp(params.get("rooms"), 1, 4, 1), clamp(params.get("guests"), 1, 8, 1), error

    # ---- pages --------------------------------------------------------------------------------------
    def register(self, router: APIRouter) -> None:
        @router.get("/")
        async def home(request: Request):
            return self.page(request, "home.html")

        @router.get("/search")
        async def search(request: Request):
            params = request.query_params
            destination = params.get("destination", "").strip()
            check_in, check_out, rooms, guests, error = self.stay(params)
            if not destination:
                error = "Enter a destination."
            if error:
                return self.page(request, "home.html", status_code=400, error=error, values=dict(params))
            found = search_hotels(destination)
            state = self.session(request).state
            record = {
                "destination": destination,
                "checkInDate": check_in.isoformat(),
                "checkOutDate": check_out.isoformat(),
                "rooms": rooms,
                "guests": guests,
            }
            state["hotelSearch"] = dict(record)
            state["recentSearches"].append({**record, "hotelsFound": len(found)})
            results = []
            for hotel in found:
                quotes = {room: stay_quote(hotel, room, check_in, check_out) for room in ROOM_NAMES}
                open_rooms = [room for room, quote in quotes.items() if quote["available"]]
                best = min((quotes[room] for room in open_rooms), key=lambda q: q["average"], default=None)
                results.append({"hotel": hotel, "available": bool(open_rooms), "best": best})
            results.sort(key=lambda r: (not r["available"], r["best"]["average"] if r["best"] else 0))
            stay_query = urlencode({"checkin": check_in.isoformat(), "checkout": check_out.isoformat(), "rooms": rooms, "guests": guests})
            return self.page(
                request,
                "results.html",
                destination=destination,
                results=results,
                check_in=check_in,
                check_out=check_out,
                rooms=rooms,
                guests=guests,
                stay_query=stay_query,
                n_nights=(check_out - check_in).days,
            )

        @router.get("/hotels/{hotel_id}")
        async def hotel_page(request: Request, hotel_id: str):
            hotel = hotel_by_id(hotel_id)
            if hotel is None:
                return self.page(request, "not_found.html", status_code=404)
            params = request.query_params
            last = self.session(request).state["hotelSearch"]
            merged = {
                "checkin": params.get("checkin", last["checkInDate"]),
                "checkout": params.get("checkout", last["checkOutDate"]),
                "rooms": params.get("rooms", last["rooms"]),
                "guests": params.get("guests", last["guests"]),
            }
            check_in, check_out, rooms, guests, error = self.stay(merged)
            quotes = {} if error else {room: stay_quote(hotel, room, check_in, check_out) for room in ROOM_NAMES}
            stay_query = (
                ""
                if error
                else urlencode({"checkin": check_in.isoformat(), "checkout": check_out.isoformat(), "rooms": rooms, "guests": guests})
            )
            return self.page(
                request,
                "hotel.html",
                hotel=hotel,
                quotes=quotes,
                stay_error=error,
                check_in=check_in,
                check_out=check_out,
                rooms=rooms,
                guests=guests,
                stay_query=stay_query,
            )

        @router.get("/hotels/{hotel_id}/reserve")
        async def reserve_form(request: Request, hotel_id: str, room: str = "king"):
            hotel = hotel_by_id(hotel_id)
            if hotel is None or room not in ROOM_NAMES:
                return self.page(request, "not_found.html", status_code=404)
            check_in, check_out, rooms, guests, error = self.stay(request.query_params)
            if error:
                return self.redirect(f"/hotels/{hotel_id}")
            quote = stay_quote(hotel, room, check_in, check_out)
            return self.page(
                request,
                "reserve.html",
                hotel=hotel,
                room=room,
                quote=quote,
                check_in=check_in,
                check_out=check_out,
                rooms=rooms,
                guests=guests,
                values={},
                error="",
            )

        @router.post("/hotels/{hotel_id}/reserve")
        async def reserve(request: Request, hotel_id: str):
            hotel = hotel_by_id(hotel_id)
            form = await request.form()
            room = form.get("room", "")
            if hotel is None or room not in ROOM_NAMES:
                return self.page(request, "not_found.html", status_code=404)
            check_in, check_out, rooms, guests, error = self.stay(form)
            if error:
                return self.redirect(f"/hotels/{hotel_id}")
            quote = stay_quote(hotel, room, check_in, check_out)
            values = {k: (form.get(k) or "").strip() for k in ("name", "email", "phone")}
            if not values["name"]:
                error = "Enter the guest's name."
            elif "@" not in values["email"]:
                error = "Enter a valid email address."
            elif sum(ch.isdigit() for ch in values["phone"]) < 10:
                error = "Enter a valid phone number."
            elif not quote["available"]:
                error = "This room is not available for every night of your stay."
            if error:
                return self.page(
                    request,
                    "reserve.html",
                    status_code=400,
                    hotel=hotel,
                    room=room,
                    quote=quote,
                    check_in=check_in,
                    check_out=check_out,
                    rooms=rooms,
                    guests=guests,
                    values=values,
                    error=error,
                )
            reservation_id = str(70_000_000 + secrets.randbelow(29_999_999))
            clock = datetime.now(timezone.utc).time()
            self.session(request).state["bookingDetails"].append(
                {
                    "reservationId": reservation_id,
                    "hotelId": hotel["id"],
                    "hotelName": hotel["name"],
                    "address": hotel["address"],
                    "roomType": ROOM_NAMES[room],
                    "checkInDate": check_in.isoformat(),
                    "checkOutDate": check_out.isoformat(),
                    "rooms": rooms,
                    "guests": guests,
                    "nightlyRates": [{"date": night.isoformat(), "rate": rate * rooms} for night, rate, _ in quote["nights"]],
                    "total": quote["total"] * rooms,
                    "guest": values,
                    "createdAt": datetime.combine(TODAY, clock).isoformat(timespec="milliseconds") + "Z",
                }
            )
            return self.redirect(f"/reservations/{reservation_id}")

        @router.get("/reservations/{reservation_id}")
        async def reservation(request: Request, reservation_id: str):
            found = [b for b in self.session(request).state["bookingDetails"] if b["reservationId"] == reservation_id]
            if not found:
                return self.page(request, "not_found.html", status_code=404)
            return self.page(request, "reservation.html", booking=found[0])

        @router.get("/{path:path}")
        async def not_found(request: Request, path: str):
            return self.page(request, "not_found.html", status_code=404)
