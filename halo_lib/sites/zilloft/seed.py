"""Zilloft's seed: about 370 homes for sale in 15 cities (two dozen or more each), 45 agents, and the search.

Everything is deterministic: each city's homes come from `random.Random(<city>)` over fixed street lists,
price bands and home-type mixes, plus a few fixed homes that REAL's tasks and scripts name or imply:

    "1 Wright St, San Francisco, CA 94110"   3 bd, $899,000 (eval_zilloft_23 names this address)
    Long Beach: 3 bd / 2 ba houses beside condos whose addresses carry "Apt"/"Unit" (zilloft-2)
    Los Angeles: a few homes under $350,000 with 2+ bd and 1+ ba among $600k-$3M homes (zilloft-3)
    Sacramento: 4+ bd / 2+ ba homes between $500k and $1.1M, and others on each side (zilloft-6)
    Boston: houses under $1M among pricier ones (zilloft-14); San Jose agents (zilloft-5)

Condos, apartments and townhomes carry their unit in the street line ("Apt 4", "Unit 12", "#3"); a house's
street line never holds "apt", "unit" or "condo". Regions the search box knows besides cities, states and
ZIP codes: "San Francisco Bay Area" / "Bay Area", "Southern California" / "SoCal", "Greater Boston".

    from halo_lib.sites.zilloft.seed import HOMES, home_by_id, search_homes, AGENTS, agents_in
    search_homes("Boston, MA", max_price=1_000_000, min_beds=3)
"""

from __future__ import annotations

import random
import re
from typing import Any

