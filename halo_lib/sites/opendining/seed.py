"""OpenDining's fixed catalog: San Francisco restaurants with cuisine, neighborhood, rating, seating hours,
fully booked times, menu and reviews. Deterministic: no randomness, no clock.

"Today" on the site is fixed at Thursday 2024-07-18 (opendining-6 says "today, July 18th").

What the v2 scripts need from the catalog:
- River View Café with id `cd4f81d3-3c75-4c67-b47b-e7f013f6ae9d` (opendining-12 matches the id: its
  ASCII folding turns "Café" into "caf", so the name alone never matches), open at 3:00 PM;
- Italian restaurants open at 12:30 PM and 3:00 PM (opendining-1, -24) and one that is not (dinner only);
- American restaurants with 7:00-8:00 PM seating (opendining-2), restaurants in Haight-Ashbury seating
  8-10 PM (opendining-17), breakfast places from 7 AM rated above and below 3 stars (opendining-9);
- Evening Delight, whose 5:00 PM is always fully booked (opendining-20: "if it is not available, notify me");
- Embarcadero restaurants whose name/description carries a waterfront word, and no such word (pier, bay,
  river, shore, ferry, ...) in any other restaurant's name, description or image URL (opendining-7 reads
  only those three fields); "italian" appears only in Italian restaurants' texts (opendining-1's fallback);
- ratings on both sides of 3, 3.5 and 4 stars (opendining-4, -5, -7, -9).
"""

from __future__ import annotations

from datetime import date

TODAY = date(2024, 7, 18)
RIVER_VIEW_ID = "cd4f81d3-3c75-4c67-b47b-e7f013f6ae9d"

AREAS = [
    "Embarcadero",
    "North Beach",
    "Mission District",
    "Haight-Ashbury",
    "SoMa",
    "Hayes Valley",
    "Nob Hill",
    "Union Square",
    "Chinatown",
    "Castro",
]
OCCASIONS = ["Birthday", "Anniversary", "Date night", "Business meal", "Celebration"]
MAX_PARTY = 20


def minutes(text: str) -> int:
    """'7:30 PM' -> 1170."""
    clock, meridiem = text.strip().upper().split()
    hour, minute = (int(x) for x in clock.split(":"))
    return (hour % 12 + (12 if meridiem == "PM" else 0)) * 60 + minute


def clock(total: int) -> str:
    """1170 -> '7:30 PM'."""
    hour, minute = divmod(total % (24 * 60), 60)
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {'PM' if hour >= 12 else 'AM'}"


def _r(id, name, food_type, area, rating, reviews, price, seating, description, address, booked=(), tags=(), menu=(), dishes=()):
    first, last = seating
    return {
        "id": id,
        "name": name,
        "food_type": food_type,
        "area": area,
        "rating": rating,
        "reviews": reviews,
        "price": price,
        "first_seating": first,
        "last_seating": last,
        "description": description,
        "address": address,
        "booked": list(booked),
        "tags": list(tags),
        "menu": list(menu or dishes),
    }


