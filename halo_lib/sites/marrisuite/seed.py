"""Marrisuite's seed: 58 hotels in 12 destinations (Goleta, California among them: five hotels), their room
types, and deterministic nightly rates and availability.

A hotel's rate for a night is its room's base rate times a weekend factor (Friday and Saturday nights cost
more) and a small per-date wobble; a room type is sold out on some nights (a fixed hash of hotel, room and
date), and a few hotels are sold out on whole nights. Everything is a pure function of its inputs.

    from halo_lib.sites.marrisuite.seed import HOTELS, hotel_by_id, search_hotels, nightly_rates
    search_hotels("Goleta, California")      # -> the five Goleta hotels
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from typing import Any

# (city, state, state name, [(hotel name, brand, street, base rate, stars, distance note)])
_DESTINATIONS: list[tuple[str, str, str, list[tuple[str, str, str, int, float, str]]]] = [
    (
        "Goleta",
        "CA",
        "California",
        [
            ("Courtyard Santa Barbara Goleta", "Courtyard", "401 Storke Rd", 209, 4.3, "1.2 miles from Santa Barbara Airport"),
            ("Residence Inn Santa Barbara Goleta", "Residence Inn", "6350 Hollister Ave", 239, 4.5, "0.8 miles from Santa Barbara Airport"),
            (
                "The Ritz-Carlton Bacara, Santa Barbara",
                "The Ritz-Carlton",
                "8301 Hollister Ave",
                689,
                4.7,
                "on Haskell's Beach, 5 miles from UC Santa Barbara",
            ),
            ("SpringHill Suites Goleta Old Town", "SpringHill Suites", "5949 Calle Real", 189, 4.2, "in Old Town Goleta"),
            ("Fairfield Inn & Suites Goleta", "Fairfield Inn & Suites", "6021 Hollister Ave", 169, 4.1, "2 miles from UC Santa Barbara"),
        ],
    ),
    (
        "Santa Barbara",
        "CA",
        "California",
        [
            ("Santa Barbara Marriott Beachfront", "Marriott", "1111 E Cabrillo Blvd", 419, 4.5, "across from East Beach"),
            ("AC Hotel Santa Barbara Downtown", "AC Hotels", "400 State St", 329, 4.4, "in the Funk Zone"),
            (
                "Canary Santa Barbara, Autograph Collection",
                "Autograph Collection",
                "31 W Carrillo St",
                379,
                4.6,
                "a block from State Street",
            ),
            ("Courtyard Santa Barbara Downtown", "Courtyard", "1601 State St", 259, 4.2, "near the Santa Barbara Mission"),
            ("Residence Inn Santa Barbara Montecito", "Residence Inn", "1280 Coast Village Rd", 349, 4.4, "in Montecito"),
        ],
    ),
    (
        "Los Angeles",
        "CA",
        "California",
        [
            ("JW Marriott Los Angeles L.A. LIVE", "JW Marriott", "900 W Olympic Blvd", 399, 4.5, "at L.A. LIVE"),
            ("Courtyard Los Angeles Hollywood", "Courtyard", "6121 Sunset Blvd", 249, 4.2, "in Hollywood"),
            ("Moxy Downtown Los Angeles", "Moxy", "1260 S Figueroa St", 219, 4.3, "across from Crypto.com Arena"),
            ("Residence Inn Los Angeles LAX/Century Boulevard", "Residence Inn", "5933 W Century Blvd", 229, 4.1, "near LAX"),
            ("The Westin Bonaventure Hotel & Suites", "Westin", "404 S Figueroa St", 289, 4.3, "in Downtown Los Angeles"),
        ],
    ),
    (
        "San Francisco",
        "CA",
        "California",
        [
            ("San Francisco Marriott Marquis", "Marriott", "780 Mission St", 329, 4.4, "in SoMa near Union Square"),
            ("The Ritz-Carlton, San Francisco", "The Ritz-Carlton", "600 Stockton St", 699, 4.7, "on Nob Hill"),
            ("Courtyard San Francisco Fisherman's Wharf", "Courtyard", "580 Beach St", 269, 4.2, "at Fisherman's Wharf"),
            ("W San Francisco", "W Hotels", "181 3rd St", 389, 4.3, "next to SFMOMA"),
            ("Four Points by Sheraton San Francisco Bay Bridge", "Four Points", "1603 Powell St", 199, 4.0, "in Emeryville"),
        ],
    ),
    (
        "San Diego",
        "CA",
        "California",
        [
            ("Marriott Marquis San Diego Marina", "Marriott", "333 W Harbor Dr", 359, 4.5, "on the Marina"),
            ("Courtyard San Diego Downtown", "Courtyard", "530 Broadway", 239, 4.2, "in the Gaslamp Quarter"),
            ("Residence Inn San Diego Downtown/Bayfront", "Residence Inn", "900 Bayfront Ct", 269, 4.4, "near the Convention Center"),
            ("AC Hotel San Diego Downtown Gaslamp Quarter", "AC Hotels", "743 5th Ave", 279, 4.3, "in the Gaslamp Quarter"),
            ("Fairfield Inn & Suites San Diego Old Town", "Fairfield Inn & Suites", "3900 Old Town Ave", 179, 4.1, "in Old Town"),
        ],
    ),
    (
        "New York",
        "NY",
        "New York",
        [
            ("New York Marriott Marquis", "Marriott", "1535 Broadway", 389, 4.4, "in Times Square"),
            ("The Ritz-Carlton New York, Central Park", "The Ritz-Carlton", "50 Central Park S", 995, 4.7, "on Central Park South"),
            ("Moxy NYC Times Square", "Moxy", "485 7th Ave", 249, 4.2, "near Times Square"),
            ("Courtyard New York Manhattan/Midtown East", "Courtyard", "866 3rd Ave", 299, 4.1, "in Midtown East"),
            ("AC Hotel New York Downtown", "AC Hotels", "151 Maiden Ln", 279, 4.3, "in the Financial District"),
            ("Residence Inn New York Manhattan/Times Square", "Residence Inn", "1033 6th Ave", 329, 4.3, "near Bryant Park"),
        ],
    ),
    (
        "Chicago",
        "IL",
        "Illinois",
        [
            ("Chicago Marriott Downtown Magnificent Mile", "Marriott", "540 N Michigan Ave", 279, 4.3, "on the Magnificent Mile"),
            ("JW Marriott Chicago", "JW Marriott", "151 W Adams St", 329, 4.5, "in the Loop"),
            ("Moxy Chicago Downtown", "Moxy", "530 N LaSalle Dr", 189, 4.2, "in River North"),
            ("Courtyard Chicago Downtown/River North", "Courtyard", "30 E Hubbard St", 219, 4.1, "in River North"),
            ("Residence Inn Chicago Downtown/Loop", "Residence Inn", "11 S LaSalle St", 239, 4.3, "in the Loop"),
        ],
    ),
    (
        "Boston",
        "MA",
        "Massachusetts",
        [
            ("Boston Marriott Copley Place", "Marriott", "110 Huntington Ave", 339, 4.4, "in Back Bay"),
            ("The Westin Boston Seaport District", "Westin", "425 Summer St", 309, 4.3, "in the Seaport"),
            ("Courtyard Boston Downtown", "Courtyard", "275 Tremont St", 269, 4.2, "in the Theatre District"),
            ("Moxy Boston Downtown", "Moxy", "240 Tremont St", 229, 4.3, "near Boston Common"),
        ],
    ),
    (
        "Seattle",
        "WA",
        "Washington",
        [
            ("Seattle Marriott Waterfront", "Marriott", "2100 Alaskan Way", 349, 4.5, "on the waterfront"),
            ("Courtyard Seattle Downtown/Pioneer Square", "Courtyard", "612 2nd Ave", 239, 4.2, "in Pioneer Square"),
            ("Residence Inn Seattle Downtown/Lake Union", "Residence Inn", "800 Fairview Ave N", 259, 4.4, "on Lake Union"),
            ("Moxy Seattle Downtown", "Moxy", "1016 Republican St", 199, 4.1, "in South Lake Union"),
        ],
    ),
    (
        "Austin",
        "TX",
        "Texas",
        [
            ("JW Marriott Austin", "JW Marriott", "110 E 2nd St", 329, 4.5, "on Congress Avenue"),
            ("Courtyard Austin Downtown/Convention Center", "Courtyard", "300 E 4th St", 229, 4.2, "near the Convention Center"),
            ("Aloft Austin Downtown", "Aloft", "109 E 7th St", 209, 4.1, "on 7th Street"),
            ("Residence Inn Austin Downtown/Convention Center", "Residence Inn", "300 E 4th St Tower 2", 239, 4.3, "near Rainey Street"),
        ],
    ),
    (
        "Miami",
        "FL",
        "Florida",
        [
            ("JW Marriott Marquis Miami", "JW Marriott", "255 Biscayne Blvd Way", 299, 4.5, "on Biscayne Bay"),
            ("Courtyard Miami Downtown/Brickell Area", "Courtyard", "200 SE 2nd Ave", 199, 4.1, "near Brickell"),
            ("The Ritz-Carlton South Beach", "The Ritz-Carlton", "1 Lincoln Rd", 749, 4.6, "on South Beach"),
            ("AC Hotel Miami Wynwood", "AC Hotels", "3400 NW 2nd Ave", 229, 4.3, "in Wynwood"),
            ("Moxy Miami South Beach", "Moxy", "915 Washington Ave", 249, 4.2, "in South Beach"),
        ],
    ),
    (
        "Orlando",
        "FL",
        "Florida",
        [
            ("Orlando World Center Marriott", "Marriott", "8701 World Center Dr", 279, 4.4, "near Walt Disney World"),
            ("Courtyard Orlando Lake Buena Vista", "Courtyard", "8501 Palm Pkwy", 159, 4.1, "in Lake Buena Vista"),
            ("Residence Inn Orlando at SeaWorld", "Residence Inn", "11000 Westwood Blvd", 189, 4.3, "near SeaWorld"),
            ("SpringHill Suites Orlando Theme Parks", "SpringHill Suites", "8601 Vineland Ave", 169, 4.2, "near the theme parks"),
        ],
    ),
]
ROOM_TYPES = [
    ("king", "Guest room, 1 King", 1.0, 3),
    ("queen", "Guest room, 2 Queen", 1.08, 4),
    ("suite", "Suite, 1 King, Sofa bed", 1.55, 4),
]
AMENITIES = [
    "Free Wi-Fi",
    "Fitness center",
    "Outdoor pool",
    "Restaurant on site",
    "Free parking",
    "Pet friendly",
    "Airport shuttle",
    "Breakfast included",
    "EV charging",
    "Business center",
    "Spa",
    "Beach access",
]


def _hash(*parts: Any) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def _hotels() -> list[dict[str, Any]]:
    hotels = []
    for city, state, state_name, rows in _DESTINATIONS:
        for name, brand, street, rate, stars, note in rows:
            hid = f"{re.sub(r'[^a-z]', '', city.lower())[:6]}{len(hotels) + 101}"
            zipcode = {"Goleta": "93117", "Santa Barbara": "93101"}.get(city, f"{_hash(city) % 90000 + 10000}")
            picked = sorted({AMENITIES[_hash(name, i) % len(AMENITIES)] for i in range(5)})
            hotels.append(
                {
                    "id": hid,
                    "name": name,
                    "brand": brand,
                    "city": city,
                    "state": state,
                    "stateName": state_name,
                    "address": f"{street}, {city}, {state} {zipcode}",
                    "baseRate": rate,
                    "rating": stars,
                    "reviews": 200 + _hash(name, "reviews") % 2400,
                    "note": note,
                    "amenities": picked,
                }
            )
    return hotels


HOTELS: list[dict[str, Any]] = _hotels()
_BY_ID = {h["id"]: h for h in HOTELS}
DESTINATIONS: list[tuple[str, str]] = [(d[0], d[2]) for d in _DESTINATIONS]


def hotel_by_id(hotel_id: str) -> dict[str, Any] | None:
    return _BY_ID.get(hotel_id)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 ]", " ", text.lower())).strip()


def search_hotels(destination: str) -> list[dict[str, Any]]:
    """Hotels whose city ("Goleta", "Goleta, California", "Goleta, CA"), state or name matches."""
    q = _norm(destination)
    if not q:
        return []
    found = []
    for h in HOTELS:
        places = {
            _norm(h["city"]),
            _norm(f"{h['city']} {h['state']}"),
            _norm(f"{h['city']} {h['stateName']}"),
            _norm(f"{h['city']} {h['stateName']} usa"),
            _norm(f"{h['city']} {h['state']} usa"),
        }
        if q in places or q in (_norm(h["stateName"]), _norm(h["state"])) or (len(q) > 3 and q in _norm(h["name"])):
            found.append(h)
    return found


def nights(check_in: date, check_out: date) -> list[date]:
    return [check_in + timedelta(days=i) for i in range((check_out - check_in).days)]


def nightly_rate(hotel: dict, room: str, night: date) -> tuple[int, bool]:
    """(rate in dollars, available) for one room type on one night."""
    factor = dict((k, f) for k, _, f, _ in ROOM_TYPES)[room]
    weekend = 1.25 if night.weekday() in (4, 5) else 1.0
    wobble = 0.9 + (_hash(hotel["id"], night.isoformat()) % 21) / 100
    rate = int(round(hotel["baseRate"] * factor * weekend * wobble))
    sold_out = _hash(hotel["id"], room, night.isoformat()) % 9 == 0 or _hash(hotel["id"], night.isoformat(), "full") % 23 == 0
    return rate, not sold_out


def stay_quote(hotel: dict, room: str, check_in: date, check_out: date) -> dict[str, Any]:
    """Per-night rates, whether every night is available, and the average per night."""
    rows = [(night, *nightly_rate(hotel, room, night)) for night in nights(check_in, check_out)]
    total = sum(rate for _, rate, _ in rows)
    return {"nights": rows, "available": all(ok for _, _, ok in rows), "total": total, "average": round(total / len(rows)) if rows else 0}