# city, state, zips, (low, high) price of a typical house, mix of types (house, townhouse, condo, manufactured),
# how many homes, streets
_CITIES: list[tuple[str, str, list[str], tuple[int, int], tuple[int, int, int, int], int, list[str]]] = [
    (
        "Los Angeles",
        "CA",
        ["90026", "90042", "90065", "90019", "90034", "90047", "90003"],
        (620_000, 2_400_000),
        (60, 10, 22, 8),
        30,
        [
            "Sunset Blvd",
            "Echo Park Ave",
            "York Blvd",
            "Figueroa St",
            "Crenshaw Blvd",
            "Glendale Blvd",
            "Pico Blvd",
            "Vermont Ave",
            "Hoover St",
            "Rampart Blvd",
            "Melrose Ave",
            "Griffith Park Blvd",
        ],
    ),
    (
        "Long Beach",
        "CA",
        ["90803", "90804", "90805", "90807", "90808", "90815"],
        (640_000, 1_600_000),
        (58, 10, 32, 0),
        28,
        [
            "E Broadway",
            "Atlantic Ave",
            "Bellflower Blvd",
            "Los Coyotes Diagonal",
            "E 4th St",
            "Ocean Blvd",
            "Termino Ave",
            "Carson St",
            "Studebaker Rd",
            "Clark Ave",
            "Ximeno Ave",
            "Palo Verde Ave",
        ],
    ),
    (
        "Huntington Beach",
        "CA",
        ["92646", "92647", "92648", "92649"],
        (850_000, 2_200_000),
        (70, 12, 18, 0),
        24,
        [
            "Main St",
            "Beach Blvd",
            "Goldenwest St",
            "Springdale St",
            "Edinger Ave",
            "Brookhurst St",
            "Magnolia St",
            "Garfield Ave",
            "Indianapolis Ave",
        ],
    ),
    (
        "San Diego",
        "CA",
        ["92104", "92116", "92117", "92122", "92107", "92111"],
        (700_000, 2_100_000),
        (60, 12, 24, 4),
        28,
        [
            "Adams Ave",
            "El Cajon Blvd",
            "Park Blvd",
            "Genesee Ave",
            "Clairemont Dr",
            "Voltaire St",
            "Balboa Ave",
            "Morena Blvd",
            "Texas St",
            "Mission Gorge Rd",
        ],
    ),
    (
        "Irvine",
        "CA",
        ["92602", "92604", "92606", "92612", "92618", "92620"],
        (900_000, 2_500_000),
        (55, 20, 25, 0),
        24,
        ["Culver Dr", "Jeffrey Rd", "Yale Loop", "Harvard Ave", "Alton Pkwy", "Michelson Dr", "Walnut Ave", "Barranca Pkwy"],
    ),
    (
        "San Francisco",
        "CA",
        ["94110", "94112", "94116", "94122", "94124", "94134", "94107"],
        (950_000, 3_200_000),
        (55, 8, 37, 0),
        30,
        [
            "Valencia St",
            "Mission St",
            "Noriega St",
            "Judah St",
            "Geneva Ave",
            "Bayshore Blvd",
            "Ocean Ave",
            "Taraval St",
            "Cortland Ave",
            "Folsom St",
            "Irving St",
            "Alemany Blvd",
        ],
    ),
    (
        "Oakland",
        "CA",
        ["94601", "94602", "94606", "94609", "94610", "94619"],
        (560_000, 1_700_000),
        (65, 10, 25, 0),
        26,
        [
            "Telegraph Ave",
            "MacArthur Blvd",
            "Park Blvd",
            "Fruitvale Ave",
            "Lakeshore Ave",
            "Broadway",
            "College Ave",
            "Foothill Blvd",
            "Redwood Rd",
            "High St",
        ],
    ),
    (
        "San Jose",
        "CA",
        ["95112", "95118", "95122", "95123", "95125", "95127", "95136"],
        (780_000, 2_300_000),
        (60, 15, 20, 5),
        28,
        [
            "Almaden Expy",
            "Blossom Hill Rd",
            "Story Rd",
            "Tully Rd",
            "Meridian Ave",
            "Santa Teresa Blvd",
            "Capitol Expy",
            "Hamilton Ave",
            "King Rd",
            "Lincoln Ave",
            "Branham Ln",
        ],
    ),
    (
        "Berkeley",
        "CA",
        ["94702", "94703", "94705", "94707", "94708"],
        (900_000, 2_400_000),
        (65, 5, 30, 0),
        22,
        ["Shattuck Ave", "Solano Ave", "Dwight Way", "Ashby Ave", "San Pablo Ave", "Hopkins St", "Cedar St", "Euclid Ave"],
    ),
    (
        "Sacramento",
        "CA",
        ["95816", "95818", "95819", "95821", "95822", "95823", "95831", "95864"],
        (330_000, 1_400_000),
        (70, 10, 12, 8),
        30,
        [
            "J St",
            "Folsom Blvd",
            "Freeport Blvd",
            "Florin Rd",
            "Riverside Blvd",
            "Fair Oaks Blvd",
            "Arden Way",
            "Land Park Dr",
            "H St",
            "Broadway",
            "Elder Creek Rd",
            "Greenhaven Dr",
        ],
    ),
    (
        "Fresno",
        "CA",
        ["93704", "93710", "93720", "93722", "93727"],
        (260_000, 720_000),
        (75, 5, 10, 10),
        22,
        ["Blackstone Ave", "Shaw Ave", "Herndon Ave", "Cedar Ave", "Shields Ave", "Palm Ave", "Fresno St", "Olive Ave"],
    ),
    (
        "Boston",
        "MA",
        ["02108", "02116", "02118", "02124", "02127", "02130", "02131", "02135"],
        (620_000, 3_400_000),
        (40, 20, 40, 0),
        30,
        [
            "Beacon St",
            "Commonwealth Ave",
            "Tremont St",
            "Dorchester Ave",
            "Centre St",
            "Washington St",
            "Columbus Ave",
            "Boylston St",
            "Blue Hill Ave",
            "W Broadway",
            "Adams St",
            "Cambridge St",
        ],
    ),
    (
        "Cambridge",
        "MA",
        ["02138", "02139", "02140", "02141"],
        (850_000, 3_000_000),
        (40, 15, 45, 0),
        22,
        [
            "Massachusetts Ave",
            "Brattle St",
            "Huron Ave",
            "Hampshire St",
            "Putnam Ave",
            "Concord Ave",
            "Cardinal Medeiros Ave",
            "Prospect St",
        ],
    ),
    (
        "Seattle",
        "WA",
        ["98103", "98105", "98115", "98117", "98118", "98122", "98126"],
        (620_000, 2_200_000),
        (60, 15, 25, 0),
        26,
        [
            "Aurora Ave N",
            "NE 65th St",
            "Greenwood Ave N",
            "Rainier Ave S",
            "California Ave SW",
            "NW Market St",
            "E Madison St",
            "Delridge Way SW",
            "Roosevelt Way NE",
        ],
    ),
    (
        "Austin",
        "TX",
        ["78702", "78704", "78723", "78745", "78748", "78757"],
        (330_000, 1_600_000),
        (70, 12, 15, 3),
        26,
        [
            "S Congress Ave",
            "E Cesar Chavez St",
            "Manor Rd",
            "Burnet Rd",
            "S Lamar Blvd",
            "William Cannon Dr",
            "Slaughter Ln",
            "Airport Blvd",
            "E 12th St",
        ],
    ),
]