RESTAURANTS: list[dict] = [
    _r(
        RIVER_VIEW_ID,
        "River View Café",
        "American",
        "Embarcadero",
        4.4,
        1288,
        "$$",
        ("8:00 AM", "9:30 PM"),
        "A relaxed waterfront café beside the Ferry Building with big windows over the bay. Brunch all day, "
        "Dungeness crab sandwiches and a sunny patio for long afternoons.",
        "1 Ferry Building, San Francisco, CA 94111",
        booked=["12:00 PM", "12:30 PM"],
        tags=["breakfast", "brunch", "lunch", "dinner", "cafe"],
        menu=[
            ("Crab Benedict", 24.0),
            ("Avocado Toast", 14.5),
            ("Clam Chowder Bread Bowl", 16.0),
            ("Dungeness Crab Sandwich", 26.0),
            ("Seasonal Fruit Tart", 9.0),
        ],
    ),
    _r(
        "5b2e1f7a-8c3d-4e9a-a1b2-7f6e5d4c3b2a",
        "Ocean Breeze",
        "Seafood",
        "Embarcadero",
        4.6,
        2104,
        "$$$",
        ("11:30 AM", "9:30 PM"),
        "Oysters, whole grilled fish and cioppino on the Embarcadero waterfront, with a deck looking out at the Bay Bridge.",
        "Pier 3, The Embarcadero, San Francisco, CA 94111",
        booked=["7:00 PM"],
        tags=["lunch", "dinner", "oysters"],
        menu=[
            ("Half Dozen Oysters", 21.0),
            ("Cioppino", 38.0),
            ("Grilled Petrale Sole", 34.0),
            ("Crab Louie Salad", 29.0),
            ("Key Lime Pie", 11.0),
        ],
    ),
    _r(
        "a7c4e2d9-1b3f-4a6e-9d8c-2e4f6a8b0c1d",
        "Crowded Corner",
        "Pub",
        "Embarcadero",
        2.8,
        512,
        "$$",
        ("11:00 AM", "10:30 PM"),
        "A loud sports pub near the ferry terminal: wings, burgers and every game on a dozen screens. Expect a wait.",
        "200 Steuart St, San Francisco, CA 94105",
        tags=["lunch", "dinner", "bar", "sports"],
        menu=[("Buffalo Wings", 15.0), ("Pub Burger", 17.0), ("Fish and Chips", 19.0), ("Loaded Nachos", 14.0)],
    ),
    _r(
        "0f3a9c1e-6d2b-4f8a-b5c7-1e9d3a5f7b2c",
        "The Royal Dine",
        "French",
        "Nob Hill",
        4.8,
        1876,
        "$$$$",
        ("5:00 PM", "10:00 PM"),
        "Candlelit tasting menus under crystal chandeliers. Classic French technique, a 900-label wine list and "
        "white-glove service make it the city's favorite special-occasion room.",
        "905 California St, San Francisco, CA 94108",
        booked=["8:00 PM"],
        tags=["dinner", "fine dining", "tasting menu"],
        menu=[("Seven-Course Tasting Menu", 185.0), ("Duck a l'Orange", 58.0), ("Beef Wellington", 72.0), ("Grand Marnier Souffle", 18.0)],
    ),
    _r(
        "6e8d4b2a-9f1c-4d3e-8a7b-5c6d7e8f9a0b",
        "Expensive Taste",
        "Steakhouse",
        "Nob Hill",
        4.7,
        1432,
        "$$$$",
        ("5:00 PM", "10:30 PM"),
        "Dry-aged prime steaks carved tableside, caviar service and a leather-and-brass dining room for big nights out.",
        "1075 California St, San Francisco, CA 94108",
        tags=["dinner", "steak", "fine dining"],
        menu=[
            ("Dry-Aged Ribeye", 89.0),
            ("Filet Mignon", 76.0),
            ("Caviar Service", 120.0),
            ("Creamed Spinach", 14.0),
            ("Chocolate Lava Cake", 16.0),
        ],
    ),
    _r(
        "3c9e7a5b-2d4f-4e1a-9b8c-6f5e4d3c2b1a",
        "Vintage Bites",
        "American",
        "Haight-Ashbury",
        4.2,
        964,
        "$$",
        ("11:00 AM", "10:30 PM"),
        "Retro diner booths, vinyl on the turntable and updated American comfort food: fried chicken, meatloaf and thick shakes.",
        "1600 Haight St, San Francisco, CA 94117",
        booked=["6:30 PM"],
        tags=["lunch", "dinner", "comfort food"],
        menu=[("Buttermilk Fried Chicken", 24.0), ("Meatloaf Plate", 21.0), ("Mac and Cheese", 15.0), ("Black and White Shake", 9.0)],
    ),
    _r(
        "8b1d3f5a-7c9e-4b2d-a6f8-0e1c2d3b4a5f",
        "The Painted Lady",
        "New American",
        "Haight-Ashbury",
        4.3,
        707,
        "$$$",
        ("5:00 PM", "10:00 PM"),
        "Seasonal New American plates in a restored Victorian with a private dining room for groups of up to twelve.",
        "1735 Haight St, San Francisco, CA 94117",
        booked=["9:00 PM"],
        tags=["dinner", "private dining", "groups"],
        menu=[("Heirloom Tomato Salad", 17.0), ("Roast Half Chicken", 34.0), ("Braised Short Rib", 42.0), ("Olive Oil Cake", 13.0)],
    ),
    _r(
        "c2e4a6b8-0d1f-4a3c-8e5b-7d9f1a2c3e4b",
        "Himalayan Spice",
        "Indian",
        "Haight-Ashbury",
        4.0,
        588,
        "$$",
        ("11:30 AM", "9:00 PM"),
        "Nepali and North Indian cooking: momos, tandoori platters and slow-cooked curries in a cozy upstairs room.",
        "1759 Haight St, San Francisco, CA 94117",
        tags=["lunch", "dinner", "vegetarian"],
        menu=[("Chicken Momos", 13.0), ("Lamb Rogan Josh", 22.0), ("Saag Paneer", 17.0), ("Garlic Naan", 4.5)],
    ),
    _r(
        "4d6f8a0c-2e3b-4c5d-9f7e-8a9b0c1d2e3f",
        "Evening Delight",
        "Mediterranean",
        "Hayes Valley",
        4.5,
        1345,
        "$$$",
        ("4:00 PM", "10:30 PM"),
        "Mezze, wood-fired lamb and natural wines served under string lights. Early evening tables go fast.",
        "398 Hayes St, San Francisco, CA 94102",
        booked=["5:00 PM", "7:30 PM"],
        tags=["dinner", "mezze", "wine bar"],
        menu=[("Mezze Platter", 22.0), ("Wood-Fired Lamb Shoulder", 44.0), ("Charred Octopus", 26.0), ("Baklava", 10.0)],
    ),
    _r(
        "9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "Bistro Soleil",
        "French",
        "Hayes Valley",
        4.3,
        822,
        "$$",
        ("8:00 AM", "2:30 PM"),
        "A Parisian-style morning bistro: buttery croissants, croque madame and cafe au lait at marble tables.",
        "525 Hayes St, San Francisco, CA 94102",
        tags=["breakfast", "brunch", "lunch", "bakery"],
        menu=[("Croque Madame", 18.0), ("Butter Croissant", 5.0), ("Quiche Lorraine", 16.0), ("Cafe au Lait", 5.5)],
    ),
    _r(
        "7e9f1a3b-5c7d-4e2f-a8b9-c0d1e2f3a4b5",
        "Fancy Lights Bistro",
        "French",
        "Union Square",
        4.0,
        1019,
        "$$$",
        ("11:30 AM", "9:30 PM"),
        "Art deco brasserie under glowing marquee lights, steps from the theaters: steak frites, onion soup and pre-show menus.",
        "340 Mason St, San Francisco, CA 94102",
        tags=["lunch", "dinner", "pre-theater"],
        menu=[("French Onion Soup", 14.0), ("Steak Frites", 36.0), ("Moules Marinieres", 28.0), ("Creme Brulee", 12.0)],
    ),
    _r(
        "1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b",
        "The Golden Spoon",
        "American",
        "Union Square",
        3.4,
        436,
        "$$",
        ("11:00 AM", "9:30 PM"),
        "A busy all-American grill for shoppers and office crowds: burgers, cobb salads and club sandwiches.",
        "150 Powell St, San Francisco, CA 94102",
        tags=["lunch", "dinner", "burgers"],
        menu=[("Classic Cheeseburger", 16.0), ("Cobb Salad", 17.0), ("Club Sandwich", 15.0), ("Apple Pie", 8.0)],
    ),
    _r(
        "2a3b4c5d-6e7f-4809-9a1b-2c3d4e5f6a7b",
        "Trattoria Roma",
        "Italian",
        "Union Square",
        3.7,
        690,
        "$$",
        ("12:00 PM", "10:00 PM"),
        "Roman-style Italian trattoria: cacio e pepe, carbonara and supplì, with checkered tablecloths and a lively lunch crowd.",
        "480 Geary St, San Francisco, CA 94102",
        booked=["12:30 PM", "1:00 PM"],
        tags=["lunch", "dinner", "pasta"],
        menu=[("Cacio e Pepe", 21.0), ("Spaghetti Carbonara", 22.0), ("Suppli", 10.0), ("Tiramisu", 11.0)],
    ),
    _r(
        "b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d6e",
        "Yellowy Bistro",
        "Italian",
        "North Beach",
        4.5,
        1163,
        "$$",
        ("11:00 AM", "9:30 PM"),
        "A bright and cheerful Italian bistro with sunny decor and sidewalk tables on Columbus Avenue: fresh pasta and grilled fish.",
        "566 Columbus Ave, San Francisco, CA 94133",
        booked=["7:00 PM"],
        tags=["lunch", "dinner", "pasta"],
        menu=[("Linguine Carbonara", 23.0), ("Grilled Salmon", 29.0), ("Margherita Pizza", 18.0), ("Panna Cotta", 10.0)],
    ),
    _r(
        "c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f",
        "Luigi's Trattoria",
        "Italian",
        "North Beach",
        4.4,
        1508,
        "$$",
        ("11:30 AM", "10:00 PM"),
        "Family-run Italian since 1962: hand-rolled gnocchi, veal piccata and a red-sauce classic for every table.",
        "1420 Grant Ave, San Francisco, CA 94133",
        tags=["lunch", "dinner", "family style"],
        menu=[("Potato Gnocchi", 20.0), ("Veal Piccata", 32.0), ("Lasagna Bolognese", 24.0), ("Cannoli", 9.0)],
    ),
    _r(
        "d5e6f7a8-b9c0-4d1e-8f2a-3b4c5d6e7f8a",
        "Nonna's Table",
        "Italian",
        "Castro",
        3.2,
        301,
        "$$",
        ("5:00 PM", "9:30 PM"),
        "A small dinner-only Italian kitchen with homestyle lasagna, meatballs and a short list of house wines.",
        "4072 18th St, San Francisco, CA 94114",
        tags=["dinner", "pasta"],
        menu=[("Nonna's Meatballs", 16.0), ("Baked Ziti", 19.0), ("Chicken Parmigiana", 25.0), ("Affogato", 8.0)],
    ),
    _r(
        "e6f7a8b9-c0d1-4e2f-9a3b-4c5d6e7f8a9b",
        "Sushi Zen",
        "Japanese",
        "SoMa",
        4.6,
        1720,
        "$$$",
        ("11:30 AM", "9:30 PM"),
        "Edomae omakase at a twelve-seat hinoki counter plus a quiet dining room for sushi, sashimi and sake.",
        "88 Townsend St, San Francisco, CA 94107",
        booked=["7:00 PM", "7:30 PM"],
        tags=["lunch", "dinner", "sushi", "omakase"],
        menu=[("Chef's Omakase", 145.0), ("Salmon Nigiri", 9.0), ("Chirashi Bowl", 38.0), ("Miso Soup", 5.0)],
    ),
    _r(
        "f7a8b9c0-d1e2-4f3a-8b4c-5d6e7f8a9b0c",
        "Bar Central",
        "American",
        "SoMa",
        2.5,
        389,
        "$",
        ("12:00 PM", "10:30 PM"),
        "A no-frills bar and grill with pool tables, happy hour pitchers and late-night fries.",
        "1000 Folsom St, San Francisco, CA 94103",
        tags=["lunch", "dinner", "bar", "late night"],
        menu=[("Bar Burger", 13.0), ("Chili Cheese Fries", 9.0), ("Chicken Tenders", 12.0), ("Draft Beer", 7.0)],
    ),
    _r(
        "a8b9c0d1-e2f3-4a4b-9c5d-6e7f8a9b0c1d",
        "Bangkok Garden",
        "Thai",
        "SoMa",
        4.1,
        845,
        "$$",
        ("11:00 AM", "9:30 PM"),
        "Fragrant Thai curries, pad see ew and whole fried fish in a leafy garden room.",
        "720 Howard St, San Francisco, CA 94103",
        tags=["lunch", "dinner", "spicy"],
        menu=[("Green Curry", 17.0), ("Pad See Ew", 16.0), ("Tom Yum Soup", 12.0), ("Mango Sticky Rice", 9.0)],
    ),
    _r(
        "b9c0d1e2-f3a4-4b5c-8d6e-7f8a9b0c1d2e",
        "The Vegan Table",
        "Vegan",
        "Mission District",
        4.4,
        933,
        "$$",
        ("9:00 AM", "8:30 PM"),
        "Plant-based comfort food and bright bowls with the most vegetarian choices in town; everything is dairy-free.",
        "2300 Mission St, San Francisco, CA 94110",
        tags=["breakfast", "brunch", "lunch", "dinner", "vegetarian"],
        menu=[
            ("Jackfruit Tacos", 15.0),
            ("Buddha Bowl", 16.0),
            ("Cashew Mac", 15.0),
            ("Beyond Burger", 17.0),
            ("Lentil Soup", 9.0),
            ("Vegan Brownie", 7.0),
        ],
    ),
    _r(
        "c0d1e2f3-a4b5-4c6d-9e7f-8a9b0c1d2e3f",
        "Taco Loco",
        "Mexican",
        "Mission District",
        3.9,
        1267,
        "$",
        ("10:00 AM", "10:30 PM"),
        "Street-style tacos, burritos the size of your forearm and fresh aguas frescas on Valencia.",
        "3200 Valencia St, San Francisco, CA 94110",
        tags=["lunch", "dinner", "tacos"],
        menu=[("Carnitas Taco", 3.5), ("Al Pastor Taco", 4.0), ("Super Burrito", 13.0), ("Horchata", 4.0)],
    ),
    _r(
        "d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a",
        "Sunrise Diner",
        "Breakfast & Brunch",
        "Mission District",
        2.7,
        244,
        "$",
        ("7:00 AM", "1:30 PM"),
        "An early-bird diner for eggs any style, pancakes and bottomless drip coffee. Service can be slow.",
        "2800 24th St, San Francisco, CA 94110",
        tags=["breakfast", "brunch", "diner"],
        menu=[("Two Eggs Any Style", 11.0), ("Buttermilk Pancakes", 10.0), ("Corned Beef Hash", 14.0), ("Drip Coffee", 3.0)],
    ),
    _r(
        "e2f3a4b5-c6d7-4e8f-9a0b-1c2d3e4f5a6b",
        "Golden Griddle",
        "Breakfast & Brunch",
        "Castro",
        4.2,
        672,
        "$$",
        ("7:00 AM", "1:30 PM"),
        "Fluffy souffle pancakes, chilaquiles and house-roasted coffee from 7 AM in a sunlit corner spot.",
        "4001 18th St, San Francisco, CA 94114",
        booked=["9:00 AM"],
        tags=["breakfast", "brunch", "coffee"],
        menu=[("Souffle Pancakes", 16.0), ("Chilaquiles", 15.0), ("Eggs Benedict", 17.0), ("Cortado", 4.5)],
    ),
    _r(
        "f3a4b5c6-d7e8-4f9a-8b0c-2d3e4f5a6b7c",
        "Olive & Vine",
        "Mediterranean",
        "Castro",
        3.8,
        410,
        "$$",
        ("11:30 AM", "9:30 PM"),
        "Greek and Lebanese small plates, grilled kebabs and a sunny back garden.",
        "4100 18th St, San Francisco, CA 94114",
        tags=["lunch", "dinner", "mezze"],
        menu=[("Lamb Kebab", 24.0), ("Falafel Plate", 16.0), ("Spanakopita", 12.0), ("Hummus Trio", 11.0)],
    ),
    _r(
        "a4b5c6d7-e8f9-4a0b-9c1d-3e4f5a6b7c8d",
        "Spacious Eats",
        "Chinese",
        "Chinatown",
        3.6,
        758,
        "$$",
        ("10:00 AM", "9:30 PM"),
        "A huge banquet hall with round tables for big families: dim sum carts by day, Peking duck by night.",
        "1050 Grant Ave, San Francisco, CA 94108",
        tags=["lunch", "dinner", "dim sum", "groups"],
        menu=[("Har Gow", 8.0), ("Peking Duck", 48.0), ("Salt and Pepper Squid", 19.0), ("Egg Tart", 4.0)],
    ),
    _r(
        "b5c6d7e8-f9a0-4b1c-8d2e-4f5a6b7c8d9e",
        "Dragon Palace",
        "Chinese",
        "Chinatown",
        3.3,
        519,
        "$$",
        ("11:00 AM", "9:30 PM"),
        "Sichuan and Cantonese classics under red lanterns: mapo tofu, kung pao chicken and sizzling platters.",
        "838 Grant Ave, San Francisco, CA 94108",
        tags=["lunch", "dinner", "spicy"],
        menu=[("Mapo Tofu", 15.0), ("Kung Pao Chicken", 17.0), ("Dan Dan Noodles", 13.0), ("Sesame Balls", 6.0)],
    ),
    _r(
        "c6d7e8f9-a0b1-4c2d-9e3f-5a6b7c8d9e0f",
        "Midnight Ramen",
        "Japanese",
        "Mission District",
        4.0,
        1102,
        "$$",
        ("5:00 PM", "10:30 PM"),
        "Rich tonkotsu and spicy miso ramen ladled until late, with izakaya snacks and Japanese whisky.",
        "3050 16th St, San Francisco, CA 94103",
        tags=["dinner", "ramen", "late night"],
        menu=[("Tonkotsu Ramen", 18.0), ("Spicy Miso Ramen", 18.0), ("Karaage", 11.0), ("Gyoza", 9.0)],
    ),
]

