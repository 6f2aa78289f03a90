"""Udriver's fixed data: San Francisco places (with REAL's ids), the rider's wallet and trip history, the
car pricing config, and the site clock. Everything is deterministic.

A place is what the real site stores for a pickup or destination:
    {id, identifier, name, address, formattedAddress, addressComponents{street, city, state, zipCode, country},
     basePrice, category}
and a ride's price is `(pickup.basePrice + destination.basePrice) x multiplier x (1 - discount)` with the
car's multiplier and discount from `CARS` (REAL's `config.udriver.cars`).

Prices the tasks turn on (wallet balance $25.50):
    Club X -> Fox Plaza Apartments            UdriverX $22.53 (affordable), UdriverXL $35.25 (not)
    Aaha Indian Cuisine -> Casa Loma Hotel    UdriverX $29.33: more than the wallet holds (top up first)
    388 Beale -> Amber India                  UdriverXL $23.28 (affordable)
    AI Electronics Center -> 333 Fremont      UdriverX $27.20: not enough credits
"""

from __future__ import annotations

import copy
import re
from datetime import date, datetime
from typing import Any

# The site's clock: "now" for rides booked now, the first day offered for scheduling.
TODAY = date(2024, 7, 16)
NOW_TIME = "10:30 AM"
NOW = datetime(2024, 7, 16, 10, 30)
SCHEDULE_DAYS = 14

CITY, STATE, COUNTRY = "San Francisco", "CA", "USA"

# REAL's config.udriver.cars: the car types, cheapest first.
CARS: dict[str, dict[str, Any]] = {
    "UdriverX": {"multiplier": 1.0, "discount": 0.15, "seats": 4, "description": "Affordable rides for up to 4"},
    "UdriverXL": {"multiplier": 1.4, "discount": 0.05, "seats": 6, "description": "Extra room for groups of up to 6"},
}