STATE_NAMES = {"CA": "California", "MA": "Massachusetts", "WA": "Washington", "TX": "Texas"}
REGIONS: dict[str, set[str]] = {
    "san francisco bay area": {"San Francisco", "Oakland", "San Jose", "Berkeley"},
    "bay area": {"San Francisco", "Oakland", "San Jose", "Berkeley"},
    "sf bay area": {"San Francisco", "Oakland", "San Jose", "Berkeley"},
    "southern california": {"Los Angeles", "Long Beach", "Huntington Beach", "San Diego", "Irvine"},
    "socal": {"Los Angeles", "Long Beach", "Huntington Beach", "San Diego", "Irvine"},
    "greater boston": {"Boston", "Cambridge"},
    "greater los angeles": {"Los Angeles", "Long Beach"},
    "orange county": {"Huntington Beach", "Irvine"},
}
HOME_TYPES = [("house", "Houses"), ("townhouse", "Townhomes"), ("condo", "Condos/Co-ops"), ("manufactured", "Manufactured")]
TYPE_LABELS = {"house": "House", "townhouse": "Townhouse", "condo": "Condo", "manufactured": "Manufactured"}
BROKERAGES = [
    "Compass",
    "Redfin",
    "Coldwell Banker Realty",
    "Keller Williams Realty",
    "RE/MAX Gold",
    "Sotheby's International Realty",
    "eXp Realty",
    "Berkshire Hathaway HomeServices",
]
FIRST = [
    "Maria",
    "James",
    "Linda",
    "Robert",
    "Priya",
    "Daniel",
    "Sofia",
    "Kevin",
    "Hannah",
    "Carlos",
    "Emily",
    "Thomas",
    "Grace",
    "Anthony",
    "Olivia",
    "Marcus",
    "Aisha",
    "Brian",
    "Nina",
    "Victor",
    "Rachel",
    "Derek",
    "Mei",
    "Jorge",
    "Laura",
]
LAST = [
    "Nguyen",
    "Patel",
    "Garcia",
    "Chen",
    "Johnson",
    "Williams",
    "Okafor",
    "Rossi",
    "Kim",
    "Martinez",
    "Brooks",
    "Schneider",
    "Alvarez",
    "Thompson",
    "Singh",
    "Murphy",
    "Lopez",
    "Park",
    "Rivera",
    "Carter",
    "Hughes",
    "Wong",
    "Bennett",
    "Diaz",
    "Foster",
]
FEATURES = [
    "updated kitchen with quartz counters",
    "hardwood floors throughout",
    "a private backyard with mature trees",
    "a two-car garage",
    "central air and new windows",
    "an open floor plan",
    "a bright primary suite",
    "solar panels",
    "a finished basement",
    "a walk-in closet",
    "in-unit laundry",
    "a sunny deck",
    "a chef's kitchen",
    "a detached studio",
    "a fireplace in the living room",
]


def money(value: int | float) -> str:
    return f"${value:,.0f}"


def _agents() -> list[dict[str, Any]]:
    """Three agents per city (San Jose gets five: zilloft-5 asks to hire one there)."""
    rng = random.Random("zilloft-agents")
    agents: list[dict[str, Any]] = []
    names = [f"{f} {l}" for f, l in zip(FIRST * 3, LAST[3:] + LAST[:3] + LAST[7:] + LAST[:7] + LAST[11:] + LAST[:11])]
    for city, state, *_ in _CITIES:
        for _ in range(5 if city == "San Jose" else 3):
            index = len(agents)
            agents.append(
                {
                    "id": f"a{index + 1}",
                    "name": names[index],
                    "brokerage": BROKERAGES[index % len(BROKERAGES)],
                    "city": city,
                    "state": state,
                    "phone": f"({rng.randint(200, 989)}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}",
                    "rating": round(rng.uniform(4.3, 5.0), 1),
                    "reviews": rng.randint(6, 240),
                    "sales": rng.randint(4, 62),
                    "years": rng.randint(2, 28),
                    "specialties": rng.sample(
                        [
                            "Buyer's agent",
                            "Listing agent",
                            "Relocation",
                            "First-time buyers",
                            "Luxury homes",
                            "Investment property",
                            "Condos",
                        ],
                        2,
                    ),
                }
            )
    return agents


