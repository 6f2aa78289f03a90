"""Scripted solutions for DashDish's eleven v2 tasks, and plausible wrong ones (see halo_lib/sites/expert.py).

Every step goes through the site as a hungry user would: search (or open a restaurant from the home page),
open a dish, pick its size and quantity, add it to the cart, go to checkout, choose Delivery or Pickup,
Standard or Express and the tip, read the total, place the order, and answer from the confirmation page.
Elements are found by role and accessible name only.

Totals the solutions reach (fees, tax and tip included; see app.charges):
    dashdish-1   Dan Dan Noodles, delivery                 $20.00  (< $26)
    dashdish-3   Hot-N-Ready Pepperoni Pizza, delivery     $14.25  (< $30)
    dashdish-4   Classic Chicken Sandwich, delivery        $14.87  (< $25)
    dashdish-7   Lemon Pepper Wings 6 pc (Wingstop)        $16.52
    dashdish-8   2 Carne Asada Burritos (Taco Boys)        $30.39  ($21.98 of food)
    dashdish-10  Fries (Regular), delivery                 $11.42  (< $15)
    dashdish-11  Turkey Breast Sub, Footlong               $16.46  (< $30)
    dashdish-12  Chicken Fried Rice, delivery              $17.84  (< $30)
    dashdish-17  Lemon Pepper + Original Hot, 6 pc, Express $29.22
    dashdish-24  Rotisserie Chicken Sandwich               $18.20  (< $30)
    dashdish-26  Lemon Pepper Wings 10 pc, Pickup          $15.21  (< $35)

`MISTAKES` are episodes a careless agent could produce; each one is graded 0 by the task's own script.

    .venv/bin/halo eval --mode expert --tasks dashdish --out /tmp/dashdish_run --sites-port 9100
    .venv/bin/python -m pytest tests/integration/test_replica_tasks.py -k dashdish -q
"""

from __future__ import annotations

import re

from halo_lib.sites.expert import Answer, Click, Fill, Press, Select, Target

SEARCH = Target("searchbox", "Search DashDish")


# ---- steps a user repeats -------------------------------------------------------------------------------
def search(query: str):
    yield Fill(SEARCH, query)  # a fill or click that timed out on a busy machine is retried by the runner
    view = yield Press(SEARCH, "Enter")
    return view


def open_restaurant(name: str):
    """From the home page (the logo link first), open a restaurant by its name."""
    yield Click(Target("link", "DashDish home"))
    view = yield Click(Target("link", name))
    return view


def add_dish(dish: str, size: str | None = None, quantity: int = 1):
    """On a menu or search results: open `dish` (exact name), pick its size and quantity, add it to the cart."""
    yield Click(Target("link", dish))
    if size is not None:
        yield Click(Target("radio", contains=size))
    if quantity != 1:
        yield Select(Target("combobox", "Quantity"), str(quantity))
    view = yield Click(Target("button", "Add to cart"))
    return view


def to_checkout():
    yield Click(Target("link", contains="Cart,"))
    view = yield Click(Target("link", "Go to checkout"))
    return view


def place_order():
    view = yield Click(Target("button", contains="Place order"))
    return view


def order_number(view) -> str:
    for node in view.nodes:
        if re.fullmatch(r"DD-[A-Z0-9]{6}", node.name or ""):
            return node.name
    return ""


def total(view) -> str:
    """The total on a checkout page, from its "Place order · $x" button."""
    for node in view.nodes:
        if node.role == "button" and (node.name or "").startswith("Place order"):
            return node.name.rpartition(" ")[2]
    return ""


def confirm(view, what: str, amount: str = ""):
    number = order_number(view)
    yield Answer(f"I ordered {what}" + (f" for {amount} in total" if amount else "") + "." + (f" Order number {number}." if number else ""))


def checkout_and_place(what: str, *choices: str):
    """Go to checkout, press each choice button (by name start: "Pickup", "Express", "No tip"...), place it."""
    view = yield from to_checkout()
    for choice in choices:
        view = yield Click(Target("button", contains=choice))
    amount = total(view)
    view = yield from place_order()
    yield from confirm(view, what, amount)