# (id, identifier, name, street address, zip, basePrice, category, aliases)
_PLACES: list[tuple[int, str, str, str, str, float, str, str]] = [
    (201, "CLX", "Club X", "1550 Folsom St", "94103", 12.5, "Nightlife", ""),
    (723, "FPA", "Fox Plaza Apartments", "1390 Market St", "94102", 14.0, "Residential", ""),
    (739, "BEA", "388 Beale", "388 Beale St", "94105", 8.0, "Residential", ""),
    (52, "AMB", "Amber India", "25 Yerba Buena Ln", "94103", 9.5, "Restaurant", "indian restaurant"),
    (699, "OHS", "1 Hotel San Francisco", "8 Mission St", "94105", 9.0, "Hotel", ""),
    (717, "VNS", "100 Van Ness", "100 Van Ness Ave", "94102", 10.0, "Residential", ""),
    (370, "RF1", "AI Electronics Center", "640 Brannan St", "94107", 17.0, "Shopping", "electronics store"),
    (733, "DLO", "333 Fremont Apartments", "333 Fremont St", "94105", 15.0, "Residential", ""),
    (129, "SPR", "22nd & Irving", "2101 Irving St", "94122", 14.5, "Intersection", "22nd ave and irving street"),
    (310, "GGA", "Golden Gate Apartments", "1925 Golden Gate Ave", "94115", 13.5, "Residential", ""),
    (402, "CHM", "Chase Bank", "2 Embarcadero Ctr", "94111", 7.5, "Bank", ""),
    (403, "CHV", "Chase Bank", "1501 Van Ness Ave", "94109", 9.0, "Bank", ""),
    (404, "CHS", "Chase Bank", "3251 20th Ave", "94132", 11.0, "Bank", ""),
    (118, "CAS", "1001 Castro Street", "1001 Castro St", "94114", 13.0, "Residential", ""),
    (565, "PST", "1030 Post Street Apartments", "1030 Post St", "94109", 11.5, "Residential", ""),
    (611, "CHE", "1000 Chestnut St", "1000 Chestnut St", "94109", 10.5, "Residential", ""),
    (640, "RFT", "Rooftop 25", "25 Lusk St", "94107", 12.0, "Bar", "rooftop bar"),
    (77, "AHA", "Aaha Indian Cuisine", "1200 Polk St", "94109", 16.0, "Restaurant", "indian restaurant"),
    (850, "CLH", "Casa Loma Hotel", "610 Fillmore St", "94117", 18.5, "Hotel", ""),
    (901, "SEA", "7-Eleven", "1900 Noriega St", "94122", 6.5, "Convenience store", "7/11 711 seven eleven"),
    (902, "SEB", "7-Eleven", "1501 Pine St", "94109", 7.0, "Convenience store", "7/11 711 seven eleven"),
    (903, "SEC", "7-Eleven", "2 Townsend St", "94107", 8.5, "Convenience store", "7/11 711 seven eleven"),
    (226, "C26", "Club 26 Mix", "3024 Mission St", "94110", 11.0, "Nightlife", ""),
    (744, "TRK", "201 Turk Street Apartments", "201 Turk St", "94102", 10.5, "Residential", ""),
    # the rest of the city: places of the same kinds, for search and choice
    (12, "SFO", "San Francisco International Airport", "780 S Airport Blvd", "94128", 28.0, "Airport", "sfo airport"),
    (15, "FRY", "Ferry Building", "1 Ferry Building", "94111", 8.0, "Landmark", "marketplace"),
    (18, "SFT", "Salesforce Tower", "415 Mission St", "94105", 8.5, "Office", "work"),
    (21, "ORP", "Oracle Park", "24 Willie Mays Plaza", "94107", 9.5, "Stadium", "giants ballpark"),
    (24, "UNS", "Union Square", "333 Post St", "94108", 8.0, "Landmark", "shopping"),
    (27, "GGP", "Golden Gate Park", "501 Stanyan St", "94117", 14.0, "Park", ""),
    (30, "CHC", "Chase Center", "1 Warriors Way", "94158", 10.0, "Arena", "warriors"),
    (33, "DOL", "Dolores Park", "19th St & Dolores St", "94114", 11.5, "Park", ""),
    (36, "CTC", "Caltrain Station", "700 4th St", "94107", 8.5, "Transit", "train station"),
    (39, "HRA", "The Harrison Apartments", "401 Harrison St", "94105", 9.0, "Residential", "home"),
    (42, "BOA", "Bank of America", "345 Montgomery St", "94104", 8.0, "Bank", ""),
    (45, "WFB", "Wells Fargo Bank", "464 California St", "94104", 8.0, "Bank", ""),
    (48, "ZZA", "Zuni Cafe", "1658 Market St", "94102", 12.0, "Restaurant", ""),
    (55, "GGB", "Golden Gate Bridge Welcome Center", "Golden Gate Bridge Plaza", "94129", 19.0, "Landmark", ""),
    (58, "CLP", "Clift Royal Sonesta Hotel", "495 Geary St", "94102", 10.0, "Hotel", ""),
    (61, "MHT", "Mission Hotel Apartments", "520 S Van Ness Ave", "94110", 12.5, "Residential", ""),
    (64, "WGN", "Whole Foods Market", "1765 California St", "94109", 10.0, "Grocery", "groceries"),
    (67, "SFM", "SFMOMA", "151 3rd St", "94103", 8.5, "Museum", "museum of modern art"),
    (70, "PHL", "Pier 39", "Beach St & The Embarcadero", "94133", 11.0, "Landmark", "fisherman's wharf"),
    (73, "AMC", "AMC Van Ness 14", "1000 Van Ness Ave", "94109", 10.5, "Cinema", "movie theater"),
    (79, "UCH", "UCSF Medical Center", "505 Parnassus Ave", "94143", 15.5, "Hospital", ""),
    (82, "BRT", "Civic Center BART Station", "1150 Market St", "94102", 9.0, "Transit", "bart"),
    (85, "RFB", "Rooftop Bar at Hotel Via", "138 King St", "94107", 9.5, "Bar", "rooftop"),
]