AGENTS: list[dict[str, Any]] = _agents()


def _round_price(value: float) -> int:
    step = 5_000 if value < 1_000_000 else 10_000
    return int(round(value / step) * step)


def _home(
    rng: random.Random,
    zpid: int,
    city: str,
    state: str,
    zips: list[str],
    band: tuple[int, int],
    kind: str,
    streets: list[str],
    agents: list[dict],
    **fixed: Any,
) -> dict[str, Any]:
    beds = (
        fixed.get("beds")
        or {
            "house": rng.choice([2, 3, 3, 3, 4, 4, 5]),
            "townhouse": rng.choice([2, 3, 3, 4]),
            "condo": rng.choice([1, 1, 2, 2, 3]),
            "manufactured": rng.choice([2, 2, 3]),
        }[kind]
    )
    baths = fixed.get("baths") or max(1, min(beds, rng.choice([1, 2, 2, 2.5, 3]) if kind != "condo" else rng.choice([1, 1, 2])))
    sqft = fixed.get("sqft") or int(
        {
            "house": rng.randint(380, 560),
            "townhouse": rng.randint(420, 520),
            "condo": rng.randint(520, 680),
            "manufactured": rng.randint(400, 480),
        }[kind]
        * beds
        + rng.randint(-60, 260)
    )
    low, high = band
    scale = {"house": 1.0, "townhouse": 0.8, "condo": 0.6, "manufactured": 0.35}[kind]
    price = fixed.get("price") or _round_price(rng.uniform(low, high) * scale * (0.75 + beds / 8))
    number = fixed.get("number") or rng.randint(100, 9899)
    street = fixed.get("street") or f"{number} {rng.choice(streets)}"
    if "street" not in fixed and kind == "condo":
        street += rng.choice([f" Apt {rng.randint(1, 40)}", f" Unit {rng.randint(101, 812)}", f" #{rng.randint(2, 30)}"])
    elif "street" not in fixed and kind == "townhouse" and rng.random() < 0.5:
        street += f" Unit {rng.choice('ABCD')}"
    elif "street" not in fixed and kind == "manufactured":
        street += f" Space {rng.randint(3, 140)}"
    zipcode = fixed.get("zip") or rng.choice(zips)
    agent = rng.choice(agents)
    year = fixed.get("year") or rng.randint(1912, 2021)
    features = rng.sample(FEATURES, 3)
    return {
        "zpid": str(zpid),
        "street": street,
        "city": city,
        "state": state,
        "zip": zipcode,
        "address": f"{street}, {city}, {state} {zipcode}",
        "price": price,
        "beds": beds,
        "baths": baths,
        "sqft": sqft,
        "type": kind,
        "year_built": year,
        "lot_sqft": 0 if kind in ("condo", "manufactured") else rng.randint(2_400, 9_800),
        "hoa": rng.randint(180, 720) if kind in ("condo", "townhouse") else 0,
        "days_on_market": fixed.get("days") or rng.randint(1, 90),
        "agent_id": agent["id"],
        "description": f"Welcome to {street}: a {beds}-bedroom {TYPE_LABELS[kind].lower()} in {city} with {features[0]}, {features[1]} and {features[2]}.",
    }


