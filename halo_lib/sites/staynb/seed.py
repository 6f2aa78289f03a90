"""Staynb's seed: destinations (the suggestions the search box offers) and the listings of each, deterministic.

Every place a v2 staynb task names has dozens of listings ("Vienna, Austria", "Delhi, India", "Miami, USA",
"Rome, Italy", "San Jose, Costa Rica", "Provence, France", "Vancouver, Canada", "San Francisco, USA",
"Paris, France", "Cape Town, South Africa", and "Nearby": the guest is in Los Angeles), with rooms, beds,
baths, capacity and amenities spread so each task's constraints leave a real choice: some listings meet them,
many miss one. Look-alike places (San Jose, USA; Vancouver, USA; Miami Beach, USA; Salzburg and Innsbruck
in Austria; Nice, France) are suggestions too.

    from halo_lib.sites.staynb.seed import LISTINGS, listing_by_id, search_listings, suggest
"""

from __future__ import annotations

import random
from datetime import date

TODAY = date(2024, 7, 18)  # the day REAL's staynb scripts assume ("tonight", "the night of July 18")
HOME_CITY = "Los Angeles, USA"  # where "Nearby" searches around
NEARBY = "Nearby"

AMENITIES = [
    "Wifi",
    "Kitchen",
    "Washer",
    "Dryer",
    "Air conditioning",
    "Heating",
    "Dedicated workspace",
    "TV",
    "Free parking",
    "Paid parking",
    "Pool",
    "Hot tub",
    "EV charger",
    "Gym",
    "BBQ grill",
    "Indoor fireplace",
]
TYPES = [
    "Entire rental unit",
    "Entire home",
    "Entire condo",
    "Private room",
    "Entire loft",
    "Entire villa",
    "Entire townhouse",
    "Entire guesthouse",
    "Entire cottage",
    "Room in boutique hotel",
]
ADJECTIVES = [
    "Bright",
    "Cozy",
    "Sunny",
    "Modern",
    "Charming",
    "Stylish",
    "Quiet",
    "Spacious",
    "Elegant",
    "Airy",
    "Rustic",
    "Serene",
    "Chic",
    "Classic",
    "Lovely",
    "Peaceful",
    "Artsy",
    "Luxury",
    "Warm",
    "Hidden",
]
KINDS = {
    1: ["studio", "flat", "loft", "nook", "room"],
    2: ["apartment", "flat", "condo", "cottage"],
    3: ["family home", "townhouse", "house", "villa"],
    4: ["villa", "family home", "house"],
}
HOSTS = [
    "Anna",
    "Lukas",
    "Priya",
    "Marco",
    "Sofia",
    "Daniel",
    "Aisha",
    "Mateo",
    "Chloe",
    "Thabo",
    "Mei",
    "Omar",
    "Isabel",
    "Noah",
    "Leila",
    "Hugo",
    "Grace",
    "Ravi",
    "Elena",
    "Jonas",
]

