"""Scripted solutions for Omnizon's ten v2 tasks, and plausible wrong ones (see halo_lib/sites/expert.py).

Every step goes through the store's UI as a shopper would: type in the search box, open a result by its
title, pick a quantity, add to cart (or Buy Now), proceed to checkout, place the order, and answer from the
confirmation page. Elements are found by role and accessible name only.

`MISTAKES` are episodes a careless agent could produce; each one is graded 0 by the task's own script
(other product, wrong quantity, an extra item, a missing item, a price outside the range, no order placed).

    .venv/bin/halo eval --mode expert --tasks omnizon --out /tmp/omz_run --sites-port 8701
    .venv/bin/python -m pytest tests/integration/test_replica_tasks.py -k omnizon -q
"""

from __future__ import annotations

from halo_lib.sites.expert import Answer, Click, Fill, Press, Select, Target

SEARCH = Target("searchbox", "Search Omnizon")


# ---- steps a shopper repeats ----------------------------------------------------------------------------
def search(query: str):
    yield Fill(SEARCH, query)
    view = yield Press(SEARCH, "Enter")
    return view


def open_result(title_part: str):
    view = yield Click(Target("link", contains=title_part))
    return view


def add_to_cart(quantity: int = 1):
    if quantity != 1:
        yield Select(Target("combobox", "Quantity"), str(quantity))
    view = yield Click(Target("button", "Add to Cart"))
    return view


def buy(query: str, title_part: str, quantity: int = 1):
    """Search, open the result whose title holds `title_part`, add `quantity` to the cart."""
    yield from search(query)
    yield from open_result(title_part)
    view = yield from add_to_cart(quantity)
    return view


def checkout():
    yield Click(Target("button", "Proceed to checkout"))
    view = yield Click(Target("button", "Place your order"))
    return view


def order_number(view) -> str:
    """The order number as the confirmation page shows it (for the final answer)."""
    for node in view.nodes:
        if node.name.startswith("113-"):
            return node.name
    return ""


def confirm(view, what: str):
    number = order_number(view)
    yield Answer(f"I ordered {what}." + (f" Order number {number}." if number else ""))


# ---- solutions ------------------------------------------------------------------------------------------
def omnizon_3(view):
    yield from buy("headphones", "JBL Tune 510BT")  # $29.95: above $24 and below $100
    view = yield from checkout()
    yield from confirm(view, "the JBL Tune 510BT Wireless On-Ear Headphones for $29.95")


def omnizon_9(view):
    yield Click(Target("link", "Video Games"))
    yield from open_result("Xbox Wireless Controller")
    yield from add_to_cart()
    view = yield from checkout()
    yield from confirm(view, "an Xbox Wireless Controller for $59.99")


def omnizon_13(view):
    yield from buy("cooking pot", "Stock Pot")
    view = yield from checkout()
    yield from confirm(view, "the Cuisinart 8-Quart Stainless Steel Stock Pot")


def omnizon_15(view):
    yield from buy("sports balls", "Ball Pack")
    view = yield from checkout()
    yield from confirm(view, "the Franklin Sports 4-pack of balls (basketball, football, soccer ball and volleyball)")


def omnizon_17(view):
    yield from buy("neck pillow", "Cervical Neck Pillow")
    view = yield from checkout()
    yield from confirm(view, "one ZAMAT Contour Memory Foam Cervical Neck Pillow")


def omnizon_24(view):
    yield from search("gaming controllers")  # shows the Xbox, Switch Pro and PS5 DualSense controllers
    yield from open_result("DualSense")
    yield from add_to_cart(2)
    view = yield from checkout()
    yield from confirm(view, "2 PlayStation DualSense Wireless Controllers for PS5 (the store also has Xbox and Switch Pro controllers)")


def omnizon_25(view):
    yield from buy("apron", "Apron")
    yield from buy("cooking pot", "Stock Pot")
    view = yield from checkout()
    yield from confirm(view, "a cotton kitchen apron and an 8-quart stainless steel stock pot")


def omnizon_28(view):
    yield from search("silverware set")
    yield from open_result("Silverware Set")
    yield Click(Target("button", "Buy Now"))
    view = yield Click(Target("button", "Place your order"))
    yield from confirm(view, "the Lianyu 20-Piece Silverware Set")


def omnizon_29(view):
    yield from buy("40 inch desk", "40 Inch Computer Desk")
    yield from buy("office chair", "Mid-Back Office Desk Chair")
    view = yield from checkout()
    yield from confirm(view, "the Coleshome 40 Inch Computer Desk and an Omnizon Basics office chair")


def omnizon_30(view):
    yield from search("bed frame")
    yield from open_result("Queen Size")
    yield from add_to_cart()
    view = yield from checkout()
    yield from confirm(view, "the ZINUS Queen Size Metal Platform Bed Frame")