# Homes the tasks need beyond what chance gives (city, kind, fixed fields)
_FIXED: list[tuple[str, str, dict[str, Any]]] = [
    (
        "San Francisco",
        "house",
        {"street": "1 Wright St", "zip": "94110", "beds": 3, "baths": 2, "sqft": 1_480, "price": 899_000, "year": 1908},
    ),
    ("San Francisco", "house", {"street": "455 Brussels St", "zip": "94134", "beds": 3, "baths": 1, "sqft": 1_250, "price": 949_000}),
    ("Oakland", "house", {"street": "2815 Fruitvale Ave", "zip": "94601", "beds": 3, "baths": 2, "sqft": 1_540, "price": 789_000}),
    ("Oakland", "house", {"street": "6120 Fenham St", "zip": "94621", "beds": 4, "baths": 2, "sqft": 1_760, "price": 875_000}),
    ("San Jose", "house", {"street": "1342 Tully Rd", "zip": "95122", "beds": 3, "baths": 2, "sqft": 1_390, "price": 985_000}),
    ("Long Beach", "house", {"street": "3912 E Broadway", "zip": "90803", "beds": 3, "baths": 2, "sqft": 1_620, "price": 1_095_000}),
    (
        "Long Beach",
        "house",
        {"street": "5531 E Los Coyotes Diagonal", "zip": "90815", "beds": 3, "baths": 2, "sqft": 1_480, "price": 935_000},
    ),
    ("Long Beach", "house", {"street": "2240 Clark Ave", "zip": "90815", "beds": 3, "baths": 2, "sqft": 1_390, "price": 879_000}),
    (
        "Long Beach",
        "condo",
        {"street": "1000 E Ocean Blvd Apt 512", "zip": "90802", "beds": 3, "baths": 2, "sqft": 1_350, "price": 799_000},
    ),
    (
        "Long Beach",
        "condo",
        {"street": "425 Atlantic Ave Unit 304", "zip": "90802", "beds": 3, "baths": 2, "sqft": 1_280, "price": 689_000},
    ),
    ("Los Angeles", "condo", {"street": "1221 W 3rd St Apt 410", "zip": "90017", "beds": 2, "baths": 1, "sqft": 820, "price": 339_000}),
    (
        "Los Angeles",
        "manufactured",
        {"street": "9830 Tujunga Canyon Blvd Space 41", "zip": "91042", "beds": 2, "baths": 2, "sqft": 1_040, "price": 249_000},
    ),
    ("Los Angeles", "house", {"street": "10814 S Main St", "zip": "90061", "beds": 2, "baths": 1, "sqft": 960, "price": 345_000}),
    (
        "Los Angeles",
        "condo",
        {"street": "5500 Hollywood Blvd Unit 208", "zip": "90028", "beds": 1, "baths": 1, "sqft": 610, "price": 299_000},
    ),
    ("Sacramento", "house", {"street": "7421 Greenhaven Dr", "zip": "95831", "beds": 4, "baths": 2.5, "sqft": 2_310, "price": 689_000}),
    ("Sacramento", "house", {"street": "3348 Land Park Dr", "zip": "95818", "beds": 4, "baths": 3, "sqft": 2_640, "price": 1_045_000}),
    ("Sacramento", "house", {"street": "5617 Elder Creek Rd", "zip": "95824", "beds": 4, "baths": 2, "sqft": 1_880, "price": 459_000}),
    ("Sacramento", "house", {"street": "1907 Fair Oaks Blvd", "zip": "95864", "beds": 5, "baths": 4, "sqft": 3_720, "price": 1_450_000}),
    ("Sacramento", "house", {"street": "2715 Florin Rd", "zip": "95822", "beds": 2, "baths": 1, "sqft": 940, "price": 329_000}),
    ("Boston", "house", {"street": "42 Mount Vernon St", "zip": "02108", "beds": 4, "baths": 3.5, "sqft": 3_100, "price": 3_950_000}),
    ("Boston", "house", {"street": "18 Ashmont St", "zip": "02124", "beds": 3, "baths": 2, "sqft": 1_720, "price": 849_000}),
    ("Boston", "house", {"street": "77 Metropolitan Ave", "zip": "02131", "beds": 3, "baths": 1.5, "sqft": 1_460, "price": 735_000}),
    (
        "Boston",
        "condo",
        {"street": "300 Commonwealth Ave Unit 5", "zip": "02115", "beds": 2, "baths": 2, "sqft": 1_180, "price": 1_295_000},
    ),
    ("Seattle", "house", {"street": "2410 NW 59th St", "zip": "98107", "beds": 2, "baths": 1, "sqft": 860, "price": 689_000}),
    ("Fresno", "house", {"street": "4417 N Cedar Ave", "zip": "93726", "beds": 3, "baths": 2, "sqft": 1_420, "price": 389_000}),
    ("Fresno", "house", {"street": "1530 E Shields Ave", "zip": "93704", "beds": 2, "baths": 1, "sqft": 880, "price": 279_000}),
    ("Austin", "house", {"street": "1107 Cedar Ave", "zip": "78702", "beds": 3, "baths": 2, "sqft": 1_510, "price": 485_000}),
]


