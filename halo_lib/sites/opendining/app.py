"""OpenDining, an OpenTable-like reservation site (REAL v2 site `opendining`): search restaurants by name,
cuisine or neighborhood for a date, time and party size; restaurant pages with rating, description, menu,
reviews and a reservation widget; time-slot buttons; a details form (contact, occasion, special request);
the confirmation; My reservations; "notify me" alerts for fully booked times. Server-rendered, no big JS.
"Today" is fixed at Thursday 2024-07-18 (seed.TODAY); every seating of today can still be booked.

State (what /finish diffs; the initial snapshot is taken at /config, before its parameters are applied):
    booking.loading            False (never left true: the server finishes each step before it answers)
    booking.bookingCompleted   False; True once the selected slot is reserved, False again on a new pick
    booking.bookingDetails     [] initially; each reservation appends
                               {restaurant: {id, name, food_type, area, rating, reviews, price, address,
                                description, imageUrl}, date: "2024-07-18T00:00:00.000Z", time: "3:00 PM",
                                guests: "2 people", firstName, lastName, tel, email,
                                optionals: {occasion: "Birthday" | "" ..., request}, confirmationNumber}
                               -> /finish shows it as added.booking.bookingDetails = {"0": {...}}
    booking.index, .time, .date, .guests
                               absent until a time slot is picked, then the pending selection: the
                               restaurant's catalog number (1-based), "7:30 PM", the ISO date, "N people"
                               (so they land in `added`, where opendining-24 reads `index`)
    notification.notifications [] initially; "Notify me" appends {id, restaurantId, restaurantName, date,
                               time, guests}
    config.open_dining         set by /config (so it lands in `added`): {run_id, error_booking}; a
                               `error_booking=true` parameter makes completing a reservation fail.

Run it alone: `python -m halo_lib.sites.server --sites opendining --base-port 9120`, then open
http://127.0.0.1:9120/ (or call /config?task_id=v2.opendining-12, browse, and read /finish).
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from halo_lib.sites.framework import Replica
from halo_lib.sites.opendining.seed import (
    AREAS,
    MAX_PARTY,
    OCCASIONS,
    RESTAURANTS,
    TODAY,
    catalog_number,
    clock,
    cuisines,
    is_available,
    is_open_at,
    lunch_now,
    minutes,
    restaurant_by_id,
    reviews_for,
    search_restaurants,
    slots_near,
    top_rated,
)

USER = {"firstName": "Alex", "lastName": "Johnson", "tel": "(415) 555-0142", "email": "alex.johnson@example.com"}
DEFAULT_TIME = "7:00 PM"
DEFAULT_PARTY = 2
TIME_CHOICES = [clock(t) for t in range(7 * 60, 23 * 60 + 1, 30)]  # 7:00 AM .. 11:00 PM
CUISINE_COLORS = {
    "Italian": "#c0392b",
    "French": "#2c3e80",
    "American": "#b9770e",
    "New American": "#b9770e",
    "Japanese": "#7d3c98",
    "Seafood": "#1f7a8c",
    "Mexican": "#1e8449",
    "Chinese": "#a93226",
    "Thai": "#117a65",
    "Indian": "#ca6f1e",
    "Mediterranean": "#2e86c1",
    "Vegan": "#28b463",
    "Steakhouse": "#6e2c00",
    "Pub": "#5d6d7e",
    "Breakfast & Brunch": "#d4ac0d",
}


def guests_text(party: int) -> str:
    return f"{party} person" if party == 1 else f"{party} people"


def iso_date(day: date) -> str:
    return f"{day.isoformat()}T00:00:00.000Z"


def long_date(day: date) -> str:
    return day.strftime("%a, %b %-d, %Y")


def parse_day(text: str | None) -> date:
    """A YYYY-MM-DD date, never before today (anything unreadable is today)."""
    try:
        day = date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return TODAY
    return max(day, TODAY)


def parse_time(text: str | None) -> str:
    """A half-hour time as the site writes it ('7:30 PM'); unreadable -> the default."""
    try:
        total = minutes(text or "")
    except (ValueError, AttributeError):
        return DEFAULT_TIME
    return clock(total - total % 30)


def parse_party(text: Any) -> int:
    try:
        return max(1, min(MAX_PARTY, int(str(text).split()[0])))
    except (TypeError, ValueError, IndexError):
        return DEFAULT_PARTY


def card(restaurant: dict) -> dict:
    """The restaurant as a reservation records it."""
    keys = ("id", "name", "food_type", "area", "rating", "reviews", "price", "address", "description")
    return {**{k: restaurant[k] for k in keys}, "imageUrl": f"/images/{restaurant['id']}.svg"}


def confirmation_number(restaurant: dict, day: str, time: str, count: int) -> str:
    digest = hashlib.sha256(f"{restaurant['id']}|{day}|{time}|{count}".encode()).hexdigest()
    return str(int(digest[:10], 16) % 9_000_000 + 1_000_000)


class OpenDining(Replica):
    name = "opendining"
    title = "OpenDining"
    templates_dir = Path(__file__).resolve().parent / "templates"
    favicon_svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#da3743"/><circle cx="8" cy="8" r="3" fill="#fff"/></svg>'

    def initial_state(self, task_id: str) -> dict[str, Any]:
        return {
            "booking": {"loading": False, "bookingCompleted": False, "bookingDetails": []},
            "notification": {"notifications": []},
        }

    def apply_config(self, state: dict[str, Any], params: dict[str, str]) -> None:
        error = params.get("error_booking", "").strip().lower() in {"1", "true", "yes"}
        state["config"] = {"open_dining": {"run_id": params.get("run_id", "0"), "error_booking": error}}

    # ---- helpers ------------------------------------------------------------------------------------
    def page(self, request: Request, template: str, status_code: int = 200, **context: Any):
        state = self.session(request).state
        return self.render(
            request,
            template,
            status_code=status_code,
            today=TODAY,
            long_date=long_date,
            areas=AREAS,
            cuisines=cuisines(),
            time_choices=TIME_CHOICES,
            max_party=MAX_PARTY,
            guests_text=guests_text,
            alerts=len(state["notification"]["notifications"]),
            user=USER,
            colors=CUISINE_COLORS,
            **context,
        )

    @staticmethod
    def wanted(request: Request) -> dict[str, Any]:
        """The date / time / party size of the query string (the search bar and the widget keep them)."""
        params = request.query_params
        return {
            "day": parse_day(params.get("date")),
            "time": parse_time(params.get("time")),
            "party": parse_party(params.get("party", DEFAULT_PARTY)),
        }

    @staticmethod
    def pending(state: dict[str, Any]) -> dict | None:
        """The picked slot awaiting its details form: {restaurant, day, time, party}, or None."""
        booking = state["booking"]
        index = booking.get("index")
        if not isinstance(index, int) or not 1 <= index <= len(RESTAURANTS) or "time" not in booking:
            return None
        return {
            "restaurant": RESTAURANTS[index - 1],
            "day": date.fromisoformat(booking["date"][:10]),
            "time": booking["time"],
            "party": parse_party(booking["guests"]),
        }

    # ---- pages --------------------------------------------------------------------------------------
    def register(self, router: APIRouter) -> None:
        @router.get("/images/{rid}.svg")
        async def image(rid: str):
            restaurant = restaurant_by_id(rid)
            color = CUISINE_COLORS.get(restaurant["food_type"], "#888") if restaurant else "#888"
            initials = "".join(w[0] for w in (restaurant["name"] if restaurant else "?").split()[:2])
            svg = (
                f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 80"><rect width="120" height="80" fill="{color}"/>'
                f'<text x="60" y="50" font-size="28" text-anchor="middle" fill="#fff" font-family="Georgia">{initials}</text></svg>'
            )
            return Response(svg, media_type="image/svg+xml")

        @router.get("/")
        async def home(request: Request):
            return self.page(request, "home.html", wanted=self.wanted(request), top=top_rated(6), lunch=lunch_now()[:8])

        @router.get("/search")
        async def search(request: Request, q: str = "", cuisine: str = "", area: str = "", sort: str = "relevance"):
            wanted = self.wanted(request)
            found = search_restaurants(q, cuisine=cuisine, area=area)
            if sort == "rating":
                found = sorted(found, key=lambda r: (-r["rating"], -r["reviews"]))
            results = [{"restaurant": r, "slots": slots_near(r, wanted["time"])} for r in found]
            query = {"q": q, "date": wanted["day"].isoformat(), "time": wanted["time"], "party": wanted["party"]}
            return self.page(
                request,
                "search.html",
                q=q,
                cuisine=cuisine,
                area=area,
                sort=sort,
                wanted=wanted,
                results=results,
                query=query,
                urlencode=urlencode,
            )

        @router.get("/restaurant/{rid}")
        async def restaurant_page(request: Request, rid: str):
            restaurant = restaurant_by_id(rid)
            if restaurant is None:
                return self.page(request, "not_found.html", status_code=404)
            wanted = self.wanted(request)
            slots = slots_near(restaurant, wanted["time"])
            full = is_open_at(restaurant, wanted["time"]) and not is_available(restaurant, wanted["time"])
            return self.page(
                request, "restaurant.html", r=restaurant, wanted=wanted, slots=slots, full=full, reviews=reviews_for(restaurant)
            )

        @router.post("/booking/select")
        async def select_slot(
            request: Request, restaurant_id: str = Form(...), date: str = Form(""), time: str = Form(""), party: str = Form("2")
        ):
            restaurant = restaurant_by_id(restaurant_id)
            if restaurant is None:
                return self.redirect("/")
            day, when, size = parse_day(date), parse_time(time), parse_party(party)
            back = f"/restaurant/{restaurant['id']}?" + urlencode({"date": day.isoformat(), "time": when, "party": size})
            if not is_available(restaurant, when):
                self.flash(request, f"{when} is not available at {restaurant['name']}. Please pick another time.")
                return self.redirect(back)
            booking = self.session(request).state["booking"]
            booking.update(
                {
                    "index": catalog_number(restaurant),
                    "time": when,
                    "date": iso_date(day),
                    "guests": guests_text(size),
                    "bookingCompleted": False,
                }
            )
            return self.redirect("/booking/details")

        @router.get("/booking/details")
        async def details(request: Request):
            state = self.session(request).state
            pending = self.pending(state)
            if pending is None:
                return self.redirect("/")
            if state["booking"]["bookingCompleted"]:
                return self.redirect("/booking/confirmation")
            return self.page(
                request,
                "details.html",
                p=pending,
                occasions=OCCASIONS,
                error=request.query_params.get("error", ""),
                form=dict(request.query_params),
            )

        @router.post("/booking/complete")
        async def complete(
            request: Request,
            first_name: str = Form(""),
            last_name: str = Form(""),
            phone: str = Form(""),
            email: str = Form(""),
            occasion: str = Form(""),
            request_text: str = Form("", alias="special_request"),
        ):
            state = self.session(request).state
            pending = self.pending(state)
            booking = state["booking"]
            if pending is None:
                return self.redirect("/")
            if booking["bookingCompleted"]:
                return self.redirect("/booking/confirmation")
            form = {
                "first_name": first_name,
                "last_name": last_name,
                "phone": phone,
                "email": email,
                "occasion": occasion,
                "special_request": request_text,
            }
            problem = ""
            if not first_name.strip() or not last_name.strip():
                problem = "Enter your first and last name."
            elif sum(ch.isdigit() for ch in phone) < 10:
                problem = "Enter a valid phone number (at least 10 digits)."
            elif "@" not in email or "." not in email.split("@")[-1]:
                problem = "Enter a valid email address."
            elif state.get("config", {}).get("open_dining", {}).get("error_booking"):
                problem = "Something went wrong and your reservation could not be completed. Please try again later."
            if problem:
                return self.redirect("/booking/details?" + urlencode({**form, "error": problem}))
            restaurant, day, time = pending["restaurant"], pending["day"], pending["time"]
            details_list = booking["bookingDetails"]
            details_list.append(
                {
                    "restaurant": card(restaurant),
                    "date": iso_date(day),
                    "time": time,
                    "guests": guests_text(pending["party"]),
                    "firstName": first_name.strip(),
                    "lastName": last_name.strip(),
                    "tel": phone.strip(),
                    "email": email.strip(),
                    "optionals": {"occasion": occasion if occasion in OCCASIONS else "", "request": request_text.strip()},
                    "confirmationNumber": confirmation_number(restaurant, day.isoformat(), time, len(details_list)),
                }
            )
            booking["bookingCompleted"] = True
            return self.redirect("/booking/confirmation")

        @router.get("/booking/confirmation")
        async def confirmation(request: Request):
            details_list = self.session(request).state["booking"]["bookingDetails"]
            if not details_list:
                return self.redirect("/")
            return self.page(request, "confirmation.html", b=details_list[-1], day=date.fromisoformat(details_list[-1]["date"][:10]))

        @router.get("/reservations")
        async def reservations(request: Request):
            items = list(reversed(self.session(request).state["booking"]["bookingDetails"]))
            return self.page(request, "reservations.html", items=items, as_day=lambda s: date.fromisoformat(s[:10]))

        @router.post("/notify")
        async def notify(
            request: Request, restaurant_id: str = Form(...), date: str = Form(""), time: str = Form(""), party: str = Form("2")
        ):
            restaurant = restaurant_by_id(restaurant_id)
            if restaurant is None:
                return self.redirect("/")
            day, when, size = parse_day(date), parse_time(time), parse_party(party)
            notes = self.session(request).state["notification"]["notifications"]
            if not any(n["restaurantId"] == restaurant["id"] and n["date"] == iso_date(day) and n["time"] == when for n in notes):
                notes.append(
                    {
                        "id": str(max((int(n["id"]) for n in notes), default=0) + 1),
                        "restaurantId": restaurant["id"],
                        "restaurantName": restaurant["name"],
                        "date": iso_date(day),
                        "time": when,
                        "guests": guests_text(size),
                    }
                )
            self.flash(request, f"We'll notify you if a table at {restaurant['name']} opens up at {when} on {long_date(day)}.")
            return self.redirect("/notifications")

        @router.get("/notifications")
        async def notifications(request: Request):
            notes = list(reversed(self.session(request).state["notification"]["notifications"]))
            return self.page(request, "notifications.html", notes=notes, as_day=lambda s: date.fromisoformat(s[:10]))

        @router.post("/notifications/remove")
        async def remove_notification(request: Request, id: str = Form(...)):
            box = self.session(request).state["notification"]
            kept = [n for n in box["notifications"] if n["id"] != id]
            if len(kept) != len(box["notifications"]):
                box["notifications"] = kept
                self.flash(request, "Notification removed.")
            return self.redirect("/notifications")

        @router.get("/{path:path}")
        async def not_found(request: Request, path: str):
            return self.page(request, "not_found.html", status_code=404)