SOLUTIONS = {
    "omnizon-3": omnizon_3,
    "omnizon-9": omnizon_9,
    "omnizon-13": omnizon_13,
    "omnizon-15": omnizon_15,
    "omnizon-17": omnizon_17,
    "omnizon-24": omnizon_24,
    "omnizon-25": omnizon_25,
    "omnizon-28": omnizon_28,
    "omnizon-29": omnizon_29,
    "omnizon-30": omnizon_30,
}


# ---- plausible wrong episodes (each graded 0 by the task's script) --------------------------------------
def headphones_too_expensive(view):  # omnizon-3: $398 is not below $100
    yield from buy("headphones", "Sony WH-1000XM5")
    yield from checkout()
    yield Answer("I ordered the Sony WH-1000XM5 headphones.")


def headphones_too_cheap(view):  # omnizon-3: $14.99 is not above $24
    yield from buy("headphones", "Kids Wired Headphones")
    yield from checkout()
    yield Answer("I ordered the LilGadgets kids headphones.")


def gaming_console_over_100(view):  # omnizon-9: $499.99 is not under $100
    yield from buy("gaming console", "PlayStation 5 Console")
    yield from checkout()
    yield Answer("I ordered a PlayStation 5 console.")


def frying_pan_not_pot(view):  # omnizon-13: a fry pan is not one of the cooking pots
    yield from buy("pan", "Fry Pan")
    yield from checkout()
    yield Answer("I ordered a nonstick fry pan.")


def single_basketball(view):  # omnizon-15: one basketball is not the pack of balls
    yield from buy("basketball", "Street Outdoor Basketball")
    yield from checkout()
    yield Answer("I ordered a basketball.")


def two_neck_pillows(view):  # omnizon-17: two units, not one (raised in the cart)
    yield from buy("neck pillow", "Travel Neck Pillow")
    yield Select(Target("combobox", "Quantity", within=Target("listitem", contains="Neck Pillow")), "2")
    yield from checkout()
    yield Answer("I ordered two neck pillows.")


def neck_pillow_and_eye_mask(view):  # omnizon-17: an extra item in the order
    yield from buy("neck pillow", "Travel Neck Pillow")
    yield from buy("eye mask", "Sleep Eye Mask")
    yield from checkout()
    yield Answer("I ordered a neck pillow and an eye mask.")


def one_ps5_controller(view):  # omnizon-24: one controller instead of two
    yield from buy("ps5 controller", "DualSense")
    yield from checkout()
    yield Answer("I ordered a DualSense controller.")


def dualsense_and_xbox_controller(view):  # omnizon-24: the second controller is not a PS5 one
    yield from buy("gaming controllers", "DualSense")
    yield from buy("gaming controllers", "Xbox Wireless Controller")
    yield from checkout()
    yield Answer("I ordered two controllers.")


def two_aprons_and_pot(view):  # omnizon-25: two aprons instead of one
    yield from buy("apron", "Apron", quantity=2)
    yield from buy("cooking pot", "Stock Pot")
    yield from checkout()
    yield Answer("I ordered aprons and a pot.")


def pot_without_apron(view):  # omnizon-25: the apron is missing
    yield from buy("cooking pot", "Stock Pot")
    yield from checkout()
    yield Answer("I ordered a stock pot.")


def measuring_spoons(view):  # omnizon-28: measuring spoons are not a silverware set
    yield from buy("spoons", "Measuring Spoons")
    yield from checkout()
    yield Answer("I ordered a set of spoons.")


def silverware_left_at_checkout(view):  # omnizon-28: never placed the order
    yield from buy("silverware set", "Silverware Set")
    yield Click(Target("button", "Proceed to checkout"))
    yield Answer("The silverware set is ready at checkout.")


def wrong_desk_width(view):  # omnizon-29: a 47-inch desk, not the 40-inch one
    yield from buy("computer desk", "47 Inch Computer Desk")
    yield from buy("office chair", "Mid-Back Office Desk Chair")
    yield from checkout()
    yield Answer("I ordered a desk and an office chair.")


def desk_without_chair(view):  # omnizon-29: the chair is missing
    yield from buy("40 inch desk", "40 Inch Computer Desk")
    yield from checkout()
    yield Answer("I ordered the 40 inch desk.")


def bed_frame_not_ordered(view):  # omnizon-30: stopped at checkout
    yield from buy("bed frame", "Queen Size")
    yield Click(Target("button", "Proceed to checkout"))
    yield Answer("The queen bed frame is in your cart at checkout.")


MISTAKES = {
    "omnizon-3": [headphones_too_expensive, headphones_too_cheap],
    "omnizon-9": [gaming_console_over_100],
    "omnizon-13": [frying_pan_not_pot],
    "omnizon-15": [single_basketball],
    "omnizon-17": [two_neck_pillows, neck_pillow_and_eye_mask],
    "omnizon-24": [one_ps5_controller, dualsense_and_xbox_controller],
    "omnizon-25": [two_aprons_and_pot, pot_without_apron],
    "omnizon-28": [measuring_spoons, silverware_left_at_checkout],
    "omnizon-29": [wrong_desk_width, desk_without_chair],
    "omnizon-30": [bed_frame_not_ordered],
}