# (destination as suggested, country, listing count, neighbourhoods, base nightly price, amenity bias)
PLACES = [
    ("Vienna, Austria", "Austria", 24, ["Innere Stadt", "Leopoldstadt", "Neubau", "Josefstadt", "Wieden", "Mariahilf"], 110, {}),
    ("Salzburg, Austria", "Austria", 10, ["Altstadt", "Nonntal", "Mülln"], 120, {}),
    ("Innsbruck, Austria", "Austria", 8, ["Altstadt", "Wilten", "Hötting"], 105, {"Indoor fireplace": 0.4}),
    (
        "Delhi, India",
        "India",
        24,
        ["Hauz Khas", "Connaught Place", "Saket", "Greater Kailash", "Defence Colony"],
        45,
        {"Air conditioning": 0.8},
    ),
    ("Mumbai, India", "India", 8, ["Bandra", "Colaba", "Juhu"], 60, {"Air conditioning": 0.8}),
    (
        "Miami, USA",
        "USA",
        24,
        ["Brickell", "Wynwood", "Little Havana", "Coconut Grove", "Downtown"],
        180,
        {"Pool": 0.45, "Air conditioning": 0.95},
    ),
    ("Miami Beach, USA", "USA", 8, ["South Beach", "North Beach", "Mid-Beach"], 230, {"Pool": 0.5, "Air conditioning": 0.95}),
    ("Rome, Italy", "Italy", 24, ["Trastevere", "Monti", "Prati", "Testaccio", "Centro Storico"], 130, {}),
    ("Florence, Italy", "Italy", 8, ["Oltrarno", "Santa Croce", "San Niccolò"], 140, {}),
    ("San Jose, Costa Rica", "Costa Rica", 24, ["Escazú", "Barrio Amón", "Santa Ana", "Rohrmoser", "Los Yoses"], 65, {"Pool": 0.3}),
    ("San Jose, USA", "USA", 8, ["Willow Glen", "Downtown", "Rose Garden"], 170, {"Free parking": 0.7}),
    ("Provence, France", "France", 24, ["Aix-en-Provence", "Gordes", "Avignon", "Arles", "Lourmarin", "Saint-Rémy"], 160, {"Pool": 0.45}),
    (
        "Paris, France",
        "France",
        24,
        ["Le Marais", "Montmartre", "Saint-Germain", "Bastille", "Canal Saint-Martin", "Batignolles"],
        170,
        {"Air conditioning": 0.4},
    ),
    ("Nice, France", "France", 8, ["Vieux Nice", "Cimiez", "Port"], 150, {}),
    ("Vancouver, Canada", "Canada", 24, ["Kitsilano", "Yaletown", "Gastown", "Mount Pleasant", "West End", "Coal Harbour"], 175, {}),
    ("Vancouver, USA", "USA", 8, ["Uptown Village", "Esther Short", "Hudson's Bay"], 120, {"Free parking": 0.7}),
    ("San Francisco, USA", "USA", 24, ["Mission District", "Nob Hill", "SoMa", "Haight-Ashbury", "Noe Valley", "North Beach"], 210, {}),
    (
        "Cape Town, South Africa",
        "South Africa",
        24,
        ["Sea Point", "Camps Bay", "Gardens", "Green Point", "Woodstock", "Bo-Kaap"],
        95,
        {"Pool": 0.35},
    ),
    (
        "Los Angeles, USA",
        "USA",
        24,
        ["Silver Lake", "Venice", "Echo Park", "Los Feliz", "Santa Monica", "West Hollywood"],
        190,
        {"Pool": 0.5, "Air conditioning": 0.7, "Free parking": 0.7},
    ),
]
# Regions a guest can type that the suggestions offer on their own (a whole country).
REGIONS = ["Austria", "India", "Italy", "France", "Canada", "Costa Rica", "South Africa", "USA"]
DESTINATIONS = [p[0] for p in PLACES]

BASE_RATES = {
    "Wifi": 0.75,
    "Kitchen": 0.7,
    "Washer": 0.55,
    "Dryer": 0.4,
    "Air conditioning": 0.5,
    "Heating": 0.7,
    "Dedicated workspace": 0.35,
    "TV": 0.6,
    "Free parking": 0.4,
    "Paid parking": 0.2,
    "Pool": 0.12,
    "Hot tub": 0.12,
    "EV charger": 0.08,
    "Gym": 0.1,
    "BBQ grill": 0.15,
    "Indoor fireplace": 0.1,
}

# Listings a task's goal leads to, pinned so every task has at least a few fits whatever the random draw.
PINNED = {
    # city: [(bedrooms, beds, baths, guests, amenities that must be present)]
    "Los Angeles, USA": [
        (1, 1, 1, 2, {"Pool", "Wifi", "Free parking", "Air conditioning"}),
        (2, 3, 2, 5, {"Pool", "Wifi", "Free parking", "Air conditioning"}),
        (3, 4, 2, 6, {"Pool", "Wifi", "Free parking", "Air conditioning"}),
    ],
    "Cape Town, South Africa": [(2, 2, 1, 4, {"Wifi"}), (3, 4, 2, 6, {"Wifi"}), (2, 3, 2, 5, {"Wifi", "Pool"})],
    "Rome, Italy": [(2, 2, 1, 4, {"Wifi"}), (3, 4, 2, 6, {"Wifi"}), (2, 3, 1, 5, {"Wifi"})],
    "Paris, France": [
        (2, 2, 1, 4, {"Wifi", "Free parking", "Air conditioning"}),
        (1, 2, 1, 3, {"Wifi", "Free parking", "Air conditioning"}),
    ],
    "Vancouver, Canada": [(3, 3, 2, 6, set()), (2, 3, 2, 5, {"Wifi"})],
    "Provence, France": [(2, 3, 2, 5, {"Wifi"}), (1, 2, 1, 3, {"Wifi"})],
    "San Francisco, USA": [(1, 1, 1, 2, {"Wifi"})],
}