_BY_ID = {r["id"]: r for r in RESTAURANTS}


def restaurant_by_id(rid: str) -> dict | None:
    return _BY_ID.get(rid)


def catalog_number(restaurant: dict) -> int:
    """1-based position of the restaurant in the catalog (the booking's `index`)."""
    return RESTAURANTS.index(restaurant) + 1


def cuisines() -> list[str]:
    return sorted({r["food_type"] for r in RESTAURANTS})


def seating_times(restaurant: dict) -> list[str]:
    """Every half-hour seating from the first to the last, e.g. ['11:00 AM', ..., '9:30 PM']."""
    first, last = minutes(restaurant["first_seating"]), minutes(restaurant["last_seating"])
    return [clock(t) for t in range(first, last + 1, 30)]


def is_open_at(restaurant: dict, time: str) -> bool:
    return minutes(restaurant["first_seating"]) <= minutes(time) <= minutes(restaurant["last_seating"])


def is_available(restaurant: dict, time: str) -> bool:
    """A table can be booked: seated at that time and not fully booked (the same times every day)."""
    return is_open_at(restaurant, time) and time not in restaurant["booked"]


def slots_near(restaurant: dict, time: str, spread: int = 2) -> list[dict]:
    """Half-hour seatings within `spread` steps of `time` that the restaurant serves: [{time, available}]."""
    centre = minutes(time)
    out = []
    for step in range(-spread, spread + 1):
        when = clock(centre + 30 * step)
        if 0 <= centre + 30 * step < 24 * 60 and is_open_at(restaurant, when):
            out.append({"time": when, "available": when not in restaurant["booked"]})
    return out


