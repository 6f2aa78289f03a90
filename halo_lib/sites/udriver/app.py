"""Udriver, an Uber-like ride app (REAL v2 site `udriver`): pick a pickup and a destination (search or saved
places), ride now or schedule a date and time, compare car types priced from the pricing config, pay by
wallet, card or cash; a wallet with top-ups, a transaction ledger and payment methods; trip history.
Server-rendered, post/redirect/get, no JS beyond the shared toast.

State (the client store: what /finish diffs). The real site's initial snapshot is taken before its store
hydrates, so the whole store shows in `initialfinaldiff.added` (REAL's scripts read `added.ride.trips[]`,
`added.user.wallet{balance, transactions[], paymentMethods[]}` and `added.config.udriver.cars`). The replica
reproduces that: the snapshot at /config is `{}` and `apply_config` hydrates the store (a session opened
without /config hydrates on its first page).
    ride.pickupLocation, ride.dropoffLocation   places (seed.py) once chosen
    ride.pickupDate "M/D/YYYY", ride.pickupTime "h:mm AM"   only while a pickup is scheduled
    ride.selectedCarType                         "UdriverX" | "UdriverXL"
    ride.calculatedPrice                         {carType, basePrice, multiplier, discount, priceWithoutDiscount,
                                                  finalPrice} once prices are shown (dropped when the route changes)
    ride.selectedPaymentMethod                   {type: wallet|credit|cash, id, displayName}
    ride.trip                                    the last ride booked now; ride.trips[] every past ride
                                                 {id, status completed|cancelled, pickup, destination,
                                                  car{type, finalPrice, priceWithoutDiscount, ...}, paymentMethod, date, time, driver}
    ride.bookedTrip, ride.bookedTrips[]          scheduled rides (status "scheduled", or "cancelled")
    user.wallet.balance / transactions[{id, type debit|credit, description ("Trip to <name>",
                                        "Wallet Top-up"), amount (negative for debits), date}] / paymentMethods[]
    config.udriver.cars                          {<type>: {multiplier, discount, seats, description}}
A ride booked now is "completed" at once (as on the real site); paying by wallet debits it and needs the
balance to cover the fare.

Pages: / (book: pickup, destination, when), /rides (car types, prices, payment, request), /trip/<id>,
/trips (upcoming and past), /wallet (balance, add funds, payment methods, transactions).
Run it alone: `python -m halo_lib.sites.server --sites udriver --base-port 9240`, then open
http://127.0.0.1:9240/ (or call /config?task_id=v2.udriver-11, browse, and read /finish).
"""

from __future__ import annotations

import copy
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, Request

from halo_lib.sites.framework import Replica
from halo_lib.sites.udriver import seed

MAX_TOP_UP = 500.0


def money(value: float) -> str:
    return f"${abs(value):,.2f}"


def schedule_days() -> list[tuple[str, str]]:
    """(value "M/D/YYYY", label "Thu, Jul 18") for the days a pickup can be scheduled."""
    days = []
    for offset in range(seed.SCHEDULE_DAYS):
        day = seed.TODAY + timedelta(days=offset)
        label = ("Today, " if offset == 0 else "Tomorrow, " if offset == 1 else day.strftime("%a, ")) + day.strftime("%b %-d")
        days.append((f"{day.month}/{day.day}/{day.year}", label))
    return days


def long_date(value: str) -> str:
    for day_value, label in schedule_days():
        if day_value == value:
            return label
    return value


def minutes_of(time_text: str) -> int:
    match = re.match(r"(\d{1,2}):(\d{2}) ([AP]M)$", time_text)
    if not match:
        return -1
    hour, minute, half = int(match.group(1)) % 12, int(match.group(2)), match.group(3)
    return (hour + (12 if half == "PM" else 0)) * 60 + minute


def method_ref(method: dict) -> dict:
    return {"type": method["type"], "id": method["id"], "displayName": method["displayName"]}


