"""Udriver's task families (see halo_lib/generated/family.py): generated tasks over the rider's seed account.

Five families, each with a strict checker and a page-driven expert: book_ride_now (a route, a car type and a
way to pay), ride_home_or_work (the same, to or from a saved place named only "home" or "work"),
schedule_ride (a route at a given day and time), top_up_wallet (an amount, or "so the balance is $X"),
add_card (a new card, made the default when asked).

Udriver's snapshot is taken before its store hydrates, so `initialfinaldiff.added` is the whole final store;
the checkers compare it with the seed store: the asked-for trip, transaction or card, and nothing else (the
booking form's own fields, pickupLocation, calculatedPrice and the like, are the page's state, not a change).
The experts read the page (chosen places by their address, the When line, the selected car, the payment
select, the wallet's tables) and never the server state.

    from halo_lib.sites.udriver.families import FAMILIES
    halo gen tasks --name ud --sites udriver --per-family 10 && halo eval --mode expert --tasks gen:ud --workers 2
    .venv/bin/python -m pytest tests/generated/test_families_udriver.py -q
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any, Sequence
from urllib.parse import urlparse

from halo_lib.generated.family import Family, Params
from halo_lib.sites.expert import Answer, Click, Fill, Intent, Press, Select, Target, View
from halo_lib.sites.udriver import seed

NAMES = [p["name"] for p in seed.PLACES]
PLACES = [p for p in seed.PLACES if NAMES.count(p["name"]) == 1]  # one place per name: the goal names it
SAVED = {label: pid for label, pid in seed.SAVED}  # Home, Work
PAYMENTS = {"wallet": "Udriver Wallet", "credit": "Visa •••• 4242", "cash": "Cash"}
PAYMENT_PHRASES = {"wallet": "my Udriver wallet", "credit": "my Visa card ending in 4242", "cash": "cash"}
REAL_ROUTES = [  # (pickup, destination) of REAL's udriver tasks: 11, 13 (any Chase Bank), 15, 16, 17, 19, 20, 3, 4, 6, 7, 9
    (201, 723), (310, 402), (310, 403), (310, 404), (739, 52), (699, 717), (733, 744), (370, 733), (226, 717),
    (118, 565), (611, 640), (77, 850), (129, 901), (129, 902), (129, 903), (699, 565),
]  # fmt: skip


# ---- reading the finish state ------------------------------------------------------------------------------
def final_store(state: dict) -> dict:
    """The whole store at the end (the snapshot was taken before it hydrated, so all of it is `added`)."""
    return (state.get("initialfinaldiff") or {}).get("added") or {}


def fare(pickup: int, dest: int, car: str) -> float:
    return seed.fare(seed.place(pickup), seed.place(dest), car)["finalPrice"]


def rest_unchanged(store: dict, allow: Sequence[str] = ()) -> list[str]:
    """Everything graded outside the booking form is as seeded, except the parts in `allow`
    (trips, bookedTrips, transactions, balance, paymentMethods): those the family checks itself."""
    seed_store = seed.store()
    ride, user = store.get("ride") or {}, store.get("user") or {}
    wallet, seed_wallet = user.get("wallet") or {}, seed_store["user"]["wallet"]
    problems = []
    trips = ride.get("trips") or []
    if trips[: len(seed_store["ride"]["trips"])] != seed_store["ride"]["trips"]:
        problems.append("past trips were changed")
    if "trips" not in allow and len(trips) != len(seed_store["ride"]["trips"]):
        problems.append(f"{len(trips) - len(seed_store['ride']['trips'])} ride(s) were booked for now")
    if "bookedTrips" not in allow and ride.get("bookedTrips"):
        problems.append(f"{len(ride['bookedTrips'])} ride(s) were scheduled")
    transactions = wallet.get("transactions") or []
    if transactions[: len(seed_wallet["transactions"])] != seed_wallet["transactions"]:
        problems.append("earlier wallet transactions were changed")
    if "transactions" not in allow and len(transactions) != len(seed_wallet["transactions"]):
        problems.append("the wallet has new transactions")
    if "balance" not in allow and wallet.get("balance") != seed_wallet["balance"]:
        problems.append(f"the wallet balance changed to {wallet.get('balance')}")
    if "paymentMethods" not in allow and wallet.get("paymentMethods") != seed_wallet["paymentMethods"]:
        problems.append("payment methods were changed")
    others = {k: v for k, v in user.items() if k != "wallet"}
    if others != {k: v for k, v in seed_store["user"].items() if k != "wallet"}:
        problems.append("the rider's profile or saved places changed")
    if store.get("config") != seed_store["config"]:
        problems.append("the car pricing config changed")
    return problems


def trip_problems(trip: dict, params: Params, status: str) -> list[str]:
    problems = []
    if (trip.get("pickup") or {}).get("id") != params["pickup"] or (trip.get("destination") or {}).get("id") != params["dest"]:
        got = ((trip.get("pickup") or {}).get("name"), (trip.get("destination") or {}).get("name"))
        problems.append(
            f"the ride goes {got[0]} -> {got[1]}, not {seed.place(params['pickup'])['name']} -> {seed.place(params['dest'])['name']}"
        )
    if (trip.get("car") or {}).get("type") != params["car"]:
        problems.append(f"a {(trip.get('car') or {}).get('type')} was booked, not a {params['car']}")
    if (trip.get("paymentMethod") or {}).get("type") != params["payment"]:
        problems.append(f"paid with {(trip.get('paymentMethod') or {}).get('displayName')}, not {PAYMENTS[params['payment']]}")
    if trip.get("status") != status:
        problems.append(f"the ride is {trip.get('status')}, not {status}")
    return problems


# ---- reading the page ------------------------------------------------------------------------------------
def path_of(view: View) -> str:
    return urlparse(view.url).path.rstrip("/") or "/"


def texts_in(view: View, region: str) -> list[str]:
    container = view.find("region", region)
    return [n.name for n in view.find_all("StaticText", within=container)] if container is not None else []


def after(texts: list[str], label: str, offset: int = 1) -> str:
    """The text `offset` places after `label` ("From:" -> its place name, +2 its address)."""
    return texts[texts.index(label) + offset] if label in texts and texts.index(label) + offset < len(texts) else ""


def choose_place(view: View, role: str, place: dict) -> Intent:
    """Pick the place from the suggestions when it is listed, else search for it by name."""
    verb, box = ("Pick up at", "Search pickup location") if role == "pickup" else ("Drop off at", "Search destination")
    button = view.find("button", f"{verb} {place['name']}, {place['address']}")
    if button is not None:
        return Click(button)
    search = view.find("searchbox", box)
    if search is not None and (search.value or "").strip() == place["name"]:
        return Press(Target("searchbox", box), "Enter")
    return Fill(Target("searchbox", box), place["name"])


def day_label(day: str) -> str:
    from halo_lib.sites.udriver.app import long_date

    return long_date(day)


def money(value: float) -> str:
    return f"${abs(value):,.2f}"


# ---- booking: now, home/work, scheduled --------------------------------------------------------------------
class BookRideNow(Family):
    """Book a ride for now: a route between two named places, a car type and a way to pay."""

    site, name, kind = "udriver", "book_ride_now", "book"
    templates = (
        "Book a {car} from {pickup_name} to {dest_name} right now and pay with {payment_phrase}.",
        "I need a {car} now from {pickup_name} to {dest_name}; charge it to {payment_phrase}.",
        "Get me a {car} from {pickup_name} to {dest_name} for immediate pickup, paying by {payment_phrase}.",
        "Request a {car} ride leaving now: pickup at {pickup_name}, drop-off at {dest_name}. Pay with {payment_phrase}.",
    )
    scheduled = False

    def sample(self, rng: random.Random) -> Params:
        pickup, dest = rng.sample(PLACES, 2)
        while (pickup["id"], dest["id"]) in REAL_ROUTES:  # not even at another time, car or payment
            pickup, dest = rng.sample(PLACES, 2)
        return self.finish_sample(rng, pickup["id"], dest["id"])

    def finish_sample(self, rng: random.Random, pickup: int, dest: int) -> Params:
        car = rng.choice(list(seed.CARS))
        payments = ["credit", "cash"] + (["wallet"] if fare(pickup, dest, car) <= seed.WALLET_BALANCE else [])
        return {"pickup": pickup, "dest": dest, "car": car, "payment": rng.choice(payments)}

    def fields(self, params: Params) -> dict[str, Any]:
        return {
            **params,
            "pickup_name": seed.place(params["pickup"])["name"],
            "dest_name": seed.place(params["dest"])["name"],
            "payment_phrase": PAYMENT_PHRASES[params["payment"]],
        }

    def identity(self, params: Params) -> tuple:
        return (params["pickup"], params["dest"])

    def real_params(self) -> Sequence[Params]:
        return [{"pickup": a, "dest": b} for a, b in REAL_ROUTES]

    def check(self, params: Params, state: dict) -> list[str]:
        store = final_store(state)
        new = ((store.get("ride") or {}).get("trips") or [])[len(seed.history()) :]
        if len(new) != 1:
            return [f"expected exactly one ride booked now, found {len(new)}"] + rest_unchanged(store, ["trips"])
        trip = new[0]
        problems = trip_problems(trip, params, "completed")
        allow = ["trips"]
        if params["payment"] == "wallet":
            allow += ["transactions", "balance"]
            wallet = store["user"]["wallet"]
            added = wallet["transactions"][len(seed.ledger()) :]
            price = fare(params["pickup"], params["dest"], params["car"])
            if [(t.get("type"), t.get("amount"), t.get("tripId")) for t in added] != [("debit", -price, trip.get("id"))]:
                problems.append("the wallet was not debited exactly the fare, once")
            if wallet.get("balance") != seed.money_round(seed.WALLET_BALANCE - price):
                problems.append(f"the wallet balance is {wallet.get('balance')}")
        return problems + rest_unchanged(store, allow)

    # -- the expert --
    def when_text(self, params: Params) -> str:
        return "Now"

    def next_step(self, view: View, params: Params, history) -> Intent:
        pickup, dest = seed.place(params["pickup"]), seed.place(params["dest"])
        path = path_of(view)
        if path.startswith("/trip/"):
            texts = texts_in(view, "Trip details")
            done = "Ride scheduled" if self.scheduled else "Trip completed"
            if (
                view.find("heading", done) is not None
                and after(texts, "From:", 2) == pickup["formattedAddress"]
                and after(texts, "To:", 2) == dest["formattedAddress"]
                and after(texts, "Ride:").split(" ")[0] == params["car"]
                and after(texts, "Paid with:") == PAYMENTS[params["payment"]]
            ):
                return Answer(self.answer(params))
            return Click(Target("link", "Book another ride"))
        if path == "/rides":
            texts = texts_in(view, "Route")
            when = after(texts, "Pickup:")
            if (
                after(texts, "From:", 2) != pickup["formattedAddress"]
                or after(texts, "To:", 2) != dest["formattedAddress"]
                or not when.startswith(self.when_text(params))
            ):
                return Click(Target("link", "Change route or time"))
            choose = view.find("button", f"Choose {params['car']}")
            if choose is not None:
                return Click(choose)
            pay = view.find("combobox", "Payment method")
            if pay is not None and pay.value != PAYMENTS[params["payment"]]:
                return Select(pay, PAYMENTS[params["payment"]])
            return Click(Target("button", f"{'Schedule' if self.scheduled else 'Request'} {params['car']}"))
        if path != "/":
            return Click(Target("link", "Ride"))
        if after(texts_in(view, "Pickup"), "Pickup:", 2) != pickup["formattedAddress"]:
            return choose_place(view, "pickup", pickup)
        if after(texts_in(view, "Destination"), "Destination:", 2) != dest["formattedAddress"]:
            return choose_place(view, "destination", dest)
        when = after(texts_in(view, "When"), "Pickup time:")
        if not when.startswith(self.when_text(params)):
            return self.set_time(view, params)
        return Click(Target("button", "See prices"))

    def set_time(self, view: View, params: Params) -> Intent:
        return Click(Target("button", "Ride now"))

    def answer(self, params: Params) -> str:
        f = self.fields(params)
        return f"Your {params['car']} from {f['pickup_name']} to {f['dest_name']} is booked, paid with {PAYMENTS[params['payment']]}."


class RideHomeOrWork(BookRideNow):
    """Book a ride for now to or from a saved place the goal names only as "home" or "work"."""

    name = "ride_home_or_work"
    templates = (
        "Get me a {car} {direction} {other_phrase} right now; I'll pay with {payment_phrase}.",
        "I want to ride {direction} {other_phrase} now in a {car}. Use {payment_phrase}.",
        "Book a {car} for now {direction} {other_phrase}, paid with {payment_phrase}.",
    )

    def sample(self, rng: random.Random) -> Params:
        label = rng.choice(list(SAVED))
        other = rng.choice([p for p in PLACES if p["id"] not in SAVED.values()])
        to_saved = rng.random() < 0.5
        pickup, dest = (other["id"], SAVED[label]) if to_saved else (SAVED[label], other["id"])
        return {**self.finish_sample(rng, pickup, dest), "saved": label}

    def fields(self, params: Params) -> dict[str, Any]:
        to_saved = params["dest"] == SAVED[params["saved"]]
        other = seed.place(params["pickup"] if to_saved else params["dest"])["name"]
        home = params["saved"] == "Home"
        return {
            **super().fields(params),
            "direction": ("home" if home else "to work") if to_saved else ("from home" if home else "from work"),
            "other_phrase": f"from {other}" if to_saved else f"to {other}",
        }


class ScheduleRide(BookRideNow):
    """Schedule a ride for a later day and time: a route, a car type and a way to pay."""

    name, kind = "schedule_ride", "schedule"
    scheduled = True
    templates = (
        "Schedule a {car} from {pickup_name} to {dest_name} for {day_phrase} at {time}, paid with {payment_phrase}.",
        "Book a {car} ahead of time: {pickup_name} to {dest_name}, pickup on {day_phrase} at {time}. Pay with {payment_phrase}.",
        "I need a {car} to pick me up at {pickup_name} on {day_phrase} at {time} and take me to {dest_name}; use {payment_phrase}.",
    )

    def sample(self, rng: random.Random) -> Params:
        params = super().sample(rng)
        day = seed.TODAY + timedelta(days=rng.randrange(1, seed.SCHEDULE_DAYS))
        time = f"{rng.randrange(1, 13)}:{rng.choice(['00', '15', '30', '45'])} {rng.choice(['AM', 'PM'])}"
        return {**params, "day": f"{day.month}/{day.day}/{day.year}", "time": time}

    def fields(self, params: Params) -> dict[str, Any]:
        month, day, year = (int(x) for x in params["day"].split("/"))
        date = seed.TODAY.replace(year=year, month=month, day=day)
        return {**super().fields(params), "day_phrase": date.strftime("%A, %B ") + str(date.day)}

    def identity(self, params: Params) -> tuple:
        return (params["pickup"], params["dest"], params["day"], params["time"])

    def real_params(self) -> Sequence[Params]:
        # udriver-17 prices 333 Fremont -> 201 Turk on July 18 at 3:30 PM; no REAL task schedules the other routes,
        # but none of their routes is used at any time either.
        return [{"pickup": a, "dest": b, "day": "7/18/2024", "time": "3:30 PM"} for a, b in REAL_ROUTES]

    def check(self, params: Params, state: dict) -> list[str]:
        store = final_store(state)
        booked = (store.get("ride") or {}).get("bookedTrips") or []
        if len(booked) != 1:
            return [f"expected exactly one scheduled ride, found {len(booked)}"] + rest_unchanged(store, ["bookedTrips"])
        trip = booked[0]
        problems = trip_problems(trip, params, "scheduled")
        if (trip.get("date"), trip.get("time")) != (params["day"], params["time"]):
            problems.append(f"the pickup is {trip.get('date')} at {trip.get('time')}, not {params['day']} at {params['time']}")
        return problems + rest_unchanged(store, ["bookedTrips"])

    def when_text(self, params: Params) -> str:
        return f"{day_label(params['day'])}, {params['day']} at {params['time']}"

    def set_time(self, view: View, params: Params) -> Intent:
        hour, rest = params["time"].split(":")
        minute, half = rest.split()
        for name, wanted in (("Pickup date", day_label(params["day"])), ("Hour", hour), ("Minute", minute), ("AM or PM", half)):
            box = view.find("combobox", name)
            if box is not None and box.value != wanted:
                return Select(box, wanted)
        return Click(Target("button", "Schedule pickup"))

    def answer(self, params: Params) -> str:
        f = self.fields(params)
        return f"Your {params['car']} from {f['pickup_name']} to {f['dest_name']} is scheduled for {f['day_phrase']} at {params['time']}."


# ---- the wallet ------------------------------------------------------------------------------------------
def wallet_rows(view: View) -> list[list[str]]:
    """The wallet's transaction rows, each as its cells' texts."""
    return [[n.name for n in view.find_all("StaticText", within=row)] for row in view.find_all("row")]


class TopUpWallet(Family):
    """Add credits to the wallet with the card on file: an amount, or enough to reach a given balance."""

    site, name, kind = "udriver", "top_up_wallet", "pay"
    templates = (
        "Add ${amount} to my Udriver wallet using my Visa card.",
        "Top up my Udriver credits by ${amount} with the card on my account.",
        "Put ${amount} of credit on my wallet, paid by my Visa ending in 4242.",
    )
    reach_templates = (
        "Top up my Udriver wallet with my Visa so that the balance becomes exactly ${target}.",
        "Add just enough credits with my card to bring my wallet balance to ${target}.",
    )

    def sample(self, rng: random.Random) -> Params:
        amount = rng.choice([a for a in range(5, 405, 5) if a != 100])  # udriver-2 adds $100
        return {"amount": amount, "reach": rng.random() < 0.4}

    def fields(self, params: Params) -> dict[str, Any]:
        return {"amount": params["amount"], "target": f"{seed.WALLET_BALANCE + params['amount']:.2f}"}

    def goal(self, params: Params, template: int) -> str:
        templates = self.reach_templates if params["reach"] else self.templates
        return templates[template % len(templates)].format(**self.fields(params))

    def identity(self, params: Params) -> tuple:
        return (params["amount"],)

    def real_params(self) -> Sequence[Params]:
        return [{"amount": 100, "reach": False}]  # udriver-2

    def check(self, params: Params, state: dict) -> list[str]:
        store = final_store(state)
        wallet = (store.get("user") or {}).get("wallet") or {}
        added = (wallet.get("transactions") or [])[len(seed.ledger()) :]
        problems = []
        shape = [(t.get("type"), t.get("description"), t.get("amount"), t.get("paymentMethodId")) for t in added]
        if shape != [("credit", "Wallet Top-up", params["amount"], seed.CARD_METHOD["id"])]:
            problems.append(f"expected one ${params['amount']} top-up with the Visa, found {shape}")
        if wallet.get("balance") != seed.money_round(seed.WALLET_BALANCE + params["amount"]):
            problems.append(f"the balance is {wallet.get('balance')}, not {seed.WALLET_BALANCE + params['amount']:.2f}")
        return problems + rest_unchanged(store, ["transactions", "balance"])

    def next_step(self, view: View, params: Params, history) -> Intent:
        if path_of(view) != "/wallet":
            return Click(Target("link", "Wallet"))
        if any("Wallet Top-up" in row and f"+{money(params['amount'])}" in row for row in wallet_rows(view)):
            return Answer(f"I added {money(params['amount'])} to your wallet with your Visa •••• 4242.")
        amount = view.find("textbox", "Amount to add (USD)")
        if amount is not None and (amount.value or "").strip() != str(params["amount"]):
            return Fill(amount, str(params["amount"]))
        card = view.find("combobox", "Pay with")
        if card is not None and card.value != PAYMENTS["credit"]:
            return Select(card, PAYMENTS["credit"])
        return Click(Target("button", "Add funds"))


HOLDERS = ["Jordan Lee", "Jordan A. Lee", "J. Lee"]
BRANDS = {"4": "Visa", "5": "Mastercard", "6": "Discover"}


class AddCard(Family):
    """Add a new card to the payment methods (and make it the default when asked)."""

    site, name, kind = "udriver", "add_card", "edit settings"
    templates = (
        "Add my {brand_card} {number_spaced}, expiring {expiry}, CVC {cvc}, name on card {holder}{default_clause}",
        "Save a new card to my Udriver account: number {number_spaced}, expiry {expiry}, security code {cvc}, cardholder {holder}{default_clause}",
        "Put my {brand} ({number_spaced}, exp {expiry}, CVC {cvc}, {holder}) on file as a payment method{default_clause}",
    )

    def sample(self, rng: random.Random) -> Params:
        first = rng.choice(list(BRANDS))
        number = first + "".join(str(rng.randrange(10)) for _ in range(15))
        expiry = f"{rng.randrange(1, 13):02d}/{rng.randrange(26, 31)}"
        return {
            "number": number,
            "expiry": expiry,
            "cvc": f"{rng.randrange(1000):03d}",
            "holder": rng.choice(HOLDERS),
            "make_default": rng.random() < 0.5,
        }

    def fields(self, params: Params) -> dict[str, Any]:
        number = params["number"]
        return {
            **params,
            "brand": BRANDS[number[0]],
            "brand_card": BRANDS[number[0]] + ("" if BRANDS[number[0]] == "Mastercard" else " card"),
            "number_spaced": " ".join(number[i : i + 4] for i in range(0, len(number), 4)),
            "default_clause": ", and make it my default payment method." if params["make_default"] else ".",
        }

    def identity(self, params: Params) -> tuple:
        return (params["number"][-4:], params["make_default"])

    def real_params(self) -> Sequence[Params]:
        return []  # no REAL task adds a card (udriver-14 makes the card on file the default)

    def display(self, params: Params) -> str:
        return f"{BRANDS[params['number'][0]]} •••• {params['number'][-4:]}"

    def check(self, params: Params, state: dict) -> list[str]:
        store = final_store(state)
        methods = ((store.get("user") or {}).get("wallet") or {}).get("paymentMethods") or []
        seeded = seed.store()["user"]["wallet"]["paymentMethods"]
        known = {m["id"] for m in seeded}
        new = [m for m in methods if m.get("id") not in known]
        problems = []
        if len(new) != 1:
            return [f"expected exactly one new card, found {len(new)}"] + rest_unchanged(store, ["paymentMethods"])
        card = new[0]
        wanted = {
            "type": "credit",
            "last4": params["number"][-4:],
            "brand": BRANDS[params["number"][0]],
            "expiry": params["expiry"],
            "cardholder": params["holder"],
            "isDefault": params["make_default"],
        }
        got = {k: card.get(k) for k in wanted}
        if got != wanted:
            problems.append(f"the new card is {got}, not {wanted}")
        old = [m for m in methods if m.get("id") in known]
        expected_old = [{**m, "isDefault": False} if params["make_default"] else m for m in seeded]
        if old != expected_old:
            problems.append("the other payment methods (or which one is the default) changed")
        return problems + rest_unchanged(store, ["paymentMethods"])

    def next_step(self, view: View, params: Params, history) -> Intent:
        if path_of(view) != "/wallet":
            return Click(Target("link", "Wallet"))
        display = self.display(params)
        methods = view.find("list", "Payment methods")
        listed = methods is not None and view.find("StaticText", display, within=methods) is not None
        if listed:
            make = view.find("button", f"Set {display} as default")
            if params["make_default"] and make is not None:
                return Click(make)
            restore = view.find("button", f"Set {PAYMENTS['wallet']} as default")
            if not params["make_default"] and restore is not None:  # the default was changed: put it back
                return Click(restore)
            return Answer(f"I added {display}" + (" and made it your default payment method." if params["make_default"] else "."))
        for name, wanted in (
            ("Card number", self.fields(params)["number_spaced"]),
            ("Expiry (MM/YY)", params["expiry"]),
            ("CVC", params["cvc"]),
            ("Name on card", params["holder"]),
        ):
            box = view.find("textbox", name)
            if box is not None and (box.value or "") != wanted:
                return Fill(box, wanted)
        return Click(Target("button", "Save card"))


FAMILIES: list[Family] = [BookRideNow(), RideHomeOrWork(), ScheduleRide(), TopUpWallet(), AddCard()]