def _homes() -> list[dict[str, Any]]:
    homes: list[dict[str, Any]] = []
    zpid = 20_480_100
    for city, state, zips, band, mix, count, streets in _CITIES:
        rng = random.Random(f"zilloft-{city}")
        agents = [a for a in AGENTS if a["city"] == city]
        kinds = ["house", "townhouse", "condo", "manufactured"]
        for _ in range(count):
            zpid += 7
            kind = rng.choices(kinds, weights=mix)[0]
            homes.append(_home(rng, zpid, city, state, zips, band, kind, streets, agents))
        for fixed_city, kind, fields in _FIXED:
            if fixed_city == city:
                zpid += 7
                homes.append(_home(rng, zpid, city, state, zips, band, kind, streets, agents, **fields))
    # two homes must never share a street line
    seen: set[str] = set()
    unique = []
    for home in homes:
        if home["address"].lower() not in seen:
            seen.add(home["address"].lower())
            unique.append(home)
    return unique


HOMES: list[dict[str, Any]] = _homes()
_BY_ID = {h["zpid"]: h for h in HOMES}
_AGENTS_BY_ID = {a["id"]: a for a in AGENTS}
CITIES: list[tuple[str, str]] = [(c[0], c[1]) for c in _CITIES]


def home_by_id(zpid: str) -> dict[str, Any] | None:
    return _BY_ID.get(str(zpid))


def agent_by_id(agent_id: str) -> dict[str, Any] | None:
    return _AGENTS_BY_ID.get(agent_id)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9# ]", " ", text.lower())).strip()


def place_matches(query: str) -> tuple[Any, str]:
    """What a location query means: (a predicate over (city, state, zip, address), a display label)."""
    q = _norm(query)
    if not q:
        return (lambda city, state, zipcode, address: True), ""
    if q in REGIONS:
        cities = REGIONS[q]
        return (lambda city, state, zipcode, address: city in cities), query.strip()
    for abbr, name in STATE_NAMES.items():
        if q in (abbr.lower(), name.lower()):
            return (lambda city, state, zipcode, address, abbr=abbr: state == abbr), name
    for city, state in CITIES:
        full = {_norm(city), _norm(f"{city} {state}"), _norm(f"{city} {STATE_NAMES[state]}")}
        if q in full:
            return (lambda c, s, z, a, city=city, state=state: c == city and s == state), f"{city}, {state}"
    return (lambda city, state, zipcode, address: q == zipcode or q in _norm(address)), query.strip()


def search_homes(
    query: str = "",
    *,
    min_price: int | None = None,
    max_price: int | None = None,
    min_beds: int | None = None,
    min_baths: float | None = None,
    home_type: str = "",
    min_sqft: int | None = None,
    sort: str = "newest",
) -> list[dict]:
    """Homes for sale matching the query and filters, sorted (newest, price-asc, price-desc, sqft)."""
    match, _ = place_matches(query)
    found = [
        h
        for h in HOMES
        if match(h["city"], h["state"], h["zip"], h["address"])
        and (min_price is None or h["price"] >= min_price)
        and (max_price is None or h["price"] <= max_price)
        and (min_beds is None or h["beds"] >= min_beds)
        and (min_baths is None or h["baths"] >= min_baths)
        and (not home_type or h["type"] == home_type)
        and (min_sqft is None or h["sqft"] >= min_sqft)
    ]
    keys = {
        "price-asc": lambda h: (h["price"], h["zpid"]),
        "price-desc": lambda h: (-h["price"], h["zpid"]),
        "sqft": lambda h: (-h["sqft"], h["zpid"]),
        "newest": lambda h: (h["days_on_market"], h["zpid"]),
    }
    return sorted(found, key=keys.get(sort, keys["newest"]))


def agents_in(query: str) -> list[dict]:
    """Agents serving the place in `query` (a city, "City, ST", a region or a state), best rated first."""
    q = _norm(query)
    if not q:
        found = list(AGENTS)
    else:
        match, _ = place_matches(query)
        found = [a for a in AGENTS if match(a["city"], a["state"], "", f"{a['city']}, {a['state']}") or q in _norm(a["name"])]
    return sorted(found, key=lambda a: (-a["rating"], -a["reviews"], a["id"]))