def search_restaurants(query: str, *, cuisine: str = "", area: str = "") -> list[dict]:
    """Restaurants whose name, cuisine, neighborhood or tags hold every word of `query` (all when blank)."""
    words = [w for w in query.lower().replace(",", " ").split() if w]
    found = []
    for r in RESTAURANTS:
        text = " ".join([r["name"], r["food_type"], r["area"], " ".join(r["tags"])]).lower()
        text_ascii = text.replace("é", "e")
        if all(w in text or w in text_ascii for w in words):
            if (not cuisine or r["food_type"] == cuisine) and (not area or r["area"] == area):
                found.append(r)
    return found


def top_rated(limit: int = 6) -> list[dict]:
    return sorted(RESTAURANTS, key=lambda r: (-r["rating"], -r["reviews"]))[:limit]


def lunch_now() -> list[dict]:
    """Restaurants seating at 12:00 PM, most reviewed first (the home page's lunch row)."""
    return sorted((r for r in RESTAURANTS if is_open_at(r, "12:00 PM") and "lunch" in r["tags"]), key=lambda r: -r["reviews"])


REVIEW_LINES = {
    5: ["Flawless from start to finish. Already planning our next visit.", "Best meal we've had in the city this year."],
    4: ["Really good food and friendly staff; a little noisy at peak hours.", "Solid choice, generous portions, would come back."],
    3: ["Decent but nothing memorable. Service was slow that night.", "Some dishes great, others just okay."],
    2: ["Long wait even with a reservation and the food came out cold.", "Overpriced for what you get."],
}
REVIEWERS = ["Maya R.", "Daniel K.", "Priya S.", "Tom W.", "Lena G.", "Carlos M."]


def reviews_for(restaurant: dict) -> list[dict]:
    """Three short reviews around the restaurant's rating (deterministic)."""
    base = round(restaurant["rating"])
    seed = sum(map(ord, restaurant["id"]))
    out = []
    for k, delta in enumerate((0, 1, -1)):
        stars = max(1, min(5, base + delta))
        lines = REVIEW_LINES[max(2, min(5, stars))]
        out.append(
            {
                "author": REVIEWERS[(seed + k) % len(REVIEWERS)],
                "stars": stars,
                "text": lines[(seed + k) % len(lines)],
                "dined": ["July 12, 2024", "July 6, 2024", "June 28, 2024"][k],
            }
        )
    return out