def _listing(rng: random.Random, ident: int, place: tuple, index: int, pinned: tuple | None) -> dict:
    destination, country, _, hoods, base, bias = place
    city = destination.split(",")[0]
    if pinned:
        bedrooms, beds, baths, guests, must = pinned
    else:
        bedrooms = rng.choices([1, 2, 3, 4], weights=[40, 32, 20, 8])[0]
        beds = bedrooms + rng.choice([0, 0, 1, 1, 2])
        baths = max(1, min(bedrooms, rng.choice([1, 1, 2, 2, 3])))
        guests = min(16, beds * 2 - rng.choice([0, 0, 1]))
        must = set()
    amenities = [a for a in AMENITIES if a in must or rng.random() < bias.get(a, BASE_RATES[a])]
    if "Free parking" in amenities and "Paid parking" in amenities:
        amenities.remove("Paid parking")
    kind = rng.choice(KINDS[min(bedrooms, 4)])
    hood = hoods[index % len(hoods)]
    adjective = ADJECTIVES[(index * 7 + ident) % len(ADJECTIVES)]
    kind_type = "Private room" if bedrooms == 1 and kind == "room" else rng.choice([t for t in TYPES if t != "Private room"])
    price = int(base * (0.6 + 0.25 * bedrooms) * rng.uniform(0.8, 1.3))
    return {
        "id": str(ident),
        "title": f"{adjective} {kind} in {hood}",
        "type": f"{kind_type} in {city}",
        "location": destination,
        "neighborhood": hood,
        "country": country,
        "price": price,
        "rating": round(rng.uniform(4.3, 5.0), 2),
        "reviews": rng.randint(3, 420),
        "bedrooms": bedrooms,
        "beds": beds,
        "bathrooms": baths,
        "maxGuests": guests,
        "amenities": amenities,
        "host": rng.choice(HOSTS),
        "superhost": rng.random() < 0.35,
        "description": (
            f"A {adjective.lower()} {kind} in {hood}, {city}: {bedrooms} bedroom{'s' if bedrooms > 1 else ''}, "
            f"{beds} bed{'s' if beds > 1 else ''} and room for {guests} guest{'s' if guests > 1 else ''}."
        ),
    }


def _build() -> list[dict]:
    listings: list[dict] = []
    ident = 101
    for place_index, place in enumerate(PLACES):
        rng = random.Random(7919 * (place_index + 1))
        pins = PINNED.get(place[0], [])
        for index in range(place[2]):
            pinned = pins[index // 5] if index % 5 == 2 and index // 5 < len(pins) else None
            listings.append(_listing(rng, ident, place, index, pinned))
            ident += 1
    titles: dict[str, int] = {}
    for item in listings:  # titles unique within a destination
        key = item["location"] + item["title"]
        titles[key] = titles.get(key, 0) + 1
        if titles[key] > 1:
            item["title"] += f" {titles[key]}"
    return listings


LISTINGS: list[dict] = _build()
_BY_ID = {item["id"]: item for item in LISTINGS}


def listing_by_id(ident: str) -> dict | None:
    return _BY_ID.get(str(ident))


def _norm(text: str) -> str:
    return " ".join(text.lower().replace(",", " ").split())


def suggest(text: str, limit: int = 8) -> list[str]:
    """Destinations and regions whose name holds the typed text (word starts first); "Nearby" leads when empty."""
    query = _norm(text)
    names = [NEARBY] + DESTINATIONS + REGIONS
    if not query:
        return [NEARBY] + DESTINATIONS[: limit - 1]
    whole = [n for n in names if _norm(n).startswith(query)]
    words = [n for n in names if n not in whole and any(w.startswith(query) for w in _norm(n).split())]
    inside = [n for n in names if query in _norm(n) and n not in whole and n not in words]
    return (whole + words + inside)[:limit]


def in_destination(destination: str) -> list[dict]:
    """The listings a destination covers: a suggested place, a region (country), "Nearby", or free text."""
    query = _norm(destination)
    if not query:
        return list(LISTINGS)
    if query == _norm(NEARBY) or query.startswith("near"):
        return [item for item in LISTINGS if item["location"] == HOME_CITY]
    exact = [item for item in LISTINGS if _norm(item["location"]) == query]
    if exact:
        return exact
    region = [item for item in LISTINGS if _norm(item["country"]) == query]
    if region:
        return region
    return [item for item in LISTINGS if query in _norm(item["location"] + " " + item["neighborhood"])]


def search_listings(destination: str, guests: int = 0, filters: dict | None = None) -> list[dict]:
    """Listings in `destination` that hold `guests` (adults + children) and meet `filters` (minimums, amenities)."""
    filters = filters or {}
    found = []
    for item in in_destination(destination):
        if guests and item["maxGuests"] < guests:
            continue
        if any(item[key] < int(filters.get(key) or 0) for key in ("bedrooms", "beds", "bathrooms")):
            continue
        if not set(filters.get("amenities") or []) <= set(item["amenities"]):
            continue
        found.append(item)
    return found