# ---- solutions ------------------------------------------------------------------------------------------
def dashdish_1(view):
    yield from search("noodles")
    yield from add_dish("Dan Dan Noodles")  # $12.95: $20.00 delivered; Beef Noodle Soup (Large) would pass $26
    yield from checkout_and_place("Dan Dan Noodles from Mian Noodle Bar, delivered")


def dashdish_3(view):
    yield from search("pizza")
    yield from add_dish("Hot-N-Ready Pepperoni Pizza")
    yield from checkout_and_place("a Hot-N-Ready Pepperoni Pizza from Little Caesars, delivered")


def dashdish_4(view):
    yield from search("chicken sandwich")
    yield from add_dish("Classic Chicken Sandwich")
    yield from checkout_and_place("a Classic Chicken Sandwich from Crispy Coop, delivered")


def dashdish_7(view):
    yield from open_restaurant("Wingstop")
    yield from add_dish("Lemon Pepper Wings", size="6 pc")
    yield from checkout_and_place("6 Lemon Pepper Wings from Wingstop, delivered")


def dashdish_8(view):
    yield from open_restaurant("Taco Boys")
    yield from add_dish("Carne Asada Burrito", quantity=2)  # $21.98 of food
    yield from checkout_and_place("2 Carne Asada Burritos ($21.98 of food) from Taco Boys, delivered")


def dashdish_10(view):
    yield from search("fries")
    yield from add_dish("Fries", size="Regular")  # Burger Barn's $3.99 fries: $11.42 delivered
    yield from checkout_and_place("regular Fries from Burger Barn, delivered")


def dashdish_11(view):
    yield from search("sub")
    yield from add_dish("Turkey Breast Sub", size="Footlong")
    yield from checkout_and_place("a Footlong Turkey Breast Sub from Subway, delivered")


def dashdish_12(view):
    yield from search("fried rice")
    yield from add_dish("Chicken Fried Rice", size="Regular")
    yield from checkout_and_place("Chicken Fried Rice from Panda Wok, delivered")


def dashdish_17(view):
    yield from open_restaurant("Wingstop")
    yield from add_dish("Lemon Pepper Wings", size="6 pc")
    yield from add_dish("Original Hot Wings", size="6 pc")
    yield from checkout_and_place("6 Lemon Pepper Wings and 6 Original Hot Wings from Wingstop with Express delivery", "Express")


def dashdish_24(view):
    yield from search("rotisserie chicken sandwich")
    yield from add_dish("Rotisserie Chicken Sandwich")
    yield from checkout_and_place("a Rotisserie Chicken Sandwich from Golden Spit Rotisserie, delivered")


def dashdish_26(view):
    yield from open_restaurant("Wingstop")
    yield from add_dish("Lemon Pepper Wings", size="10 pc")
    yield from checkout_and_place("10 Lemon Pepper Wings from Wingstop for pickup", "Pickup")


SOLUTIONS = {
    "dashdish-1": dashdish_1,
    "dashdish-3": dashdish_3,
    "dashdish-4": dashdish_4,
    "dashdish-7": dashdish_7,
    "dashdish-8": dashdish_8,
    "dashdish-10": dashdish_10,
    "dashdish-11": dashdish_11,
    "dashdish-12": dashdish_12,
    "dashdish-17": dashdish_17,
    "dashdish-24": dashdish_24,
    "dashdish-26": dashdish_26,
}


# ---- plausible wrong episodes (each graded 0 by the task's script) --------------------------------------
def large_beef_noodle_soup(view):  # dashdish-1: $26.19 delivered, not under $26
    yield from search("noodles")
    yield from add_dish("Beef Noodle Soup", size="Large")
    yield from checkout_and_place("a large Beef Noodle Soup")


def fried_rice_not_noodles(view):  # dashdish-1: fried rice is no noodle dish
    yield from search("fried rice")
    yield from add_dish("Chicken Fried Rice", size="Regular")
    yield from checkout_and_place("Chicken Fried Rice")