PLACES: list[dict[str, Any]] = [
    {
        "id": pid,
        "identifier": ident,
        "name": name,
        "address": street,
        "formattedAddress": f"{street}, {CITY}, {STATE} {zip_code}, {COUNTRY}",
        "addressComponents": {"street": street, "city": CITY, "state": STATE, "zipCode": zip_code, "country": COUNTRY},
        "basePrice": base,
        "category": category,
    }
    for pid, ident, name, street, zip_code, base, category, _ in _PLACES
]
_ALIASES = {pid: aliases for pid, *_rest, aliases in _PLACES}
_BY_ID = {place["id"]: place for place in PLACES}

HOME_ID, WORK_ID = 39, 18
SAVED = [("Home", HOME_ID), ("Work", WORK_ID)]
RECENT_IDS = [15, 24, 30]

RIDER = {"id": "u-1001", "name": "Jordan Lee", "email": "jordan.lee@example.com", "phone": "(415) 555-0134", "rating": 4.9}

WALLET_METHOD = {"id": "wallet", "type": "wallet", "displayName": "Udriver Wallet"}
CASH_METHOD = {"id": "cash", "type": "cash", "displayName": "Cash"}
CARD_METHOD = {"id": "1", "type": "credit", "displayName": "Visa •••• 4242"}


def place_by_id(place_id: Any) -> dict[str, Any] | None:
    try:
        return _BY_ID.get(int(place_id))
    except (TypeError, ValueError):
        return None


def place(place_id: int) -> dict[str, Any]:
    """A copy of the place (state holds copies, never the catalog's own dicts)."""
    return copy.deepcopy(_BY_ID[place_id])


STOPWORDS = {"and", "the", "a", "an", "of", "at", "to", "from", "any", "in", "near", "me", "sf", "san", "francisco"}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("&", " and "))