class Udriver(Replica):
    name = "udriver"
    title = "Udriver"
    templates_dir = Path(__file__).resolve().parent / "templates"
    favicon_svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="4" fill="#000"/><path d="M4 4v5a4 4 0 0 0 8 0V4" stroke="#fff" stroke-width="2" fill="none"/></svg>'

    def initial_state(self, task_id: str) -> dict[str, Any]:
        return {}  # the store has not hydrated when REAL takes its snapshot

    def apply_config(self, state: dict[str, Any], params: dict[str, str]) -> None:
        self.hydrate(state)

    @staticmethod
    def hydrate(state: dict[str, Any]) -> dict[str, Any]:
        if "ride" not in state:
            state.update(seed.store())
        return state

    # ---- helpers --------------------------------------------------------------------------------------------
    def state(self, request: Request) -> dict[str, Any]:
        return self.hydrate(self.session(request).state)

    def cars(self, state: dict) -> dict[str, dict]:
        return state["config"]["udriver"]["cars"]

    def quotes(self, state: dict) -> list[dict]:
        ride = state["ride"]
        pickup, dropoff = ride.get("pickupLocation"), ride.get("dropoffLocation")
        if not pickup or not dropoff:
            return []
        cars = self.cars(state)
        return [{**seed.fare(pickup, dropoff, car_type, cars), **cars[car_type]} for car_type in cars]

    def quote(self, state: dict) -> None:
        """Record the price of the selected car for the current route (what the rides page shows)."""
        ride = state["ride"]
        car_type = ride.get("selectedCarType") or next(iter(self.cars(state)))
        fare = seed.fare(ride["pickupLocation"], ride["dropoffLocation"], car_type, self.cars(state))
        ride["calculatedPrice"] = {"carType": car_type, **{k: v for k, v in fare.items() if k != "type"}}

    def methods(self, state: dict) -> list[dict]:
        return state["user"]["wallet"]["paymentMethods"]

    def method_by_id(self, state: dict, method_id: str) -> dict | None:
        return next((m for m in self.methods(state) if str(m["id"]) == str(method_id)), None)

    def find_trip(self, state: dict, trip_id: str) -> dict | None:
        ride = state["ride"]
        return next((t for t in ride["trips"] + ride["bookedTrips"] if t["id"] == trip_id), None)

    def next_trip_id(self, state: dict) -> str:
        ride = state["ride"]
        return f"T-{7001 + len(ride['trips']) + len(ride['bookedTrips'])}"

    def add_transaction(self, state: dict, kind: str, description: str, amount: float, **extra: Any) -> None:
        wallet = state["user"]["wallet"]
        wallet["balance"] = seed.money_round(wallet["balance"] + amount)
        wallet["transactions"].append(
            {
                "id": f"W-{5001 + len(wallet['transactions'])}",
                "type": kind,
                "description": description,
                "amount": seed.money_round(amount),
                "date": f"{seed.TODAY.month}/{seed.TODAY.day}/{seed.TODAY.year}",
                **extra,
            }
        )

    def page(self, request: Request, template: str, status_code: int = 200, **context: Any):
        state = self.state(request)
        return self.render(
            request,
            template,
            status_code=status_code,
            money=money,
            rider=state["user"],
            wallet=state["user"]["wallet"],
            long_date=long_date,
            **context,
        )

    # ---- pages ----------------------------------------------------------------------------------------------
    def register(self, router: APIRouter) -> None:
        @router.get("/")
        async def home(request: Request, pq: str = "", dq: str = ""):
            state = self.state(request)
            saved = [(label, seed.place_by_id(item["placeId"])) for label, item in ((s["label"], s) for s in state["user"]["savedPlaces"])]
            recent = [("Recent", seed.place_by_id(pid)) for pid in seed.RECENT_IDS]
            suggestions = [entry for entry in saved + recent if entry[1]]
            ride = state["ride"]
            return self.page(
                request,
                "home.html",
                ride=ride,
                pq=pq.strip(),
                dq=dq.strip(),
                pickup_results=[("", p) for p in seed.search_places(pq)] if pq.strip() else None,
                dropoff_results=[("", p) for p in seed.search_places(dq)] if dq.strip() else None,
                suggestions=suggestions,
                days=schedule_days(),
            )

        @router.post("/ride/place")
        async def set_place(request: Request, role: str = Form(...), place_id: str = Form(...)):
            state = self.state(request)
            chosen = seed.place_by_id(place_id)
            if chosen is None or role not in ("pickup", "destination"):
                self.flash(request, "That place could not be found.")
                return self.redirect("/")
            ride = state["ride"]
            ride["pickupLocation" if role == "pickup" else "dropoffLocation"] = copy.deepcopy(chosen)
            ride.pop("calculatedPrice", None)
            other = ride.get("dropoffLocation" if role == "pickup" else "pickupLocation")
            if other and other["id"] == chosen["id"]:
                self.flash(request, "Pickup and destination are the same place. Choose another one.")
            else:
                self.flash(request, f"{'Pickup' if role == 'pickup' else 'Destination'} set to {chosen['name']}.")
            return self.redirect("/")

        @router.post("/ride/swap")
        async def swap(request: Request):
            ride = self.state(request)["ride"]
            pickup, dropoff = ride.pop("pickupLocation", None), ride.pop("dropoffLocation", None)
            if dropoff:
                ride["pickupLocation"] = dropoff
            if pickup:
                ride["dropoffLocation"] = pickup
            ride.pop("calculatedPrice", None)
            self.flash(request, "Pickup and destination swapped.")
            return self.redirect("/")

        @router.post("/ride/now")
        async def ride_now(request: Request):
            ride = self.state(request)["ride"]
            ride.pop("pickupDate", None)
            ride.pop("pickupTime", None)
            self.flash(request, "Pickup time set to now.")
            return self.redirect("/")

        @router.post("/ride/schedule")
        async def schedule(request: Request, day: str = Form(...), hour: str = Form(...), minute: str = Form(...), half: str = Form(...)):
            ride = self.state(request)["ride"]
            try:
                hour_value, minute_value = int(hour), int(minute)
            except ValueError:
                hour_value = minute_value = -1
            valid_days = [value for value, _ in schedule_days()]
            if day not in valid_days or not 1 <= hour_value <= 12 or minute_value not in (0, 15, 30, 45) or half not in ("AM", "PM"):
                self.flash(request, "Choose a pickup date and time from the lists.")
                return self.redirect("/")
            time_text = f"{hour_value}:{minute_value:02d} {half}"
            if day == valid_days[0] and minutes_of(time_text) < minutes_of(seed.NOW_TIME) + 15:
                self.flash(request, f"Scheduled pickups must be at least 15 minutes from now ({seed.NOW_TIME}).")
                return self.redirect("/")
            ride["pickupDate"], ride["pickupTime"] = day, time_text
            self.flash(request, f"Pickup scheduled for {long_date(day)} at {time_text}.")
            return self.redirect("/")

        @router.post("/ride/prices")
        async def see_prices(request: Request):
            state = self.state(request)
            ride = state["ride"]
            if not ride.get("pickupLocation") or not ride.get("dropoffLocation"):
                self.flash(request, "Choose a pickup and a destination first.")
                return self.redirect("/")
            if ride["pickupLocation"]["id"] == ride["dropoffLocation"]["id"]:
                self.flash(request, "Pickup and destination are the same place. Choose another destination.")
                return self.redirect("/")
            self.quote(state)
            return self.redirect("/rides")

        @router.get("/rides")
        async def rides(request: Request):
            state = self.state(request)
            ride = state["ride"]
            if not ride.get("pickupLocation") or not ride.get("dropoffLocation"):
                self.flash(request, "Choose a pickup and a destination to see rides.")
                return self.redirect("/")
            return self.page(
                request,
                "rides.html",
                ride=ride,
                quotes=self.quotes(state),
                methods=self.methods(state),
                selected_type=ride.get("selectedCarType"),
            )

        @router.post("/ride/car")
        async def choose_car(request: Request, car_type: str = Form(...)):
            state = self.state(request)
            ride = state["ride"]
            if car_type not in self.cars(state) or not ride.get("pickupLocation") or not ride.get("dropoffLocation"):
                return self.redirect("/rides")
            ride["selectedCarType"] = car_type
            self.quote(state)
            return self.redirect("/rides")

        @router.post("/ride/book")
        async def book(request: Request, payment: str = Form(...)):
            state = self.state(request)
            ride = state["ride"]
            pickup, dropoff = ride.get("pickupLocation"), ride.get("dropoffLocation")
            method = self.method_by_id(state, payment)
            if not pickup or not dropoff:
                self.flash(request, "Choose a pickup and a destination first.")
                return self.redirect("/")
            if method is None:
                self.flash(request, "Choose a payment method.")
                return self.redirect("/rides")
            car_type = ride.get("selectedCarType") or "UdriverX"
            fare = seed.fare(pickup, dropoff, car_type, self.cars(state))
            wallet = state["user"]["wallet"]
            scheduled = bool(ride.get("pickupDate") and ride.get("pickupTime"))
            if method["type"] == "wallet" and not scheduled and wallet["balance"] + 1e-9 < fare["finalPrice"]:
                self.flash(
                    request,
                    f"Insufficient wallet balance: this ride costs {money(fare['finalPrice'])} and your wallet has "
                    f"{money(wallet['balance'])}. Add funds or choose another payment method.",
                )
                return self.redirect("/rides")
            ride["selectedPaymentMethod"] = method_ref(method)
            trip_id = self.next_trip_id(state)
            trip = {
                "id": trip_id,
                "status": "scheduled" if scheduled else "completed",
                "pickup": copy.deepcopy(pickup),
                "destination": copy.deepcopy(dropoff),
                "car": {
                    "type": car_type,
                    "finalPrice": fare["finalPrice"],
                    "priceWithoutDiscount": fare["priceWithoutDiscount"],
                    "multiplier": fare["multiplier"],
                    "discount": fare["discount"],
                },
                "paymentMethod": method_ref(method),
                "date": ride["pickupDate"] if scheduled else f"{seed.TODAY.month}/{seed.TODAY.day}/{seed.TODAY.year}",
                "time": ride["pickupTime"] if scheduled else seed.NOW_TIME,
                "driver": seed.driver_for(len(ride["trips"]) + len(ride["bookedTrips"]), car_type),
            }
            if scheduled:
                ride["bookedTrip"] = copy.deepcopy(trip)
                ride["bookedTrips"].append(trip)
                self.flash(request, f"Your {car_type} is scheduled for {long_date(trip['date'])} at {trip['time']}.")
            else:
                ride["trip"] = copy.deepcopy(trip)
                ride["trips"].append(trip)
                if method["type"] == "wallet":
                    self.add_transaction(state, "debit", f"Trip to {dropoff['name']}", -fare["finalPrice"], tripId=trip_id)
                self.flash(request, f"Your {car_type} trip to {dropoff['name']} is complete.")
            return self.redirect(f"/trip/{trip_id}")

        @router.get("/trip/{trip_id}")
        async def trip_page(request: Request, trip_id: str):
            state = self.state(request)
            trip = self.find_trip(state, trip_id)
            if trip is None:
                return self.page(request, "not_found.html", status_code=404)
            return self.page(request, "trip.html", trip=trip)

        @router.get("/trips")
        async def trips(request: Request):
            ride = self.state(request)["ride"]
            return self.page(request, "trips.html", upcoming=list(reversed(ride["bookedTrips"])), past=list(reversed(ride["trips"])))

        @router.post("/trips/cancel")
        async def cancel(request: Request, trip_id: str = Form(...)):
            state = self.state(request)
            for trip in state["ride"]["bookedTrips"]:
                if trip["id"] == trip_id and trip["status"] == "scheduled":
                    trip["status"] = "cancelled"
                    booked = state["ride"].get("bookedTrip")
                    if booked and booked["id"] == trip_id:
                        booked["status"] = "cancelled"
                    self.flash(request, f"Your ride to {trip['destination']['name']} on {long_date(trip['date'])} was cancelled.")
            return self.redirect("/trips")

        @router.get("/wallet")
        async def wallet_page(request: Request):
            state = self.state(request)
            wallet = state["user"]["wallet"]
            cards = [m for m in wallet["paymentMethods"] if m["type"] == "credit"]
            return self.page(
                request, "wallet.html", cards=cards, methods=wallet["paymentMethods"], transactions=list(reversed(wallet["transactions"]))
            )

        @router.post("/wallet/topup")
        async def top_up(request: Request, amount: str = Form(""), method_id: str = Form("")):
            state = self.state(request)
            card = self.method_by_id(state, method_id)
            try:
                value = float(amount.replace("$", "").replace(",", "").strip())
            except ValueError:
                value = 0.0
            if card is None or card["type"] != "credit":
                self.flash(request, "Choose a card to pay with.")
            elif not 1 <= value <= MAX_TOP_UP or round(value, 2) != value:
                self.flash(request, f"Enter an amount between $1 and {money(MAX_TOP_UP)}.")
            else:
                self.add_transaction(state, "credit", "Wallet Top-up", value, paymentMethodId=card["id"])
                self.flash(request, f"{money(value)} added to your wallet with {card['displayName']}.")
            return self.redirect("/wallet")

        @router.post("/wallet/default")
        async def set_default(request: Request, method_id: str = Form(...)):
            state = self.state(request)
            method = self.method_by_id(state, method_id)
            if method is not None:
                for entry in self.methods(state):
                    entry["isDefault"] = entry is method
                state["ride"]["selectedPaymentMethod"] = method_ref(method)
                self.flash(request, f"{method['displayName']} is now your default payment method.")
            return self.redirect("/wallet")

        @router.post("/wallet/cards")
        async def add_card(request: Request, number: str = Form(""), expiry: str = Form(""), cvc: str = Form(""), holder: str = Form("")):
            state = self.state(request)
            digits = re.sub(r"[\s-]", "", number)
            if (
                not re.fullmatch(r"\d{13,19}", digits)
                or not re.fullmatch(r"(0[1-9]|1[0-2])/\d{2}", expiry.strip())
                or not re.fullmatch(r"\d{3,4}", cvc.strip())
                or not holder.strip()
            ):
                self.flash(request, "Check the card details: number, expiry (MM/YY), CVC and name on card.")
                return self.redirect("/wallet")
            brand = {"4": "Visa", "5": "Mastercard", "3": "Amex", "6": "Discover"}.get(digits[0], "Card")
            ids = [int(m["id"]) for m in self.methods(state) if str(m["id"]).isdigit()]
            card = {
                "id": str(max(ids, default=0) + 1),
                "type": "credit",
                "displayName": f"{brand} •••• {digits[-4:]}",
                "brand": brand,
                "last4": digits[-4:],
                "expiry": expiry.strip(),
                "cardholder": holder.strip(),
                "isDefault": False,
            }
            methods = self.methods(state)
            methods.insert(max(i for i, m in enumerate(methods) if m["type"] != "cash") + 1, card)
            self.flash(request, f"{card['displayName']} added.")
            return self.redirect("/wallet")

        @router.get("/{path:path}")
        async def not_found(request: Request, path: str):
            return self.page(request, "not_found.html", status_code=404)