def big_supreme_pizza(view):  # dashdish-3: a 16" Supreme from Tony's is $43.60 delivered
    yield from search("pizza")
    yield from add_dish("Supreme Pizza", size='16"')
    yield from checkout_and_place("a 16-inch Supreme Pizza")


def chicken_tenders(view):  # dashdish-4: tenders are not a sandwich
    yield from search("chicken")
    yield from add_dish("Chicken Tenders (4)")
    yield from checkout_and_place("4 chicken tenders")


def wing_haus_lemon_pepper(view):  # dashdish-7: lemon pepper wings, but from Wing Haus
    yield from search("lemon pepper wings")
    yield Click(Target("link", "Lemon Pepper Wings", nth=-1))  # the second result is Wing Haus's
    yield Click(Target("button", "Add to cart"))
    yield from checkout_and_place("Lemon Pepper Wings")


def one_taco(view):  # dashdish-8: $9.62 in all, not $20 worth
    yield from open_restaurant("Taco Boys")
    yield from add_dish("Carne Asada Taco")
    yield from checkout_and_place("a Carne Asada Taco from Taco Boys")


def loaded_fries_express(view):  # dashdish-10: $22.91 with Express and a 20% tip
    yield from search("fries")
    yield from add_dish("Loaded Chili Cheese Fries", size="Large")
    yield from checkout_and_place("large Loaded Chili Cheese Fries", "Express", "20%")


def wrap_not_sub(view):  # dashdish-11: a wrap is not a sub
    yield from search("wrap")
    yield from add_dish("Chicken Avocado Wrap")
    yield from checkout_and_place("a Chicken Avocado Wrap")


def biryani_and_naan(view):  # dashdish-12: the naan has no rice
    yield from search("biryani")
    yield from add_dish("Chicken Biryani", size="Regular")
    # adding a dish goes back to the restaurant's menu, where the naan is
    yield from add_dish("Garlic Naan")
    yield from checkout_and_place("Chicken Biryani and Garlic Naan")


def wings_standard_delivery(view):  # dashdish-17: two flavors, but Standard delivery
    yield from open_restaurant("Wingstop")
    yield from add_dish("Lemon Pepper Wings", size="6 pc")
    yield from add_dish("Original Hot Wings", size="6 pc")
    yield from checkout_and_place("two kinds of wings")


def one_flavor_twice(view):  # dashdish-17: the same flavor twice is one type
    yield from open_restaurant("Wingstop")
    yield from add_dish("Lemon Pepper Wings", size="6 pc", quantity=2)
    yield from checkout_and_place("two orders of wings with Express delivery", "Express")


def crispy_not_rotisserie(view):  # dashdish-24: the other chicken sandwich
    yield from open_restaurant("Golden Spit Rotisserie")
    yield from add_dish("Crispy Chicken Sandwich")
    yield from checkout_and_place("a chicken sandwich")


def wingstop_delivered(view):  # dashdish-26: delivered, not picked up
    yield from open_restaurant("Wingstop")
    yield from add_dish("Lemon Pepper Wings", size="10 pc")
    yield from checkout_and_place("10 Lemon Pepper Wings from Wingstop")


def wingstop_family_pack_pickup(view):  # dashdish-26: $65.24, over $35
    yield from open_restaurant("Wingstop")
    yield from add_dish("50 pc Wing Family Pack")
    yield from checkout_and_place("the 50 pc Wing Family Pack for pickup", "Pickup")


MISTAKES = {
    "dashdish-1": [large_beef_noodle_soup, fried_rice_not_noodles],
    "dashdish-3": [big_supreme_pizza],
    "dashdish-4": [chicken_tenders],
    "dashdish-7": [wing_haus_lemon_pepper],
    "dashdish-8": [one_taco],
    "dashdish-10": [loaded_fries_express],
    "dashdish-11": [wrap_not_sub],
    "dashdish-12": [biryani_and_naan],
    "dashdish-17": [wings_standard_delivery, one_flavor_twice],
    "dashdish-24": [crispy_not_rotisserie],
    "dashdish-26": [wingstop_delivered, wingstop_family_pack_pickup],
}