def search_places(query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Places matching the query, best first: each query word counts when it starts a word of the place's name,
    address, category or aliases (or that word starts it: "indian" finds "India", "gates" finds "Gate")."""
    tokens = [t for t in _words(query) if t not in STOPWORDS]
    if not tokens:
        return []
    scored = []
    for entry in PLACES:
        words = _words(" ".join([entry["name"], entry["address"], entry["category"], _ALIASES[entry["id"]]]))
        name_words = _words(entry["name"])
        score = 0.0
        for token in tokens:
            if any(w.startswith(token) or (len(w) >= 4 and token.startswith(w)) for w in words):
                score += 1 + (0.5 if any(w.startswith(token) for w in name_words) else 0)
        if score:
            scored.append((-score, entry["name"], entry["id"], entry))
    scored.sort(key=lambda item: item[:3])
    return [entry for *_key, entry in scored[:limit]]


def fare(pickup: dict, destination: dict, car_type: str, cars: dict[str, dict] | None = None) -> dict[str, Any]:
    """The price of a ride: {type, basePrice, multiplier, discount, priceWithoutDiscount, finalPrice}."""
    config = (cars or CARS)[car_type]
    base = float(pickup["basePrice"]) + float(destination["basePrice"])
    before = money_round(base * float(config["multiplier"]))
    final = money_round(base * float(config["multiplier"]) * (1 - float(config["discount"])))
    return {
        "type": car_type,
        "basePrice": money_round(base),
        "multiplier": config["multiplier"],
        "discount": config["discount"],
        "priceWithoutDiscount": before,
        "finalPrice": final,
    }


def money_round(value: float) -> float:
    return round(value + 1e-9, 2)


DRIVERS = [
    ("Maria Gonzalez", "Toyota Camry", "8KDL231"),
    ("Samuel Okafor", "Honda Accord", "7TRX552"),
    ("Priya Natarajan", "Tesla Model 3", "9BZN104"),
    ("Daniel Kim", "Toyota Sienna", "8MHP907"),
    ("Elena Petrova", "Chevrolet Suburban", "6WQA318"),
    ("Marcus Brown", "Hyundai Sonata", "8CVE649"),
]


def driver_for(number: int, car_type: str) -> dict[str, str]:
    """A driver for the n-th trip (XL trips get the larger cars)."""
    pool = [d for i, d in enumerate(DRIVERS) if (i in (3, 4)) == (car_type == "UdriverXL")]
    name, vehicle, plate = pool[number % len(pool)]
    return {"name": name, "vehicle": vehicle, "plate": plate}


def _history_trip(number: int, pickup_id: int, dest_id: int, car_type: str, day: str, time: str, status: str, method: dict) -> dict:
    car = fare(_BY_ID[pickup_id], _BY_ID[dest_id], car_type)
    return {
        "id": f"T-{7000 + number}",
        "status": status,
        "pickup": place(pickup_id),
        "destination": place(dest_id),
        "car": {"type": car_type, "finalPrice": car["finalPrice"], "priceWithoutDiscount": car["priceWithoutDiscount"]},
        "paymentMethod": dict(method),
        "date": day,
        "time": time,
        "driver": driver_for(number, car_type),
    }


def history() -> list[dict]:
    """Past rides (none on a task's route), oldest first."""
    return [
        _history_trip(1, HOME_ID, WORK_ID, "UdriverX", "6/24/2024", "8:45 AM", "completed", WALLET_METHOD),
        _history_trip(2, WORK_ID, 21, "UdriverX", "6/28/2024", "6:10 PM", "completed", CARD_METHOD),
        _history_trip(3, HOME_ID, 12, "UdriverXL", "7/2/2024", "5:30 AM", "cancelled", CARD_METHOD),
        _history_trip(4, 15, HOME_ID, "UdriverX", "7/9/2024", "9:20 PM", "completed", WALLET_METHOD),
        _history_trip(5, HOME_ID, 67, "UdriverX", "7/13/2024", "1:15 PM", "completed", CASH_METHOD),
    ]


def ledger() -> list[dict]:
    """Wallet transactions so far, oldest first (no top-up); they add up to the balance, $25.50."""
    trips = {t["id"]: t for t in history()}
    promo = {"id": "W-5001", "type": "credit", "description": "Welcome promo credit", "amount": 50.0, "date": "6/20/2024"}
    rows = [promo]
    for number, trip_id in ((2, "T-7001"), (3, "T-7004")):
        trip = trips[trip_id]
        rows.append(
            {
                "id": f"W-500{number}",
                "type": "debit",
                "description": f"Trip to {trip['destination']['name']}",
                "amount": -trip["car"]["finalPrice"],
                "date": trip["date"],
                "tripId": trip_id,
            }
        )
    rows.insert(2, {"id": "W-5004", "type": "credit", "description": "Fare adjustment refund", "amount": 4.83, "date": "7/1/2024"})
    return rows


WALLET_BALANCE = 25.5


def store() -> dict[str, Any]:
    """The client store as the site hydrates it (ride, user, config); see app.py for when it appears."""
    payment_methods = [
        {**WALLET_METHOD, "isDefault": True},
        {**CARD_METHOD, "brand": "Visa", "last4": "4242", "expiry": "08/27", "cardholder": RIDER["name"], "isDefault": False},
        {**CASH_METHOD, "isDefault": False},
    ]
    return {
        "ride": {
            "trips": history(),
            "bookedTrips": [],
            "selectedCarType": "UdriverX",
            "selectedPaymentMethod": dict(WALLET_METHOD),
        },
        "user": {
            **RIDER,
            "savedPlaces": [{"label": label, "placeId": pid} for label, pid in SAVED],
            "wallet": {
                "balance": WALLET_BALANCE,
                "currency": "USD",
                "transactions": ledger(),
                "paymentMethods": payment_methods,
            },
        },
        "config": {"udriver": {"cars": copy.deepcopy(CARS)}},
    }
